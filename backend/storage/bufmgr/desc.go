package bufmgr

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
)

// desc is a buffer descriptor: the shared header of one buffer. One per
// buffer, one cache line each, so that pinning one buffer does not slow a
// process working on its neighbour. Zeroed memory is a free buffer: no
// pins, usage 0, no flags (tag invalid), off the free list, content lock
// free.
//
// Size 64 bytes, alignment 4 (checked by TestLayout).
type desc struct {
	state atomic.Uint32 // atomic; see state.go. Its header-lock bit guards the tag below

	// The tag of the page the buffer holds, meaningful while flagTagValid
	// is set. Atomic so that a scan (DropRelation) may pre-check it without
	// the header lock; written only with the header lock held, by the one
	// process that holds the buffer's only pin and the mapping partition
	// lock of the tag being set or cleared (exclusively). So it never
	// changes under a pin, and a process that has the buffer pinned reads
	// it without any lock.
	spc, db, rel, fork, block atomic.Uint32

	// freeNext links the free list: 0 = not on it, freeEnd = last on it,
	// else the next buffer's number. Guarded by control.freeLock.
	freeNext uint32

	// cleanupWaiter is the proc number + 1 of the process waiting in
	// LockForCleanup for the other pins to go, 0 = none. Guarded by the
	// header lock. Two such waiters would each wait for the other's pin
	// forever, so a second one is refused.
	cleanupWaiter uint32

	// content is the content lock: shared to read the page, exclusive to
	// change it. It takes care of itself (an LWLock); its tranche is
	// TrancheBufferContent by position, not by Init (zeroed memory is never
	// initialised; see README.md).
	content sem.LWLock

	_ [16]byte
}

const descSize = 64

// freeEnd ends the free list in desc.freeNext (0 means "not on the list").
const freeEnd = ^uint32(0)

// tag returns the descriptor's tag. The caller has the buffer pinned or
// holds its header lock.
func (d *desc) tag() Tag {
	return Tag{d.spc.Load(), d.db.Load(), d.rel.Load(), uint8(d.fork.Load()), d.block.Load()}
}

// setTagLocked sets the tag. Caller holds the header lock, the buffer's
// only pin and the new tag's mapping partition lock exclusively.
func (d *desc) setTagLocked(t Tag) {
	d.spc.Store(t.Spc)
	d.db.Store(t.DB)
	d.rel.Store(t.Rel)
	d.fork.Store(uint32(t.Fork))
	d.block.Store(t.Block)
}

// isRelFork reports whether the tag's fork is rf, without the header lock:
// a hint for scans, confirmed under the lock.
func (d *desc) isRelFork(rf RelFork) bool {
	return d.rel.Load() == rf.Rel && d.db.Load() == rf.DB && d.spc.Load() == rf.Spc && d.fork.Load() == uint32(rf.Fork)
}

// control is the pool-wide shared state, at the start of the region. Its
// zero value is an empty pool: clock hand at buffer 1, free list empty
// (the clock sweep finds every never-used buffer at its first look).
type control struct {
	// nbuffers is the pool size, 0 until the first Attach records it; a
	// later Attach with another size is refused. Atomic.
	nbuffers atomic.Uint32
	_        [60]byte

	// clock counts clock-sweep ticks since the region was made; the next
	// buffer to look at is clock % nbuffers. 64 bits so that it never
	// wraps in practice. Atomic; on its own cache line, as every process
	// looking for a victim bumps it.
	clock atomic.Uint64
	_     [56]byte

	// freeLock guards firstFree and every descriptor's freeNext. A
	// spinlock (a leaf, sem/doc.go), held for a push or a pop.
	freeLock  sem.SpinLock
	firstFree uint32 // guarded by freeLock; number of the first buffer on the free list, 0 = empty
	_         [56]byte
}

// paddedLWLock keeps one LWLock per cache line, so that processes working
// under different partition (or extension) locks do not share a line.
type paddedLWLock struct {
	l sem.LWLock // takes care of itself (atomic state, wait list under its own bit)
	_ [48]byte
}

// MappingPartitions is the number of mapping table partitions, each under
// its own LWLock (PostgreSQL's NUM_BUFFER_PARTITIONS).
const MappingPartitions = 128

// extLocks is the number of relation extension locks; relations share
// them by hash. A collision only serialises two relations' extensions.
const extLocks = 64

// MaxBuffers bounds the pool size.
const MaxBuffers = 1 << 30

// mapEntry is the mapping table's entry for one buffer: buffer b owns entry
// b-1, so entries need no allocator (a buffer has at most one tag). All
// fields are guarded by the mapping partition lock of the bucket the entry
// is chained in; an entry on no chain is touched only by the process that
// holds its buffer's only pin.
type mapEntry struct {
	spc, db, rel, block uint32 // the tag
	fork                uint32
	next                uint32 // next buffer on the bucket's chain, 0 = end
}

// layout is where each part of the region lies, as byte offsets from its
// start. The region is page aligned (shm guarantees it), so pages are too.
type layout struct {
	ctl, parts, exts, descs, buckets, entries, pages, size uintptr
	bucketsPerPart                                         uint32
}

func alignUp(n, a uintptr) uintptr { return (n + a - 1) &^ (a - 1) }

func computeLayout(n int) layout {
	if n < 1 || n > MaxBuffers {
		panic(fmt.Sprintf("bufmgr: pool of %d buffers (1..%d)", n, MaxBuffers))
	}
	var l layout
	off := alignUp(unsafe.Sizeof(control{}), 64)
	l.parts = off
	off += MappingPartitions * unsafe.Sizeof(paddedLWLock{})
	l.exts = off
	off += extLocks * unsafe.Sizeof(paddedLWLock{})
	l.descs = off
	off += uintptr(n) * descSize
	// Buckets: a power of two at least twice the buffers (chains average
	// under one entry), split evenly among the partitions.
	nb := uintptr(MappingPartitions)
	for nb < 2*uintptr(n) {
		nb *= 2
	}
	l.bucketsPerPart = uint32(nb / MappingPartitions)
	l.buckets = off
	off = alignUp(off+nb*4, 64)
	l.entries = off
	off += uintptr(n) * unsafe.Sizeof(mapEntry{})
	l.pages = alignUp(off, 4096)
	l.size = l.pages + uintptr(n)*BlockSize
	return l
}

// RegionSize returns the bytes of shared memory a pool of nbuffers buffers
// needs: control, mapping table, descriptors, extension locks and pages.
// Ask for it with shm.RegionSpec{Name: RegionName, Size: RegionSize(n)}.
func RegionSize(nbuffers int) uintptr { return computeLayout(nbuffers).size }

// RegionName is the name of the pool's region in the shared segment.
const RegionName = "buffers"
