package btree

import (
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// insertParent completes the split of l into l and r, both exclusively
// locked, by inserting r's downlink (l's new high key) into the parent
// just after l's, or, when l was the root, by making a new root above
// them. Following PostgreSQL, l stays locked until its downlink's
// neighbour is in place and its incomplete-split flag is cleared, and r
// until the parent is locked: nobody can split r (and need its downlink)
// before the downlink exists. Locks are taken upwards from here (child
// before parent), never downwards, which with left-to-right on each level
// is the tree's whole lock order. Both pages are released.
func (ix *Index) insertParent(l, r ref, stack []stackEntry, wasRoot bool) error {
	if wasRoot {
		return ix.newRoot(l, r)
	}
	downlink := l.n.highKey().withDownlink(r.blk)
	p, off, err := ix.findParent(stack, l.n.level()+1, l.blk, r.blk)
	if err != nil {
		ix.release(r)
		ix.release(l)
		return err
	}
	ix.release(r)
	return ix.insertOnPage(p, off+1, downlink, nil, stack, &l)
}

// newRoot makes a new root with two downlinks, to l and r, the halves of
// the old root, and points the metapage at it. The metapage is locked
// last (after every tree page). l, r and the new root are released.
func (ix *Index) newRoot(l, r ref) error {
	nbuf, nblk, err := ix.buf.ExtendRelation(ix.rel, nil)
	if err != nil {
		ix.release(r)
		ix.release(l)
		return err
	}
	root := ref{buf: nbuf, blk: nblk, mode: bufmgr.Exclusive, n: node{page.Page(ix.buf.Page(nbuf))}}
	m, err := ix.read(metaBlock, bufmgr.Exclusive)
	if err != nil {
		ix.release(root) // still all zeroes: an unused page
		ix.release(r)
		ix.release(l)
		return err
	}
	level := l.n.level() + 1
	rn := initNode(root.n.Page, level, flagRoot, noBlock, noBlock)
	_, err1 := rn.AddItem(minusInfinity(l.blk), page.FirstOffset)
	_, err2 := rn.AddItem(l.n.highKey().withDownlink(r.blk), page.FirstOffset+1)
	if err1 != nil || err2 != nil {
		clear(root.n.Page)
		ix.release(m)
		ix.release(root)
		ix.release(r)
		ix.release(l)
		return internalf("index %q: building new root: %v %v", ix.opts.Name, err1, err2)
	}
	l.n.clearFlag(flagIncompleteSplit | flagRoot)
	meta{m.n.Page}.setRoot(nblk, level)
	ix.markDirty(root)
	ix.markDirty(l)
	ix.markDirty(m)
	ix.release(m)
	ix.release(root)
	ix.release(r)
	ix.release(l)
	ix.rootBlk, ix.rootLevel = nblk, level
	return nil
}

// finishSplit completes the interrupted split of exclusively locked page
// l (flagIncompleteSplit: its right sibling has no downlink), as
// PostgreSQL's _bt_finish_split does: an insertion that meets such a page
// finishes the split before using it. l is released.
func (ix *Index) finishSplit(l ref, stack []stackEntry) error {
	rblk := l.n.next()
	if rblk == noBlock {
		ix.release(l)
		return corruptf("index %q: block %d is marked incompletely split but has no right sibling", ix.opts.Name, l.blk)
	}
	r, err := ix.read(rblk, bufmgr.Exclusive)
	if err != nil {
		ix.release(l)
		return err
	}
	m, err := ix.read(metaBlock, bufmgr.Shared)
	if err != nil {
		ix.release(r)
		ix.release(l)
		return err
	}
	wasRoot := meta{m.n.Page}.root() == l.blk
	ix.release(m)
	return ix.insertParent(l, r, stack, wasRoot)
}

// findParent locks exclusively the page at level that holds the downlink
// to child, and returns it with the downlink's offset. It starts where
// the descent passed (the stack), or at the leftmost page of the level
// when the descent began below it, and moves right: a parent split since
// the descent can only have moved the downlink right. Incomplete splits
// met on the way are finished first, so that the downlink is inserted in
// a page that itself has one. The caller holds child (and its new right
// sibling, rightBlk, named in the error) locked.
func (ix *Index) findParent(stack []stackEntry, level, child, rightBlk uint32) (ref, page.OffsetNumber, error) {
	var blk uint32
	var hint page.OffsetNumber
	if e, ok := findStack(stack, level); ok {
		blk, hint = e.blk, e.off
	} else {
		var err error
		if blk, err = ix.leftmostAt(level); err != nil {
			return ref{}, 0, err
		}
	}
	for {
		p, err := ix.read(blk, bufmgr.Exclusive)
		if err != nil {
			return ref{}, 0, err
		}
		if p.n.level() != level {
			ix.release(p)
			return ref{}, 0, corruptf("index %q: block %d is at level %d, expected %d", ix.opts.Name, blk, p.n.level(), level)
		}
		if p.n.has(flagIncompleteSplit) {
			if err := ix.finishSplit(p, stack); err != nil {
				return ref{}, 0, err
			}
			continue
		}
		if off := findDownlink(p.n, child, hint); off != page.InvalidOffset {
			return p, off, nil
		}
		if p.n.isRightmost() {
			ix.release(p)
			return ref{}, 0, internalf("failed to re-find parent key in index \"%s\" for split pages %d/%d", ix.opts.Name, child, rightBlk)
		}
		blk, hint = p.n.next(), page.InvalidOffset
		ix.release(p)
	}
}

// findDownlink returns the offset of the item of internal page n pointing
// to child, trying the hint first, then the items after it, then those
// before it; InvalidOffset when absent.
func findDownlink(n node, child uint32, hint page.OffsetNumber) page.OffsetNumber {
	first, last := n.firstData(), n.maxOff()
	if hint < first || hint > last {
		hint = first
	}
	for o := hint; o <= last; o++ {
		if n.tuple(o).downlink() == child {
			return o
		}
	}
	for o := hint; o > first; {
		o--
		if n.tuple(o).downlink() == child {
			return o
		}
	}
	return page.InvalidOffset
}
