package lmgr

import "ringpg/sem"

// The shared hash table of lock objects and their holder records. Every
// function here is called with the partition lock of the lock object's
// tag held exclusively (the Locked suffix), except the allocators, which
// take the header's alloc spinlock themselves (a leaf under the partition
// lock, as sem's order allows).

// findLockLocked returns the lock object of tag (hash = tag.hash()), index
// + 1, or 0.
func (m *Manager) findLockLocked(tag Tag, hash uint32) uint32 {
	for i := m.buckets[hash&(m.nBuckets-1)]; i != 0; i = m.locks[i-1].hashNext {
		if o := &m.locks[i-1]; o.hash == hash && o.tag == tag {
			return i
		}
	}
	return 0
}

// findOrCreateLockLocked returns the lock object of tag, making an empty
// one if there is none.
func (m *Manager) findOrCreateLockLocked(tag Tag, hash uint32) (uint32, error) {
	if i := m.findLockLocked(tag, hash); i != 0 {
		return i, nil
	}
	i := m.allocLock()
	if i == 0 {
		return 0, errOutOfSharedMemory()
	}
	o := &m.locks[i-1]
	*o = lockObj{tag: tag, hash: hash}
	b := &m.buckets[hash&(m.nBuckets-1)]
	o.hashNext = *b
	*b = i
	return i, nil
}

// dropLockIfEmptyLocked removes lock object lk from the table when nobody
// holds or waits for it.
func (m *Manager) dropLockIfEmptyLocked(lk uint32) {
	o := &m.locks[lk-1]
	if o.holders != 0 || o.qHead != 0 {
		return
	}
	for p := &m.buckets[o.hash&(m.nBuckets-1)]; *p != 0; p = &m.locks[*p-1].hashNext {
		if *p == lk {
			*p = o.hashNext
			break
		}
	}
	m.freeLock(lk)
}

// findHolderLocked returns proc's holder record on lock object lk, index +
// 1, or 0. hint is a record index + 1 that may be it.
func (m *Manager) findHolderLocked(lk, proc, hint uint32) uint32 {
	if hint != 0 && hint <= uint32(len(m.holders)) {
		if h := &m.holders[hint-1]; h.lock == lk && h.proc == proc {
			return hint
		}
	}
	for i := m.locks[lk-1].holders; i != 0; i = m.holders[i-1].next {
		if m.holders[i-1].proc == proc {
			return i
		}
	}
	return 0
}

// findOrCreateHolderLocked returns proc's holder record on lk, linking an
// empty one if there is none.
func (m *Manager) findOrCreateHolderLocked(lk, proc uint32) (uint32, error) {
	if i := m.findHolderLocked(lk, proc, 0); i != 0 {
		return i, nil
	}
	i := m.allocHolder()
	if i == 0 {
		return 0, errOutOfSharedMemory()
	}
	o := &m.locks[lk-1]
	m.holders[i-1] = holder{lock: lk, proc: proc, next: o.holders}
	if o.holders != 0 {
		m.holders[o.holders-1].prev = i
	}
	o.holders = i
	return i, nil
}

// dropHolderIfEmptyLocked unlinks and frees holder record h of lk when it
// holds nothing and its proc is not waiting through it.
func (m *Manager) dropHolderIfEmptyLocked(lk, h uint32) {
	r := &m.holders[h-1]
	if r.holdMask != 0 {
		return
	}
	if p := &m.procs[r.proc]; p.status.Load() == statusWaiting && p.waitHolder == h {
		return
	}
	o := &m.locks[lk-1]
	if r.prev != 0 {
		m.holders[r.prev-1].next = r.next
	} else {
		o.holders = r.next
	}
	if r.next != 0 {
		m.holders[r.next-1].prev = r.prev
	}
	m.freeHolder(h)
}

// grantLocked records mode as granted to holder h of lock object o.
func (m *Manager) grantLocked(o *lockObj, h uint32, mode Mode) {
	r := &m.holders[h-1]
	if r.holdMask&mode.bit() != 0 {
		return
	}
	r.holdMask |= mode.bit()
	o.granted[mode]++
	o.grantMask |= mode.bit()
}

// ungrantLocked takes mode away from holder h of lock object o.
func (m *Manager) ungrantLocked(o *lockObj, h uint32, mode Mode) {
	r := &m.holders[h-1]
	r.holdMask &^= mode.bit()
	o.granted[mode]--
	if o.granted[mode] == 0 {
		o.grantMask &^= mode.bit()
	}
}

// conflictsGrantedLocked reports whether mode conflicts with a mode granted
// to some holder of o other than one whose own holds are mine (PostgreSQL's
// LockCheckConflicts: a process never conflicts with itself).
func conflictsGrantedLocked(o *lockObj, mode Mode, mine uint32) bool {
	c := conflicts[mode] & o.grantMask
	if c == 0 {
		return false
	}
	for k := Mode(1); k <= numModes; k++ {
		if c&k.bit() == 0 {
			continue
		}
		n := o.granted[k]
		if mine&k.bit() != 0 {
			n--
		}
		if n > 0 {
			return true
		}
	}
	return false
}

