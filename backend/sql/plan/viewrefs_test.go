package plan

import (
	"testing"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// TestRenameInView checks which parse nodes a rename rewrites: only those
// that resolve to the renamed relation or column (t is oid 100 with
// columns id, a, b; u is oid 200 with id, t_id, c).
func TestRenameInView(t *testing.T) {
	col := func(rel uint32, attnum int16, name string) []ViewRename {
		return []ViewRename{{Rel: rel, Attnum: attnum, Name: name}}
	}
	rel := func(rel uint32, name, schema string) []ViewRename {
		return []ViewRename{{Rel: rel, Name: name, Schema: schema}}
	}
	cases := []struct {
		sql     string
		renames []ViewRename
		want    string // "" when nothing changes
	}{
		{"SELECT a, b FROM t WHERE a > 0", col(100, 2, "aa"),
			"SELECT aa AS a, b FROM t WHERE aa > 0"},
		{"SELECT t.a AS x FROM t", col(100, 2, "aa"), "SELECT t.aa AS x FROM t"},
		{"SELECT c FROM u", col(100, 2, "aa"), ""},
		// Another column of the new name: both references are qualified.
		{"SELECT a, c FROM t, u WHERE a = c", col(100, 2, "c"),
			"SELECT t.c AS a, u.c FROM t, u WHERE t.c = u.c"},
		// A sub-select named like the table is not the table.
		{"SELECT t.a FROM (SELECT a FROM u AS x(a)) AS t", col(100, 2, "aa"), ""},
		{"SELECT t.a, (SELECT max(a) FROM t) AS m FROM (SELECT c AS a FROM u) AS t", col(100, 2, "aa"),
			"SELECT t.a, (SELECT max(aa) FROM t) AS m FROM (SELECT c AS a FROM u) AS t"},
		// A CTE named like the table is not the table.
		{"WITH t AS (SELECT 1 AS a) SELECT a FROM t", col(100, 2, "aa"), ""},
		// Columns an alias list names keep their names.
		{"SELECT x.p FROM t AS x(i, p)", col(100, 2, "aa"), ""},
		// A * in a sub-select is written out.
		{"SELECT s.a FROM (SELECT * FROM t) AS s", col(100, 2, "aa"),
			"SELECT s.a FROM (SELECT t.id, t.aa AS a, t.b FROM t) AS s"},
		// USING joins keep the old names through an alias list.
		{"SELECT * FROM t JOIN u USING (id)", col(100, 1, "ident"),
			"SELECT * FROM t AS t(id, a, b) JOIN u USING (id)"},
		{"SELECT t.a FROM t", rel(100, "t2", ""), "SELECT t2.a FROM t2"},
		{"SELECT x.a FROM t AS x", rel(100, "t2", ""), "SELECT x.a FROM t2 AS x"},
		{"SELECT t.a FROM t, (SELECT 1 AS k) AS t2", rel(100, "t2", ""),
			"SELECT t.a FROM t2 AS t, (SELECT 1 AS k) AS t2"},
		{"SELECT t.a FROM t", rel(100, "", "s2"), "SELECT t.a FROM s2.t"},
		{"SELECT public.t.a FROM public.t", rel(100, "", "s2"), "SELECT s2.t.a FROM s2.t"},
	}
	for _, c := range cases {
		sel, err := parser.ParseOne(c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		changed, err := RenameInView(sel.(*parser.SelectStmt), c.sql, testCatalog(), types.DefaultEnv(), c.renames)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		got := ""
		if changed {
			got = sel.String()
		}
		if got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.sql, got, c.want)
		}
	}
}
