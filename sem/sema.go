package sem

import (
	"sync/atomic"
	"time"
)

// Sema is a counting semaphore made of two 32-bit words, usable between
// processes when it lives in a MAP_SHARED mapping. Its zero value has a count
// of 0 and nobody waiting, so zeroed shared memory is a valid Sema.
//
// Size 8 bytes, alignment 4.
//
// Every process has one in its Waiter slot and sleeps on it for lock waits.
// Because several subsystems share that one semaphore, a Post is only a hint
// "look again": whoever sleeps on a Sema keeps its own condition in shared
// memory, checks it before and after every Wait, and re-posts wake-ups that
// were not meant for it (LWLock.Acquire does exactly that).
//
// Post and an uncontended Wait make no system call; Post calls FUTEX_WAKE
// only when some process has announced that it may sleep.
type Sema struct {
	count atomic.Uint32 // atomic; units available, and the futex word sleepers wait on while it is 0
	// sleepers counts processes that have announced they may sleep on
	// count: incremented before their last look at count, decremented after
	// they have taken a unit or given up.
	sleepers atomic.Uint32 // atomic
}

// Post adds one unit and wakes one sleeper, if any.
func (s *Sema) Post() {
	if s.count.Add(1) == 0 {
		panic("sem: Sema count overflow")
	}
	// Ordering argument (all operations are sequentially consistent): a
	// sleeper increments sleepers, then reads count, then FUTEX_WAIT checks
	// count == 0 again atomically with going to sleep. We increment count,
	// then read sleepers. Either our read sees its increment, and we wake
	// it (if it is not asleep yet, its FUTEX_WAIT sees count != 0 and
	// returns at once), or our increment came before its read of count,
	// and it does not sleep. No wake-up is lost.
	if s.sleepers.Load() != 0 {
		mustWake(word(&s.count), 1)
	}
}

// TryWait takes one unit if there is one, without waiting.
func (s *Sema) TryWait() bool {
	for {
		c := s.count.Load()
		if c == 0 {
			return false
		}
		if s.count.CompareAndSwap(c, c-1) {
			return true
		}
	}
}

// Wait takes one unit, sleeping until one is posted.
func (s *Sema) Wait() {
	if s.TryWait() {
		return
	}
	s.wait(time.Time{})
}

// WaitTimeout takes one unit, sleeping at most d for one to be posted, and
// reports whether it got one. With d <= 0 it is TryWait.
func (s *Sema) WaitTimeout(d time.Duration) bool {
	if s.TryWait() {
		return true
	}
	if d <= 0 {
		return false
	}
	return s.wait(time.Now().Add(d))
}

// wait is the slow path of Wait and WaitTimeout; a zero deadline means
// forever. A unit posted before the deadline passes is always taken, even if
// the wake-up arrives late.
//
// It does not spin before sleeping. Measured with BenchmarkProcPingPong on
// the 2-core VM: spinning up to ~40µs before sleeping cut a round trip
// between processes on different CPUs from ~120µs to ~3µs (an idle vCPU is
// slow to wake), but raised it from ~15µs to ~50µs when both share a CPU
// (the spinner holds the CPU its poster needs). Which case a wait is in is
// the caller's knowledge, not ours; a caller that expects a quick post can
// poll TryWait itself before calling Wait.
func (s *Sema) wait(deadline time.Time) bool {
	s.sleepers.Add(1)
	for {
		if s.TryWait() {
			s.sleepers.Add(^uint32(0))
			return true
		}
		var timeout time.Duration // 0: no timeout
		if !deadline.IsZero() {
			timeout = time.Until(deadline)
			if timeout <= 0 {
				s.sleepers.Add(^uint32(0))
				return false
			}
		}
		// Returns on a wake, a signal, a changed count or the timeout; in
		// every case the loop looks again. Another process may take the
		// unit we were woken for before we run: then we sleep again, and
		// the unit was not lost, it was used.
		mustWait(word(&s.count), 0, timeout)
	}
}

// Count returns the units currently available, for tests and diagnostics.
func (s *Sema) Count() uint32 {
	return s.count.Load()
}

// reset sets the count to zero. Only the owner of a Waiter slot calls it,
// when it takes the slot over and nobody can be sleeping on it.
func (s *Sema) reset() {
	s.count.Store(0)
}
