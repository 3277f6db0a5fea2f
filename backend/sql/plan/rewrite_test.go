package plan

import (
	"strings"
	"testing"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// Expressions written twice (a GROUP BY key and the select list, DISTINCT
// ON and ORDER BY) must be recognised as the same even when their calls
// were specialised for constant arguments, each holding its own copy of
// the function.
func TestEqualExprRepeatedCalls(t *testing.T) {
	for _, q := range []string{
		"SELECT upper(b) FROM t GROUP BY upper(b)",
		"SELECT a + 1 FROM t GROUP BY a + 1",
		"SELECT a % 2, count(*) FROM t GROUP BY a % 2",
		"SELECT DISTINCT ON (upper(b)) id FROM t ORDER BY upper(b), id",
		"SELECT DISTINCT ON (a % 2) id FROM t ORDER BY a % 2, id DESC",
	} {
		if got := planText(testCatalog(), q); strings.HasPrefix(got, "error") {
			t.Errorf("%s: %s", q, got)
		}
	}
	if got := planText(testCatalog(), "SELECT a % 3 FROM t GROUP BY a % 2"); !strings.Contains(got, "42803") {
		t.Errorf("different expressions taken for the same: %s", got)
	}
}

// An aggregate written only in a window's ORDER BY is computed by the
// level's aggregation, which is planned before the window.
func TestWindowOverAggregate(t *testing.T) {
	for _, q := range []string{
		"SELECT b, sum(a), rank() OVER (ORDER BY sum(a) DESC) FROM t GROUP BY b",
		"SELECT b, rank() OVER (ORDER BY max(a)) FROM t GROUP BY b",
		"SELECT b, rank() OVER w FROM t GROUP BY b WINDOW w AS (ORDER BY count(*))",
	} {
		stmts, err := parser.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := Plan(stmts[0], q, testCatalog(), types.DefaultEnv(), nil)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		var agg *Agg
		for n := plan.Root; n != nil && agg == nil; {
			switch x := n.(type) {
			case *Agg:
				agg = x
			case *Window:
				n = x.Input
			case *Sort:
				n = x.Input
			case *Project:
				n = x.Input
			default:
				n = nil
			}
		}
		if agg == nil || len(agg.Aggs) == 0 {
			t.Errorf("%s: the aggregation computes no aggregate", q)
		}
	}
}
