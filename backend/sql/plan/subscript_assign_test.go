package plan

import (
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Assignments to parts of a column nest: the second starts from the
// first's result, the first from the old value (UPDATE) or NULL (INSERT).
func TestSubscriptAssign(t *testing.T) {
	cat := testCatalog()
	cat["s"] = table(951, "s", []TableColumn{
		{Name: "a", T: types.Of(types.Int4ArrayOid)},
		{Name: "j", T: types.Of(types.JSONBOid)},
		{Name: "n", T: types.Of(types.Int4Oid)},
	})
	plan := func(sql string) (*Query, error) {
		stmts, err := parser.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		return Plan(stmts[0], sql, cat, types.DefaultEnv(), nil)
	}
	q, err := plan("UPDATE s SET a[1] = 1, a[3] = 3, j['k'][0] = '1'")
	if err != nil {
		t.Fatal(err)
	}
	set := q.Root.(*Update).Set
	outer, ok := set[0].(*expr.Call)
	if !ok {
		t.Fatalf("SET a[3]: %T", set[0])
	}
	inner, ok := outer.Args[0].(*expr.Call)
	if !ok {
		t.Fatalf("SET a[1] under a[3]: %T", outer.Args[0])
	}
	if v, ok := inner.Args[0].(*expr.Var); !ok || v.Index != 0 {
		t.Errorf("SET a[1] does not start from the old value: %T", inner.Args[0])
	}
	if c, ok := set[1].(*expr.Call); !ok || c.T.Oid != types.JSONBOid || len(c.Args) != 4 {
		t.Errorf("SET j['k'][0]: %#v", set[1])
	}
	if _, err := plan("INSERT INTO s (a[1], a[2], j['x']) VALUES (1, 2, '3')"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sql, code string }{
		{"UPDATE s SET n[1] = 1", pgerr.DatatypeMismatch},
		{"UPDATE s SET a[1] = now()", pgerr.DatatypeMismatch},
		{"UPDATE s SET a[now()] = 1", pgerr.DatatypeMismatch},
		{"UPDATE s SET j[1:2] = '1'", pgerr.DatatypeMismatch},
		{"UPDATE s SET j[true] = '1'", pgerr.DatatypeMismatch},
		{"UPDATE s SET a[1] = DEFAULT", pgerr.FeatureNotSupported},
		{"UPDATE s SET a[1] = 1, a = '{}'", pgerr.SyntaxError},
		{"UPDATE s SET a = '{}', a[1] = 1", pgerr.SyntaxError},
		{"INSERT INTO s (a, a[1]) VALUES ('{}', 1)", pgerr.DuplicateColumn},
		{"INSERT INTO s (a[1], a) VALUES (1, '{}')", pgerr.DuplicateColumn},
		{"INSERT INTO s (a[1]) VALUES (DEFAULT)", pgerr.FeatureNotSupported},
	} {
		if _, err := plan(c.sql); pgerr.Code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.sql, err, c.code)
		}
	}
}
