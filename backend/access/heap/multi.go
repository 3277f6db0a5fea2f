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

// maxMultiArena is the largest buffer of formed tuples InsertMulti keeps
// for its next call; a batch of larger rows gets its own.
const maxMultiArena = 1 << 20

// InsertMulti stores rows as Insert would, one after the other, but fills
// each page it takes with as many of them as fit before letting go of its
// lock (PostgreSQL's heap_multi_insert, for COPY and multi-row INSERT):
// a page is locked, changed and logged once for all the rows it takes,
// instead of once per row. It appends the rows' TIDs to tids, in row
// order, and returns it.
func (h *Heap) InsertMulti(tx Txn, rows []Row, tids []tuple.TID) ([]tuple.TID, error) {
	// Form (and toast) every row first: toasting inserts into another
	// relation and must not happen under a page lock of this one. The
	// tuples are formed one after the other into one buffer, reused from
	// call to call, and cut into tuples once all are there.
	arena, ends := h.multiArena[:0], h.multiEnds[:0]
	for _, r := range rows {
		tup, err := h.toastValues(tx, r.Values, r.Nulls, nil)
		if err != nil {
			return tids, err
		}
		if len(tup) > MaxHeapTupleSize {
			return tids, rowTooBig(len(tup))
		}
		start := len(arena)
		arena = append(arena, tup...) // toastValues reuses its buffer
		own := arena[start:]
		hdr, err := tuple.ReadHeader(own)
		if err != nil {
			return tids, err
		}
		prepareNewVersion(&hdr, tx)
		hdr.Put(own)
		ends = append(ends, len(arena))
	}
	tups := h.multiBuf[:0]
	start := 0
	for _, end := range ends {
		tups = append(tups, arena[start:end:end])
		start = end
	}
	h.multiBuf, h.multiEnds = tups[:0], ends[:0]
	if cap(arena) <= maxMultiArena {
		h.multiArena = arena[:0]
	} else {
		h.multiArena = nil
	}
	h.bulk = true
	defer func() { h.bulk = false }()
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
