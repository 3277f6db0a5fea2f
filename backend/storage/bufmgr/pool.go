package bufmgr

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"ringpg/sem"
)

// Storage is how the pool reads and writes blocks: the relation file
// manager in production, a fake in tests. Its methods may be called by
// several processes at once for different blocks; the pool never has two
// reads or writes of the same block in flight, and calls Extend for a
// relation fork only under that fork's extension lock.
type Storage interface {
	// Read fills buf (BlockSize bytes) with block t.Block of its fork.
	Read(t Tag, buf []byte) error
	// Write stores buf as block t.Block, which exists.
	Write(t Tag, buf []byte) error
	// Extend stores buf as block blk, which is the fork's current length:
	// the fork grows by one block.
	Extend(rf RelFork, blk uint32, buf []byte) error
	// Nblocks returns the fork's length in blocks.
	Nblocks(rf RelFork) (uint32, error)
}

// Hooks let the caller verify and checksum pages and enforce the WAL rule
// without this package importing them. Every field may be nil.
type Hooks struct {
	// Verify checks a page just read (its checksum, its header). It must
	// accept an all-zero page: ExtendRelation writes those. An error makes
	// the read fail with SQLSTATE XX001.
	Verify func(t Tag, page []byte) error
	// BeforeWrite prepares the private copy about to be written (sets its
	// checksum). The shared page is not touched.
	BeforeWrite func(t Tag, page []byte)
	// FlushWAL is the WAL rule: it is called with the page's LSN before a
	// dirty page is written, and must return only once WAL up to that LSN
	// is durable. An error fails the write; the page stays dirty.
	FlushWAL func(lsn uint64) error
	// NeedsWALFlush reports whether writing a page with this LSN would
	// first need a WAL flush. A bulk-read ring then leaves such a dirty
	// page to the normal clock sweep instead of writing it (a flush per
	// page would make a sequential scan crawl). nil: never.
	NeedsWALFlush func(lsn uint64) bool
	// PageLSN reads a page's LSN. nil: PostgreSQL's pd_lsn, the first 8
	// bytes as two little-endian 32-bit halves, high half first
	// (DefaultPageLSN).
	PageLSN func(page []byte) uint64
	// LogChanges, when set, makes the pool log page changes: it is
	// called, before an exclusive content lock is released, with every
	// page this process holds exclusively that differs from its image at
	// the time the lock was taken (or last logged), the one being
	// unlocked first, then the others in the order their locks were
	// taken. It returns the LSN of the record that describes them all;
	// the pool stores it as each page's LSN (SetPageLSN) before releasing
	// anything. It must not return until the record is in the WAL's
	// buffers; it does not flush. A failure to log is fatal to the
	// process and handled by the hook (it exits); it cannot fail here.
	// The pages are locked exclusively during the call, and the hook
	// must not call back into the pool. nil: nothing is logged, and
	// exclusive locks cost no copy and no compare.
	LogChanges func(changes []Change) uint64
	// SetPageLSN writes a page's LSN. nil: PostgreSQL's pd_lsn layout
	// (DefaultSetPageLSN, the inverse of DefaultPageLSN).
	SetPageLSN func(page []byte, lsn uint64)
	// LogHint, when set, is called when a hint-bit change under a shared
	// content lock first dirties a page (MarkDirtyHint): it logs a
	// full-page image if the page's first change since the last
	// checkpoint is this one (with checksums, a torn write of a page
	// changed only by hints would otherwise be unreadable after a crash)
	// and returns the record's end, or 0 when none was needed. Other
	// processes may set hint bits on the page meanwhile: it must image a
	// private copy.
	LogHint func(t Tag, page []byte) uint64
}

// Change is one page a LogChanges call must log.
type Change struct {
	Tag    Tag
	Before []byte // the page as it was when the lock was taken or last logged (a private copy; valid during the call)
	After  []byte // the page now (the shared page, still locked exclusively)
	Init   bool   // Before is all zeroes (a new page from ExtendRelation, or a zero page read from disk): redo should start from a zeroed page
}

// DefaultPageLSN reads pd_lsn as PostgreSQL lays it out: xlogid (the high
// half) in bytes 0-3, xrecoff in bytes 4-7, each little-endian.
func DefaultPageLSN(page []byte) uint64 {
	return uint64(binary.LittleEndian.Uint32(page[0:]))<<32 | uint64(binary.LittleEndian.Uint32(page[4:]))
}

// DefaultSetPageLSN writes pd_lsn as PostgreSQL lays it out, the inverse
// of DefaultPageLSN.
func DefaultSetPageLSN(page []byte, lsn uint64) {
	binary.LittleEndian.PutUint32(page[0:], uint32(lsn>>32))
	binary.LittleEndian.PutUint32(page[4:], uint32(lsn))
}

// Pool is one process's view of the shared buffer pool. The view (this
// struct: slices into the region, the private pin counts, the held content
// locks) belongs to one process and is used by one goroutine at a time;
// the pool it looks at is shared by every process that attached to the
// region. See README.md for the concurrency rules.
type Pool struct {
	n       uint32
	lay     layout
	ctl     *control
	parts   []paddedLWLock // MappingPartitions
	exts    []paddedLWLock // extLocks
	descs   []desc         // buffer b is descs[b-1]
	buckets []uint32
	entries []mapEntry
	pages   []byte

	waiters *sem.WaiterTable
	me      uint32
	st      Storage
	h       Hooks

	refs    privRefs
	held    []heldLock // content locks this process holds, in acquisition order
	scratch []byte     // BlockSize: the private copy a write is made from
	spare   [][]byte   // BlockSize before images not in use (only with Hooks.LogChanges)
	logging []int      // indexes in held of the pages a LogChanges call is given
	changes []Change   // the argument of LogChanges, reused
	stats   Stats
}

