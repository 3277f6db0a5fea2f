package predicate

import (
	"fmt"

	"ringpg/sem"
)

// conflictExistsLocked reports whether reader already has a conflict out
// to writer. Caller holds xactLock.
func (m *Manager) conflictExistsLocked(reader, writer uint32) bool {
	for c := m.x(reader).outHead; c != 0; c = m.confs[c-1].outNext {
		if m.confs[c-1].in == writer {
			return true
		}
	}
	return false
}

// addConflictLocked records reader --rw--> writer. Caller holds xactLock
// exclusively.
func (m *Manager) addConflictLocked(reader, writer uint32) error {
	h := m.hdr
	c := h.confFree
	if c != 0 {
		h.confFree = m.confs[c-1].outNext
	} else if int(h.confUsed) < len(m.confs) {
		h.confUsed++
		c = h.confUsed
	} else {
		return errConflictPoolFull()
	}
	r, w := m.x(reader), m.x(writer)
	m.confs[c-1] = conflict{out: reader, in: writer, outNext: r.outHead, inNext: w.inHead}
	if r.outHead != 0 {
		m.confs[r.outHead-1].outPrev = c
	}
	r.outHead = c
	if w.inHead != 0 {
		m.confs[w.inHead-1].inPrev = c
	}
	w.inHead = c
	return nil
}

// freeConflictLocked unlinks conflict c from both transactions' lists and
// frees it. Caller holds xactLock exclusively.
func (m *Manager) freeConflictLocked(c uint32) {
	cf := &m.confs[c-1]
	if cf.outPrev != 0 {
		m.confs[cf.outPrev-1].outNext = cf.outNext
	} else {
		m.x(cf.out).outHead = cf.outNext
	}
	if cf.outNext != 0 {
		m.confs[cf.outNext-1].outPrev = cf.outPrev
	}
	if cf.inPrev != 0 {
		m.confs[cf.inPrev-1].inNext = cf.inNext
	} else {
		m.x(cf.in).inHead = cf.inNext
	}
	if cf.inNext != 0 {
		m.confs[cf.inNext-1].inPrev = cf.inPrev
	}
	*cf = conflict{outNext: m.hdr.confFree}
	m.hdr.confFree = c
}

// flagConflictLocked records reader --rw--> writer after checking that it
// completes no dangerous structure; if it does, a transaction fails: this
// process's (the error returned) or another's (doomed). Caller holds
// xactLock exclusively.
func (m *Manager) flagConflictLocked(reader, writer uint32) error {
	if m.dangerousLocked(reader, writer) {
		w := m.x(writer)
		switch {
		case writer == m.my:
			return errSerialization(ReasonPivotWrite)
		case w.flags.Load()&fPrepared != 0:
			return errSerialization(fmt.Sprintf("Canceled on conflict out to pivot %d, during read.", w.topXid))
		}
		w.flags.Store(w.flags.Load() | fDoomed)
	}
	return m.addConflictLocked(reader, writer)
}

// dangerousLocked reports whether the new edge reader --rw--> writer
// would close a dangerous structure T_in --rw--> T_pivot --rw--> T_out in
// which T_out commits first (and, when T_in is read-only, committed
// before T_in's snapshot). Caller holds xactLock.
func (m *Manager) dangerousLocked(reader, writer uint32) bool {
	r, w := m.x(reader), m.x(writer)
	rf, wf := r.flags.Load(), w.flags.Load()
	// The writer already committed with a conflict out to a transaction
	// that committed before it: the reader is T_in.
	if wf&fCommitted != 0 && wf&fConflictOut != 0 {
		return true
	}
	// The writer is a pivot with a conflict out to T_out, which has passed
	// its pre-commit check before the reader and the writer committed.
	for c := w.outHead; c != 0; c = m.confs[c-1].outNext {
		t2 := m.x(m.confs[c-1].in)
		if t2.flags.Load()&fPrepared == 0 {
			continue
		}
		if rf&fCommitted != 0 && t2.prepareSeq > r.commitSeq {
			continue
		}
		if wf&fCommitted != 0 && t2.prepareSeq > w.commitSeq {
			continue
		}
		if rf&fReadOnly != 0 && t2.prepareSeq > r.lastCommitSeq {
			continue
		}
		return true
	}
	// The reader is a pivot whose T_out (the writer) has passed its
	// pre-commit check, with a T_in that has not committed before it.
	if wf&fPrepared != 0 && rf&fReadOnly == 0 {
		for c := r.inHead; c != 0; c = m.confs[c-1].inNext {
			t0 := m.x(m.confs[c-1].out)
			f0 := t0.flags.Load()
			if f0&fDoomed != 0 {
				continue
			}
			if f0&fCommitted != 0 && t0.commitSeq < w.prepareSeq {
				continue
			}
			if f0&fReadOnly != 0 && t0.lastCommitSeq < w.prepareSeq {
				continue
			}
			return true
		}
	}
	return false
}

// checkDoomed returns the error of a transaction that another one has
// doomed, naming where it noticed.
func (m *Manager) checkDoomed(reason string) error {
	if m.my != 0 && m.x(m.my).flags.Load()&fDoomed != 0 {
		return errSerialization(reason)
	}
	return nil
}

