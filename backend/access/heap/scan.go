package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Scan is a sequential scan: every version snap sees, page by page in
// block order (heapgettup_pagemode). For each page it pins the buffer
// through a BulkRead ring (so a big scan does not flush the pool), takes
// the shared content lock, copies out the visible versions, and lets go of
// both before handing any of them to the caller: the caller never holds a
// lock or a pin between calls, whatever it does with the rows.
//
// The relation's length is read when the scan starts; pages added later
// are not visited (as in PostgreSQL, whose snapshot could not see their
// tuples anyway).
type Scan struct {
	h        *Heap
	snap     Snapshot
	hz       Horizon // non-nil: prune pages that look worth it
	strategy *bufmgr.Strategy
	nblocks  uint32
	next     uint32 // the next block to read
	ahead    uint32 // blocks below it were prefetched or found resident (readAhead)

	arena []byte  // the current page's visible tuples, back to back
	rows  []Tuple // views into arena
	pos   int     // rows[pos-1] is the current tuple
	err   error
	hdr   tuple.Header // scratch for visibility checks
}

// Scan starts a sequential scan under snap. If snap also implements
// Horizon, pages the scan visits are pruned when they look worth it.
func (h *Heap) Scan(snap Snapshot) (*Scan, error) {
	n, err := h.Nblocks()
	if err != nil {
		return nil, err
	}
	s := &Scan{h: h, snap: snap, nblocks: n, strategy: h.pool.NewStrategy(bufmgr.BulkRead), arena: make([]byte, 0, page.Size)}
	s.hz, _ = snap.(Horizon)
	return s, nil
}

// Next advances to the next visible version and reports whether there is
// one; at the end, or after an error, it returns false (check Err).
func (s *Scan) Next() bool {
	for s.pos >= len(s.rows) {
		if s.err != nil || s.next >= s.nblocks {
			return false
		}
		if ok, err := s.loadPage(s.next); err != nil || !ok {
			s.err = err
			return false
		}
		s.next++
	}
	s.pos++
	return true
}

// Tuple returns the current version. Its Data stays valid until the next
// call to Next; Clone it to keep it longer.
func (s *Scan) Tuple() *Tuple { return &s.rows[s.pos-1] }

// Err returns the error that ended the scan, if any.
func (s *Scan) Err() error { return s.err }

// Close ends the scan. It holds no pins or locks between calls, so this
// only drops its buffers.
func (s *Scan) Close() { s.rows, s.arena = nil, nil }

// loadPage copies the versions of block blk that the snapshot sees. It
// reports false when blk is gone: a VACUUM truncated the relation's empty
// tail after the scan started, and the scan ends there (nothing on those
// pages was visible to anyone).
func (s *Scan) loadPage(blk uint32) (bool, error) {
	h := s.h
	s.rows, s.pos, s.arena = s.rows[:0], 0, s.arena[:0]
	s.readAhead(blk)
	b, ok, err := h.readBlock(blk, s.strategy)
	if err != nil || !ok {
		return false, err
	}
	h.pool.Lock(b, bufmgr.Shared)
	p := page.Page(h.pool.Page(b))
	maxOff := p.MaxOffset()
	for off := page.FirstOffset; off <= maxOff; off++ {
		item := normalItem(p, off)
		if item == nil {
			continue
		}
		if !h.visible(s.snap, b, item, &s.hdr) {
			continue
		}
		// The items of one page total less than a page, so the arena
		// never grows past its first allocation and views stay valid.
		start := len(s.arena)
		s.arena = append(s.arena, item...)
		s.rows = append(s.rows, Tuple{
			TID:    tuple.TID{Block: blk, Offset: uint16(off)},
			Header: s.hdr,
			Data:   s.arena[start:len(s.arena):len(s.arena)],
		})
	}
	prune := s.hz != nil && h.worthPruning(p, s.hz)
	h.pool.Unlock(b)
	if prune {
		h.pruneIfWorthIt(b, blk, s.hz)
	}
	h.pool.Release(b)
	return true, nil
}

// prefetcher is implemented by a pool that can read ahead (bufmgr's
// Prefetch and Resident).
type prefetcher interface {
	Prefetch(first bufmgr.Tag, n int, s *bufmgr.Strategy)
	Resident(t bufmgr.Tag) bool
}

// readAheadBlocks is how far a sequential scan reads ahead: 16 blocks
// (128 kB) in one batch, all in flight at once on io_uring. It stays
// below half of the BulkRead ring, whose slots hold the prefetched pages
// until the scan reaches them.
const readAheadBlocks = 16

// readAhead prefetches the blocks from blk on when blk is not resident
// and was not prefetched already. A resident block suggests a warm
// relation: the next check comes readAheadBlocks/2 blocks later, so a
// scan of cached pages pays one look-up per eight pages for it.
func (s *Scan) readAhead(blk uint32) {
	pf, ok := s.h.pool.(prefetcher)
	if !ok || blk < s.ahead {
		return
	}
	n := min(uint32(readAheadBlocks), uint32(s.strategy.Len()/2), s.nblocks-blk)
	if n < 2 {
		return
	}
	t := s.h.tag(blk)
	if pf.Resident(t) {
		s.ahead = blk + readAheadBlocks/2
		return
	}
	pf.Prefetch(t, int(n), s.strategy)
	s.ahead = blk + n
}
