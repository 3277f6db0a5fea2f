package heap_test

import (
	"strings"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/page"
)

func (e *env) prune(blk uint32) heap.PruneStats {
	e.t.Helper()
	st, err := e.h.Prune(blk, e.m.Horizon())
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func itemFlags(e *env, tid tuple.TID) page.ItemFlags {
	_, f := e.header(tid)
	return f
}

func TestPruneHOTChainToRedirect(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		root := e.insertCommitted(row(1, 0, "v0"))
		other := e.insertCommitted(row(2, 0, "other"))
		var members []tuple.TID
		cur := root
		for i := 1; i <= 5; i++ {
			tx := e.m.Begin()
			cur = e.update(tx, cur, row(1, int32(i), "v"+itoa(int64(i))), false).NewTID
			tx.Commit()
			members = append(members, cur)
		}
		var freeBefore int
		e.withPage(mainRel, 0, func(p page.Page) { freeBefore = p.FreeSpace() })
		st := e.prune(0)
		if st.Removed != 5 || st.Redirected != 1 || st.Unused != 4 || st.Dead != 0 {
			t.Fatalf("prune stats %+v", st)
		}
		e.withPage(mainRel, 0, func(p page.Page) {
			if _, _, f := p.ItemID(page.OffsetNumber(root.Offset)); f != page.Redirect {
				t.Fatalf("root is %v, not a redirect", f)
			}
			if p.RedirectTarget(page.OffsetNumber(root.Offset)) != page.OffsetNumber(cur.Offset) {
				t.Fatalf("redirect to %d, want %d", p.RedirectTarget(page.OffsetNumber(root.Offset)), cur.Offset)
			}
			if p.FreeSpace() <= freeBefore {
				t.Fatalf("free space %d, was %d", p.FreeSpace(), freeBefore)
			}
			if p.PruneXID() != 0 || p.Flags()&page.FlagHasFreeLines == 0 {
				t.Fatalf("flags %#x prune %d", p.Flags(), p.PruneXID())
			}
		})
		for _, m := range members[:4] {
			if f := itemFlags(e, m); f != page.Unused {
				t.Fatalf("member %v is %v", m, f)
			}
		}
		if v, at := e.hotValue(e.read(), root); v != "5:v5" || at != cur {
			t.Fatalf("through the redirect: %q at %v", v, at)
		}
		if got := e.scanAll(e.read()); len(got) != 2 || got[1] != "5:v5" || got[2] != "0:other" {
			t.Fatalf("scan %v", got)
		}
		if v := e.fetchValue(e.read(), other); v != "0:other" {
			t.Fatalf("untouched row moved: %q", v)
		}
		// The freed slots are reused, and a second round of updates
		// prunes through the redirect.
		for i := 6; i <= 8; i++ {
			tx := e.m.Begin()
			cur = e.update(tx, cur, row(1, int32(i), "v"), false).NewTID
			tx.Commit()
		}
		st = e.prune(0)
		if st.Removed != 3 || st.Redirected != 1 {
			t.Fatalf("second prune %+v", st)
		}
		if v, _ := e.hotValue(e.read(), root); v != "8:v" {
			t.Fatalf("after second prune: %q", v)
		}
		e.check()
	})
}

func TestPruneDeletedChain(t *testing.T) {
	for _, noIndexes := range []bool{false, true} {
		e := newEnv(t, "fake", envOpts{})
		if noIndexes {
			var err error
			e.h, err = heap.Open(e.pool, heap.Config{Rel: mainRel, Name: "t", Desc: rowDesc, NoIndexes: true})
			if err != nil {
				t.Fatal(err)
			}
		}
		root := e.insertCommitted(row(1, 0, "v0"))
		tx := e.m.Begin()
		mid := e.update(tx, root, row(1, 1, "v1"), false).NewTID
		tx.Commit()
		e.m.Committed(func(tx *heaptestMTx) { e.h.Delete(tx, mid) })
		st := e.prune(0)
		want := page.Dead
		if noIndexes {
			want = page.Unused
		}
		if st.Removed != 2 || itemFlags(e, root) != want || itemFlags(e, mid) != page.Unused {
			t.Fatalf("noIndexes=%v: stats %+v, root %v, member %v", noIndexes, st, itemFlags(e, root), itemFlags(e, mid))
		}
		if v, _ := e.hotValue(e.read(), root); v != "" {
			t.Fatalf("dead root found %q", v)
		}
		e.check()
	}
}

