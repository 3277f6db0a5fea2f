package exec

import (
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// seriesRows counts from a to b.
type seriesRows struct {
	cur, end int64
	row      [1]types.Datum
}

func (r *seriesRows) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	if r.cur > r.end {
		return nil, false, nil
	}
	r.row[0] = types.Int(r.cur)
	r.cur++
	return r.row[:], true, nil
}

var seriesFn = &funcs.Func{Name: "generate_series", RetSet: true, Strict: true, SRF: func(_ *funcs.Ctx, args []types.Datum) (funcs.Rows, error) {
	return &seriesRows{cur: args[0].I, end: args[1].I}, nil
}}

func series(a, b expr.Expr, ord bool) *plan.FunctionScan {
	n := &plan.FunctionScan{Fn: seriesFn, Args: []expr.Expr{a, b}, Ordinality: ord, Cols: []plan.Column{{Name: "s", T: int4}}}
	if ord {
		n.Cols = append(n.Cols, plan.Column{Name: "ordinality", T: int8})
	}
	return n
}

func TestFunctionScanAndLateral(t *testing.T) {
	e := newTestEnv(t)
	i4 := []types.T{int4, int8, int4}
	if got := format(i4, e.mustRun(series(ci(3), ci(5), true))); got != "3,1|4,2|5,3" {
		t.Errorf("series: %s", got)
	}
	if got := format(i4, e.mustRun(series(ci(3), cnull(int4), false))); got != "" {
		t.Errorf("series of NULL: %s", got)
	}
	// FROM (VALUES (1), (3)) v(n), generate_series(1, v.n)
	left := values([]types.T{int4}, []any{1}, []any{3})
	nl := &plan.NestLoop{Kind: plan.JoinInner, Param: true, Left: left, Right: series(ci(1), outerVar(0, int4), false),
		Cols: []plan.Column{{Name: "n", T: int4}, {Name: "s", T: int4}}}
	if got := format(i4, e.mustRun(nl)); got != "1,1|3,1|3,2|3,3" {
		t.Errorf("lateral: %s", got)
	}
}

func TestRecursiveUnion(t *testing.T) {
	e := newTestEnv(t)
	cols := []plan.Column{{Name: "n", T: int4}}
	// WITH RECURSIVE r(n) AS (VALUES (1) UNION [ALL] SELECT n+1 FROM r WHERE n < 5)
	for _, all := range []bool{true, false} {
		step := &plan.Project{Input: &plan.Filter{Input: &plan.WorkTableScan{ID: 1, Cols: cols}, Qual: cmp("<", v(0, int4), ci(5))},
			Exprs: []expr.Expr{add(v(0, int4), ci(1))}, Cols: cols}
		ru := &plan.RecursiveUnion{Seed: values([]types.T{int4}, []any{1}), Step: step, ID: 1, All: all, Cols: cols}
		if got := format([]types.T{int4}, e.mustRun(ru)); got != "1|2|3|4|5" {
			t.Errorf("all=%v: %s", all, got)
		}
	}
	// UNION stops a cycle: n -> (n+1) % 3.
	mod3 := &funcs.Func{Name: "mod3", Strict: true, Call: func(_ *funcs.Ctx, a []types.Datum) (types.Datum, error) { return types.Int(a[0].I % 3), nil }}
	step := &plan.Project{Input: &plan.WorkTableScan{ID: 2, Cols: cols}, Exprs: []expr.Expr{expr.NewCall(mod3, []expr.Expr{add(v(0, int4), ci(1))}, int4)}, Cols: cols}
	ru := &plan.RecursiveUnion{Seed: values([]types.T{int4}, []any{0}), Step: step, ID: 2, Cols: cols}
	if got := format([]types.T{int4}, e.mustRun(ru)); got != "0|1|2" {
		t.Errorf("cycle: %s", got)
	}
	// A CTE read twice: both readers see the same rows, read once.
	calls := 0
	counted := &funcs.Func{Name: "counted", Call: func(_ *funcs.Ctx, a []types.Datum) (types.Datum, error) { calls++; return a[0], nil }}
	src := &plan.Project{Input: values([]types.T{int4}, []any{1}, []any{2}), Exprs: []expr.Expr{expr.NewCall(counted, []expr.Expr{v(0, int4)}, int4)}, Cols: cols}
	m1 := &plan.Materialize{Input: src, ID: 7}
	m2 := &plan.Materialize{Input: src, ID: 7}
	nl := &plan.NestLoop{Kind: plan.JoinInner, Left: m1, Right: m2, Cols: append(append([]plan.Column{}, cols...), cols...)}
	if got := format([]types.T{int4, int4}, e.mustRun(nl)); got != "1,1|1,2|2,1|2,2" || calls != 2 {
		t.Errorf("shared CTE: %s, %d calls", got, calls)
	}
}

