package heap_test

import (
	"strings"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

func TestLimits(t *testing.T) {
	if heap.MaxHeapTupleSize != 8160 || heap.MaxHeapTuplesPerPage != 226 {
		t.Fatalf("MaxHeapTupleSize %d, MaxHeapTuplesPerPage %d", heap.MaxHeapTupleSize, heap.MaxHeapTuplesPerPage)
	}
	if heap.ToastTupleThreshold != 2032 || heap.ToastMaxChunkSize != 1976 {
		t.Fatalf("ToastTupleThreshold %d, ToastMaxChunkSize %d", heap.ToastTupleThreshold, heap.ToastMaxChunkSize)
	}
	// A full chunk tuple is exactly the threshold, so four fill a page.
	vals := [][]byte{tuple.Int64(1), tuple.Int32(0), tuple.Int32(0), tuple.Int16(0), tuple.MakeVarlena(make([]byte, heap.ToastMaxChunkSize))}
	if n, _, _ := tuple.Size(heap.ToastDesc, vals, nil); n != heap.ToastTupleThreshold {
		t.Fatalf("full chunk tuple is %d bytes", n)
	}
	if _, err := heap.Open(nil, heap.Config{Name: "x", Desc: rowDesc, FillFactor: 5}); pgerr.Code(err) != pgerr.InvalidParameterValue {
		t.Fatalf("fillfactor 5: %v", err)
	}
}

func TestInsertFetch(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		var tids []tuple.TID
		for i := range 500 {
			tids = append(tids, e.insertCommitted(row(int64(i), int32(i*7), strings.Repeat("v", i%50))))
		}
		snap := e.read()
		for i, tid := range tids {
			want := itoa(int64(i*7)) + ":" + strings.Repeat("v", i%50)
			if got := e.fetchValue(snap, tid); got != want {
				t.Fatalf("row %d at %v = %q, want %q", i, tid, got, want)
			}
		}
		if n, _ := e.h.Nblocks(); n < 2 {
			t.Fatalf("500 rows in %d blocks", n)
		}
		// TIDs that name nothing.
		n, _ := e.h.Nblocks()
		for _, tid := range []tuple.TID{{Block: 0, Offset: 0}, {Block: 0, Offset: 999}, {Block: n + 5, Offset: 1}} {
			if _, ok, err := e.h.Fetch(snap, tid); ok || err != nil {
				t.Fatalf("Fetch(%v) = %v, %v", tid, ok, err)
			}
		}
		e.check()
	})
}

func TestInsertVisibility(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tx := e.m.Begin()
		tid := e.insert(tx, row(1, 1, "mine"))
		if got := e.fetchValue(tx.Snapshot(), tid); got != "" {
			t.Fatalf("visible to its own command before CommandCounterIncrement: %q", got)
		}
		tx.Next()
		if got := e.fetchValue(tx.Snapshot(), tid); got != "1:mine" {
			t.Fatalf("own insert after Next: %q", got)
		}
		other := e.read()
		if got := e.fetchValue(other, tid); got != "" {
			t.Fatalf("uncommitted insert visible to another: %q", got)
		}
		tx.Commit()
		if got := e.fetchValue(other, tid); got != "" {
			t.Fatalf("commit after the snapshot became visible to it: %q", got)
		}
		if got := e.fetchValue(e.read(), tid); got != "1:mine" {
			t.Fatalf("committed insert: %q", got)
		}
		ab := e.m.Begin()
		atid := e.insert(ab, row(2, 2, "gone"))
		ab.Abort()
		if got := e.fetchValue(e.read(), atid); got != "" {
			t.Fatalf("aborted insert visible: %q", got)
		}
		hdr, _ := e.header(atid)
		if hdr.Infomask&tuple.XminInvalid == 0 && e.fake != nil {
			t.Fatal("reader did not set XMIN_INVALID")
		}
		e.check()
	})
}

func TestInsertHeader(t *testing.T) {
	e := newEnv(t, "fake", envOpts{})
	tx := e.m.Begin()
	tx.Next()
	tx.Next()
	tid := e.insert(tx, row(1, 2, "x"))
	hdr, flags := e.header(tid)
	if flags != page.Normal || hdr.Xmin != tx.XID || hdr.Xmax != 0 || hdr.Cid != 2 || hdr.Ctid != tid ||
		hdr.Infomask != tuple.HasVarWidth|tuple.XmaxInvalid || hdr.Natts() != 3 || hdr.Hoff != 32 {
		t.Fatalf("header %+v", hdr)
	}
	tx.Commit()
}

