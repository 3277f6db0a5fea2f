package transam

import (
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// TestHorizon follows OldestXmin as transactions and snapshots come and
// go, and a version deleted by a committed transaction from RecentlyDead
// to Dead.
func TestHorizon(t *testing.T) {
	e := newTestEnv(t, 4)
	m0, m1, m2 := e.mgr(0), e.mgr(1), e.mgr(2)
	if h := m0.Horizon().OldestXmin(); h != m0.NextXid() {
		t.Fatalf("idle horizon %d, next xid %d", h, m0.NextXid())
	}
	// A reader without an xid holds the horizon at its snapshot's xmin.
	writer := m1.Begin()
	w := xid(t, writer)
	reader := m2.Begin()
	rs := reader.Snapshot()
	if rs.Xmin() != w {
		t.Fatalf("reader xmin %d, want the running %d", rs.Xmin(), w)
	}
	deleter := m0.Begin()
	d := xid(t, deleter)
	commit(t, deleter)
	commit(t, writer)
	if h := m0.Horizon().OldestXmin(); h != w {
		t.Fatalf("horizon %d with a snapshot whose xmin is %d", h, w)
	}
	dead := tuple.Header{Xmin: FrozenXid, Xmax: d}
	if got := m0.Horizon().PruneStatus(&dead); got != heap.RecentlyDead {
		t.Fatalf("deleted under a live snapshot: %v", got)
	}
	if visible(rs, FrozenXid) != true {
		t.Fatal("frozen row invisible")
	}
	h := tuple.Header{Xmin: FrozenXid, Xmax: d}
	if !rs.Visible(&h) {
		t.Fatal("the reader's snapshot no longer sees the row its xmin protects")
	}
	commit(t, reader)
	if got := m0.Horizon().OldestXmin(); got != m0.NextXid() {
		t.Fatalf("horizon %d after everything ended, next xid %d", got, m0.NextXid())
	}
	dead = tuple.Header{Xmin: FrozenXid, Xmax: d}
	if got := m0.Horizon().PruneStatus(&dead); got != heap.Dead {
		t.Fatalf("deleted and nobody looking: %v", got)
	}
	// A running transaction without a snapshot holds it at its xid.
	tx := m1.Begin()
	id := xid(t, tx)
	if h := m0.Horizon().OldestXmin(); h != id {
		t.Fatalf("horizon %d with %d running", h, id)
	}
	tx.Abort()
}
