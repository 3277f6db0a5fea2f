package sem

// Cross-process tests: real processes (see proc_harness_test.go) on one
// MAP_SHARED memfd mapping. After each stress run the lock and every wait
// slot are checked to be back at rest (checkQuiet).

import "testing"

// children is how many processes contend in the stress tests: more than the
// two cores, so holders get preempted and waiters really sleep.
const children = 4

// stressIters is how many operations each stress child does.
func stressIters() int {
	if testing.Short() {
		return 2000
	}
	return 100000
}

// TestProcSpinLockCounter: processes increment a plain shared word under a
// SpinLock (read, pause, write); the total must come out exact.
func TestProcSpinLockCounter(t *testing.T) {
	s := newShared(t)
	iters := stressIters()
	var cs []*child
	for i := 0; i < children; i++ {
		cs = append(cs, s.spawn(t, "spin", i, iters))
	}
	s.openGate(t, children)
	s.waitChildren(t, cs...)
	t.Logf("%d of %d acquisitions found the lock held", s.contended(), children*iters)
	if got, want := s.a.spinCount, uint64(children*iters); got != want {
		t.Fatalf("spinlock-protected counter = %d, want %d", got, want)
	}
	if s.a.spin.Held() {
		t.Fatal("spinlock still held")
	}
}

// TestProcLWLockExclusiveCounter: the same with an exclusive LWLock, with
// hold times long enough now and then for queues to form and waiters to
// sleep.
func TestProcLWLockExclusiveCounter(t *testing.T) {
	s := newShared(t)
	iters := stressIters()
	var cs []*child
	for i := 0; i < children; i++ {
		cs = append(cs, s.spawn(t, "lwx", i, iters))
	}
	s.openGate(t, children)
	s.waitChildren(t, cs...)
	t.Logf("%d of %d acquisitions found the lock held; most losses in one wait: %d",
		s.contended(), children*iters, s.a.maxLosses.Load())
	if got, want := s.a.lwCount, uint64(children*iters); got != want {
		t.Fatalf("LWLock-protected counter = %d, want %d", got, want)
	}
	checkQuiet(t, &s.a.lw, s.tab)
}

// TestProcLWLockReadersWriters: a mix of shared and exclusive holders
// (some through ConditionalAcquire) checking, through shared flags, that a
// writer is never inside together with anyone else, and that readers never
// see a half-written payload.
func TestProcLWLockReadersWriters(t *testing.T) {
	s := newShared(t)
	iters := stressIters()
	var cs []*child
	for i := 0; i < children; i++ {
		cs = append(cs, s.spawn(t, "mix", i, iters))
	}
	s.openGate(t, children)
	s.waitChildren(t, cs...)
	var x, sh uint64
	for i := 0; i < children; i++ {
		x += s.a.mixOpsX[i].Load()
		sh += s.a.mixOpsS[i].Load()
	}
	if s.a.mixCount != x {
		t.Errorf("exclusive sections counted %d, children report %d", s.a.mixCount, x)
	}
	if x == 0 || sh == 0 {
		t.Errorf("no mix: %d exclusive, %d shared sections", x, sh)
	}
	t.Logf("%d exclusive and %d shared sections; most losses in one wait: %d", x, sh, s.a.maxLosses.Load())
	checkQuiet(t, &s.a.mix, s.tab)
}

// TestProcLWLockNoStarvation: a process that waits for an LWLock while
// another re-takes it in a tight loop gets it handed over after at most a
// few lost rounds (lwMaxLosses; the bound checked is loose, as a hand-off
// request made while the lock happens to be free must be made again).
func TestProcLWLockNoStarvation(t *testing.T) {
	s := newShared(t)
	iters := stressIters() / 500
	hot := s.spawn(t, "hot", 0, 0)
	victim := s.spawn(t, "victim", 1, iters)
	s.openGate(t, 2)
	s.waitChildren(t, hot, victim)
	t.Logf("%d hot iterations; most losses in one wait: %d", s.a.hot.Load(), s.a.maxLosses.Load())
	if m := s.a.maxLosses.Load(); m > 3*lwMaxLosses {
		t.Errorf("a waiter lost %d times in a row; hand-off should stop it near %d", m, lwMaxLosses)
	}
	if got, want := s.a.lwCount, s.a.hot.Load()+uint64(iters); got != want {
		t.Errorf("counter = %d, want %d", got, want)
	}
	checkQuiet(t, &s.a.lw, s.tab)
}

// TestProcSemaPingPong: two processes hand a turn back and forth on two
// Semas; a plain shared word incremented by whoever has the turn checks
// that a Post orders memory for the Wait that takes it.
func TestProcSemaPingPong(t *testing.T) {
	s := newShared(t)
	iters := stressIters() / 20 // each round is two sleeps and two wake-ups
	pong := s.spawn(t, "pong", 1, iters)
	ping := s.spawn(t, "ping", 0, iters)
	s.openGate(t, 2)
	s.waitChildren(t, ping, pong)
	if got, want := s.a.seq, uint64(2*iters); got != want {
		t.Fatalf("seq = %d, want %d", got, want)
	}
	for _, sm := range []*Sema{&s.a.ping, &s.a.pong} {
		if sm.Count() != 0 || sm.sleepers.Load() != 0 {
			t.Fatalf("after ping-pong: count %d, sleepers %d", sm.Count(), sm.sleepers.Load())
		}
	}
}

// TestProcSemaWaitTimeout: a WaitTimeout nobody posts to expires; one that
// another process posts to returns true.
func TestProcSemaWaitTimeout(t *testing.T) {
	s := newShared(t)
	c := s.spawn(t, "nap", 0, 0)
	s.openGate(t, 1)
	// The child's first wait expires on its own; its second announces
	// itself and sleeps until we post.
	waitFor(t, "the child's second wait", func() bool {
		return s.a.napPhase.Load() == 1 && s.a.nap.sleepers.Load() == 1
	})
	s.a.nap.Post()
	s.waitChildren(t, c)
	if s.a.nap.Count() != 0 {
		t.Fatalf("nap count after the child exited = %d", s.a.nap.Count())
	}
}
