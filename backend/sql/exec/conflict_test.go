package exec

import (
	"slices"
	"testing"

	"ringpg/backend/access/btree"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// other is a concurrent transaction: its changes are made straight through
// the heap while the test transaction lists its xid as running.
type other struct {
	e   *testEnv
	txn *fakeTxn
}

func (e *testEnv) other(xid uint64) *other {
	e.txn.running[xid] = true
	return &other{e: e, txn: &fakeTxn{xid: xid, cid: 0, running: map[uint64]bool{}}}
}

// find returns the TID and values of the version of tb with id, as the
// test transaction sees it.
func (e *testEnv) find(tb *plan.Table, id int64) (tuple.TID, []types.Datum) {
	e.t.Helper()
	s := &plan.SeqScan{Table: tb, Qual: cmp("=", v(0, int4), ci(id)), Cols: tableCols(tb, false), EmitTID: true}
	rows := e.mustRun(s)
	if len(rows) != 1 {
		e.t.Fatalf("id %d: %d rows", id, len(rows))
	}
	r := rows[0]
	return datumTID(r[len(tb.Cols)]), r[:len(tb.Cols)]
}

func (o *other) update(tb *plan.Table, id int64, n int64) {
	e := o.e
	e.t.Helper()
	tid, row := e.find(tb, id)
	h, _ := e.env.Heap(tb)
	row[2] = types.Int(n)
	c := newRowCodec(tb, h)
	vals, nulls := c.form(row)
	res, err := h.Update(o.txn, tid, vals, nulls, true)
	if err != nil || res.Status != heap.TMOk {
		e.t.Fatalf("other update: %v %v", res.Status, err)
	}
	// Keep the indexes right for the new version (no unique checks: they
	// would ask the test transaction, which would wait for this one).
	for _, ix := range tb.Indexes {
		key, _, err := indexKey(nil, ix, row)
		if err == nil {
			err = e.env.Index(tb, ix).Insert(key, btree.TID{Block: res.NewTID.Block, Offset: res.NewTID.Offset})
		}
		if err != nil {
			e.t.Fatal(err)
		}
	}
}

func (o *other) delete(tb *plan.Table, id int64) {
	tid, _ := o.e.find(tb, id)
	h, _ := o.e.env.Heap(tb)
	if res, err := h.Delete(o.txn, tid); err != nil || res.Status != heap.TMOk {
		o.e.t.Fatalf("other delete: %v %v", res.Status, err)
	}
}

func TestConcurrentUpdateReadCommitted(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(5)
	o := e.other(200)
	o.update(tb, 2, 50) // n: 2 -> 50, not committed yet
	o.update(tb, 3, 60)
	o.delete(tb, 4)
	// UPDATE accounts SET n = n + 1 WHERE n < 55: the statement sees the
	// old versions, waits for 200, which commits, and re-checks the newest
	// versions: row 2 (n=50) is updated, row 3 (n=60) no longer qualifies,
	// row 4 is gone.
	qual := cmp("<", v(2, int8), &expr.Const{T: int8, Value: types.Int(55)})
	_, n, err := e.run(updatePlan(tb, qual, map[int]expr.Expr{2: add(v(2, int8), &expr.Const{T: int8, Value: types.Int(1)})}))
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || !slices.Equal(e.txn.waited, []uint64{200}) {
		t.Errorf("updated %d rows (want 3: 1, 2 and 5), waited for %v", n, e.txn.waited)
	}
	if got := e.all(tb); got != "1,a1,2|2,a2,51|3,a3,60|5,NULL,6" {
		t.Errorf("after update: %s", got)
	}
}

func TestConcurrentUpdateRepeatableRead(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(o *other, tb *plan.Table)
		msg  string
	}{
		{"update", func(o *other, tb *plan.Table) { o.update(tb, 2, 50) }, "could not serialize access due to concurrent update"},
		{"delete", func(o *other, tb *plan.Table) { o.delete(tb, 2) }, "could not serialize access due to concurrent delete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t)
			tb := e.accounts(3)
			e.txn.rc = false
			tc.do(e.other(200), tb)
			_, _, err := e.run(updatePlan(tb, cmp("=", v(0, int4), ci(2)), map[int]expr.Expr{1: cs("x")}))
			wantErr(t, err, "40001", tc.msg, "")
		})
	}
}

func TestConcurrentDelete(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(3)
	o := e.other(200)
	o.update(tb, 2, 50)
	scan := &plan.SeqScan{Table: tb, Qual: cmp("<", v(2, int8), &expr.Const{T: int8, Value: types.Int(10)}), Cols: tableCols(tb, false), EmitTID: true}
	del := &plan.Delete{Table: tb, Input: scan, TIDCol: 3, Qual: scan.Qual}
	_, n, err := e.run(del)
	if err != nil || n != 2 {
		t.Fatalf("deleted %d, %v (want 1 and 3)", n, err)
	}
	if got := e.all(tb); got != "2,a2,50" {
		t.Errorf("after delete: %s", got)
	}
}

