package exec

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// Test aggregates: count, sum of integers and a concatenation (to see the
// order rows arrive in).

type countState struct {
	n    int64
	star bool
}

func (s *countState) Add(args []types.Datum) error {
	if s.star || !args[0].Null {
		s.n++
	}
	return nil
}
func (s *countState) Result() (types.Datum, error) { return types.Int(s.n), nil }
func (s *countState) Remove(args []types.Datum) error {
	if s.star || !args[0].Null {
		s.n--
	}
	return nil
}

type sumState struct {
	n    int64
	seen int
}

func (s *sumState) Add(args []types.Datum) error {
	if !args[0].Null {
		s.n += args[0].I
		s.seen++
	}
	return nil
}
func (s *sumState) Remove(args []types.Datum) error {
	if !args[0].Null {
		s.n -= args[0].I
		s.seen--
	}
	return nil
}
func (s *sumState) Result() (types.Datum, error) {
	if s.seen == 0 {
		return types.Null, nil
	}
	return types.Int(s.n), nil
}

type concatState struct{ parts []string }

func (s *concatState) Add(args []types.Datum) error {
	if !args[0].Null {
		s.parts = append(s.parts, types.Output(int4, args[0], nil))
	}
	return nil
}
func (s *concatState) Result() (types.Datum, error) {
	if len(s.parts) == 0 {
		return types.Null, nil
	}
	return types.String(strings.Join(s.parts, ":")), nil
}

var (
	countFn = &funcs.Func{Name: "count", Kind: funcs.KindAgg, Agg: &funcs.Agg{Moving: true, New: func(_ *funcs.Ctx, a []types.T, _ types.T) funcs.AggState {
		return &countState{star: len(a) == 0}
	}}}
	sumFn = &funcs.Func{Name: "sum", Kind: funcs.KindAgg, Agg: &funcs.Agg{Moving: true, New: func(*funcs.Ctx, []types.T, types.T) funcs.AggState {
		return &sumState{}
	}}}
	concatFn = &funcs.Func{Name: "concat_agg", Kind: funcs.KindAgg, Agg: &funcs.Agg{New: func(*funcs.Ctx, []types.T, types.T) funcs.AggState {
		return &concatState{}
	}}}
)

func i4Values(rows ...[]any) *plan.Values { return values([]types.T{int4, int4}, rows...) }

func twoCols() []plan.Column { return []plan.Column{{Name: "a", T: int4}, {Name: "b", T: int4}} }

