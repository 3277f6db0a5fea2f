package exec

import (
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

var (
	rowNumberFn = &funcs.Func{Name: "row_number", Kind: funcs.KindWindow, Win: &funcs.Win{Call: func(_ *funcs.Ctx, p funcs.Partition) (types.Datum, error) {
		return types.Int(int64(p.Current() + 1)), nil
	}}}
	rankFn = &funcs.Func{Name: "rank", Kind: funcs.KindWindow, Win: &funcs.Win{Call: func(_ *funcs.Ctx, p funcs.Partition) (types.Datum, error) {
		s, _ := p.Peers()
		return types.Int(int64(s + 1)), nil
	}}}
	firstValueFn = &funcs.Func{Name: "first_value", Kind: funcs.KindWindow, Win: &funcs.Win{Call: func(_ *funcs.Ctx, p funcs.Partition) (types.Datum, error) {
		s, e := p.Frame()
		for r := s; r < e; r++ {
			if p.InFrame(r) {
				return p.Arg(0, r)
			}
		}
		return types.Null, nil
	}}}
)

func TestWindow(t *testing.T) {
	e := newTestEnv(t)
	// (a, b) sorted by a, b: partitions a=1 and a=2.
	in := i4Values([]any{1, 1}, []any{1, 2}, []any{1, 2}, []any{1, 4}, []any{1, 7}, []any{2, 3}, []any{2, nil})
	i8 := types.Of(types.Int8Oid)
	sum := func(fr plan.Frame) plan.WindowFunc {
		return plan.WindowFunc{Fn: sumFn, Args: []expr.Expr{v(1, int4)}, ArgTypes: []types.T{int4}, Result: i8, IsAgg: true, Frame: fr}
	}
	win := func(order bool, fs ...plan.WindowFunc) *plan.Window {
		w := &plan.Window{Input: in, PartitionBy: []expr.Expr{v(0, int4)}, PartTypes: []types.T{int4}, Funcs: fs, Cols: twoCols()}
		if order {
			w.OrderBy = []plan.SortKey{{Expr: v(1, int4)}}
		}
		for range fs {
			w.Cols = append(w.Cols, plan.Column{Name: "w", T: i8})
		}
		return w
	}
	rows := plan.Frame{Mode: plan.FrameRows, Start: plan.OffsetPreceding, StartOffset: ci(1), End: plan.OffsetFollowing, EndOffset: ci(1)}
	groups := plan.Frame{Mode: plan.FrameGroups, Start: plan.OffsetPreceding, StartOffset: ci(1), End: plan.CurrentRow}
	rangeOff := plan.Frame{Mode: plan.FrameRange, Start: plan.OffsetPreceding, StartOffset: ci(2), End: plan.OffsetFollowing, EndOffset: ci(1)}
	exclude := plan.Frame{Mode: plan.FrameRows, Start: plan.UnboundedPreceding, End: plan.UnboundedFollowing, Exclude: 1}
	excludeTies := plan.Frame{Mode: plan.FrameRange, Start: plan.UnboundedPreceding, End: plan.CurrentRow, Exclude: 3}
	following := plan.Frame{Mode: plan.FrameRows, Start: plan.OffsetFollowing, StartOffset: ci(1), End: plan.UnboundedFollowing}
	tests := []struct {
		name string
		node *plan.Window
		want string // the function columns only, rows joined by |
	}{
		{"row_number rank", win(true, plan.WindowFunc{Fn: rowNumberFn}, plan.WindowFunc{Fn: rankFn}), "1,1|2,2|3,2|4,4|5,5|1,1|2,2"},
		{"default frame", win(true, sum(plan.Frame{})), "1|5|5|9|16|3|3"},
		{"no order", win(false, sum(plan.Frame{})), "16|16|16|16|16|3|3"},
		{"rows", win(true, sum(rows)), "3|5|8|13|11|3|3"},
		{"groups", win(true, sum(groups)), "1|5|5|8|11|3|3"},
		{"range offset", win(true, sum(rangeOff)), "5|5|5|8|7|3|NULL"},
		{"exclude current", win(true, sum(exclude)), "15|14|14|12|9|NULL|3"},
		{"exclude ties", win(true, sum(excludeTies)), "1|3|3|9|16|3|3"},
		{"following", win(true, sum(following)), "15|13|11|7|NULL|NULL|NULL"},
		{"first_value rows", win(true, plan.WindowFunc{Fn: firstValueFn, Args: []expr.Expr{v(1, int4)}, Frame: rows}), "1|1|2|2|4|3|3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := e.mustRun(tc.node)
			var fcols [][]types.Datum
			for _, r := range got {
				fcols = append(fcols, r[2:])
			}
			if s := format([]types.T{i8, i8}, fcols); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}
	_, _, err := e.run(win(true, sum(plan.Frame{Mode: plan.FrameRows, Start: plan.OffsetPreceding, StartOffset: ci(-1), End: plan.CurrentRow})))
	wantErr(t, err, "22013", "frame starting offset must not be negative", "")
}

// TestWindowRangeNumeric: RANGE offsets on a type without an inline rule
// go through its + and - operators.
func TestWindowRangeNumeric(t *testing.T) {
	e := newTestEnv(t)
	num := types.Of(types.NumericOid)
	lit := func(s string) *expr.Const {
		d, err := types.Input(num, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		return &expr.Const{T: num, Value: d}
	}
	in := &plan.Values{Cols: []plan.Column{{Name: "x", T: num}}}
	for _, s := range []string{"1", "2", "2.5", "4"} {
		in.Rows = append(in.Rows, []expr.Expr{lit(s)})
	}
	i8 := types.Of(types.Int8Oid)
	fr := plan.Frame{Mode: plan.FrameRange, Start: plan.OffsetPreceding, StartOffset: lit("1.5"), End: plan.CurrentRow}
	w := &plan.Window{Input: in, OrderBy: []plan.SortKey{{Expr: v(0, num)}},
		Funcs: []plan.WindowFunc{{Fn: countFn, IsAgg: true, Result: i8, Frame: fr}}, Cols: []plan.Column{{Name: "x", T: num}, {Name: "c", T: i8}}}
	got := format([]types.T{num, i8}, e.mustRun(w))
	if want := "1,1|2,2|2.5,3|4,2"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestWindowBuiltins runs the registry's window functions over a
// partition.
func TestWindowBuiltins(t *testing.T) {
	e := newTestEnv(t)
	lookup := func(name string, nargs int) *funcs.Func {
		for _, f := range funcs.Lookup(name) {
			if len(f.Args) == nargs && f.Win != nil {
				return f
			}
		}
		t.Skipf("no window function %s/%d in the registry", name, nargs)
		return nil
	}
	in := i4Values([]any{1, 1}, []any{1, 2}, []any{1, 2}, []any{1, 4}, []any{2, 3}, []any{2, nil})
	i8 := types.Of(types.Int8Oid)
	w := &plan.Window{Input: in, PartitionBy: []expr.Expr{v(0, int4)}, PartTypes: []types.T{int4}, OrderBy: []plan.SortKey{{Expr: v(1, int4)}},
		Funcs: []plan.WindowFunc{
			{Fn: lookup("dense_rank", 0), Result: i8},
			{Fn: lookup("lag", 3), Args: []expr.Expr{v(1, int4), ci(1), ci(-1)}, ArgTypes: []types.T{int4, int4, int4}, Result: int4},
			{Fn: lookup("lead", 2), Args: []expr.Expr{v(1, int4), ci(2)}, ArgTypes: []types.T{int4, int4}, Result: int4},
		},
		Cols: append(twoCols(), plan.Column{Name: "dr", T: i8}, plan.Column{Name: "lag", T: int4}, plan.Column{Name: "lead", T: int4})}
	got := format([]types.T{int4, int4, i8, int4, int4}, e.mustRun(w))
	if want := "1,1,1,-1,2|1,2,2,1,4|1,2,2,2,NULL|1,4,3,2,NULL|2,3,1,-1,NULL|2,NULL,2,3,NULL"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
