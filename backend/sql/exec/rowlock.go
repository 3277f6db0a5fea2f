package exec

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/plan"
	"ringpg/pgerr"
)

// anySnapshot sees every version: for reading the newest version of a row
// that a committed transaction updated (READ COMMITTED re-checks), whose
// TID the update itself handed over.
type anySnapshot struct{}

func (anySnapshot) Visible(*tuple.Header) bool { return true }

func lockMode(s plan.LockStrength) heap.RowLockMode {
	switch s {
	case plan.LockForKeyShare:
		return heap.LockKeyShare
	case plan.LockForShare:
		return heap.LockShare
	case plan.LockForNoKeyUpdate:
		return heap.LockNoKeyExclusive
	}
	return heap.LockExclusive
}

func serializationFailure(deleted bool) error {
	if deleted {
		return pgerr.New(pgerr.SerializationFailure, "could not serialize access due to concurrent delete")
	}
	return pgerr.New(pgerr.SerializationFailure, "could not serialize access due to concurrent update")
}

// lockRow takes a row lock on the version at tid (SELECT ... FOR UPDATE).
// It returns the TID of the version it locked, which differs from tid when
// under READ COMMITTED the row had been updated by a transaction that
// committed meanwhile (the caller then re-reads and re-checks it); ok is
// false when the row is to be skipped: deleted meanwhile, changed by this
// transaction, or locked by another under SKIP LOCKED.
func (s *state) lockRow(h *heap.Heap, t *plan.Table, tid tuple.TID, strength plan.LockStrength, wait plan.LockWait) (tuple.TID, bool, error) {
	txn := s.env.Txn
	mode := lockMode(strength)
	for {
		res, err := h.LockTuple(txn, tid, mode)
		if err != nil {
			return tid, false, err
		}
		switch res.Status {
		case heap.TMOk:
			return tid, true, nil
		case heap.TMBeingModified:
			switch wait {
			case plan.WaitError:
				return tid, false, pgerr.New(pgerr.LockNotAvailable, "could not obtain lock on row in relation \"%s\"", t.Name)
			case plan.WaitSkip:
				return tid, false, nil
			}
			if err := txn.WaitXid(res.Xmax); err != nil {
				return tid, false, err
			}
		case heap.TMSelfModified:
			return tid, false, nil
		case heap.TMUpdated:
			if !txn.IsolationRC() {
				return tid, false, serializationFailure(false)
			}
			if !res.Ctid.Valid() || res.Ctid == tid {
				return tid, false, nil
			}
			tid = res.Ctid
		case heap.TMDeleted:
			if !txn.IsolationRC() {
				return tid, false, serializationFailure(true)
			}
			return tid, false, nil
		default:
			return tid, false, pgerr.New(pgerr.InternalError, "unexpected heap lock status %s", res.Status)
		}
	}
}
