package exec

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"ringpg/backend/access/btree"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

func wantErr(t *testing.T, err error, code, msg, detail string) {
	t.Helper()
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want %s %s", err, code, msg)
	}
	if pe.Code != code || pe.Message != msg || pe.Detail != detail {
		t.Fatalf("got %s %q %q, want %s %q %q", pe.Code, pe.Message, pe.Detail, code, msg, detail)
	}
}

func (e *testEnv) indexEntries(tb *plan.Table, ix *plan.Index) int {
	s := e.env.Index(tb, ix).Scan(btree.ScanSpec{NoPin: true})
	defer s.Close()
	n := 0
	for s.Next() {
		n++
	}
	if err := s.Err(); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *testEnv) all(tb *plan.Table) string {
	ts := colTypes(tableCols(tb, false))
	sort := &plan.Sort{Input: seqScan(tb, nil), Keys: []plan.SortKey{{Expr: v(0, ts[0])}}}
	return format(ts, e.mustRun(sort))
}

func TestInsertConstraints(t *testing.T) {
	e := newTestEnv(t)
	tb := e.table("t", []col{{"id", int4, true}, {"name", text, false}, {"n", int8, false}}, true, []int{0})
	tb.Checks = []plan.Check{{Name: "t_n_check", Expr: cmp(">=", v(2, int8), &expr.Const{T: int8, Value: types.Int(0)})}}
	e.insertRows(tb, []any{1, "a", 1}, []any{2, nil, nil})
	ts := []types.T{int4, text, int8}
	ins := func(rows ...[]any) error {
		_, _, err := e.run(&plan.Insert{Table: tb, Input: values(ts, rows...)})
		return err
	}
	wantErr(t, ins([]any{1, "x", 5}), "23505", `duplicate key value violates unique constraint "t_pkey"`, "Key (id)=(1) already exists.")
	wantErr(t, ins([]any{3, "x", 5}, []any{3, "y", 6}), "23505", `duplicate key value violates unique constraint "t_pkey"`, "Key (id)=(3) already exists.")
	wantErr(t, ins([]any{nil, "x", 5}), "23502", `null value in column "id" of relation "t" violates not-null constraint`, "Failing row contains (null, x, 5).")
	wantErr(t, ins([]any{4, "x", -5}), "23514", `new row for relation "t" violates check constraint "t_n_check"`, "Failing row contains (4, x, -5).")
	// The failed statements' rows are in the heap but their transaction
	// would abort; this fake keeps them, so look only at what succeeded
	// by key through the index.
	if got := e.indexEntries(tb, tb.Indexes[0]); got != 3 {
		t.Errorf("index has %d entries, want 3 (1, 2, and the first 3)", got)
	}
}

func TestInsertReturning(t *testing.T) {
	e := newTestEnv(t)
	tb := e.table("t", []col{{"id", int4, true}, {"name", text, false}}, true, []int{0})
	ins := &plan.Insert{Table: tb, Input: values([]types.T{int4, text}, []any{1, "a"}, []any{2, "b"}),
		Returning: []expr.Expr{add(v(0, int4), ci(100)), v(1, text)}, Cols: []plan.Column{{Name: "x", T: int4}, {Name: "name", T: text}}}
	rows, n, err := e.run(ins)
	if err != nil {
		t.Fatal(err)
	}
	if got := format([]types.T{int4, text}, rows); got != "101,a|102,b" || n != 2 {
		t.Errorf("got %s (%d), want 101,a|102,b (2)", got, n)
	}
}

// updatePlan is UPDATE tb SET (cols) = set WHERE qual, over a seq scan.
func updatePlan(tb *plan.Table, qual expr.Expr, set map[int]expr.Expr, returning ...expr.Expr) *plan.Update {
	scan := &plan.SeqScan{Table: tb, Qual: qual, Cols: tableCols(tb, false), EmitTID: true}
	u := &plan.Update{Table: tb, Input: scan, TableOff: 0, TIDCol: len(tb.Cols), Qual: qual, Returning: returning}
	for i, c := range tb.Cols {
		if e, ok := set[i]; ok {
			u.Set = append(u.Set, e)
		} else {
			u.Set = append(u.Set, v(i, c.T))
		}
	}
	for range returning {
		u.Cols = append(u.Cols, plan.Column{Name: "r", T: int8})
	}
	return u
}

