package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// Insert stores a new row made of values and nulls (nil: none null) as a
// version inserted by tx, and returns its TID. Large values are
// compressed and, if still too large, moved to the toast relation first
// (see toast.go); a row that still does not fit in a page is refused with
// 54000 "row is too big".
func (h *Heap) Insert(tx Txn, values [][]byte, nulls []bool) (tuple.TID, error) {
	tup, err := h.toastValues(tx, values, nulls, nil)
	if err != nil {
		return tuple.TID{}, err
	}
	return h.insertTuple(tx, tup)
}

// insertTuple stores a formed tuple (heap_insert without the toasting),
// writing its header fields: xmin and cmin from tx, no xmax, ctid itself.
// tup belongs to the caller and is modified.
func (h *Heap) insertTuple(tx Txn, tup []byte) (tuple.TID, error) {
	if len(tup) > MaxHeapTupleSize {
		return tuple.TID{}, rowTooBig(len(tup))
	}
	hdr, err := tuple.ReadHeader(tup)
	if err != nil {
		return tuple.TID{}, err
	}
	prepareNewVersion(&hdr, tx)
	hdr.Put(tup)

	b, blk, err := h.bufferForTuple(len(tup), bufmgr.InvalidBuffer, 0)
	if err != nil {
		return tuple.TID{}, err
	}
	tid, err := h.placeTuple(b, blk, tup, &hdr)
	h.pool.Unlock(b)
	h.pool.Release(b)
	return tid, err
}

// prepareNewVersion sets the header of a version about to be stored:
// inserted by tx in its current command, no xmax, no hints, not part of a
// HOT chain (callers add HeapOnly/Updated as needed).
func prepareNewVersion(hdr *tuple.Header, tx Txn) {
	hdr.Xmin = tx.Xid()
	hdr.Xmax = 0
	hdr.Cid = tx.Cid()
	hdr.Infomask &^= tuple.XmaxBits | tuple.XminCommitted | tuple.XminInvalid | tuple.Updated | tuple.ComboCid
	hdr.Infomask |= tuple.XmaxInvalid
	if hdr.Xmin < firstNormalXid {
		// Bootstrap or frozen: committed for everyone, now (COPY FREEZE,
		// sequences); saying so spares every reader the look-up and the
		// hint bit.
		hdr.Infomask |= tuple.XminCommitted
	}
	hdr.Infomask2 &^= tuple.KeysUpdated | tuple.HotUpdated | tuple.HeapOnly
}

// firstNormalXid is the first xid a transaction gets; those below are
// always committed (transam.FirstNormalXid).
const firstNormalXid = 3

// FrozenXid is the xmin of a version committed for everyone
// (transam.FrozenXid).
const FrozenXid = 2

// Frozen returns tx inserting frozen versions (xmin FrozenXid), for COPY
// FREEZE into a relation file the transaction created: an abort takes
// the file away with them.
func Frozen(tx Txn) Txn { return frozenTxn{tx} }

type frozenTxn struct{ Txn }

func (frozenTxn) Xid() uint64 { return FrozenXid }

// placeTuple adds tup (whose header is hdr) to the exclusively locked
// page of b, which has room, points its ctid at itself and marks the page
// dirty.
func (h *Heap) placeTuple(b bufmgr.Buffer, blk uint32, tup []byte, hdr *tuple.Header) (tuple.TID, error) {
	p := page.Page(h.pool.Page(b))
	off, err := p.AddItemLimit(tup, page.InvalidOffset, MaxHeapTuplesPerPage)
	if err != nil {
		return tuple.TID{}, pgerr.New(pgerr.InternalError, "failed to add tuple to page %d of relation \"%s\": %s",
			blk, h.name, err.Error())
	}
	tid := tuple.TID{Block: blk, Offset: uint16(off)}
	hdr.Ctid = tid
	hdr.Put(p.Item(off))
	clearAllVisible(p)
	h.pool.MarkDirty(b)
	return tid, nil
}

// targetFreeSpace is the room a page must have to take a new tuple of
// size bytes: the tuple plus the fillfactor reserve, except that a tuple
// too big to fit with the reserve only asks for a nearly empty page, as
// PostgreSQL 15 does, so that it does not always extend the relation.
func (h *Heap) targetFreeSpace(size int) int {
	const nearlyEmpty = MaxHeapTupleSize - MaxHeapTuplesPerPage/8*page.ItemIDSize
	if size+h.saveFreeSpace > nearlyEmpty {
		return max(size, nearlyEmpty)
	}
	return size + h.saveFreeSpace
}

