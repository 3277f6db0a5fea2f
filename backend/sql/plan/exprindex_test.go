package plan

import (
	"strings"
	"testing"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// exprIndexCatalog holds table e(id, name, a, b, active) with an index on
// lower(name), one on (a + b), a mixed one on (a, lower(name) DESC) and a
// partial one on (b) WHERE active.
func exprIndexCatalog(t *testing.T) fakeCatalog {
	i4, txt, bl := types.Of(types.Int4Oid), types.Of(types.TextOid), types.Of(types.BoolOid)
	tb := table(300, "e", []TableColumn{{Name: "id", T: i4}, {Name: "name", T: txt}, {Name: "a", T: i4}, {Name: "b", T: i4}, {Name: "active", T: bl}})
	cat := fakeCatalog{"e": tb}
	parse := func(src string, pred bool) *Index {
		x, err := ParseIndexExpr(src, tb, cat, types.DefaultEnv(), pred)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		return &Index{Pred: x}
	}
	mk := func(oid uint32, name string, cols []int, ts []types.T, exprs ...string) *Index {
		ix := &Index{Oid: oid, Relfilenode: oid, Name: name, Cols: cols, Types: ts,
			Desc: make([]bool, len(cols)), NullsFirst: make([]bool, len(cols)), Reads: make([]bool, len(tb.Cols))}
		n := 0
		for _, c := range cols {
			if c >= 0 {
				ix.Exprs = append(ix.Exprs, nil)
				continue
			}
			x := parse(exprs[n], false).Pred
			n++
			ExprReads(x, ix.Reads)
			ix.Exprs = append(ix.Exprs, x)
		}
		return ix
	}
	lower := mk(301, "e_lower_idx", []int{-1}, []types.T{txt}, "lower(name)")
	lower.Unique = true
	sum := mk(302, "e_expr_idx", []int{-1}, []types.T{i4}, "(a + b)")
	mixed := mk(303, "e_a_lower_idx", []int{2, -1}, []types.T{i4, txt}, "lower(name)")
	mixed.Desc[1] = true
	part := mk(304, "e_b_idx", []int{3}, []types.T{i4})
	part.Pred = parse("active", true).Pred
	ExprReads(part.Pred, part.Reads)
	cat1 := mk(305, "e_cat_idx", []int{-1}, []types.T{txt}, "(name || 'x')")
	ranged := mk(306, "e_id_ranged", []int{0}, []types.T{i4})
	ranged.Pred = parse("b > 10 AND name IS NOT NULL", true).Pred
	tb.Indexes = []*Index{lower, sum, mixed, part, cat1, ranged}
	return cat
}

func TestExprIndexPlans(t *testing.T) {
	cat := exprIndexCatalog(t)
	cases := []struct{ sql, want string }{
		{"SELECT id FROM e WHERE lower(name) = 'ann'", "Index Scan using e_lower_idx on e\n  Index Cond: (lower(name) = 'ann'::text)"},
		{"SELECT id FROM e WHERE 'ann' = lower(name)", "Index Scan using e_lower_idx on e\n  Index Cond: (lower(name) = 'ann'::text)"},
		{"SELECT id FROM e WHERE a + b = 3", "Index Scan using e_expr_idx on e\n  Index Cond: ((a + b) = 3)"},
		{"SELECT id FROM e WHERE a + b > 3 AND a + b <= 9", "Index Scan using e_expr_idx on e\n  Index Cond: ((a + b) > 3) AND ((a + b) <= 9)"},
		{"SELECT id FROM e WHERE a = 1 AND lower(name) = 'x'", "Index Scan using e_lower_idx on e\n  Index Cond: (lower(name) = 'x'::text)\n  Filter: (a = 1)"},
		{"SELECT id FROM e WHERE upper(name) = 'ANN'", "Seq Scan on e\n  Filter: (upper(name) = 'ANN'::text)"},
		{"SELECT id FROM e WHERE b = 2", "Seq Scan on e\n  Filter: (b = 2)"},
		{"SELECT id FROM e WHERE b = 2 AND active", "Index Scan using e_b_idx on e\n  Index Cond: (b = 2)\n  Filter: active"},
		{"SELECT id FROM e WHERE name || 'x' = 'abx'", "Index Scan using e_cat_idx on e\n  Index Cond: ((name || 'x'::text) = 'abx'::text)"},
		{"SELECT id FROM e WHERE name || 'y' = 'aby'", "Seq Scan on e\n  Filter: ((name || 'y'::text) = 'aby'::text)"},
		// the predicate b > 10 AND name IS NOT NULL follows from stronger conditions
		{"SELECT a FROM e WHERE id = 1 AND b > 20 AND name = 'n'", "Index Scan using e_id_ranged on e\n  Index Cond: (id = 1)\n  Filter: ((b > 20) AND (name = 'n'::text))"},
		{"SELECT a FROM e WHERE id = 1 AND b = 11 AND name > 'n'", "Index Scan using e_id_ranged on e\n  Index Cond: (id = 1)\n  Filter: ((b = 11) AND (name > 'n'::text))"},
		{"SELECT a FROM e WHERE id = 1 AND b >= 10 AND name = 'n'", "Seq Scan on e\n  Filter: ((id = 1) AND (b >= 10) AND (name = 'n'::text))"},
		{"SELECT a FROM e WHERE id = 1 AND b > 20", "Seq Scan on e\n  Filter: ((id = 1) AND (b > 20))"},
	}
	for _, c := range cases {
		if got := planText(cat, c.sql); got != c.want {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", c.sql, got, c.want)
		}
		// A generic plan (the literals parameters) makes the same choice.
		if got, want := genericPlanText(t, cat, c.sql), firstLine(c.want); firstLine(got) != want {
			t.Errorf("generic plan of %s\ngot:\n%s\nwant first line: %s", c.sql, got, want)
		}
	}
}

func genericPlanText(t *testing.T, cat Catalog, sql string) string {
	t.Helper()
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	_, lits, err := parser.Normalize(sql)
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := PlanGeneric(stmts[0], sql, cat, types.DefaultEnv(), lits)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return strings.Join(Explain(q), "\n")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestParseIndexExprRefuses(t *testing.T) {
	cat := exprIndexCatalog(t)
	tb := cat["e"]
	cases := []struct {
		src  string
		pred bool
		want string
	}{
		{"random()", false, "42P17 functions in index expression must be marked IMMUTABLE"},
		{"random() > 0", true, "42P17 functions in index predicate must be marked IMMUTABLE"},
		{"count(*)", false, "42803 aggregate functions are not allowed in index expressions"},
		{"a + 1", true, "42804 argument of WHERE must be type boolean, not type integer"},
		{"(name::date)", false, "42P17 functions in index expression must be marked IMMUTABLE"},
		{"(a::text)", false, "ok"},
		{"lower(name) <> 'x'", true, "ok"},
	}
	for _, c := range cases {
		_, err := ParseIndexExpr(c.src, tb, cat, types.DefaultEnv(), c.pred)
		got := "ok"
		if err != nil {
			e := pgerr.From(err)
			got = e.Code + " " + e.Message
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.src, got, c.want)
		}
	}
}
