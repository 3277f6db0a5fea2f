package heap

import (
	"slices"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Lazy VACUUM of a heap (vacuumlazy.c, without the visibility map):
//
//  1. VacuumScan prunes every block under a cleanup lock, as Prune does,
//     and collects the TIDs of the line pointers left LP_DEAD: roots of
//     chains that died whole, which index entries may still name.
//  2. The caller removes the index entries pointing at those TIDs
//     (btree's BulkDelete).
//  3. VacuumDead (lazy_vacuum_heap_page) turns those line pointers unused,
//     only if they are still LP_DEAD, drops the run of unused pointers at
//     the end of each page's array (PageTruncateLinePointerArray) and
//     records the page's free space.
//  4. TruncateEmpty (lazy_truncate_heap) cuts trailing empty pages off.
//
// Dead line pointers may be turned unused only after step 2: until then
// an index entry names them, and a new tuple placed in a reused slot
// would be found through an entry that meant a dead row.

// VacuumStats is what a VACUUM of one relation did, as VACUUM VERBOSE
// reports it.
type VacuumStats struct {
	Pages         uint32 // the relation's length when the scan started
	PagesScanned  uint32 // pages pruned and inspected
	TuplesRemoved int    // versions whose storage pruning freed
	LiveTuples    int    // versions left that someone may see (live or recently dead)
	RecentlyDead  int    // of those, deleted versions some snapshot still sees
	DeadItems     int    // LP_DEAD line pointers found (for the indexes)
	ItemsFreed    int    // LP_DEAD line pointers turned unused by the second pass
	PagesRemoved  uint32 // trailing empty pages truncated away
	PagesLeft     uint32 // the relation's length afterwards
}

// VacuumScan is VACUUM's first pass: it prunes every block of the
// relation with hz (waiting for each cleanup lock, as Prune does), counts
// what remains, and returns the TIDs of every LP_DEAD line pointer, in
// TID order. Pages are read through a Vacuum ring so that the pass does
// not flush the pool. Blocks added after the pass starts are not
// visited: their dead versions are the next VACUUM's. check, if not nil,
// is called between pages now and then (query cancel); its error ends
// the pass.
func (h *Heap) VacuumScan(hz Horizon, st *VacuumStats, check func() error) ([]tuple.TID, error) {
	n, err := h.Nblocks()
	if err != nil {
		return nil, err
	}
	st.Pages = n
	ring := h.pool.NewStrategy(bufmgr.Vacuum)
	var dead []tuple.TID
	for blk := uint32(0); blk < n; blk++ {
		if check != nil && blk%32 == 31 {
			if err := check(); err != nil {
				return dead, err
			}
		}
		b, ok, err := h.readExisting(blk, ring)
		if err != nil {
			return dead, err
		}
		if !ok {
			break // truncated by someone else meanwhile
		}
		h.lockForCleanup(b)
		p := page.Page(h.pool.Page(b))
		var free int
		if p.IsNew() {
			// A page an extension left zeroed (its extender failed before
			// initialising it): make it usable.
			initPage(p)
			h.pool.MarkDirty(b)
			free = heapFreeSpace(p)
		} else if isTruncating(p) {
			free = -1 // another VACUUM is truncating it: leave its map entry alone
		} else {
			ps := h.prunePage(b, blk, hz)
			st.TuplesRemoved += ps.Removed
			free = ps.FreeSpace
			maxOff := p.MaxOffset()
			for off := page.FirstOffset; off <= maxOff; off++ {
				switch _, _, f := p.ItemID(off); f {
				case page.Dead:
					dead = append(dead, tuple.TID{Block: blk, Offset: uint16(off)})
					st.DeadItems++
				case page.Normal:
					st.LiveTuples++
					if s := &h.pruneState.items[off]; s.flags&infoVersion != 0 && s.status == RecentlyDead {
						st.RecentlyDead++
					}
				}
			}
		}
		h.pool.Unlock(b)
		h.pool.Release(b)
		st.PagesScanned++
		if free >= 0 {
			if err := h.fsm.Record(blk, free); err != nil {
				return dead, err
			}
		}
	}
	return dead, nil
}

// lockForCleanup takes b's cleanup lock, or its exclusive lock when the
// pool cannot give one or refuses to wait (another process already waits
// for it): the heap's own readers copy tuples out under the content lock,
// so the exclusive lock is enough for them (see cleanupLocker).
func (h *Heap) lockForCleanup(b bufmgr.Buffer) {
	if h.waiter != nil && h.waiter.LockForCleanup(b) == nil {
		return
	}
	h.pool.Lock(b, bufmgr.Exclusive)
}

// VacuumDead is VACUUM's second pass (lazy_vacuum_heap_rel): the caller
// has removed every index entry pointing at tids (as returned by
// VacuumScan, in TID order), and their line pointers are turned unused,
// page by page. It returns how many it freed.
func (h *Heap) VacuumDead(tids []tuple.TID, st *VacuumStats) error {
	var offs []page.OffsetNumber
	for i := 0; i < len(tids); {
		blk := tids[i].Block
		offs = offs[:0]
		for ; i < len(tids) && tids[i].Block == blk; i++ {
			offs = append(offs, page.OffsetNumber(tids[i].Offset))
		}
		n, err := h.VacuumPage(blk, offs)
		st.ItemsFreed += n
		if err != nil {
			return err
		}
	}
	return nil
}

// VacuumPage turns unused the line pointers offs of block blk that are
// still LP_DEAD (lazy_vacuum_heap_page); anything else at those offsets
// is left alone. The index entries that pointed at them must be gone. It
// then truncates the page's trailing unused line pointers and records the
// page's free space in the map, and returns how many it freed.
//
// It needs only the exclusive lock: dead line pointers have no storage,
// so nothing moves, and readers ignore them.
func (h *Heap) VacuumPage(blk uint32, offs []page.OffsetNumber) (int, error) {
	b, ok, err := h.readExisting(blk, nil)
	if err != nil || !ok {
		return 0, err
	}
	h.pool.Lock(b, bufmgr.Exclusive)
	p := page.Page(h.pool.Page(b))
	freed := 0
	maxOff := p.MaxOffset()
	for _, off := range offs {
		if off == page.InvalidOffset || off > maxOff {
			continue
		}
		if _, _, f := p.ItemID(off); f == page.Dead {
			p.SetUnused(off)
			freed++
		}
	}
	if freed > 0 {
		p.TruncateLinePointers()
		h.pool.MarkDirty(b)
	}
	free := heapFreeSpace(p)
	h.pool.Unlock(b)
	h.pool.Release(b)
	if freed > 0 {
		return freed, h.fsm.Record(blk, free)
	}
	return 0, nil
}

// readExisting pins block blk through ring. ok is false when the block
// is no longer part of the relation: a VACUUM elsewhere truncated it
// after this handle learnt the relation's length.
func (h *Heap) readExisting(blk uint32, ring *bufmgr.Strategy) (bufmgr.Buffer, bool, error) {
	if ok, err := h.blockExists(blk); err != nil || !ok {
		return 0, false, err
	}
	return h.readBlock(blk, ring)
}

// readBlock pins block blk, which this handle believes exists. A read
// that fails because the block was truncated away reports ok false; one
// that fails because the block was truncated away and then added again
// by an extension (between the read and the look at the relation's
// length) is tried again.
func (h *Heap) readBlock(blk uint32, ring *bufmgr.Strategy) (bufmgr.Buffer, bool, error) {
	for attempt := 0; ; attempt++ {
		b, err := h.pool.ReadBuffer(h.tag(blk), ring)
		if err == nil {
			return b, true, nil
		}
		gone, nerr := h.truncatedAway(blk)
		switch {
		case nerr != nil:
			return 0, false, err
		case gone:
			return 0, false, nil
		case attempt == 3:
			return 0, false, err
		}
	}
}

// truncatedAway reports, after a read of blk failed, whether blk lies
// past the relation's end now, and forgets the caches that named it.
func (h *Heap) truncatedAway(blk uint32) (bool, error) {
	n, err := h.pool.Nblocks(h.rel)
	if err != nil {
		return false, err
	}
	if blk < n {
		return false, nil
	}
	h.nblocks = n
	if h.target != InvalidBlock && h.target >= n {
		h.target = InvalidBlock
	}
	return true, nil
}

// Truncation. Without a relation lock that keeps every other backend off
// the relation (PostgreSQL's AccessExclusiveLock), trailing pages are cut
// in steps that other backends can meet at any point:
//
//  1. Each empty trailing page, under its cleanup lock, is re-initialised
//     with no free space at all (a "truncating" page: its special space
//     covers the page). Inserters pass it over as full, readers find no
//     tuple on it, pruning finds nothing; nobody changes it again. Its
//     map entry becomes 0.
//  2. Those pages are written out (FlushRelation), so that a backend that
//     reads one from storage meanwhile also finds it full.
//  3. Under the exclusive content lock of block 0, which every heap
//     extension holds shared around ExtendRelation (extend), the relation's length
//     is checked unchanged, the file is cut (smgrtruncate) and the pages'
//     buffers dropped. A backend that still believes the pages exist gets
//     a failed read, sees the relation is shorter (truncatedAway) and goes
//     on as if it had ended there.
//
// If the relation grew meanwhile, the pages are made usable again.

// StorageTruncator cuts a relation fork's file down to nblocks blocks
// (smgrtruncate). The buffer pool does not own files, so the caller
// supplies it.
type StorageTruncator interface {
	Truncate(rf bufmgr.RelFork, nblocks uint32) error
}

// relationFlusher and relationDropper are the pool's FlushRelation and
// DropRelation (*bufmgr.Pool has both); truncation needs them.
type relationFlusher interface {
	FlushRelation(rf bufmgr.RelFork) error
}

type relationDropper interface {
	DropRelation(rf bufmgr.RelFork, fromBlock uint32)
}

// truncateSpecial is the special-space size of a page being truncated: it
// covers everything after the header, so the page has no free space.
const truncateSpecial = page.Size - page.HeaderSize

// isTruncating reports whether p was set aside for truncation.
func isTruncating(p page.Page) bool {
	return p.SpecialOffset() == page.HeaderSize && p.MaxOffset() == 0
}

// pageEmpty reports whether p holds no line pointer in use.
func pageEmpty(p page.Page) bool {
	if p.IsNew() || isTruncating(p) {
		return true
	}
	maxOff := p.MaxOffset()
	for off := page.FirstOffset; off <= maxOff; off++ {
		if _, _, f := p.ItemID(off); f != page.Unused {
			return false
		}
	}
	return true
}

// segmentBlocks is smgr's segment size in blocks. Truncation never cuts
// below the start of the relation's last segment: other backends' file
// managers remember which leading segments they saw full and would go on
// counting a segment emptied under them.
const segmentBlocks = 1 << 30 / page.Size

// TruncateEmpty cuts off the relation's trailing empty pages
// (lazy_truncate_heap) and returns how many it removed. It never waits
// for a page someone else has pinned: it stops at the first page, from
// the end, that is not empty or is in use, and removes nothing if the
// relation grows meanwhile, or if the empty tail is too short to be worth
// it (worthTruncating). Block 0 is always kept (its lock is the
// interlock with extensions). With a pool that cannot flush or drop a
// relation's buffers, or no st, it does nothing.
//
// It writes the relation's dirty pages first (FlushRelation), so that a
// backend reading a page it is about to cut finds it set aside; that is
// I/O PostgreSQL's VACUUM leaves to the checkpointer.
func (h *Heap) TruncateEmpty(st StorageTruncator) (uint32, error) {
	fl, ok1 := h.pool.(relationFlusher)
	dr, ok2 := h.pool.(relationDropper)
	if st == nil || !ok1 || !ok2 || h.cleanup == nil {
		return 0, nil
	}
	n, err := h.Nblocks()
	if err != nil || n <= 1 {
		return 0, err
	}
	floor := max(1, (n-1)/segmentBlocks*segmentBlocks)
	// Step 1, from the end.
	end := n
	for end > floor {
		b, ok, err := h.readBlock(end-1, nil)
		if err != nil || !ok {
			// Gone: another VACUUM truncated the relation meanwhile.
			h.untruncate(end, n)
			return 0, err
		}
		if !h.cleanup.ConditionalLockForCleanup(b) {
			h.pool.Release(b)
			break
		}
		p := page.Page(h.pool.Page(b))
		empty := pageEmpty(p)
		if empty && !isTruncating(p) {
			p.Init(truncateSpecial)
			h.pool.MarkDirty(b)
		}
		h.pool.Unlock(b)
		h.pool.Release(b)
		if !empty {
			break
		}
		end--
	}
	if end == n {
		return 0, nil
	}
	if !worthTruncating(n-end, n) {
		h.untruncate(end, n)
		return 0, nil
	}
	for blk := end; blk < n; blk++ {
		if err := h.fsm.Record(blk, 0); err != nil {
			h.untruncate(end, n)
			return 0, err
		}
	}
	// Step 2.
	if err := fl.FlushRelation(h.rel); err != nil {
		h.untruncate(end, n)
		return 0, err
	}
	// Step 3.
	b0, err := h.pool.ReadBuffer(h.tag(0), nil)
	if err != nil {
		h.untruncate(end, n)
		return 0, err
	}
	h.pool.Lock(b0, bufmgr.Exclusive)
	cur, err := h.pool.Nblocks(h.rel)
	if err == nil && cur == n && !h.stillTruncating(end, n) {
		cur = 0 // not ours any more: another VACUUM cut them and the relation grew back
	}
	if err == nil && cur == n {
		err = st.Truncate(h.rel, end)
		if err == nil {
			dr.DropRelation(h.rel, end)
		}
	}
	h.pool.Unlock(b0)
	h.pool.Release(b0)
	if err != nil || cur != n {
		h.untruncate(end, n)
		return 0, err
	}
	h.nblocks = end
	if h.target != InvalidBlock && h.target >= end {
		h.target = InvalidBlock
	}
	return n - end, nil
}

// Truncation writes every dirty page of the relation first (step 2), so
// that it is worth it only when it frees enough, by PostgreSQL's rule
// (should_attempt_truncation): at least truncateMinimum pages or a
// sixteenth of the relation. A bulk load's few spare pages at the end
// stay, recorded in the free space map.
const truncateMinimum = 1000

func worthTruncating(freeable, pages uint32) bool {
	return freeable >= truncateMinimum || freeable >= pages/16
}

// stillTruncating re-checks, under block 0's exclusive lock (so that the
// relation cannot grow), that the pages [from, to) are still the empty
// pages set aside for truncation.
func (h *Heap) stillTruncating(from, to uint32) bool {
	for blk := from; blk < to; blk++ {
		b, ok, err := h.readExisting(blk, nil)
		if err != nil || !ok {
			return false
		}
		h.pool.Lock(b, bufmgr.Shared)
		ok = isTruncating(page.Page(h.pool.Page(b)))
		h.pool.Unlock(b)
		h.pool.Release(b)
		if !ok {
			return false
		}
	}
	return true
}

// untruncate makes the pages [from, to) set aside for a truncation that
// did not happen usable again, as far as they still exist.
func (h *Heap) untruncate(from, to uint32) {
	for blk := from; blk < to; blk++ {
		b, ok, err := h.readExisting(blk, nil)
		if err != nil || !ok {
			return
		}
		h.pool.Lock(b, bufmgr.Exclusive)
		p := page.Page(h.pool.Page(b))
		if isTruncating(p) {
			initPage(p)
			h.pool.MarkDirty(b)
		}
		free := heapFreeSpace(p)
		h.pool.Unlock(b)
		h.pool.Release(b)
		_ = h.fsm.Record(blk, free)
	}
}

// SortTIDs puts TIDs in the order VacuumDead wants.
func SortTIDs(tids []tuple.TID) {
	slices.SortFunc(tids, func(a, b tuple.TID) int {
		if a.Block != b.Block {
			if a.Block < b.Block {
				return -1
			}
			return 1
		}
		return int(a.Offset) - int(b.Offset)
	})
}
