package main

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// dbStat reads one column of this database's pg_stat_database row.
func dbStat(t *testing.T, q func(string) string, col string) int64 {
	t.Helper()
	v, err := strconv.ParseFloat(q("select "+col+" from pg_stat_database where datname = current_database()"), 64)
	if err != nil {
		t.Fatalf("%s: %v", col, err)
	}
	return int64(v)
}

// TestStatDatabase: the counters of pg_stat_database that the
// differential test cannot pin down, as other sessions share
// PostgreSQL's database: sessions and how they ended, backends,
// deadlocks, temporary files, resets; and pg_stat_bgwriter's checkpoint
// counters.
func TestStatDatabase(t *testing.T) {
	s := startServer(t, "", "-c", "deadlock_timeout=100ms")
	c := s.mustConnect()
	q := func(sql string) string { t.Helper(); return query(t, c, sql) }
	stat := func(col string) int64 { t.Helper(); return dbStat(t, q, col) }
	waitStat := func(col string, want int64) {
		t.Helper()
		var got int64
		if !eventually(10*time.Second, func() bool { got = stat(col); return got == want }) {
			t.Fatalf("%s = %d, want %d", col, got, want)
		}
	}

	// Backends: the proc array's sessions of the database.
	other := s.mustConnect()
	if !eventually(10*time.Second, func() bool {
		return q("select numbackends >= 2 and numbackends = (select count(*) from pg_stat_activity "+
			"where datname = current_database()) from pg_stat_database where datname = current_database()") == "t"
	}) {
		t.Errorf("numbackends does not match pg_stat_activity: %s", q("select numbackends from pg_stat_database"))
	}

	// Transactions, rows and blocks.
	commits, rollbacks := stat("xact_commit"), stat("xact_rollback")
	q("create table sdt (id int primary key, v int)")
	q("insert into sdt select g, 0 from generate_series(1, 100) g")
	q("begin")
	q("update sdt set v = 1 where id = 1")
	q("rollback")
	if got := stat("xact_commit"); got < commits+2 {
		t.Errorf("xact_commit %d, want at least %d", got, commits+2)
	}
	if got := stat("xact_rollback"); got < rollbacks+1 { // autovacuum's count too
		t.Errorf("xact_rollback %d, want at least %d", got, rollbacks+1)
	}
	if q("select tup_inserted >= 100 and tup_updated >= 1 and blks_hit > 0 from pg_stat_database "+
		"where datname = current_database()") != "t" {
		t.Errorf("row and block counts: %s", q("select tup_inserted, tup_updated, blks_hit from pg_stat_database "+
			"where datname = current_database()"))
	}

	// Sessions: counted at connection; at their end, how they ended and
	// how long they took.
	// session_time is in milliseconds with a fraction: a session may
	// take less than one.
	sessionTime := func() float64 {
		t.Helper()
		v, err := strconv.ParseFloat(q("select session_time from pg_stat_database where datname = current_database()"), 64)
		if err != nil {
			t.Fatalf("session_time: %v", err)
		}
		return v
	}
	sessions, normal := stat("sessions"), sessionTime()
	short := s.mustConnect()
	if got := stat("sessions"); got != sessions+1 {
		t.Errorf("sessions %d after a connection, want %d", got, sessions+1)
	}
	short.Close(context.Background())
	if !eventually(10*time.Second, func() bool { return sessionTime() > normal }) {
		t.Error("session_time did not grow after a session ended")
	}
	abandoned := s.mustConnect()
	abandoned.Conn().Close() // no Terminate
	waitStat("sessions_abandoned", 1)
	killed := s.mustConnect()
	pid, _ := strconv.Atoi(query(t, killed, "select pg_backend_pid()"))
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil { // what an administrator's termination sends
		t.Fatal(err)
	}
	waitStat("sessions_killed", 1)
	fatal := s.mustConnect()
	query(t, fatal, "set idle_session_timeout = '50ms'")
	waitStat("sessions_fatal", 1)
	if got := stat("sessions_abandoned") + stat("sessions_killed"); got != 2 {
		t.Errorf("abandoned and killed sessions %d, want 2", got)
	}

	// A deadlock counts once, in the database of the backend that lost.
	q("create table sdd (id int primary key, v int)")
	q("insert into sdd values (1, 0), (2, 0)")
	query(t, other, "begin")
	query(t, other, "update sdd set v = 1 where id = 2")
	q("begin")
	q("update sdd set v = 1 where id = 1")
	var wg sync.WaitGroup
	var errOther error
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, errOther = tryQuery(other, "update sdd set v = 2 where id = 1")
		if errOther != nil {
			tryQuery(other, "rollback") // the victim's end lets the other go on
		}
	}()
	time.Sleep(50 * time.Millisecond) // let the other backend wait first
	_, errMine := tryQuery(c, "update sdd set v = 2 where id = 2")
	if errMine == nil {
		q("commit")
	} else {
		q("rollback")
	}
	wg.Wait()
	if errOther == nil {
		query(t, other, "commit")
	}
	if (errMine == nil) == (errOther == nil) {
		t.Fatalf("want exactly one deadlock victim: %v / %v", errMine, errOther)
	}
	waitStat("deadlocks", 1)

	// Temporary files are counted as they are removed.
	q("create table sdbig (t text)")
	q("insert into sdbig select md5(g::text) from generate_series(1, 20000) g")
	q("set work_mem = '64kB'")
	q("select count(*) from (select t from sdbig order by t offset 1) s")
	q("reset work_mem")
	if got := q("select temp_files > 0 and temp_bytes > 0 from pg_stat_database where datname = current_database()"); got != "t" {
		t.Errorf("temp_files and temp_bytes after a spilled sort: %s",
			q("select temp_files, temp_bytes from pg_stat_database where datname = current_database()"))
	}

	// pg_stat_reset() zeroes the database's counters and records when.
	q("select pg_stat_reset()")
	if got := q("select deadlocks, temp_files, sessions_killed, stats_reset is not null from pg_stat_database " +
		"where datname = current_database()"); got != "0|0|0|t" {
		t.Errorf("after pg_stat_reset(): %s", got)
	}
	if got := q("select count(*) from pg_stat_user_tables where n_tup_ins > 0"); got != "0" {
		t.Errorf("tables with inserts after pg_stat_reset(): %s", got)
	}

	// One table's counters can be reset alone.
	q("insert into sdd values (3, 0)")
	q("insert into sdt values (0, 0)")
	q("select pg_stat_reset_single_table_counters('sdt'::regclass)")
	if got := q("select relname, n_tup_ins from pg_stat_user_tables where relname in ('sdd', 'sdt') order by 1"); got != "sdd|1\nsdt|0" {
		t.Errorf("after pg_stat_reset_single_table_counters: %q", got)
	}

	// CHECKPOINT is a requested checkpoint that wrote the dirty buffers.
	before := q("select checkpoints_req from pg_stat_bgwriter")
	q("insert into sdt select g, 0 from generate_series(101, 2000) g")
	q("checkpoint")
	want, _ := strconv.Atoi(before)
	if got := q("select checkpoints_req, buffers_checkpoint > 0, stats_reset is not null from pg_stat_bgwriter"); got != strconv.Itoa(want+1)+"|t|t" {
		t.Errorf("after CHECKPOINT: %s (checkpoints_req was %s)", got, before)
	}
	q("select pg_stat_reset_shared('bgwriter')")
	if got := q("select checkpoints_req, buffers_checkpoint, buffers_alloc, stats_reset > now() - interval '1 minute' from pg_stat_bgwriter"); !strings.HasPrefix(got, "0|0|") || !strings.HasSuffix(got, "|t") {
		t.Errorf("after pg_stat_reset_shared('bgwriter'): %s", got)
	}
}
