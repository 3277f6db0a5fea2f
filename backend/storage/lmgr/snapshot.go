package lmgr

import (
	"slices"
	"time"

	"ringpg/sem"
)

// LockInfo is one row of pg_locks: one mode held, or waited for, by one
// process on one object.
type LockInfo struct {
	LockType      string // "relation", "tuple", "transactionid", "object", "advisory"
	Tag           Tag
	Database      uint32 // relation, tuple, object, advisory
	Relation      uint32 // relation, tuple
	Page          uint32 // tuple: block number
	Tuple         uint16 // tuple: line pointer
	TransactionID uint64 // transactionid
	ClassID       uint32 // object: class id; advisory: first key (or high half)
	ObjID         uint32 // object: object id; advisory: second key (or low half)
	ObjSubID      uint16 // object: sub-id; advisory: 1 for one int8 key, 2 for two int4 keys
	Slot          int    // proc slot of the holder or waiter
	Pid           int32
	Mode          string // "AccessShareLock", ...
	Granted       bool
	FastPath      bool
	WaitStart     time.Time // zero unless waiting
}

func lockInfo(tag Tag) LockInfo {
	li := LockInfo{LockType: tag.Type.String(), Tag: tag}
	switch tag.Type {
	case TagRelation:
		li.Database, li.Relation = tag.F1, tag.F2
	case TagTuple:
		li.Database, li.Relation, li.Page, li.Tuple = tag.F1, tag.F2, tag.F3, tag.F4
	case TagTransaction:
		li.TransactionID = tag.Xid()
	case TagObject, TagAdvisory:
		li.Database, li.ClassID, li.ObjID, li.ObjSubID = tag.F1, tag.F2, tag.F3, tag.F4
	}
	return li
}

// Snapshot returns every lock held or awaited in the table, for pg_locks:
// first the fast-path holds of each proc, then the shared table under
// every partition lock (shared). Fast-path rows may be a moment stale, as
// in PostgreSQL.
func (m *Manager) Snapshot() []LockInfo {
	var out []LockInfo
	for i := range m.procs {
		p := &m.procs[i]
		p.fpLock.Lock()
		bits := p.fpBits.Load()
		type ent struct {
			db, rel uint32
			modes   uint64
		}
		var ents [FastPathSlots]ent
		n := 0
		for s := 0; s < FastPathSlots; s++ {
			if sb := fpSlotBits(bits, s); sb != 0 {
				ents[n] = ent{p.fpDB[s], p.fpRel[s], sb}
				n++
			}
		}
		p.fpLock.Unlock()
		pid := p.pid.Load()
		for _, e := range ents[:n] {
			for mode := AccessShare; mode <= RowExclusive; mode++ {
				if e.modes&(1<<(mode-1)) != 0 {
					li := lockInfo(RelationTag(e.db, e.rel))
					li.Slot, li.Pid, li.Mode, li.Granted, li.FastPath = i, pid, mode.String(), true, true
					out = append(out, li)
				}
			}
		}
	}
	for i := range m.hdr.parts {
		m.hdr.parts[i].Acquire(m.waiters, m.me, sem.Shared)
	}
	for b := range m.buckets {
		for lk := m.buckets[b]; lk != 0; lk = m.locks[lk-1].hashNext {
			o := &m.locks[lk-1]
			for h := o.holders; h != 0; h = m.holders[h-1].next {
				r := &m.holders[h-1]
				for mode := Mode(1); mode <= numModes; mode++ {
					if r.holdMask&mode.bit() != 0 {
						li := lockInfo(o.tag)
						li.Slot, li.Pid, li.Mode, li.Granted = int(r.proc), m.procs[r.proc].pid.Load(), mode.String(), true
						out = append(out, li)
					}
				}
			}
			for q := o.qHead; q != 0; q = m.procs[q-1].waitNext {
				p := &m.procs[q-1]
				li := lockInfo(o.tag)
				li.Slot, li.Pid, li.Mode = int(q-1), p.pid.Load(), Mode(p.waitMode).String()
				if ws := p.waitStart.Load(); ws != 0 {
					li.WaitStart = time.Unix(0, ws)
				}
				out = append(out, li)
			}
		}
	}
	for i := len(m.hdr.parts) - 1; i >= 0; i-- {
		m.hdr.parts[i].Release(m.waiters)
	}
	return out
}

// WaitEvent returns what proc slot slot waits for, as pg_stat_activity's
// wait_event shows it for wait_event_type Lock ("relation",
// "transactionid", "tuple", "advisory", "object"), or "" when it waits
// for no heavyweight lock. It takes no lock and may be a moment stale.
func (m *Manager) WaitEvent(slot int) string {
	if slot < 0 || slot >= len(m.procs) {
		return ""
	}
	if t := TagType(m.procs[slot].waitType.Load()); t != 0 {
		return t.String()
	}
	return ""
}

// BlockingSlots returns the proc slots that block slot's lock wait, for
// pg_blocking_pids: the holders of modes conflicting with its request,
// then the waiters queued ahead of it whose requests conflict with it. It
// is empty when slot waits for no lock.
func (m *Manager) BlockingSlots(slot int) []int {
	if slot < 0 || slot >= len(m.procs) {
		return nil
	}
	for i := range m.hdr.parts {
		m.hdr.parts[i].Acquire(m.waiters, m.me, sem.Shared)
	}
	var out []int
	p := &m.procs[slot]
	if p.status.Load() == statusWaiting && p.waitLock != 0 {
		mode := Mode(p.waitMode)
		o := &m.locks[p.waitLock-1]
		for i := o.holders; i != 0; i = m.holders[i-1].next {
			if h := &m.holders[i-1]; int(h.proc) != slot && conflicts[mode]&h.holdMask != 0 {
				out = append(out, int(h.proc))
			}
		}
		for q := o.qHead; q != 0 && int(q-1) != slot; q = m.procs[q-1].waitNext {
			if conflicts[mode]&Mode(m.procs[q-1].waitMode).bit() != 0 && !slices.Contains(out, int(q-1)) {
				out = append(out, int(q-1))
			}
		}
	}
	for i := len(m.hdr.parts) - 1; i >= 0; i-- {
		m.hdr.parts[i].Release(m.waiters)
	}
	return out
}
