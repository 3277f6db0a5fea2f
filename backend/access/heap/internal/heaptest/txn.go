// Package heaptest holds what the heap's tests share: a small model of
// the transaction layer (transaction status, MVCC snapshots,
// HeapTupleSatisfiesUpdate and the pruning horizon, following
// PostgreSQL's heapam_visibility.c with 64-bit xids and no
// subtransactions), an in-memory Storage and a real buffer pool in
// process memory, and invariant checkers for heap pages.
package heaptest

import (
	"slices"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// Status is a transaction's outcome.
type Status uint8

const (
	InProgress Status = iota
	Committed
	Aborted
)

// Oracle answers for transaction status: the commit log.
type Oracle interface {
	Status(xid uint64) Status
}

// Tx is a transaction as the heap sees it (heap.Txn).
type Tx struct {
	O   Oracle
	XID uint64
	CID uint32
}

func (t *Tx) Xid() uint64 { return t.XID }
func (t *Tx) Cid() uint32 { return t.CID }

// xmaxInvalid reports whether the version has no xmax (or an aborted one, by its hint).
func xmaxInvalid(h *tuple.Header) bool { return h.Xmax == 0 || h.Infomask&tuple.XmaxInvalid != 0 }

// SatisfiesUpdate is HeapTupleSatisfiesUpdate.
func (t *Tx) SatisfiesUpdate(h *tuple.Header) heap.TMResult {
	if h.Infomask&tuple.XminInvalid != 0 {
		return heap.TMInvisible
	}
	if h.Infomask&tuple.XminCommitted == 0 {
		if h.Xmin == t.XID {
			switch {
			case xmaxInvalid(h) || h.XmaxIsLockOnly():
				if h.Cid >= t.CID {
					return heap.TMInvisible // inserted after this command started
				}
				if xmaxInvalid(h) {
					return heap.TMOk
				}
				if h.Xmax == t.XID || t.O.Status(h.Xmax) == InProgress {
					return heap.TMBeingModified
				}
				return heap.TMOk
			case h.Xmax == t.XID:
				// t_cid is cmax now (cmin was lost, see package tuple).
				if h.Cid >= t.CID {
					return heap.TMSelfModified
				}
				return heap.TMInvisible
			}
			return heap.TMOk
		}
		switch t.O.Status(h.Xmin) {
		case InProgress:
			return heap.TMInvisible
		case Aborted:
			h.Infomask |= tuple.XminInvalid
			return heap.TMInvisible
		}
		h.Infomask |= tuple.XminCommitted
	}
	if xmaxInvalid(h) {
		return heap.TMOk
	}
	if h.Infomask&tuple.XmaxCommitted != 0 {
		if h.XmaxIsLockOnly() {
			return heap.TMOk
		}
		return heap.TMUpdated
	}
	if h.XmaxIsLockOnly() {
		if h.Xmax == t.XID || t.O.Status(h.Xmax) == InProgress {
			return heap.TMBeingModified
		}
		h.Infomask |= tuple.XmaxInvalid // the locker is gone
		return heap.TMOk
	}
	if h.Xmax == t.XID {
		if h.Cid >= t.CID {
			return heap.TMSelfModified
		}
		return heap.TMInvisible
	}
	switch t.O.Status(h.Xmax) {
	case InProgress:
		return heap.TMBeingModified
	case Aborted:
		h.Infomask |= tuple.XmaxInvalid
		return heap.TMOk
	}
	h.Infomask |= tuple.XmaxCommitted
	return heap.TMUpdated
}

// Snapshot is an MVCC snapshot (heap.Snapshot): Own's changes made before
// command Cid are visible, and those of transactions committed before it
// was taken: below Xmax and not Running.
type Snapshot struct {
	O       Oracle
	Own     uint64 // 0: a snapshot of no transaction
	Cid     uint32
	Xmin    uint64
	Xmax    uint64
	Running []uint64 // sorted
	NoHints bool     // set no hint bits (for tests whose readers must not write)
}

// inProgress reports whether xid counts as running for this snapshot.
func (s *Snapshot) inProgress(xid uint64) bool {
	if xid == s.Own && xid != 0 {
		return false
	}
	if xid >= s.Xmax {
		return true
	}
	if xid < s.Xmin {
		return false
	}
	_, found := slices.BinarySearch(s.Running, xid)
	return found
}

func (s *Snapshot) hint(h *tuple.Header, bit uint16) {
	if !s.NoHints {
		h.Infomask |= bit
	}
}

// Visible is HeapTupleSatisfiesMVCC.
func (s *Snapshot) Visible(h *tuple.Header) bool {
	if h.Infomask&tuple.XminInvalid != 0 {
		return false
	}
	if h.Infomask&tuple.XminCommitted == 0 {
		if h.Xmin == s.Own && s.Own != 0 {
			if xmaxInvalid(h) || h.XmaxIsLockOnly() {
				return h.Cid < s.Cid
			}
			if h.Xmax != s.Own {
				return h.Cid < s.Cid
			}
			// Deleted by us; t_cid is cmax, and cmin came before it.
			return h.Cid >= s.Cid
		}
		switch s.O.Status(h.Xmin) {
		case InProgress:
			return false
		case Aborted:
			s.hint(h, tuple.XminInvalid)
			return false
		}
		s.hint(h, tuple.XminCommitted)
	}
	if s.inProgress(h.Xmin) {
		return false
	}
	if xmaxInvalid(h) || h.XmaxIsLockOnly() {
		return true
	}
	if h.Infomask&tuple.XmaxCommitted != 0 {
		return s.inProgress(h.Xmax)
	}
	if h.Xmax == s.Own && s.Own != 0 {
		return h.Cid >= s.Cid
	}
	switch s.O.Status(h.Xmax) {
	case InProgress:
		return true
	case Aborted:
		s.hint(h, tuple.XmaxInvalid)
		return true
	}
	s.hint(h, tuple.XmaxCommitted)
	return s.inProgress(h.Xmax)
}

// Horizon is HeapTupleSatisfiesVacuum against OldestXmin, the oldest xid
// any running transaction or live snapshot may still consider running.
type Horizon struct {
	O          Oracle
	OldestXmin uint64
}

// HorizonXid returns OldestXmin (heap.Horizon).
func (z *Horizon) HorizonXid() uint64 { return z.OldestXmin }

// PruneStatus classifies a version for pruning.
func (z *Horizon) PruneStatus(h *tuple.Header) heap.PruneStatus {
	if h.Infomask&tuple.XminInvalid != 0 {
		return heap.Dead
	}
	if h.Infomask&tuple.XminCommitted == 0 {
		switch z.O.Status(h.Xmin) {
		case InProgress:
			return heap.Live
		case Aborted:
			h.Infomask |= tuple.XminInvalid
			return heap.Dead
		}
		h.Infomask |= tuple.XminCommitted
	}
	if xmaxInvalid(h) || h.XmaxIsLockOnly() {
		return heap.Live
	}
	if h.Infomask&tuple.XmaxCommitted == 0 {
		switch z.O.Status(h.Xmax) {
		case InProgress:
			return heap.Live
		case Aborted:
			h.Infomask |= tuple.XmaxInvalid
			return heap.Live
		}
		h.Infomask |= tuple.XmaxCommitted
	}
	if h.Xmax < z.OldestXmin {
		return heap.Dead
	}
	return heap.RecentlyDead
}

// PruningSnapshot is a snapshot that also lets the heap prune on the way.
type PruningSnapshot struct {
	*Snapshot
	*Horizon
}
