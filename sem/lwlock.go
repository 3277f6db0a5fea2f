package sem

import (
	"fmt"
	"sync/atomic"
)

// Mode is how an LWLock is held.
type Mode uint32

// Lock modes. Any number of Shared holders, or one Exclusive holder.
const (
	Shared    Mode = 1
	Exclusive Mode = 2
)

func (m Mode) String() string {
	switch m {
	case Shared:
		return "shared"
	case Exclusive:
		return "exclusive"
	}
	return fmt.Sprintf("Mode(%d)", uint32(m))
}

// LWLock is a lightweight reader/writer lock in shared memory, for critical
// sections that are short but may include a system call (a page copy, a
// buffer read, a WAL write). A process that cannot get it queues itself in
// its Waiter slot and sleeps on its own semaphore; a release wakes only the
// waiters at the head of the queue that can run together: the one exclusive
// waiter there, or the run of shared waiters there.
//
// Size 16 bytes, alignment 4. Zeroed memory is a free lock with tranche 0;
// Init names its tranche.
//
// Normally the lock is not handed over: a woken waiter competes for it
// again, and a newcomer may take it first, which keeps the lock busy instead
// of idle while the woken process is being scheduled. To avoid waking a
// crowd that would only lose and sleep again, once a release has woken
// someone, further releases wake nobody until one of the woken has run
// (lwWakePending). A woken waiter that loses goes back to the head of the
// queue.
//
// A waiter that has lost lwMaxLosses times in a row (to a holder that keeps
// re-taking the lock, typically) switches the lock to hand-off mode
// (lwHandoff): nobody may take the lock then, not even a newcomer finding it
// free, and the release that frees it passes it directly to the head of the
// queue, which wakes holding it. The grant ends hand-off mode. So a waiter
// loses about lwMaxLosses times at most, and the throughput cost of
// hand-offs (the lock idle while the grantee is scheduled) is paid only
// when a waiter would otherwise starve.
//
// There is no owner field: Release works out the mode from the state (if
// the exclusive bit is set, the caller must be its holder), and a process
// keeps track of what it holds itself. LWLocks are not re-entrant.
type LWLock struct {
	state   atomic.Uint32 // atomic; see the lw* bits
	head    uint32        // first queued slot, proc number + 1, 0 = empty; guarded by lwListLocked
	tail    uint32        // last queued slot, likewise; guarded by lwListLocked
	tranche uint32        // Tranche; written by Init before the lock is shared, read-only after
}

// Bits of LWLock.state. Holding is the low 25 bits: a shared count and an
// exclusive bit, never both non-zero.
//
// Invariants, whenever lwListLocked is clear: lwHasWaiters is set exactly
// when the queue is non-empty; lwHandoff is set only while the lock is held
// or being granted (it is set only when held, and the release that frees
// the lock grants it).
const (
	lwSharedMask  = 1<<24 - 1 // number of shared holders
	lwExclusive   = 1 << 24   // held exclusively
	lwHandoff     = 1 << 28   // a starving waiter asked for the lock to be handed over
	lwWakePending = 1 << 29   // a release woke waiters that have not yet looked at the lock again
	lwHasWaiters  = 1 << 30   // the queue is not empty
	lwListLocked  = 1 << 31   // spin bit guarding head, tail and the links of queued slots
	lwHeld        = lwExclusive | lwSharedMask
)

// lwMaxLosses is how many times a woken waiter may lose the lock to others
// before it asks for hand-off. A wake-up costs a few tens of microseconds
// here, so this bounds a wait at roughly lwMaxLosses of them plus the
// holders' own hold times.
const lwMaxLosses = 4

// Init makes l a free lock of the given tranche. Call it while laying out
// shared memory, before any other process can see the lock.
func (l *LWLock) Init(tr Tranche) {
	l.state.Store(0)
	l.head, l.tail = 0, 0
	l.tranche = uint32(tr)
}

// Tranche returns the lock's tranche, which places it in the lock order.
func (l *LWLock) Tranche() Tranche { return Tranche(l.tranche) }

// Acquire takes the lock in the given mode, sleeping as long as needed. me
// is the caller's proc number, the index of its slot in t; one slot serves
// one waiting context at a time (a process, or a goroutine in tests).
func (l *LWLock) Acquire(t *WaiterTable, me uint32, mode Mode) {
	if l.tryLock(mode) {
		return
	}
	l.acquireSlow(t, me, mode)
}

