package sem

import "fmt"

// Tranche names a family of LWLocks that play the same role (every buffer's
// content lock, every lock-manager partition lock). Tranches are numbered in
// the global lock order of the package doc: while holding an LWLock of
// tranche A, a process may only wait for an LWLock of a tranche B > A, or
// of tranche A itself where that tranche's rule allows it.
//
// Zero is an unnamed tranche, for tests and locks not yet placed in the
// order; server code gives every lock a tranche.
type Tranche uint32

// Tranches, in lock order. Add new ones where they fall in the order and
// update the list in doc.go in the same change.
const (
	TrancheNone              Tranche = iota
	TrancheBufferContent             // buffer content locks; two at once only in the order the access method states
	TrancheRelationExtension         // relation extension locks, one at a time
	TrancheWALInsert                 // WAL insertion locks
	TrancheProcArray                 // the proc array lock
	TrancheXidGen                    // transam: extending the durable xid limit
	TrancheXactEnd                   // transam: transaction ends, against a snapshot that could not finish lock-free
	TrancheCommitLog                 // transam: commit-log SLRU buffers
	TrancheSubtrans                  // transam: subtransaction parent-map SLRU buffers
	TrancheLockManager               // lock-manager partitions, several in ascending partition number
	TrancheWALBufMapping             // WAL: giving a WAL buffer page to a new WAL page; a leaf held briefly
	TrancheWALWrite                  // WAL: writing and syncing WAL buffers; held across the I/O, nothing taken under it
	TrancheBufferMapping             // buffer mapping partitions: leaves, one at a time
	numTranches
)

var trancheNames = [numTranches]string{"", "BufferContent", "RelationExtension", "WALInsert", "ProcArray",
	"XidGen", "XactEnd", "XactSLRU", "SubtransSLRU", "LockManager", "WALBufMapping", "WALWrite", "BufferMapping"}

// String returns the tranche's name as PostgreSQL's wait_event shows it.
func (t Tranche) String() string {
	if t > TrancheNone && t < numTranches {
		return trancheNames[t]
	}
	return fmt.Sprintf("Tranche(%d)", uint32(t))
}
