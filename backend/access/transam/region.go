package transam

import (
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
)

// RegionName is the name of the transaction manager's region in the
// shared segment. Ask for it with
// shm.RegionSpec{Name: RegionName, Size: RegionSize(maxProcs)}.
const RegionName = "xact"

// Well-known transaction ids.
const (
	InvalidXid     uint64 = 0
	BootstrapXid   uint64 = 1 // always committed
	FrozenXid      uint64 = 2 // always committed
	FirstNormalXid uint64 = 3
)

// XidChunk is how many xids one write of global/pg_xid_limit reserves.
const XidChunk = 1 << 16

// SubxidCacheSize is how many subtransaction xids a slot lists before it
// overflows to pg_subtrans (PGPROC_MAX_CACHED_SUBXIDS).
const SubxidCacheSize = 64

// PageSize is the size of a commit log or subtransaction map page.
const PageSize = 8192

const (
	// tentative marks an xid published before the CAS that decides
	// whether this slot gets it.
	tentative uint64 = 1 << 63
	// subOverflow in nsub: the slot has more subxids than its cache holds.
	subOverflow uint32 = 1 << 31

	clogBuffers     = 32
	subtransBuffers = 32

	// Region load states.
	stateEmpty   = 0
	stateLoading = 1
	stateReady   = 2
)

// regionHeader is the start of the region.
type regionHeader struct {
	state atomic.Uint32 // stateEmpty/Loading/Ready: CAS by the loader; futex word for the others
	_     uint32

	nextXid atomic.Uint64 // atomic: the next xid to hand out; advanced only by CAS
	// completed counts ends of transactions that had an xid; each adds 1
	// before it leaves the running array and 1 after, so a process whose
	// last snapshot was computed when completed had the same value may
	// reuse it (snapshot.go). Beside nextXid: writers touch both.
	completed atomic.Uint64 // atomic
	// starving counts snapshot takers that gave up scanning without a
	// lock; while it is not 0, ending transactions hold endLock shared
	// across their two completion counts (snapshot.go).
	starving atomic.Uint32 // atomic
	_        uint32
	limit    atomic.Uint64 // atomic loads; stored only under genLock, after the limit file holds it
	floor    atomic.Uint64 // atomic: <= the oldest running xid at all times; raised by CAS (doc.go)

	// asyncLSN is the largest commit LSN of a commit that did not wait
	// for its record to be durable (synchronous_commit off): until the
	// WAL is flushed past it, no hint bit may say committed (wal.go).
	asyncLSN atomic.Uint64 // atomic; raised by CAS

	clogClock atomic.Uint64 // atomic: LRU clock of the commit log buffers
	subClock  atomic.Uint64 // atomic: LRU clock of the subtransaction map buffers

	genLock  sem.LWLock // guards writing the limit file
	endLock  sem.LWLock // see starving
	clogLock sem.LWLock // the commit log SLRU (slru.go)
	subLock  sem.LWLock // the subtransaction map SLRU
}

// procEntry is one slot's subtransaction cache and end-of-transaction
// futex word. Its size is a multiple of the cache line.
type procEntry struct {
	endSeq   atomic.Uint32 // atomic; bumped by the owner after its transaction or a subtransaction ended
	sleepers atomic.Uint32 // atomic; processes that may be sleeping on endSeq
	_        [56]byte
	subxids  [SubxidCacheSize]atomic.Uint64 // written only by the owner; entries [0, nsub) are meaningful
}

// slruBuf describes one page buffer of an SLRU.
type slruBuf struct {
	page  atomic.Uint64 // page number + 1, 0 = empty; stored under the SLRU lock held exclusively, loaded by anyone
	dirty atomic.Uint32 // atomic; set after changing the page (lock held shared), cleared when written (exclusive)
	_     uint32
	used  atomic.Uint64 // atomic; the SLRU clock at the last access, for LRU replacement
}

// regionLayout is the byte offset of every part of the region.
type regionLayout struct {
	xids, xmins, nsub, procs  uintptr
	clogBufs, subBufs         uintptr
	clogPages, subPages, size uintptr
}

func alignUp(n, a uintptr) uintptr { return (n + a - 1) &^ (a - 1) }

func layoutFor(maxProcs int) regionLayout {
	n := uintptr(maxProcs)
	var l regionLayout
	off := alignUp(unsafe.Sizeof(regionHeader{}), 64)
	l.xids = off
	off = alignUp(off+8*n, 64)
	l.xmins = off
	off = alignUp(off+8*n, 64)
	l.nsub = off
	off = alignUp(off+4*n, 64)
	l.procs = off
	off += n * unsafe.Sizeof(procEntry{})
	l.clogBufs = off
	off = alignUp(off+clogBuffers*unsafe.Sizeof(slruBuf{}), 64)
	l.subBufs = off
	off = alignUp(off+subtransBuffers*unsafe.Sizeof(slruBuf{}), 4096)
	l.clogPages = off
	off += clogBuffers * PageSize
	l.subPages = off
	off += subtransBuffers * PageSize
	l.size = off
	return l
}

// RegionSize returns the bytes of shared memory the region needs for a
// segment of maxProcs proc slots.
func RegionSize(maxProcs int) uintptr { return layoutFor(maxProcs).size }

// view returns typed views of the parts of region (which the caller has
// checked is large enough).
func sliceAt[T any](region []byte, off uintptr, n int) []T {
	return unsafe.Slice((*T)(unsafe.Pointer(&region[off])), n)
}
