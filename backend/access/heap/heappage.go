package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Heap pages are package page's slotted pages with no special space.
// pd_prune_xid is only a flag here (1: some version on the page was
// deleted or updated, so pruning may free space; 0: not worth trying): it
// is 32 bits and transaction ids are 64, and the transaction layer's
// Horizon, not the page, decides what is dead.

// initPage formats a new heap page (zeroed by a relation extension).
func initPage(p page.Page) { p.Init(0) }

// heapFreeSpace is PageGetHeapFreeSpace: the room for one more tuple,
// zero when the page already has all the line pointers a heap page may
// have and none of them is free.
func heapFreeSpace(p page.Page) int {
	space := p.FreeSpace()
	if space == 0 {
		return 0
	}
	n := p.MaxOffset()
	if int(n) < MaxHeapTuplesPerPage {
		return space
	}
	if p.HasFreeLinePointers() {
		for o := page.FirstOffset; o <= n; o++ {
			if _, _, f := p.ItemID(o); f == page.Unused {
				return space
			}
		}
	}
	return 0
}

// setPrunable records that xid deleted or updated a version on p.
// pd_prune_xid keeps the low 32 bits of the oldest such xid (0: none),
// so that a prune on the way can tell whether anything may be removable
// yet (pruneDue) instead of pruning a page whose deletions every running
// snapshot still needs.
func setPrunable(p page.Page, xid uint64) {
	x := pruneXid32(xid)
	if old := p.PruneXID(); old == 0 || int32(x-old) < 0 {
		p.SetPruneXID(x)
	}
}

// pruneXid32 is xid as pd_prune_xid keeps it; 0 is kept for "none".
func pruneXid32(xid uint64) uint32 {
	if x := uint32(xid); x != 0 {
		return x
	}
	return 1
}

// pruneDue reports whether p's oldest deletion precedes horizon, the
// oldest xid a snapshot may still consider running: only then can pruning
// remove anything. The comparison is modulo 2^32, as pd_prune_xid holds
// 32 bits of a 64-bit xid; it can misjudge only a page no deletion has
// touched for 2^31 transactions, and then costs a prune skipped (VACUUM
// still prunes it) or one made in vain, never a wrong answer: pruning
// itself judges every version by its full xids.
func pruneDue(p page.Page, horizon uint64) bool {
	x := p.PruneXID()
	return x != 0 && int32(uint32(horizon)-x) > 0
}

// pageFull reports the PD_PAGE_FULL hint: an update found no room here.
func pageFull(p page.Page) bool { return p.Flags()&page.FlagPageFull != 0 }

func setPageFull(p page.Page, on bool) {
	if on {
		p.SetFlags(p.Flags() | page.FlagPageFull)
	} else {
		p.SetFlags(p.Flags() &^ page.FlagPageFull)
	}
}

// clearAllVisible drops PD_ALL_VISIBLE, as every change that adds or
// deletes a version must.
func clearAllVisible(p page.Page) {
	if p.Flags()&page.FlagAllVisible != 0 {
		p.SetFlags(p.Flags() &^ page.FlagAllVisible)
	}
}

// normalItem returns the tuple at line pointer off if it is a Normal
// item long enough to hold a header, else nil.
func normalItem(p page.Page, off page.OffsetNumber) []byte {
	if off == page.InvalidOffset || off > p.MaxOffset() {
		return nil
	}
	if _, _, f := p.ItemID(off); f != page.Normal {
		return nil
	}
	item := p.Item(off)
	if len(item) < tuple.HeaderSize {
		return nil
	}
	return item
}

// hinted writes back to the stored tuple the hint bits a callback added to
// its copy of the header (after) relative to what was stored (before).
// Under an exclusive lock it marks the page dirty; under a shared one it
// marks it with MarkDirtyHint when the pool can, and skips the hint when
// it cannot.
func (h *Heap) hinted(b bufmgr.Buffer, item []byte, before, after uint16, exclusive bool) {
	added := (after &^ before) & tuple.HintMask
	if added == 0 {
		return
	}
	switch {
	case exclusive:
		if tuple.SetHints(item, added) {
			h.pool.MarkDirty(b)
		}
	case h.hints != nil:
		if tuple.SetHints(item, added) {
			h.hints.MarkDirtyHint(b)
		}
	}
}

// visible asks snap about the tuple stored in item (under a shared lock),
// applying any hint bits it sets. hdr is the caller's scratch (passing a
// local to an interface method would allocate it on every call); it
// holds the header as seen, with those hints.
func (h *Heap) visible(snap Snapshot, b bufmgr.Buffer, item []byte, hdr *tuple.Header) bool {
	*hdr, _ = tuple.ReadHeader(item)
	before := hdr.Infomask
	vis := snap.Visible(hdr)
	h.hinted(b, item, before, hdr.Infomask, false)
	hdr.Infomask = before | (hdr.Infomask &^ before & tuple.HintMask)
	return vis
}
