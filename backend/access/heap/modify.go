package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// locked is a version held for modification: its buffer pinned and
// exclusively locked, its item (a view into the page) and header.
type locked struct {
	b    bufmgr.Buffer
	p    page.Page
	off  page.OffsetNumber
	item []byte
	hdr  tuple.Header
}

func (h *Heap) release(l *locked) {
	h.pool.Unlock(l.b)
	h.pool.Release(l.b)
}

// lockVersion pins and exclusively locks the page of tid and asks tx
// whether it may modify the version there (the head of heap_update,
// heap_delete and heap_lock_tuple). It returns proceed = true with the
// page still locked when tx may go on: the answer was TMOk, or the only
// holder is tx's own row lock. Otherwise the page is released and the
// Result says why; the caller does the waiting.
func (h *Heap) lockVersion(tx Txn, tid tuple.TID, verb string) (l locked, res Result, proceed bool, err error) {
	if ok, err := h.blockExists(tid.Block); err != nil {
		return l, res, false, err
	} else if !ok {
		return l, res, false, h.noSuchTuple(verb, tid)
	}
	b, err := h.pool.ReadBuffer(h.tag(tid.Block), nil)
	if err != nil {
		return l, res, false, err
	}
	h.pool.Lock(b, bufmgr.Exclusive)
	p := page.Page(h.pool.Page(b))
	l = locked{b: b, p: p, off: page.OffsetNumber(tid.Offset)}
	l.item = normalItem(p, l.off)
	if l.item == nil {
		h.release(&l)
		return l, res, false, h.noSuchTuple(verb, tid)
	}
	// h.hdr, not l.hdr: passing the address of a local to an interface
	// method would move it to the heap.
	h.hdr, _ = tuple.ReadHeader(l.item)
	before := h.hdr.Infomask
	status := tx.SatisfiesUpdate(&h.hdr)
	h.hinted(b, l.item, before, h.hdr.Infomask, true)
	l.hdr = h.hdr
	l.hdr.Infomask = before | (l.hdr.Infomask &^ before & tuple.HintMask)

	res = Result{Status: status, Ctid: l.hdr.Ctid, Xmax: l.hdr.Xmax}
	switch status {
	case TMOk:
		return l, res, true, nil
	case TMBeingModified:
		if l.hdr.Xmax == tx.Xid() && l.hdr.XmaxIsLockOnly() {
			// Our own row lock: nobody else can hold one at the same
			// time (there are no multixacts), so we may go on.
			res.Status = TMOk
			return l, res, true, nil
		}
	case TMInvisible:
		h.release(&l)
		return l, res, false, invisible(verb)
	case TMSelfModified:
		res.Cmax = l.hdr.Cid
	case TMUpdated, TMDeleted:
		res.Xmax = l.hdr.UpdateXid()
		if l.hdr.Ctid == tid {
			res.Status = TMDeleted
		} else {
			res.Status = TMUpdated
		}
	}
	h.release(&l)
	return l, res, false, nil
}

// setXmax replaces the version's xmax (and everything describing the old
// one) with xid. A lock-only xmax points ctid back at the version itself,
// so that no forward link survives from an update that aborted.
func setXmax(hdr *tuple.Header, self tuple.TID, xid uint64, infomask, infomask2 uint16) {
	hdr.Xmax = xid
	hdr.Infomask = hdr.Infomask&^tuple.XmaxBits | infomask
	hdr.Infomask2 = hdr.Infomask2&^(tuple.KeysUpdated|tuple.HotUpdated) | infomask2
	if infomask&tuple.XmaxLockOnly != 0 {
		hdr.Ctid = self
	}
}

// Delete marks the version at tid deleted by tx (heap_delete): xmax, cmax,
// and the page marked worth pruning. Values the version moved to the toast
// relation are deleted with it, by the same transaction, so they stay
// readable by every snapshot that still sees the version. On anything but
// TMOk nothing changed and the Result says why.
func (h *Heap) Delete(tx Txn, tid tuple.TID) (Result, error) {
	l, res, ok, err := h.lockVersion(tx, tid, "delete")
	if !ok {
		return res, err
	}
	var old []byte
	if l.hdr.HasExternal() && h.toast != nil {
		old = append([]byte(nil), l.item...)
	}
	setXmax(&l.hdr, tid, tx.Xid(), 0, tuple.KeysUpdated)
	l.hdr.Cid = tx.Cid()
	l.hdr.Ctid = tid
	l.hdr.Put(l.item)
	setPrunable(l.p, tx.Xid())
	clearAllVisible(l.p)
	h.pool.MarkDirty(l.b)
	h.release(&l)
	// The version is ours now (our xmax): nobody else will touch its
	// values, so they are deleted without its page locked.
	if old != nil {
		if err := h.deleteExternals(tx, old); err != nil {
			return Result{}, err
		}
	}
	return Result{Status: TMOk}, nil
}

// LockTuple locks the version at tid for tx in mode (heap_lock_tuple): a
// lock-only xmax with the mode's bits. A lock tx already holds at least as
// strong is left alone; a weaker one is upgraded.
//
// There are no multixacts yet, so a version has one locker at a time:
// two transactions that both want FOR SHARE (or FOR KEY SHARE and an
// update that changes no key) conflict, and the second gets
// TMBeingModified and waits, where PostgreSQL would let both in.
func (h *Heap) LockTuple(tx Txn, tid tuple.TID, mode RowLockMode) (Result, error) {
	l, res, ok, err := h.lockVersion(tx, tid, "lock")
	if !ok {
		return res, err
	}
	if l.hdr.Xmax == tx.Xid() && l.hdr.XmaxIsLockOnly() && l.hdr.Infomask&tuple.XmaxInvalid == 0 &&
		heldLockMode(&l.hdr) >= mode {
		h.release(&l)
		return Result{Status: TMOk}, nil
	}
	im, im2 := mode.lockBits()
	setXmax(&l.hdr, tid, tx.Xid(), tuple.XmaxLockOnly|im, im2)
	l.hdr.Put(l.item)
	h.pool.MarkDirty(l.b)
	h.release(&l)
	return Result{Status: TMOk}, nil
}
