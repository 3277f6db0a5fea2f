package predicate

import "ringpg/sem"

// Register makes this process's new transaction a serializable one, at
// its first snapshot. snapshot takes that snapshot and returns its xmin;
// it is called under the table's transaction lock, so that the snapshot
// and the commit sequence number it follows agree. readOnly is a
// transaction declared READ ONLY: when no writable serializable
// transaction is running it cannot take part in an anomaly and is not
// registered (Register returns false, and the caller's snapshot is
// taken all the same).
func (m *Manager) Register(readOnly bool, snapshot func() uint64) (bool, error) {
	if m.my != 0 {
		return false, internalError("serializable transaction registered twice")
	}
	h := m.hdr
	m.acquire(&h.xactLock, sem.Exclusive)
	if readOnly && h.writable == 0 {
		m.release(&h.xactLock)
		snapshot()
		return false, nil
	}
	sx := h.xactFree
	if sx != 0 {
		h.xactFree = m.x(sx).freeNext
	} else if int(h.xactUsed) < len(m.xacts) {
		h.xactUsed++
		sx = h.xactUsed
	} else {
		m.release(&h.xactLock)
		m.clearOld()
		if !m.summarizeOldest() {
			return false, errTooManyXacts()
		}
		return m.Register(readOnly, snapshot)
	}
	x := m.x(sx)
	xmin := snapshot()
	*x = sxact{slot: int32(m.me), pid: m.pid, xmin: xmin, lastCommitSeq: h.lastCommitSeq}
	f := uint32(fInUse)
	if readOnly {
		f |= fReadOnly
	} else {
		h.writable++
	}
	x.flags.Store(f)
	switch {
	case h.globalXmin == 0 || xmin < h.globalXmin:
		h.globalXmin, h.globalXminCount = xmin, 1
	case xmin == h.globalXmin:
		h.globalXminCount++
	}
	h.active.Add(1)
	m.release(&h.xactLock)
	m.my, m.myXid, m.didWrite = sx, 0, false
	if m.local == nil {
		m.local = make(map[Tag]localLock)
	}
	return true, nil
}

// NoteXid records the top-level xid of this process's serializable
// transaction, so that readers meeting its tuples find it. Call it before
// the transaction's first write reaches a page; later calls are free.
func (m *Manager) NoteXid(xid uint64) {
	if m.my == 0 || m.myXid == xid || xid == 0 {
		return
	}
	m.acquire(&m.hdr.xactLock, sem.Exclusive)
	x := m.x(m.my)
	if x.topXid != 0 {
		m.xidUnlinkLocked(m.my)
	}
	x.topXid = xid
	b := &m.xidBuckets[xid&uint64(len(m.xidBuckets)-1)]
	x.xidNext = *b
	*b = m.my
	m.release(&m.hdr.xactLock)
	m.myXid = xid
}

// xidLookupLocked finds the transaction whose top-level xid is xid.
// Caller holds xactLock.
func (m *Manager) xidLookupLocked(xid uint64) uint32 {
	for sx := m.xidBuckets[xid&uint64(len(m.xidBuckets)-1)]; sx != 0; sx = m.x(sx).xidNext {
		if m.x(sx).topXid == xid {
			return sx
		}
	}
	if h := m.hdr; h.summary != 0 && xid >= h.sumMinXid && xid <= h.sumMaxXid {
		return h.summary
	}
	return 0
}

// xidUnlinkLocked removes sx from the xid hash. Caller holds xactLock
// exclusively.
func (m *Manager) xidUnlinkLocked(sx uint32) {
	x := m.x(sx)
	p := &m.xidBuckets[x.topXid&uint64(len(m.xidBuckets)-1)]
	for *p != 0 {
		if *p == sx {
			*p = x.xidNext
			break
		}
		p = &m.x(*p).xidNext
	}
	x.xidNext, x.topXid = 0, 0
}

// PreCommit is the check before the commit record: if another
// transaction found this one to be a pivot it fails; if this one is the
// out side of a dangerous structure whose pivot and in side have not
// committed, the pivot is doomed (so that this one, which wrote, makes
// progress). Then the transaction is marked prepared.
func (m *Manager) PreCommit() error {
	if m.my == 0 {
		return nil
	}
	h := m.hdr
	m.acquire(&h.xactLock, sem.Exclusive)
	defer m.release(&h.xactLock)
	me := m.x(m.my)
	if me.flags.Load()&fDoomed != 0 {
		return errSerialization(ReasonPivotCommit)
	}
	for c := me.inHead; c != 0; c = m.confs[c-1].inNext {
		pivot := m.confs[c-1].out
		pf := m.x(pivot).flags.Load()
		if pf&(fCommitted|fDoomed) != 0 {
			continue
		}
		for fc := m.x(pivot).inHead; fc != 0; fc = m.confs[fc-1].inNext {
			far := m.confs[fc-1].out
			ff := m.x(far).flags.Load()
			if far == m.my || ff&(fCommitted|fReadOnly|fDoomed) == 0 {
				m.x(pivot).flags.Store(pf | fDoomed)
				break
			}
		}
	}
	h.lastCommitSeq++
	me.prepareSeq = h.lastCommitSeq
	me.flags.Store(me.flags.Load() | fPrepared)
	return nil
}

