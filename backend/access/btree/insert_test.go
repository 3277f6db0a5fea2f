package btree

import (
	"errors"
	"math/rand/v2"
	"testing"

	"ringpg/backend/storage/bufmgr"
	"ringpg/pgerr"
)

// TestInsertOrders inserts keys in several orders and sizes, which
// exercises leaf splits (rightmost with the fill factor, in the middle,
// leftmost), internal splits and root splits, and compares the tree with
// the model after each batch.
func TestInsertOrders(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		pad    int // key padding: bigger keys, more levels
		order  func(i, n int) int
		levels int // at least
	}{
		{"ascending", 12000, 0, func(i, n int) int { return i }, 2},
		{"descending", 12000, 0, func(i, n int) int { return n - 1 - i }, 2},
		{"random", 12000, 0, nil, 2},
		{"ascending-wide", 3000, 700, func(i, n int) int { return i }, 4},
		{"descending-wide", 3000, 700, func(i, n int) int { return n - 1 - i }, 4},
		{"random-wide", 3000, 700, nil, 4},
		{"random-max", 300, MaxKeySize - 9 - 10, nil, 4},
		{"zigzag", 6000, 100, func(i, n int) int {
			if i%2 == 0 {
				return i / 2
			}
			return n - 1 - i/2
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			perm := rand.New(rand.NewPCG(1, uint64(tc.n))).Perm(tc.n)
			var m model
			for i := range tc.n {
				v := perm[i]
				if tc.order != nil {
					v = tc.order(i, tc.n)
				}
				k := padKey(int64(v), tc.pad)
				h.insert(k, tidOf(v))
				m.insert(entry{k, tidOf(v)})
				if (i+1)%(tc.n/4) == 0 {
					h.check()
					sameEntries(t, "forward", scanAll(t, h.ix, ScanSpec{}), m)
				}
			}
			st := h.check()
			if st.Levels < tc.levels {
				t.Errorf("tree has %d levels, want at least %d (pages per level %v)", st.Levels, tc.levels, st.Pages)
			}
			if st.LeafEntries != tc.n {
				t.Errorf("%d leaf entries, want %d", st.LeafEntries, tc.n)
			}
			sameEntries(t, "backward", scanAll(t, h.ix, ScanSpec{Backward: true}), m.scan(ScanSpec{Backward: true}))
		})
	}
}

// TestAscendingFill checks the rightmost-split rule: ascending insertions
// leave the left pages about 90% full, not half full.
func TestAscendingFill(t *testing.T) {
	h := newHarness(t)
	for i := range 50000 {
		h.insert(intKey(int64(i)), tidOf(i))
	}
	st := h.check()
	perPage := 50000 / st.Pages[0]
	// An entry is 8+9 bytes, 24 aligned, 28 with its line pointer: 291 fit
	// in a page, 90% is 262.
	if perPage < 240 {
		t.Errorf("%d entries per leaf on average after ascending inserts, want about 262 (pages %v)", perPage, st.Pages)
	}
}

// TestDuplicates fills many pages with one key: the TID tie-breaker keeps
// entries unique and ordered, separators between equal keys carry TIDs,
// and lookups, scans and insertions in the middle of the run work.
func TestDuplicates(t *testing.T) {
	h := newHarness(t)
	var m model
	r := rand.New(rand.NewPCG(2, 3))
	dup := intKey(42)
	for _, i := range r.Perm(6000) {
		k := dup
		switch i % 10 {
		case 0:
			k = intKey(41)
		case 1:
			k = intKey(43)
		}
		h.insert(k, tidOf(i))
		m.insert(entry{k, tidOf(i)})
	}
	h.check()
	sameEntries(t, "all", scanAll(t, h.ix, ScanSpec{}), m)
	spec := ScanSpec{Lower: dup, Upper: dup}
	sameEntries(t, "equal", scanAll(t, h.ix, spec), m.scan(spec))
	spec.Backward = true
	sameEntries(t, "equal backward", scanAll(t, h.ix, spec), m.scan(spec))
	tids, err := h.ix.Lookup(dup, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tids) != 4800 {
		t.Fatalf("lookup found %d entries, want 4800", len(tids))
	}
	for i := 1; i < len(tids); i++ {
		if compareTID(tids[i-1], tids[i]) >= 0 {
			t.Fatalf("lookup result not in TID order at %d", i)
		}
	}
	if err := h.fb.idle(); err != nil {
		t.Fatal(err)
	}
}

func TestInsertErrors(t *testing.T) {
	h := newHarness(t)
	err := h.ix.Insert(make([]byte, MaxKeySize+1), TID{1, 1})
	if e := pgerr.From(err); e.Code != ProgramLimitExceeded ||
		e.Message != `index row size 2712 exceeds btree version 4 maximum 2704 for index "test_idx"` {
		t.Errorf("oversized key: %v (%s)", err, e.Code)
	}
	if err := h.ix.Insert(make([]byte, MaxKeySize), TID{1, 1}); err != nil {
		t.Errorf("largest key: %v", err)
	}
	h.insert(intKey(1), TID{1, 2})
	if err := h.ix.Insert(intKey(1), TID{1, 2}); pgerr.Code(err) != pgerr.InternalError {
		t.Errorf("same entry twice: %v", err)
	}
	h.check()
}

