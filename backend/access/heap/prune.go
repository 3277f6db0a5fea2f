package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// PruneStats reports what pruning one page did.
type PruneStats struct {
	Removed    int // versions whose storage was freed
	Redirected int // chain roots turned into redirects
	Dead       int // line pointers left dead (for VACUUM to clear from indexes)
	Unused     int // line pointers freed for reuse
	FreeSpace  int // the page's free space afterwards (heapFreeSpace)
}

// Prune prunes block blk (heap_page_prune): it removes the versions hz
// says are dead, collapses HOT chains whose head is dead into a redirect
// from the root to the first surviving member, and compacts the page
// (page.Repair). It waits for a cleanup lock (or the exclusive lock, see
// cleanupLocker) and records the page's new free space in the map.
//
// What happens to line pointers: a dead heap-only member becomes unused
// (no index points at it); a chain root whose whole chain is dead becomes
// a dead line pointer, which VACUUM turns unused once the index entries
// pointing at it are gone, or unused at once in a relation with
// NoIndexes; a root whose chain is only partly dead becomes a redirect.
func (h *Heap) Prune(blk uint32, hz Horizon) (PruneStats, error) {
	b, ok, err := h.readExisting(blk, nil)
	if err != nil || !ok {
		return PruneStats{}, err
	}
	if h.waiter != nil {
		if err := h.waiter.LockForCleanup(b); err != nil {
			h.pool.Release(b)
			return PruneStats{}, err
		}
	} else {
		h.pool.Lock(b, bufmgr.Exclusive)
	}
	st := h.prunePage(b, blk, hz)
	h.pool.Unlock(b)
	h.pool.Release(b)
	h.reportPrune(st)
	return st, h.fsm.Record(blk, st.FreeSpace)
}

// worthPruning is heap_page_prune_opt's test, made under the page's
// content lock: some version was deleted or updated by a transaction
// every snapshot has left behind, and the page is full or has less room
// than the larger of the fillfactor reserve and a tenth of a page.
func (h *Heap) worthPruning(p page.Page, hz Horizon) bool {
	// A page nobody deleted from needs no horizon, which may be costly.
	if p.PruneXID() == 0 || !pruneDue(p, hz.HorizonXid()) {
		return false
	}
	return pageFull(p) || heapFreeSpace(p) < max(h.saveFreeSpace, page.Size/10)
}

// pruneIfWorthIt prunes the page of b, pinned once by this process and
// not locked, if its cleanup lock is free right now and it still looks
// worth it. Pruning on the way is a favour, so it never waits.
func (h *Heap) pruneIfWorthIt(b bufmgr.Buffer, blk uint32, hz Horizon) {
	if h.cleanup != nil {
		if !h.cleanup.ConditionalLockForCleanup(b) {
			return
		}
	} else if !h.pool.ConditionalLock(b, bufmgr.Exclusive) {
		return
	}
	p := page.Page(h.pool.Page(b))
	if !h.worthPruning(p, hz) {
		h.pool.Unlock(b)
		return
	}
	st := h.prunePage(b, blk, hz)
	h.pool.Unlock(b)
	h.reportPrune(st)
	// The free space map is not told, as PostgreSQL's opportunistic
	// pruning does not tell it: the space freed serves this page's own
	// updates (HOT), and VACUUM records it. Recording it here took an
	// exclusive lock on the map's leaf page, shared by thousands of heap
	// pages, and logged a change to it, on about every TPC-B update
	// (15% of the cost of pruning, perf).
}

// reportPrune tells Config.OnPrune how many dead versions a pruning
// removed for good: those left as dead line pointers still wait for
// VACUUM (PostgreSQL's ndeleted - ndead).
func (h *Heap) reportPrune(st PruneStats) {
	if h.onPrune != nil && st.Removed > st.Dead {
		h.onPrune(st.Removed - st.Dead)
	}
}

// pruneState is the work of one prunePage. It is kept in the Heap and
// reused: on a page that takes HOT updates pruning runs about once per
// update, so it reads each item's header once, into items, and works from
// there.
type pruneState struct {
	p      page.Page
	blk    uint32
	maxOff page.OffsetNumber
	items  [page.MaxItemsPerPage + 1]itemInfo

	redirects []page.OffsetNumber // pairs: root, target
	dead      []page.OffsetNumber
	unused    []page.OffsetNumber
	removed   int
	hdr       tuple.Header // scratch for the Horizon calls
}

