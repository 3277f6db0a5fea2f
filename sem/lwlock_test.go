package sem

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// newTable returns a waiter table of n slots in ordinary memory, for
// goroutines standing in for processes (each uses its own slot).
func newTable(n int) *WaiterTable {
	return NewWaiterTable(make([]byte, WaiterTableSize(n)), n)
}

// checkQuiet asserts the invariants of a lock and a table that nobody is
// using: lock free with an empty queue, every slot idle with a balanced
// semaphore.
func checkQuiet(t testing.TB, l *LWLock, tab *WaiterTable) {
	t.Helper()
	if s := l.State(); s != 0 {
		t.Errorf("idle lock state = %v (%#x), want 0", s, uint32(s))
	}
	if l.head != 0 || l.tail != 0 {
		t.Errorf("idle lock queue head %d tail %d, want empty", l.head, l.tail)
	}
	for i := 0; i < tab.Len(); i++ {
		w := tab.Waiter(uint32(i))
		if w.Waiting() || w.queued != 0 {
			t.Errorf("slot %d: waiting %v queued %d", i, w.Waiting(), w.queued)
		}
		if c, s := w.sema.Count(), w.sema.sleepers.Load(); c != 0 || s != 0 {
			t.Errorf("slot %d: sema count %d sleepers %d, want 0 0", i, c, s)
		}
	}
}

func TestLWLockModes(t *testing.T) {
	tab := newTable(1)
	tests := []struct {
		hold       []Mode
		tryS, tryX bool
		state      string
	}{
		{nil, true, true, "free"},
		{[]Mode{Shared}, true, false, "shared(1)"},
		{[]Mode{Shared, Shared}, true, false, "shared(2)"},
		{[]Mode{Exclusive}, false, false, "exclusive"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.hold), func(t *testing.T) {
			var l LWLock
			l.Init(TrancheBufferContent)
			for _, m := range tt.hold {
				l.Acquire(tab, 0, m)
			}
			if got := l.State().String(); got != tt.state {
				t.Errorf("State = %s, want %s", got, tt.state)
			}
			if got := l.HeldExclusive(); got != (tt.state == "exclusive") {
				t.Errorf("HeldExclusive = %v", got)
			}
			if got := l.ConditionalAcquire(Shared); got != tt.tryS {
				t.Errorf("ConditionalAcquire(Shared) = %v, want %v", got, tt.tryS)
			} else if got {
				l.Release(tab)
			}
			if got := l.ConditionalAcquire(Exclusive); got != tt.tryX {
				t.Errorf("ConditionalAcquire(Exclusive) = %v, want %v", got, tt.tryX)
			} else if got {
				l.Release(tab)
			}
			for range tt.hold {
				l.Release(tab)
			}
			checkQuiet(t, &l, tab)
			if l.Tranche() != TrancheBufferContent || l.Tranche().String() != "BufferContent" {
				t.Errorf("Tranche = %v", l.Tranche())
			}
		})
	}
}

func TestLWLockMisuse(t *testing.T) {
	tab := newTable(1)
	cases := map[string]func(){
		"release free lock": func() { var l LWLock; l.Release(tab) },
		"bad mode":          func() { var l LWLock; l.Acquire(tab, 0, 0) },
		"slot out of range": func() { tab.Waiter(1) },
		"table too small":   func() { NewWaiterTable(make([]byte, 10), 1) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		})
	}
}

// TestLWLockExclusiveCounter: goroutines, each with its own slot, increment
// a plain counter under the lock in exclusive mode.
func TestLWLockExclusiveCounter(t *testing.T) {
	const procs, iters = 6, 5000
	tab := newTable(procs)
	var l LWLock
	var n int
	var wg sync.WaitGroup
	for p := 0; p < procs; p++ {
		wg.Add(1)
		go func(me uint32) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				l.Acquire(tab, me, Exclusive)
				n++
				l.Release(tab)
			}
		}(uint32(p))
	}
	wg.Wait()
	if n != procs*iters {
		t.Fatalf("counter = %d, want %d", n, procs*iters)
	}
	checkQuiet(t, &l, tab)
}

