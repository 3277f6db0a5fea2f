package exec

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// sortedOn wraps n in a sort on its first column, ascending with NULLs
// last, as a merge join's inputs must be.
func sortedOn(n plan.Node) plan.Node {
	return &plan.Sort{Input: n, Keys: []plan.SortKey{{Expr: v(0, int4)}}}
}

// TestMergeJoin checks every join kind against the brute-force
// reference, with duplicate keys on both sides, NULL keys, an extra join
// condition, and inputs that are an index scan or sorted values.
func TestMergeJoin(t *testing.T) {
	e := newTestEnv(t)
	rng := rand.New(rand.NewPCG(3, 4))
	kinds := []struct {
		name string
		kind plan.JoinKind
	}{{"inner", plan.JoinInner}, {"left", plan.JoinLeft}, {"right", plan.JoinRight}, {"full", plan.JoinFull}, {"semi", plan.JoinSemi}, {"anti", plan.JoinAnti}}
	i4 := []types.T{int4, int4}
	for round := range 8 {
		l := randRows(rng, rng.IntN(40), 1+rng.IntN(8))
		r := randRows(rng, rng.IntN(40), 1+rng.IntN(8))
		switch round {
		case 0:
			l = nil
		case 1:
			r = nil
		}
		rt := e.table(fmt.Sprintf("mr%d", round), []col{{"c", int4, false}, {"d", int4, false}}, false, []int{0})
		if len(r) > 0 {
			e.insertRows(rt, r...)
		}
		lv := values(i4, l...)
		if len(l) == 0 {
			lv.Rows = nil
		}
		cols4 := append(append([]plan.Column{}, lv.Cols...), tableCols(rt, false)...)
		inputs := map[string]plan.Node{
			"sorted scan": sortedOn(seqScan(rt, nil)),
			"index scan":  &plan.IndexScan{Table: rt, Index: rt.Indexes[0], Cols: tableCols(rt, false)},
		}
		for _, extra := range []bool{false, true} {
			var xq expr.Expr
			if extra {
				xq = cmp("<", v(1, int4), v(3, int4))
			}
			for _, k := range kinds {
				want := refJoin(k.kind, l, r, extra)
				width, cols := 4, cols4
				if k.kind == plan.JoinSemi || k.kind == plan.JoinAnti {
					width, cols = 2, lv.Cols
				}
				for name, right := range inputs {
					p := &plan.MergeJoin{Kind: k.kind, Left: sortedOn(lv), Right: right, LeftKeys: []expr.Expr{v(0, int4)},
						RightKeys: []expr.Expr{v(0, int4)}, KeyTypes: []types.T{int4}, Qual: xq, Cols: cols}
					rows, _, err := e.run(p)
					if err != nil {
						t.Fatalf("round %d %s %s: %v", round, k.name, name, err)
					}
					if got := sortedStrings(rows, width); !slices.Equal(got, want) {
						t.Errorf("round %d %s %s extra=%v:\n got %v\nwant %v", round, k.name, name, extra, got, want)
					}
				}
			}
		}
	}
}

// TestMergeJoinUnsortedInput checks that an input out of key order is
// reported, not joined wrongly.
func TestMergeJoinUnsortedInput(t *testing.T) {
	e := newTestEnv(t)
	i4 := []types.T{int4, int4}
	lv := values(i4, []any{2, 0}, []any{1, 0})
	rv := values(i4, []any{1, 0}, []any{2, 0})
	p := &plan.MergeJoin{Kind: plan.JoinInner, Left: lv, Right: rv, LeftKeys: []expr.Expr{v(0, int4)},
		RightKeys: []expr.Expr{v(0, int4)}, KeyTypes: []types.T{int4}, Cols: append(append([]plan.Column{}, lv.Cols...), rv.Cols...)}
	if _, _, err := e.run(p); err == nil {
		t.Fatal("no error for an unsorted input")
	}
}
