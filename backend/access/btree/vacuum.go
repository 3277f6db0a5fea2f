package btree

import (
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// BulkDeleteStats reports what BulkDelete did.
type BulkDeleteStats struct {
	LeafPages int // leaf pages visited
	Removed   int // entries removed (dead by the callback, or LP_DEAD)
	Remaining int // entries left
}

// BulkDelete removes every leaf entry whose heap TID dead reports as dead,
// and every entry marked LP_DEAD, as VACUUM's index pass does.
//
// It visits the leaves left to right by their right-links, each under a
// cleanup lock (exclusive, with no other process's pin): a scan keeps a
// pin on the page it is returning entries from, so no entry a scan may
// still return is removed from under it, and the heap TIDs can be reused
// once this pass is over. Concurrent insertions are fine: a split moves
// entries only to the right, to pages this pass has yet to visit, so no
// entry is missed (PostgreSQL visits pages in physical order and needs
// vacuum cycle IDs for that; the logical order does not).
//
// Only one BulkDelete may run on an index at a time (the caller's relation
// lock sees to it), and the calling process must not hold a pin of the
// index's pages (an open Scan without NoPin): the cleanup lock would wait
// for itself. Empty pages stay in the tree: page deletion is not built.
func (ix *Index) BulkDelete(dead func(TID) bool) (BulkDeleteStats, error) {
	var st BulkDeleteStats
	blk, err := ix.leftmostAt(0)
	if err != nil {
		return st, err
	}
	var offs []page.OffsetNumber
	for blk != noBlock {
		b, err := ix.buf.ReadBuffer(ix.rel.Block(blk), nil)
		if err != nil {
			return st, err
		}
		if err := ix.buf.LockForCleanup(b); err != nil {
			ix.buf.Release(b)
			return st, err
		}
		r := ref{buf: b, blk: blk, mode: bufmgr.Exclusive, n: node{page.Page(ix.buf.Page(b))}}
		if !r.n.sane() || !r.n.isLeaf() {
			ix.release(r)
			return st, corruptf("index %q: block %d on the leaf level is not a leaf", ix.opts.Name, blk)
		}
		offs = offs[:0]
		for o := r.n.firstData(); o <= r.n.maxOff(); o++ {
			if r.n.isDead(o) {
				offs = append(offs, o)
				continue
			}
			if tid, _ := r.n.tuple(o).heapTID(); dead(tid) {
				offs = append(offs, o)
			}
		}
		st.LeafPages++
		st.Removed += len(offs)
		st.Remaining += int(r.n.maxOff()) - int(r.n.firstData()) + 1 - len(offs)
		if len(offs) > 0 || r.n.has(flagHasGarbage) {
			r.n.DeleteItems(offs)
			r.n.clearFlag(flagHasGarbage)
			ix.markDirty(r)
		}
		blk = r.n.next()
		ix.release(r)
	}
	return st, nil
}
