package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tagScript is pgbench's tpcb-like transaction with one change: the
// history row carries a tag naming the round, the client and the
// client's transaction number (pgbench variables live across a client's
// transactions), so that the log pgbench keeps of its completed
// transactions (-l) says exactly which rows must survive a crash.
const tagScript = `\set aid random(1, 100000 * :scale)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
\set n :n + 1
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime, filler) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP, 'r' || :round || '-' || :client_id || '-' || :n);
END;
`

// TestCrashRecovery kills, with SIGKILL, the postmaster, a backend in a
// session and the checkpointer, in turn, while pgbench runs the tpcb-like
// transaction with 8 clients and frequent checkpoints. After each restart
// every transaction pgbench saw committed is there, at most one more per
// client is (committed while the kill landed), and the balances add up.
func TestCrashRecovery(t *testing.T) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		t.Skip("pgbench not installed")
	}
	opts := []string{"-c", "max_wal_size=4", "-c", "min_wal_size=2", "-c", "checkpoint_timeout=30"}
	s := startServer(t, "", opts...)
	port := strconv.Itoa(s.port)
	if out, err := exec.Command(pgbench, "-i", "-q", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "postgres").CombinedOutput(); err != nil {
		t.Fatalf("pgbench -i: %v\n%s", err, out)
	}
	work := t.TempDir()
	script := filepath.Join(work, "tag.sql")
	if err := os.WriteFile(script, []byte(tagScript), 0o644); err != nil {
		t.Fatal(err)
	}
	victims := []string{"postmaster", "backend", "checkpointer", "backend", "postmaster"}
	modes := []string{"prepared", "simple", "prepared", "extended", "prepared"}
	if os.Getenv("RINGPG_TEST_RACE") == "1" {
		victims, modes = victims[:2], modes[:2]
	}
	acked := map[string]bool{}
	for round, victim := range victims {
		logDir := filepath.Join(work, strconv.Itoa(round))
		os.MkdirAll(logDir, 0o755)
		cmd := exec.Command(pgbench, "-n", "-f", script, "-D", "n=0", "-D", "round="+strconv.Itoa(round),
			"-l", "--log-prefix", filepath.Join(logDir, "log"),
			"-M", modes[round], "-c", "8", "-j", "2", "-T", "60",
			"-h", "127.0.0.1", "-p", port, "-U", "postgres", "postgres")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill once the round has committed something, at a random
		// point after that (the race-built server is slow to start).
		watch := s.mustConnect()
		if !eventually(60*time.Second, func() bool {
			n, err := tryQuery(watch, fmt.Sprintf("select count(*) from pgbench_history where filler like 'r%d-%%'", round))
			return err == nil && n != "0"
		}) {
			t.Fatalf("round %d: no commit within 60s\n%s", round, out.String())
		}
		watch.Close(context.Background())
		time.Sleep(time.Duration(300+rand.Intn(1500)) * time.Millisecond)
		if round == 1 {
			// A requested checkpoint in the middle of the traffic.
			c := s.mustConnect()
			query(t, c, "checkpoint")
		}
		s.killOne(t, victim)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("round %d: pgbench did not end after the %s was killed\n%s", round, victim, out.String())
		}
		n := readPgbenchLogs(t, logDir, round, acked)
		if n == 0 {
			t.Fatalf("round %d: pgbench completed no transaction before the kill\n%s\n%s", round, out.String(), s.log)
		}
		if victim == "postmaster" {
			s.start(opts...)
		}
		s.waitReady()
		c := s.mustConnect()
		rows := query(t, c, "select filler from pgbench_history where filler like 'r%'")
		present := map[string]bool{}
		for _, f := range strings.Split(rows, "\n") {
			if f = strings.TrimSpace(f); f != "" {
				present[f] = true
			}
		}
		for tag := range acked {
			if !present[tag] {
				var near []string
				for p := range present {
					if strings.HasPrefix(p, tag[:strings.LastIndexByte(tag, '-')+1]) {
						near = append(near, p)
					}
				}
				sort.Strings(near)
				if d := os.Getenv("RINGPG_KEEP_DATA"); d != "" {
					exec.Command("cp", "-a", s.dataDir, d).Run()
				}
				t.Fatalf("round %d (%s killed): acknowledged commit %s is missing after recovery; present for that client: %v\n%s", round, victim, tag, near, s.log)
			}
		}
		if extra := len(present) - len(acked); extra < 0 || extra > 8*(round+1) {
			t.Fatalf("round %d: %d tagged rows for %d acknowledged commits", round, len(present), len(acked))
		}
		sums := query(t, c, `select (select sum(abalance) from pgbench_accounts) = (select coalesce(sum(delta), 0) from pgbench_history)
			and (select sum(bbalance) from pgbench_branches) = (select coalesce(sum(delta), 0) from pgbench_history)
			and (select sum(tbalance) from pgbench_tellers) = (select coalesce(sum(delta), 0) from pgbench_history)`)
		if sums != "t" {
			t.Fatalf("round %d (%s killed): pgbench invariant broken after recovery\n%s", round, victim, s.log)
		}
		t.Logf("round %d: %s killed after %d commits; %d acknowledged so far, all present", round, victim, n, len(acked))
		c.Close(context.Background())
	}
	if !strings.Contains(s.log.String(), "redo done at") {
		t.Fatalf("no recovery was logged\n%s", s.log)
	}
}

// readPgbenchLogs adds the tags of the transactions pgbench logged as
// completed in dir (its -l files: client, transaction number, ...) and
// returns how many there were. pgbench numbers a client's transactions from
// 1, as the script's :n does.
func readPgbenchLogs(t *testing.T, dir string, round int, acked map[string]bool) int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "log*"))
	n := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 3 {
				continue
			}
			client, err1 := strconv.Atoi(fields[0])
			txno, err2 := strconv.Atoi(fields[1])
			if err1 != nil || err2 != nil {
				continue
			}
			acked[fmt.Sprintf("r%d-%d-%d", round, client, txno)] = true
			n++
		}
		fh.Close()
	}
	return n
}

