package transam

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// The visibility rules of PostgreSQL's heapam_visibility.c with 64-bit
// xids and one t_cid (package tuple: cmin until a delete overwrites it with
// cmax; a version this transaction inserted and then deleted counts as
// inserted before the current command). Hint bits are set in the header
// copy only when the outcome they record is final; the heap writes them
// back (tuple.SetHints). There are no multixacts: a lock-only xmax names
// one locker.

// xmaxInvalid reports a version with no xmax, or one known to have aborted.
func xmaxInvalid(h *tuple.Header) bool { return h.Xmax == 0 || h.Infomask&tuple.XmaxInvalid != 0 }

// status is Manager.Status for visibility checks, which cannot return an
// error: a lookup that fails counts as in progress (no hint is set, and
// nothing uncommitted is shown) and the error is kept for Manager.Err.
func (m *Manager) statusOf(xid uint64) XidStatus {
	st, err := m.Status(xid)
	if err != nil && m.err == nil {
		m.err = err
	}
	return st
}

// Err returns the first commit log error a visibility check met and could
// not report, and forgets it. The caller checks it after a scan and fails
// the statement.
func (m *Manager) Err() error {
	err := m.err
	m.err = nil
	return err
}

func (s *Snapshot) hint(h *tuple.Header, bit uint16) {
	if !s.noHints {
		h.Infomask |= bit
	}
}

// isOwn reports whether xid is a current xid of the snapshot's transaction.
func (s *Snapshot) isOwn(xid uint64) bool { return s.own != nil && s.own.IsCurrent(xid) }

// Visible reports whether the snapshot sees the version
// (HeapTupleSatisfiesMVCC).
func (s *Snapshot) Visible(h *tuple.Header) bool {
	if h.Infomask&tuple.XminInvalid != 0 {
		return false
	}
	if h.Infomask&tuple.XminCommitted == 0 {
		switch {
		case s.isOwn(h.Xmin):
			return s.ownInsertVisible(h)
		case s.XidInSnapshot(h.Xmin):
			return false
		}
		switch s.m.statusOf(h.Xmin) {
		case StatusCommitted:
			if s.mayHintCommitted(h.Xmin) {
				s.hint(h, tuple.XminCommitted)
			}
		case StatusAborted:
			s.hint(h, tuple.XminInvalid)
			return false
		default:
			return false
		}
	} else if s.XidInSnapshot(h.Xmin) {
		return false // committed, but after the snapshot was taken
	}
	if xmaxInvalid(h) || h.XmaxIsLockOnly() {
		return true
	}
	if h.Infomask&tuple.XmaxCommitted != 0 {
		return s.XidInSnapshot(h.Xmax)
	}
	if s.isOwn(h.Xmax) {
		return h.Cid >= s.cid // deleted by this or a later command
	}
	if s.XidInSnapshot(h.Xmax) {
		return true
	}
	switch s.m.statusOf(h.Xmax) {
	case StatusCommitted:
		if s.mayHintCommitted(h.Xmax) {
			s.hint(h, tuple.XmaxCommitted)
		}
		return false
	case StatusAborted:
		s.hint(h, tuple.XmaxInvalid)
	}
	return true
}

// ownInsertVisible is Visible for a version this transaction inserted.
func (s *Snapshot) ownInsertVisible(h *tuple.Header) bool {
	if xmaxInvalid(h) || h.XmaxIsLockOnly() {
		return h.Cid < s.cid
	}
	if s.isOwn(h.Xmax) {
		// Deleted by us: t_cid is cmax, and cmin came before it.
		return h.Cid >= s.cid
	}
	// Deleted by a subtransaction of ours that rolled back: the delete
	// never happened. t_cid is that delete's cmax; cmin is lost and
	// counts as before this command.
	if s.m.statusOf(h.Xmax) == StatusAborted {
		s.hint(h, tuple.XmaxInvalid)
	}
	return true
}