func TestPruneKeepsWhatSnapshotsSee(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		root := e.insertCommitted(row(1, 0, "v0"))
		reader := e.m.Begin()
		old := reader.Snapshot() // holds the horizon back
		tx := e.m.Begin()
		r1 := e.update(tx, root, row(1, 1, "v1"), false)
		tx.Commit()
		tx = e.m.Begin()
		e.update(tx, r1.NewTID, row(1, 2, "v2"), false)
		tx.Commit()
		st := e.prune(0)
		if st.Removed != 0 {
			t.Fatalf("pruned versions an open snapshot sees: %+v", st)
		}
		if v, _ := e.hotValue(old, root); v != "0:v0" {
			t.Fatalf("old snapshot: %q", v)
		}
		// Still worth pruning later.
		e.withPage(mainRel, 0, func(p page.Page) {
			if p.PruneXID() == 0 {
				t.Fatal("page no longer marked prunable")
			}
		})
		reader.Commit()
		if st := e.prune(0); st.Removed != 2 {
			t.Fatalf("after the reader ended: %+v", st)
		}
		if v, _ := e.hotValue(e.read(), root); v != "2:v2" {
			t.Fatalf("after prune: %q", v)
		}
		e.check()
	})
}

// TestPruneRecentlyDeadThenDead walks a chain past a version the horizon
// calls recently dead to a later one it calls dead: both go. Horizons
// compare xids, and xids need not follow commit order: here b (the higher
// xid) updates first and commits, then a (lower) updates the new version.
// With the horizon between them (a later transaction between a and b that
// took its snapshot after both committed), root's deleter b counts as
// recent and the middle version's deleter a as old; but nobody can see
// root without seeing the middle version, so root is dead too.
func TestPruneRecentlyDeadThenDead(t *testing.T) {
	e := newEnv(t, "fake", envOpts{})
	root := e.insertCommitted(row(1, 0, "v0"))
	a := e.m.Begin()
	b := e.m.Begin()
	ra := e.update(b, root, row(1, 1, "v1"), false)
	b.Commit()
	rb := e.update(a, ra.NewTID, row(1, 2, "v2"), false)
	a.Commit()
	hz := &heaptest.Horizon{O: e.m, OldestXmin: b.XID}
	if s := hz.PruneStatus(&tuple.Header{Xmin: 1, Xmax: b.XID, Infomask: tuple.XminCommitted | tuple.XmaxCommitted}); s != heap.RecentlyDead {
		t.Fatalf("root's status %v", s)
	}
	st, err := e.h.Prune(0, hz)
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed != 2 || st.Redirected != 1 || st.Unused != 1 {
		t.Fatalf("stats %+v", st)
	}
	if v, at := e.hotValue(e.read(), root); v != "2:v2" || at != rb.NewTID {
		t.Fatalf("after prune: %q at %v", v, at)
	}
	e.check()
}

func TestPruneAbortedUpdates(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		root := e.insertCommitted(row(1, 0, "v0"))
		ab := e.m.Begin()
		orphan := e.update(ab, root, row(1, 1, "aborted"), false).NewTID
		ab.Abort()
		// The next update replaces the aborted xmax and strands the
		// aborted version.
		tx := e.m.Begin()
		next := e.update(tx, root, row(1, 2, "v2"), false).NewTID
		tx.Commit()
		aborted := e.m.Begin()
		aborted.Abort()
		// An aborted plain insert too.
		ins := e.m.Begin()
		gone := e.insert(ins, row(9, 9, "never"))
		ins.Abort()
		st := e.prune(0)
		if itemFlags(e, orphan) != page.Unused || itemFlags(e, gone) != page.Dead {
			t.Fatalf("stats %+v: orphan %v, aborted insert %v", st, itemFlags(e, orphan), itemFlags(e, gone))
		}
		if v, at := e.hotValue(e.read(), root); v != "2:v2" || at.Offset != next.Offset && itemFlags(e, root) != page.Redirect {
			t.Fatalf("chain after prune: %q at %v", v, at)
		}
		e.check()
	})
}

