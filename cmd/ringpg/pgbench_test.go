package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestPgbenchTPCB initialises pgbench's tables (COPY, ALTER TABLE ADD
// PRIMARY KEY, VACUUM), runs the TPC-B-like script with concurrent
// clients in every query mode, and checks pgbench's invariant: the
// accounts, tellers and branches balances and the history's deltas agree.
func TestPgbenchTPCB(t *testing.T) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		t.Skip("pgbench not installed")
	}
	s := startServer(t, "")
	port := strconv.Itoa(s.port)
	if out, err := exec.Command(pgbench, "-i", "-q", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "postgres").CombinedOutput(); err != nil {
		t.Fatalf("pgbench -i: %v\n%s", err, out)
	}
	c := s.mustConnect()
	if got := query(t, c, "select count(*) from pgbench_accounts"); got != "100000" {
		t.Fatalf("accounts after -i: %s", got)
	}
	modes := []string{"simple", "extended", "prepared"}
	race := os.Getenv("RINGPG_TEST_RACE") == "1"
	if race {
		// The race-built server is slow; one mode exercises the same
		// shared-memory paths.
		modes = modes[2:]
	}
	for _, mode := range modes {
		// -n: pgbench's own VACUUM and TRUNCATE of the history would
		// reset the history the invariant sums.
		out, err := exec.Command(pgbench, "-n", "-h", "127.0.0.1", "-p", port, "-U", "postgres",
			"-M", mode, "-c", "4", "-j", "2", "-t", "150", "postgres").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "number of transactions actually processed: 600/600") {
			t.Fatalf("pgbench -M %s: %v\n%s", mode, err, out)
		}
	}
	sums := query(t, c, `select (select sum(abalance) from pgbench_accounts) = (select sum(delta) from pgbench_history)
		and (select sum(bbalance) from pgbench_branches) = (select sum(delta) from pgbench_history)
		and (select sum(tbalance) from pgbench_tellers) = (select sum(delta) from pgbench_history),
		(select count(*) from pgbench_history)`)
	if want := fmt.Sprintf("t|%d", 600*len(modes)); sums != want {
		t.Fatalf("pgbench invariant: %s, want %s", sums, want)
	}
}

// pgbenchSeconds is how long each run of TestPgbenchScripts lasts:
// RINGPG_PGBENCH_SECONDS, by default 2 (the acceptance run uses 60).
func pgbenchSeconds() string {
	if v := os.Getenv("RINGPG_PGBENCH_SECONDS"); v != "" {
		return v
	}
	return "2"
}

// TestPgbenchScripts initialises with server-side data generation and
// foreign keys (-I dtGvpf), then runs each built-in script in each query
// mode with 8 clients for a few seconds, and requires that no transaction
// fails and that pgbench's balance invariant holds: after tpcb-like the
// accounts', tellers' and branches' balances each add up to the history's
// deltas; simple-update moves only accounts and the history.
func TestPgbenchScripts(t *testing.T) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		t.Fatalf("pgbench is not installed (scripts/install-deps.sh installs postgresql-client-15): %v", err)
	}
	if os.Getenv("RINGPG_TEST_RACE") == "1" {
		t.Skip("TestPgbenchTPCB covers the race-built server")
	}
	s := startServer(t, "")
	port := strconv.Itoa(s.port)
	if out, err := exec.Command(pgbench, "-i", "-I", "dtGvpf", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "postgres").CombinedOutput(); err != nil {
		t.Fatalf("pgbench -i -I dtGvpf: %v\n%s", err, out)
	}
	c := s.mustConnect()
	got := query(t, c, `select (select count(*) from pgbench_accounts), (select count(*) from pgbench_tellers),
		(select count(*) from pgbench_branches),
		(select count(*) from pg_constraint where contype = 'f' and conrelid::regclass::text like 'pgbench_%')`)
	if got != "100000|10|1|5" {
		t.Fatalf("after -I dtGvpf: accounts|tellers|branches|foreign keys = %s, want 100000|10|1|5", got)
	}
	invariant := `select (select sum(abalance) from pgbench_accounts) = (select sum(delta) from pgbench_history)
		and (select sum(bbalance) from pgbench_branches) = (select sum(delta) from pgbench_history)
		and (select sum(tbalance) from pgbench_tellers) = (select sum(delta) from pgbench_history)`
	for _, script := range []string{"tpcb-like", "simple-update", "select-only"} {
		for _, mode := range []string{"simple", "extended", "prepared"} {
			out, err := exec.Command(pgbench, "-n", "-b", script, "-M", mode, "-c", "8", "-j", "2", "-T", pgbenchSeconds(),
				"-h", "127.0.0.1", "-p", port, "-U", "postgres", "postgres").CombinedOutput()
			tps := ""
			for _, line := range strings.Split(string(out), "\n") {
				if strings.HasPrefix(line, "tps = ") || strings.HasPrefix(line, "number of transactions actually processed") {
					tps += strings.TrimSpace(line) + "; "
				}
			}
			t.Logf("pgbench -b %s -M %s: %s", script, mode, tps)
			if err != nil || !strings.Contains(string(out), "number of failed transactions: 0 ") {
				t.Fatalf("pgbench -b %s -M %s: %v\n%s", script, mode, err, out)
			}
		}
		if script == "tpcb-like" {
			if got := query(t, c, invariant); got != "t" {
				t.Fatalf("pgbench invariant after tpcb-like: %s", got)
			}
			// simple-update changes no teller or branch: from here on only
			// the accounts follow the history.
			invariant = `select (select sum(abalance) from pgbench_accounts) = (select sum(delta) from pgbench_history)`
		}
	}
	if got := query(t, c, invariant); got != "t" {
		t.Fatalf("accounts and history disagree after simple-update: %s", got)
	}
}

