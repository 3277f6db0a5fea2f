package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// UpdateResult reports an update. When Status is TMOk, NewTID is the new
// version; HOT says it is heap-only, reached from the old version's
// chain root, so the caller inserts no index entries for it.
type UpdateResult struct {
	Result
	NewTID tuple.TID
	HOT    bool
}

// Update replaces the version at tid with a new one made of values and
// nulls (heap_update). indexedChanged says whether any indexed column
// changed (the caller compares); when none did and the new version fits
// on the old one's page, the update is HOT: the new version is heap-only,
// the old one HOT-updated, and indexes need nothing. indexedChanged also
// counts as a key change for row locking (KEYS_UPDATED): without
// multixacts every conflict waits anyway, so over-reporting costs nothing.
//
// The common case (no TOAST work, room on the page) is one critical
// section under the old page's lock. Otherwise, as PostgreSQL does, the
// old version is first locked with a lock-only xmax, its page unlocked,
// the values toasted (which reads and writes other pages) and a page
// found for the new version; then both pages are locked in block order
// and the update is finished. While the page is unlocked the row lock
// keeps every other writer out.
func (h *Heap) Update(tx Txn, tid tuple.TID, values [][]byte, nulls []bool, indexedChanged bool) (UpdateResult, error) {
	size, mask, err := tuple.Size(h.desc, values, nulls)
	if err != nil {
		return UpdateResult{}, err
	}
	needToast := size > ToastTupleThreshold || mask&tuple.HasExternal != 0
	var newtup []byte
	if !needToast {
		if h.formBuf, err = tuple.AppendForm(h.formBuf, h.desc, values, nulls); err != nil {
			return UpdateResult{}, err
		}
		newtup = h.formBuf
	}

	l, res, ok, err := h.lockVersion(tx, tid, "update")
	if !ok {
		return UpdateResult{Result: res}, err
	}
	needToast = needToast || l.hdr.HasExternal()
	if !needToast && page.MaxAlign(len(newtup)) <= heapFreeSpace(l.p) {
		return h.finishUpdate(tx, tid, &l, l.b, tid.Block, newtup, !indexedChanged, indexedChanged)
	}

	// The slow path: lock the row, let go of the page.
	mode := LockNoKeyExclusive
	if indexedChanged {
		mode = LockExclusive
	}
	im, im2 := mode.lockBits()
	var old []byte
	if needToast {
		old = append([]byte(nil), l.item...) // to compare its toasted values with the new ones
	}
	setXmax(&l.hdr, tid, tx.Xid(), tuple.XmaxLockOnly|im, im2)
	l.hdr.Put(l.item)
	h.pool.MarkDirty(l.b)
	h.pool.Unlock(l.b)

	if needToast {
		if newtup, err = h.toastValues(tx, values, nulls, old); err != nil {
			h.pool.Release(l.b)
			return UpdateResult{}, err
		}
	}
	nb, nblk, err := h.bufferForTuple(len(newtup), l.b, tid.Block)
	if err != nil {
		h.pool.Release(l.b)
		return UpdateResult{}, err
	}
	// Pruning may have moved the old item's bytes while the page was
	// unlocked (never its line pointer: the version is locked, so live).
	l.item = normalItem(l.p, l.off)
	if l.item != nil {
		l.hdr, _ = tuple.ReadHeader(l.item)
	}
	if l.item == nil || l.hdr.Xmax != tx.Xid() || !l.hdr.XmaxIsLockOnly() {
		h.unlockPair(nb, l.b)
		if nb != l.b {
			h.pool.Release(nb)
		}
		h.pool.Release(l.b)
		return UpdateResult{}, pgerr.New(pgerr.InternalError, "tuple %v of relation \"%s\" changed while locked for update", tid, h.name)
	}
	if nb != l.b {
		setPageFull(l.p, true) // a hint that pruning could make room here
	}
	return h.finishUpdate(tx, tid, &l, nb, nblk, newtup, nb == l.b && !indexedChanged, indexedChanged)
}

// finishUpdate stores newtup in nb (which has room) and makes the old
// version, locked in l, point at it. Both pages are exclusively locked
// and are released here.
func (h *Heap) finishUpdate(tx Txn, tid tuple.TID, l *locked, nb bufmgr.Buffer, nblk uint32, newtup []byte, hot, indexedChanged bool) (UpdateResult, error) {
	defer func() {
		h.unlockPair(nb, l.b)
		if nb != l.b {
			h.pool.Release(nb)
		}
		h.pool.Release(l.b)
	}()
	nh, err := tuple.ReadHeader(newtup)
	if err != nil {
		return UpdateResult{}, err
	}
	prepareNewVersion(&nh, tx)
	nh.Infomask |= tuple.Updated
	if hot {
		nh.Infomask2 |= tuple.HeapOnly
	}
	nh.Put(newtup)
	// Adding an item writes only free space and a line pointer, so the
	// old item (l.item) stays where it is even on the same page.
	newTID, err := h.placeTuple(nb, nblk, newtup, &nh)
	if err != nil {
		return UpdateResult{}, err
	}
	var im2 uint16
	if indexedChanged {
		im2 |= tuple.KeysUpdated
	}
	if hot {
		im2 |= tuple.HotUpdated
	}
	setXmax(&l.hdr, tid, tx.Xid(), 0, im2)
	l.hdr.Cid = tx.Cid()
	l.hdr.Ctid = newTID
	l.hdr.Put(l.item)
	setPrunable(l.p, tx.Xid())
	clearAllVisible(l.p)
	h.pool.MarkDirty(l.b)
	return UpdateResult{Result: Result{Status: TMOk}, NewTID: newTID, HOT: hot}, nil
}