// killOne sends SIGKILL to the postmaster, to a backend serving a session
// or to an auxiliary process, and waits for what must follow: for the
// postmaster, every child gone (the test restarts it); otherwise the
// crash-restart under way.
func (s *server) killOne(t *testing.T, victim string) {
	t.Helper()
	children := s.childPids()
	switch victim {
	case "postmaster":
		s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.done
		if !eventually(20*time.Second, func() bool { return !anyAlive(children) }) {
			t.Fatalf("children of the killed postmaster still run")
		}
		return
	case "backend":
		for _, pid := range children {
			if isBackendInSession(pid) {
				syscall.Kill(pid, syscall.SIGKILL)
				return
			}
		}
		t.Fatalf("no backend in a session among %v", children)
	default:
		for _, pid := range children {
			if cmdlineHas(pid, victim) {
				syscall.Kill(pid, syscall.SIGKILL)
				return
			}
		}
		t.Fatalf("no %s process among %v", victim, children)
	}
}

func anyAlive(pids []int) bool {
	for _, pid := range pids {
		if syscall.Kill(pid, 0) == nil {
			if st := procStat(pid); st != "" && !strings.Contains(st, ") Z ") {
				return true
			}
		}
	}
	return false
}

func procStat(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return string(b)
}

func cmdlineHas(pid int, word string) bool {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	for _, a := range bytes.Split(b, []byte{0}) {
		if string(a) == word {
			return true
		}
	}
	return false
}

// isBackendInSession reports whether pid is a backend with a client: it
// has a TCP socket besides its control socket.
func isBackendInSession(pid int) bool {
	if !cmdlineHas(pid, "backend") {
		return false
	}
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	tcp := 0
	for _, fd := range fds {
		l, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if strings.HasPrefix(l, "socket:") {
			tcp++
		}
	}
	return tcp >= 2
}

// TestCrashAfterDrop: a table, a truncated table's old file and a
// database dropped after the last checkpoint stay gone after a crash,
// though the redo of their earlier changes recreates their files: the
// commit record says what it removed, and its redo removes it again.
func TestCrashAfterDrop(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "checkpoint")
	query(t, c, "create table gone (id int primary key, v text)")
	query(t, c, "insert into gone select g, 'x' from generate_series(1, 2000) g")
	query(t, c, "create table cut (id int primary key)")
	query(t, c, "insert into cut select generate_series(1, 2000)")
	query(t, c, "create database olddb")
	goneFile := query(t, c, "select pg_relation_filepath('gone')")
	cutFile := query(t, c, "select pg_relation_filepath('cut')")
	dbOid := query(t, c, "select oid from pg_database where datname = 'olddb'")
	query(t, c, "drop table gone")
	query(t, c, "truncate cut")
	query(t, c, "insert into cut values (7)")
	query(t, c, "drop database olddb")
	s.killOne(t, "postmaster")
	s.start()
	s.waitReady()
	c = s.mustConnect()
	for _, f := range []string{goneFile, cutFile, filepath.Join("base", dbOid)} {
		if _, err := os.Stat(filepath.Join(s.dataDir, f)); !os.IsNotExist(err) {
			t.Errorf("%s exists after recovery (%v)", f, err)
		}
	}
	if got := query(t, c, "select count(*), max(id) from cut"); got != "1|7" {
		t.Fatalf("truncated table after recovery: %s", got)
	}
	if _, err := tryQuery(c, "select * from gone"); sqlstate(err) != "42P01" {
		t.Fatalf("dropped table after recovery: %v", err)
	}
}

// TestCopyFreeze: COPY FREEZE is refused unless the transaction created
// or truncated the table; with it, the rows are stored frozen (no hint
// bit to set later), an abort takes them away with the file, a commit
// keeps them, and a crash after the commit too.
func TestCopyFreeze(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	ctx := context.Background()
	copyIn := func(sql, data string) (string, error) {
		tag, err := c.CopyFrom(ctx, strings.NewReader(data), sql)
		return tag.String(), err
	}
	query(t, c, "create table fz (a int, b text)")
	query(t, c, "insert into fz values (1, 'old')")
	if _, err := copyIn("copy fz from stdin with (freeze)", "2\tx\n"); sqlstate(err) != "55000" {
		t.Fatalf("COPY FREEZE into an older table: %v", err)
	}
	var data strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&data, "%d\tv%d\n", i, i)
	}
	query(t, c, "begin")
	query(t, c, "truncate fz")
	if tag, err := copyIn("copy fz from stdin with (freeze)", data.String()); err != nil || tag != "COPY 5000" {
		t.Fatalf("COPY FREEZE after TRUNCATE: %q %v", tag, err)
	}
	query(t, c, "rollback")
	if got := query(t, c, "select count(*), max(b) from fz"); got != "1|old" {
		t.Fatalf("after rollback: %s", got)
	}
	query(t, c, "begin")
	query(t, c, "truncate fz")
	if _, err := copyIn("copy fz from stdin with (freeze)", data.String()); err != nil {
		t.Fatal(err)
	}
	query(t, c, "commit")
	if got := query(t, c, "select count(*), sum(a) from fz"); got != "5000|12497500" {
		t.Fatalf("after commit: %s", got)
	}
	s.killOne(t, "postmaster")
	s.start()
	s.waitReady()
	c = s.mustConnect()
	if got := query(t, c, "select count(*), sum(a) from fz"); got != "5000|12497500" {
		t.Fatalf("after a crash: %s", got)
	}
}
