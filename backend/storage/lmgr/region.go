package lmgr

import (
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
)

// RegionName is the name of the lock table's region in the shared segment.
// Ask for it with shm.RegionSpec{Name: RegionName, Size: RegionSize(maxProcs)}.
const RegionName = "locks"

// Sizing.
const (
	// NumPartitions is the number of lock-table partitions, each with its
	// own LWLock (tranche LockManager by position).
	NumPartitions = 16
	// LocksPerProc is how many lock objects the table has room for per
	// proc slot (PostgreSQL's max_locks_per_transaction default).
	LocksPerProc = 64
	// minLocks is the least number of lock objects in a table, so that a
	// small test segment still has room.
	minLocks = 1024
	// FastPathSlots is how many relations one process can hold weak locks
	// on through the fast path; more go to the shared table.
	FastPathSlots = 16
	// strongParts is the number of strong-lock counters relations hash to.
	strongParts = 1024
)

// regionHeader starts the region. Zeroed memory is an empty table: the
// partition locks are free, both allocators start at record 0.
type regionHeader struct {
	// parts are the partition locks. Their tranche is LockManager by
	// position: zeroed memory is never initialised, so the tranche field
	// of the LWLock stays 0.
	parts [NumPartitions]sem.LWLock

	alloc      sem.SpinLock // guards the four fields below and the free-list links of free records
	lockFree   uint32       // first free lock object, index + 1, 0 = none; guarded by alloc
	lockUsed   uint32       // lock objects ever handed out (a bump allocator behind the free list); guarded by alloc
	holderFree uint32       // first free holder record, index + 1; guarded by alloc
	holderUsed uint32       // holder records ever handed out; guarded by alloc
	_          [44]byte

	// strong counts, per group of relations (tag hash modulo strongParts),
	// the strong locks held or being acquired on them. While a counter is
	// not 0 no process takes a fast-path lock on those relations.
	strong [strongParts]atomic.Uint32 // atomic; incremented before the fast-path transfer, decremented after release
}

// lockObj is one lockable object in the shared table: who holds it in
// which modes, and who waits. All fields are guarded by the partition lock
// of the tag's partition (hash % NumPartitions), except that a free object
// is guarded by regionHeader.alloc.
type lockObj struct {
	tag       Tag                  // guarded by partition lock
	hash      uint32               // tag.hash(); guarded by partition lock
	hashNext  uint32               // next object in the bucket chain, or free list, index + 1; guarded by partition lock (alloc when free)
	grantMask uint32               // modes granted to someone: bit m set iff granted[m] > 0; guarded by partition lock
	waitMask  uint32               // modes waited for: bit m set iff waiting[m] > 0; guarded by partition lock
	granted   [numModes + 1]uint32 // holders holding each mode; guarded by partition lock
	waiting   [numModes + 1]uint32 // waiters wanting each mode; guarded by partition lock
	holders   uint32               // first holder record, index + 1; guarded by partition lock
	qHead     uint32               // first waiting proc, slot + 1; guarded by partition lock
	qTail     uint32               // last waiting proc, slot + 1; guarded by partition lock
	_         [12]byte             // to 128 bytes
}

// holder is one process's hold on one lock object (PostgreSQL's PROCLOCK):
// the modes it has been granted. Guarded by the lock object's partition
// lock (alloc while free).
type holder struct {
	lock     uint32 // lock object, index + 1; guarded by partition lock
	proc     uint32 // holding proc slot; guarded by partition lock
	holdMask uint32 // modes granted to proc; guarded by partition lock
	next     uint32 // next holder of the same lock (or free list), index + 1; guarded by partition lock
	prev     uint32 // previous holder of the same lock, index + 1; guarded by partition lock
	_        [12]byte
}

// Wait states of procEntry.status.
const (
	statusIdle    = 0 // not waiting for a heavyweight lock
	statusWaiting = 1 // queued on the lock object waitLock
	statusGranted = 2 // a releaser granted the lock and took the proc off the queue
)

// procEntry is one proc slot's part of the table: its wait state and its
// fast-path locks.
type procEntry struct {
	// status is the futex word the owner sleeps on while it waits. It is
	// set to statusWaiting by the owner and to statusGranted by a granter,
	// both under the partition lock of waitLock; only the owner sets it
	// back to statusIdle (after a grant, or when it leaves the queue
	// itself under the partition lock).
	status     atomic.Uint32
	pid        atomic.Int32 // owner's pid, for messages and pg_locks; written by the owner at attach
	waitLock   uint32       // lock object waited for, index + 1; guarded by its partition lock
	waitMode   uint32       // Mode waited for; guarded by waitLock's partition lock
	waitNext   uint32       // next proc in waitLock's queue, slot + 1; guarded by its partition lock
	waitPrev   uint32       // previous proc in the queue, slot + 1; guarded by its partition lock
	waitHolder uint32       // the owner's holder record on waitLock, index + 1; guarded by its partition lock
	fpLock     sem.SpinLock // guards fpBits' changes and fpDB, fpRel
	waitStart  atomic.Int64 // unix nanoseconds when the current wait began, 0 when not waiting; written by the owner
	// fpBits holds three bits per fast-path slot (AccessShare, RowShare,
	// RowExclusive); a slot is in use while any of its bits is set.
	// Changed under fpLock; atomic so that the owner's unlocked look at
	// its own slots is not a data race.
	fpBits atomic.Uint64
	fpDB   [FastPathSlots]uint32 // database of each slot; guarded by fpLock
	fpRel  [FastPathSlots]uint32 // relation of each slot; guarded by fpLock
	// waitType is the TagType of the lock waited for, 0 when not waiting,
	// for pg_stat_activity's wait_event; written by the owner around its
	// wait, read without a lock.
	waitType atomic.Uint32
	_        [12]byte
}

// regionLayout is the byte offset of each part of the region.
type regionLayout struct {
	procs, locks, holders, buckets, size uintptr
	nLocks, nHolders, nBuckets           int
}

func alignUp(n, a uintptr) uintptr { return (n + a - 1) &^ (a - 1) }

func layoutFor(maxProcs int) regionLayout {
	var l regionLayout
	l.nLocks = max(maxProcs*LocksPerProc, minLocks)
	l.nHolders = 2 * l.nLocks
	l.nBuckets = NumPartitions
	for l.nBuckets < l.nLocks {
		l.nBuckets *= 2
	}
	off := alignUp(unsafe.Sizeof(regionHeader{}), 64)
	l.procs = off
	off = alignUp(off+uintptr(maxProcs)*unsafe.Sizeof(procEntry{}), 64)
	l.locks = off
	off = alignUp(off+uintptr(l.nLocks)*unsafe.Sizeof(lockObj{}), 64)
	l.holders = off
	off = alignUp(off+uintptr(l.nHolders)*unsafe.Sizeof(holder{}), 64)
	l.buckets = off
	off = alignUp(off+uintptr(l.nBuckets)*4, 64)
	l.size = off
	return l
}

// RegionSize returns the bytes the region needs for maxProcs proc slots.
func RegionSize(maxProcs int) uintptr { return layoutFor(maxProcs).size }

func sliceAt[T any](region []byte, off uintptr, n int) []T {
	return unsafe.Slice((*T)(unsafe.Pointer(&region[off])), n)
}
