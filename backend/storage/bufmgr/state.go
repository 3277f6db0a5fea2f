package bufmgr

import (
	"errors"
	"math"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"ringpg/sem"
)

// The state word of a buffer descriptor: everything about a buffer that
// changes often, in one atomic 32-bit word, so that pinning and unpinning
// are one compare-and-swap each.
//
//	bits  0-17  shared pin count (one per pinning process, not per pin)
//	bits 18-21  usage count for the clock sweep, 0..maxUsage
//	bits 22-31  flags, below
//
// Two ways to change it:
//
//   - With the header lock (flagLocked) held, the holder is the only
//     writer: it reads the word once, computes the new value and stores it
//     with the bit cleared, in one plain atomic store (unlockHeader).
//   - Without the header lock, only by compare-and-swap from a value whose
//     flagLocked is clear, so that no update is lost under a holder's
//     store. Blind atomic adds and ors are never used on it.
//
// The header lock is a spinlock in the sense of sem/doc.go: a leaf, held
// for a few instructions, with no system call, allocation or other lock
// inside.
const (
	refOne   uint32 = 1
	refMask  uint32 = 1<<18 - 1
	usageOne uint32 = 1 << 18
	// usageMask covers four bits although the count stops at maxUsage, as
	// PostgreSQL's does: it keeps the flags at fixed positions.
	usageMask uint32 = 0xF << 18
	maxUsage  uint32 = 5

	flagLocked   uint32 = 1 << 22 // header lock: guards the tag and lets the holder rewrite the word
	flagDirty    uint32 = 1 << 23 // the page differs from what storage holds
	flagValid    uint32 = 1 << 24 // the page holds the tag's block (a read completed)
	flagTagValid uint32 = 1 << 25 // the tag is set and in the mapping table
	flagIO       uint32 = 1 << 26 // a read or write of the page is in progress (its owner holds a pin)
	flagIOError  uint32 = 1 << 27 // the last read or write of the page failed
	// flagJustDirtied is set with flagDirty and cleared when a write of the
	// page starts; a write that finds it set again at its end leaves the
	// page dirty, as it was changed (a hint) while being written.
	flagJustDirtied uint32 = 1 << 28
	// flagWaiters: some process sleeps on this word (FUTEX_WAIT) until an
	// I/O ends, the pin count drops or the page is forgotten; whoever ends
	// the I/O, drops the pin count to 1 or 0, or forgets the page clears it
	// and wakes every sleeper (io.go, sleepUntil).
	flagWaiters uint32 = 1 << 29
	// flagCheckpointNeeded marks dirty pages that a FlushAll in progress
	// must write; pages dirtied after it started are not its business.
	flagCheckpointNeeded uint32 = 1 << 30
	// Bit 31 is free (PostgreSQL's BM_PERMANENT, for when unlogged
	// relations exist).

	flagMask = ^(refMask | usageMask)
)

func refcount(s uint32) uint32 { return s & refMask }
func usage(s uint32) uint32    { return (s & usageMask) >> 18 }

// word returns the address of an atomic word, for futex calls.
// atomic.Uint32 is a uint32 preceded by a zero-size marker, so the two
// addresses coincide.
func word(a *atomic.Uint32) *uint32 { return (*uint32)(unsafe.Pointer(a)) }

// lockHeader takes the buffer's header lock and returns the state word as
// of then, with flagLocked set. Release it with unlockHeader.
func (d *desc) lockHeader() uint32 {
	var sp spinner
	for {
		old := d.state.Load()
		if old&flagLocked == 0 {
			if d.state.CompareAndSwap(old, old|flagLocked) {
				return old | flagLocked
			}
			continue // a pin moved the word; the lock may still be free
		}
		sp.pause(&d.state, old)
	}
}

// unlockHeader stores s as the new state and releases the header lock in
// the same store. Caller holds the header lock.
func (d *desc) unlockHeader(s uint32) {
	d.state.Store(s &^ flagLocked)
}

// waitUnlocked returns the state word once its header lock is free, for
// compare-and-swap loops that must not overwrite a holder's store.
func (d *desc) waitUnlocked() uint32 {
	var sp spinner
	for {
		s := d.state.Load()
		if s&flagLocked == 0 {
			return s
		}
		sp.pause(&d.state, s)
	}
}

// spinner paces a busy wait on a header lock. The lock is held for a few
// instructions, so the first rounds only re-read the word; a holder that is
// not running (preempted: this is a 2-core machine with more processes than
// cores) is waited for by yielding, then by short futex naps that end on
// their own (nobody wakes them: unlocking stays free of system calls).
type spinner struct{ round uint32 }

const (
	spinRounds  = 8 // 1+2+...+128 re-reads
	yieldRounds = 4
	minNap      = 2 * time.Microsecond
	maxNap      = time.Millisecond
)

func (sp *spinner) pause(w *atomic.Uint32, seen uint32) {
	r := sp.round
	sp.round++
	switch {
	case r < spinRounds:
		for i := 0; i < 1<<r; i++ {
			if w.Load() != seen {
				return
			}
		}
	case r < spinRounds+yieldRounds:
		runtime.Gosched()
	default:
		nap := min(minNap<<min(r-spinRounds-yieldRounds, 10), maxNap)
		futexWait(w, seen, nap)
	}
}

// futexWait sleeps while *w == seen, until woken, interrupted or (with
// d > 0) d has passed. Callers re-check their condition whatever happens.
// An error other than a timeout means the word is not in memory we can
// wait on: shared memory is not what we think, and nothing built on it can
// be trusted, so it panics (the postmaster then restarts the server).
func futexWait(w *atomic.Uint32, seen uint32, d time.Duration) {
	if err := sem.FutexWaitShort(word(w), seen, d); err != nil && !errors.Is(err, sem.ErrTimeout) {
		panic(errors.Join(errors.New("bufmgr: cannot wait on a buffer state word"), err))
	}
}

// futexWakeAll wakes every process sleeping on w.
func futexWakeAll(w *atomic.Uint32) {
	if _, err := sem.FutexWake(word(w), math.MaxInt32); err != nil {
		panic(errors.Join(errors.New("bufmgr: cannot wake sleepers on a buffer state word"), err))
	}
}
