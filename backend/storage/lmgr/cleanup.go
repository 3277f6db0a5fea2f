package lmgr

import (
	"ringpg/sem"
	"ringpg/shm"
)

// Cleanup gives back whatever proc slot slot still holds or waits for in
// the lock table, for a process that has exited without ReleaseAll(true):
// its fast-path holds, its holder records (granting what that frees to
// waiters), its place in a wait queue, and the strong-lock counts of its
// strong relation locks. The postmaster calls it after reaping a process
// that exited normally, before it clears the slot; Attach calls it for its
// own slot too. The slot's owner must be gone: its wait slot in the
// segment's WaiterTable is used to wait for partition locks. It returns
// how many holds and waits it found, which the caller may log: a process
// that exits normally should have left none.
func Cleanup(seg *shm.Segment, slot int) (int, error) {
	region := seg.Region(RegionName)
	if region == nil {
		return 0, internalError("the shared segment has no \"%s\" region", RegionName)
	}
	m, err := AttachRegion(region, seg.MaxProcs(), seg.Waiters(), slot, 0)
	if err != nil {
		return 0, err
	}
	return m.orphans, nil
}

// cleanupSlot removes everything m's slot holds or waits for, left by a
// previous owner (the local table knows nothing of it), counting it in
// m.orphans.
func (m *Manager) cleanupSlot() error {
	p := m.my
	// Fast-path holds: nothing else to undo for them.
	p.fpLock.Lock()
	if p.fpBits.Load() != 0 {
		m.orphans += bitsSet(p.fpBits.Load())
	}
	p.fpBits.Store(0)
	p.fpLock.Unlock()

	for part := uint32(0); part < NumPartitions; part++ {
		l := &m.hdr.parts[part]
		l.Acquire(m.waiters, m.me, sem.Exclusive)
		if p.status.Load() == statusWaiting && p.waitLock != 0 && m.locks[p.waitLock-1].hash%NumPartitions == part {
			o := &m.locks[p.waitLock-1]
			mode := Mode(p.waitMode)
			if o.tag.Type == TagRelation && strongMode(mode) {
				m.hdr.strong[o.hash%strongParts].Add(^uint32(0))
			}
			m.orphans++
			m.leaveQueueLocked()
		}
		for b := part; b < m.nBuckets; b += NumPartitions {
			for lk := m.buckets[b]; lk != 0; {
				next := m.locks[lk-1].hashNext // lk may be freed below
				if h := m.findHolderLocked(lk, m.me, 0); h != 0 {
					o := &m.locks[lk-1]
					for mode := Mode(1); mode <= numModes; mode++ {
						if m.holders[h-1].holdMask&mode.bit() == 0 {
							continue
						}
						m.orphans++
						m.ungrantLocked(o, h, mode)
						if o.tag.Type == TagRelation && strongMode(mode) {
							m.hdr.strong[o.hash%strongParts].Add(^uint32(0))
						}
					}
					m.dropHolderIfEmptyLocked(lk, h)
					if o.qHead != 0 {
						m.wakeLocked(lk)
					}
					m.dropLockIfEmptyLocked(lk)
				}
				lk = next
			}
		}
		l.Release(m.waiters)
		m.wakeAll()
	}
	p.status.Store(statusIdle)
	p.waitStart.Store(0)
	p.waitType.Store(0)
	return nil
}

func bitsSet(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}
