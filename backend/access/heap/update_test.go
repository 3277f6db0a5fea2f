package heap_test

import (
	"strings"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

func (e *env) update(tx heap.Txn, tid tuple.TID, values [][]byte, indexed bool) heap.UpdateResult {
	e.t.Helper()
	res, err := e.h.Update(tx, tid, values, nil, indexed)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.Status != heap.TMOk {
		e.t.Fatalf("update of %v: %+v", tid, res)
	}
	return res
}

// hotValue HotFetches from root under snap and returns "n:s" and the TID
// of the member found.
func (e *env) hotValue(snap heap.Snapshot, root tuple.TID) (string, tuple.TID) {
	e.t.Helper()
	t, ok, err := e.h.HotFetch(snap, root)
	if err != nil {
		e.t.Fatal(err)
	}
	if !ok {
		return "", tuple.TID{}
	}
	_, v := e.decode(&t)
	return v, t.TID
}

func TestUpdateHOT(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		root := e.insertCommitted(row(1, 0, "v0"))
		old := e.read()
		tx := e.m.Begin()
		res := e.update(tx, root, row(1, 1, "v1"), false)
		if !res.HOT || res.NewTID.Block != root.Block || res.NewTID == root {
			t.Fatalf("update result %+v", res)
		}
		oh, _ := e.header(root)
		nh, _ := e.header(res.NewTID)
		if oh.Xmax != tx.XID || oh.Ctid != res.NewTID || oh.Infomask2&tuple.HotUpdated == 0 || oh.Infomask2&tuple.KeysUpdated != 0 ||
			oh.XmaxIsLockOnly() || oh.Cid != tx.CID {
			t.Fatalf("old header %+v", oh)
		}
		if nh.Xmin != tx.XID || !nh.IsHeapOnly() || nh.Infomask&tuple.Updated == 0 || nh.Ctid != res.NewTID {
			t.Fatalf("new header %+v", nh)
		}
		// Before commit: others see the old version through the root.
		if v, at := e.hotValue(e.read(), root); v != "0:v0" || at != root {
			t.Fatalf("HotFetch before commit = %q at %v", v, at)
		}
		tx.Next()
		if v, _ := e.hotValue(tx.Snapshot(), root); v != "1:v1" {
			t.Fatalf("updater sees %q", v)
		}
		tx.Commit()
		if v, at := e.hotValue(e.read(), root); v != "1:v1" || at != res.NewTID {
			t.Fatalf("HotFetch after commit = %q at %v", v, at)
		}
		if v, _ := e.hotValue(old, root); v != "0:v0" {
			t.Fatalf("old snapshot through the root: %q", v)
		}
		// An index entry never points at a heap-only version.
		if v, _ := e.hotValue(e.read(), res.NewTID); v != "" {
			t.Fatalf("HotFetch from a heap-only TID found %q", v)
		}
		// A chain of HOT updates.
		cur := res.NewTID
		for i := 2; i < 10; i++ {
			tx := e.m.Begin()
			cur = e.update(tx, cur, row(1, int32(i), "v"+itoa(int64(i))), false).NewTID
			tx.Commit()
		}
		if v, at := e.hotValue(e.read(), root); v != "9:v9" || at != cur {
			t.Fatalf("end of chain: %q at %v", v, at)
		}
		if got := e.scanAll(e.read()); len(got) != 1 || got[1] != "9:v9" {
			t.Fatalf("scan %v", got)
		}
		e.check()
	})
}

func TestUpdateIndexedIsNotHOT(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		root := e.insertCommitted(row(1, 0, "v0"))
		tx := e.m.Begin()
		res := e.update(tx, root, row(1, 1, "v1"), true)
		tx.Commit()
		if res.HOT || res.NewTID.Block != root.Block {
			t.Fatalf("result %+v", res)
		}
		oh, _ := e.header(root)
		nh, _ := e.header(res.NewTID)
		if oh.Infomask2&(tuple.HotUpdated) != 0 || oh.Infomask2&tuple.KeysUpdated == 0 || nh.IsHeapOnly() {
			t.Fatalf("old %+v new %+v", oh, nh)
		}
		// The new version is a root of its own: an index would point at it.
		if v, _ := e.hotValue(e.read(), res.NewTID); v != "1:v1" {
			t.Fatalf("new root: %q", v)
		}
		if v, _ := e.hotValue(e.read(), root); v != "" {
			t.Fatalf("old root still finds %q", v)
		}
		e.check()
	})
}

