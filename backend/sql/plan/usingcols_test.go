package plan

import (
	"fmt"
	"strings"
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// USING and NATURAL joins merge their columns: SELECT * lists each once,
// first, and an unqualified reference is the left column (INNER, LEFT),
// the right one (RIGHT) or COALESCE of both (FULL).
func TestUsingColumns(t *testing.T) {
	for _, c := range []struct{ sql, cols, first string }{
		{"SELECT * FROM u JOIN t USING (id)", "id t_id c a b", "*expr.Var"},
		{"SELECT * FROM u FULL JOIN t USING (id)", "id t_id c a b", "*expr.Coalesce"},
		{"SELECT * FROM u NATURAL RIGHT JOIN t", "id t_id c a b", "*expr.Var"},
		{"SELECT id, u.id, t.id FROM u FULL JOIN t USING (id) GROUP BY id, u.id, t.id", "id id id", ""},
		{"SELECT * FROM u JOIN t USING (id) JOIN u AS v USING (t_id)", "t_id id c a b id c", ""},
	} {
		stmts, err := parser.Parse(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Plan(stmts[0], c.sql, testCatalog(), types.DefaultEnv(), nil)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		var names []string
		for _, col := range q.Cols {
			names = append(names, col.Name)
		}
		if got := strings.Join(names, " "); got != c.cols {
			t.Errorf("%s: columns %q, want %q", c.sql, got, c.cols)
		}
		if c.first == "" {
			continue
		}
		var first expr.Expr
		walkNodes(q.Root, func(n Node) {
			if p, ok := n.(*Project); ok && first == nil {
				first = p.Exprs[0]
			}
		})
		if got := fmt.Sprintf("%T", first); got != c.first {
			t.Errorf("%s: first column is %s, want %s", c.sql, got, c.first)
		}
	}
	if got := planText(testCatalog(), "SELECT * FROM u JOIN t USING (id, id)"); !strings.Contains(got, "42701") {
		t.Errorf("USING (id, id): %s", got)
	}
}

func walkNodes(n Node, f func(Node)) {
	if n == nil {
		return
	}
	f(n)
	switch x := n.(type) {
	case *Project:
		walkNodes(x.Input, f)
	case *Sort:
		walkNodes(x.Input, f)
	}
}
