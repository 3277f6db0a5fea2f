package btree

import (
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// Limits on keys. An item must leave room for three of its size on a
// page (a high key and two data items), as PostgreSQL's BTMaxItemSize
// does; a pivot made from a key carries 6 more bytes (the heap TID).
const (
	// MaxTupleSize is the largest leaf tuple, header included, after
	// alignment: PostgreSQL's 2704 for 8 KiB pages.
	MaxTupleSize = 2704
	// MaxKeySize is the longest key Insert accepts.
	MaxKeySize = MaxTupleSize - tupleHeader
)

// IsLive tells a unique insertion whether the heap tuple an existing
// entry with an equal key points to conflicts with the new one. It
// belongs to the transaction layer (PostgreSQL looks with a "dirty"
// snapshot): live means committed and not deleted, or inserted by the
// caller's own transaction; inProgressXid, when not 0, names a
// transaction still inserting or deleting the tuple, for which the
// insertion must wait; neither means the tuple is dead and does not
// conflict. It is called with the leaf page exclusively locked: it may
// read heap pages (content locks of the heap come after the index's in
// the lock order) but must not touch this index.
type IsLive func(tid TID) (live bool, inProgressXid uint64, err error)

// Insert adds the entry (key, tid). Equal keys are allowed; the pair must
// be new.
//
// On an error the entry may be in the tree already: a split places it
// before the parent is updated, and a failure there leaves the split
// flagged incomplete for the next insertion to finish. The caller's
// transaction aborts on the error, which makes the entry's heap tuple
// dead, as in PostgreSQL.
func (ix *Index) Insert(key []byte, tid TID) error {
	return ix.insert(key, tid, nil)
}

// InsertUnique adds (key, tid) unless an entry with an equal key points to
// a heap tuple that isLive says conflicts: then it returns a 23505
// *pgerr.Error, or an *InProgressError (errors.Is ErrConflictInProgress)
// when the caller must wait for a transaction and try again. Keys with
// NULLs never conflict in PostgreSQL; insert those with Insert.
//
// Concurrent insertions of equal keys are serialised by the exclusive lock
// on the first leaf page where the key can appear: every one of them takes
// it before it checks, and keeps it until its own entry is in the tree
// (locking pages to the right, never releasing the one to their left
// first), so the second one's check sees the first one's entry.
func (ix *Index) InsertUnique(key []byte, tid TID, isLive IsLive) error {
	if isLive == nil {
		return internalf("InsertUnique without a liveness callback")
	}
	return ix.insert(key, tid, isLive)
}

func (ix *Index) insert(key []byte, tid TID, isLive IsLive) error {
	if sz := page.MaxAlign(tupleHeader + len(key)); sz > MaxTupleSize {
		return pgerr.New(ProgramLimitExceeded, "index row size %d exceeds btree version 4 maximum %d for index \"%s\"",
			sz, MaxTupleSize, ix.opts.Name).
			WithHint("Values larger than 1/3 of a buffer page cannot be indexed.\nConsider a function index of an MD5 hash of the value, or use full text indexing.")
	}
	itup := leafTuple(ix.tup, key, tid)
	ix.tup = itup[:0]
	sk := scanKey{key: key, tid: tid, hasTID: isLive == nil}
	r, stack, err := ix.descend(&sk, true)
	if err != nil {
		return err
	}
	if isLive != nil {
		// r is the first page where key can appear, whatever its TID.
		if err := ix.checkUnique(r, key, isLive); err != nil {
			return err
		}
		sk.hasTID = true
		if r, err = ix.stepRightForInsert(r, &sk, stack); err != nil {
			return err
		}
	}
	off := leafSearch(r.n, &sk)
	if off <= r.n.maxOff() && sk.compare(r.n.tuple(off)) == 0 {
		ix.release(r)
		return internalf("index %q already has an entry for heap tuple %v with this key", ix.opts.Name, tid)
	}
	if p := ix.opts.Pred; p != nil {
		if err := p.InsertPage(ix.rel, r.blk); err != nil {
			ix.release(r)
			return err
		}
	}
	return ix.insertOnPage(r, off, itup, &sk, stack, nil)
}

// stepRightForInsert moves an insertion from the first page its key can
// be on to the page where (key, TID) belongs, locking each right sibling
// before releasing the page to its left, so that the unique check's
// serialisation holds until the entry is in (see InsertUnique).
func (ix *Index) stepRightForInsert(r ref, sk *scanKey, stack []stackEntry) (ref, error) {
	for !r.n.isRightmost() && sk.compare(r.n.highKey()) >= 0 {
		next, err := ix.read(r.n.next(), bufmgr.Exclusive)
		if err != nil {
			ix.release(r)
			return ref{}, err
		}
		if next.n.has(flagIncompleteSplit) {
			// Insert only into pages with downlinks; the left page stays
			// locked meanwhile (lock order: left before right, lower
			// level before upper).
			if err := ix.finishSplit(next, stack); err != nil {
				ix.release(r)
				return ref{}, err
			}
			continue
		}
		ix.release(r)
		r = next
	}
	return r, nil
}

// fits reports whether item can be added to n without a split.
func fits(n node, item tuple) bool { return n.FreeSpace() >= page.MaxAlign(len(item)) }

// insertOnPage adds item at offset off of the exclusively locked page r,
// splitting it (and its ancestors) when it is full, and releases r. On a
// leaf, sk is the item's position, to search again after dead items were
// removed. child, for an internal page, is the page whose split item's
// downlink completes: its incomplete-split flag is cleared in the same
// step and it is released too. stack is the descent's path.
func (ix *Index) insertOnPage(r ref, off page.OffsetNumber, item tuple, sk *scanKey, stack []stackEntry, child *ref) error {
	if !fits(r.n, item) && r.n.isLeaf() && r.n.has(flagHasGarbage) {
		ix.deleteDeadItems(r)
		off = leafSearch(r.n, sk)
	}
	if fits(r.n, item) {
		if _, err := r.n.AddItem(item, off); err != nil {
			ix.release(r)
			ix.releaseChild(child)
			return internalf("index %q: adding item to block %d: %v", ix.opts.Name, r.blk, err)
		}
		ix.markDirty(r)
		ix.completeChild(child)
		ix.release(r)
		return nil
	}
	wasRoot := r.n.has(flagRoot)
	right, err := ix.split(r, off, item, child)
	if err != nil {
		ix.release(r)
		ix.releaseChild(child)
		return err
	}
	return ix.insertParent(r, right, stack, wasRoot)
}

// completeChild clears the incomplete-split flag of the child whose right
// half just got its downlink, and releases it.
func (ix *Index) completeChild(child *ref) {
	if child == nil {
		return
	}
	child.n.clearFlag(flagIncompleteSplit)
	ix.markDirty(*child)
	ix.release(*child)
}

// releaseChild releases the child after a failure: its split stays
// incomplete, for the next inserter to finish.
func (ix *Index) releaseChild(child *ref) {
	if child != nil {
		ix.release(*child)
	}
}