func TestSortLimit(t *testing.T) {
	e := newTestEnv(t)
	in := i4Values([]any{3, 1}, []any{nil, 2}, []any{1, 3}, []any{3, 4}, []any{2, 5}, []any{1, 6})
	key := func(desc, nf bool) []plan.SortKey {
		return []plan.SortKey{{Expr: v(0, int4), Desc: desc, NullsFirst: nf}}
	}
	i4 := []types.T{int4, int4}
	tests := []struct {
		name string
		node plan.Node
		want string
	}{
		{"asc", &plan.Sort{Input: in, Keys: key(false, false)}, "1,3|1,6|2,5|3,1|3,4|NULL,2"},
		{"asc nulls first", &plan.Sort{Input: in, Keys: key(false, true)}, "NULL,2|1,3|1,6|2,5|3,1|3,4"},
		{"desc", &plan.Sort{Input: in, Keys: key(true, true)}, "NULL,2|3,1|3,4|2,5|1,3|1,6"},
		{"desc nulls last", &plan.Sort{Input: in, Keys: key(true, false)}, "3,1|3,4|2,5|1,3|1,6|NULL,2"},
		{"two keys", &plan.Sort{Input: in, Keys: []plan.SortKey{{Expr: v(0, int4)}, {Expr: v(1, int4), Desc: true}}}, "1,6|1,3|2,5|3,4|3,1|NULL,2"},
		{"limit", &plan.Limit{Input: &plan.Sort{Input: in, Keys: key(false, false)}, Count: ci(2)}, "1,3|1,6"},
		{"offset", &plan.Limit{Input: &plan.Sort{Input: in, Keys: key(false, false)}, Offset: ci(4)}, "3,4|NULL,2"},
		{"offset limit", &plan.Limit{Input: &plan.Sort{Input: in, Keys: key(false, false)}, Offset: ci(1), Count: ci(2)}, "1,6|2,5"},
		{"limit null", &plan.Limit{Input: in, Count: cnull(int4)}, "3,1|NULL,2|1,3|3,4|2,5|1,6"},
		{"limit 0", &plan.Limit{Input: in, Count: ci(0)}, ""},
		{"with ties", &plan.Limit{Input: &plan.Sort{Input: in, Keys: key(false, false)}, Count: ci(3), WithTies: true, TiesKeys: key(false, false)}, "1,3|1,6|2,5"},
		{"with ties 4", &plan.Limit{Input: &plan.Sort{Input: in, Keys: key(false, false)}, Count: ci(4), WithTies: true, TiesKeys: key(false, false)}, "1,3|1,6|2,5|3,1|3,4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := format(i4, e.mustRun(tc.node)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	_, _, err := e.run(&plan.Limit{Input: in, Count: ci(-1)})
	wantErr(t, err, "2201W", "LIMIT must not be negative", "")
	_, _, err = e.run(&plan.Limit{Input: in, Offset: ci(-1)})
	wantErr(t, err, "2201X", "OFFSET must not be negative", "")
}

func TestDistinctSetOps(t *testing.T) {
	e := newTestEnv(t)
	i4 := []types.T{int4, int4}
	a := i4Values([]any{1, 1}, []any{1, 1}, []any{1, 1}, []any{2, nil}, []any{2, nil}, []any{3, 3})
	b := i4Values([]any{1, 1}, []any{2, nil}, []any{2, nil}, []any{2, nil}, []any{4, 4})
	setop := func(op plan.SetOpKind, all bool) plan.Node {
		return &plan.SetOp{Op: op, All: all, Left: a, Right: b, Cols: twoCols()}
	}
	tests := []struct {
		name string
		node plan.Node
		want string
	}{
		{"distinct", &plan.Distinct{Input: a}, "1,1|2,NULL|3,3"},
		{"distinct on", &plan.Distinct{Input: i4Values([]any{1, 5}, []any{1, 6}, []any{2, 7}, []any{nil, 1}, []any{nil, 2}), On: 1}, "1,5|2,7|NULL,1"},
		{"union all", setop(plan.Union, true), "1,1|1,1|1,1|2,NULL|2,NULL|3,3|1,1|2,NULL|2,NULL|2,NULL|4,4"},
		{"union", setop(plan.Union, false), "1,1|2,NULL|3,3|4,4"},
		{"intersect", setop(plan.Intersect, false), "1,1|2,NULL"},
		{"intersect all", setop(plan.Intersect, true), "1,1|2,NULL|2,NULL"},
		{"except", setop(plan.Except, false), "3,3"},
		{"except all", setop(plan.Except, true), "1,1|1,1|3,3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := format(i4, e.mustRun(tc.node)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestAgg(t *testing.T) {
	e := newTestEnv(t)
	in := i4Values([]any{1, 3}, []any{2, nil}, []any{1, 1}, []any{nil, 7}, []any{2, 2}, []any{1, 3}, []any{nil, 8})
	empty := i4Values()
	empty.Rows = nil
	i8 := types.Of(types.Int8Oid)
	agg := func(input plan.Node, keys bool, calls ...plan.AggCall) *plan.Agg {
		n := &plan.Agg{Input: input, Aggs: calls}
		if keys {
			n.GroupKeys, n.KeyTypes = []expr.Expr{v(0, int4)}, []types.T{int4}
			n.Cols = append(n.Cols, plan.Column{Name: "a", T: int4})
		}
		for range calls {
			n.Cols = append(n.Cols, plan.Column{Name: "agg", T: i8})
		}
		return n
	}
	star := plan.AggCall{Fn: countFn, Star: true, Result: i8}
	count := plan.AggCall{Fn: countFn, Args: []expr.Expr{v(1, int4)}, ArgTypes: []types.T{int4}, Result: i8}
	sum := plan.AggCall{Fn: sumFn, Args: []expr.Expr{v(1, int4)}, ArgTypes: []types.T{int4}, Result: i8}
	sumDistinct := sum
	sumDistinct.Distinct = true
	sumFilter := sum
	sumFilter.Filter = cmp(">", v(1, int4), ci(2))
	concatOrdered := plan.AggCall{Fn: concatFn, Args: []expr.Expr{v(1, int4)}, ArgTypes: []types.T{int4}, Result: text,
		OrderBy: []plan.SortKey{{Expr: v(1, int4), Desc: true}}}
	concatDistinct := concatOrdered
	concatDistinct.Distinct = true
	tests := []struct {
		name string
		node *plan.Agg
		want string
	}{
		{"plain", agg(in, false, star, count, sum), "7,6,24"},
		{"plain empty", agg(empty, false, star, sum), "0,NULL"},
		{"grouped empty", agg(empty, true, star), ""},
		{"grouped", agg(in, true, star, count, sum), "1,3,3,7|2,2,1,2|NULL,2,2,15"},
		{"distinct", agg(in, true, sumDistinct), "1,4|2,2|NULL,15"},
		{"filter", agg(in, true, sumFilter), "1,6|2,NULL|NULL,15"},
		{"order by", agg(in, true, concatOrdered), "1,3:3:1|2,2|NULL,8:7"},
		{"distinct order by", agg(in, false, concatDistinct), "8:7:3:2:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := []types.T{int4, i8, i8, i8}
			if len(tc.node.GroupKeys) == 0 {
				ts = ts[1:]
			}
			for i, c := range tc.node.Aggs {
				if c.Result == text {
					ts[len(tc.node.GroupKeys)+i] = text
				}
			}
			if got := format(ts, e.mustRun(tc.node)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestTopN: a sort under a limit keeps only the rows it must, and gives
// the same rows, ties in input order, as a full sort.
func TestTopN(t *testing.T) {
	e := newTestEnv(t)
	rng := rand.New(rand.NewPCG(5, 6))
	var rows [][]any
	for i := range 300 {
		var k any = rng.IntN(20)
		if rng.IntN(15) == 0 {
			k = nil
		}
		rows = append(rows, []any{k, i})
	}
	in := i4Values(rows...)
	keys := []plan.SortKey{{Expr: v(0, int4), Desc: true}}
	full := format([]types.T{int4, int4}, e.mustRun(&plan.Sort{Input: in, Keys: keys}))
	all := strings.Split(full, "|")
	for _, tc := range []struct{ off, lim int }{{0, 1}, {0, 10}, {5, 10}, {290, 20}, {0, 300}, {0, 1000}} {
		got := format([]types.T{int4, int4}, e.mustRun(&plan.Limit{Input: &plan.Sort{Input: in, Keys: keys}, Offset: ci(int64(tc.off)), Count: ci(int64(tc.lim))}))
		end := min(tc.off+tc.lim, len(all))
		if want := strings.Join(all[tc.off:end], "|"); got != want {
			t.Errorf("offset %d limit %d:\n got %s\nwant %s", tc.off, tc.lim, got, want)
		}
	}
}

// TestAggBuiltins runs the registry's aggregates through Agg.
func TestAggBuiltins(t *testing.T) {
	e := newTestEnv(t)
	lookup := func(name string, args ...types.Oid) *funcs.Func {
		for _, f := range funcs.Lookup(name) {
			if f.Agg != nil && slices.Equal(f.Args, args) {
				return f
			}
		}
		t.Skipf("no aggregate %s%v in the registry", name, args)
		return nil
	}
	i8 := types.Of(types.Int8Oid)
	in := &plan.Values{Cols: []plan.Column{{Name: "a", T: int4}, {Name: "s", T: text}}}
	for _, r := range [][2]any{{1, "x"}, {1, "y"}, {2, nil}, {1, "x"}, {2, "z"}} {
		in.Rows = append(in.Rows, []expr.Expr{constOf(int4, r[0]), constOf(text, r[1])})
	}
	agg := &plan.Agg{Input: in, GroupKeys: []expr.Expr{v(0, int4)}, KeyTypes: []types.T{int4},
		Aggs: []plan.AggCall{
			{Fn: lookup("count"), Star: true, Result: i8},
			{Fn: lookup("count", types.AnyOid), Args: []expr.Expr{v(1, text)}, ArgTypes: []types.T{text}, Result: i8, Distinct: true},
			{Fn: lookup("string_agg", types.TextOid, types.TextOid), Args: []expr.Expr{v(1, text), cs(",")}, ArgTypes: []types.T{text, text}, Result: text,
				OrderBy: []plan.SortKey{{Expr: v(1, text), Desc: true}}},
		},
		Cols: []plan.Column{{Name: "a", T: int4}, {Name: "n", T: i8}, {Name: "d", T: i8}, {Name: "s", T: text}}}
	got := format([]types.T{int4, i8, i8, text}, e.mustRun(agg))
	if want := "1,3,2,y,x,x|2,2,1,z"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