// Stats counts what this process's calls did. They are process-local
// (counting on a shared line would cost every hit a cache miss); a
// statistics view can sum them.
type Stats struct {
	Hits      uint64 // ReadBuffer calls that found the page resident (or read by another process meanwhile)
	Reads     uint64 // blocks read from storage
	Writes    uint64 // dirty pages written
	Evictions uint64 // valid pages evicted to make room
	Extends   uint64 // blocks added by ExtendRelation
	Dirtied   uint64 // clean pages this process made dirty
	IOWaits   uint64 // times this process slept until another's read or write of a page ended
	Logged    uint64 // LogChanges calls (records of changed pages)
}

// Stats returns this process's counters.
func (p *Pool) Stats() Stats { return p.stats }

// Attach returns this process's view of the pool laid out in region (the
// segment's RegionName region, RegionSize(nbuffers) bytes, zeroed by its
// creator or already in use by other processes). waiters is the segment's
// wait table and me this process's proc number in it: content and mapping
// lock waits sleep there. Every process attaching to a region must pass
// the same nbuffers.
func Attach(region []byte, nbuffers int, waiters *sem.WaiterTable, me uint32, st Storage, h Hooks) (*Pool, error) {
	if nbuffers < 1 || nbuffers > MaxBuffers {
		return nil, fmt.Errorf("bufmgr: pool of %d buffers (1..%d)", nbuffers, MaxBuffers)
	}
	l := computeLayout(nbuffers)
	switch {
	case uintptr(len(region)) < l.size:
		return nil, fmt.Errorf("bufmgr: region of %d bytes, a pool of %d buffers needs %d", len(region), nbuffers, l.size)
	case uintptr(unsafe.Pointer(unsafe.SliceData(region)))%64 != 0:
		return nil, errors.New("bufmgr: region is not 64-byte aligned")
	case waiters == nil || int(me) >= waiters.Len():
		return nil, fmt.Errorf("bufmgr: proc number %d outside the wait table", me)
	case waiters.Len() > int(refMask):
		// The shared pin count holds one pin per process.
		return nil, fmt.Errorf("bufmgr: %d procs, the pin count holds at most %d", waiters.Len(), refMask)
	case st == nil:
		return nil, errors.New("bufmgr: no storage")
	}
	base := unsafe.Pointer(unsafe.SliceData(region))
	at := func(off uintptr) unsafe.Pointer { return unsafe.Add(base, off) }
	p := &Pool{
		n:       uint32(nbuffers),
		lay:     l,
		ctl:     (*control)(base),
		parts:   unsafe.Slice((*paddedLWLock)(at(l.parts)), MappingPartitions),
		exts:    unsafe.Slice((*paddedLWLock)(at(l.exts)), extLocks),
		descs:   unsafe.Slice((*desc)(at(l.descs)), nbuffers),
		buckets: unsafe.Slice((*uint32)(at(l.buckets)), int(l.bucketsPerPart)*MappingPartitions),
		entries: unsafe.Slice((*mapEntry)(at(l.entries)), nbuffers),
		pages:   region[l.pages:l.size:l.size],
		waiters: waiters,
		me:      me,
		st:      st,
		h:       h,
		scratch: make([]byte, BlockSize),
	}
	if p.h.PageLSN == nil {
		p.h.PageLSN = DefaultPageLSN
	}
	if p.h.SetPageLSN == nil {
		p.h.SetPageLSN = DefaultSetPageLSN
	}
	// The first process to attach records the size; zeroed memory says 0.
	if !p.ctl.nbuffers.CompareAndSwap(0, uint32(nbuffers)) {
		if got := p.ctl.nbuffers.Load(); got != uint32(nbuffers) {
			return nil, fmt.Errorf("bufmgr: region holds a pool of %d buffers, not %d", got, nbuffers)
		}
	}
	return p, nil
}

// NBuffers returns the pool size.
func (p *Pool) NBuffers() int { return int(p.n) }

// desc returns buffer b's descriptor; b must be a valid buffer number.
func (p *Pool) desc(b Buffer) *desc {
	if b < 1 || uint32(b) > p.n {
		panic(fmt.Sprintf("bufmgr: buffer %d out of range [1,%d]", b, p.n))
	}
	return &p.descs[b-1]
}

// Page returns the buffer's page: BlockSize bytes of shared memory. The
// caller holds a pin, and the content lock to read (shared) or change
// (exclusive) it.
func (p *Pool) Page(b Buffer) []byte {
	p.desc(b) // range check
	off := uintptr(b-1) * BlockSize
	return p.pages[off : off+BlockSize : off+BlockSize]
}

// TagOf returns the tag of the page a pinned buffer holds.
func (p *Pool) TagOf(b Buffer) Tag {
	p.mustPin(b, "TagOf")
	return p.desc(b).tag()
}

// Nblocks returns the length of a relation fork, in blocks, from storage.
func (p *Pool) Nblocks(rf RelFork) (uint32, error) {
	n, err := p.st.Nblocks(rf)
	if err != nil {
		return 0, fmt.Errorf("could not get the size of relation %s: %w", rf, err)
	}
	return n, nil
}

// mustPin panics unless this process has b pinned: every operation on a
// buffer's page or lock needs a pin, and a missing one is a caller bug
// that would let the buffer be recycled underneath.
func (p *Pool) mustPin(b Buffer, op string) {
	if p.refs.get(b) == 0 {
		panic(fmt.Sprintf("bufmgr: %s of buffer %d, which this process has not pinned", op, b))
	}
}
