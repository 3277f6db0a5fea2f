package btree

import (
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// ScanSpec describes a range scan. Bounds are encoded keys, or prefixes of
// keys (the encoding of the first columns): an entry is within a bound by
// comparing as many of its key's bytes as the bound has, so a prefix
// bound covers every key that starts with it. Bounds are in key order, so
// on a DESC column "a > 5" is an upper bound (at prefix enc(5),
// exclusive). The scan keeps the bound slices: they must not change while
// it runs.
type ScanSpec struct {
	Lower, Upper                   []byte // nil: unbounded
	LowerExclusive, UpperExclusive bool
	// Backward returns entries in descending order.
	Backward bool
	// NoPin drops the pin of each page as soon as its entries are copied.
	// Otherwise the scan keeps the page it is returning entries from
	// pinned (never locked), which makes VACUUM's BulkDelete wait before
	// removing entries the scan may still return: what a scan with a
	// non-MVCC snapshot needs, as in PostgreSQL. An MVCC snapshot cannot
	// see a tuple that reuses a removed entry's TID, so it may use NoPin.
	NoPin bool
}

// Scan returns the entries of a range in order, one leaf page at a time:
// under the page's shared lock it copies the page's matching entries,
// releases the lock (keeping at most that page pinned) and hands them out
// from the copy. So it never holds a lock while its caller runs, and an
// entry inserted concurrently may or may not be seen (a transaction's
// snapshot decides what it may use).
//
// Moving right it follows the right-link the page had when it was read: a
// split since then moved only entries already copied. Moving left it
// checks that the left page still links back to the one it left, and
// walks right from it until one does when a split intervened (PostgreSQL's
// _bt_walk_left, without the page-deletion cases, since pages are never
// deleted).
type Scan struct {
	ix   *Index
	spec ScanSpec

	started bool
	done    bool // no page follows the current batch
	err     error

	items []scanItem // the current batch, in the order returned
	keys  []byte     // their keys, back to back
	pos   int        // items[pos] was returned last

	curBlk  uint32
	curBuf  bufmgr.Buffer // pinned while its items are handed out, unless NoPin
	sibling uint32        // the next page to read: right or left sibling at read time
	killed  []int         // items of this batch marked dead by the caller
}

type scanItem struct {
	tid          TID
	keyOff, klen int32
}

// Scan starts a scan. Nothing is read until the first Next.
func (ix *Index) Scan(spec ScanSpec) *Scan {
	return &Scan{ix: ix, spec: spec, pos: -1}
}

// Next advances to the next entry, reporting false at the end or on an
// error (see Err).
func (s *Scan) Next() bool {
	if s.err != nil {
		return false
	}
	s.pos++
	for s.pos >= len(s.items) {
		var err error
		switch {
		case !s.started:
			s.started = true
			err = s.first()
		case s.done:
			s.finishPage()
			s.items = s.items[:0]
			s.pos = 0
			return false
		default:
			err = s.step()
		}
		if err == nil {
			err = s.err // a predicate lock that could not be taken
		}
		if err != nil {
			s.err = err
			s.finishPage()
			return false
		}
		s.pos = 0
	}
	return true
}

// TID returns the current entry's heap TID.
func (s *Scan) TID() TID { return s.items[s.pos].tid }

// Key returns the current entry's key. It stays valid until the scan moves
// to another page; copy it to keep it.
func (s *Scan) Key() []byte {
	it := s.items[s.pos]
	return s.keys[it.keyOff : it.keyOff+it.klen : it.keyOff+it.klen]
}

// Err returns the error that ended the scan, if any.
func (s *Scan) Err() error { return s.err }

// MarkDead notes that the current entry's heap tuple is dead to every
// transaction. When the scan leaves the page, such entries get the LP_DEAD
// hint: later scans skip them and an insertion that finds the page full
// removes them before splitting it (PostgreSQL's kill_prior_tuple).
func (s *Scan) MarkDead() {
	if s.pos >= 0 && s.pos < len(s.items) {
		s.killed = append(s.killed, s.pos)
	}
}

// Close releases the scan's pin. The scan cannot be used afterwards.
func (s *Scan) Close() {
	s.finishPage()
	s.items, s.keys = nil, nil
	s.done, s.started, s.pos = true, true, 0
}

func (s *Scan) withinLower(k []byte) bool {
	if s.spec.Lower == nil {
		return true
	}
	c := comparePrefix(k, s.spec.Lower)
	return c > 0 || c == 0 && !s.spec.LowerExclusive
}

func (s *Scan) withinUpper(k []byte) bool {
	if s.spec.Upper == nil {
		return true
	}
	c := comparePrefix(k, s.spec.Upper)
	return c < 0 || c == 0 && !s.spec.UpperExclusive
}

// first descends to the leaf where the scan starts and reads it.
func (s *Scan) first() error {
	var sk scanKey
	if !s.spec.Backward {
		// (Lower, minus infinity), or just past the Lower prefix; with no
		// bound, the empty key and minus infinity precede everything.
		sk = scanKey{key: s.spec.Lower, nextKey: s.spec.Lower != nil && s.spec.LowerExclusive}
	} else {
		// Just past the Upper prefix, or (Upper, minus infinity); with no
		// bound, just past the empty prefix, which is plus infinity.
		sk = scanKey{key: s.spec.Upper, nextKey: s.spec.Upper == nil || !s.spec.UpperExclusive}
	}
	r, _, err := s.ix.descend(&sk, false)
	if err != nil {
		return err
	}
	off := leafSearch(r.n, &sk)
	if s.spec.Backward {
		s.readBackward(r, off-1)
	} else {
		s.readForward(r, off)
	}
	return nil
}

// step reads the next page in the scan's direction.
func (s *Scan) step() error {
	s.finishPage()
	if s.sibling == noBlock {
		s.done = true
		s.items = s.items[:0]
		return nil
	}
	if !s.spec.Backward {
		r, err := s.ix.read(s.sibling, bufmgr.Shared)
		if err != nil {
			return err
		}
		if !r.n.isLeaf() {
			s.ix.release(r)
			return corruptf("index %q: right sibling %d of leaf %d is not a leaf", s.ix.opts.Name, r.blk, s.curBlk)
		}
		s.readForward(r, r.n.firstData())
		return nil
	}
	r, err := s.ix.walkLeft(s.curBlk, s.sibling)
	if err != nil {
		return err
	}
	s.readBackward(r, r.n.maxOff())
	return nil
}

// startBatch begins copying page r's entries.
func (s *Scan) startBatch(r ref) {
	s.items, s.keys, s.killed = s.items[:0], s.keys[:0], s.killed[:0]
	s.curBlk = r.blk
	if err := s.ix.predRead(r.blk); err != nil && s.err == nil {
		s.err = err
	}
}

func (s *Scan) add(t tuple) {
	tid, _ := t.heapTID()
	k := t.key()
	s.items = append(s.items, scanItem{tid: tid, keyOff: int32(len(s.keys)), klen: int32(len(k))})
	s.keys = append(s.keys, k...)
}

// endBatch unlocks r, keeping its pin while its entries are handed out.
func (s *Scan) endBatch(r ref) {
	s.ix.buf.Unlock(r.buf)
	if s.spec.NoPin || len(s.items) == 0 {
		s.ix.buf.Release(r.buf)
		return
	}
	s.curBuf = r.buf
}

// readForward copies leaf r's entries from off on, up to the upper bound.
func (s *Scan) readForward(r ref, off page.OffsetNumber) {
	s.startBatch(r)
	n := r.n
	for ; off <= n.maxOff(); off++ {
		if n.isDead(off) {
			continue
		}
		t := n.tuple(off)
		if !s.withinUpper(t.key()) {
			s.done = true
			break
		}
		s.add(t)
	}
	s.sibling = n.next()
	if n.isRightmost() || !s.withinUpper(n.highKey().key()) {
		// Entries to the right are >= the high key, and a key cut to the
		// bound's length keeps its order: all beyond the bound.
		s.done = true
	}
	s.endBatch(r)
}

// readBackward copies leaf r's entries from off down, to the lower bound.
func (s *Scan) readBackward(r ref, off page.OffsetNumber) {
	s.startBatch(r)
	n := r.n
	for first := n.firstData(); off >= first && off != page.InvalidOffset; off-- {
		if n.isDead(off) {
			continue
		}
		t := n.tuple(off)
		if !s.withinLower(t.key()) {
			s.done = true
			break
		}
		s.add(t)
	}
	s.sibling = n.prev()
	if n.isLeftmost() {
		s.done = true
	}
	s.endBatch(r)
}

// finishPage sets the LP_DEAD hints the caller asked for on the current
// page and drops its pin.
func (s *Scan) finishPage() {
	if len(s.killed) > 0 {
		s.killItems()
		s.killed = s.killed[:0]
	}
	if s.curBuf != bufmgr.InvalidBuffer {
		s.ix.buf.Release(s.curBuf)
		s.curBuf = bufmgr.InvalidBuffer
	}
}

// killItems marks the killed entries LP_DEAD. The page may have changed
// since it was read (entries move within a page and to the right on a
// split), so each is looked up again by its key and TID; one that is gone
// from this page is left alone. The hint is not WAL-logged; losing it is
// harmless. Errors are ignored for the same reason.
func (s *Scan) killItems() {
	ix := s.ix
	var r ref
	if s.curBuf != bufmgr.InvalidBuffer {
		ix.buf.Lock(s.curBuf, bufmgr.Exclusive)
		r = ref{buf: s.curBuf, blk: s.curBlk, mode: bufmgr.Exclusive, n: node{page.Page(ix.buf.Page(s.curBuf))}}
		defer ix.buf.Unlock(s.curBuf)
	} else {
		var err error
		if r, err = ix.read(s.curBlk, bufmgr.Exclusive); err != nil {
			return
		}
		defer ix.release(r)
	}
	if !r.n.isLeaf() {
		return
	}
	marked := false
	for _, i := range s.killed {
		it := s.items[i]
		sk := scanKey{key: s.keys[it.keyOff : it.keyOff+it.klen], tid: it.tid, hasTID: true}
		off := leafSearch(r.n, &sk)
		if off <= r.n.maxOff() && sk.compare(r.n.tuple(off)) == 0 && !r.n.isDead(off) {
			r.n.MarkDead(off)
			marked = true
		}
	}
	if marked {
		r.n.setFlag(flagHasGarbage)
		ix.buf.MarkDirtyHint(r.buf)
	}
}

// walkLeft returns the page left of cur, locked shared, given left, cur's
// left-link when cur was read. If left has split since, its right-link no
// longer points at cur: walk right from it to the page that does.
func (ix *Index) walkLeft(cur, left uint32) (ref, error) {
	blk := left
	for {
		r, err := ix.read(blk, bufmgr.Shared)
		if err != nil {
			return ref{}, err
		}
		next := r.n.next()
		if next == cur {
			return r, nil
		}
		ix.release(r)
		if next == noBlock || next == left {
			return ref{}, corruptf("index %q: could not find left sibling of block %d (walked right from %d to %d)", ix.opts.Name, cur, left, blk)
		}
		blk = next
	}
}
