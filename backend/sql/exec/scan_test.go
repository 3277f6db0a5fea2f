package exec

import (
	"fmt"
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// accounts is (id int4 primary key, name text, n int8) with an index on
// (n, id).
func (e *testEnv) accounts(rows int) *plan.Table {
	tb := e.table("accounts", []col{{"id", int4, true}, {"name", text, false}, {"n", int8, false}}, true, []int{0}, []int{2, 0})
	var rs [][]any
	for i := 1; i <= rows; i++ {
		var name any = fmt.Sprintf("a%d", i)
		if i%5 == 0 {
			name = nil
		}
		rs = append(rs, []any{i, name, i % 7})
	}
	if rows > 0 {
		e.insertRows(tb, rs...)
	}
	return tb
}

func TestSeqScanQual(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(20)
	ts := colTypes(tableCols(tb, false))
	tests := []struct {
		name string
		qual expr.Expr
		want string
	}{
		{"n=3", cmp("=", v(2, int8), &expr.Const{T: int8, Value: types.Int(3)}), "3,a3,3|10,NULL,3|17,a17,3"},
		{"id<3", cmp("<", v(0, int4), ci(3)), "1,a1,1|2,a2,2"},
		{"name is null and id>10", and(&expr.IsNull{Arg: v(1, text)}, cmp(">", v(0, int4), ci(10))), "15,NULL,1|20,NULL,6"},
		{"null qual", cmp("=", v(0, int4), cnull(int4)), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := e.mustRun(seqScan(tb, tc.qual))
			if got := format(ts, rows); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestIndexScan(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(30)
	pk, byN := tb.Indexes[0], tb.Indexes[1]
	c8 := func(n int64) expr.Expr { return &expr.Const{T: int8, Value: types.Int(n)} }
	tests := []struct {
		name string
		scan *plan.IndexScan
		want string // ids
	}{
		{"point", &plan.IndexScan{Index: pk, Eq: []expr.Expr{ci(7)}}, "7"},
		{"point missing", &plan.IndexScan{Index: pk, Eq: []expr.Expr{ci(70)}}, ""},
		{"point null", &plan.IndexScan{Index: pk, Eq: []expr.Expr{cnull(int4)}}, ""},
		{"point param", &plan.IndexScan{Index: pk, Eq: []expr.Expr{&expr.Param{Index: 0, T: int4}}}, "5"},
		{"range", &plan.IndexScan{Index: pk, Lower: ci(3), LowerInc: true, Upper: ci(6)}, "3,4,5"},
		{"range excl", &plan.IndexScan{Index: pk, Lower: ci(3), Upper: ci(6), UpperInc: true}, "4,5,6"},
		{"range backward", &plan.IndexScan{Index: pk, Lower: ci(27), Backward: true}, "30,29,28"},
		{"upper only backward", &plan.IndexScan{Index: pk, Upper: ci(3), Backward: true}, "2,1"},
		{"full", &plan.IndexScan{Index: pk, Qual: cmp("<", v(0, int4), ci(4))}, "1,2,3"},
		{"prefix", &plan.IndexScan{Index: byN, Eq: []expr.Expr{c8(3)}}, "3,10,17,24"},
		{"prefix backward", &plan.IndexScan{Index: byN, Eq: []expr.Expr{c8(3)}, Backward: true}, "24,17,10,3"},
		{"prefix range", &plan.IndexScan{Index: byN, Eq: []expr.Expr{c8(3)}, Lower: ci(10), LowerInc: true, Upper: ci(24)}, "10,17"},
		{"prefix range qual", &plan.IndexScan{Index: byN, Eq: []expr.Expr{c8(3)}, Lower: ci(3), Qual: &expr.IsNull{Arg: v(1, text), Not: true}}, "17,24"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.scan.Table = tb
			tc.scan.Cols = tableCols(tb, false)
			proj := &plan.Project{Input: tc.scan, Exprs: []expr.Expr{v(0, int4)}, Cols: []plan.Column{{Name: "id", T: int4}}}
			rows := e.mustRun(proj, types.Int(5))
			if got := format([]types.T{int4}, rows); got != replaceSep(tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func replaceSep(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == ',' {
			b[i] = '|'
		}
	}
	return string(b)
}

// TestIndexScanDesc checks bounds on a DESC column with NULLs.
func TestIndexScanDesc(t *testing.T) {
	e := newTestEnv(t)
	tb := e.table("d", []col{{"k", int4, false}}, false, []int{-1})
	e.insertRows(tb, []any{1}, []any{nil}, []any{5}, []any{3}, []any{4}, []any{2})
	ix := tb.Indexes[0]
	tests := []struct {
		name string
		scan *plan.IndexScan
		want string
	}{
		{"all", &plan.IndexScan{}, "NULL|5|4|3|2|1"},
		{"backward", &plan.IndexScan{Backward: true}, "1|2|3|4|5|NULL"},
		{"k>2", &plan.IndexScan{Lower: ci(2)}, "5|4|3"},
		{"k<=3", &plan.IndexScan{Upper: ci(3), UpperInc: true}, "3|2|1"},
		{"2<=k<4 backward", &plan.IndexScan{Lower: ci(2), LowerInc: true, Upper: ci(4), Backward: true}, "2|3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.scan.Table, tc.scan.Index, tc.scan.Cols = tb, ix, tableCols(tb, false)
			if got := format([]types.T{int4}, e.mustRun(tc.scan)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