func TestSubLinks(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(10)
	i8 := types.Of(types.Int8Oid)
	outer := values([]types.T{int4}, []any{1}, []any{5}, []any{11}, []any{nil})
	exists := &expr.SubLink{Kind: expr.ExistsSubLink, Plan: seqScan(tb, cmp("=", v(0, int4), outerVar(0, int4))), T: boolT}
	count := &plan.Agg{Input: seqScan(tb, nil), Aggs: []plan.AggCall{{Fn: countFn, Star: true, Result: i8}}, Cols: []plan.Column{{Name: "count", T: i8}}}
	scalar := &expr.SubLink{Kind: expr.ExprSubLink, Plan: &plan.Query{Root: count}, T: i8}
	nameOf := &expr.SubLink{Kind: expr.ExprSubLink, Plan: &plan.Project{Input: seqScan(tb, cmp("=", v(0, int4), outerVar(0, int4))),
		Exprs: []expr.Expr{v(1, text)}, Cols: []plan.Column{{Name: "name", T: text}}}, T: text}
	anyOf := &expr.SubLink{Kind: expr.AnySubLink, Plan: &plan.Project{Input: seqScan(tb, cmp("<", v(0, int4), ci(3))),
		Exprs: []expr.Expr{v(0, int4)}, Cols: []plan.Column{{Name: "id", T: int4}}}, Left: v(0, int4), Test: cmp("=", v(0, int4), v(0, int4)), T: boolT}
	p := &plan.Project{Input: outer, Exprs: []expr.Expr{v(0, int4), exists, scalar, nameOf, anyOf},
		Cols: []plan.Column{{Name: "n", T: int4}, {Name: "e", T: boolT}, {Name: "c", T: i8}, {Name: "name", T: text}, {Name: "any", T: boolT}}}
	got := format([]types.T{int4, boolT, i8, text, boolT}, e.mustRun(p))
	if want := "1,t,10,a1,t|5,t,10,NULL,f|11,f,10,NULL,f|NULL,f,10,NULL,NULL"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// More than one row from a scalar sub-query.
	many := &expr.SubLink{Kind: expr.ExprSubLink, Plan: &plan.Project{Input: seqScan(tb, nil), Exprs: []expr.Expr{v(0, int4)}, Cols: []plan.Column{{Name: "id", T: int4}}}, T: int4}
	_, _, err := e.run(&plan.Project{Input: outer, Exprs: []expr.Expr{many}, Cols: []plan.Column{{Name: "x", T: int4}}})
	wantErr(t, err, "21000", "more than one row returned by a subquery used as an expression", "")
}

