package transam

import (
	"sync/atomic"
	"testing"
	"time"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// TestEarlyLockRelease: a synchronous commit wakes its waiters before its
// record is durable; a writer that acts on it depends on it (sees it as
// committed, sets no hint bit saying so, ends after it), while a reader's
// snapshot still sees it as running until it is durable.
func TestEarlyLockRelease(t *testing.T) {
	e := newTestEnv(t, 4)
	mt, mu, mr := e.mgr(0), e.mgr(1), e.mgr(2)
	release := make(chan struct{})
	flushing := make(chan struct{})
	var flushed atomic.Uint64
	for _, m := range []*Manager{mt, mu, mr} {
		m.SetCommitLogger(func(top uint64, subs []uint64) (uint64, bool, error) { return top, true, nil },
			func(lsn uint64) error {
				if m == mt {
					close(flushing)
					<-release
				}
				for cur := flushed.Load(); lsn > cur && !flushed.CompareAndSwap(cur, lsn); cur = flushed.Load() {
				}
				return nil
			},
			func() uint64 { return flushed.Load() })
	}
	tx := mt.Begin()
	T := xid(t, tx)
	done := make(chan error, 1)
	go func() { done <- tx.Commit() }()
	<-flushing // T's record is in, its flush has not returned

	// A waiter for T goes on at once.
	waited := make(chan error, 1)
	go func() { waited <- mu.WaitXid(T, nil) }()
	select {
	case err := <-waited:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a waiter for T still waits while T's commit record is being flushed")
	}
	// A reader's snapshot still sees T running.
	if snap := mr.Begin().Snapshot(); !snap.XidInSnapshot(T) {
		t.Fatal("a reader's snapshot sees an undurable commit")
	}
	// A writer acting on T's version: committed, no hint, a dependency.
	xu := mu.Begin()
	U := xid(t, xu)
	h := tuple.Header{Xmin: T, Infomask: tuple.XmaxInvalid}
	if res := xu.SatisfiesUpdate(&h); res != heap.TMOk {
		t.Fatalf("SatisfiesUpdate of T's version: %v", res)
	}
	if h.Infomask&tuple.XminCommitted != 0 {
		t.Fatal("a hint bit says committed before the commit is durable")
	}
	if xu.Snapshot().XidInSnapshot(T) {
		t.Fatal("the writer's own snapshot does not see the commit it acted on")
	}
	// U's commit waits for T to leave the running array.
	uDone := make(chan error, 1)
	go func() { uDone <- xu.Commit() }()
	select {
	case err := <-uDone:
		t.Fatalf("U ended before T (%v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-uDone; err != nil {
		t.Fatal(err)
	}
	if st, _ := mr.Status(U); st != StatusCommitted {
		t.Fatalf("U is %v", st)
	}
	// Durable now: a reader sees T, and may hint.
	snap := mr.Begin().Snapshot()
	if snap.XidInSnapshot(T) {
		t.Fatal("T still running after its flush")
	}
	h = tuple.Header{Xmin: T, Infomask: tuple.XmaxInvalid}
	if !snap.Visible(&h) || h.Infomask&tuple.XminCommitted == 0 {
		t.Fatalf("T's version after the flush: visible %v, infomask %#x", snap.Visible(&h), h.Infomask)
	}
}