func TestUpdateToAnotherPage(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		// Fill page 0 nearly full.
		pad := strings.Repeat("p", 700)
		var tids []tuple.TID
		for i := 0; ; i++ {
			tid := e.insertCommitted(row(int64(i), 0, pad))
			if tid.Block != 0 {
				break
			}
			tids = append(tids, tid)
		}
		tx := e.m.Begin()
		res := e.update(tx, tids[0], row(0, 1, pad+pad), false)
		tx.Commit()
		if res.HOT || res.NewTID.Block == 0 {
			t.Fatalf("update that cannot fit stayed on the page: %+v", res)
		}
		e.withPage(mainRel, 0, func(p page.Page) {
			if p.Flags()&page.FlagPageFull == 0 || p.PruneXID() == 0 {
				t.Fatalf("old page flags %#x prune %d", p.Flags(), p.PruneXID())
			}
		})
		oh, _ := e.header(tids[0])
		if oh.Ctid != res.NewTID || oh.Infomask2&tuple.HotUpdated != 0 || oh.XmaxIsLockOnly() {
			t.Fatalf("old header %+v", oh)
		}
		got := e.scanAll(e.read())
		if got[0] != "1:"+pad+pad || len(got) != len(tids)+1 {
			t.Fatalf("scan has %d rows, row 0 = %.10q", len(got), got[0])
		}
		e.check()
	})
}

func TestUpdateConflicts(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tid := e.insertCommitted(row(1, 0, "a"))
		a := e.m.Begin()
		ra := e.update(a, tid, row(1, 1, "b"), false)

		// Same command again: self-modified.
		res, err := e.h.Update(a, tid, row(1, 2, "c"), nil, false)
		if err != nil || res.Status != heap.TMSelfModified || res.Cmax != a.CID {
			t.Fatalf("self: %+v %v", res, err)
		}
		// A later command of the same transaction no longer sees the old
		// version at all.
		a.Next()
		if _, err := e.h.Update(a, tid, row(1, 2, "c"), nil, false); err == nil || !strings.Contains(err.Error(), "attempted to update invisible tuple") {
			t.Fatalf("update of own superseded version: %v", err)
		}
		// Another transaction waits for a.
		b := e.m.Begin()
		res, _ = e.h.Update(b, tid, row(1, 9, "z"), nil, false)
		if res.Status != heap.TMBeingModified || res.Xmax != a.XID {
			t.Fatalf("concurrent: %+v", res)
		}
		a.Commit()
		// After a commits, b learns where the row went.
		res, _ = e.h.Update(b, tid, row(1, 9, "z"), nil, false)
		if res.Status != heap.TMUpdated || res.Ctid != ra.NewTID || res.Xmax != a.XID {
			t.Fatalf("after commit: %+v (new version %v)", res, ra.NewTID)
		}
		// b follows ctid and updates the latest version.
		e.update(b, res.Ctid, row(1, 9, "z"), false)
		b.Commit()
		if got := e.scanAll(e.read()); got[1] != "9:z" || len(got) != 1 {
			t.Fatalf("scan %v", got)
		}
		// An aborted update leaves the old version current.
		tid2 := e.insertCommitted(row(2, 0, "x"))
		c := e.m.Begin()
		rc := e.update(c, tid2, row(2, 1, "y"), false)
		c.Abort()
		if got := e.scanAll(e.read()); got[2] != "0:x" {
			t.Fatalf("after aborted update: %v", got)
		}
		d := e.m.Begin()
		rd := e.update(d, tid2, row(2, 2, "w"), false)
		d.Commit()
		if rd.NewTID == rc.NewTID {
			t.Fatal("reused the aborted version's slot while it still has storage")
		}
		if v, _ := e.hotValue(e.read(), tid2); v != "2:w" {
			t.Fatalf("chain after an aborted update: %q", v)
		}
		e.check()

		x := e.m.Begin()
		if _, err := e.h.Update(x, tuple.TID{Block: 99, Offset: 1}, row(0, 0, ""), nil, false); pgerr.Code(err) != pgerr.InternalError {
			t.Fatalf("update past the end: %v", err)
		}
		if _, err := e.h.Update(x, tid, []([]byte){tuple.Int64(1)}, nil, false); pgerr.Code(err) != pgerr.InternalError {
			t.Fatalf("update with the wrong number of values: %v", err)
		}
		x.Commit()
	})
}

