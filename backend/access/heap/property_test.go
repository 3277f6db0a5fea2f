package heap_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
)

// The property test drives random inserts, updates (HOT and not, some
// with values big enough to toast), deletes, row locks, commits, aborts
// and prunes through up to three interleaved transactions, against a
// model of what each should see, and checks after every step that
// scans and index-style fetches agree with the model.

type modelRow struct {
	value  string      // committed "n:s"
	tid    tuple.TID   // the latest committed version
	roots  []tuple.TID // every index entry the row has had
	exists bool        // committed and not deleted
	holder *modelTx    // the open transaction that modified or locked it
}

type modelChange struct {
	value   string
	tid     tuple.TID
	deleted bool
	roots   []tuple.TID // index entries added by this transaction
}

type modelTx struct {
	tx      *heaptestMTx
	changes map[int64]*modelChange
}

type model struct {
	t      *testing.T
	e      *env
	r      *rand.Rand
	rows   map[int64]*modelRow
	open   []*modelTx
	nextID int64

	// An old reader: a snapshot and the committed state it should see.
	old     *heaptestMTx
	oldSnap *heaptest.Snapshot
	oldWant map[int64]string
}

func TestProperty(t *testing.T) {
	for _, kind := range poolKinds {
		t.Run(kind, func(t *testing.T) {
			seeds, steps := uint64(3), 700
			if raceEnabled || testing.Short() {
				seeds, steps = 2, 300
			}
			for seed := range seeds {
				e := newEnv(t, kind, envOpts{fillFactor: 80})
				m := &model{t: t, e: e, r: rand.New(rand.NewPCG(seed, 42)), rows: map[int64]*modelRow{}}
				m.run(steps)
			}
		})
	}
}

func (m *model) run(steps int) {
	for step := range steps {
		m.step()
		m.checkVisible()
		if step%50 == 49 {
			m.e.check()
		}
	}
	for len(m.open) > 0 {
		m.end(m.open[0], true)
	}
	m.checkVisible()
	m.e.check()
}

func (m *model) committed() map[int64]string {
	out := map[int64]string{}
	for id, r := range m.rows {
		if r.exists {
			out[id] = r.value
		}
	}
	return out
}

func (m *model) randomValue() [][]byte {
	n := int32(m.r.IntN(1000))
	var s string
	switch x := m.r.IntN(100); {
	case x < 4:
		s = string(randomBytes(2500+m.r.IntN(3000), m.r.Uint64())) // toasted
	case x < 8:
		s = strings.Repeat("c", 2500) // compressed in line
	default:
		s = strings.Repeat("v", m.r.IntN(400))
	}
	return row(0, n, s)
}

func valueOf(v [][]byte) string {
	p, _ := tuple.Payload(v[2])
	return itoa(int64(tuple.GetInt32(v[1]))) + ":" + string(p)
}

