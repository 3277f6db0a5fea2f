package transam

import (
	"testing"
	"time"

	"ringpg/backend/access/heap/tuple"
)

func status(t testing.TB, m *Manager, xid uint64) XidStatus {
	t.Helper()
	st, err := m.Status(xid)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func visible(s *Snapshot, xmin uint64) bool {
	h := tuple.Header{Xmin: xmin}
	return s.WithoutHints().Visible(&h)
}

func TestSubtransactionRollback(t *testing.T) {
	e := newTestEnv(t, 4)
	m, other := e.mgr(0), e.mgr(1)
	x := m.Begin()
	top := xid(t, x)
	x.BeginSub()
	s1 := xid(t, x)
	x.BeginSub()
	s2 := xid(t, x)
	if err := x.ReleaseSub(); err != nil { // s2 now belongs to s1's level
		t.Fatal(err)
	}
	if !x.IsCurrent(s1) || !x.IsCurrent(s2) || !x.IsCurrent(top) {
		t.Fatal("own xids not current")
	}
	if err := x.CommandCounterIncrement(); err != nil {
		t.Fatal(err)
	}
	snap := x.Snapshot()
	if !visible(snap, s1) || !visible(snap, s2) {
		t.Fatal("own subtransaction rows invisible before rollback")
	}
	if err := x.RollbackSub(); err != nil {
		t.Fatal(err)
	}
	if x.IsCurrent(s1) || x.IsCurrent(s2) || !x.IsCurrent(top) {
		t.Fatal("rolled-back xids still current")
	}
	for _, s := range []uint64{s1, s2} {
		if st := status(t, other, s); st != StatusAborted {
			t.Fatalf("rolled back subxid %d: %v", s, st)
		}
		if visible(snap, s) {
			t.Fatalf("own rolled back subxid %d visible", s)
		}
	}
	if st := status(t, other, top); st != StatusInProgress {
		t.Fatalf("top: %v", st)
	}
	// A new subtransaction reuses the cache entries.
	x.BeginSub()
	s3 := xid(t, x)
	if got := m.nsub[0].Load(); got != 1 {
		t.Fatalf("nsub = %d after rollback and a new subxid, want 1", got)
	}
	if err := x.ReleaseSub(); err != nil {
		t.Fatal(err)
	}
	if err := x.ReleaseSub(); err == nil {
		t.Fatal("ReleaseSub at top level succeeded")
	}
	commit(t, x)
	for _, c := range []struct {
		xid  uint64
		want XidStatus
	}{{top, StatusCommitted}, {s1, StatusAborted}, {s2, StatusAborted}, {s3, StatusCommitted}} {
		if st := status(t, other, c.xid); st != c.want {
			t.Errorf("xid %d: %v, want %v", c.xid, st, c.want)
		}
	}
	s := other.Begin().Snapshot()
	if !visible(s, top) || !visible(s, s3) || visible(s, s1) || visible(s, s2) {
		t.Error("after commit: wrong visibility")
	}
}

// TestSubtransactionCommitAtomic checks that a top-level xid and its
// released subxids appear together, including with the subxid cache
// overflowed.
func TestSubtransactionCommitAtomic(t *testing.T) {
	for _, nsubs := range []int{1, SubxidCacheSize, SubxidCacheSize + 10} {
		t.Run("", func(t *testing.T) {
			e := newTestEnv(t, 4)
			m, other := e.mgr(0), e.mgr(1)
			x := m.Begin()
			top := xid(t, x)
			var subs []uint64
			for range nsubs {
				x.BeginSub()
				subs = append(subs, xid(t, x))
				if err := x.ReleaseSub(); err != nil {
					t.Fatal(err)
				}
			}
			overflowed := nsubs > SubxidCacheSize
			if got := m.nsub[0].Load()&subOverflow != 0; got != overflowed {
				t.Fatalf("overflow bit %v, want %v", got, overflowed)
			}
			before := other.Begin()
			sb := before.Snapshot()
			if sb.Overflowed() != overflowed {
				t.Fatalf("snapshot overflow %v, want %v", sb.Overflowed(), overflowed)
			}
			for _, s := range subs {
				if !sb.XidInSnapshot(s) {
					t.Fatalf("running subxid %d not in snapshot", s)
				}
				if r, err := other.IsRunning(s); err != nil || !r {
					t.Fatalf("IsRunning(%d) = %v, %v", s, r, err)
				}
			}
			// Halfway through a commit: sub-committed resolves through the
			// running top level.
			if err := m.clogSet(subs, clogSubCommitted); err != nil {
				t.Fatal(err)
			}
			if st := status(t, other, subs[0]); st != StatusInProgress {
				t.Fatalf("sub-committed under a running top: %v", st)
			}
			if err := m.clogSet(x.cur[:1], clogCommitted); err != nil {
				t.Fatal(err)
			}
			if st := status(t, other, subs[len(subs)-1]); st != StatusCommitted {
				t.Fatalf("sub-committed under a committed top: %v", st)
			}
			commit(t, x)
			for _, s := range append([]uint64{top}, subs...) {
				if visible(sb, s) {
					t.Fatalf("xid %d committed after the snapshot is visible", s)
				}
			}
			sa := other.Begin().Snapshot()
			for _, s := range append([]uint64{top}, subs...) {
				if !visible(sa, s) {
					t.Fatalf("xid %d committed before the snapshot is invisible", s)
				}
			}
			if r, _ := other.IsRunning(subs[len(subs)-1]); r {
				t.Fatal("subxid still running after commit")
			}
		})
	}
}

// TestWaitXid waits for a top-level xid and for a subxid whose
// subtransaction rolls back, and checks that cancel ends a wait.
func TestWaitXid(t *testing.T) {
	e := newTestEnv(t, 4)
	m, waiter := e.mgr(0), e.mgr(1)
	x := m.Begin()
	top := xid(t, x)
	x.BeginSub()
	sub := xid(t, x)

	waitDone := func(xid uint64) chan error {
		ch := make(chan error, 1)
		go func() { ch <- waiter.WaitXid(xid, nil) }()
		return ch
	}
	expectBlocked := func(ch chan error) {
		select {
		case err := <-ch:
			t.Fatalf("WaitXid returned early: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	expectDone := func(ch chan error) {
		select {
		case err := <-ch:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("WaitXid did not return")
		}
	}
	ch := waitDone(sub)
	expectBlocked(ch)
	if err := x.RollbackSub(); err != nil {
		t.Fatal(err)
	}
	expectDone(ch)

	cancelled := errNoSavepoint()
	calls := 0
	err := waiter.WaitXid(top, func() error {
		if calls++; calls == 2 {
			return cancelled
		}
		return nil
	})
	if err != cancelled {
		t.Fatalf("cancelled wait returned %v", err)
	}

	ch = waitDone(top)
	expectBlocked(ch)
	commit(t, x)
	expectDone(ch)
	// Finished xids do not wait at all.
	if err := waiter.WaitXid(top, nil); err != nil {
		t.Fatal(err)
	}
}

func TestStatusSpecialXids(t *testing.T) {
	e := newTestEnv(t, 2)
	m := e.mgr(0)
	for _, c := range []struct {
		xid  uint64
		want XidStatus
	}{
		{InvalidXid, StatusAborted},
		{BootstrapXid, StatusCommitted},
		{FrozenXid, StatusCommitted},
		{m.NextXid(), StatusAborted},
		{1 << 62, StatusAborted},
	} {
		if st := status(t, m, c.xid); st != c.want {
			t.Errorf("Status(%d) = %v, want %v", c.xid, st, c.want)
		}
	}
	if FirstNormalXid != 3 {
		t.Fatal("first normal xid")
	}
}

// TestReadOnlyTransaction: no xid, no commit log traffic, xmin cleared.
func TestReadOnlyTransaction(t *testing.T) {
	e := newTestEnv(t, 2)
	m := e.mgr(0)
	x := m.Begin()
	s := x.Snapshot()
	if x.HasXid() || m.xmins[0].Load() != s.Xmin() {
		t.Fatalf("xmin %d published, snapshot xmin %d", m.xmins[0].Load(), s.Xmin())
	}
	commit(t, x)
	if m.xmins[0].Load() != 0 || m.xids[0].Load() != 0 {
		t.Fatal("slot not cleared")
	}
	if err := x.Commit(); err == nil {
		t.Fatal("second commit succeeded")
	}
}

// TestRollbackSubLazyParents: the top-level xid is assigned inside the
// subtransaction (the first write happens there); rolling the
// subtransaction back must keep it.
func TestRollbackSubLazyParents(t *testing.T) {
	e := newTestEnv(t, 2)
	m := e.mgr(0)
	x := m.Begin()
	x.BeginSub()
	x.BeginSub()
	inner := xid(t, x) // assigns top, the outer sub, then this one
	top, outer := x.TopXid(), x.levels[1].xid
	if !(top < outer && outer < inner) {
		t.Fatalf("xids %d %d %d not in level order", top, outer, inner)
	}
	if err := x.RollbackSub(); err != nil {
		t.Fatal(err)
	}
	if !x.IsCurrent(top) || !x.IsCurrent(outer) || x.IsCurrent(inner) {
		t.Fatalf("after rolling back the inner level: cur %v", x.cur)
	}
	if err := x.RollbackSub(); err != nil {
		t.Fatal(err)
	}
	if !x.IsCurrent(top) || x.IsCurrent(outer) || len(x.cur) != 1 {
		t.Fatalf("after rolling back the outer level: cur %v", x.cur)
	}
	if r, _ := e.mgr(1).IsRunning(top); !r {
		t.Fatal("top no longer running")
	}
	commit(t, x)
	for _, c := range []struct {
		xid  uint64
		want XidStatus
	}{{top, StatusCommitted}, {outer, StatusAborted}, {inner, StatusAborted}} {
		if st := status(t, e.mgr(1), c.xid); st != c.want {
			t.Errorf("xid %d: %v, want %v", c.xid, st, c.want)
		}
	}
}