// TestUpdateOwnInsert covers a transaction updating and deleting a row it
// inserted, where t_cid holds cmin and then cmax.
func TestUpdateOwnInsert(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tx := e.m.Begin()
		tid := e.insert(tx, row(1, 0, "a"))
		tx.Next()
		r := e.update(tx, tid, row(1, 1, "b"), false)
		tx.Next()
		if v, _ := e.hotValue(tx.Snapshot(), tid); v != "1:b" {
			t.Fatalf("own chain: %q", v)
		}
		if res, err := e.h.Delete(tx, r.NewTID); err != nil || res.Status != heap.TMOk {
			t.Fatalf("delete own version: %+v %v", res, err)
		}
		tx.Next()
		if got := e.scanAll(tx.Snapshot()); len(got) != 0 {
			t.Fatalf("own deleted row still visible: %v", got)
		}
		tx.Commit()
		if got := e.scanAll(e.read()); len(got) != 0 {
			t.Fatalf("deleted row visible: %v", got)
		}
		e.check()
	})
}

// TestUpdateExtendLockOrder: the new version needs a new page, which the
// pool hands over locked; the old page's lock, which by the lock order
// comes first, is then only tried, and when that fails both are retaken
// in order.
func TestUpdateExtendLockOrder(t *testing.T) {
	e := newEnv(t, "fake", envOpts{noToast: true})
	pad := strings.Repeat("p", 1000)
	var first tuple.TID
	for i := 0; ; i++ {
		tid := e.insertCommitted(row(int64(i), 0, pad))
		if i == 0 {
			first = tid
		}
		if tid.Block == 1 {
			break
		}
	}
	// Fill block 1 too, so that the update must extend.
	for {
		if tid := e.insertCommitted(row(100, 0, pad)); tid.Block == 2 {
			break
		}
	}
	fresh, err := heap.Open(e.pool, heap.Config{Rel: mainRel, Name: "t", Desc: rowDesc})
	if err != nil {
		t.Fatal(err)
	}
	n0, _ := fresh.Nblocks()
	// Fill the last page as well: a fresh handle would try it.
	for {
		tx := e.m.Begin()
		tid, err := fresh.Insert(tx, row(200, 0, pad), nil)
		tx.Commit()
		if err != nil {
			t.Fatal(err)
		}
		if tid.Block == n0 {
			break
		}
	}
	e.fake.RefuseConditional = 1
	tx := e.m.Begin()
	big := string(randomBytes(1500, 8)) // incompressible, larger than any page's room
	res, err := e.h.Update(tx, first, row(0, 1, big), nil, false)
	tx.Commit()
	if err != nil || res.Status != heap.TMOk || res.NewTID.Block == 0 {
		t.Fatalf("update: %+v %v", res, err)
	}
	if e.fake.RefuseConditional != 0 {
		n, _ := e.h.Nblocks()
		t.Fatalf("the old page's lock was never tried: new version at %v, %d blocks, first %v", res.NewTID, n, first)
	}
	if got := e.fetchValue(e.read(), res.NewTID); got != "1:"+big {
		t.Fatalf("new version: %.10q", got)
	}
	e.check()
}