// pickRow returns a row tx may try to modify and the TID it would use:
// its own latest version, or the latest committed one.
func (m *model) pickRow(tx *modelTx) (int64, tuple.TID, bool) {
	var ids []int64
	for id, r := range m.rows {
		if c := tx.changes[id]; c != nil && !c.deleted || c == nil && r.exists {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0, tuple.TID{}, false
	}
	slices.Sort(ids)
	id := ids[m.r.IntN(len(ids))]
	if c := tx.changes[id]; c != nil {
		return id, c.tid, true
	}
	return id, m.rows[id].tid, true
}

func (m *model) step() {
	e, t := m.e, m.t
	if len(m.open) == 0 || len(m.open) < 3 && m.r.IntN(10) == 0 {
		m.open = append(m.open, &modelTx{tx: e.m.Begin(), changes: map[int64]*modelChange{}})
	}
	tx := m.open[m.r.IntN(len(m.open))]
	switch op := m.r.IntN(100); {
	case op < 25: // insert
		id := m.nextID
		m.nextID++
		v := m.randomValue()
		v[0] = tuple.Int64(id)
		tid := e.insert(tx.tx, v)
		m.rows[id] = &modelRow{holder: tx}
		tx.changes[id] = &modelChange{value: valueOf(v), tid: tid, roots: []tuple.TID{tid}}
	case op < 60: // update
		id, tid, ok := m.pickRow(tx)
		if !ok {
			return
		}
		v := m.randomValue()
		v[0] = tuple.Int64(id)
		indexed := m.r.IntN(4) == 0
		res, err := e.h.Update(tx.tx, tid, v, nil, indexed)
		if err != nil {
			t.Fatal(err)
		}
		if !m.expectStatus(tx, id, res.Result) {
			return
		}
		if res.HOT && (indexed || res.NewTID.Block != tid.Block) {
			t.Fatalf("HOT update with indexed=%v from %v to %v", indexed, tid, res.NewTID)
		}
		c := m.change(tx, id)
		c.value, c.tid = valueOf(v), res.NewTID
		if !res.HOT {
			c.roots = append(c.roots, res.NewTID)
		}
	case op < 70: // delete
		id, tid, ok := m.pickRow(tx)
		if !ok {
			return
		}
		res, err := e.h.Delete(tx.tx, tid)
		if err != nil {
			t.Fatal(err)
		}
		if m.expectStatus(tx, id, res) {
			m.change(tx, id).deleted = true
		}
	case op < 75: // row lock
		id, tid, ok := m.pickRow(tx)
		if !ok {
			return
		}
		res, err := e.h.LockTuple(tx.tx, tid, heap.RowLockMode(1+m.r.IntN(4)))
		if err != nil {
			t.Fatal(err)
		}
		m.expectStatus(tx, id, res)
	case op < 85: // commit or abort
		m.end(tx, m.r.IntN(4) != 0)
		return
	case op < 93: // prune a page
		n, _ := e.h.Nblocks()
		if n > 0 {
			if _, err := e.h.Prune(uint32(m.r.IntN(int(n))), e.m.Horizon()); err != nil {
				t.Fatal(err)
			}
		}
	case op < 96: // an old reader starts or ends
		if m.old == nil {
			m.old = e.m.Begin()
			m.oldSnap = m.old.Snapshot()
			m.oldWant = m.committed()
		} else {
			m.old.Commit()
			m.old = nil
		}
	default: // a scan that prunes on the way
		snap := heaptest.PruningSnapshot{Snapshot: e.read(), Horizon: e.m.Horizon()}
		if got, want := e.scanAll(snap), m.committed(); !maps.Equal(got, want) {
			t.Fatalf("pruning scan: %d rows, model %d", len(got), len(want))
		}
	}
	tx.tx.Next()
}

// expectStatus checks a modification's result against the model: another
// open transaction holding the row means TMBeingModified with its xid.
// It records tx as the holder on success.
func (m *model) expectStatus(tx *modelTx, id int64, res heap.Result) bool {
	r := m.rows[id]
	if r.holder != nil && r.holder != tx {
		if res.Status != heap.TMBeingModified || res.Xmax != r.holder.tx.XID {
			m.t.Fatalf("row %d held by %d: got %+v", id, r.holder.tx.XID, res)
		}
		return false
	}
	if res.Status != heap.TMOk {
		m.t.Fatalf("row %d: got %+v, want TM_Ok", id, res)
	}
	r.holder = tx
	return true
}

func (m *model) change(tx *modelTx, id int64) *modelChange {
	c := tx.changes[id]
	if c == nil {
		r := m.rows[id]
		c = &modelChange{value: r.value, tid: r.tid}
		tx.changes[id] = c
	}
	return c
}

func (m *model) end(tx *modelTx, commit bool) {
	if commit {
		tx.tx.Commit()
	} else {
		tx.tx.Abort()
	}
	for id, c := range tx.changes {
		r := m.rows[id]
		if commit {
			r.value, r.tid, r.exists = c.value, c.tid, !c.deleted
			r.roots = append(r.roots, c.roots...)
		}
	}
	for id, r := range m.rows {
		if r.holder == tx {
			r.holder = nil
		}
		if !r.exists && len(r.roots) == 0 && r.holder == nil {
			delete(m.rows, id) // an insert that aborted
		}
	}
	for i, o := range m.open {
		if o == tx {
			m.open = append(m.open[:i], m.open[i+1:]...)
			break
		}
	}
}

// checkVisible compares scans and fetches with the model.
func (m *model) checkVisible() {
	e, t := m.e, m.t
	want := m.committed()
	if got := e.scanAll(e.read()); !maps.Equal(got, want) {
		t.Fatalf("scan: %d rows, model %d\n%v", len(got), len(want), diffKeys(got, want))
	}
	// Each open transaction sees the committed state and its own changes.
	for _, tx := range m.open {
		own := maps.Clone(want)
		for id, c := range tx.changes {
			if c.deleted {
				delete(own, id)
			} else {
				own[id] = c.value
			}
		}
		if got := e.scanAll(tx.tx.Snapshot()); !maps.Equal(got, own) {
			t.Fatalf("transaction %d: scan of %d rows, model %d\n%v", tx.tx.XID, len(got), len(own), diffKeys(got, own))
		}
	}
	if m.old != nil {
		if got := e.scanAll(m.oldSnap); !maps.Equal(got, m.oldWant) {
			t.Fatalf("old snapshot: %d rows, model %d", len(got), len(m.oldWant))
		}
	}
	// Through its index entries, a row is found exactly once.
	snap := e.read()
	for id, r := range m.rows {
		if len(r.roots) == 0 {
			continue
		}
		found := 0
		for _, root := range r.roots {
			if v, _ := e.hotValue(snap, root); v != "" {
				found++
				if v != r.value || !r.exists {
					t.Fatalf("row %d through %v: %.20q, model %.20q (exists %v)", id, root, v, r.value, r.exists)
				}
			}
		}
		if want := map[bool]int{true: 1, false: 0}[r.exists]; found != want {
			t.Fatalf("row %d found through %d of its index entries %v, want %d", id, found, r.roots, want)
		}
	}
}

func diffKeys(got, want map[int64]string) string {
	var b strings.Builder
	for id, v := range want {
		if g, ok := got[id]; !ok {
			b.WriteString("missing " + itoa(id) + "\n")
		} else if g != v {
			b.WriteString("differs " + itoa(id) + ": " + trunc(g) + " vs " + trunc(v) + "\n")
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			b.WriteString("extra " + itoa(id) + "\n")
		}
	}
	return b.String()
}

func trunc(s string) string {
	if len(s) > 20 {
		return s[:20] + "..."
	}
	return s
}