// enqueueLocked puts proc at the end of o's wait queue, or before the
// waiting proc before (slot + 1) when that is not 0.
func (m *Manager) enqueueLocked(lk uint32, proc uint32, mode Mode, h uint32, before uint32) {
	o := &m.locks[lk-1]
	p := &m.procs[proc]
	p.waitLock, p.waitMode, p.waitHolder = lk, uint32(mode), h
	if before == 0 {
		p.waitNext, p.waitPrev = 0, o.qTail
		if o.qTail != 0 {
			m.procs[o.qTail-1].waitNext = proc + 1
		} else {
			o.qHead = proc + 1
		}
		o.qTail = proc + 1
	} else {
		b := &m.procs[before-1]
		p.waitNext, p.waitPrev = before, b.waitPrev
		if b.waitPrev != 0 {
			m.procs[b.waitPrev-1].waitNext = proc + 1
		} else {
			o.qHead = proc + 1
		}
		b.waitPrev = proc + 1
	}
	o.waiting[mode]++
	o.waitMask |= mode.bit()
	p.status.Store(statusWaiting)
}

// dequeueLocked takes proc off the wait queue of the lock it waits for.
// It does not change proc's status.
func (m *Manager) dequeueLocked(proc uint32) {
	p := &m.procs[proc]
	o := &m.locks[p.waitLock-1]
	if p.waitPrev != 0 {
		m.procs[p.waitPrev-1].waitNext = p.waitNext
	} else {
		o.qHead = p.waitNext
	}
	if p.waitNext != 0 {
		m.procs[p.waitNext-1].waitPrev = p.waitPrev
	} else {
		o.qTail = p.waitPrev
	}
	mode := Mode(p.waitMode)
	o.waiting[mode]--
	if o.waiting[mode] == 0 {
		o.waitMask &^= mode.bit()
	}
	p.waitNext, p.waitPrev = 0, 0
}

// wakeLocked grants, in queue order, every waiter of lock object lk that
// can now have its lock: one whose request conflicts neither with what is
// granted to others nor with the request of a waiter still queued ahead of
// it. Woken slots are added to m.wake; the caller wakes them once it has
// released the partition lock (wakeAll).
func (m *Manager) wakeLocked(lk uint32) {
	o := &m.locks[lk-1]
	var ahead uint32
	for q := o.qHead; q != 0; {
		p := &m.procs[q-1]
		next := p.waitNext
		mode := Mode(p.waitMode)
		h := p.waitHolder
		if conflicts[mode]&ahead == 0 && !conflictsGrantedLocked(o, mode, m.holders[h-1].holdMask) {
			m.dequeueLocked(q - 1)
			m.grantLocked(o, h, mode)
			p.waitLock, p.waitHolder = 0, 0
			p.status.Store(statusGranted)
			m.wake = append(m.wake, q-1)
		} else {
			ahead |= mode.bit()
		}
		q = next
	}
}

// wakeAll wakes the procs that wakeLocked granted. Called with no
// partition lock held, to keep the sections short.
func (m *Manager) wakeAll() {
	for _, s := range m.wake {
		if s == m.me {
			continue
		}
		if _, err := sem.FutexWake(statusWord(&m.procs[s]), 1); err != nil {
			// Only a bad address fails: shared memory is not what we
			// think it is, which the postmaster's reset repairs.
			panic("lmgr: cannot wake a lock waiter: " + err.Error())
		}
	}
	m.wake = m.wake[:0]
}

// allocLock takes a lock object from the free list or the unused tail;
// 0 when the table is full.
func (m *Manager) allocLock() uint32 {
	h := m.hdr
	h.alloc.Lock()
	i := h.lockFree
	if i != 0 {
		h.lockFree = m.locks[i-1].hashNext
	} else if int(h.lockUsed) < len(m.locks) {
		h.lockUsed++
		i = h.lockUsed
	}
	h.alloc.Unlock()
	return i
}

func (m *Manager) freeLock(i uint32) {
	h := m.hdr
	m.locks[i-1].tag = Tag{}
	h.alloc.Lock()
	m.locks[i-1].hashNext = h.lockFree
	h.lockFree = i
	h.alloc.Unlock()
}

// allocHolder is allocLock for holder records.
func (m *Manager) allocHolder() uint32 {
	h := m.hdr
	h.alloc.Lock()
	i := h.holderFree
	if i != 0 {
		h.holderFree = m.holders[i-1].next
	} else if int(h.holderUsed) < len(m.holders) {
		h.holderUsed++
		i = h.holderUsed
	}
	h.alloc.Unlock()
	return i
}

func (m *Manager) freeHolder(i uint32) {
	h := m.hdr
	m.holders[i-1] = holder{}
	h.alloc.Lock()
	m.holders[i-1].next = h.holderFree
	h.holderFree = i
	h.alloc.Unlock()
}