func TestUpdate(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(10)
	pkEntries := e.indexEntries(tb, tb.Indexes[0])
	nEntries := e.indexEntries(tb, tb.Indexes[1])

	// A change of a non-indexed column is HOT: no index entries.
	_, n, err := e.run(updatePlan(tb, cmp("<=", v(0, int4), ci(3)), map[int]expr.Expr{1: cs("hot")}))
	if err != nil || n != 3 {
		t.Fatalf("update: %d rows, %v", n, err)
	}
	if got := e.indexEntries(tb, tb.Indexes[0]); got != pkEntries {
		t.Errorf("HOT update added pk entries: %d, want %d", got, pkEntries)
	}
	if got := e.all(tb); got != "1,hot,1|2,hot,2|3,hot,3|4,a4,4|5,NULL,5|6,a6,6|7,a7,0|8,a8,1|9,a9,2|10,NULL,3" {
		t.Errorf("after HOT update: %s", got)
	}
	// An indexed column changes: both indexes get entries.
	rows, n, err := e.run(updatePlan(tb, cmp("=", v(0, int4), ci(4)), map[int]expr.Expr{2: &expr.Const{T: int8, Value: types.Int(40)}}, v(2, int8)))
	if err != nil || n != 1 || format([]types.T{int8}, rows) != "40" {
		t.Fatalf("update: %v %d %v", rows, n, err)
	}
	if got := e.indexEntries(tb, tb.Indexes[1]); got != nEntries+1 {
		t.Errorf("n index has %d entries, want %d", got, nEntries+1)
	}
	// The index finds the new version by its new key only.
	scan := func(n int64) string {
		s := &plan.IndexScan{Table: tb, Index: tb.Indexes[1], Eq: []expr.Expr{&expr.Const{T: int8, Value: types.Int(n)}}, Cols: tableCols(tb, false)}
		return format([]types.T{int4, text, int8}, e.mustRun(s))
	}
	if got := scan(40); got != "4,a4,40" {
		t.Errorf("n=40: %s", got)
	}
	if got := scan(4); got != "" {
		t.Errorf("n=4: %s", got)
	}
	// Through the pk, the HOT-updated rows are reached through their chains.
	pk := &plan.IndexScan{Table: tb, Index: tb.Indexes[0], Eq: []expr.Expr{ci(2)}, Cols: tableCols(tb, false)}
	if got := format([]types.T{int4, text, int8}, e.mustRun(pk)); got != "2,hot,2" {
		t.Errorf("pk 2: %s", got)
	}
	// Every row: a statement must not see its own new versions.
	_, n, err = e.run(updatePlan(tb, nil, map[int]expr.Expr{2: add(v(2, int8), &expr.Const{T: int8, Value: types.Int(1)})}))
	if err != nil || n != 10 {
		t.Fatalf("update all: %d %v", n, err)
	}
	// Key change into a duplicate.
	_, _, err = e.run(updatePlan(tb, cmp("=", v(0, int4), ci(1)), map[int]expr.Expr{0: ci(2)}))
	wantErr(t, err, "23505", `duplicate key value violates unique constraint "accounts_pkey"`, "Key (id)=(2) already exists.")
	// (The failed statement's changes stay in this fake transaction, so
	// use another row.)
	_, _, err = e.run(updatePlan(tb, cmp("=", v(0, int4), ci(3)), map[int]expr.Expr{0: cnull(int4)}))
	wantErr(t, err, "23502", `null value in column "id" of relation "accounts" violates not-null constraint`, "Failing row contains (null, hot, 4).")
}

func TestDelete(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(6)
	scan := &plan.SeqScan{Table: tb, Qual: cmp(">", v(0, int4), ci(3)), Cols: tableCols(tb, false), EmitTID: true}
	del := &plan.Delete{Table: tb, Input: scan, TIDCol: 3, Returning: []expr.Expr{v(0, int4)}, Cols: []plan.Column{{Name: "id", T: int4}}}
	rows, n, err := e.run(del)
	if err != nil || n != 3 || format([]types.T{int4}, rows) != "4|5|6" {
		t.Fatalf("delete: %v %d %v", rows, n, err)
	}
	if got := e.all(tb); got != "1,a1,1|2,a2,2|3,a3,3" {
		t.Errorf("after delete: %s", got)
	}
	// The deleted key may be inserted again.
	e.insertRows(tb, []any{4, "again", 0})
	if got := e.all(tb); got != "1,a1,1|2,a2,2|3,a3,3|4,again,0" {
		t.Errorf("after re-insert: %s", got)
	}
}

