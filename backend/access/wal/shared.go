package wal

import (
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
)

// RegionName is the name of the WAL's region in the shared segment.
const RegionName = "wal"

// NumInsertSlots is the number of WAL insertion slots (PostgreSQL's
// NUM_XLOGINSERT_LOCKS): this many processes copy records into the
// buffers at once.
const NumInsertSlots = 8

// MaxBuffers bounds wal_buffers (in pages): 1 GB of buffers.
const MaxBuffers = 1 << 17

// slot is one insertion slot, a cache line of its own.
type slot struct {
	lock sem.LWLock // TrancheWALInsert; held by one inserter for the whole of its copy
	// seq is a futex word, bumped (atomic) whenever insertingAt changes or
	// the slot is released, so that a flusher waiting for this slot's
	// inserter can sleep on it.
	seq     atomic.Uint32
	waiters atomic.Uint32 // atomic: flushers sleeping on seq
	// insertingAt is the holder's progress (atomic; written only by the
	// holder): every byte the holder copies below this LSN is in the
	// buffers. 0 means "not said": a flusher must wait for the holder to
	// say more or to release the slot.
	insertingAt atomic.Uint64
	_           [64 - 32]byte
}

// control is the head of the region. Zeroed memory is a valid control
// of a WAL that has not been started (Insert and Flush refuse to run).
type control struct {
	// Line 0: read-mostly.
	started atomic.Uint32 // atomic: 1 once Start has set the fields marked "written once"
	// broken is set (atomic) after a write or sync failed, or an insertion
	// could not be completed: no LSN can be trusted as flushed any more.
	broken atomic.Uint32

	// Written once by Start before started is set; read-only after.
	nbuffers uint32
	segSize  uint32
	sysid    uint64

	// redo is the redo point of the last checkpoint: a page whose LSN is
	// not past it gets a full-page image. Written only while holding
	// every insertion slot; read by inserters holding one.
	redo atomic.Uint64
	_    [64 - 32]byte

	// Line 1: every reservation.
	insertLock sem.SpinLock // guards curPos and prevLSN; a leaf, a few instructions
	_          uint32
	curPos     uint64 // guarded by insertLock: byte position of the next reservation
	prevLSN    uint64 // guarded by insertLock: LSN of the last reserved record
	_          [64 - 24]byte

	// Line 2: giving buffers to new pages.
	mapLock  sem.LWLock // TrancheWALBufMapping
	initNext uint64     // guarded by mapLock: the next WAL page number to be given a buffer
	_        [64 - 24]byte

	// Line 3: writing and flushing.
	writeLock sem.LWLock    // TrancheWALWrite: held by the one process writing or syncing
	written   atomic.Uint64 // atomic; advanced holding writeLock: all WAL below is in the files
	flushed   atomic.Uint64 // atomic; advanced holding writeLock: all WAL below is durable
	// gen is a futex word bumped (atomic) each time a writer releases
	// writeLock; processes waiting for a write or flush sleep on it.
	gen      atomic.Uint32
	sleepers atomic.Uint32 // atomic: processes sleeping on gen
	inFlush  atomic.Uint32 // atomic: processes inside Flush (commit_siblings)
	_        [64 - 44]byte

	// Lines 4-5: counters, added to in batches (see WAL.pending).
	stats sharedStats
	_     [128 - 64]byte

	slots [NumInsertSlots]slot // cache-line aligned: TestLayout
}

// sharedStats are the pg_stat_wal counters; every field is atomic.
type sharedStats struct {
	records     atomic.Uint64
	fpi         atomic.Uint64
	bytes       atomic.Uint64
	buffersFull atomic.Uint64
	writes      atomic.Uint64
	syncs       atomic.Uint64
	writeNanos  atomic.Uint64
	syncNanos   atomic.Uint64
}

type layout struct {
	slots    uintptr // offset of control.slots
	xlblocks uintptr // nbuffers uint64s: page number + 1 held by each buffer
	pages    uintptr // nbuffers pages, PageSize aligned
	size     uintptr
}

func alignUp(n, a uintptr) uintptr { return (n + a - 1) &^ (a - 1) }

func computeLayout(nbuffers int) layout {
	var l layout
	l.slots = unsafe.Offsetof(control{}.slots)
	l.xlblocks = alignUp(unsafe.Sizeof(control{}), 64)
	l.pages = alignUp(l.xlblocks+uintptr(nbuffers)*8, PageSize)
	l.size = l.pages + uintptr(nbuffers)*PageSize
	return l
}

// RegionSize returns the bytes of shared memory a WAL with nbuffers
// buffer pages (wal_buffers) needs. Ask for it with
// shm.RegionSpec{Name: RegionName, Size: RegionSize(n)}.
func RegionSize(nbuffers int) uintptr { return computeLayout(nbuffers).size }

// futexWord returns the address of an atomic.Uint32's value.
func futexWord(a *atomic.Uint32) *uint32 { return (*uint32)(unsafe.Pointer(a)) }
