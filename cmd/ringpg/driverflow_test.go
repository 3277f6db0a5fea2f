package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The application flow: every driver of the matrix (psycopg2, pgJDBC,
// node-postgres, pgx, lib/pq) runs the same application against ringpg
// and against PostgreSQL 15, directly and through PgBouncer in
// transaction mode, and the test requires identical transcripts. The
// flow creates a table of bytea, jsonb, numeric(20,6), timestamptz,
// text[] and int4[] columns, inserts rows with parameters in the driver's
// natural formats, reads them back and compares them in the driver's
// native types, updates with a parameter, runs a transaction with a
// savepoint and a rollback, executes a prepared statement several times,
// provokes a unique violation (23505) and copies rows out and in where the
// driver can. Each flow prints a deterministic transcript; timestamps are
// printed in UTC so that the servers' TimeZone does not matter.
//
// The Python, Java and JavaScript flows are programs in testdata/drivers
// (flow.py, Flow.java, flow.js) told where to connect by the FLOW_*
// environment variables; the pgx and lib/pq flows are Go code in
// flow_pgx_test.go and flow_libpq_test.go.

// flowTarget is where a flow connects and under what name it keeps its
// table; pooler says that a transaction-mode PgBouncer sits in between, so
// the driver must not rely on named prepared statements across
// transactions.
type flowTarget struct {
	port   int
	table  string
	pooler bool
}

func (tg flowTarget) env() []string {
	pooler := "0"
	if tg.pooler {
		pooler = "1"
	}
	return []string{"FLOW_HOST=127.0.0.1", fmt.Sprintf("FLOW_PORT=%d", tg.port), "FLOW_USER=postgres",
		"FLOW_DB=postgres", "FLOW_TABLE=" + tg.table, "FLOW_POOLER=" + pooler}
}

// goConnString is the connection string of the Go flows.
func (tg flowTarget) goConnString() string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable connect_timeout=10", tg.port)
}

// flowDriver runs one driver's flow against a target and returns its
// transcript.
type flowDriver struct {
	name string
	// prepare runs once per test before any flow (compiling, locating
	// modules); it may fail the test when the driver is not installed.
	prepare func(t *testing.T) flowEnv
	run     func(t *testing.T, e flowEnv, tg flowTarget) string
}

// flowEnv is what prepare found: the Java classes, node's module path.
type flowEnv struct {
	javaClasses, nodePath string
}

var flowDrivers = []flowDriver{
	{"psycopg2", func(t *testing.T) flowEnv {
		if out, err := exec.Command("/usr/bin/python3", "-c", "import psycopg2").CombinedOutput(); err != nil {
			t.Fatalf("psycopg2 is not installed (scripts/install-deps.sh installs python3-psycopg2): %v\n%s", err, out)
		}
		return flowEnv{}
	}, func(t *testing.T, e flowEnv, tg flowTarget) string {
		return runFlowProgram(t, tg, nil, "/usr/bin/python3", filepath.Join("testdata", "drivers", "flow.py"))
	}},
	{"pgjdbc", func(t *testing.T) flowEnv {
		return flowEnv{javaClasses: compileJava(t, "/usr/share/java", "Flow.java")}
	}, func(t *testing.T, e flowEnv, tg flowTarget) string {
		jar := filepath.Join("/usr/share/java", "postgresql.jar")
		return runFlowProgram(t, tg, nil, "java", "-cp", jar+string(os.PathListSeparator)+e.javaClasses, "Flow")
	}},
	{"node-postgres", func(t *testing.T) flowEnv {
		needTool(t, "node")
		dir := nodeModules(t)
		for _, m := range []string{"pg", "pg-copy-streams"} {
			if _, err := os.Stat(filepath.Join(dir, m, "package.json")); err != nil {
				t.Fatalf("%s is not installed in %s (scripts/install-deps.sh installs it): %v", m, dir, err)
			}
		}
		return flowEnv{nodePath: dir}
	}, func(t *testing.T, e flowEnv, tg flowTarget) string {
		return runFlowProgram(t, tg, []string{"NODE_PATH=" + e.nodePath}, "node", filepath.Join("testdata", "drivers", "flow.js"))
	}},
	{"pgx", func(t *testing.T) flowEnv { return flowEnv{} }, func(t *testing.T, e flowEnv, tg flowTarget) string {
		return pgxFlows(tg)
	}},
	{"libpq", func(t *testing.T) flowEnv { return flowEnv{} }, func(t *testing.T, e flowEnv, tg flowTarget) string {
		return libpqFlow(tg)
	}},
}