// TestLWLockReadersWriters mixes shared and exclusive holders. The flags
// check "never a writer together with anyone else"; the plain payload lets
// the race detector check that the lock orders memory (writers write it,
// readers read it concurrently with each other).
func TestLWLockReadersWriters(t *testing.T) {
	const procs, iters = 6, 4000
	tab := newTable(procs)
	var l LWLock
	var readers, writers atomic.Int32
	var payload [8]int
	var wg sync.WaitGroup
	for p := 0; p < procs; p++ {
		wg.Add(1)
		go func(me uint32) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				if (i*7+int(me))%5 == 0 {
					l.Acquire(tab, me, Exclusive)
					if w := writers.Add(1); w != 1 || readers.Load() != 0 {
						t.Errorf("writer inside with %d writers, %d readers", w, readers.Load())
					}
					for j := range payload {
						payload[j] = i
					}
					writers.Add(-1)
					l.Release(tab)
					continue
				}
				l.Acquire(tab, me, Shared)
				readers.Add(1)
				if writers.Load() != 0 {
					t.Error("reader inside with a writer")
				}
				for j := range payload {
					if payload[j] != payload[0] {
						t.Error("reader saw a half-written payload")
					}
				}
				readers.Add(-1)
				l.Release(tab)
			}
		}(uint32(p))
	}
	wg.Wait()
	checkQuiet(t, &l, tab)
}

// queued reports whether slot me is on l's queue, read under the wait-list
// bit.
func queued(l *LWLock, tab *WaiterTable, me uint32) bool {
	l.lockList()
	q := tab.Waiter(me).queued != 0
	l.unlockList(0, 0)
	return q
}

// TestLWLockWakeOrder checks who a release wakes. Queue: X1, S2, S3, X4
// behind an exclusive holder. Each release must wake only the head of the
// queue: X1 alone, then S2 and S3 together, then X4.
func TestLWLockWakeOrder(t *testing.T) {
	tab := newTable(5)
	var l LWLock
	l.Acquire(tab, 0, Exclusive)

	modes := map[uint32]Mode{1: Exclusive, 2: Shared, 3: Shared, 4: Exclusive}
	hold := map[uint32]chan struct{}{} // closed by the test to let a holder release
	got := make(chan uint32, 4)        // holders announce themselves
	var inside atomic.Int32
	var wg sync.WaitGroup
	for me := uint32(1); me <= 4; me++ {
		hold[me] = make(chan struct{})
		wg.Add(1)
		go func(me uint32) {
			defer wg.Done()
			l.Acquire(tab, me, modes[me])
			inside.Add(1)
			got <- me
			<-hold[me]
			inside.Add(-1)
			l.Release(tab)
		}(me)
		// Queue them one at a time so the order is known.
		waitFor(t, fmt.Sprintf("proc %d to queue", me), func() bool { return queued(&l, tab, me) })
	}
	stillQueued := func(ps ...uint32) {
		t.Helper()
		for _, p := range ps {
			if !queued(&l, tab, p) {
				t.Errorf("proc %d was woken too early", p)
			}
		}
	}

	l.Release(tab)
	if p := <-got; p != 1 {
		t.Fatalf("first release woke %d, want 1", p)
	}
	stillQueued(2, 3, 4)
	close(hold[1])
	a, b := <-got, <-got
	if a+b != 5 || inside.Load() != 2 {
		t.Fatalf("second release: got %d and %d with %d inside, want 2 and 3 together", a, b, inside.Load())
	}
	stillQueued(4)
	close(hold[2])
	close(hold[3])
	if p := <-got; p != 4 {
		t.Fatalf("third release woke %d, want 4", p)
	}
	close(hold[4])
	wg.Wait()
	checkQuiet(t, &l, tab)
}

// TestLWLockForeignPost: a post to a sleeping proc's semaphore from some
// other subsystem must survive the LWLock wait (given back afterwards).
func TestLWLockForeignPost(t *testing.T) {
	tab := newTable(2)
	var l LWLock
	l.Acquire(tab, 0, Exclusive)
	done := make(chan struct{})
	go func() {
		l.Acquire(tab, 1, Exclusive)
		l.Release(tab)
		close(done)
	}()
	waitFor(t, "proc 1 to queue", func() bool { return queued(&l, tab, 1) })
	tab.Waiter(1).Sema().Post() // not an LWLock wake-up
	waitFor(t, "proc 1 to take the foreign post", func() bool { return tab.Waiter(1).Sema().Count() == 0 })
	l.Release(tab)
	<-done
	if c := tab.Waiter(1).Sema().Count(); c != 1 {
		t.Fatalf("proc 1 semaphore count after the wait = %d, want the foreign post back (1)", c)
	}
	tab.Waiter(1).Sema().Wait()
	checkQuiet(t, &l, tab)
}

