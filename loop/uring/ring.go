package uring

import (
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// DefaultFlags are the setup flags New asks for when Options.Flags is zero.
// SINGLE_ISSUER and DEFER_TASKRUN let the kernel skip locking and run
// completion work only when the owner waits, with no inter-processor
// interrupt (COOP_TASKRUN); SUBMIT_ALL keeps one bad SQE from stranding the
// ones after it. Each is dropped in turn if the kernel predates it.
const DefaultFlags = SetupSingleIssuer | SetupDeferTaskrun | SetupCoopTaskrun | SetupSubmitAll

// UnlockedFlags are the setup flags for a ring driven by a goroutine that is
// not locked to its OS thread, and so may be run by another thread after any
// wait that went through the runtime. SINGLE_ISSUER and DEFER_TASKRUN tie a
// ring to the thread that created it. The completion work of a request runs
// on the thread that submitted it; without COOP_TASKRUN the kernel wakes
// that thread, or interrupts it if it is running other code, as soon as the
// work is queued, so a completion never waits for a thread the goroutine has
// left.
const UnlockedFlags = SetupSubmitAll

// processFlags are the flags New uses when Options.Flags is zero:
// DefaultFlags, or UnlockedFlags after UseUnlockedRings.
var processFlags atomic.Uint32

// UseUnlockedRings makes every ring this process sets up from now on with
// default options use UnlockedFlags, so that the goroutines driving them
// need not be locked to their threads. A process calls it once at start,
// before its first ring.
func UseUnlockedRings() { processFlags.Store(UnlockedFlags) }

// Options tunes New. The zero value asks for DefaultFlags and a CQ twice the
// size of the SQ.
type Options struct {
	// Flags are io_uring_setup flags. Of these, DeferTaskrun,
	// SingleIssuer, TaskrunFlag, CoopTaskrun and SubmitAll are dropped,
	// newest first, while the kernel rejects the set; the others must be
	// accepted.
	Flags uint32
	// NoFlags asks for a plain ring (Flags ignored), usable from any thread.
	NoFlags bool
	// CQEntries, when non-zero, sets the CQ size (IORING_SETUP_CQSIZE).
	CQEntries uint32
}

// Ring is one io_uring instance mapped into this process. See the package
// documentation for which goroutine and thread may use it.
type Ring struct {
	fd       int
	flags    uint32 // setup flags the kernel accepted
	features uint32

	sqRing, cqRing, sqeMem []byte // mappings; cqRing aliases sqRing with FeatSingleMmap

	// Submission queue, in the shared mapping: *sqHead is written by the
	// kernel as it consumes SQEs, *sqTail by us to publish them; both are
	// accessed atomically since the other side reads them concurrently.
	// sqLocal counts SQEs handed out by GetSQE; flush publishes it to
	// *sqTail. Invariant: *sqHead <= *sqTail <= sqLocal <= *sqHead+sqEntries
	// (mod 2^32).
	sqHead    *uint32
	sqTail    *uint32
	sqFlags   *uint32
	sqMask    uint32
	sqEntries uint32
	sqes      []SQE
	sqLocal   uint32

	// Completion queue, in the shared mapping: the kernel writes *cqTail
	// as it posts, we write *cqHead as we reap; entries between them are
	// ours to read.
	cqHead     *uint32
	cqTail     *uint32
	cqOverflow *uint32
	cqMask     uint32
	cqEntries  uint32
	cqes       []CQE

	// Argument of timed waits (enterExtArg); here rather than on the
	// stack so that the address handed to the kernel is a heap one.
	waitArg getEventsArg
	waitTS  Timespec

	closed bool
}

// ErrClosed is returned by operations on a closed Ring.
var ErrClosed = errors.New("uring: ring is closed")

// New sets up a ring with room for at least entries SQEs (rounded up to a
// power of two by the kernel). With SINGLE_ISSUER (the default, unless the
// process chose UseUnlockedRings) the calling goroutine must already be
// locked to its OS thread and must be the one that drives the ring.
func New(entries uint32, opt *Options) (*Ring, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	flags := o.Flags
	if o.NoFlags {
		flags = 0
	} else if flags == 0 {
		flags = DefaultFlags
		if f := processFlags.Load(); f != 0 {
			flags = f
		}
	}
	if o.CQEntries != 0 {
		flags |= SetupCQSize
	}

	var p params
	var fd int
	var err error
	for {
		p = params{Flags: flags, CQEntries: o.CQEntries}
		fd, err = setup(entries, &p)
		if err != unix.EINVAL {
			break
		}
		// An unknown flag gives EINVAL. Drop the newest optional flag we
		// asked for and try again; DEFER_TASKRUN goes before
		// SINGLE_ISSUER because it requires it.
		next := dropNewestOptional(flags)
		if next == flags {
			break
		}
		flags = next
	}
	if err != nil {
		return nil, fmt.Errorf("uring: io_uring_setup(%d entries, flags %#x): %w", entries, flags, err)
	}

	r := &Ring{fd: fd, flags: p.Flags, features: p.Features}
	if err := r.mapRings(&p); err != nil {
		r.unmap()
		unix.Close(fd)
		return nil, err
	}
	return r, nil
}

func setup(entries uint32, p *params) (int, error) {
	fd, _, errno := unix.RawSyscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(p)), 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// dropNewestOptional clears the most recently introduced optional flag set
// in f, or returns f unchanged if none is set.
func dropNewestOptional(f uint32) uint32 {
	for _, bit := range []uint32{SetupDeferTaskrun, SetupSingleIssuer, SetupTaskrunFlag, SetupCoopTaskrun, SetupSubmitAll} {
		if f&bit != 0 {
			return f &^ bit
		}
	}
	return f
}

func (r *Ring) mapRings(p *params) error {
	sqSize := int(p.SQOff.Array) + int(p.SQEntries)*4
	cqSize := int(p.CQOff.CQEs) + int(p.CQEntries)*int(unsafe.Sizeof(CQE{}))
	single := p.Features&FeatSingleMmap != 0
	if single && cqSize > sqSize {
		sqSize = cqSize
	}
	prot := unix.PROT_READ | unix.PROT_WRITE
	mflags := unix.MAP_SHARED | unix.MAP_POPULATE
	var err error
	if r.sqRing, err = unix.Mmap(r.fd, offSQRing, sqSize, prot, mflags); err != nil {
		return fmt.Errorf("uring: mmap SQ ring: %w", err)
	}
	if single {
		r.cqRing = r.sqRing
	} else if r.cqRing, err = unix.Mmap(r.fd, offCQRing, cqSize, prot, mflags); err != nil {
		return fmt.Errorf("uring: mmap CQ ring: %w", err)
	}
	sqeSize := int(p.SQEntries) * int(unsafe.Sizeof(SQE{}))
	if r.sqeMem, err = unix.Mmap(r.fd, offSQEs, sqeSize, prot, mflags); err != nil {
		return fmt.Errorf("uring: mmap SQEs: %w", err)
	}

	u32 := func(b []byte, off uint32) *uint32 { return (*uint32)(unsafe.Pointer(&b[off])) }
	r.sqHead = u32(r.sqRing, p.SQOff.Head)
	r.sqTail = u32(r.sqRing, p.SQOff.Tail)
	r.sqFlags = u32(r.sqRing, p.SQOff.Flags)
	r.sqMask = *u32(r.sqRing, p.SQOff.RingMask)
	r.sqEntries = *u32(r.sqRing, p.SQOff.RingEntries)
	r.sqes = unsafe.Slice((*SQE)(unsafe.Pointer(&r.sqeMem[0])), r.sqEntries)

	// The SQ ring holds indexes into the SQE array. Slot i always names
	// SQE i, so the array is filled once and only the tail moves.
	array := unsafe.Slice(u32(r.sqRing, p.SQOff.Array), r.sqEntries)
	for i := range array {
		array[i] = uint32(i)
	}
	r.sqLocal = atomic.LoadUint32(r.sqTail)

	r.cqHead = u32(r.cqRing, p.CQOff.Head)
	r.cqTail = u32(r.cqRing, p.CQOff.Tail)
	r.cqOverflow = u32(r.cqRing, p.CQOff.Overflow)
	r.cqMask = *u32(r.cqRing, p.CQOff.RingMask)
	r.cqEntries = *u32(r.cqRing, p.CQOff.RingEntries)
	r.cqes = unsafe.Slice((*CQE)(unsafe.Pointer(&r.cqRing[p.CQOff.CQEs])), r.cqEntries)
	return nil
}

func (r *Ring) unmap() {
	if r.sqeMem != nil {
		unix.Munmap(r.sqeMem)
	}
	if r.cqRing != nil && &r.cqRing[0] != &r.sqRing[0] {
		unix.Munmap(r.cqRing)
	}
	if r.sqRing != nil {
		unix.Munmap(r.sqRing)
	}
	r.sqeMem, r.cqRing, r.sqRing, r.sqes, r.cqes = nil, nil, nil, nil, nil
}

// Close unmaps the rings and closes the ring's descriptor; the kernel then
// cancels whatever is still in flight. Memory named by in-flight SQEs must
// stay untouched until then, so callers reap before closing where they can.
func (r *Ring) Close() error {
	if r.closed {
		return ErrClosed
	}
	r.closed = true
	r.unmap()
	return unix.Close(r.fd)
}

// Fd returns the ring's file descriptor.
func (r *Ring) Fd() int { return r.fd }

// Flags returns the setup flags the kernel accepted, which may be fewer
// than were asked for.
func (r *Ring) Flags() uint32 { return r.flags }

// Features returns the kernel's IORING_FEAT_* bits for this ring.
func (r *Ring) Features() uint32 { return r.features }

// SQEntries and CQEntries return the ring sizes the kernel chose.
func (r *Ring) SQEntries() uint32 { return r.sqEntries }

// CQEntries returns the size of the completion queue.
func (r *Ring) CQEntries() uint32 { return r.cqEntries }

// Overflow returns how many completions the kernel had to drop because the
// CQ was full and it could not keep them (never, on kernels with
// FeatNoDrop, short of memory exhaustion).
func (r *Ring) Overflow() uint32 {
	if r.closed {
		return 0
	}
	return atomic.LoadUint32(r.cqOverflow)
}