func TestFillFactor(t *testing.T) {
	count := func(ff int) uint32 {
		e := newEnv(t, "fake", envOpts{fillFactor: ff})
		for i := range 1000 {
			e.insertCommitted(row(int64(i), 0, "0123456789"))
		}
		n, _ := e.h.Nblocks()
		// Every page but the last keeps the reserve.
		for blk := range n - 1 {
			e.withPage(mainRel, blk, func(p page.Page) {
				if free := p.FreeSpace(); ff < 100 && free < page.Size*(100-ff)/100-64 {
					t.Fatalf("ff %d: page %d has only %d bytes free", ff, blk, free)
				}
			})
		}
		e.check()
		return n
	}
	full, half := count(100), count(50)
	if half < full*18/10 {
		t.Fatalf("fillfactor 50 used %d pages, 100 used %d", half, full)
	}
}

func TestRowTooBig(t *testing.T) {
	forEachPool(t, envOpts{noToast: true}, func(t *testing.T, e *env) {
		big := randomBytes(9000, 1)
		tx := e.m.Begin()
		_, err := e.h.Insert(tx, [][]byte{tuple.Int64(1), tuple.Int32(1), tuple.MakeVarlena(big)}, nil)
		pe := pgerr.From(err)
		if pe.Code != "54000" || !strings.HasPrefix(pe.Message, "row is too big: size ") || !strings.HasSuffix(pe.Message, ", maximum size 8160") {
			t.Fatalf("err = %v", err)
		}
		// A compressible value of the same size fits without a toast relation.
		if _, err := e.h.Insert(tx, row(2, 2, strings.Repeat("abc", 3000)), nil); err != nil {
			t.Fatal(err)
		}
		tx.Commit()
		if got := e.scanAll(e.read())[2]; got != "2:"+strings.Repeat("abc", 3000) {
			t.Fatalf("compressed row read back as %d bytes", len(got))
		}
		e.check()
	})
}

func TestNullsAndWideRows(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tx := e.m.Begin()
		tid, err := e.h.Insert(tx, [][]byte{tuple.Int64(9), nil, nil}, []bool{false, true, true})
		if err != nil {
			t.Fatal(err)
		}
		tx.Commit()
		got, ok, err := e.h.Fetch(e.read(), tid)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		vals, nulls, err := e.h.Values(&got)
		if err != nil || nulls[0] || !nulls[1] || !nulls[2] || tuple.GetInt64(vals[0]) != 9 {
			t.Fatalf("vals %v nulls %v err %v", vals, nulls, err)
		}
		if !got.Header.HasNulls() {
			t.Fatal("HASNULL not set")
		}
	})
}

func TestScanEmptyAndNewPages(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		if got := e.scanAll(e.read()); len(got) != 0 {
			t.Fatalf("empty relation scanned %d rows", len(got))
		}
		// A page added but never initialised (a crash after extension)
		// is skipped by scans and used by inserts.
		b, blk, err := e.pool.ExtendRelation(mainRel, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.pool.Unlock(b)
		e.pool.Release(b)
		if got := e.scanAll(e.read()); len(got) != 0 {
			t.Fatalf("new page scanned %d rows", len(got))
		}
		tid := e.insertCommitted(row(1, 1, "a"))
		if tid.Block != blk {
			t.Fatalf("insert went to %v, not the empty last page %d", tid, blk)
		}
		e.check()
	})
}

func TestScanCopiesAndHints(t *testing.T) {
	e := newEnv(t, "fake", envOpts{})
	for i := range 300 {
		e.insertCommitted(row(int64(i), int32(i), "x"))
	}
	s, err := e.h.Scan(e.read())
	if err != nil {
		t.Fatal(err)
	}
	var first heap.Tuple
	n := 0
	for s.Next() {
		if n == 0 {
			first = s.Tuple().Clone()
		}
		n++
		// The scan holds nothing between calls.
		if err := e.fake.CheckIdle(); err != nil {
			t.Fatal(err)
		}
	}
	if n != 300 || s.Err() != nil {
		t.Fatalf("scanned %d rows, %v", n, s.Err())
	}
	if id, _ := e.decode(&first); id != 0 {
		t.Fatalf("clone changed: id %d", id)
	}
	if e.fake.HintDirtied == 0 {
		t.Fatal("scan set no hint bits")
	}
	hdr, _ := e.header(first.TID)
	if hdr.Infomask&tuple.XminCommitted == 0 {
		t.Fatal("XMIN_COMMITTED not stored")
	}
}