// TestIncompleteSplit makes the parent insertion of leaf splits fail,
// leaving pages flagged incomplete-split; the verifier accepts that state,
// scans see every entry, and later insertions finish the splits.
func TestIncompleteSplit(t *testing.T) {
	h := newHarness(t)
	var m model
	add := func(v, pad int) error {
		k := padKey(int64(v), pad)
		err := h.ix.Insert(k, tidOf(v+pad))
		if err != nil {
			// A failed insertion may have placed its entry (the split was
			// done, the parent's update failed) or not (it failed while
			// finishing an earlier split): look.
			h.st.failRead = nil
			tids, lerr := h.ix.Lookup(k, nil)
			if lerr != nil {
				t.Fatal(lerr)
			}
			if len(tids) == 0 {
				return err
			}
		}
		m.insert(entry{k, tidOf(v + pad)})
		return err
	}
	for v := 0; v < 4000; v += 2 {
		if err := add(v, 200); err != nil {
			t.Fatal(err)
		}
	}
	st := h.check()
	if st.Levels < 2 {
		t.Fatalf("want an internal level, got %v", st.Pages)
	}
	internal := func(blk uint32) bool {
		n := node{h.st.rawPage(testRel, blk)}
		return blk != metaBlock && n.sane() && !n.isLeaf()
	}
	// Once an insertion has reached its leaf, fail reads of internal
	// pages: a split's parent lookup fails after the split itself.
	boom := errors.New("injected read failure")
	failures := 0
	for v := 1; v < 4000 && failures < 5; v += 2 {
		armed := false
		h.st.failRead = func(tg bufmgr.Tag) error {
			if tg.Block != metaBlock && !internal(tg.Block) {
				armed = true
			}
			if armed && internal(tg.Block) {
				return boom
			}
			return nil
		}
		err := add(v, 200)
		h.st.failRead = nil
		if err != nil && !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if err != nil {
			failures++
		}
		if err := h.fb.idle(); err != nil {
			t.Fatal(err)
		}
	}
	if failures == 0 {
		t.Fatal("no split was interrupted")
	}
	countIncomplete := func() int {
		n := 0
		for blk := uint32(1); blk < uint32(len(h.st.bufs)); blk++ {
			if p := (node{h.st.rawPage(testRel, blk)}); p.sane() && p.has(flagIncompleteSplit) {
				n++
			}
		}
		return n
	}
	incomplete := countIncomplete()
	if incomplete == 0 {
		t.Fatal("no page is flagged incomplete-split")
	}
	h.check()
	sameEntries(t, "with incomplete splits", scanAll(t, h.ix, ScanSpec{}), m)
	sameEntries(t, "with incomplete splits, backward", scanAll(t, h.ix, ScanSpec{Backward: true}), m.scan(ScanSpec{Backward: true}))
	// An insertion next to every existing key reaches every leaf; the first
	// to reach an incompletely split page finishes the split.
	for v := range 4000 {
		if err := add(v, 201); err != nil {
			t.Fatal(err)
		}
	}
	if left := countIncomplete(); left != 0 {
		t.Errorf("%d of %d incomplete splits left unfinished", left, incomplete)
	}
	h.check()
	sameEntries(t, "after finishing", scanAll(t, h.ix, ScanSpec{}), m)
}

// TestIncompleteRootSplit makes the new root's allocation fail after the
// old root has split: the metapage still names the old root, which has a
// right sibling; scans work, and the next insertion makes the new root.
func TestIncompleteRootSplit(t *testing.T) {
	h := newHarness(t)
	var m model
	boom := errors.New("injected extension failure")
	h.st.failExtend = func(bufmgr.RelFork) error {
		if root := (node{h.st.rawPage(testRel, h.ix.rootBlk)}); root.has(flagIncompleteSplit) {
			return boom
		}
		return nil
	}
	failed := false
	for i := 0; !failed; i++ {
		k := padKey(int64(i), 100)
		err := h.ix.Insert(k, tidOf(i))
		m.insert(entry{k, tidOf(i)}) // the split placed it either way
		if err != nil {
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			failed = true
		}
	}
	h.st.failExtend = nil
	st := h.check()
	if st.Levels != 1 || st.Pages[0] != 2 {
		t.Fatalf("after the failed root split: %+v", st)
	}
	sameEntries(t, "two roots' worth", scanAll(t, h.ix, ScanSpec{}), m)
	sameEntries(t, "backward", scanAll(t, h.ix, ScanSpec{Backward: true}), m.scan(ScanSpec{Backward: true}))
	k := padKey(-1, 100)
	h.insert(k, tidOf(99999))
	m.insert(entry{k, tidOf(99999)})
	if st := h.check(); st.Levels != 2 {
		t.Fatalf("the root split was not finished: %+v", st)
	}
	sameEntries(t, "finished", scanAll(t, h.ix, ScanSpec{}), m)
}
