package btree

import (
	"bytes"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Fill targets: a split of the rightmost page with the new item at its
// end (ascending insertions) leaves the left half this full, as
// PostgreSQL's fillfactor does; other splits halve the bytes.
const (
	leafFillFactor     = 90
	internalFillFactor = 70
)

// itemCost is the page space an item takes: its aligned bytes and its
// line pointer.
func itemCost(n int) int { return page.MaxAlign(n) + page.ItemIDSize }

// splitPlan is where a page's items (with the new one in place) divide:
// items[:k] stay left, items[k:] move right, and hikey becomes the left
// page's high key and the right page's downlink key.
type splitPlan struct {
	k     int
	hikey tuple
}

// chooseSplit picks the split point. Both halves must fit with their high
// keys; among the points that do, it takes the one whose left half is
// nearest the target (a fill factor for ascending insertions into the
// rightmost page, else half the bytes). On leaves, points within a small
// margin of that compete on the size of the high key they make: a split
// between two different keys needs no heap TID in the pivot, and a shorter
// pivot means more downlinks per parent page.
func chooseSplit(items []tuple, leaf, rightmost, appending bool, origHK tuple) (splitPlan, bool) {
	n := len(items)
	prefix := make([]int, n+1)
	for i, t := range items {
		prefix[i+1] = prefix[i] + itemCost(len(t))
	}
	rightHK := 0
	if origHK != nil {
		rightHK = itemCost(len(origHK))
	}
	hikeyCost := func(k int) int {
		if !leaf {
			return itemCost(len(items[k]))
		}
		sz := tupleHeader + len(items[k].key())
		if bytes.Equal(items[k-1].key(), items[k].key()) {
			sz += tidSize
		}
		return itemCost(sz)
	}
	total := prefix[n] + rightHK
	target := total / 2
	if rightmost && appending {
		ff := leafFillFactor
		if !leaf {
			ff = internalFillFactor
		}
		target = pageCapacity * ff / 100
	}
	abs := func(x int) int {
		if x < 0 {
			return -x
		}
		return x
	}
	type cand struct{ k, dist, hk int }
	var cands []cand
	best := -1
	for k := 1; k < n; k++ {
		hk := hikeyCost(k)
		left := prefix[k] + hk
		right := prefix[n] - prefix[k] + rightHK
		if !leaf {
			// The right page's first item loses its key (minus infinity).
			right += itemCost(tupleHeader) - itemCost(len(items[k]))
		}
		if left > pageCapacity || right > pageCapacity {
			continue
		}
		c := cand{k, abs(left - target), hk}
		cands = append(cands, c)
		if best < 0 || c.dist < cands[best].dist {
			best = len(cands) - 1
		}
	}
	if best < 0 {
		return splitPlan{}, false
	}
	pick := cands[best]
	if leaf && !(rightmost && appending) {
		margin := pageCapacity / 16
		for _, c := range cands {
			if c.dist <= cands[best].dist+margin && (c.hk < pick.hk || c.hk == pick.hk && c.dist < pick.dist) {
				pick = c
			}
		}
	}
	k := pick.k
	var hk tuple
	if leaf {
		hk = separator(items[k-1], items[k], 0)
	} else {
		hk = items[k].withDownlink(0)
	}
	return splitPlan{k: k, hikey: hk}, true
}

// split divides the full, exclusively locked page r around the new item
// (which belongs at offset off): the upper part moves to a new page
// appended to the relation, linked in as r's right sibling. Following
// Lehman and Yao, r keeps the lower part and gets a high key equal to the
// new page's lowest possible key, and the right sibling's left-link is
// repointed, all before any lock is released, so a reader arriving at
// either page by any link finds what it looks for by moving right. r is
// flagged incomplete-split until the parent has the new page's downlink
// (insertParent). When r is internal, child is the page whose downlink is
// the new item: its flag is cleared here too, and it is released.
//
// It returns the new page, exclusively locked; r stays locked. On error
// nothing visible has changed (an unlinked new page may remain, unused).
func (ix *Index) split(r ref, off page.OffsetNumber, item tuple, child *ref) (ref, error) {
	n := r.n
	leaf := n.isLeaf()
	first, last := n.firstData(), n.maxOff()
	items := make([]tuple, 0, int(last-first)+2)
	for o := first; o <= last; o++ {
		if o == off {
			items = append(items, item)
		}
		items = append(items, n.tuple(o))
	}
	if off > last {
		items = append(items, item)
	}
	var origHK tuple
	if !n.isRightmost() {
		origHK = n.highKey()
	}
	plan, ok := chooseSplit(items, leaf, n.isRightmost(), off > last, origHK)
	if !ok {
		return ref{}, internalf("index %q: no split point for block %d", ix.opts.Name, r.blk)
	}

	rbuf, rblk, err := ix.buf.ExtendRelation(ix.rel, nil)
	if err != nil {
		return ref{}, err
	}
	right := ref{buf: rbuf, blk: rblk, mode: bufmgr.Exclusive, n: node{page.Page(ix.buf.Page(rbuf))}}
	if p := ix.opts.Pred; p != nil && leaf {
		if err := p.SplitPage(ix.rel, r.blk, rblk); err != nil {
			clear(right.n.Page)
			ix.release(right)
			return ref{}, err
		}
	}
	var sib ref
	if !n.isRightmost() {
		// Lock order: left to right on a level.
		if sib, err = ix.read(n.next(), bufmgr.Exclusive); err != nil {
			ix.release(right)
			return ref{}, err
		}
	}
	fail := func(err error) (ref, error) {
		if sib.buf != bufmgr.InvalidBuffer {
			ix.release(sib)
		}
		clear(right.n.Page) // leave an unused zero page, not a half-built one
		ix.release(right)
		return ref{}, err
	}

	// The right page, built in its buffer (nobody can reach it yet).
	flags := n.flags() &^ (flagRoot | flagIncompleteSplit | flagHasGarbage)
	rn := initNode(right.n.Page, n.level(), flags, r.blk, n.next())
	if origHK != nil {
		if _, err := rn.AddItem(origHK, page.InvalidOffset+1); err != nil {
			return fail(internalf("index %q: split of block %d: right high key: %v", ix.opts.Name, r.blk, err))
		}
	}
	for i, t := range items[plan.k:] {
		if i == 0 && !leaf {
			t = minusInfinity(t.downlink())
		}
		if _, err := rn.AddItem(t, rn.maxOff()+1); err != nil {
			return fail(internalf("index %q: split of block %d: right item: %v", ix.opts.Name, r.blk, err))
		}
	}
	// The left page, built in scratch space: its items still live in r.
	ln := initNode(ix.scratchPage(), n.level(), flags|flagIncompleteSplit, n.prev(), rblk)
	if _, err := ln.AddItem(plan.hikey, hikeyOff); err != nil {
		return fail(internalf("index %q: split of block %d: left high key: %v", ix.opts.Name, r.blk, err))
	}
	for _, t := range items[:plan.k] {
		if _, err := ln.AddItem(t, ln.maxOff()+1); err != nil {
			return fail(internalf("index %q: split of block %d: left item: %v", ix.opts.Name, r.blk, err))
		}
	}

	// Nothing can fail from here on.
	if sib.buf != bufmgr.InvalidBuffer {
		sib.n.setPrev(rblk)
		ix.markDirty(sib)
		ix.release(sib)
	}
	copy(n.Page, ln.Page)
	ix.markDirty(r)
	ix.markDirty(right)
	ix.completeChild(child)
	return right, nil
}

// deleteDeadItems removes the LP_DEAD items of exclusively locked leaf r,
// to make room before splitting it. Scans that copied these items keep
// their copies; an index scan never needs an entry already known dead to
// everyone.
func (ix *Index) deleteDeadItems(r ref) {
	var dead []page.OffsetNumber
	for o := r.n.firstData(); o <= r.n.maxOff(); o++ {
		if r.n.isDead(o) {
			dead = append(dead, o)
		}
	}
	r.n.DeleteItems(dead)
	r.n.clearFlag(flagHasGarbage)
	ix.markDirty(r)
}
