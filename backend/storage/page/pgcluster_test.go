package page

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// pgCluster is a scratch PostgreSQL 15 cluster made by initdb, reachable
// only through a Unix socket in its own directory. As root, the server
// programs run as the "postgres" OS user (PostgreSQL refuses root); psql
// runs as ourselves.
type pgCluster struct {
	t       *testing.T
	bin     string
	dir     string // owned by the server's user
	data    string
	sock    string
	cred    *syscall.Credential
	running bool
}

const pgPort = 54329 // only names the socket file in our own directory

// pgBinDir returns PostgreSQL 15's bin directory, or "" if absent.
func pgBinDir() string {
	for _, d := range []string{os.Getenv("PG15_BIN"), "/usr/lib/postgresql/15/bin"} {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

// newPGCluster runs initdb with data checksums, or skips the test when
// PostgreSQL 15 (or, as root, the postgres user) is not available.
func newPGCluster(t *testing.T) *pgCluster {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a PostgreSQL server; skipped with -short")
	}
	bin := pgBinDir()
	if bin == "" {
		t.Skip("PostgreSQL 15 not installed (set PG15_BIN)")
	}
	c := &pgCluster{t: t, bin: bin}
	dir, err := os.MkdirTemp("", "ringpg-page-pg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Getuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root and no postgres user to run PostgreSQL as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	c.dir, c.data, c.sock = dir, filepath.Join(dir, "data"), dir
	c.run("initdb", "-D", c.data, "-U", "postgres", "-A", "trust", "--data-checksums",
		"--locale=C", "-E", "UTF8", "--no-sync")
	t.Cleanup(func() {
		if c.running {
			c.stop()
		}
	})
	return c
}

// run runs one of the server's programs as the server's user.
func (c *pgCluster) run(prog string, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, prog), args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (c *pgCluster) start() {
	c.t.Helper()
	opts := fmt.Sprintf("-c listen_addresses='' -k %s -p %d -c autovacuum=off -c fsync=off", c.sock, pgPort)
	c.run("pg_ctl", "-D", c.data, "-w", "-l", filepath.Join(c.dir, "log"), "-o", opts, "start")
	c.running = true
}

// stop shuts the server down cleanly: the shutdown checkpoint writes
// every dirty page, each with its checksum.
func (c *pgCluster) stop() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data, "-w", "-m", "fast", "stop")
	c.running = false
}

// psql runs sql and returns its unaligned, tuples-only output rows with
// fields separated by '|'.
func (c *pgCluster) psql(sql string) [][]string {
	c.t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
		"-h", c.sock, "-p", strconv.Itoa(pgPort), "-U", "postgres", "-d", "postgres", "-c", sql)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("psql %q: %v\n%s", sql, err, stderr.String())
	}
	var rows [][]string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if l != "" {
			rows = append(rows, strings.Split(l, "|"))
		}
	}
	return rows
}
