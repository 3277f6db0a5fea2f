package transam

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// Horizon classifies versions for pruning (HeapTupleSatisfiesVacuum,
// heap.Horizon) against OldestXmin: no running transaction and no
// snapshot, now or later, considers an xid below it running. It is a
// value computed once; a later one may be newer. A statement's horizon
// (PruningWith) is computed at its first use, since most statements never
// look at one: any value computed while the statement's xmin is published
// is at most that xmin, so the statement's own snapshot stays protected.
type Horizon struct {
	m          *Manager
	oldestXmin uint64 // 0 until computed; an xid is never 0
}

var _ heap.Horizon = (*Horizon)(nil)

// Horizon computes the pruning horizon now: the minimum of the next xid,
// every running top-level xid (tentative ones included) and every
// published xmin, the xmins read twice (doc.go says why twice suffices).
func (m *Manager) Horizon() *Horizon {
	z := &Horizon{}
	m.HorizonInto(z)
	return z
}

// HorizonInto computes the pruning horizon now into z, which the caller
// provides (a statement keeps it beside its snapshot, in one allocation).
func (m *Manager) HorizonInto(z *Horizon) {
	*z = Horizon{m: m, oldestXmin: m.oldestXmin()}
}

func (m *Manager) oldestXmin() uint64 {
	h := m.hdr.nextXid.Load()
	for i := range m.xids {
		if x := m.xids[i].Load() &^ tentative; x != 0 && x < h {
			h = x
		}
		if x := m.xmins[i].Load(); x != 0 && x < h {
			h = x
		}
	}
	for i := range m.xmins {
		if x := m.xmins[i].Load(); x != 0 && x < h {
			h = x
		}
	}
	return h
}

// OldestXmin returns the horizon's xid.
func (z *Horizon) OldestXmin() uint64 { return z.xid() }

// HorizonXid is OldestXmin (heap.Horizon).
func (z *Horizon) HorizonXid() uint64 { return z.xid() }

// xid computes the horizon on first use.
func (z *Horizon) xid() uint64 {
	if z.oldestXmin == 0 {
		z.oldestXmin = z.m.oldestXmin()
	}
	return z.oldestXmin
}

// PruneStatus classifies a version (heap.Horizon).
func (z *Horizon) PruneStatus(h *tuple.Header) heap.PruneStatus {
	m := z.m
	if h.Infomask&tuple.XminInvalid != 0 {
		return heap.Dead
	}
	if h.Infomask&tuple.XminCommitted == 0 {
		switch m.statusOf(h.Xmin) {
		case StatusInProgress:
			return heap.Live
		case StatusAborted:
			h.Infomask |= tuple.XminInvalid
			return heap.Dead
		}
		if m.mayHint(h.Xmin) {
			h.Infomask |= tuple.XminCommitted
		}
	}
	if xmaxInvalid(h) {
		return heap.Live
	}
	if h.XmaxIsLockOnly() {
		if h.Infomask&tuple.XmaxCommitted == 0 && m.statusOf(h.Xmax) != StatusInProgress {
			h.Infomask |= tuple.XmaxInvalid // the locker is gone
		}
		return heap.Live
	}
	if h.Infomask&tuple.XmaxCommitted == 0 {
		switch m.statusOf(h.Xmax) {
		case StatusInProgress:
			return heap.Live
		case StatusAborted:
			h.Infomask |= tuple.XmaxInvalid
			return heap.Live
		}
		if m.mayHint(h.Xmax) {
			h.Infomask |= tuple.XmaxCommitted
		}
	}
	if h.Xmax < z.xid() {
		return heap.Dead
	}
	return heap.RecentlyDead
}

// PruningSnapshot is a snapshot that also lets the heap prune the pages it
// reads (heap.Snapshot and heap.Horizon).
type PruningSnapshot struct {
	*Snapshot
	*Horizon
}

// Pruning returns the snapshot paired with a horizon computed now.
func (s *Snapshot) Pruning() PruningSnapshot {
	return PruningSnapshot{Snapshot: s, Horizon: s.m.Horizon()}
}

// PruningWith is Pruning with the horizon kept in z and computed there
// when first needed, while the snapshot's xmin is still published.
func (s *Snapshot) PruningWith(z *Horizon) PruningSnapshot {
	*z = Horizon{m: s.m}
	return PruningSnapshot{Snapshot: s, Horizon: z}
}
