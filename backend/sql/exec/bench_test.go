package exec

import (
	"strings"
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// pgbenchAccounts makes pgbench_accounts (aid pk, bid, abalance, filler)
// with rows rows, inserted through the executor.
func pgbenchAccounts(b testing.TB, e *testEnv, rows int) *plan.Table {
	tb := e.table("pgbench_accounts", []col{{"aid", int4, true}, {"bid", int4, false}, {"abalance", int4, false}, {"filler", text, false}}, true, []int{0})
	mod := &funcs.Func{Name: "mod", Strict: true, Call: func(_ *funcs.Ctx, a []types.Datum) (types.Datum, error) {
		return types.Int(a[0].I%10 + 1), nil
	}}
	gen := &plan.Project{Input: series(ci(1), ci(int64(rows)), false),
		Exprs: []expr.Expr{v(0, int4), expr.NewCall(mod, []expr.Expr{v(0, int4)}, int4), ci(0), cs(strings.Repeat(" ", 84))},
		Cols:  tableCols(tb, false)}
	if _, _, err := e.run(&plan.Insert{Table: tb, Input: gen}); err != nil {
		b.Fatal(err)
	}
	return tb
}

// BenchmarkPointSelect is pgbench -S: SELECT abalance FROM
// pgbench_accounts WHERE aid = $1.
func BenchmarkPointSelect(b *testing.B) {
	e := newTestEnvN(b, 4096)
	const rows = 100000
	tb := pgbenchAccounts(b, e, rows)
	q := &plan.Query{Root: &plan.Project{
		Input: &plan.IndexScan{Table: tb, Index: tb.Indexes[0], Eq: []expr.Expr{&expr.Param{Index: 0, T: int4}}, Cols: tableCols(tb, false)},
		Exprs: []expr.Expr{v(2, int4)}, Cols: []plan.Column{{Name: "abalance", T: int4}}}}
	q.Cols = q.Root.Columns()
	params := make([]types.Datum, 1)
	emit := func([]types.Datum) error { return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		params[0] = types.Int(int64(i*7919%rows + 1))
		n, err := Run(e.env, q, params, emit)
		if err != nil || n != 1 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkSeqScanQual scans 100k rows keeping 1 in 10.
func BenchmarkSeqScanQual(b *testing.B) {
	e := newTestEnvN(b, 4096)
	tb := pgbenchAccounts(b, e, 100000)
	q := &plan.Query{Root: &plan.SeqScan{Table: tb, Qual: cmp("=", v(1, int4), ci(3)), Cols: tableCols(tb, false)}}
	q.Cols = q.Root.Columns()
	emit := func([]types.Datum) error { return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, err := Run(e.env, q, nil, emit)
		if err != nil || n != 10000 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkUpdateByKey is pgbench -N's UPDATE pgbench_accounts SET
// abalance = abalance + $2 WHERE aid = $1 (HOT: abalance is not indexed).
func BenchmarkUpdateByKey(b *testing.B) {
	e := newTestEnvN(b, 4096)
	const rows = 100000
	tb := pgbenchAccounts(b, e, rows)
	scan := &plan.IndexScan{Table: tb, Index: tb.Indexes[0], Eq: []expr.Expr{&expr.Param{Index: 0, T: int4}}, Cols: tableCols(tb, false), EmitTID: true}
	set := []expr.Expr{v(0, int4), v(1, int4), add(v(2, int4), &expr.Param{Index: 1, T: int4}), v(3, text)}
	q := &plan.Query{Root: &plan.Update{Table: tb, Input: scan, TIDCol: 4, Set: set}}
	params := make([]types.Datum, 2)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		params[0], params[1] = types.Int(int64(i*7919%rows+1)), types.Int(1)
		n, err := Run(e.env, q, params, nil)
		if err != nil || n != 1 {
			b.Fatal(n, err)
		}
		e.txn.cid++
	}
}

// BenchmarkInsertValues is pgbench's INSERT INTO pgbench_history VALUES
// ($1, $2, $3, $4, now()) shape: one row of parameters per statement.
func BenchmarkInsertValues(b *testing.B) {
	e := newTestEnvN(b, 4096)
	tb := e.table("pgbench_history", []col{{"tid", int4, false}, {"bid", int4, false}, {"aid", int4, false}, {"delta", int4, false}}, false)
	vals := &plan.Values{Rows: [][]expr.Expr{{&expr.Param{Index: 0, T: int4}, &expr.Param{Index: 1, T: int4}, &expr.Param{Index: 2, T: int4}, &expr.Param{Index: 3, T: int4}}},
		Cols: tableCols(tb, false)}
	q := &plan.Query{Root: &plan.Insert{Table: tb, Input: vals}}
	params := []types.Datum{types.Int(1), types.Int(2), types.Int(3), types.Int(4)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		params[2] = types.Int(int64(i))
		if n, err := Run(e.env, q, params, nil); err != nil || n != 1 {
			b.Fatal(n, err)
		}
	}
}
