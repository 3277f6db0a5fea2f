package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Row is one row for InsertMulti.
type Row struct {
	Values [][]byte
	Nulls  []bool // nil: none null
}

// InsertMulti stores rows as Insert would, one after the other, but fills
// each page it takes with as many of them as fit before letting go of its
// lock (PostgreSQL's heap_multi_insert, for COPY and multi-row INSERT):
// a page is locked, changed and logged once for all the rows it takes,
// instead of once per row. It appends the rows' TIDs to tids, in row
// order, and returns it.
func (h *Heap) InsertMulti(tx Txn, rows []Row, tids []tuple.TID) ([]tuple.TID, error) {
	// Form (and toast) every row first: toasting inserts into another
	// relation and must not happen under a page lock of this one.
	tups := h.multiBuf[:0]
	for _, r := range rows {
		tup, err := h.toastValues(tx, r.Values, r.Nulls, nil)
		if err != nil {
			return tids, err
		}
		if len(tup) > MaxHeapTupleSize {
			return tids, rowTooBig(len(tup))
		}
		own := append([]byte(nil), tup...) // toastValues reuses its buffer
		hdr, err := tuple.ReadHeader(own)
		if err != nil {
			return tids, err
		}
		prepareNewVersion(&hdr, tx)
		hdr.Put(own)
		tups = append(tups, own)
	}
	h.multiBuf = tups[:0]
	for i := 0; i < len(tups); {
		b, blk, err := h.bufferForTuple(len(tups[i]), bufmgr.InvalidBuffer, 0)
		if err != nil {
			return tids, err
		}
		p := page.Page(h.pool.Page(b))
		for placed := 0; i < len(tups); placed++ {
			if placed > 0 && heapFreeSpace(p) < h.targetFreeSpace(page.MaxAlign(len(tups[i]))) {
				break
			}
			hdr, _ := tuple.ReadHeader(tups[i])
			tid, err := h.placeTuple(b, blk, tups[i], &hdr)
			if err != nil {
				h.pool.Unlock(b)
				h.pool.Release(b)
				return tids, err
			}
			tids = append(tids, tid)
			i++
		}
		h.pool.Unlock(b)
		h.pool.Release(b)
	}
	clear(tups)
	return tids, nil
}
