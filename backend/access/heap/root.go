package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// RootOffsets returns, for page blk, the root line pointer of the HOT
// chain each heap-only version on it belongs to (PostgreSQL's
// heap_get_root_tuples): an index built over the table must point at the
// root, never at a heap-only version, since index scans start their walk
// of a chain there (HotFetch). Versions missing from the map are their
// own roots. A chain is followed as HotFetch follows it: through a
// redirect, then from each HOT-updated version to its successor on the
// page while the successor's xmin is its predecessor's updater.
func (h *Heap) RootOffsets(blk uint32) (map[uint16]uint16, error) {
	b, ok, err := h.readExisting(blk, nil)
	if err != nil || !ok {
		return nil, err
	}
	h.pool.Lock(b, bufmgr.Shared)
	defer func() {
		h.pool.Unlock(b)
		h.pool.Release(b)
	}()
	p := page.Page(h.pool.Page(b))
	roots := map[uint16]uint16{}
	for root := page.OffsetNumber(1); root <= p.MaxOffset(); root++ {
		next := root
		if _, _, f := p.ItemID(root); f == page.Redirect {
			next = p.RedirectTarget(root)
		} else if item := normalItem(p, root); item == nil {
			continue
		} else if hdr, err := tuple.ReadHeader(item); err != nil || hdr.IsHeapOnly() {
			continue // a chain member, reached from its root
		}
		walkChain(p, blk, root, next, roots)
	}
	return roots, nil
}

// walkChain records root as the root of the chain members from off on.
func walkChain(p page.Page, blk uint32, root, off page.OffsetNumber, roots map[uint16]uint16) {
	var priorXmax uint64
	for steps := 0; steps <= MaxHeapTuplesPerPage; steps++ {
		item := normalItem(p, off)
		if item == nil {
			return
		}
		hdr, err := tuple.ReadHeader(item)
		if err != nil || priorXmax != 0 && hdr.Xmin != priorXmax {
			return
		}
		if off != root {
			roots[uint16(off)] = uint16(root)
		}
		if !hdr.IsHotUpdated() || hdr.Ctid.Block != blk {
			return
		}
		priorXmax = hdr.UpdateXid()
		off = page.OffsetNumber(hdr.Ctid.Offset)
	}
}