// itemInfo is what pruning needs of one line pointer.
type itemInfo struct {
	xmin    uint64
	updater uint64            // UpdateXid: the deleter or updater, 0 if none
	next    page.OffsetNumber // the HOT successor's offset, if HOT-updated on this page
	lp      page.ItemFlags
	status  PruneStatus
	flags   uint8
}

const (
	infoVersion  = 1 << iota // a Normal item holding a readable tuple
	infoHeapOnly             // ... that is heap-only
	infoMarked               // already given a fate
	infoGone                 // its storage is freed by this prune
)

func (s *pruneState) mark(off page.OffsetNumber, gone bool) {
	s.items[off].flags |= infoMarked
	if gone && s.items[off].flags&infoVersion != 0 {
		s.items[off].flags |= infoGone
	}
}

func (s *pruneState) recordRedirect(from, to page.OffsetNumber) {
	s.redirects = append(s.redirects, from, to)
	s.mark(from, true)
	s.mark(to, false)
}

func (s *pruneState) recordDead(off page.OffsetNumber) {
	s.dead = append(s.dead, off)
	s.mark(off, true)
}

func (s *pruneState) recordUnused(off page.OffsetNumber) {
	s.unused = append(s.unused, off)
	s.mark(off, true)
}

// load resets the state for page p and reads every line pointer and
// header, asking hz for each version's status once, so that the chains
// see one consistent answer.
func (h *Heap) loadPrune(s *pruneState, b bufmgr.Buffer, blk uint32, hz Horizon) {
	s.p, s.blk = page.Page(h.pool.Page(b)), blk
	s.maxOff = s.p.MaxOffset()
	s.redirects, s.dead, s.unused, s.removed = s.redirects[:0], s.dead[:0], s.unused[:0], 0
	for off := page.FirstOffset; off <= s.maxOff; off++ {
		in := &s.items[off]
		*in = itemInfo{}
		_, _, in.lp = s.p.ItemID(off)
		if in.lp != page.Normal {
			continue
		}
		item := normalItem(s.p, off)
		if item == nil {
			continue
		}
		hdr := &s.hdr // a local would escape through the interface call
		*hdr, _ = tuple.ReadHeader(item)
		before := hdr.Infomask
		in.status = hz.PruneStatus(hdr)
		h.hinted(b, item, before, hdr.Infomask, true)
		hdr.Infomask |= hdr.Infomask &^ before & tuple.HintMask
		in.flags = infoVersion
		if hdr.IsHeapOnly() {
			in.flags |= infoHeapOnly
		}
		in.xmin, in.updater = hdr.Xmin, hdr.UpdateXid()
		if hdr.IsHotUpdated() && hdr.Ctid.Block == blk {
			in.next = page.OffsetNumber(hdr.Ctid.Offset)
		}
	}
}

// prunePage prunes the exclusively locked page of b.
func (h *Heap) prunePage(b bufmgr.Buffer, blk uint32, hz Horizon) PruneStats {
	if h.pruneState == nil {
		h.pruneState = new(pruneState)
	}
	s := h.pruneState
	h.loadPrune(s, b, blk, hz)
	for off := page.FirstOffset; off <= s.maxOff; off++ {
		in := &s.items[off]
		if in.flags&infoMarked != 0 || in.lp == page.Unused || in.lp == page.Dead {
			continue
		}
		pruneChain(s, off)
	}
	// Dead heap-only versions that no chain reached: the successors of
	// updates that aborted, stranded once their predecessor took a new
	// xmax. Nothing can reach them any more.
	for off := page.FirstOffset; off <= s.maxOff; off++ {
		in := &s.items[off]
		if in.flags&(infoMarked|infoHeapOnly) == infoHeapOnly && in.status == Dead {
			s.recordUnused(off)
			s.removed++
		}
	}
	return h.applyPrune(b, s)
}