func TestDelete(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tid := e.insertCommitted(row(1, 1, "a"))
		before := e.read()

		d := e.m.Begin()
		res, err := e.h.Delete(d, tid)
		if err != nil || res.Status != heap.TMOk {
			t.Fatalf("Delete = %+v, %v", res, err)
		}
		hdr, _ := e.header(tid)
		if hdr.Xmax != d.XID || hdr.Infomask2&tuple.KeysUpdated == 0 || hdr.Cid != d.CID || hdr.Ctid != tid {
			t.Fatalf("deleted header %+v", hdr)
		}
		// Deleting again in the same command.
		if res, _ := e.h.Delete(d, tid); res.Status != heap.TMSelfModified {
			t.Fatalf("second delete: %v", res.Status)
		}
		// Another transaction meets the delete in progress.
		o := e.m.Begin()
		if res, _ := e.h.Delete(o, tid); res.Status != heap.TMBeingModified || res.Xmax != d.XID {
			t.Fatalf("concurrent delete: %+v", res)
		}
		if got := e.fetchValue(e.read(), tid); got != "1:a" {
			t.Fatalf("row gone before the delete committed: %q", got)
		}
		d.Commit()
		if res, _ := e.h.Delete(o, tid); res.Status != heap.TMDeleted || res.Xmax != d.XID || res.Ctid != tid {
			t.Fatalf("delete after committed delete: %+v", res)
		}
		o.Abort()
		if got := e.fetchValue(e.read(), tid); got != "" {
			t.Fatalf("deleted row visible: %q", got)
		}
		if got := e.fetchValue(before, tid); got != "1:a" {
			t.Fatalf("older snapshot lost the row: %q", got)
		}
		// A delete that aborts leaves the row; the next delete takes over.
		tid2 := e.insertCommitted(row(2, 2, "b"))
		a := e.m.Begin()
		e.h.Delete(a, tid2)
		a.Abort()
		if got := e.fetchValue(e.read(), tid2); got != "2:b" {
			t.Fatalf("row after aborted delete: %q", got)
		}
		e.m.Committed(func(tx *heaptestMTx) {
			if res, err := e.h.Delete(tx, tid2); res.Status != heap.TMOk || err != nil {
				t.Fatalf("delete after aborted delete: %+v %v", res, err)
			}
		})
		// Errors.
		x := e.m.Begin()
		if _, err := e.h.Delete(x, tuple.TID{Block: 0, Offset: 200}); pgerr.Code(err) != pgerr.InternalError {
			t.Fatalf("delete of nothing: %v", err)
		}
		inv := e.insert(e.m.Begin(), row(3, 3, "c")) // never committed, still running
		if _, err := e.h.Delete(x, inv); err == nil || !strings.Contains(err.Error(), "attempted to delete invisible tuple") {
			t.Fatalf("delete of an uncommitted row: %v", err)
		}
		x.Commit()
		e.check()
	})
}

