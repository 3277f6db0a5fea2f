package transam

import (
	"fmt"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// visFixture is a set of transactions in known states, seen from the own
// transaction (slot 0) through a snapshot taken at command 2:
//
//	C, C2   committed before the snapshot
//	A       aborted
//	X       crashed: assigned, never ended, no longer running
//	O       the own transaction (current top level)
//	OA      a subtransaction of O, rolled back
//	OS      a subtransaction of O, released (current)
//	R       running (slot 2)
//	CA      running when the snapshot was taken, committed since
type visFixture struct {
	e                                   *testEnv
	own                                 *Xact
	snap                                *Snapshot
	C, C2, A, X, O, OA, OS, R, CA, Next uint64
}

func newVisFixture(t *testing.T) *visFixture {
	e := newTestEnv(t, 8)
	f := &visFixture{e: e}
	m1 := e.mgr(1)
	tx := m1.Begin()
	f.C = xid(t, tx)
	commit(t, tx)
	tx = m1.Begin()
	f.C2 = xid(t, tx)
	commit(t, tx)
	tx = m1.Begin()
	f.A = xid(t, tx)
	tx.Abort()
	// A crash: the process vanished (its slot was cleared by a restart of
	// its entry) without ending the transaction in the commit log.
	m4 := e.mgr(4)
	f.X = xid(t, m4.Begin())
	m4.xids[4].Store(0)
	m4.cur = nil

	f.own = e.mgr(0).Begin()
	f.O = xid(t, f.own)
	f.own.BeginSub()
	f.OA = xid(t, f.own)
	if err := f.own.RollbackSub(); err != nil {
		t.Fatal(err)
	}
	f.own.BeginSub()
	f.OS = xid(t, f.own)
	if err := f.own.ReleaseSub(); err != nil {
		t.Fatal(err)
	}
	f.R = xid(t, e.mgr(2).Begin())
	ca := e.mgr(3).Begin()
	f.CA = xid(t, ca)
	for range 2 {
		if err := f.own.CommandCounterIncrement(); err != nil {
			t.Fatal(err)
		}
	}
	f.snap = f.own.Snapshot()
	commit(t, ca)
	f.Next = e.mgr(0).NextXid()
	return f
}

const lockOnly = tuple.XmaxLockOnly | tuple.XmaxExcl

type visCase struct {
	name     string
	h        tuple.Header
	visible  bool
	hints    uint16 // hint bits Visible sets
	update   heap.TMResult
	live     bool
	wait     uint64
	prune    heap.PruneStatus
	noUpdate bool // SatisfiesUpdate not meaningful
}

func (f *visFixture) cases() []visCase {
	h := func(xmin, xmax uint64, cid uint32, mask uint16) tuple.Header {
		return tuple.Header{Xmin: xmin, Xmax: xmax, Cid: cid, Infomask: mask}
	}
	const (
		xminC = tuple.XminCommitted
		xminI = tuple.XminInvalid
		xmaxC = tuple.XmaxCommitted
		xmaxI = tuple.XmaxInvalid
	)
	return []visCase{
		{"committed insert", h(f.C, 0, 0, 0), true, xminC, heap.TMOk, true, 0, heap.Live, false},
		{"bootstrap insert", h(BootstrapXid, 0, 0, 0), true, xminC, heap.TMOk, true, 0, heap.Live, false},
		{"frozen insert", h(FrozenXid, 0, 0, 0), true, xminC, heap.TMOk, true, 0, heap.Live, false},
		{"aborted insert", h(f.A, 0, 0, 0), false, xminI, heap.TMInvisible, false, 0, heap.Dead, false},
		{"crashed insert", h(f.X, 0, 0, 0), false, xminI, heap.TMInvisible, false, 0, heap.Dead, false},
		{"running insert", h(f.R, 0, 0, 0), false, 0, heap.TMInvisible, false, f.R, heap.Live, false},
		{"insert committed after snapshot", h(f.CA, 0, 0, 0), false, 0, heap.TMOk, true, 0, heap.Live, false},
		{"never assigned xmin", h(f.Next+100, 0, 0, 0), false, 0, heap.TMInvisible, false, 0, heap.Dead, false},
		{"hinted invalid xmin", h(f.C, 0, 0, xminI), false, 0, heap.TMInvisible, false, 0, heap.Dead, false},
		{"deleted by aborted", h(f.C, f.A, 0, 0), true, xminC | xmaxI, heap.TMOk, true, 0, heap.Live, false},
		{"deleted by crashed", h(f.C, f.X, 0, 0), true, xminC | xmaxI, heap.TMOk, true, 0, heap.Live, false},
		{"deleted by running", h(f.C, f.R, 0, 0), true, xminC, heap.TMBeingModified, true, f.R, heap.Live, false},
		{"deleted by committed", h(f.C, f.C2, 0, 0), false, xminC | xmaxC, heap.TMUpdated, false, 0, heap.Dead, false},
		{"deleted, both hinted", h(f.C, f.C2, 0, xminC|xmaxC), false, 0, heap.TMUpdated, false, 0, heap.Dead, false},
		{"deleted after snapshot", h(f.C, f.CA, 0, 0), true, xminC, heap.TMUpdated, false, 0, heap.RecentlyDead, false},
		{"deleted after snapshot, hinted", h(f.C, f.CA, 0, xminC|xmaxC), true, 0, heap.TMUpdated, false, 0, heap.RecentlyDead, false},
		{"xmax invalid hint", h(f.C, f.C2, 0, xminC|xmaxI), true, 0, heap.TMOk, true, 0, heap.Live, false},
		{"locked by running", h(f.C, f.R, 0, lockOnly), true, xminC, heap.TMBeingModified, true, 0, heap.Live, false},
		{"locked by finished", h(f.C, f.C2, 0, lockOnly), true, xminC, heap.TMOk, true, 0, heap.Live, false},
		{"key-share locked by running", h(f.C, f.R, 0, tuple.XmaxLockOnly|tuple.XmaxKeyShr), true, xminC, heap.TMBeingModified, true, 0, heap.Live, false},
		{"locked by us", h(f.C, f.O, 0, lockOnly), true, xminC, heap.TMBeingModified, true, 0, heap.Live, false},
		{"own insert, earlier command", h(f.O, 0, 1, 0), true, 0, heap.TMOk, true, 0, heap.Live, false},
		{"own insert, this command", h(f.O, 0, 2, 0), false, 0, heap.TMInvisible, true, 0, heap.Live, false},
		{"own insert, later command", h(f.O, 0, 3, 0), false, 0, heap.TMInvisible, true, 0, heap.Live, false},
		{"own insert in released subxact", h(f.OS, 0, 0, 0), true, 0, heap.TMOk, true, 0, heap.Live, false},
		{"own insert in rolled back subxact", h(f.OA, 0, 0, 0), false, xminI, heap.TMInvisible, false, 0, heap.Dead, false},
		{"own insert, own delete earlier", h(f.O, f.O, 1, 0), false, 0, heap.TMInvisible, false, 0, heap.Live, false},
		{"own insert, own delete this command", h(f.O, f.O, 2, 0), true, 0, heap.TMSelfModified, false, 0, heap.Live, false},
		{"own insert, delete by subxact", h(f.O, f.OS, 1, 0), false, 0, heap.TMInvisible, false, 0, heap.Live, false},
		{"own insert, delete rolled back", h(f.O, f.OA, 1, 0), true, xmaxI, heap.TMOk, true, 0, heap.Live, false},
		{"own insert, own lock", h(f.O, f.O, 1, lockOnly), true, 0, heap.TMBeingModified, true, 0, heap.Live, false},
		{"committed, own delete earlier", h(f.C, f.O, 1, 0), false, xminC, heap.TMInvisible, false, 0, heap.Live, false},
		{"committed, own delete this command", h(f.C, f.O, 2, 0), true, xminC, heap.TMSelfModified, false, 0, heap.Live, false},
		{"committed, delete by released subxact", h(f.C, f.OS, 0, 0), false, xminC, heap.TMInvisible, false, 0, heap.Live, false},
		{"committed, delete by rolled back subxact", h(f.C, f.OA, 0, 0), true, xminC | xmaxI, heap.TMOk, true, 0, heap.Live, false},
		{"committed, locked by released subxact", h(f.C, f.OS, 0, lockOnly), true, xminC, heap.TMOk, true, 0, heap.Live, false},
	}
}

func TestVisibilityRules(t *testing.T) {
	f := newVisFixture(t)
	z := f.e.mgr(0).Horizon()
	if z.OldestXmin() > f.O || z.OldestXmin() < f.C2 {
		t.Fatalf("horizon %d, want in [%d, %d]", z.OldestXmin(), f.C2, f.O)
	}
	for _, c := range f.cases() {
		t.Run(c.name, func(t *testing.T) {
			h := c.h
			if got := f.snap.Visible(&h); got != c.visible {
				t.Errorf("Visible = %v, want %v", got, c.visible)
			}
			if got := h.Infomask &^ c.h.Infomask; got != c.hints {
				t.Errorf("Visible set hints %#04x, want %#04x", got, c.hints)
			}
			h = c.h
			if got := f.snap.WithoutHints().Visible(&h); got != c.visible || h.Infomask != c.h.Infomask {
				t.Errorf("WithoutHints: Visible = %v infomask %#04x", got, h.Infomask)
			}
			h = c.h
			if got := f.own.SatisfiesUpdate(&h); got != c.update {
				t.Errorf("SatisfiesUpdate = %v, want %v", got, c.update)
			}
			h = c.h
			live, wait := f.own.SatisfiesDirty(&h)
			if live != c.live || wait != c.wait {
				t.Errorf("SatisfiesDirty = %v, %d; want %v, %d", live, wait, c.live, c.wait)
			}
			h = c.h
			if got := z.PruneStatus(&h); got != c.prune {
				t.Errorf("PruneStatus = %v, want %v", got, c.prune)
			}
			// Whatever hints a check set must not change any answer.
			h = c.h
			f.snap.Visible(&h)
			f.own.SatisfiesUpdate(&h)
			f.own.SatisfiesDirty(&h)
			z.PruneStatus(&h)
			h2 := h
			if got := f.snap.Visible(&h2); got != c.visible {
				t.Errorf("hinted %#04x: Visible = %v", h.Infomask, got)
			}
			h2 = h
			if got := f.own.SatisfiesUpdate(&h2); got != c.update {
				t.Errorf("hinted %#04x: SatisfiesUpdate = %v", h.Infomask, got)
			}
			h2 = h
			if got := z.PruneStatus(&h2); got != c.prune {
				t.Errorf("hinted %#04x: PruneStatus = %v", h.Infomask, got)
			}
		})
	}
	if err := f.e.mgr(0).Err(); err != nil {
		t.Fatal(err)
	}
}

func (r visCase) String() string { return fmt.Sprintf("%s %+v", r.name, r.h) }