// Release ends this process's serializable transaction: committed (after
// its commit record) or rolled back. nextXid is the transaction manager's
// next xid: a committed transaction's record and SIREAD locks are kept
// until every serializable transaction whose snapshot could not see it
// has ended.
func (m *Manager) Release(commit bool, nextXid uint64) {
	if m.my == 0 {
		return
	}
	h := m.hdr
	sx := m.my
	me := m.x(sx)
	m.acquire(&h.xactLock, sem.Exclusive)
	f := me.flags.Load()
	declaredRO := f&fReadOnly != 0
	me.finishedBefore = nextXid
	if commit {
		f |= fCommitted
		h.lastCommitSeq++
		me.commitSeq = h.lastCommitSeq
		if !m.didWrite {
			f |= fReadOnly
		}
	} else {
		f |= fDoomed | fRolledBack
		f &^= fPrepared
	}
	f |= fFinished
	me.flags.Store(f)
	if !declaredRO {
		h.writable--
	}
	// Conflicts out: remember the earliest committed writer we read
	// around, and drop the conflicts no longer needed.
	for c := me.outHead; c != 0; {
		cf := &m.confs[c-1]
		next := cf.outNext
		w := m.x(cf.in)
		wf := w.flags.Load()
		if commit && f&fReadOnly == 0 && wf&fCommitted != 0 {
			if f&fConflictOut == 0 || w.prepareSeq < me.earliestOut {
				me.earliestOut = w.prepareSeq
			}
			f |= fConflictOut
			me.flags.Store(f)
		}
		if !commit || wf&fCommitted != 0 || w.lastCommitSeq >= h.lastCommitSeq {
			m.freeConflictLocked(c)
		}
		c = next
	}
	for c := me.inHead; c != 0; {
		cf := &m.confs[c-1]
		next := cf.inNext
		if rf := m.x(cf.out).flags.Load(); !commit || rf&(fCommitted|fReadOnly) != 0 {
			m.freeConflictLocked(c)
		}
		c = next
	}
	needClear := false
	if me.xmin == h.globalXmin {
		h.globalXminCount--
		if h.globalXminCount <= 0 {
			m.newGlobalXminLocked()
			needClear = true
		}
	}
	me.slot = -1
	h.active.Add(-1)
	m.release(&h.xactLock)

	m.acquire(&h.finLock, sem.Exclusive)
	if commit {
		if h.finTail != 0 {
			m.x(h.finTail).finNext = sx
		} else {
			h.finHead = sx
		}
		h.finTail = sx
		me.finNext = 0
	} else {
		m.releaseOneLocked(sx)
	}
	m.release(&h.finLock)
	m.my, m.myXid, m.didWrite = 0, 0, false
	clear(m.local)
	if needClear {
		m.clearOld()
	}
}

// newGlobalXminLocked recomputes the oldest snapshot xmin of the running
// serializable transactions. Caller holds xactLock exclusively.
func (m *Manager) newGlobalXminLocked() {
	h := m.hdr
	h.globalXmin, h.globalXminCount = 0, 0
	for i := 0; i < int(h.xactUsed); i++ {
		x := &m.xacts[i]
		if x.flags.Load()&(fInUse|fFinished) != fInUse {
			continue
		}
		switch {
		case h.globalXmin == 0 || x.xmin < h.globalXmin:
			h.globalXmin, h.globalXminCount = x.xmin, 1
		case x.xmin == h.globalXmin:
			h.globalXminCount++
		}
	}
}

// clearOld releases the committed transactions that no running
// serializable transaction overlaps any more, oldest first.
func (m *Manager) clearOld() {
	h := m.hdr
	m.acquire(&h.finLock, sem.Exclusive)
	for h.finHead != 0 {
		sx := h.finHead
		m.acquire(&h.xactLock, sem.Shared)
		gx, fb := h.globalXmin, m.x(sx).finishedBefore
		m.release(&h.xactLock)
		if gx != 0 && fb > gx {
			break
		}
		h.finHead = m.x(sx).finNext
		if h.finHead == 0 {
			h.finTail = 0
		}
		m.releaseOneLocked(sx)
	}
	m.release(&h.finLock)
}

// releaseOneLocked frees an ended transaction: its SIREAD locks, its
// conflicts, its xid and its record. Caller holds finLock.
func (m *Manager) releaseOneLocked(sx uint32) {
	h := m.hdr
	x := m.x(sx)
	m.acquire(&h.listLock, sem.Shared) // the transaction has ended: only this releaser touches its list
	for lk := x.lockHead; lk != 0; {
		r := &m.locks[lk-1]
		next := r.xNext
		part := m.partition(r.hash)
		m.acquire(part, sem.Exclusive)
		m.unhashLocked(lk)
		m.release(part)
		m.freeLock(lk)
		lk = next
	}
	x.lockHead = 0
	m.release(&h.listLock)

	m.acquire(&h.xactLock, sem.Exclusive)
	for x.outHead != 0 {
		m.freeConflictLocked(x.outHead)
	}
	for x.inHead != 0 {
		m.freeConflictLocked(x.inHead)
	}
	if x.topXid != 0 {
		m.xidUnlinkLocked(sx)
	}
	if h.summary == sx {
		h.summary, h.sumMinXid, h.sumMaxXid = 0, 0, 0
	}
	x.flags.Store(0)
	x.slot = -1
	x.freeNext = h.xactFree
	h.xactFree = sx
	m.release(&h.xactLock)
}