// ConditionalAcquire takes the lock in the given mode if that is possible
// without waiting, and reports whether it did.
func (l *LWLock) ConditionalAcquire(mode Mode) bool {
	return l.tryLock(mode)
}

// Release releases the lock, held in either mode by the caller. t is the
// waiter table of the caller's process, through which queued processes are
// woken.
func (l *LWLock) Release(t *WaiterTable) {
	old := l.state.Load()
	var sub uint32
	switch {
	case old&lwExclusive != 0:
		sub = lwExclusive // nobody else can hold it, so it is ours
	case old&lwSharedMask != 0:
		sub = 1
	default:
		panic("sem: Release of an LWLock that is not held")
	}
	now := l.state.Add(-sub)
	if now&lwHeld != 0 || now&(lwHasWaiters|lwHandoff) == 0 {
		return // still held by others, or nobody to think of
	}
	if now&lwHandoff != 0 {
		// We freed it in hand-off mode: nobody else can take it now, it is
		// ours to pass on.
		l.grant(t)
		return
	}
	if now&lwWakePending == 0 {
		// Free, someone queued, no earlier wake-up in flight: wake the head.
		l.wakeWaiters(t)
	}
}

// HeldExclusive reports whether some process holds the lock exclusively,
// for assertions ("caller holds the content lock exclusively").
func (l *LWLock) HeldExclusive() bool {
	return l.state.Load()&lwExclusive != 0
}

// State returns a snapshot of the lock's state, for assertions and
// diagnostics. It may be stale as soon as it is returned.
func (l *LWLock) State() LWState {
	return LWState(l.state.Load())
}

// tryLock is one attempt to take the lock, with no waiting. It fails in
// hand-off mode, where only a grant gives the lock out.
func (l *LWLock) tryLock(mode Mode) bool {
	old := l.state.Load()
	for {
		var next uint32
		switch mode {
		case Exclusive:
			if old&(lwHeld|lwHandoff) != 0 {
				return false
			}
			next = old | lwExclusive
		case Shared:
			if old&(lwExclusive|lwHandoff) != 0 {
				return false
			}
			if old&lwSharedMask == lwSharedMask {
				panic("sem: too many shared holders of an LWLock")
			}
			next = old + 1
		default:
			panic(fmt.Sprintf("sem: LWLock acquire in %v", mode))
		}
		if l.state.CompareAndSwap(old, next) {
			return true
		}
		old = l.state.Load() // another holder, or the wait-list bit, moved
	}
}

// acquireSlow queues the caller and sleeps until it gets the lock.
func (l *LWLock) acquireSlow(t *WaiterTable, me uint32, mode Mode) {
	w := t.Waiter(me)
	if w.waiting.Load() != 0 {
		panic(fmt.Sprintf("sem: proc %d waits for an LWLock while already waiting", me))
	}
	// extra counts posts to our semaphore that were not the one ending an
	// LWLock wait (some other subsystem's wake-up, taken by our Wait); they
	// are given back at the end so that their owner sees them.
	extra := 0
	losses := 0
	for {
		// A loser goes back to the head of the queue, where it was; one
		// that keeps losing also asks for hand-off.
		l.enqueue(t, me, w, mode, losses > 0, losses >= lwMaxLosses)
		if testHookQueued != nil {
			testHookQueued(me)
		}
		// Look again now that we are queued: a holder that released between
		// our last attempt and lwHasWaiters being set did not see us and will
		// not wake us.
		if l.tryLock(mode) {
			extra += l.dequeueSelf(t, me, w)
			break
		}
		// Sleep until a waker has taken us off the queue. It clears
		// waiting, then posts; we always consume that one post.
		for {
			w.sema.Wait()
			if w.waiting.Load() == 0 {
				break
			}
			extra++
		}
		if w.granted != 0 {
			w.granted = 0
			break // handed over: we hold the lock
		}
		// Woken to compete: let later releases wake others again, then try.
		l.state.And(^uint32(lwWakePending))
		if l.tryLock(mode) {
			break
		}
		losses++
		if testHookLost != nil {
			testHookLost(me, losses)
		}
	}
	for ; extra > 0; extra-- {
		w.sema.Post()
	}
}

// Test hooks, nil outside tests: testHookQueued runs right after a waiter
// has queued itself, testHookLost each time a woken waiter loses the lock
// again.
var (
	testHookQueued func(me uint32)
	testHookLost   func(me uint32, losses int)
)