// SatisfiesUpdate classifies a version the transaction wants to update,
// delete or lock (HeapTupleSatisfiesUpdate, heap.Txn). TMUpdated covers a
// committed delete too: the heap tells them apart by ctid. A lock-only
// xmax of the current subtransaction is TMBeingModified (the heap sees it
// is its own); one of an enclosing level of this transaction is TMOk, and
// the new xmax replaces it (without multixacts the lock cannot be kept
// beside it).
func (x *Xact) SatisfiesUpdate(h *tuple.Header) heap.TMResult {
	m := x.m
	if h.Infomask&tuple.XminInvalid != 0 {
		return heap.TMInvisible
	}
	if h.Infomask&tuple.XminCommitted == 0 {
		if x.IsCurrent(h.Xmin) {
			return x.ownUpdate(h)
		}
		switch m.statusOf(h.Xmin) {
		case StatusInProgress:
			return heap.TMInvisible
		case StatusAborted:
			h.Infomask |= tuple.XminInvalid
			return heap.TMInvisible
		}
		if x.actsOn(h.Xmin) {
			h.Infomask |= tuple.XminCommitted
		}
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
		return x.lockerStatus(h)
	}
	if x.IsCurrent(h.Xmax) {
		if h.Cid >= x.cid {
			return heap.TMSelfModified // by this or a later command
		}
		return heap.TMInvisible
	}
	switch m.statusOf(h.Xmax) {
	case StatusInProgress:
		return heap.TMBeingModified
	case StatusAborted:
		h.Infomask |= tuple.XmaxInvalid
		return heap.TMOk
	}
	if x.actsOn(h.Xmax) {
		h.Infomask |= tuple.XmaxCommitted
	}
	return heap.TMUpdated
}

// ownUpdate is SatisfiesUpdate for a version this transaction inserted.
func (x *Xact) ownUpdate(h *tuple.Header) heap.TMResult {
	if xmaxInvalid(h) {
		if h.Cid >= x.cid {
			return heap.TMInvisible // inserted by this or a later command
		}
		return heap.TMOk
	}
	if h.XmaxIsLockOnly() {
		if h.Cid >= x.cid {
			return heap.TMInvisible
		}
		return x.lockerStatus(h)
	}
	if x.IsCurrent(h.Xmax) {
		if h.Cid >= x.cid {
			return heap.TMSelfModified
		}
		return heap.TMInvisible
	}
	// Deleted by one of our subtransactions that rolled back.
	if x.m.statusOf(h.Xmax) == StatusAborted {
		h.Infomask |= tuple.XmaxInvalid
	}
	return heap.TMOk
}

// lockerStatus classifies a version whose xmax is only a row lock.
func (x *Xact) lockerStatus(h *tuple.Header) heap.TMResult {
	if h.Xmax == x.CurrentXid() {
		return heap.TMBeingModified // ours: the heap goes on
	}
	if x.IsCurrent(h.Xmax) {
		return heap.TMOk // an enclosing level's lock
	}
	switch x.m.statusOf(h.Xmax) {
	case StatusInProgress:
		return heap.TMBeingModified
	}
	h.Infomask |= tuple.XmaxInvalid // the locker is gone
	return heap.TMOk
}

// SatisfiesDirty decides whether a version conflicts with a unique
// insertion (HeapTupleSatisfiesDirty, for btree.IsLive): live when it is
// committed or this transaction's and not deleted; waitXid, when not 0,
// names a transaction in progress inserting or deleting it, which the
// caller must wait for (WaitXid) before checking again. Neither means the
// version is dead.
func (x *Xact) SatisfiesDirty(h *tuple.Header) (live bool, waitXid uint64) {
	m := x.m
	if h.Infomask&tuple.XminInvalid != 0 {
		return false, 0
	}
	if h.Infomask&tuple.XminCommitted == 0 {
		if x.IsCurrent(h.Xmin) {
			if xmaxInvalid(h) || h.XmaxIsLockOnly() {
				return true, 0
			}
			if x.IsCurrent(h.Xmax) {
				return false, 0
			}
			if m.statusOf(h.Xmax) == StatusAborted {
				h.Infomask |= tuple.XmaxInvalid
			}
			return true, 0
		}
		switch m.statusOf(h.Xmin) {
		case StatusInProgress:
			return false, h.Xmin
		case StatusAborted:
			h.Infomask |= tuple.XminInvalid
			return false, 0
		}
		if x.actsOn(h.Xmin) {
			h.Infomask |= tuple.XminCommitted
		}
	}
	if xmaxInvalid(h) || h.XmaxIsLockOnly() {
		return true, 0
	}
	if h.Infomask&tuple.XmaxCommitted != 0 {
		return false, 0
	}
	if x.IsCurrent(h.Xmax) {
		return false, 0
	}
	switch m.statusOf(h.Xmax) {
	case StatusInProgress:
		return true, h.Xmax
	case StatusAborted:
		h.Infomask |= tuple.XmaxInvalid
		return true, 0
	}
	if x.actsOn(h.Xmax) {
		h.Infomask |= tuple.XmaxCommitted
	}
	return false, 0
}
