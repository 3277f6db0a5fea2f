package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The driver matrix: psql (libpq), pgx, psycopg2, pgJDBC and node-postgres
// each connect over TLS with sslmode=verify-full against the test CA, as a
// SCRAM role and as an md5 role, run a query and check its answer, and are
// refused with a wrong password. The clients other than pgx are small
// programs in testdata/drivers that print "OK <value>" or
// "ERR <SQLSTATE or -> <message>". scripts/install-deps.sh installs every
// driver; one that is missing fails its subtest.

// driverConn is what a client is told to connect with.
type driverConn struct {
	port                 int
	user, password, ca   string
	query                string
	nodePath, jdbcJarDir string
	javaClasses          string // where compileJavaClient put Client.class
}

func (d driverConn) env() []string {
	return append(os.Environ(), "DRV_HOST=127.0.0.1", fmt.Sprintf("DRV_PORT=%d", d.port), "DRV_USER="+d.user,
		"DRV_PASSWORD="+d.password, "DRV_DB=postgres", "DRV_CA="+d.ca, "DRV_QUERY="+d.query)
}

// runClient runs a client program and returns its one line of output.
func runClient(t *testing.T, d driverConn, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(d.env(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// needTool fails the test when a driver is not installed.
func needTool(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath(path); err != nil {
		t.Fatalf("%s is not installed (scripts/install-deps.sh installs it): %v", path, err)
	}
}

// drivers maps each driver to a function that connects with d and returns
// the client's answer.
var drivers = []struct {
	name string
	run  func(t *testing.T, d driverConn) string
}{
	{"psql", func(t *testing.T, d driverConn) string {
		needTool(t, "psql")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", d.query,
			fmt.Sprintf("host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=verify-full sslrootcert=%s", d.port, d.user, d.ca))
		cmd.Env = append(os.Environ(), "PGPASSWORD="+d.password, "PGCONNECT_TIMEOUT=10")
		out, err := cmd.CombinedOutput()
		if err != nil {
			// libpq gives no SQLSTATE for a failed connection.
			return "ERR - " + strings.TrimSpace(strings.ReplaceAll(string(out), "\n", " "))
		}
		return "OK " + strings.TrimSpace(string(out))
	}},
	{"pgx", func(t *testing.T, d driverConn) string {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=postgres sslmode=verify-full sslrootcert=%s",
			d.port, d.user, d.password, d.ca))
		if err == nil {
			defer c.Close(ctx)
			var v string
			if err = c.QueryRow(ctx, d.query).Scan(&v); err == nil {
				return "OK " + v
			}
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return "ERR " + pe.Code + " " + pe.Severity + ":  " + pe.Message
		}
		return "ERR - " + err.Error()
	}},
	{"psycopg2", func(t *testing.T, d driverConn) string {
		// Debian's python3-psycopg2 belongs to the system interpreter, not
		// to another python3 that may come first on PATH.
		needTool(t, "/usr/bin/python3")
		if out, err := exec.Command("/usr/bin/python3", "-c", "import psycopg2").CombinedOutput(); err != nil {
			t.Fatalf("psycopg2 is not installed (scripts/install-deps.sh installs python3-psycopg2): %v\n%s", err, out)
		}
		return runClient(t, d, nil, "/usr/bin/python3", filepath.Join("testdata", "drivers", "client.py"))
	}},
	{"pgjdbc", func(t *testing.T, d driverConn) string {
		jar := filepath.Join(d.jdbcJarDir, "postgresql.jar")
		return runClient(t, d, nil, "java", "-cp", jar+string(os.PathListSeparator)+d.javaClasses, "Client")
	}},
	{"node-postgres", func(t *testing.T, d driverConn) string {
		needTool(t, "node")
		if _, err := os.Stat(filepath.Join(d.nodePath, "pg", "package.json")); err != nil {
			t.Fatalf("node-postgres is not installed in %s (scripts/install-deps.sh installs it): %v", d.nodePath, err)
		}
		return runClient(t, d, []string{"NODE_PATH=" + d.nodePath}, "node", filepath.Join("testdata", "drivers", "client.js"))
	}},
}

