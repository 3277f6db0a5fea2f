package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Fetch returns a copy of the version at tid if snap sees it (heap_fetch).
// found is false when tid names no tuple (past the end of the relation,
// an unused, dead or redirect line pointer) or one snap does not see. It
// does not follow HOT chains: see HotFetch.
func (h *Heap) Fetch(snap Snapshot, tid tuple.TID) (t Tuple, found bool, err error) {
	b, ok, err := h.readExisting(tid.Block, nil)
	if err != nil || !ok {
		return Tuple{}, false, err
	}
	h.pool.Lock(b, bufmgr.Shared)
	if item := normalItem(h.pool.Page(b), page.OffsetNumber(tid.Offset)); item != nil {
		if h.visible(snap, b, item, &h.hdr) {
			t, found = Tuple{TID: tid, Header: h.hdr, Data: append([]byte(nil), item...)}, true
		}
	}
	h.pool.Unlock(b)
	h.pool.Release(b)
	return t, found, nil
}

// HotFetch returns a copy of the member of the HOT chain rooted at tid
// that snap sees, if any (heap_hot_search_buffer): what an index scan
// does with the TID of an index entry, which always names a chain's root.
// It follows a redirect at the root, then each HOT-updated version to its
// successor on the page, checking that the successor's xmin is its
// predecessor's updater (otherwise the chain was broken by pruning and
// the slot reused). The returned tuple's TID is the member's own.
//
// If snap also implements Horizon, the page is pruned afterwards when it
// looks worth it (see pruneIfWorthIt).
func (h *Heap) HotFetch(snap Snapshot, tid tuple.TID) (t Tuple, found bool, err error) {
	b, ok, err := h.readExisting(tid.Block, nil)
	if err != nil || !ok {
		return Tuple{}, false, err
	}
	h.pool.Lock(b, bufmgr.Shared)
	p := page.Page(h.pool.Page(b))
	t, found = h.hotSearch(snap, b, p, tid)
	hz, _ := snap.(Horizon)
	prune := hz != nil && h.worthPruning(p, hz)
	h.pool.Unlock(b)
	if prune {
		h.pruneIfWorthIt(b, tid.Block, hz)
	}
	h.pool.Release(b)
	return t, found, nil
}

// hotSearch walks the chain from tid on the locked page p.
func (h *Heap) hotSearch(snap Snapshot, b bufmgr.Buffer, p page.Page, tid tuple.TID) (Tuple, bool) {
	off := page.OffsetNumber(tid.Offset)
	atStart := true
	var priorXmax uint64
	for steps := 0; steps <= MaxHeapTuplesPerPage; steps++ {
		if off == page.InvalidOffset || off > p.MaxOffset() {
			break
		}
		if _, _, f := p.ItemID(off); f == page.Redirect {
			if !atStart {
				break
			}
			off = p.RedirectTarget(off)
			atStart = false
			continue
		}
		item := normalItem(p, off)
		if item == nil {
			break
		}
		hdr := &h.hdr
		vis := h.visible(snap, b, item, hdr)
		// An index entry never points at a heap-only version, and a
		// successor must have been inserted by its predecessor's updater.
		if atStart && hdr.IsHeapOnly() || priorXmax != 0 && hdr.Xmin != priorXmax {
			break
		}
		if vis {
			return Tuple{TID: tuple.TID{Block: tid.Block, Offset: uint16(off)}, Header: *hdr, Data: append([]byte(nil), item...)}, true
		}
		if !hdr.IsHotUpdated() || hdr.Ctid.Block != tid.Block {
			break
		}
		priorXmax = hdr.UpdateXid()
		off = page.OffsetNumber(hdr.Ctid.Offset)
		atStart = false
	}
	return Tuple{}, false
}
