package btree

import (
	"bytes"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// scanKey is a position in the tree's order to search for:
//
//   - (key, tid) with hasTID: one exact entry (insertion);
//   - (key, minus infinity) without hasTID: just before every entry whose
//     key is key, or, read as a prefix, has key as its prefix (unique
//     checks, inclusive lower bounds, exclusive upper bounds);
//   - nextKey: just after every entry whose key has key as a prefix
//     (exclusive lower bounds, inclusive upper bounds). With an empty key
//     that is plus infinity.
type scanKey struct {
	key     []byte
	tid     TID
	hasTID  bool
	nextKey bool
}

// comparePrefix compares k, cut to len(bound) bytes, with bound: 0 means
// k has bound as a prefix. Cutting to a fixed length keeps bytewise
// order (non-strictly), which is what makes prefix bounds work in a tree
// ordered by whole keys.
func comparePrefix(k, bound []byte) int {
	if len(k) > len(bound) {
		k = k[:len(bound)]
	}
	return bytes.Compare(k, bound)
}

// compare returns the sign of sk - t in the tree's order. t is a leaf
// tuple or a pivot (whose missing TID is minus infinity); it is never the
// minus-infinity item of an internal page, which searches skip by
// position.
func (sk *scanKey) compare(t tuple) int {
	k := t.key()
	if sk.nextKey {
		if comparePrefix(k, sk.key) <= 0 {
			return 1
		}
		return -1
	}
	if c := bytes.Compare(sk.key, k); c != 0 {
		return c
	}
	tid, ok := t.heapTID()
	switch {
	case !sk.hasTID && !ok:
		return 0
	case !sk.hasTID:
		return -1
	case !ok:
		return 1
	}
	return compareTID(sk.tid, tid)
}

// leafSearch returns the first data offset of leaf n whose item is >= sk
// (MaxOffset+1 if none).
func leafSearch(n node, sk *scanKey) page.OffsetNumber {
	lo, hi := n.firstData(), n.maxOff()+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if sk.compare(n.tuple(mid)) > 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// internalSearch returns the offset of the downlink of internal page n to
// follow for sk: the last item <= sk, the first data item (minus
// infinity) counting as <= everything.
func internalSearch(n node, sk *scanKey) page.OffsetNumber {
	lo, hi := n.firstData()+1, n.maxOff()+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if sk.compare(n.tuple(mid)) >= 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo - 1
}

// stackEntry records, for one internal page visited on the way down, the
// downlink followed: where to start looking for the parent when a split
// below has to insert a downlink (the parent may have split since; then
// the downlink is found to the right).
type stackEntry struct {
	blk   uint32
	off   page.OffsetNumber
	level uint32
}

func findStack(stack []stackEntry, level uint32) (stackEntry, bool) {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].level == level {
			return stack[i], true
		}
	}
	return stackEntry{}, false
}

// getRoot returns the root page locked in shared mode, or exclusively when
// forUpdate and the root is a leaf. The cached location is trusted only if
// the page is still alone on its level (a root split gives it a right
// sibling); otherwise the metapage is read. A root taken from the metapage
// may be split by the time it is locked: it is then the leftmost page of
// its level, and descending from it is still correct (moving right).
func (ix *Index) getRoot(forUpdate bool) (ref, error) {
	mode := func(level uint32) bufmgr.LockMode {
		if forUpdate && level == 0 {
			return bufmgr.Exclusive
		}
		return bufmgr.Shared
	}
	if ix.rootBlk != noBlock {
		r, err := ix.read(ix.rootBlk, mode(ix.rootLevel))
		if err != nil {
			return ref{}, err
		}
		if r.n.level() == ix.rootLevel && r.n.isLeftmost() && r.n.isRightmost() && !r.n.has(flagDeleted|flagHalfDead) {
			return r, nil
		}
		ix.release(r)
	}
	m, err := ix.read(metaBlock, bufmgr.Shared)
	if err != nil {
		return ref{}, err
	}
	md := meta{m.n.Page}
	if !m.n.has(flagMeta) || !md.valid() {
		ix.release(m)
		return ref{}, corruptf("index %q is not a btree", ix.opts.Name)
	}
	root, level := md.root(), md.level()
	ix.release(m)
	if root == noBlock {
		return ref{}, corruptf("index %q has no root page", ix.opts.Name)
	}
	r, err := ix.read(root, mode(level))
	if err != nil {
		return ref{}, err
	}
	if r.n.level() != level {
		ix.release(r)
		return ref{}, corruptf("root page %d of index %q has level %d, expected %d", root, ix.opts.Name, r.n.level(), level)
	}
	ix.rootBlk, ix.rootLevel = root, level
	return r, nil
}

