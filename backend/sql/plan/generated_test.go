package plan

import (
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// A stored generated column is computed by INSERT and UPDATE and refuses
// values of its own.
func TestGeneratedColumns(t *testing.T) {
	cat := testCatalog()
	i4 := types.Of(types.Int4Oid)
	g := table(950, "g", []TableColumn{{Name: "a", T: i4}, {Name: "b", T: i4, Generated: "a * 2"}})
	cat["g"] = g
	plan := func(sql string) (*Query, error) {
		stmts, err := parser.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		return Plan(stmts[0], sql, cat, types.DefaultEnv(), nil)
	}
	q, err := plan("INSERT INTO g (a) VALUES (1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := q.Root.(*Insert).Input.(*Project); !ok {
		t.Errorf("INSERT does not compute the generated column: %T", q.Root.(*Insert).Input)
	}
	q, err = plan("UPDATE g SET a = 5")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := q.Root.(*Update).Set[1].(*expr.Var); ok {
		t.Errorf("UPDATE keeps the generated column's old value")
	}
	for _, sql := range []string{"INSERT INTO g VALUES (1, 2)", "UPDATE g SET b = 1"} {
		if _, err := plan(sql); pgerr.Code(err) != pgerr.GeneratedAlways {
			t.Errorf("%s: %v, want 428C9", sql, err)
		}
	}
}

// A generation expression may read only the row's plain columns (and
// tableoid), through immutable functions.
func TestCheckGeneratedExpr(t *testing.T) {
	cat := testCatalog()
	i4 := types.Of(types.Int4Oid)
	tx := types.Of(types.TextOid)
	for _, tc := range []struct {
		expr, code string
	}{
		{"a * 2", ""},
		{"s || a", ""},
		{"tableoid::int", ""},
		{"b + 1", pgerr.InvalidObjectDefinition},
		{"c", pgerr.InvalidObjectDefinition},
		{"random()::int", pgerr.InvalidObjectDefinition},
		{"now()::text::int", pgerr.InvalidObjectDefinition},
		{"xmin::text::int", pgerr.InvalidColumnReference},
		{"(SELECT 1)", pgerr.FeatureNotSupported},
		{"sum(a)", pgerr.GroupingError},
		{"g::text::int", pgerr.InvalidObjectDefinition},
	} {
		g := table(951, "g", []TableColumn{{Name: "a", T: i4}, {Name: "b", T: i4, Generated: "a * 2"},
			{Name: "s", T: tx}, {Name: "c", T: tx, Generated: tc.expr}})
		_, err := CheckGeneratedExpr(g, 3, cat, types.DefaultEnv())
		if got := pgerr.Code(err); got != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s: got %v, want %s", tc.expr, err, tc.code)
		}
	}
}
