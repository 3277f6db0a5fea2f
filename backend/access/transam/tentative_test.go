package transam

import "testing"

// TestTentativeEntries drives the states the lock-free assignment leaves
// in the running array by hand: a stale candidate in one slot for an xid
// another slot won, and the owner's own entry before it is made plain.
func TestTentativeEntries(t *testing.T) {
	e := newTestEnv(t, 4)
	owner, loser, reader := e.mgr(1), e.mgr(2), e.mgr(3)

	// Slot 1 wins x; slot 2 still shows x as its candidate.
	x := owner.Begin()
	id := xid(t, x)
	loser.xids[2].Store(id | tentative)
	s := reader.Begin().Snapshot()
	if !s.XidInSnapshot(id) {
		t.Fatal("running xid with a stale candidate elsewhere not in snapshot")
	}
	if r, _ := reader.IsRunning(id); !r {
		t.Fatal("IsRunning false")
	}
	commit(t, x)
	// Committed, and the stale candidate is still there: a new snapshot
	// must see the commit.
	s = reader.Begin().Snapshot()
	if s.XidInSnapshot(id) || !visible(s, id) {
		t.Fatalf("committed xid %d hidden by a stale candidate (running %v)", id, s.Running())
	}
	if st := status(t, reader, id); st != StatusCommitted {
		t.Fatalf("status %v", st)
	}

	// The owner between its CAS and making the entry plain: Status must
	// not decide "aborted" (and cache it).
	y := reader.hdr.nextXid.Load()
	reader.hdr.nextXid.Store(y + 1)
	loser.xids[2].Store(y | tentative)
	if st := status(t, reader, y); st != StatusInProgress {
		t.Fatalf("xid %d published tentatively: %v, want in progress", y, st)
	}
	s = reader.Begin().Snapshot()
	if !s.XidInSnapshot(y) {
		t.Fatal("tentative running xid not in snapshot")
	}
	// Its owner ends it: the outcome is read from the commit log.
	if err := loser.clogSet([]uint64{y}, clogCommitted); err != nil {
		t.Fatal(err)
	}
	loser.xids[2].Store(0)
	if st := status(t, reader, y); st != StatusCommitted {
		t.Fatalf("status %v after commit", st)
	}
	if !s.XidInSnapshot(y) {
		t.Fatal("an older snapshot sees the commit")
	}
}
