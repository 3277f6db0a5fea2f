package btree

import (
	"fmt"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// CheckOptions tune Check.
type CheckOptions struct {
	// ValidTID, if set, must accept the heap TID of every leaf entry.
	ValidTID func(TID) bool
}

// CheckStats describes the tree Check walked.
type CheckStats struct {
	Levels      int   // root level + 1
	Pages       []int // pages per level, leaves first
	LeafEntries int   // leaf entries, LP_DEAD ones included
	DeadEntries int   // leaf entries marked LP_DEAD
}

// Check verifies the tree's invariants, as amcheck's bt_index_parent_check
// does, and returns an XX002 error describing the first violation:
//
//   - the metapage is ours and names a root at its level, alone on it;
//   - every page passes page.Check and has sane flags and level;
//   - on each level, walking right from the leftmost page, left-links
//     point back, and items are in strictly ascending (key, TID) order,
//     below the page's high key and not below its left neighbour's;
//   - leaves hold leaf entries, internal pages pivots, the first of them
//     minus infinity;
//   - the downlinks of a level, in order, name exactly the pages of the
//     level below, in chain order, except the right halves of splits
//     flagged incomplete; and the child of each downlink (or the last
//     page of its incomplete-split run) has for high key the next
//     downlink's key (the parent's high key for the last one; none if the
//     parent is rightmost);
//   - ValidTID accepts every leaf entry.
//
// It locks one page at a time in shared mode, so it needs the index to be
// quiescent (no concurrent insertions) to give exact answers, as
// bt_index_parent_check's ShareLock ensures.
func (ix *Index) Check(opts CheckOptions) (CheckStats, error) {
	var st CheckStats
	nblocks, err := ix.buf.Nblocks(ix.rel)
	if err != nil {
		return st, err
	}
	m, err := ix.read(metaBlock, bufmgr.Shared)
	if err != nil {
		return st, err
	}
	md := meta{m.n.Page}
	herr := m.n.CheckHeader()
	ok := m.n.has(flagMeta) && md.valid()
	root, rootLevel := md.root(), md.level()
	ix.release(m)
	switch {
	case herr != nil:
		return st, ix.checkErr(metaBlock, "metapage: %v", herr)
	case !ok:
		return st, ix.checkErr(metaBlock, "not a btree metapage")
	case root == noBlock || root >= nblocks:
		return st, ix.checkErr(metaBlock, "root block %d outside the relation (%d blocks)", root, nblocks)
	}
	st.Levels = int(rootLevel) + 1
	st.Pages = make([]int, st.Levels)

	// Walk each level from the top, checking it against the downlinks
	// collected from the level above.
	var children []expectChild
	leftmost := root
	for level := int(rootLevel); level >= 0; level-- {
		w := levelWalk{ix: ix, opts: opts, level: uint32(level), root: root, nblocks: nblocks, parent: children, st: &st}
		if level == int(rootLevel) {
			w.parent = []expectChild{{blk: root}}
		}
		next, err := w.walk(leftmost)
		if err != nil {
			return st, err
		}
		children = w.children
		leftmost = next
	}
	return st, nil
}

// expectChild is a downlink seen on the level above: the page it names
// and the high key that page (or the last page of its incomplete-split
// run) must have; hikey nil means none (rightmost).
type expectChild struct {
	blk   uint32
	hikey tuple
}

type levelWalk struct {
	ix       *Index
	opts     CheckOptions
	level    uint32
	root     uint32
	nblocks  uint32
	parent   []expectChild
	children []expectChild // downlinks found on this level
	st       *CheckStats
}

func (ix *Index) checkErr(blk uint32, format string, args ...any) error {
	return pgerr.New(IndexCorrupted, "index %q block %d: %s", ix.opts.Name, blk, fmt.Sprintf(format, args...))
}

// walk checks the level from its leftmost page and returns the leftmost
// page of the level below.
func (w *levelWalk) walk(leftmost uint32) (uint32, error) {
	ix := w.ix
	blk, prev := leftmost, noBlock
	var lowKey tuple // the left neighbour's high key; nil on the leftmost page
	next := 0        // index into w.parent of the next downlink to meet
	cur := -1        // the downlink whose run this page belongs to
	inRun := false   // the previous page was flagged incomplete-split
	below := noBlock
	for blk != noBlock {
		if blk >= w.nblocks || blk == metaBlock {
			return 0, ix.checkErr(blk, "link from block %d at level %d points outside the tree", prev, w.level)
		}
		r, err := ix.read(blk, bufmgr.Shared)
		if err != nil {
			return 0, err
		}
		n := r.n
		// Match the page with the downlinks of the level above.
		switch {
		case next < len(w.parent) && w.parent[next].blk == blk:
			cur = next
			next++
		case inRun:
			// The right half of a split whose downlink is not in yet.
		default:
			ix.release(r)
			return 0, ix.checkErr(blk, "page at level %d has no downlink in the level above (expected block %d)", w.level, w.expected(next))
		}
		err = w.checkPage(blk, n, prev, lowKey)
		if err == nil && !n.has(flagIncompleteSplit) {
			err = w.checkRunEnd(blk, n, w.parent[cur].hikey)
		}
		if err == nil && !n.isLeaf() && below == noBlock && n.maxOff() >= n.firstData() {
			below = n.tuple(n.firstData()).downlink()
		}
		if err != nil {
			ix.release(r)
			return 0, err
		}
		inRun = n.has(flagIncompleteSplit)
		lowKey = nil
		if !n.isRightmost() {
			lowKey = append(tuple(nil), n.highKey()...)
		}
		w.st.Pages[w.level]++
		prev, blk = blk, n.next()
		ix.release(r)
	}
	if next != len(w.parent) {
		return 0, ix.checkErr(w.parent[next].blk, "downlink at level %d names a page not on the level's chain", w.level+1)
	}
	if inRun {
		return 0, ix.checkErr(prev, "rightmost page at level %d is flagged incompletely split", w.level)
	}
	if w.level > 0 && below == noBlock {
		return 0, ix.checkErr(leftmost, "internal level %d has no downlinks", w.level)
	}
	return below, nil
}

func (w *levelWalk) expected(i int) uint32 {
	if i < len(w.parent) {
		return w.parent[i].blk
	}
	return noBlock
}

// checkRunEnd checks the high key of the page that ends a downlink's run
// against the key the parent gives the next downlink.
func (w *levelWalk) checkRunEnd(blk uint32, n node, want tuple) error {
	if want == nil {
		if !n.isRightmost() {
			return w.ix.checkErr(blk, "last child of a rightmost parent has a right sibling %d", n.next())
		}
		return nil
	}
	if n.isRightmost() {
		return w.ix.checkErr(blk, "page is rightmost but its parent's next downlink key says it has a high key")
	}
	if compareTuples(n.highKey(), want) != 0 {
		return w.ix.checkErr(blk, "high key %x does not match the parent's next downlink key %x", n.highKey().key(), want.key())
	}
	return nil
}

// checkPage checks one page's own invariants and collects its downlinks.
func (w *levelWalk) checkPage(blk uint32, n node, prev uint32, lowKey tuple) error {
	ix := w.ix
	if err := n.Check(); err != nil {
		return ix.checkErr(blk, "%v", err)
	}
	switch {
	case n.level() != w.level:
		return ix.checkErr(blk, "level %d, expected %d", n.level(), w.level)
	case n.isLeaf() != (w.level == 0):
		return ix.checkErr(blk, "leaf flag wrong at level %d", w.level)
	case n.has(flagDeleted | flagHalfDead | flagMeta):
		return ix.checkErr(blk, "unexpected flags 0x%04x", n.flags())
	case n.has(flagRoot) != (blk == w.root) && !(blk == w.root && n.has(flagIncompleteSplit)):
		// (A root split whose new root was never made leaves the old root
		// unflagged, its split incomplete, until an insertion finishes it.)
		return ix.checkErr(blk, "root flag set: %v, but the metapage's root is %d", n.has(flagRoot), w.root)
	case n.prev() != prev:
		return ix.checkErr(blk, "left-link %d, but the page to its left is %d", n.prev(), prev)
	case !n.isRightmost() && n.maxOff() < hikeyOff:
		return ix.checkErr(blk, "non-rightmost page without a high key")
	}
	var hk tuple
	if !n.isRightmost() {
		hk = n.highKey()
		if !hk.wellFormed() || !hk.isPivot() {
			return ix.checkErr(blk, "malformed high key")
		}
	}
	var last tuple
	for off := n.firstData(); off <= n.maxOff(); off++ {
		t := n.tuple(off)
		if t == nil || !t.wellFormed() {
			return ix.checkErr(blk, "item %d is malformed", off)
		}
		if n.isLeaf() {
			if t.isPivot() {
				return ix.checkErr(blk, "leaf item %d is a pivot", off)
			}
			w.st.LeafEntries++
			if n.isDead(off) {
				w.st.DeadEntries++
			}
			if tid, _ := t.heapTID(); w.opts.ValidTID != nil && !w.opts.ValidTID(tid) {
				return ix.checkErr(blk, "leaf item %d points to invalid heap tuple %v", off, tid)
			}
		} else {
			if !t.isPivot() {
				return ix.checkErr(blk, "internal item %d is not a pivot", off)
			}
			if c := t.downlink(); c == metaBlock || c >= w.nblocks {
				return ix.checkErr(blk, "item %d has downlink %d outside the relation", off, c)
			}
			if off == n.firstData() {
				if len(t) != tupleHeader {
					return ix.checkErr(blk, "first item of an internal page is not minus infinity")
				}
				w.addChild(t.downlink(), blk, n, off)
				continue
			}
			w.addChild(t.downlink(), blk, n, off)
		}
		switch {
		case last != nil && compareTuples(last, t) >= 0:
			return ix.checkErr(blk, "item order invariant violated: item %d (key %x) is not above the item before it (key %x)", off, t.key(), last.key())
		case last == nil && lowKey != nil && compareTuples(lowKey, t) > 0:
			return ix.checkErr(blk, "item %d (key %x) is below the left sibling's high key %x", off, t.key(), lowKey.key())
		case hk != nil && compareTuples(t, hk) >= 0:
			return ix.checkErr(blk, "high key invariant violated: item %d (key %x) is not below the high key %x", off, t.key(), hk.key())
		}
		last = t
	}
	return nil
}

// addChild records the downlink at off of internal page n with the high
// key its child must end with: the next item's key, else n's high key,
// else none.
func (w *levelWalk) addChild(child, blk uint32, n node, off page.OffsetNumber) {
	var hk tuple
	switch {
	case off < n.maxOff():
		hk = append(tuple(nil), n.tuple(off+1)...)
	case !n.isRightmost():
		hk = append(tuple(nil), n.highKey()...)
	}
	w.children = append(w.children, expectChild{blk: child, hikey: hk})
}

// compareTuples compares two leaf tuples or pivots in the tree's order
// (downlinks ignored).
func compareTuples(a, b tuple) int {
	sk := scanKey{key: a.key()}
	if tid, ok := a.heapTID(); ok {
		sk.tid, sk.hasTID = tid, true
	}
	return sk.compare(b)
}