func TestOnConflict(t *testing.T) {
	e := newTestEnv(t)
	tb := e.table("t", []col{{"id", int4, true}, {"n", int8, false}}, true, []int{0})
	e.insertRows(tb, []any{1, 10}, []any{2, 20})
	ts := []types.T{int4, int8}
	nothing := &plan.Insert{Table: tb, Input: values(ts, []any{1, 11}, []any{3, 30}), OnConflict: &plan.OnConflict{}}
	if _, n, err := e.run(nothing); err != nil || n != 1 {
		t.Fatalf("DO NOTHING: %d %v", n, err)
	}
	if got := e.all(tb); got != "1,10|2,20|3,30" {
		t.Errorf("after DO NOTHING: %s", got)
	}
	// DO UPDATE SET n = t.n + excluded.n WHERE excluded.n <> 0
	up := &plan.Insert{Table: tb, Input: values(ts, []any{2, 5}, []any{4, 40}, []any{3, 0}),
		OnConflict: &plan.OnConflict{Arbiter: tb.Indexes[0], DoUpdate: true,
			Set:   []expr.Expr{v(0, int4), add(v(1, int8), v(3, int8))},
			Where: cmp("<>", v(3, int8), &expr.Const{T: int8, Value: types.Int(0)})},
		Returning: []expr.Expr{v(1, int8)}, Cols: []plan.Column{{Name: "n", T: int8}}}
	rows, n, err := e.run(up)
	if err != nil || n != 2 || format([]types.T{int8}, rows) != "25|40" {
		t.Fatalf("DO UPDATE: %v %d %v", rows, n, err)
	}
	if got := e.all(tb); got != "1,10|2,25|3,30|4,40" {
		t.Errorf("after DO UPDATE: %s", got)
	}
	twice := &plan.Insert{Table: tb, Input: values(ts, []any{1, 1}, []any{1, 2}),
		OnConflict: &plan.OnConflict{Arbiter: tb.Indexes[0], DoUpdate: true, Set: []expr.Expr{v(0, int4), v(3, int8)}}}
	_, _, err = e.run(twice)
	wantErr(t, err, "21000", "ON CONFLICT DO UPDATE command cannot affect row a second time", "")
}

// TestToast stores values too large for a page: compressed, and out of
// line in the toast relation; scans and updates read them back whole.
func TestToast(t *testing.T) {
	e := newTestEnv(t)
	tb := e.table("big", []col{{"id", int4, true}, {"doc", text, false}}, true, []int{0})
	tb.Toast = &plan.Table{Relfilenode: 20000, DB: tb.DB, Name: "pg_toast_big"}
	compressible := strings.Repeat("abc", 10000)
	rng := rand.New(rand.NewPCG(3, 4))
	raw := make([]byte, 30000)
	for i := range raw {
		raw[i] = 'a' + byte(rng.IntN(26))
	}
	random := string(raw)
	e.insertRows(tb, []any{1, compressible}, []any{2, random}, []any{3, "small"})
	check := func(when string, want map[int64]string) {
		t.Helper()
		for _, r := range e.mustRun(seqScan(tb, nil)) {
			if r[1].S != want[r[0].I] {
				t.Errorf("%s: row %d has %d bytes, want %d", when, r[0].I, len(r[1].S), len(want[r[0].I]))
			}
		}
	}
	check("after insert", map[int64]string{1: compressible, 2: random, 3: "small"})
	toast := e.env.heaps[relKey{tb.DB, tb.Toast.Relfilenode}]
	before, err := toast.Nblocks()
	if err != nil || before == 0 {
		t.Fatalf("toast relation has %d blocks (%v)", before, err)
	}
	// Updating another column keeps the out-of-line value and its chunks.
	if _, _, err := e.run(updatePlan(tb, nil, map[int]expr.Expr{0: add(v(0, int4), ci(10))})); err != nil {
		t.Fatal(err)
	}
	check("after update", map[int64]string{11: compressible, 12: random, 13: "small"})
	if after, _ := toast.Nblocks(); after != before {
		t.Errorf("toast relation grew from %d to %d blocks: the value was written again", before, after)
	}
	// Changing the value writes new chunks.
	if _, _, err := e.run(updatePlan(tb, cmp("=", v(0, int4), ci(12)), map[int]expr.Expr{1: cs(random[1:] + "z")})); err != nil {
		t.Fatal(err)
	}
	check("after changing the value", map[int64]string{11: compressible, 12: random[1:] + "z", 13: "small"})
}