// pruneChain decides the fate of the HOT chain rooted at root
// (heap_prune_chain). A heap-only version is never a root; it is handled
// with its chain, or, if dead and chained to nothing, freed here.
func pruneChain(s *pruneState, root page.OffsetNumber) {
	ri := &s.items[root]
	if ri.flags&infoHeapOnly != 0 {
		if ri.status == Dead && ri.next == page.InvalidOffset {
			s.recordUnused(root)
			s.removed++
		}
		return
	}
	if ri.lp == page.Normal && ri.flags&infoVersion == 0 {
		return // unreadable; leave it for someone to look at
	}

	var chainBuf [16]page.OffsetNumber
	chain := chainBuf[:0]
	latestDead := page.InvalidOffset
	var priorXmax uint64
	off := root
	// A chain visits each line pointer at most once; the bound stops a
	// corrupted page whose ctids loop.
	for off != page.InvalidOffset && off <= s.maxOff && len(chain) <= int(s.maxOff) {
		in := &s.items[off]
		if in.flags&infoMarked != 0 {
			break
		}
		if in.lp == page.Redirect {
			if len(chain) > 0 {
				break // a redirect is only ever a root
			}
			chain = append(chain, off)
			off = s.p.RedirectTarget(off)
			continue
		}
		if in.flags&infoVersion == 0 {
			break
		}
		if priorXmax != 0 && in.xmin != priorXmax {
			break // the slot was reused: not this chain
		}
		chain = append(chain, off)
		if in.status == Dead {
			latestDead = off
		} else if in.status != RecentlyDead {
			break
		}
		if in.next == page.InvalidOffset {
			break
		}
		priorXmax = in.updater
		off = in.next
	}

	switch {
	case latestDead != page.InvalidOffset:
		// Everything up to the last dead member is dead: a version is
		// older than its successor, so whoever could see it would see the
		// dead successor's inserter committed, and then not see it.
		i := 1
		for ; i < len(chain) && chain[i-1] != latestDead; i++ {
			s.recordUnused(chain[i])
			s.removed++
		}
		if ri.lp == page.Normal {
			s.removed++
		}
		if i >= len(chain) {
			s.recordDead(root)
		} else {
			s.recordRedirect(root, chain[i])
		}
	case len(chain) < 2 && ri.lp == page.Redirect:
		// A redirect whose target is gone (freed with an earlier chain
		// this pass, or broken): nothing left to lead to.
		s.recordDead(root)
	}
}

// applyPrune carries out the decisions, compacts the page if anything
// changed, and resets the page's pruning hints.
func (h *Heap) applyPrune(b bufmgr.Buffer, s *pruneState) PruneStats {
	p := s.p
	st := PruneStats{Removed: s.removed, Redirected: len(s.redirects) / 2, Unused: len(s.unused)}
	for i := 0; i < len(s.redirects); i += 2 {
		p.SetRedirect(s.redirects[i], s.redirects[i+1])
	}
	for _, off := range s.dead {
		if h.noIndexes {
			p.SetUnused(off)
			st.Unused++
		} else {
			p.SetDead(off)
			st.Dead++
		}
	}
	for _, off := range s.unused {
		p.SetUnused(off)
	}
	changed := len(s.redirects)+len(s.dead)+len(s.unused) > 0
	if changed {
		p.Repair()
	}
	// Still worth pruning later if a survivor was deleted or updated:
	// once its deleter (the oldest of them) is behind every snapshot.
	var oldest uint64
	for off := page.FirstOffset; off <= s.maxOff; off++ {
		in := &s.items[off]
		if in.flags&(infoVersion|infoGone) == infoVersion && (in.status == RecentlyDead || in.updater != 0) {
			if x := max(in.updater, 1); oldest == 0 || x < oldest {
				oldest = x
			}
		}
	}
	oldPrune, oldFull := p.PruneXID(), pageFull(p)
	p.SetPruneXID(0)
	if oldest != 0 {
		setPrunable(p, oldest)
	}
	setPageFull(p, false)
	if changed || oldPrune != p.PruneXID() || oldFull {
		h.pool.MarkDirty(b)
	}
	st.FreeSpace = heapFreeSpace(p)
	return st
}
