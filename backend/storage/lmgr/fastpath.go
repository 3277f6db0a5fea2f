package lmgr

// The fast path (PostgreSQL's fast-path relation locks). A weak lock
// (AccessShare, RowShare, RowExclusive) on a relation conflicts only with
// strong modes (Share and above). A process takes one by setting a bit in
// its own procEntry, under its own fpLock, provided the strong-lock
// counter of the relation's group is 0. A strong locker increments that
// counter first, then, under the relation's partition lock, visits every
// proc's fast-path slots (under each fpLock) and moves matching holds into
// the shared table. The counter is read under fpLock by the fast-path
// taker and incremented before the strong locker takes that same fpLock,
// so either the taker sees the counter, or the strong locker sees the bit.

// fpShift is the position of slot s's three bits in fpBits.
func fpShift(s int) uint { return uint(3 * s) }

// fpModeBit is mode's bit in slot s (mode is a fast-path mode).
func fpModeBit(s int, mode Mode) uint64 { return 1 << (fpShift(s) + uint(mode-1)) }

// fpSlotBits returns slot s's three bits.
func fpSlotBits(bits uint64, s int) uint64 { return bits >> fpShift(s) & 7 }

// fastPathGrant tries to take mode on ll's relation through the fast path.
func (m *Manager) fastPathGrant(ll *localLock, mode Mode) bool {
	p := m.my
	db, rel := ll.tag.F1, ll.tag.F2
	p.fpLock.Lock()
	if m.hdr.strong[ll.hash%strongParts].Load() != 0 {
		p.fpLock.Unlock()
		return false
	}
	bits := p.fpBits.Load()
	s := ll.fpSlot
	if s < 0 || fpSlotBits(bits, s) == 0 || p.fpDB[s] != db || p.fpRel[s] != rel {
		s = -1
		free := -1
		for i := 0; i < FastPathSlots; i++ {
			if fpSlotBits(bits, i) == 0 {
				if free < 0 {
					free = i
				}
				continue
			}
			if p.fpDB[i] == db && p.fpRel[i] == rel {
				s = i
				break
			}
		}
		if s < 0 {
			if free < 0 {
				p.fpLock.Unlock()
				return false // all slots in use: the shared table
			}
			s = free
			p.fpDB[s], p.fpRel[s] = db, rel
		}
	}
	p.fpBits.Store(bits | fpModeBit(s, mode))
	p.fpLock.Unlock()
	ll.fpSlot = s
	return true
}

// fastPathRelease clears mode on ll's relation from our fast-path slots
// and reports whether it was there (a strong locker may have moved it to
// the shared table).
func (m *Manager) fastPathRelease(ll *localLock, mode Mode) bool {
	p := m.my
	db, rel := ll.tag.F1, ll.tag.F2
	p.fpLock.Lock()
	bits := p.fpBits.Load()
	s := ll.fpSlot
	if s < 0 || p.fpDB[s] != db || p.fpRel[s] != rel || bits&fpModeBit(s, mode) == 0 {
		s = -1
		for i := 0; i < FastPathSlots; i++ {
			if bits&fpModeBit(i, mode) != 0 && p.fpDB[i] == db && p.fpRel[i] == rel {
				s = i
				break
			}
		}
	}
	if s < 0 {
		p.fpLock.Unlock()
		return false
	}
	p.fpBits.Store(bits &^ fpModeBit(s, mode))
	p.fpLock.Unlock()
	return true
}

// fastPathTakeLocked removes proc's fast-path holds on relation (db, rel)
// and returns them as a mode mask. Caller holds the relation's partition
// lock.
func (m *Manager) fastPathTakeLocked(proc int, db, rel uint32) uint32 {
	return m.fastPathScan(proc, db, rel, true)
}

// fastPathScan returns proc's fast-path holds on (db, rel) as a mode mask,
// clearing them when take is set.
func (m *Manager) fastPathScan(proc int, db, rel uint32, take bool) uint32 {
	p := &m.procs[proc]
	p.fpLock.Lock()
	bits := p.fpBits.Load()
	var modes uint32
	for i := 0; i < FastPathSlots; i++ {
		sb := fpSlotBits(bits, i)
		if sb == 0 || p.fpDB[i] != db || p.fpRel[i] != rel {
			continue
		}
		modes = uint32(sb) << 1 // slot bit k is mode k+1
		if take {
			p.fpBits.Store(bits &^ (7 << fpShift(i)))
		}
		break
	}
	p.fpLock.Unlock()
	return modes
}

// transferFastPathLocked moves every process's fast-path holds on ll's
// relation into the shared lock object lk. Caller holds the partition
// lock, and has incremented the relation's strong-lock counter, so no new
// fast-path hold on it can appear. On running out of shared memory some
// holds may have moved and others not; both places are valid.
func (m *Manager) transferFastPathLocked(lk uint32, db, rel uint32) error {
	for proc := range m.procs {
		if !m.fastPathMayHold(proc) || m.fastPathScan(proc, db, rel, false) == 0 {
			continue
		}
		// Make room before taking the bits, so that a failure leaves them
		// where they are.
		h, err := m.findOrCreateHolderLocked(lk, uint32(proc))
		if err != nil {
			return err
		}
		modes := m.fastPathTakeLocked(proc, db, rel) // may have shrunk meanwhile; never grown
		o := &m.locks[lk-1]
		for mode := Mode(1); mode <= RowExclusive; mode++ {
			if modes&mode.bit() != 0 {
				m.grantLocked(o, h, mode)
			}
		}
		m.dropHolderIfEmptyLocked(lk, h)
	}
	return nil
}

// fastPathMayHold is a look without the lock at whether proc could hold
// any fast-path lock that a strong locker must move. Caller has
// incremented the strong-lock counter. If proc's fpLock reads free and
// then its fpBits read 0, any fast-path grant in progress at our first
// read would have held the lock, and a later one reads the counter after
// our increment and refuses, so there is nothing to move. Idle procs are
// then skipped at the cost of two loads each.
func (m *Manager) fastPathMayHold(proc int) bool {
	p := &m.procs[proc]
	return p.fpLock.Held() || p.fpBits.Load() != 0
}
