package plan

import (
	"strings"
	"testing"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// DML on a simply updatable view runs on its base table; other views are
// refused with PostgreSQL's reason.
func TestDMLThroughView(t *testing.T) {
	cat := testCatalog()
	view := func(name, def string, cols ...string) {
		var tc []TableColumn
		for _, c := range cols {
			tc = append(tc, TableColumn{Name: c, T: types.Of(types.Int4Oid)})
		}
		v := table(900, name, tc)
		v.Kind, v.ViewDef = 'v', def
		cat[name] = v
	}
	view("tv", "SELECT id, a FROM t WHERE a > 0", "id", "a")
	view("tr", "SELECT id AS k, a FROM t", "k", "a")
	view("tg", "SELECT a, count(*) AS n FROM t GROUP BY a", "a", "n")
	for _, c := range []struct{ sql, table, err string }{
		{"INSERT INTO tv VALUES (1, 2) RETURNING *", "t", ""},
		{"UPDATE tv SET a = a + 1 WHERE id = 3 RETURNING id", "t", ""},
		{"DELETE FROM tv WHERE id = 3", "t", ""},
		{"UPDATE tr SET k = 5 WHERE k = 4 RETURNING k", "t", ""},
		{"DELETE FROM tg", "", "Views containing GROUP BY are not automatically updatable."},
	} {
		stmts, err := parser.Parse(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Plan(stmts[0], c.sql, cat, types.DefaultEnv(), nil)
		if c.err != "" {
			if err == nil || !strings.Contains(pgerr.From(err).Detail, c.err) {
				t.Errorf("%s: %v, want %q", c.sql, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		var got string
		switch n := q.Root.(type) {
		case *Insert:
			got = n.Table.Name
		case *Update:
			got = n.Table.Name
		case *Delete:
			got = n.Table.Name
		}
		if got != c.table {
			t.Errorf("%s: changes %q, want %q", c.sql, got, c.table)
		}
	}
}