// TestOpportunisticPrune: a row updated over and over, read by scans and
// index fetches that carry a horizon, stays on one page.
func TestOpportunisticPrune(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		root := e.insertCommitted(row(1, 0, strings.Repeat("x", 200)))
		cur := root
		for i := 1; i <= 400; i++ {
			tx := e.m.Begin()
			res := e.update(tx, cur, row(1, int32(i), strings.Repeat("x", 200)), false)
			tx.Commit()
			cur = res.NewTID
			snap := heaptest.PruningSnapshot{Snapshot: e.read(), Horizon: e.m.Horizon()}
			if i%2 == 0 {
				s, err := e.h.Scan(snap)
				if err != nil {
					t.Fatal(err)
				}
				for s.Next() {
				}
				s.Close()
			} else {
				v, at := e.hotValue(snap, root)
				if v != itoa(int64(i))+":"+strings.Repeat("x", 200) {
					t.Fatalf("update %d: HotFetch %q", i, v)
				}
				cur = at
			}
		}
		if n, _ := e.h.Nblocks(); n != 1 {
			t.Fatalf("400 HOT updates of one row took %d pages", n)
		}
		e.check()
	})
}

func TestPruneRecordsFreeSpace(t *testing.T) {
	e := newEnv(t, "fake", envOpts{})
	var tids []tuple.TID
	for i := 0; ; i++ {
		tid := e.insertCommitted(row(int64(i), 0, strings.Repeat("y", 500)))
		if tid.Block != 0 {
			break
		}
		tids = append(tids, tid)
	}
	for _, tid := range tids {
		e.m.Committed(func(tx *heaptestMTx) { e.h.Delete(tx, tid) })
	}
	e.prune(0)
	if free, _ := e.h.FSM().Get(0); free < 7000 {
		t.Fatalf("FSM says block 0 has %d bytes after pruning everything", free)
	}
	// A new inserter (no cached target) finds block 0 through the map.
	fresh, err := heap.Open(e.pool, heap.Config{Rel: mainRel, Name: "t", Desc: rowDesc})
	if err != nil {
		t.Fatal(err)
	}
	tx := e.m.Begin()
	tid, err := fresh.Insert(tx, row(1000, 0, "z"), nil)
	tx.Commit()
	if err != nil || tid.Block != 0 {
		t.Fatalf("insert went to %v (%v), not the pruned block 0", tid, err)
	}
	e.check()
}

// TestPruneWaitsForHorizon: a fetch does not prune a full page whose
// oldest deletion some transaction may still need (pd_prune_xid not behind
// the horizon); once the horizon has passed it, the next fetch prunes.
func TestPruneWaitsForHorizon(t *testing.T) {
	e := newEnv(t, "fake", envOpts{})
	root := e.insertCommitted(row(1, 0, strings.Repeat("x", 200)))
	cur := root
	old := e.m.Begin() // holds the horizon back
	for i := 1; ; i++ {
		tx := e.m.Begin()
		res := e.update(tx, cur, row(1, int32(i), strings.Repeat("x", 200)), false)
		tx.Commit()
		if res.NewTID.Block != 0 {
			break // the page is full
		}
		cur = res.NewTID
	}
	full := func() (full bool) {
		e.withPage(mainRel, 0, func(p page.Page) { full = p.Flags()&page.FlagPageFull != 0 })
		return full
	}
	if !full() {
		t.Fatal("an update that did not fit left the page unmarked")
	}
	snap := heaptest.PruningSnapshot{Snapshot: e.read(), Horizon: e.m.Horizon()}
	e.hotValue(snap, root)
	if f := itemFlags(e, root); f != page.Normal || !full() {
		t.Fatalf("pruned with no deletion behind the horizon: root is %v, page full %v", f, full())
	}
	old.Commit()
	snap = heaptest.PruningSnapshot{Snapshot: e.read(), Horizon: e.m.Horizon()}
	e.hotValue(snap, cur)
	if f := itemFlags(e, root); f == page.Normal || full() {
		t.Fatalf("not pruned once the horizon passed: root is %v, page full %v", f, full())
	}
	e.check()
}