func TestLockTuple(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tid := e.insertCommitted(row(1, 1, "a"))
		l := e.m.Begin()
		for _, m := range []heap.RowLockMode{heap.LockKeyShare, heap.LockShare, heap.LockNoKeyExclusive, heap.LockExclusive, heap.LockShare} {
			if res, err := e.h.LockTuple(l, tid, m); err != nil || res.Status != heap.TMOk {
				t.Fatalf("lock %d: %+v %v", m, res, err)
			}
		}
		hdr, _ := e.header(tid)
		if hdr.Xmax != l.XID || !hdr.XmaxIsLockOnly() || hdr.Infomask&tuple.XmaxExcl == 0 || hdr.Infomask2&tuple.KeysUpdated == 0 {
			t.Fatalf("locked header %+v (the strongest lock must stay)", hdr)
		}
		// Readers ignore locks.
		if got := e.fetchValue(e.read(), tid); got != "1:a" {
			t.Fatalf("locked row: %q", got)
		}
		// Others wait, whatever they want (no multixacts).
		o := e.m.Begin()
		if res, _ := e.h.LockTuple(o, tid, heap.LockKeyShare); res.Status != heap.TMBeingModified || res.Xmax != l.XID {
			t.Fatalf("second locker: %+v", res)
		}
		if res, _ := e.h.Update(o, tid, row(1, 2, "b"), nil, false); res.Status != heap.TMBeingModified {
			t.Fatalf("update of a locked row: %+v", res)
		}
		// The locker may update its locked row.
		up, err := e.h.Update(l, tid, row(1, 3, "c"), nil, false)
		if err != nil || up.Status != heap.TMOk {
			t.Fatalf("locker's update: %+v %v", up, err)
		}
		l.Commit()
		if res, _ := e.h.LockTuple(o, tid, heap.LockShare); res.Status != heap.TMUpdated || res.Ctid != up.NewTID {
			t.Fatalf("lock of an updated row: %+v, new version at %v", res, up.NewTID)
		}
		o.Commit()

		// A lock by a transaction that ended is no lock.
		tid2 := e.insertCommitted(row(2, 1, "x"))
		for _, end := range []func(*heaptestMTx){(*heaptestMTx).Commit, (*heaptestMTx).Abort} {
			a := e.m.Begin()
			e.h.LockTuple(a, tid2, heap.LockExclusive)
			end(a)
			b := e.m.Begin()
			if res, err := e.h.LockTuple(b, tid2, heap.LockShare); err != nil || res.Status != heap.TMOk {
				t.Fatalf("lock after the locker ended: %+v %v", res, err)
			}
			b.Commit()
		}
		e.check()
	})
}

func TestDetoastInline(t *testing.T) {
	e := newEnv(t, "fake", envOpts{})
	for _, v := range [][]byte{tuple.Text(""), tuple.Text("short"), {0x07, 'a', 'b', 'c'}} {
		p, err := e.h.Detoast(v)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := tuple.Payload(v)
		if string(p) != string(want) {
			t.Fatalf("Detoast(%x) = %q", v, p)
		}
	}
	if _, err := e.h.Detoast([]byte{0x02}); pgerr.Code(err) != "XX001" {
		t.Fatalf("Detoast of garbage: %v", err)
	}
}

// TestInsertUnalignedFill fills pages with tuples whose length is not a
// multiple of MAXALIGN, in every size mix: a page's last free bytes must
// be judged by the aligned length the item takes, or an insert picks a
// page it cannot fit on.
func TestInsertUnalignedFill(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		for i := range 3000 {
			e.insertCommitted(row(int64(i), int32(i), strings.Repeat("x", (i*37)%211)))
		}
		if got := len(e.scanAll(e.read())); got != 3000 {
			t.Fatalf("%d rows after 3000 inserts", got)
		}
		e.check()
	})
}

// TestInsertMulti: rows inserted in batches read back as those inserted
// one by one would, in order.
func TestInsertMulti(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tx := e.m.Begin()
		var rows []heap.Row
		for i := range 700 {
			rows = append(rows, heap.Row{Values: row(int64(i), int32(i*3), strings.Repeat("m", i%60))})
		}
		tids, err := e.h.InsertMulti(tx, rows[:300], nil)
		if err != nil {
			t.Fatal(err)
		}
		if tids, err = e.h.InsertMulti(tx, rows[300:], tids); err != nil {
			t.Fatal(err)
		}
		tx.Commit()
		if len(tids) != len(rows) {
			t.Fatalf("%d TIDs for %d rows", len(tids), len(rows))
		}
		snap := e.read()
		for i, tid := range tids {
			want := itoa(int64(i*3)) + ":" + strings.Repeat("m", i%60)
			if got := e.fetchValue(snap, tid); got != want {
				t.Fatalf("row %d at %v = %q, want %q", i, tid, got, want)
			}
			if i > 0 && (tid.Block < tids[i-1].Block || tid.Block == tids[i-1].Block && tid.Offset <= tids[i-1].Offset) {
				t.Fatalf("row %d at %v after %v", i, tid, tids[i-1])
			}
		}
		if got := len(e.scanAll(snap)); got != len(rows) {
			t.Fatalf("scan sees %d rows", got)
		}
		e.check()
	})
}