// bufferForTuple returns a pinned, exclusively locked buffer of a page
// with room for a tuple of size bytes, and its block, as
// RelationGetBufferForTuple does: the block this process inserted into
// last, else one the free space map offers, else the relation's last
// block, else a new block. Each page found too full has its real free
// space recorded in the map.
//
// other, if valid, is a buffer (block otherBlk) the caller has pinned but
// not locked and also needs locked: an update's old page. Both come back
// locked and the result may be other itself. Two heap pages are always
// locked in ascending block order, so two updaters cannot deadlock; the
// caller holds no content lock when calling.
func (h *Heap) bufferForTuple(size int, other bufmgr.Buffer, otherBlk uint32) (bufmgr.Buffer, uint32, error) {
	if size > MaxHeapTupleSize {
		return 0, 0, rowTooBig(size)
	}
	// The item takes its MAXALIGNed length on the page.
	size = page.MaxAlign(size)
	need := h.targetFreeSpace(size)
	blk := h.target
	if blk == InvalidBlock {
		var ok bool
		var err error
		if blk, ok, err = h.fsm.Search(need); err != nil {
			return 0, 0, err
		}
		if !ok {
			n, err := h.Nblocks()
			if err != nil {
				return 0, 0, err
			}
			blk = InvalidBlock
			if n > 0 {
				blk = n - 1
			}
		}
	}
	for blk != InvalidBlock {
		b := other
		// When other is the lower block it is locked first, and before
		// this block is pinned: waiting for a content lock while holding
		// a pin on a page VACUUM is truncating could deadlock with
		// VACUUM, which waits for such pins to go while it holds block
		// 0's lock (TruncateEmpty).
		otherFirst := other != bufmgr.InvalidBuffer && otherBlk < blk
		if otherFirst {
			h.pool.Lock(other, bufmgr.Exclusive)
		}
		if other == bufmgr.InvalidBuffer || blk != otherBlk {
			var ok bool
			var err error
			if b, ok, err = h.readExisting(blk, nil); err != nil || !ok {
				if otherFirst {
					h.pool.Unlock(other)
				}
				if err != nil {
					return 0, 0, err
				}
				// The target, or a block the map offered, was truncated
				// away by a VACUUM: look elsewhere.
				h.target = InvalidBlock
				if blk, ok, err = h.fsm.RecordAndSearch(blk, 0, need); err != nil {
					return 0, 0, err
				}
				if !ok {
					blk = InvalidBlock
				}
				continue
			}
		}
		if otherFirst {
			h.pool.Lock(b, bufmgr.Exclusive)
		} else {
			h.lockPair(b, blk, other, otherBlk)
		}
		p := page.Page(h.pool.Page(b))
		if p.IsNew() {
			initPage(p)
			h.pool.MarkDirty(b)
		}
		free := heapFreeSpace(p)
		if need <= free {
			h.target = blk
			return b, blk, nil
		}
		h.unlockPair(b, other)
		if b != other {
			h.pool.Release(b)
		}
		var ok bool
		var err error
		if blk, ok, err = h.fsm.RecordAndSearch(blk, free, need); err != nil {
			return 0, 0, err
		}
		if !ok {
			blk = InvalidBlock
		}
	}
	return h.extendForTuple(size, other)
}

// extendForTuple adds a page to the relation for a tuple of size bytes.
// The new page comes back locked from the pool; other (always a lower
// block) must be locked before it by the lock order, so if other's lock
// is not free at once the new page is unlocked and both are taken in
// order, and the page is checked again: while it was unlocked another
// inserter may have found it as the relation's last block and filled it.
//
// A bulk insert (InsertMulti) that keeps extending the relation adds
// several pages at a time (bulkExtendBy) and takes the ones after the
// first, its spares, before extending again.
func (h *Heap) extendForTuple(size int, other bufmgr.Buffer) (bufmgr.Buffer, uint32, error) {
	if !h.bulk {
		h.bulkPages = 0
	}
	if other == bufmgr.InvalidBuffer {
		if b, blk, ok, err := h.spareForTuple(size); ok || err != nil {
			return b, blk, err
		}
	}
	for {
		n := uint32(1)
		if h.bulk && other == bufmgr.InvalidBuffer {
			n = h.bulkExtendBy()
		}
		b, blk, added, err := h.extend(n)
		if err != nil {
			return 0, 0, err
		}
		if h.bulk {
			h.bulkPages += added
		}
		if added > 1 {
			h.spareNext, h.spareEnd = blk+1, blk+added
		}
		p := page.Page(h.pool.Page(b))
		initPage(p)
		h.pool.MarkDirty(b)
		h.nblocks = max(h.nblocks, blk+added)
		if other != bufmgr.InvalidBuffer && !h.pool.ConditionalLock(other, bufmgr.Exclusive) {
			h.pool.Unlock(b)
			h.pool.Lock(other, bufmgr.Exclusive)
			h.pool.Lock(b, bufmgr.Exclusive)
			if p.IsNew() {
				initPage(p)
				h.pool.MarkDirty(b)
			}
			if size > heapFreeSpace(p) {
				h.pool.Unlock(b)
				h.pool.Unlock(other)
				h.pool.Release(b)
				continue
			}
		}
		h.target = blk
		return b, blk, nil
	}
}

