package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAlterColumnTypePlans checks what testdata/sql/alter_column_type.sql
// cannot compare with PostgreSQL: the rebuilt indexes serve plans in the
// new type's order, another session's prepared statement is planned
// again, and the statement waits for the AccessExclusive lock.
func TestAlterColumnTypePlans(t *testing.T) {
	s := startServer(t, "")
	a, b, watch := s.mustConnect(), s.mustConnect(), s.mustConnect()
	for _, sql := range []string{
		"CREATE TABLE xt (id int PRIMARY KEY, code text, v varchar(5)) WITH (autovacuum_enabled = false)",
		"INSERT INTO xt SELECT g, (g % 500)::text, 'v' || (g % 100) FROM generate_series(1, 3000) g",
		"CREATE INDEX xt_code ON xt (code)",
		"CREATE INDEX xt_v ON xt (v)",
		"ANALYZE xt",
	} {
		query(t, a, sql)
	}
	// Text order first: '10' sorts before '9'.
	if got := query(t, a, "SELECT DISTINCT code FROM xt WHERE code BETWEEN '8' AND '9' ORDER BY code LIMIT 3"); got != "8\n80\n81" {
		t.Fatalf("text order: %q", got)
	}
	ctx := t.Context()
	for name, sql := range map[string]string{
		"xt_code":  "SELECT code FROM xt WHERE id = $1",
		"xt_count": "SELECT count(*) FROM xt WHERE id = $1",
	} {
		if _, err := b.Prepare(ctx, name, sql, nil); err != nil {
			t.Fatalf("prepare %s: %v", name, err)
		}
	}
	execPrepared := func(name string) (string, error) {
		r := b.ExecPrepared(ctx, name, [][]byte{[]byte("7")}, nil, nil).Read()
		if r.Err != nil {
			return "", r.Err
		}
		if len(r.Rows) != 1 {
			return "", nil
		}
		return string(r.Rows[0][0]), nil
	}
	if got, err := execPrepared("xt_code"); err != nil || got != "7" {
		t.Fatalf("xt_code before: %q %v", got, err)
	}
	query(t, a, "ALTER TABLE xt ALTER id TYPE bigint, ALTER code TYPE int USING code::int")
	explain := func(sql string) string {
		t.Helper()
		return query(t, a, "EXPLAIN (COSTS OFF) "+sql)
	}
	for _, tc := range []struct{ sql, want string }{
		{"SELECT * FROM xt WHERE code = 42", "Index Scan using xt_code on xt\n  Index Cond: (code = 42)"},
		{"SELECT * FROM xt WHERE id = 4000000000", "Index Scan using xt_pkey on xt\n  Index Cond: (id = 4000000000)"},
	} {
		if got := explain(tc.sql); got != tc.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.sql, got, tc.want)
		}
	}
	// The index on code now holds integers in numeric order.
	if got := query(t, a, "SELECT DISTINCT code FROM xt WHERE code BETWEEN 8 AND 11 ORDER BY code"); got != "8\n9\n10\n11" {
		t.Errorf("integer order through the index: %q", got)
	}
	if got := query(t, a, "SELECT count(*) FROM xt WHERE code = 42"); got != "6" {
		t.Errorf("rows with code 42: %q", got)
	}
	query(t, a, "INSERT INTO xt VALUES (4000000000, 7, 'big')")
	if got := query(t, a, "SELECT code FROM xt WHERE id = 4000000000"); got != "7" {
		t.Errorf("row with a bigint key: %q", got)
	}
	// The other session's prepared statements are planned again: the
	// one whose result type changed fails as PostgreSQL's does, the
	// other reads the new files.
	if _, err := execPrepared("xt_code"); err == nil || !strings.Contains(err.Error(), "cached plan must not change result type") {
		t.Errorf("xt_code after the type change: %v", err)
	}
	if got, err := execPrepared("xt_count"); err != nil || got != "1" {
		t.Errorf("xt_count after the type change: %q %v", got, err)
	}
	// A catalog-only change keeps the index files and their contents.
	query(t, a, "ALTER TABLE xt ALTER v TYPE varchar(20)")
	if got := query(t, a, "SELECT count(*) FROM xt WHERE v = 'v7'"); got != "30" {
		t.Errorf("rows with v7 after widening: %q", got)
	}

	// psql's \d shows the new types.
	if _, err := exec.LookPath("psql"); err == nil {
		out, _ := exec.Command("psql", "-X", "-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres", "-d", "postgres", "-c", `\d xt`).CombinedOutput()
		for _, want := range []string{
			" id     | bigint                | ",
			" code   | integer               | ",
			" v      | character varying(20) | ",
			`"xt_code" btree (code)`,
		} {
			if !strings.Contains(string(out), want) {
				t.Errorf("\\d xt lacks %q:\n%s", want, out)
			}
		}
	}

	// ALTER waits for the AccessExclusive lock while b reads the table.
	query(t, b, "BEGIN")
	query(t, b, "SELECT count(*) FROM xt")
	done := make(chan error, 1)
	go func() {
		_, err := tryQuery(a, "ALTER TABLE xt ALTER code TYPE bigint")
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := query(t, watch, "SELECT count(*) FROM pg_locks WHERE relation = 'xt'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted")
		if got == "1" {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("ALTER TABLE ran while another transaction held the table: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("ALTER TABLE never waited for its lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	query(t, b, "COMMIT")
	if err := <-done; err != nil {
		t.Fatalf("ALTER TABLE after the lock: %v", err)
	}
	if got := query(t, watch, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'xt'::regclass AND attname = 'code'"); got != "bigint" {
		t.Errorf("code's type: %q", got)
	}
}
