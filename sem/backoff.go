package sem

import (
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// Back-off schedule for busy waits on a word that another process is about
// to change (a spinlock, an LWLock's wait-list bit). Hold times are a few
// instructions, so the first rounds only spin; if the holder is not running
// (preempted by the kernel, which on a 2-core machine with more processes
// than cores happens), spinning is wasted, so later rounds give the CPU away,
// first to other goroutines of this process, then to other processes by
// sleeping for growing, jittered intervals.
const (
	spinRounds  = 6 // procyield(4), (8), ... (128): about 250 pause instructions in all
	yieldRounds = 4 // runtime.Gosched: cheap, lets a holder in this process run
	minSleep    = 2 * time.Microsecond
	maxSleep    = time.Millisecond
)

// backoff is the state of one busy wait. Its zero value starts a new wait;
// it lives on the waiter's stack, never in shared memory.
type backoff struct {
	round uint32
	rnd   uint32 // xorshift state for jitter; seeded lazily
}

// pause waits once, each call a little longer than the previous. When it
// sleeps, it sleeps on the futex word addr expecting val, so the sleep is
// skipped if the word has already changed (nobody wakes that futex: the
// sleep simply ends on its timeout, which keeps unlock paths free of system
// calls).
func (b *backoff) pause(addr *uint32, val uint32) {
	r := b.round
	b.round++
	switch {
	case r < spinRounds:
		procyield(4 << r)
	case r < spinRounds+yieldRounds:
		runtime.Gosched()
	default:
		n := min(r-spinRounds-yieldRounds, 9) // 2µs << 9 ≈ 1ms
		d := min(minSleep<<n, maxSleep)
		// Jitter so that processes that collided once do not wake in step
		// and collide again.
		d += time.Duration(b.next() % uint32(d/2+1))
		mustWait(addr, val, d)
	}
}

// next returns a pseudo-random number (xorshift32); quality is irrelevant,
// it only spreads sleep times.
func (b *backoff) next() uint32 {
	if b.rnd == 0 {
		b.rnd = uint32(time.Now().UnixNano()) | 1
	}
	x := b.rnd
	x ^= x << 13
	x ^= x >> 17
	x ^= x << 5
	b.rnd = x
	return x
}

// word returns the address of an atomic word, for the futex system calls.
// atomic.Uint32 is a uint32 preceded by a zero-size marker, so the two
// addresses coincide (TestLayout checks the size).
func word(a *atomic.Uint32) *uint32 {
	return (*uint32)(unsafe.Pointer(a))
}