// runFlowProgram runs a flow program and returns its standard output; the
// program's standard error goes to the test log.
func runFlowProgram(t *testing.T, tg flowTarget, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(append(os.Environ(), tg.env()...), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Errorf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// compileJava compiles one source file of testdata/drivers against
// pgJDBC into a temporary directory.
func compileJava(t *testing.T, jarDir, src string) string {
	t.Helper()
	needTool(t, "javac")
	jar := filepath.Join(jarDir, "postgresql.jar")
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("pgJDBC is not installed (scripts/install-deps.sh installs libpostgresql-jdbc-java): %v", err)
	}
	dir := t.TempDir()
	out, err := exec.Command("javac", "-d", dir, "-cp", jar, filepath.Join("testdata", "drivers", src)).CombinedOutput()
	if err != nil {
		t.Fatalf("javac %s: %v\n%s", src, err, out)
	}
	return dir
}

// knownFlowGaps names the drivers whose flow still differs on ringpg, with
// the ringpg bug that makes it differ; their subtests compare, log the
// difference and skip instead of failing.
var knownFlowGaps = func() map[string]string {
	gaps := map[string]string{}
	for k, v := range gaps {
		gaps["pgbouncer/"+k] = v
	}
	return gaps
}()

// compareTranscripts fails (or, for a known gap, skips) when ringpg's
// transcript differs from PostgreSQL's.
func compareTranscripts(t *testing.T, key, want, got string) {
	t.Helper()
	if strings.TrimSpace(want) == "" {
		t.Fatalf("PostgreSQL 15's transcript is empty")
	}
	if want == got {
		return
	}
	diff := lineDiff(want, got)
	if why, ok := knownFlowGaps[key]; ok {
		t.Logf("transcripts differ :\n%s", diff)
		t.Skip("known: " + why)
	}
	t.Errorf("transcripts differ :\n%s", diff)
}

// TestDriverFlows runs each driver's flow directly against PostgreSQL 15
// and against ringpg and compares the transcripts.
func TestDriverFlows(t *testing.T) {
	pg := startPG15(t, "")
	s := startServer(t, "")
	for _, drv := range flowDrivers {
		t.Run(drv.name, func(t *testing.T) {
			e := drv.prepare(t)
			table := "flow_" + strings.ReplaceAll(drv.name, "-", "_")
			want := drv.run(t, e, flowTarget{port: pg.port, table: table})
			got := drv.run(t, e, flowTarget{port: s.port, table: table})
			t.Logf("transcript:\n%s", got)
			compareTranscripts(t, drv.name, want, got)
		})
	}
}

// runFlowsConcurrently runs every driver's flow at once against one
// target port, each on its own table, and returns the transcripts by
// driver name.
func runFlowsConcurrently(t *testing.T, envs map[string]flowEnv, port int, pooler bool) map[string]string {
	var mu sync.Mutex
	var wg sync.WaitGroup
	out := map[string]string{}
	for _, drv := range flowDrivers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			table := "pooled_" + strings.ReplaceAll(drv.name, "-", "_")
			got := drv.run(t, envs[drv.name], flowTarget{port: port, table: table, pooler: pooler})
			mu.Lock()
			out[drv.name] = got
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}
