package main

import (
	"strings"
	"testing"
)

// TestIndexNestLoopPlans checks that a join whose outer side is small and
// whose inner table has an index on the join key looks the inner rows up
// through the index (the answers are compared with PostgreSQL's in
// testdata/sql/nestloop.sql), and that a join of two large inputs still
// hashes.
func TestIndexNestLoopPlans(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	defer c.Close(t.Context())
	for _, sql := range []string{
		"CREATE TABLE nc (id int PRIMARY KEY, region int) WITH (autovacuum_enabled = false)",
		"CREATE TABLE no (id int PRIMARY KEY, cid int, total int) WITH (autovacuum_enabled = false)",
		"CREATE INDEX no_cid ON no (cid)",
		"INSERT INTO nc SELECT g, g % 7 FROM generate_series(1, 3000) g",
		"INSERT INTO no SELECT g, g % 3000 + 1, g FROM generate_series(1, 9000) g",
	} {
		query(t, c, sql)
	}
	explain := func(sql string) string {
		t.Helper()
		return query(t, c, "EXPLAIN (COSTS OFF) "+sql)
	}
	for _, analyzed := range []bool{false, true} {
		for _, tc := range []struct{ sql, want string }{
			{"SELECT * FROM no JOIN nc ON nc.id = no.cid WHERE no.id = 5", "Index Scan using nc_pkey"},
			{"SELECT * FROM nc JOIN no ON no.cid = nc.id WHERE nc.id = 5", "Index Scan using no_cid"},
			{"SELECT * FROM no JOIN nc ON nc.id = no.cid WHERE nc.id = 5", "Index Scan using no_cid"},
			{"SELECT * FROM nc LEFT JOIN no ON no.cid = nc.id WHERE nc.id = 5", "Index Scan using no_cid"},
			{"SELECT * FROM (VALUES (1), (2)) v(x) JOIN nc ON nc.id = v.x", "Index Scan using nc_pkey"},
		} {
			p := explain(tc.sql)
			if !strings.HasPrefix(p, "Nested Loop") || !strings.Contains(p, tc.want) {
				t.Errorf("analyzed=%v: %s\nwant a nested loop over %q, got:\n%s", analyzed, tc.sql, tc.want, p)
			}
		}
		query(t, c, "ANALYZE nc, no")
	}
	if p := explain("SELECT * FROM no JOIN nc ON nc.id = no.cid"); !strings.Contains(p, "Hash Join") {
		t.Errorf("a join of whole tables should hash:\n%s", p)
	}
	// The same statement through the simple protocol's plan cache, with
	// another key, still answers from the index.
	if got := query(t, c, "SELECT count(*) FROM nc JOIN no ON no.cid = nc.id WHERE nc.id = 7"); got != "3" {
		t.Errorf("count for customer 7 = %s, want 3", got)
	}
	if got := query(t, c, "SELECT count(*) FROM nc JOIN no ON no.cid = nc.id WHERE nc.id = 8"); got != "3" {
		t.Errorf("count for customer 8 = %s, want 3", got)
	}
}
