package exec

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// refJoin computes a join of two row sets by brute force: rows match when
// their first columns are equal and not NULL and, with extra, l[1] < r[1].
func refJoin(kind plan.JoinKind, l, r [][]any, extra bool) []string {
	match := func(a, b []any) bool {
		if a[0] == nil || b[0] == nil || a[0].(int) != b[0].(int) {
			return false
		}
		if extra {
			return a[1] != nil && b[1] != nil && a[1].(int) < b[1].(int)
		}
		return true
	}
	str := func(xs ...any) string {
		var s []string
		for _, x := range xs {
			if x == nil {
				s = append(s, "NULL")
			} else {
				s = append(s, fmt.Sprint(x))
			}
		}
		return strings.Join(s, ",")
	}
	var out []string
	rmatched := make([]bool, len(r))
	for _, a := range l {
		found := false
		for j, b := range r {
			if !match(a, b) {
				continue
			}
			found = true
			rmatched[j] = true
			switch kind {
			case plan.JoinSemi, plan.JoinAnti:
			default:
				out = append(out, str(a[0], a[1], b[0], b[1]))
			}
		}
		switch {
		case kind == plan.JoinSemi && found, kind == plan.JoinAnti && !found:
			out = append(out, str(a[0], a[1]))
		case !found && (kind == plan.JoinLeft || kind == plan.JoinFull):
			out = append(out, str(a[0], a[1], nil, nil))
		}
	}
	if kind == plan.JoinRight || kind == plan.JoinFull {
		for j, b := range r {
			if !rmatched[j] {
				out = append(out, str(nil, nil, b[0], b[1]))
			}
		}
	}
	slices.Sort(out)
	return out
}

func randRows(rng *rand.Rand, n, keys int) [][]any {
	var rows [][]any
	for range n {
		var k, x any = rng.IntN(keys), rng.IntN(10)
		if rng.IntN(8) == 0 {
			k = nil
		}
		if rng.IntN(10) == 0 {
			x = nil
		}
		rows = append(rows, []any{k, x})
	}
	return rows
}

func sortedStrings(rows [][]types.Datum, width int) []string {
	ts := make([]types.T, width)
	for i := range ts {
		ts[i] = int4
	}
	var out []string
	for _, r := range rows {
		out = append(out, format(ts, [][]types.Datum{r}))
	}
	slices.Sort(out)
	return out
}

func TestJoins(t *testing.T) {
	e := newTestEnv(t)
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []struct {
		name string
		kind plan.JoinKind
	}{{"inner", plan.JoinInner}, {"left", plan.JoinLeft}, {"right", plan.JoinRight}, {"full", plan.JoinFull}, {"semi", plan.JoinSemi}, {"anti", plan.JoinAnti}}
	i4 := []types.T{int4, int4}
	for round := range 6 {
		l := randRows(rng, rng.IntN(30), 6)
		r := randRows(rng, rng.IntN(30), 6)
		if round == 0 {
			l = nil
		}
		rt := e.table(fmt.Sprintf("r%d", round), []col{{"c", int4, false}, {"d", int4, false}}, false, []int{0})
		if len(r) > 0 {
			e.insertRows(rt, r...)
		}
		lv := values(i4, l...)
		if len(l) == 0 {
			lv.Rows = nil
		}
		cols4 := append(append([]plan.Column{}, lv.Cols...), tableCols(rt, false)...)
		for _, extra := range []bool{false, true} {
			var xq expr.Expr
			if extra {
				xq = cmp("<", v(1, int4), v(3, int4))
			}
			for _, k := range kinds {
				want := refJoin(k.kind, l, r, extra)
				width := 4
				cols := cols4
				if k.kind == plan.JoinSemi || k.kind == plan.JoinAnti {
					width, cols = 2, lv.Cols
				}
				eq := cmp("=", v(0, int4), v(2, int4))
				qual := expr.Expr(eq)
				if extra {
					qual = and(eq, xq)
				}
				plans := map[string]plan.Node{
					"nestloop": &plan.NestLoop{Kind: k.kind, Left: lv, Right: seqScan(rt, nil), Qual: qual, Cols: cols},
					"hash": &plan.HashJoin{Kind: k.kind, Left: lv, Right: seqScan(rt, nil), LeftKeys: []expr.Expr{v(0, int4)},
						RightKeys: []expr.Expr{v(0, int4)}, KeyTypes: []types.T{int4}, Qual: xq, Cols: cols},
				}
				if k.kind != plan.JoinRight && k.kind != plan.JoinFull {
					// A parameterised inner index scan on c = outer a.
					inner := &plan.IndexScan{Table: rt, Index: rt.Indexes[0], Eq: []expr.Expr{outerVar(0, int4)}, Cols: tableCols(rt, false)}
					plans["index nestloop"] = &plan.NestLoop{Kind: k.kind, Left: lv, Right: inner, Qual: xq, Cols: cols, Param: true}
				}
				for name, p := range plans {
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
