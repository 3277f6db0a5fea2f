package main

import (
	"strings"
	"testing"
)

// TestStatisticsPlans checks the plans that ANALYZE's statistics change
// (their results are compared with PostgreSQL's in testdata/sql/analyze.sql):
// a range reading most of a table becomes a sequential scan, a narrow one
// stays an index scan, and a join of two large tables ordered by its key
// merges their index scans. Without statistics the plans stay as they were.
func TestStatisticsPlans(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	defer c.Close(t.Context())
	for _, sql := range []string{
		"CREATE TABLE ma (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = false)",
		"CREATE TABLE mb (id int PRIMARY KEY, a_id int, x int) WITH (autovacuum_enabled = false)",
		"CREATE INDEX mb_a ON mb (a_id)",
		"INSERT INTO ma SELECT i, i % 7 FROM generate_series(1, 5000) i",
		"INSERT INTO mb SELECT i, (i * 7) % 6000, i % 3 FROM generate_series(1, 8000) i",
	} {
		query(t, c, sql)
	}
	explain := func(sql string) string {
		t.Helper()
		return query(t, c, "EXPLAIN (COSTS OFF) "+sql)
	}
	const (
		wide   = "SELECT * FROM mb WHERE a_id > 100"
		narrow = "SELECT * FROM mb WHERE a_id > 5900"
		joined = "SELECT ma.id, mb.id FROM ma JOIN mb ON ma.id = mb.a_id ORDER BY ma.id"
	)
	if p := explain(wide); !strings.Contains(p, "Index Scan using mb_a") {
		t.Errorf("without statistics the index is used:\n%s", p)
	}
	if p := explain(joined); !strings.Contains(p, "Hash Join") {
		t.Errorf("without statistics the join hashes:\n%s", p)
	}
	query(t, c, "ANALYZE ma, mb")
	if p := explain(wide); !strings.HasPrefix(p, "Seq Scan on mb") {
		t.Errorf("a range over most rows should scan the table:\n%s", p)
	}
	if p := explain(narrow); !strings.Contains(p, "Index Scan using mb_a") {
		t.Errorf("a narrow range should use the index:\n%s", p)
	}
	if p := explain(joined); !strings.HasPrefix(p, "Merge Join") || !strings.Contains(p, "Index Scan using ma_pkey") ||
		!strings.Contains(p, "Index Scan using mb_a") {
		t.Errorf("an ordered join of large tables should merge index scans:\n%s", p)
	}
	// The build side of a hash join is the smaller table.
	if p := explain("SELECT * FROM ma JOIN mb ON ma.v = mb.x"); strings.Index(p, "Seq Scan on ma") < strings.Index(p, "->  Hash") {
		t.Errorf("the hash table should be built on ma:\n%s", p)
	}
	// The simple protocol's plan cache keeps a plan chosen for a literal's
	// value for that value only.
	if got := query(t, c, "SELECT count(*) FROM mb WHERE a_id > 100"); got != "7857" {
		t.Errorf("count over the wide range = %s", got)
	}
	if got := query(t, c, "SELECT count(*) FROM mb WHERE a_id > 5900"); got != "128" {
		t.Errorf("count over the narrow range = %s", got)
	}
}
