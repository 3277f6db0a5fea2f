package predicate

import "ringpg/sem"

// When every transaction record is in use, committed transactions that a
// running one still overlaps are merged, oldest first, into one summary
// record that stands for all of them (PostgreSQL summarises them to
// disk instead). The summary is their union: it holds all their SIREAD
// locks and conflicts, writes every xid in their range that the xid hash
// does not know, and carries for each sequence number the value that
// makes the checks of conflict.go fail rather than pass: the latest
// commit, the earliest prepare and conflict out, read-only only if all
// were. Merging can only add dangerous structures, never lose one, so a
// server short of records may fail transactions PostgreSQL would let
// through, but lets no anomaly through.

// summarizeOldest merges the oldest finished transaction into the summary
// record, freeing one record. It reports false when no finished
// transaction is left to merge.
func (m *Manager) summarizeOldest() bool {
	h := m.hdr
	m.acquire(&h.finLock, sem.Exclusive)
	defer m.release(&h.finLock)
	for {
		f := h.finHead
		if f != 0 && f == h.summary {
			f = m.x(f).finNext
		}
		if f == 0 {
			return false
		}
		if h.summary == 0 {
			m.startSummaryFinLocked(f)
			continue
		}
		m.mergeFinLocked(f, h.summary)
		return true
	}
}

// startSummaryFinLocked turns finished transaction f, the head of the
// finished list, into the summary record. Caller holds finLock.
func (m *Manager) startSummaryFinLocked(f uint32) {
	h := m.hdr
	m.acquire(&h.xactLock, sem.Exclusive)
	x := m.x(f)
	h.summary = f
	h.sumMinXid, h.sumMaxXid = x.topXid, x.topXid
	if x.topXid == 0 {
		h.sumMinXid, h.sumMaxXid = ^uint64(0), 0
	} else {
		m.xidUnlinkLocked(f)
	}
	x.pid = 0
	m.release(&h.xactLock)
}

// mergeFinLocked merges finished transaction f into summary record d and
// frees f. Caller holds finLock.
func (m *Manager) mergeFinLocked(f, d uint32) {
	h := m.hdr
	x, s := m.x(f), m.x(d)
	// Locks: relabel f's records as d's and splice them into d's list,
	// dropping those on targets d holds already.
	m.acquire(&h.listLock, sem.Exclusive)
	for lk := x.lockHead; lk != 0; {
		r := &m.locks[lk-1]
		next := r.xNext
		part := m.partition(r.hash)
		m.acquire(part, sem.Exclusive)
		if m.holdsPartLocked(r.tag, r.hash, d) {
			m.unhashLocked(lk)
			m.release(part)
			m.freeLock(lk)
			lk = next
			continue
		}
		r.sx = d
		m.release(part)
		r.xPrev, r.xNext = 0, s.lockHead
		if s.lockHead != 0 {
			m.locks[s.lockHead-1].xPrev = lk
		}
		s.lockHead = lk
		lk = next
	}
	x.lockHead = 0
	m.release(&h.listLock)

	m.acquire(&h.xactLock, sem.Exclusive)
	xf, sf := x.flags.Load(), s.flags.Load()
	nf := sf | xf&fConflictOut
	if xf&sf&fReadOnly == 0 {
		nf &^= fReadOnly
	}
	switch {
	case xf&fConflictOut != 0 && sf&fConflictOut == 0:
		s.earliestOut = x.earliestOut
	case xf&fConflictOut != 0:
		s.earliestOut = min(s.earliestOut, x.earliestOut)
	}
	s.flags.Store(nf)
	s.commitSeq = max(s.commitSeq, x.commitSeq)
	s.prepareSeq = min(s.prepareSeq, x.prepareSeq)
	s.lastCommitSeq = max(s.lastCommitSeq, x.lastCommitSeq)
	s.finishedBefore = max(s.finishedBefore, x.finishedBefore)
	for c := x.outHead; c != 0; c = x.outHead {
		w := m.confs[c-1].in
		m.freeConflictLocked(c)
		if w != d && !m.conflictExistsLocked(d, w) {
			m.addConflictLocked(d, w) // cannot fail: one was just freed
		}
	}
	for c := x.inHead; c != 0; c = x.inHead {
		r := m.confs[c-1].out
		m.freeConflictLocked(c)
		if r != d && !m.conflictExistsLocked(r, d) {
			m.addConflictLocked(r, d)
		}
	}
	if x.topXid != 0 {
		h.sumMinXid = min(h.sumMinXid, x.topXid)
		h.sumMaxXid = max(h.sumMaxXid, x.topXid)
		m.xidUnlinkLocked(f)
	}
	// Unlink f from the finished list: it follows d, the head.
	s.finNext = x.finNext
	if h.finTail == f {
		h.finTail = d
	}
	x.flags.Store(0)
	x.slot = -1
	x.freeNext = h.xactFree
	h.xactFree = f
	m.release(&h.xactLock)
}

// holdsPartLocked reports whether sx holds a lock on tag. Caller holds
// tag's partition lock.
func (m *Manager) holdsPartLocked(tag Tag, hash, sx uint32) bool {
	for lk := m.buckets[hash&uint32(len(m.buckets)-1)]; lk != 0; lk = m.locks[lk-1].hashNext {
		if r := &m.locks[lk-1]; r.tag == tag && r.sx == sx {
			return true
		}
	}
	return false
}