// TestLWLockGrantedWhileQueuing covers a race: a shared waiter that has
// just queued behind a shared waiter in hand-off mode is granted the lock
// together with it, and its own next attempt succeeds as well. It must end
// up holding the lock once, not twice.
func TestLWLockGrantedWhileQueuing(t *testing.T) {
	tab := newTable(3)
	var l LWLock
	l.Acquire(tab, 0, Exclusive)
	// Set before any other goroutine can read it.
	testHookQueued = func(me uint32) {
		if me != 2 {
			return
		}
		// Proc 2 is queued behind proc 1 and about to try again. Release
		// proc 0's hold now: the grant gives both of them a shared hold.
		l.Release(tab)
		if s := l.State(); s.Shared() != 2 || s&lwHandoff != 0 {
			t.Errorf("after the grant: %v, want shared(2) without hand-off", s)
		}
	}
	defer func() { testHookQueued = nil }()

	vHolds := make(chan struct{})
	vRelease := make(chan struct{})
	go func() {
		l.Acquire(tab, 1, Shared)
		close(vHolds)
		<-vRelease
		l.Release(tab)
	}()
	waitFor(t, "proc 1 to queue", func() bool { return queued(&l, tab, 1) })
	l.state.Or(lwHandoff) // as proc 1 would after losing too often

	l.Acquire(tab, 2, Shared)
	<-vHolds
	if s := l.State(); s.Shared() != 2 {
		t.Fatalf("procs 1 and 2 hold the lock as %v, want shared(2)", s)
	}
	l.Release(tab)
	close(vRelease)
	waitFor(t, "the lock to be free", func() bool { return l.State() == 0 })
	checkQuiet(t, &l, tab)
}

func TestLWStateString(t *testing.T) {
	tests := []struct {
		s    LWState
		want string
	}{
		{0, "free"},
		{3, "shared(3)"},
		{lwExclusive | lwHasWaiters, "exclusive+waiters"},
		{lwHasWaiters | lwWakePending | lwListLocked, "free+waiters+wakepending+listlocked"},
		{1 | lwHandoff, "shared(1)+handoff"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("LWState(%#x).String() = %q, want %q", uint32(tt.s), got, tt.want)
		}
	}
}

// TestLWLockHandoff drives hand-off mode by hand: with lwHandoff set (as
// a starving waiter sets it), newcomers may not take the lock even where
// their mode would allow it, and the release that frees the lock passes it
// to the head of the queue, which then ends hand-off mode.
func TestLWLockHandoff(t *testing.T) {
	tab := newTable(4)
	var l LWLock
	l.Acquire(tab, 0, Shared)

	got := make(chan uint32, 3)
	release := make(chan struct{})
	acquire := func(me uint32, mode Mode) {
		l.Acquire(tab, me, mode)
		got <- me
		<-release
		l.Release(tab)
	}
	go acquire(1, Exclusive)
	waitFor(t, "proc 1 to queue", func() bool { return queued(&l, tab, 1) })

	l.state.Or(lwHandoff) // what proc 1 would do after losing lwMaxLosses times
	if l.ConditionalAcquire(Shared) {
		t.Fatal("a newcomer took a shared-held lock in hand-off mode")
	}
	go acquire(2, Shared)
	go acquire(3, Shared)
	waitFor(t, "procs 2 and 3 to queue", func() bool { return queued(&l, tab, 2) && queued(&l, tab, 3) })

	l.Release(tab) // frees it in hand-off mode: granted to proc 1
	if p := <-got; p != 1 {
		t.Fatalf("hand-off went to %d, want 1", p)
	}
	if s := l.State(); !s.Exclusive() || s&lwHandoff != 0 {
		t.Fatalf("after the grant: state %v, want exclusive without hand-off", s)
	}
	if !queued(&l, tab, 2) || !queued(&l, tab, 3) {
		t.Fatal("shared waiters were woken by the grant")
	}
	release <- struct{}{} // proc 1 releases in normal mode: 2 and 3 are woken
	a, b := <-got, <-got
	if a+b != 5 {
		t.Fatalf("after proc 1: got %d and %d, want 2 and 3", a, b)
	}
	release <- struct{}{}
	release <- struct{}{}
	waitFor(t, "the lock to be free", func() bool { return l.State() == 0 })
	checkQuiet(t, &l, tab)
}
