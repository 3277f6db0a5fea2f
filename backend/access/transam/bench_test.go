package transam

import (
	"testing"

	"ringpg/backend/access/heap/tuple"
)

// BenchmarkSnapshot takes snapshots with 100 other proc slots running a
// transaction each (PostgreSQL's GetSnapshotData with 100 connections is
// the reference): computed from the running array, and reused when no
// transaction has ended since.
func BenchmarkSnapshot(b *testing.B) {
	for _, c := range []struct {
		name  string
		subs  int
		reuse bool
	}{{"100xids", 0, false}, {"100xids+2subs", 2, false}, {"100xids/reused", 0, true}} {
		b.Run(c.name, func(b *testing.B) {
			e := newTestEnv(b, 101)
			for i := 1; i <= 100; i++ {
				x := e.mgr(i).Begin()
				xid(b, x)
				for range c.subs {
					x.BeginSub()
					xid(b, x)
				}
			}
			m := e.mgr(0)
			x := m.Begin()
			b.ReportAllocs()
			b.ResetTimer()
			var s *Snapshot
			for range b.N {
				// Without a transaction ending in between, the last
				// snapshot is reused; forget it to measure the scan.
				if !c.reuse {
					m.lastValid = false
				}
				s = x.SnapshotInto(s)
			}
			b.StopTimer()
			if s.nrun != 100*(1+c.subs) {
				b.Fatalf("%d running", len(s.running))
			}
		})
	}
}

// BenchmarkVisible checks versions without hint bits: committed xmins
// spread over many xids (commit log lookups) and one running xmin.
func BenchmarkVisible(b *testing.B) {
	e := newTestEnv(b, 4)
	m := e.mgr(1)
	var xids []uint64
	for range 4096 {
		x := m.Begin()
		xids = append(xids, xid(b, x))
		commit(b, x)
	}
	running := xid(b, e.mgr(2).Begin())
	s := e.mgr(0).Begin().Snapshot().WithoutHints()
	b.Run("committed", func(b *testing.B) {
		for i := range b.N {
			h := tuple.Header{Xmin: xids[i%len(xids)]}
			if !s.Visible(&h) {
				b.Fatal("invisible")
			}
		}
	})
	b.Run("hinted", func(b *testing.B) {
		for i := range b.N {
			h := tuple.Header{Xmin: xids[i%len(xids)], Infomask: tuple.XminCommitted | tuple.XmaxInvalid}
			if !s.Visible(&h) {
				b.Fatal("invisible")
			}
		}
	})
	b.Run("running", func(b *testing.B) {
		for range b.N {
			h := tuple.Header{Xmin: running}
			if s.Visible(&h) {
				b.Fatal("visible")
			}
		}
	})
}

// BenchmarkAssignCommit is a write transaction's own cost: one xid, one
// commit.
func BenchmarkAssignCommit(b *testing.B) {
	e := newTestEnv(b, 4)
	m := e.mgr(0)
	b.ReportAllocs()
	for range b.N {
		x := m.Begin()
		xid(b, x)
		commit(b, x)
	}
}