// descend finds the leaf page where sk belongs, one page locked at a
// time: a page's lock is released before its child is locked, since a
// split of the child meanwhile only moves keys right, where moveRight
// finds them (Lehman and Yao). The leaf comes back locked shared, or
// exclusively when forUpdate; then incomplete splits met on the way are
// finished. The stack records the path for inserting downlinks (only
// forUpdate).
func (ix *Index) descend(sk *scanKey, forUpdate bool) (ref, []stackEntry, error) {
	r, err := ix.getRoot(forUpdate)
	if err != nil {
		return ref{}, nil, err
	}
	stack := ix.stack[:0]
	defer func() { ix.stack = stack[:0] }()
	for {
		if r, err = ix.moveRight(r, sk, forUpdate, stack); err != nil {
			return ref{}, nil, err
		}
		if r.n.isLeaf() {
			break
		}
		off := internalSearch(r.n, sk)
		child := r.n.tuple(off).downlink()
		level := r.n.level()
		if forUpdate {
			// Only insertions need the path (readers never go up).
			stack = append(stack, stackEntry{blk: r.blk, off: off, level: level})
		}
		mode := bufmgr.Shared
		if forUpdate && level == 1 {
			mode = bufmgr.Exclusive
		}
		ix.release(r)
		if r, err = ix.read(child, mode); err != nil {
			return ref{}, nil, err
		}
		if r.n.level() != level-1 {
			ix.release(r)
			return ref{}, nil, corruptf("index %q: downlink to block %d at level %d leads to level %d", ix.opts.Name, child, level, r.n.level())
		}
	}
	if forUpdate && r.mode != bufmgr.Exclusive {
		// Not expected (leaves are locked exclusively on the way down for
		// an update), but cheap to make right.
		ix.relock(&r, bufmgr.Exclusive)
		if r, err = ix.moveRight(r, sk, true, stack); err != nil {
			return ref{}, nil, err
		}
	}
	return r, stack, nil
}

// moveRight follows right-links from r while sk is at or beyond the high
// key: the keys it wants were moved right by a split that happened after
// the parent was read. With forUpdate it first finishes an incomplete
// split of any page it stands on, so that no insertion goes into a page
// whose downlink is missing. r's lock mode is kept.
func (ix *Index) moveRight(r ref, sk *scanKey, forUpdate bool, stack []stackEntry) (ref, error) {
	want := r.mode
	for {
		if forUpdate && r.n.has(flagIncompleteSplit) {
			if r.mode != bufmgr.Exclusive {
				ix.relock(&r, bufmgr.Exclusive)
				continue
			}
			blk := r.blk
			if err := ix.finishSplit(r, stack); err != nil {
				return ref{}, err
			}
			var err error
			if r, err = ix.read(blk, want); err != nil {
				return ref{}, err
			}
			continue
		}
		if r.n.isRightmost() || sk.compare(r.n.highKey()) < 0 {
			return r, nil
		}
		next := r.n.next()
		ix.release(r)
		var err error
		if r, err = ix.read(next, want); err != nil {
			return ref{}, err
		}
	}
}

// leftmostAt returns the block of the leftmost page at level, found from
// the root by first downlinks. It is how the parent of a page is found
// when the descent that reached the page did not pass through its parent
// level (the root was split after the descent began).
func (ix *Index) leftmostAt(level uint32) (uint32, error) {
	m, err := ix.read(metaBlock, bufmgr.Shared)
	if err != nil {
		return 0, err
	}
	md := meta{m.n.Page}
	root, rootLevel := md.root(), md.level()
	ix.release(m)
	if rootLevel < level {
		return 0, corruptf("index %q has no level %d (root level %d)", ix.opts.Name, level, rootLevel)
	}
	blk := root
	for {
		r, err := ix.read(blk, bufmgr.Shared)
		if err != nil {
			return 0, err
		}
		switch {
		case r.n.level() == level:
			ix.release(r)
			return blk, nil
		case r.n.isLeaf() || r.n.level() < level || r.n.maxOff() < r.n.firstData():
			ix.release(r)
			return 0, corruptf("index %q: cannot reach level %d from block %d", ix.opts.Name, level, blk)
		}
		blk = r.n.tuple(r.n.firstData()).downlink()
		ix.release(r)
	}
}