// Bulk extension. The pages a bulk insert adds past the one it needs are
// zeroed pages at the relation's end, which this process means to fill
// next (spareNext up to spareEnd). They are not in the free space map:
// another inserter may still take the last one as the relation's last
// block, and a VACUUM may initialise them, record them or truncate them
// away, as it does any page an extender left zeroed; spareForTuple finds
// out under the page's lock. Pages left over when the load ends stay
// zeroed until VACUUM (or the next bulk insert here) takes them; they are
// never logged until initialised, and redo treats them as it treats any
// extension, which is not logged: a record touching a block past a
// fork's end extends it with zeroed pages.
//
// The count grows with the pages this process has added in bulk in a row
// (bulkPages), so that a small load extends a page at a time as before
// and a large one by up to maxBulkExtend pages, one allocation in storage
// and one pass of the extension lock for all of them.
const maxBulkExtend = 32

// bulkExtendBy is how many pages the next bulk extension adds.
func (h *Heap) bulkExtendBy() uint32 {
	return min(max(h.bulkPages/8, 1), maxBulkExtend)
}

// spareForTuple returns the next spare page with room for a tuple of size
// bytes, pinned and exclusively locked, initialised if still new; ok is
// false when no spare is left.
func (h *Heap) spareForTuple(size int) (b bufmgr.Buffer, blk uint32, ok bool, err error) {
	for h.spareNext < h.spareEnd {
		blk = h.spareNext
		h.spareNext++
		b, ok, err := h.readExisting(blk, nil)
		if err != nil {
			return 0, 0, false, err
		}
		if !ok {
			// Truncated away by a VACUUM: so are the spares after it.
			h.spareNext, h.spareEnd = 0, 0
			return 0, 0, false, nil
		}
		h.pool.Lock(b, bufmgr.Exclusive)
		p := page.Page(h.pool.Page(b))
		if p.IsNew() {
			initPage(p)
			h.pool.MarkDirty(b)
		}
		if size <= heapFreeSpace(p) {
			h.target = blk
			return b, blk, true, nil
		}
		// Another inserter took it as the relation's last page.
		h.pool.Unlock(b)
		h.pool.Release(b)
	}
	return 0, 0, false, nil
}

// lockPair locks b exclusively and, if other is a different buffer, other
// too, lower block first.
func (h *Heap) lockPair(b bufmgr.Buffer, blk uint32, other bufmgr.Buffer, otherBlk uint32) {
	switch {
	case other == bufmgr.InvalidBuffer || b == other:
		h.pool.Lock(b, bufmgr.Exclusive)
	case blk < otherBlk:
		h.pool.Lock(b, bufmgr.Exclusive)
		h.pool.Lock(other, bufmgr.Exclusive)
	default:
		h.pool.Lock(other, bufmgr.Exclusive)
		h.pool.Lock(b, bufmgr.Exclusive)
	}
}

func (h *Heap) unlockPair(b, other bufmgr.Buffer) {
	h.pool.Unlock(b)
	if other != bufmgr.InvalidBuffer && other != b {
		h.pool.Unlock(other)
	}
}

// extend adds n blocks (at least one) to the relation (ExtendRelation,
// or ExtendRelationBy when n > 1 and the pool has it) while holding block
// 0's content lock shared, so that a VACUUM truncating the relation's
// tail (TruncateEmpty, under block 0's exclusive lock) never cuts the
// file while blocks are being added past its end. The first new page
// comes back pinned and exclusively locked; block 0 is unlocked. added
// is how many blocks were added.
func (h *Heap) extend(n uint32) (b bufmgr.Buffer, blk, added uint32, err error) {
	has0, err := h.blockExists(0)
	if err != nil {
		return 0, 0, 0, err
	}
	if !has0 {
		return h.extendBy(1)
	}
	b0, err := h.pool.ReadBuffer(h.tag(0), nil)
	if err != nil {
		return 0, 0, 0, err
	}
	h.pool.Lock(b0, bufmgr.Shared)
	b, blk, added, err = h.extendBy(n)
	h.pool.Unlock(b0)
	h.pool.Release(b0)
	return b, blk, added, err
}

// bulkExtender is a pool that adds several blocks at once (bufmgr's).
type bulkExtender interface {
	ExtendRelationBy(rf bufmgr.RelFork, n uint32, s *bufmgr.Strategy) (bufmgr.Buffer, uint32, uint32, error)
}

func (h *Heap) extendBy(n uint32) (bufmgr.Buffer, uint32, uint32, error) {
	if be, ok := h.pool.(bulkExtender); ok && n > 1 {
		return be.ExtendRelationBy(h.rel, n, nil)
	}
	b, blk, err := h.pool.ExtendRelation(h.rel, nil)
	return b, blk, 1, err
}
