package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// longStatements each run for minutes (most for far longer) while
// returning no row to the client, each through a different loop of the
// executor: every one must still stop at statement_timeout, at a query
// cancel and at pg_terminate_backend.
var longStatements = []struct {
	name string
	sql  string
	copy string // "to" for COPY ... TO STDOUT, "from" for FROM STDIN
}{
	{"recursive union", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT count(*) FROM r", ""},
	{"recursive union filtered", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT n FROM r WHERE n < 0", ""},
	{"recursive union distinct", "WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n+1 FROM r) SELECT count(*) FROM r", ""},
	{"hash join without matches", "SELECT count(*) FROM generate_series(1,1e9) a, generate_series(1,1e9) b WHERE a = -b", ""},
	{"cross join rejecting all", "SELECT count(*) FROM big b1, big b2 WHERE b1.a + b2.a < 0", ""},
	{"nested loop over kept rows", "WITH c AS MATERIALIZED (SELECT g FROM generate_series(1,200000) g) SELECT count(*) FROM c c1, c c2 WHERE c1.g + c2.g < 0", ""},
	{"hash bucket rejecting all", "WITH c AS MATERIALIZED (SELECT g, 1 AS k FROM generate_series(1,200000) g) SELECT count(*) FROM c c1 JOIN c c2 ON c1.k = c2.k AND c1.g + c2.g < 0", ""},
	{"merge join group rejecting all", "SELECT d1.k FROM dup d1 JOIN dup d2 ON d1.k = d2.k AND d1.g + d2.g < 0 ORDER BY d1.k", ""},
	{"index nested loop filtered", "SELECT count(*) FROM generate_series(1,100000000) g, LATERAL (SELECT a FROM big WHERE a > g % 10 AND b = 'y' OFFSET 0) s", ""},
	{"sub-plan per outer row", "SELECT count(*) FROM generate_series(1,100000000) g WHERE (SELECT count(*) FROM big WHERE big.b = 'y' AND big.a > g) > 0", ""},
	{"sort with limit", "SELECT g FROM generate_series(1,1000000000000) g ORDER BY g DESC LIMIT 1", ""},
	{"set-returning function filtered", "SELECT g FROM generate_series(1,1000000000000) g WHERE g < 0", ""},
	{"set-returning function in target list", "SELECT count(*) FROM (SELECT generate_series(1,1000000000000) g) s WHERE g < 0", ""},
	{"hash aggregation", "SELECT g % 1000, count(*) FROM generate_series(1,1000000000000) g GROUP BY 1 HAVING count(*) < 0", ""},
	{"distinct", "SELECT DISTINCT g % 7 FROM generate_series(1,1000000000000) g", ""},
	{"window partition", "SELECT sum(g) OVER () FROM generate_series(1,1000000000000) g LIMIT 1", ""},
	{"window frame recomputed", "SELECT max(g) OVER (ORDER BY g ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM generate_series(1,300000) g LIMIT 1", ""},
	{"intersect", "SELECT count(*) FROM (SELECT g FROM generate_series(1,1000000000000) g INTERSECT SELECT -g FROM generate_series(1,1000000000000) g) s", ""},
	{"large offset", "SELECT g FROM generate_series(1,1000000000000) g OFFSET 1000000000000", ""},
	{"insert select", "INSERT INTO sink SELECT g FROM generate_series(1,1000000000000) g WHERE g < 0", ""},
	{"update join", "UPDATE big SET b = 'z' FROM generate_series(1,100000) g WHERE big.a + g < 0", ""},
	{"delete join", "DELETE FROM big USING generate_series(1,100000) g WHERE big.a + g < 0", ""},
	{"copy to", "COPY (SELECT g FROM generate_series(1,1000000000000) g WHERE g < 0) TO STDOUT", "to"},
	{"copy from", "COPY sink FROM STDIN", "from"},
}

// TestCancelLongStatements checks that statement_timeout and
// pg_cancel_backend end each long statement with 57014, and
// pg_terminate_backend with 57P01. The bounds are generous: a statement
// that misses its interrupt checks runs for minutes, not seconds.
func TestCancelLongStatements(t *testing.T) {
	s := startServer(t, "")
	a := s.mustConnect()
	b := s.mustConnect()
	for _, sql := range []string{
		"CREATE TABLE big (a int, b text) WITH (autovacuum_enabled = false)",
		"INSERT INTO big SELECT g, 'x' FROM generate_series(1, 200000) g",
		"CREATE INDEX big_a ON big (a)",
		"CREATE TABLE dup (k int, g int) WITH (autovacuum_enabled = false)",
		"INSERT INTO dup SELECT 1, g FROM generate_series(1, 30000) g",
		"CREATE INDEX dup_k ON dup (k)",
		"CREATE TABLE sink (a int)",
		"ANALYZE big",
		"ANALYZE dup",
	} {
		query(t, a, sql)
	}
	pid := query(t, a, "SELECT pg_backend_pid()")
	for _, tc := range longStatements {
		t.Run(tc.name, func(t *testing.T) {
			query(t, a, "SET statement_timeout = '300ms'")
			start := time.Now()
			err := runLong(a, tc.sql, tc.copy)
			took := time.Since(start)
			query(t, a, "RESET statement_timeout")
			expectCanceled(t, "statement_timeout", err, "canceling statement due to statement timeout", took)

			done := make(chan error, 1)
			start = time.Now()
			go func() { done <- runLong(a, tc.sql, tc.copy) }()
			err, took = cancelUntilDone(t, b, pid, tc.sql, done, start)
			expectCanceled(t, "pg_cancel_backend", err, "canceling statement due to user request", took)
		})
	}
	for _, tc := range longStatements[:2] {
		t.Run("terminate "+tc.name, func(t *testing.T) {
			c, err := s.connect()
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(context.Background())
			cpid := query(t, c, "SELECT pg_backend_pid()")
			done := make(chan error, 1)
			go func() { done <- runLong(c, tc.sql, tc.copy) }()
			waitActive(t, b, cpid, tc.sql)
			query(t, b, "SELECT pg_terminate_backend("+cpid+")")
			select {
			case err := <-done:
				if sqlstate(err) != "57P01" {
					t.Errorf("pg_terminate_backend: got %v, want 57P01", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("pg_terminate_backend: the statement still runs after 15s")
			}
		})
	}
}

// TestClientConnectionCheckInterval checks that a statement whose client
// went away ends at the next check when client_connection_check_interval
// is set, instead of running until it next writes to the socket.
func TestClientConnectionCheckInterval(t *testing.T) {
	s := startServer(t, "")
	b := s.mustConnect()
	c, err := s.connect()
	if err != nil {
		t.Fatal(err)
	}
	query(t, c, "SET client_connection_check_interval = '100ms'")
	pid := query(t, c, "SELECT pg_backend_pid()")
	sql := longStatements[0].sql
	done := make(chan error, 1)
	go func() { done <- runLong(c, sql, "") }()
	waitActive(t, b, pid, sql)
	c.Conn().Close() // the client vanishes without a Terminate message
	<-done
	if !eventually(15*time.Second, func() bool {
		return query(t, b, "SELECT count(*) FROM pg_stat_activity WHERE pid = "+pid+" AND state = 'active'") == "0"
	}) {
		t.Fatal("the statement of a disconnected client still runs after 15s")
	}
}

// TestDisconnectDuringResult checks that a statement streaming a large
// result stops when its client goes away: the next send fails, as in
// PostgreSQL, without client_connection_check_interval.
func TestDisconnectDuringResult(t *testing.T) {
	s := startServer(t, "")
	b := s.mustConnect()
	c, err := s.connect()
	if err != nil {
		t.Fatal(err)
	}
	pid := query(t, c, "SELECT pg_backend_pid()")
	mrr := c.Exec(context.Background(), "SELECT g FROM generate_series(1,1000000000000) g")
	if !mrr.NextResult() {
		t.Fatalf("no result: %v", mrr.Close())
	}
	rr := mrr.ResultReader()
	for i := 0; i < 1000 && rr.NextRow(); i++ {
	}
	c.Conn().Close()
	if !eventually(15*time.Second, func() bool {
		return query(t, b, "SELECT count(*) FROM pg_stat_activity WHERE pid = "+pid+" AND state = 'active'") == "0"
	}) {
		t.Fatal("the statement of a disconnected client still runs after 15s")
	}
}

// runLong runs sql, which is expected to fail, allowing it a minute.
func runLong(c *pgconn.PgConn, sql string, copy string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	switch copy {
	case "to":
		_, err := c.CopyTo(ctx, io.Discard, sql)
		return err
	case "from":
		// 20 million rows: half a minute of inserting, sent in a second.
		_, err := c.CopyFrom(ctx, &linesReader{left: 20_000_000}, sql)
		return err
	}
	_, err := c.Exec(ctx, sql).ReadAll()
	return err
}

// linesReader yields left lines "1\n".
type linesReader struct{ left int }

func (r *linesReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := min(len(p)/2, r.left)
	for i := 0; i < n; i++ {
		p[2*i], p[2*i+1] = '1', '\n'
	}
	r.left -= n
	return 2 * n, nil
}

// waitActive waits until backend pid runs sql.
func waitActive(t *testing.T, b *pgconn.PgConn, pid, sql string) {
	t.Helper()
	q := "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active' AND query = '" + strings.ReplaceAll(sql, "'", "''") + "'"
	if !eventually(15*time.Second, func() bool { return query(t, b, q) == "1" }) {
		t.Fatalf("backend %s did not start %q", pid, sql)
	}
}

// cancelUntilDone cancels backend pid's statement once it runs, again
// every 3s in case the first cancel arrived before the statement began,
// until done reports; it gives up after 20s.
func cancelUntilDone(t *testing.T, b *pgconn.PgConn, pid, sql string, done chan error, start time.Time) (error, time.Duration) {
	t.Helper()
	waitActive(t, b, pid, sql)
	giveUp := time.After(20 * time.Second)
	for {
		query(t, b, "SELECT pg_cancel_backend("+pid+")")
		select {
		case err := <-done:
			return err, time.Since(start)
		case <-time.After(3 * time.Second):
			t.Logf("no answer 3s after a cancel; cancelling again")
		case <-giveUp:
			t.Fatalf("pg_cancel_backend: the statement still runs after 20s")
		}
	}
}

// expectCanceled checks for 57014 with message within a generous bound.
func expectCanceled(t *testing.T, how string, err error, message string, took time.Duration) {
	t.Helper()
	if sqlstate(err) != "57014" || !strings.Contains(err.Error(), message) {
		t.Errorf("%s: got %v, want 57014 %q", how, err, message)
	}
	if took > 15*time.Second {
		t.Errorf("%s: the statement ended after %v", how, took)
	}
}