func TestCursorSuspend(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(600)
	c, err := Start(e.env, &plan.Query{Root: seqScan(tb, nil), Cols: tableCols(tb, false)[:1]}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var ids []int64
	for batch := 0; ; batch++ {
		n := 0
		for ; n < 250; n++ {
			row, ok, err := c.Next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			if len(row) != 1 {
				t.Fatalf("row has %d columns, want 1", len(row))
			}
			ids = append(ids, row[0].I)
		}
		if n < 250 {
			break
		}
	}
	if len(ids) != 600 || c.RowsAffected() != 600 || !c.Done() {
		t.Fatalf("read %d rows, RowsAffected %d", len(ids), c.RowsAffected())
	}
	// An UPDATE with RETURNING runs whole at the first fetch.
	u := updatePlan(tb, nil, map[int]expr.Expr{2: &expr.Const{T: int8, Value: types.Int(0)}}, v(0, int4))
	c2, err := Start(e.env, &plan.Query{Root: u, Cols: u.Cols}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := c2.Next(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if c2.RowsAffected() != 600 {
		t.Errorf("after one fetch, %d rows updated, want 600", c2.RowsAffected())
	}
	c2.Close()
}

// TestReuse runs one plan several times: the kept operators must start
// afresh, with the new parameters, re-read CTEs and re-run sub-queries.
func TestReuse(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(10)
	i8 := types.Of(types.Int8Oid)
	cols := []plan.Column{{Name: "n", T: int4}}
	// SELECT m.id, (SELECT count(*) FROM accounts WHERE id < $1) FROM
	// (materialized: accounts WHERE id <= $1) m
	count := &plan.Agg{Input: seqScan(tb, cmp("<", v(0, int4), &expr.Param{Index: 0, T: int4})),
		Aggs: []plan.AggCall{{Fn: countFn, Star: true, Result: i8}}, Cols: []plan.Column{{Name: "count", T: i8}}}
	m := &plan.Materialize{Input: &plan.Project{Input: seqScan(tb, cmp("<=", v(0, int4), &expr.Param{Index: 0, T: int4})),
		Exprs: []expr.Expr{v(0, int4)}, Cols: cols}}
	root := &plan.Project{Input: m, Exprs: []expr.Expr{v(0, int4), &expr.SubLink{Kind: expr.ExprSubLink, Plan: count, T: i8}},
		Cols: []plan.Column{{Name: "id", T: int4}, {Name: "c", T: i8}}}
	q := &plan.Query{Root: root, Cols: root.Columns()}
	for _, tc := range []struct {
		p    int64
		want string
	}{{2, "1,1|2,1"}, {3, "1,2|2,2|3,2"}, {1, "1,0"}} {
		var rows [][]types.Datum
		if _, err := Run(e.env, q, []types.Datum{types.Int(tc.p)}, func(r []types.Datum) error {
			rows = append(rows, copyRow(r))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got := format([]types.T{int4, i8}, rows); got != tc.want {
			t.Errorf("$1=%d: got %s, want %s", tc.p, got, tc.want)
		}
	}
	// Two cursors of the same plan at once get separate operators.
	c1, err := Start(e.env, q, []types.Datum{types.Int(5)})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Start(e.env, q, []types.Datum{types.Int(2)})
	if err != nil {
		t.Fatal(err)
	}
	n1, n2 := 0, 0
	for {
		_, ok1, err1 := c1.Next()
		_, ok2, err2 := c2.Next()
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if ok1 {
			n1++
		}
		if ok2 {
			n2++
		}
		if !ok1 && !ok2 {
			break
		}
	}
	c1.Close()
	c2.Close()
	c1.Close()
	if n1 != 5 || n2 != 2 {
		t.Errorf("interleaved cursors returned %d and %d rows, want 5 and 2", n1, n2)
	}
}

// TestPanicBecomesError: a plan that does not match its input (here a Var
// past the end of the row) fails the statement with XX000.
func TestPanicBecomesError(t *testing.T) {
	e := newTestEnv(t)
	bad := &plan.Project{Input: values([]types.T{int4}, []any{1}), Exprs: []expr.Expr{v(5, int4)}, Cols: []plan.Column{{Name: "x", T: int4}}}
	_, _, err := e.run(bad)
	if err == nil || pgerrCode(err) != "XX000" {
		t.Fatalf("got %v, want XX000", err)
	}
}

// TestCorrelatedCTE: a CTE whose rows depend on the outer row is read
// again for each one.
func TestCorrelatedCTE(t *testing.T) {
	e := newTestEnv(t)
	cols := []plan.Column{{Name: "n", T: int4}}
	// SELECT (WITH c AS (SELECT o.n + 1) SELECT * FROM c) FROM (VALUES (1), (5)) o(n)
	cte := &plan.Materialize{ID: 9, Input: &plan.Project{Input: values(nil, []any{}), Exprs: []expr.Expr{add(outerVar(0, int4), ci(1))}, Cols: cols}}
	sub := &expr.SubLink{Kind: expr.ExprSubLink, Plan: cte, T: int4}
	p := &plan.Project{Input: values([]types.T{int4}, []any{1}, []any{5}), Exprs: []expr.Expr{sub}, Cols: cols}
	if got := format([]types.T{int4}, e.mustRun(p)); got != "2|6" {
		t.Errorf("got %s, want 2|6", got)
	}
}