// CheckDoomed is the check a reader makes before it reads a page: a
// transaction that another found to be a pivot fails now.
func (m *Manager) CheckDoomed() error { return m.checkDoomed(ReasonPivotConflictOut) }

// CheckConflictOut is called when this process's serializable
// transaction reads a tuple version written by the transaction with
// top-level xid xid, concurrent with its snapshot: a version it cannot see
// (inserted after its snapshot), or a version it sees that xid deleted or
// updated. If xid is serializable too, that is a rw-conflict out to it.
func (m *Manager) CheckConflictOut(xid uint64) error {
	if m.my == 0 {
		return nil
	}
	if err := m.checkDoomed(ReasonPivotConflictOut); err != nil {
		return err
	}
	if xid == m.myXid {
		return nil
	}
	h := m.hdr
	m.acquire(&h.xactLock, sem.Exclusive)
	defer m.release(&h.xactLock)
	sx := m.xidLookupLocked(xid)
	if sx == 0 || sx == m.my {
		return nil
	}
	w := m.x(sx)
	wf := w.flags.Load()
	if wf&fDoomed != 0 {
		return nil
	}
	me := m.x(m.my)
	// A read-only transaction reading around a writer that committed
	// without a conflict out to an earlier commit appears to run first.
	if me.flags.Load()&fReadOnly != 0 && wf&fCommitted != 0 &&
		(wf&fConflictOut == 0 || me.lastCommitSeq < w.earliestOut) {
		return nil
	}
	if m.conflictExistsLocked(m.my, sx) {
		return nil
	}
	return m.flagConflictLocked(m.my, sx)
}

// CheckConflictIn is called before this process's serializable
// transaction writes at tag (a tuple it updates or deletes, the leaf page
// of an index entry it inserts, the relation it inserts into): every
// other transaction's SIREAD lock on tag or on a coarser target covering
// it is a rw-conflict in.
func (m *Manager) CheckConflictIn(tag Tag) error {
	if m.my == 0 {
		return nil
	}
	if err := m.checkDoomed(ReasonPivotConflictIn); err != nil {
		return err
	}
	m.didWrite = true
	if m.hdr.locks.Load() == 0 {
		return nil
	}
	// Finest first: a promotion takes the coarser lock before it drops
	// the finer ones, so none is missed.
	for {
		if err := m.checkTargetIn(tag); err != nil {
			return err
		}
		p, ok := tag.parent()
		if !ok {
			return nil
		}
		tag = p
	}
}

// checkTargetIn flags a conflict in from every other holder of a SIREAD
// lock on tag that still matters.
func (m *Manager) checkTargetIn(tag Tag) error {
	hash := tag.hash()
	part := m.partition(hash)
	m.acquire(part, sem.Shared)
	defer m.release(part)
	var err error
	for lk := m.buckets[hash&uint32(len(m.buckets)-1)]; lk != 0 && err == nil; lk = m.locks[lk-1].hashNext {
		r := &m.locks[lk-1]
		if r.tag != tag || r.sx == m.my {
			continue
		}
		err = m.conflictInFrom(r.sx)
	}
	return err
}

// conflictInFrom flags holder --rw--> this transaction if the holder can
// still take part in an anomaly: not doomed, and running or committed
// after this transaction's snapshot.
func (m *Manager) conflictInFrom(holder uint32) error {
	h := m.hdr
	m.acquire(&h.xactLock, sem.Exclusive)
	defer m.release(&h.xactLock)
	r := m.x(holder)
	f := r.flags.Load()
	if f&fInUse == 0 || f&fDoomed != 0 {
		return nil
	}
	if f&fCommitted != 0 && m.x(m.my).xmin >= r.finishedBefore {
		return nil
	}
	if m.conflictExistsLocked(holder, m.my) {
		return nil
	}
	return m.flagConflictLocked(holder, m.my)
}

// CheckTableConflictIn is called before this process's serializable
// transaction removes every row of relation rel at once (TRUNCATE, DROP
// TABLE): every other transaction's SIREAD lock on the relation or any of
// its pages or tuples is a conflict in.
func (m *Manager) CheckTableConflictIn(db, rel uint32) error {
	if m.my == 0 {
		return nil
	}
	if err := m.checkDoomed(ReasonPivotConflictIn); err != nil {
		return err
	}
	m.didWrite = true
	if m.hdr.locks.Load() == 0 {
		return nil
	}
	holders := map[uint32]bool{}
	for p := 0; p < NumPartitions; p++ {
		m.acquire(&m.hdr.parts[p], sem.Shared)
	}
	for b := range m.buckets {
		for lk := m.buckets[b]; lk != 0; lk = m.locks[lk-1].hashNext {
			r := &m.locks[lk-1]
			if r.tag.DB == db && r.tag.Rel == rel && r.sx != m.my {
				holders[r.sx] = true
			}
		}
	}
	var err error
	for sx := range holders {
		if err = m.conflictInFrom(sx); err != nil {
			break
		}
	}
	for p := NumPartitions - 1; p >= 0; p-- {
		m.release(&m.hdr.parts[p])
	}
	return err
}