func TestRowLocks(t *testing.T) {
	e := newTestEnv(t)
	tb := e.accounts(4)
	o := e.other(200)
	// 200 locks row 2.
	tid, _ := e.find(tb, 2)
	h, _ := e.env.Heap(tb)
	if res, err := h.LockTuple(o.txn, tid, heap.LockExclusive); err != nil || res.Status != heap.TMOk {
		t.Fatal(res.Status, err)
	}
	lockScan := func(w plan.LockWait) *plan.SeqScan {
		return &plan.SeqScan{Table: tb, Cols: tableCols(tb, false), Lock: plan.LockForUpdate, Wait: w}
	}
	_, _, err := e.run(lockScan(plan.WaitError))
	wantErr(t, err, "55P03", `could not obtain lock on row in relation "accounts"`, "")
	rows := e.mustRun(lockScan(plan.WaitSkip))
	if got := format([]types.T{int4, text, int8}, rows); got != "1,a1,1|3,a3,3|4,a4,4" {
		t.Errorf("SKIP LOCKED: %s", got)
	}
	// Blocking: waits for 200, which ends, then locks every row.
	rows = e.mustRun(lockScan(plan.WaitBlock))
	if len(rows) != 4 || !slices.Equal(e.txn.waited, []uint64{200}) {
		t.Errorf("FOR UPDATE: %d rows, waited %v", len(rows), e.txn.waited)
	}
	// A row updated by a committed transaction is locked in its newest
	// version, which is returned.
	o2 := e.other(300)
	o2.update(tb, 3, 33)
	delete(e.txn.running, 300)
	rows = e.mustRun(&plan.SeqScan{Table: tb, Qual: cmp("=", v(0, int4), ci(3)), Cols: tableCols(tb, false), Lock: plan.LockForUpdate})
	if got := format([]types.T{int4, text, int8}, rows); got != "3,a3,33" {
		t.Errorf("locked newest version: %s", got)
	}
}

func TestUniqueWait(t *testing.T) {
	e := newTestEnv(t)
	tb := e.table("t", []col{{"id", int4, true}}, true, []int{0})
	o := e.other(200)
	// 200 inserts id 1 and is still running.
	h, _ := e.env.Heap(tb)
	row := []types.Datum{types.Int(1)}
	c := newRowCodec(tb, h)
	vals, nulls := c.form(row)
	tid, err := h.Insert(o.txn, vals, nulls)
	if err != nil {
		t.Fatal(err)
	}
	iw := indexWriter{s: &state{env: e.env}, t: tb, h: h}
	if err := iw.insert(row, nil, tid); err != nil {
		t.Fatal(err)
	}
	// Our insert of id 1 waits for 200; it commits, so ours is a duplicate.
	_, _, err = e.run(&plan.Insert{Table: tb, Input: values([]types.T{int4}, []any{1})})
	wantErr(t, err, "23505", `duplicate key value violates unique constraint "t_pkey"`, "Key (id)=(1) already exists.")
	if !slices.Equal(e.txn.waited, []uint64{200}) {
		t.Errorf("waited for %v", e.txn.waited)
	}
}

// TestOnConflictRepeatableRead: a conflicting row this transaction's
// snapshot does not see is a serialization failure.
func TestOnConflictRepeatableRead(t *testing.T) {
	e := newTestEnv(t)
	tb := e.table("t", []col{{"id", int4, true}}, true, []int{0})
	e.txn.rc = false
	o := e.other(200)
	h, _ := e.env.Heap(tb)
	row := []types.Datum{types.Int(1)}
	c := newRowCodec(tb, h)
	vals, nulls := c.form(row)
	tid, err := h.Insert(o.txn, vals, nulls)
	if err != nil {
		t.Fatal(err)
	}
	key, _, _ := indexKey(nil, tb.Indexes[0], row)
	if err := e.env.Index(tb, tb.Indexes[0]).Insert(key, btree.TID{Block: tid.Block, Offset: tid.Offset}); err != nil {
		t.Fatal(err)
	}
	// 200 commits, but our snapshot was taken before.
	e.txn.onWait = nil
	ins := &plan.Insert{Table: tb, Input: values([]types.T{int4}, []any{1}), OnConflict: &plan.OnConflict{}}
	e.txn.hideCommitted = map[uint64]bool{200: true}
	delete(e.txn.running, 200)
	_, _, err = e.run(ins)
	wantErr(t, err, "40001", "could not serialize access due to concurrent update", "")
}
