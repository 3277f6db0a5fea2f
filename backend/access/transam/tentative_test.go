package transam

import (
	"testing"
	"time"
)

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

// TestScanRetries ends a transaction in the middle of every scan: the
// snapshot is scanned again, then taken with ending transactions held off,
// and is exact.
func TestScanRetries(t *testing.T) {
	e := newTestEnv(t, 4)
	m, w := e.mgr(0), e.mgr(1)
	x := m.Begin()
	ends, starved := 0, false
	var last uint64
	done := make(chan error, 1)
	scanHook = func(int) {
		if m.hdr.starving.Load() != 0 {
			if !starved {
				// A transaction ending now must wait for this scan.
				starved = true
				tx := w.Begin()
				xid(t, tx)
				go func() { done <- tx.Commit() }()
				select {
				case <-done:
					t.Error("a transaction ended during the exclusive scan")
				case <-time.After(20 * time.Millisecond):
				}
			}
			return
		}
		tx := w.Begin()
		last = xid(t, tx)
		commit(t, tx)
		ends++
	}
	s := x.Snapshot()
	scanHook = nil
	if !starved || ends < scanTries {
		t.Fatalf("%d transactions ended during scans, starving reached: %v", ends, starved)
	}
	if m.hdr.starving.Load() != 0 || m.hdr.endLock.HeldExclusive() {
		t.Fatalf("starving %d, end lock %v after the snapshot", m.hdr.starving.Load(), m.hdr.endLock.State())
	}
	if s.Xmax() <= last || !visible(s, last) || s.XidInSnapshot(last) {
		t.Fatalf("last committed %d not visible (xmax %d)", last, s.Xmax())
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Ending a transaction works again without the lock.
	tx := w.Begin()
	xid(t, tx)
	commit(t, tx)
}