// compileJavaClient compiles testdata/drivers/Client.java once into a
// temporary directory, so that each connection costs a JVM start and not
// a compilation too.
func compileJavaClient(t *testing.T, jarDir string) string {
	t.Helper()
	needTool(t, "javac")
	jar := filepath.Join(jarDir, "postgresql.jar")
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("pgJDBC is not installed (scripts/install-deps.sh installs libpostgresql-jdbc-java): %v", err)
	}
	dir := t.TempDir()
	out, err := exec.Command("javac", "-d", dir, "-cp", jar, filepath.Join("testdata", "drivers", "Client.java")).CombinedOutput()
	if err != nil {
		t.Fatalf("javac Client.java: %v\n%s", err, out)
	}
	return dir
}

// nodeModules returns the node_modules directory that holds node-postgres:
// RINGPG_NODE_PREFIX/node_modules, by default under the user's cache
// directory, where scripts/install-deps.sh puts it with pg-copy-streams.
// When they are not there and npm is, the test installs them there itself.
func nodeModules(t *testing.T) string {
	prefix := os.Getenv("RINGPG_NODE_PREFIX")
	if prefix == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir()
		}
		prefix = filepath.Join(cache, "ringpg", "node")
	}
	dir := filepath.Join(prefix, "node_modules")
	_, errPg := os.Stat(filepath.Join(dir, "pg", "package.json"))
	_, errCopy := os.Stat(filepath.Join(dir, "pg-copy-streams", "package.json"))
	if errPg == nil && errCopy == nil {
		return dir
	}
	if _, err := exec.LookPath("npm"); err == nil {
		cmd := exec.Command("npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", "pg@8", "pg-copy-streams@7")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("npm install pg: %v\n%s", err, out)
		}
	}
	return dir
}

// TestDrivers: the driver matrix over TLS with sslmode=verify-full.
func TestDrivers(t *testing.T) {
	f := makeTLSFiles(t)
	s := startTLSServer(t, f)
	setup := s.mustConnect()
	query(t, setup, "create user alice password 'wonder'")
	query(t, setup, "set password_encryption = 'md5'")
	query(t, setup, "create user bob password 'builder'")
	hba := "local all all trust\n" +
		"host all postgres 127.0.0.1/32 trust\n" +
		"hostssl all alice 127.0.0.1/32 scram-sha-256\n" +
		"hostssl all bob 127.0.0.1/32 md5\n"
	if err := os.WriteFile(filepath.Join(s.dataDir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	s.signal(syscall.SIGHUP)
	if !eventually(10*time.Second, func() bool {
		_, err := s.tryTLS("sslmode=disable user=alice password=wonder")
		return sqlstate(err) == "28000"
	}) {
		t.Fatalf("pg_hba.conf not reloaded\n%s", s.log)
	}
	base := driverConn{port: s.port, ca: f.ca, nodePath: nodeModules(t), jdbcJarDir: "/usr/share/java",
		query: "select current_user || ' ' || (6 * 7)::text"}
	for _, drv := range drivers {
		t.Run(drv.name, func(t *testing.T) {
			if drv.name == "pgjdbc" {
				base.javaClasses = compileJavaClient(t, base.jdbcJarDir)
			}
			for _, tc := range []struct {
				name, user, password, want string
			}{
				{"scram", "alice", "wonder", "OK alice 42"},
				{"scram wrong password", "alice", "wrong", `28P01 password authentication failed for user "alice"`},
				{"md5", "bob", "builder", "OK bob 42"},
				{"md5 wrong password", "bob", "wrong", `28P01 password authentication failed for user "bob"`},
			} {
				d := base
				d.user, d.password = tc.user, tc.password
				got := drv.run(t, d)
				t.Logf("%s: %s", tc.name, got)
				if !driverAnswerMatches(got, tc.want) {
					t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
				}
			}
		})
	}
}

// driverAnswerMatches compares a client's answer with what a case wants:
// the exact "OK ..." line, or for a refusal the SQLSTATE (when the driver
// reports one; libpq's clients do not) and the message.
func driverAnswerMatches(got, want string) bool {
	if strings.HasPrefix(want, "OK ") {
		return got == want
	}
	code, msg, _ := strings.Cut(want, " ")
	if !strings.HasPrefix(got, "ERR ") || !strings.Contains(got, msg) {
		return false
	}
	gotCode, _, _ := strings.Cut(strings.TrimPrefix(got, "ERR "), " ")
	return gotCode == code || gotCode == "-"
}
