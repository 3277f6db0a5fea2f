package predicate

import "ringpg/sem"

// LockInfo is one SIREAD lock, for pg_locks.
type LockInfo struct {
	Tag Tag
	Pid int32 // the holder's process (kept after it committed)
}

// Snapshot lists every SIREAD lock in the table, taking each partition
// lock shared in ascending order, then the transaction lock.
func (m *Manager) Snapshot() []LockInfo {
	h := m.hdr
	if h.locks.Load() == 0 {
		return nil
	}
	for p := 0; p < NumPartitions; p++ {
		m.acquire(&h.parts[p], sem.Shared)
	}
	m.acquire(&h.xactLock, sem.Shared)
	var out []LockInfo
	for b := range m.buckets {
		for lk := m.buckets[b]; lk != 0; lk = m.locks[lk-1].hashNext {
			r := &m.locks[lk-1]
			out = append(out, LockInfo{Tag: r.tag, Pid: m.x(r.sx).pid})
		}
	}
	m.release(&h.xactLock)
	for p := NumPartitions - 1; p >= 0; p-- {
		m.release(&h.parts[p])
	}
	return out
}