// TestStatementCancel: statement_timeout and a CancelRequest both stop a
// long statement with 57014, and the session goes on.
func TestStatementCancel(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	_, err := tryQuery(c, "set statement_timeout = '200ms'; select count(*) from generate_series(1, 500000000)")
	if sqlstate(err) != "57014" {
		t.Fatalf("statement_timeout: %v", err)
	}
	if got := query(t, c, "reset statement_timeout; select 1"); got != "1" {
		t.Fatalf("after timeout: %q", got)
	}
	done := make(chan error, 1)
	go func() {
		_, err := tryQuery(c, "select count(*) from generate_series(1, 500000000)")
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.CancelRequest(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if sqlstate(err) != "57014" {
			t.Fatalf("cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancel did not stop the statement")
	}
}

// TestTerminateRollsBack: pg_terminate_backend's SIGTERM ends a session
// that is idle inside a transaction holding a row lock; its transaction
// rolls back, the lock is released and the backend says why.
func TestTerminateRollsBack(t *testing.T) {
	s := startServer(t, "")
	a, b := s.mustConnect(), s.mustConnect()
	query(t, a, "create table term_t (id int primary key, v int); insert into term_t values (1, 0)")
	query(t, a, "begin; update term_t set v = 1 where id = 1")
	pid := a.PID()
	done := make(chan error, 1)
	go func() {
		_, err := tryQuery(b, "update term_t set v = 2 where id = 1")
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	if err := syscall.Kill(int(pid), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("waiting update: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the terminated session's row lock was never released")
	}
	if got := query(t, b, "select v from term_t"); got != "2" {
		t.Fatalf("v = %s, want 2 (the terminated update rolled back)", got)
	}
	if _, err := tryQuery(a, "select 1"); err == nil {
		t.Fatal("terminated session still answers")
	}
}

// TestRestartKeepsData: after a smart or fast shutdown the server writes
// its buffers and commit log out, so a restart finds every committed row
// and none of an uncommitted transaction's.
func TestRestartKeepsData(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "create table keep_t (id int primary key, v text); insert into keep_t select g, 'v' || g from generate_series(1, 5000) g")
	query(t, c, "update keep_t set v = 'changed' where id = 7; delete from keep_t where id > 4000")
	other := s.mustConnect()
	query(t, other, "begin; insert into keep_t values (9999, 'uncommitted')")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		if sig == syscall.SIGTERM { // a smart shutdown waits for its sessions
			c.Close(context.Background())
		}
		s.signal(sig)
		if !s.waitExit(20 * time.Second) {
			t.Fatalf("no exit after %v", sig)
		}
		s.start()
		s.waitReady()
		c = s.mustConnect()
		if got := query(t, c, "select count(*), max(id), (select v from keep_t where id = 7) from keep_t"); got != "4000|4000|changed" {
			t.Fatalf("after %v and a restart: %s", sig, got)
		}
	}
}

// TestCreateDatabase: a new database is a copy of template1 that sessions
// can use; a dropped one refuses connections.
func TestCreateDatabase(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "create database shop")
	if _, err := tryQuery(c, "create database shop"); sqlstate(err) != "42P04" {
		t.Fatalf("duplicate database: %v", err)
	}
	ctx := context.Background()
	d, err := pgconn.Connect(ctx, strings.Replace(s.connString(""), "dbname=postgres", "dbname=shop", 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := query(t, d, "create table items (id int primary key); insert into items values (1), (2); select count(*) from items"); got != "2" {
		t.Fatalf("in the new database: %s", got)
	}
	if _, err := tryQuery(c, "select count(*) from items"); sqlstate(err) != "42P01" {
		t.Fatalf("the new database's table is visible from postgres: %v", err)
	}
	if _, err := tryQuery(c, "drop database shop"); sqlstate(err) != "55006" {
		t.Fatalf("drop while connected: %v", err)
	}
	d.Close(ctx)
	if !eventually(5*time.Second, func() bool { _, err := tryQuery(c, "drop database shop"); return err == nil }) {
		t.Fatal("drop database never succeeded")
	}
	if _, err := pgconn.Connect(ctx, strings.Replace(s.connString(""), "dbname=postgres", "dbname=shop", 1)); sqlstate(err) != "3D000" {
		t.Fatalf("connect to a dropped database: %v", err)
	}
}

// TestIdleInTransactionTimeout: a session idle inside a transaction longer
// than idle_in_transaction_session_timeout is ended with 25P03 and its
// transaction rolled back; pg_locks shows locks while they are held.
func TestIdleInTransactionTimeout(t *testing.T) {
	s := startServer(t, "")
	a, b := s.mustConnect(), s.mustConnect()
	query(t, a, "create table idle_t (id int primary key); insert into idle_t values (1)")
	query(t, a, "set idle_in_transaction_session_timeout = '300ms'")
	query(t, a, "begin; lock table idle_t in share mode; insert into idle_t values (2)")
	if got := query(t, b, "select mode from pg_lock_status() where locktype = 'relation' and relation = 'idle_t'::regclass and granted order by 1"); !strings.Contains(got, "ShareLock") {
		t.Fatalf("pg_lock_status while held: %q", got)
	}
	released := eventually(5*time.Second, func() bool {
		got, err := tryQuery(b, "select count(*) from pg_lock_status() where relation = 'idle_t'::regclass")
		return err == nil && got == "0"
	})
	if !released {
		t.Fatal("the timed-out session's locks were never released")
	}
	if _, err := tryQuery(a, "select 1"); err == nil {
		t.Fatal("the idle transaction's session survived its timeout")
	}
	if got := query(t, b, "select count(*) from idle_t"); got != "1" {
		t.Fatalf("rows after the timed-out transaction: %s", got)
	}
	if got := query(t, b, "select pg_sleep(0.05)"); got != "" {
		t.Fatalf("pg_sleep: %q", got)
	}
}

// TestStatViews: pg_stat_activity shows the sessions from the proc array
// and pg_locks the lock manager's table.
func TestStatViews(t *testing.T) {
	s := startServer(t, "")
	a, b := s.mustConnect(), s.mustConnect()
	query(t, a, "create table sv (id int)")
	query(t, a, "begin; lock table sv in exclusive mode")
	got := query(t, b, fmt.Sprintf("select datname, usename, state from pg_stat_activity where pid = %d", a.PID()))
	if got != "postgres|postgres|idle in transaction" {
		t.Fatalf("pg_stat_activity: %q", got)
	}
	got = query(t, b, fmt.Sprintf("select mode, granted from pg_locks where relation = 'sv'::regclass and pid = %d", a.PID()))
	if got != "ExclusiveLock|t" {
		t.Fatalf("pg_locks: %q", got)
	}
}
