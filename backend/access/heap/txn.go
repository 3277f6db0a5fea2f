package heap

import (
	"fmt"

	"ringpg/backend/access/heap/tuple"
)

// The transaction layer decides visibility; the heap only asks. Each
// callback gets a copy of a stored version's header and may set hint bits
// (tuple.HintMask) in its Infomask: the heap ORs those, and only those,
// into the stored header (see tuple.SetHints). Setting one is a promise
// that the transaction outcome it records is durable enough to rely on
// (with asynchronous commit, that the commit's WAL is flushed).

// Snapshot decides which versions a reader sees (HeapTupleSatisfiesMVCC
// and friends).
type Snapshot interface {
	Visible(h *tuple.Header) bool
}

// Txn is the transaction doing an insert, update, delete or row lock.
type Txn interface {
	// Xid is the transaction's id; it becomes xmin or xmax.
	Xid() uint64
	// Cid is the current command id; it becomes cmin or cmax.
	Cid() uint32
	// SatisfiesUpdate classifies a version the transaction wants to
	// modify (HeapTupleSatisfiesUpdate): TMOk if it may, TMInvisible,
	// TMSelfModified, TMUpdated or TMDeleted if it was already changed
	// by a committed or by this transaction, TMBeingModified if another
	// transaction in progress has deleted, updated or locked it, or this
	// transaction has locked it.
	SatisfiesUpdate(h *tuple.Header) TMResult
}

// Horizon classifies versions for pruning (HeapTupleSatisfiesVacuum
// against the oldest snapshot anyone still holds). A Snapshot that also
// implements Horizon lets scans and index fetches prune the pages they
// visit.
type Horizon interface {
	PruneStatus(h *tuple.Header) PruneStatus
	// HorizonXid is the oldest xid a running transaction or a live
	// snapshot may still consider running: a version deleted before it
	// is dead to everyone.
	HorizonXid() uint64
}

// PruneStatus is what pruning may do with a version.
type PruneStatus uint8

const (
	// Live: visible to someone now or later (committed and not deleted,
	// inserted or deleted by a transaction in progress, deleted by an
	// aborted one). It is kept and ends a HOT chain walk.
	Live PruneStatus = iota
	// RecentlyDead: deleted by a committed transaction that some
	// snapshot does not see yet. It is kept, but a walk along its HOT
	// chain goes on: a later member may be dead, and then so is this one.
	RecentlyDead
	// Dead: invisible to every snapshot, now and later. It may be removed.
	Dead
)

// TMResult is the outcome of an attempt to modify a version (TM_Result).
type TMResult uint8

const (
	TMOk            TMResult = iota // done
	TMInvisible                     // the version is not visible to the modifier at all
	TMSelfModified                  // already updated or deleted by this transaction
	TMUpdated                       // updated by a committed transaction; Result.Ctid is the newer version
	TMDeleted                       // deleted by a committed transaction
	TMBeingModified                 // a transaction in progress holds it: wait for Result.Xmax, then retry
)

var tmNames = [...]string{"TM_Ok", "TM_Invisible", "TM_SelfModified", "TM_Updated", "TM_Deleted", "TM_BeingModified"}

func (r TMResult) String() string {
	if int(r) < len(tmNames) {
		return tmNames[r]
	}
	return fmt.Sprintf("TMResult(%d)", r)
}

// Result reports how a modification went (TM_FailureData). The waiting
// belongs to the caller: on TMBeingModified it waits for Xmax to end and
// tries again; on TMUpdated, under READ COMMITTED, it re-checks the newer
// version at Ctid (EvalPlanQual).
type Result struct {
	Status TMResult
	Ctid   tuple.TID // TMUpdated: the newer version; TMDeleted, TMSelfModified: the version itself, or its successor
	Xmax   uint64    // the updating, deleting or locking transaction
	Cmax   uint32    // TMSelfModified: the command that did it
}

// RowLockMode is the strength of a row lock (LockTupleMode).
type RowLockMode uint8

const (
	LockKeyShare       RowLockMode = iota + 1 // FOR KEY SHARE
	LockShare                                 // FOR SHARE
	LockNoKeyExclusive                        // FOR NO KEY UPDATE; an update that changes no key
	LockExclusive                             // FOR UPDATE; a delete or a key-changing update
)

// lockBits returns the xmax bits that record a lock of mode m.
func (m RowLockMode) lockBits() (infomask, infomask2 uint16) {
	switch m {
	case LockKeyShare:
		return tuple.XmaxKeyShr, 0
	case LockShare:
		return tuple.XmaxShr, 0
	case LockNoKeyExclusive:
		return tuple.XmaxExcl, 0
	}
	return tuple.XmaxExcl, tuple.KeysUpdated
}

// heldLockMode returns the mode of the lock a lock-only xmax records.
func heldLockMode(h *tuple.Header) RowLockMode {
	switch {
	case h.Infomask&tuple.LockMask == tuple.XmaxShr:
		return LockShare
	case h.Infomask&tuple.XmaxExcl != 0 && h.Infomask2&tuple.KeysUpdated != 0:
		return LockExclusive
	case h.Infomask&tuple.XmaxExcl != 0:
		return LockNoKeyExclusive
	}
	return LockKeyShare
}
