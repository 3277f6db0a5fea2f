package heaptest

import (
	"fmt"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// CheckHeap checks every page of h's main fork: page.Check, then the heap
// invariants: every Normal item is a well-formed tuple of h's descriptor
// whose line pointer count is within MaxHeapTuplesPerPage; a redirect
// leads to a heap-only version; a HOT-updated version's successor is on
// the same page, heap-only, and was inserted by the updater (unless the
// update aborted); every heap-only version is reached from a root's chain
// or is garbage a prune may remove (its inserter aborted, or it was
// stranded by an aborted update); pd_lower stays within the heap's line
// pointer limit. With an Oracle, a heap-only version no chain reaches must
// have been inserted by an aborted transaction, and a HOT-updated
// version's successor may be missing only if the update aborted.
func CheckHeap(pool heap.BufferPool, h *heap.Heap, o Oracle) error {
	n, err := h.Nblocks()
	if err != nil {
		return err
	}
	for blk := range n {
		b, err := pool.ReadBuffer(h.Rel().Block(blk), nil)
		if err != nil {
			return err
		}
		pool.Lock(b, bufmgr.Shared)
		err = checkHeapPage(page.Page(pool.Page(b)), h.Desc(), blk, o)
		pool.Unlock(b)
		pool.Release(b)
		if err != nil {
			return fmt.Errorf("%s block %d: %w", h.Name(), blk, err)
		}
	}
	return nil
}

func checkHeapPage(p page.Page, d *tuple.Desc, blk uint32, o Oracle) error {
	if err := p.Check(); err != nil {
		return err
	}
	if p.IsNew() {
		return nil
	}
	maxOff := p.MaxOffset()
	if int(maxOff) > heap.MaxHeapTuplesPerPage {
		return fmt.Errorf("%d line pointers, more than %d", maxOff, heap.MaxHeapTuplesPerPage)
	}
	reached := make([]bool, maxOff+1)
	headers := make([]*tuple.Header, maxOff+1)
	for off := page.FirstOffset; off <= maxOff; off++ {
		if _, _, f := p.ItemID(off); f != page.Normal {
			continue
		}
		item := p.Item(off)
		hdr, err := tuple.ReadHeader(item)
		if err != nil {
			return fmt.Errorf("item %d: %w", off, err)
		}
		if _, _, err := tuple.Deform(d, item); err != nil {
			return fmt.Errorf("item %d: %w", off, err)
		}
		headers[off] = &hdr
	}
	for off := page.FirstOffset; off <= maxOff; off++ {
		_, _, f := p.ItemID(off)
		var next page.OffsetNumber
		switch {
		case f == page.Redirect:
			to := p.RedirectTarget(off)
			if headers[to] == nil || !headers[to].IsHeapOnly() {
				return fmt.Errorf("redirect %d leads to %d, which is not a heap-only version", off, to)
			}
			next = to
		case headers[off] != nil && !headers[off].IsHeapOnly():
			next = off
		default:
			continue
		}
		// Walk the chain from this root.
		for steps := 0; next != page.InvalidOffset && steps <= int(maxOff); steps++ {
			hdr := headers[next]
			if hdr == nil {
				return fmt.Errorf("chain from %d reaches %d, which is not a version", off, next)
			}
			reached[next] = true
			if hdr.Infomask2&tuple.HotUpdated == 0 {
				break
			}
			if hdr.Ctid.Block != blk {
				return fmt.Errorf("HOT-updated version %d points off the page to %v", next, hdr.Ctid)
			}
			succ := page.OffsetNumber(hdr.Ctid.Offset)
			sh := headers[succ]
			if sh == nil || !sh.IsHeapOnly() {
				// Only an aborted update's successor may have gone.
				aborted := hdr.Infomask&tuple.XmaxInvalid != 0 || o != nil && o.Status(hdr.Xmax) == Aborted
				if !aborted && (sh != nil || o != nil) {
					return fmt.Errorf("HOT-updated version %d: successor %d is missing or not heap-only", next, succ)
				}
				break
			}
			if sh.Xmin != hdr.Xmax {
				break // broken chain: the successor slot was reused
			}
			next = succ
		}
	}
	if o == nil {
		return nil
	}
	for off := page.FirstOffset; off <= maxOff; off++ {
		if hdr := headers[off]; hdr != nil && hdr.IsHeapOnly() && !reached[off] && o.Status(hdr.Xmin) != Aborted {
			return fmt.Errorf("heap-only version %d (xmin %d) is reached by no chain", off, hdr.Xmin)
		}
	}
	if o == nil {
		return nil
	}
	for off := page.FirstOffset; off <= maxOff; off++ {
		if hdr := headers[off]; hdr != nil && hdr.IsHeapOnly() && !reached[off] && o.Status(hdr.Xmin) != Aborted {
			return fmt.Errorf("heap-only version %d (xmin %d) is reached by no chain", off, hdr.Xmin)
		}
	}
	return nil
}
