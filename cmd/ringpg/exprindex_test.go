package main

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestExpressionIndexPlans checks what testdata/sql/exprindex.sql cannot
// compare with PostgreSQL: the plans that use expression and partial
// indexes, COPY's maintenance of them, which updates stay HOT, and psql's
// \d lines for them.
func TestExpressionIndexPlans(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	defer c.Close(t.Context())
	for _, sql := range []string{
		"CREATE TABLE xe (id int PRIMARY KEY, name text, a int, b int, active bool) WITH (autovacuum_enabled = false)",
		"INSERT INTO xe SELECT g, 'Name' || g, g, g * 2, g % 2 = 0 FROM generate_series(1, 2000) g",
		"CREATE UNIQUE INDEX xe_name_uq ON xe (lower(name))",
		"CREATE INDEX xe_sum ON xe ((a + b))",
		"CREATE INDEX xe_active_b ON xe (b) WHERE active",
	} {
		query(t, c, sql)
	}
	explain := func(sql string) string {
		t.Helper()
		return query(t, c, "EXPLAIN (COSTS OFF) "+sql)
	}
	for _, tc := range []struct{ sql, want string }{
		{"SELECT * FROM xe WHERE lower(name) = 'ann'", "Index Scan using xe_name_uq on xe\n  Index Cond: (lower(name) = 'ann'::text)"},
		{"SELECT * FROM xe WHERE 'ann' = lower(name)", "Index Scan using xe_name_uq on xe\n  Index Cond: (lower(name) = 'ann'::text)"},
		{"SELECT * FROM xe WHERE a + b = 30", "Index Scan using xe_sum on xe\n  Index Cond: ((a + b) = 30)"},
		{"SELECT * FROM xe WHERE a + b > 30 AND a + b < 40", "Index Scan using xe_sum on xe\n  Index Cond: ((a + b) > 30) AND ((a + b) < 40)"},
		{"SELECT * FROM xe WHERE b = 40 AND active", "Index Scan using xe_active_b on xe\n  Index Cond: (b = 40)\n  Filter: active"},
		// the partial index does not hold the rows this query may want
		{"SELECT * FROM xe WHERE b = 40", "Seq Scan on xe\n  Filter: (b = 40)"},
		// an expression the index does not compute
		{"SELECT * FROM xe WHERE upper(name) = 'ANN'", "Seq Scan on xe\n  Filter: (upper(name) = 'ANN'::text)"},
	} {
		if got := explain(tc.sql); got != tc.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.sql, got, tc.want)
		}
	}
	// A prepared statement's parameter is an index bound too.
	query(t, c, "PREPARE xe_q(text) AS SELECT id FROM xe WHERE lower(name) = $1")
	if got := query(t, c, "EXECUTE xe_q('name77')"); got != "77" {
		t.Errorf("EXECUTE xe_q('name77') = %q", got)
	}
	// The plan cache's generic plan (the literal a parameter) too.
	for _, n := range []string{"78", "79", "80"} {
		if got := query(t, c, "SELECT id FROM xe WHERE lower(name) = 'name"+n+"'"); got != n {
			t.Errorf("lookup of name%s = %q", n, got)
		}
	}

	// Through the simple protocol's plan cache (literals become
	// parameters) a partial index whose predicate compares with a
	// constant is still chosen: the index statistics count its scans.
	query(t, c, "CREATE INDEX xe_named ON xe (a) WHERE name <> 'zzz'")
	for _, n := range []string{"5", "6", "7"} {
		if got := query(t, c, "SELECT id FROM xe WHERE a = "+n+" AND name <> 'zzz'"); got != n {
			t.Errorf("lookup through the partial index of a = %s: %q", n, got)
		}
	}
	if got := query(t, c, "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'xe_named'"); got != "3" {
		t.Errorf("scans of the partial index xe_named = %s, want 3", got)
	}

	// COPY maintains the indexes and their uniqueness.
	copyIn := func(data string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		tag, err := c.CopyFrom(ctx, strings.NewReader(data), "COPY xe FROM STDIN")
		if err != nil {
			return errLine(err)
		}
		return tag.String()
	}
	if got := copyIn("3001\tAnn\t5\t6\tt\n3002\tBob\t7\t8\tf\n"); got != "COPY 2" {
		t.Fatalf("COPY: %s", got)
	}
	if got := query(t, c, "SELECT id FROM xe WHERE lower(name) = 'ann'"); got != "3001" {
		t.Errorf("row copied in, found by lower(name) = %q", got)
	}
	if got := query(t, c, "SELECT id FROM xe WHERE b = 6 AND active"); got != "3001" {
		t.Errorf("row copied in, found through the partial index = %q", got)
	}
	if got := copyIn("3003\tANN\t1\t1\tf\n"); got != "ERR 23505 duplicate key value violates unique constraint \"xe_name_uq\" DETAIL Key (lower(name))=(ann) already exists." {
		t.Errorf("COPY of a duplicate: %s", got)
	}

	// HOT: an update of a column no index reads stays HOT; one of a
	// column only an expression or the predicate reads does not.
	query(t, c, "CREATE TABLE xh (id int PRIMARY KEY, a int, b int, flag bool, note text) WITH (autovacuum_enabled = false, fillfactor = 50)")
	query(t, c, "INSERT INTO xh SELECT g, g, g, true, 'n' FROM generate_series(1, 10) g")
	query(t, c, "CREATE INDEX xh_sum ON xh ((a + b))")
	query(t, c, "CREATE INDEX xh_part ON xh (id) WHERE flag")
	hotOf := func() string {
		t.Helper()
		return query(t, c, "SELECT n_tup_upd || '/' || n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'xh'")
	}
	query(t, c, "UPDATE xh SET note = 'changed' WHERE id = 1")
	if got := hotOf(); got != "1/1" {
		t.Errorf("after an update of an unindexed column, updates/HOT = %s, want 1/1", got)
	}
	query(t, c, "UPDATE xh SET a = a + 1 WHERE id = 2")
	query(t, c, "UPDATE xh SET flag = false WHERE id = 3")
	if got := hotOf(); got != "3/1" {
		t.Errorf("after updates of columns an expression and a predicate read, updates/HOT = %s, want 3/1", got)
	}
	if got := query(t, c, "SELECT id FROM xh WHERE a + b = 5"); got != "2" {
		t.Errorf("xh a + b = 5: %q", got)
	}
	if got := query(t, c, "SELECT count(*) FROM xh WHERE id = 3 AND flag"); got != "0" {
		t.Errorf("a row that left the partial index is still found: %q", got)
	}

	// psql's \d shows the indexes as PostgreSQL's does.
	if _, err := exec.LookPath("psql"); err != nil {
		return
	}
	out, _ := exec.Command("psql", "-X", "-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres", "-d", "postgres", "-c", `\d xe`).CombinedOutput()
	for _, want := range []string{
		`"xe_active_b" btree (b) WHERE active`,
		`"xe_name_uq" UNIQUE, btree (lower(name))`,
		`"xe_sum" btree ((a + b))`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("\\d xe lacks %q:\n%s", want, out)
		}
	}
	out, _ = exec.Command("psql", "-X", "-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres", "-d", "postgres", "-c", `\d xe_sum`).CombinedOutput()
	if !strings.Contains(string(out), " expr   | integer | yes  | (a + b)") {
		t.Errorf("\\d xe_sum:\n%s", out)
	}
}
