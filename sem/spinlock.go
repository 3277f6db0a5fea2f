package sem

import "sync/atomic"

// SpinLock is a test-and-set lock in one 32-bit word, for critical sections
// of a few instructions (a buffer header, a counter pair). Its zero value is
// unlocked, so it can be laid out in zeroed shared memory with no set-up.
//
// Size 4 bytes, alignment 4. It may live in a MAP_SHARED mapping used by
// several processes.
//
// Rules (see the package doc): a SpinLock is a leaf. While holding one, take
// no other lock, make no system call, allocate nothing that could trigger a
// garbage collection pause, and never return an error to a caller who might
// forget to unlock. A waiter spins, then backs off; nobody is ever queued.
// A holder can still be preempted (by the kernel, or by the Go scheduler if
// its process has other runnable goroutines); waiters then soon back off to
// short sleeps, which bounds the CPU they waste.
type SpinLock struct {
	v atomic.Uint32 // atomic; 0 = free, 1 = held
}

// Lock acquires the lock, waiting as long as needed.
func (l *SpinLock) Lock() {
	// Uncontended case: one atomic instruction, inlined into the caller.
	if l.v.CompareAndSwap(0, 1) {
		return
	}
	l.lockSlow()
}

// lockSlow spins on a plain load (so that waiters share the cache line
// instead of stealing it from each other and from the holder) and only
// tries the exchange once the word reads free.
func (l *SpinLock) lockSlow() {
	var b backoff
	for {
		if l.v.Load() == 0 && l.v.CompareAndSwap(0, 1) {
			return
		}
		b.pause(word(&l.v), 1)
	}
}

// TryLock acquires the lock if it is free and reports whether it did.
func (l *SpinLock) TryLock() bool {
	return l.v.CompareAndSwap(0, 1)
}

// Unlock releases the lock. Unlocking a free lock is a bug in the caller and
// panics: the state of whatever the lock guards is then unknown.
func (l *SpinLock) Unlock() {
	if l.v.Swap(0) != 1 {
		panic("sem: Unlock of an unlocked SpinLock")
	}
}

// Held reports whether someone holds the lock, for assertions
// ("caller holds the buffer header lock").
func (l *SpinLock) Held() bool {
	return l.v.Load() != 0
}
