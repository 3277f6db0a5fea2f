package transam

import (
	"sync"
	"testing"
	"time"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/shm"
)

// The contract with the heap, exercised on real heap pages through the
// shared buffer pool: the Xact is its Txn, the Snapshot its Snapshot, the
// PruningSnapshot also its Horizon.
var (
	_ heap.Txn      = (*Xact)(nil)
	_ heap.Snapshot = (*Snapshot)(nil)
	_ heap.Horizon  = (*Horizon)(nil)
	_ heap.Snapshot = PruningSnapshot{}
	_ heap.Horizon  = PruningSnapshot{}
)

// memStorage keeps relation blocks in memory.
type memStorage struct {
	mu     sync.Mutex
	blocks map[bufmgr.Tag][]byte
	n      map[bufmgr.RelFork]uint32
}

func (s *memStorage) Read(t bufmgr.Tag, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	copy(buf, s.blocks[t])
	return nil
}

func (s *memStorage) Write(t bufmgr.Tag, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocks[t] = append([]byte(nil), buf...)
	return nil
}

func (s *memStorage) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocks[bufmgr.Tag{Spc: rf.Spc, DB: rf.DB, Rel: rf.Rel, Fork: rf.Fork, Block: blk}] = append([]byte(nil), buf...)
	s.n[rf] = blk + 1
	return nil
}

func (s *memStorage) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[rf], nil
}

// heapEnv is one relation (id int8, v text) seen by three "processes".
type heapEnv struct {
	mgrs  [3]*Manager
	heaps [3]*heap.Heap
}

var heapDesc = tuple.MustDesc(tuple.Int8Attr("id"), tuple.TextAttr("v"))

func newHeapEnv(t *testing.T) *heapEnv {
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	const nbuf = 16
	seg, err := shm.Create(shm.Config{MaxProcs: 3, HugePages: shm.HugeOff, Regions: []shm.RegionSpec{
		{Name: RegionName, Size: RegionSize(3)},
		{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(nbuf)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	st := &memStorage{blocks: map[bufmgr.Tag][]byte{}, n: map[bufmgr.RelFork]uint32{}}
	e := &heapEnv{}
	for i := range e.mgrs {
		if e.mgrs[i], err = Attach(seg, dir, i); err != nil {
			t.Fatal(err)
		}
		m := e.mgrs[i]
		t.Cleanup(func() { m.Close() })
		pool, err := bufmgr.Attach(seg.Region(bufmgr.RegionName), nbuf, seg.Waiters(), uint32(i), st, bufmgr.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		if e.heaps[i], err = heap.Open(pool, heap.Config{Rel: bufmgr.RelFork{Spc: 1663, DB: 5, Rel: 16384}, Name: "t", Desc: heapDesc}); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// rows returns id -> v of what snap sees through process p.
func (e *heapEnv) rows(t *testing.T, p int, snap heap.Snapshot) map[int64]string {
	t.Helper()
	s, err := e.heaps[p].Scan(snap)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[int64]string{}
	for s.Next() {
		vals, _, err := e.heaps[p].Values(s.Tuple())
		if err != nil {
			t.Fatal(err)
		}
		out[tuple.GetInt64(vals[0])] = string(vals[1][1:]) // short varlena header
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func hrow(id int64, v string) [][]byte { return [][]byte{tuple.Int64(id), tuple.Text(v)} }

func TestHeapEndToEnd(t *testing.T) {
	e := newHeapEnv(t)
	h0, h1, h2 := e.heaps[0], e.heaps[1], e.heaps[2]

	// Insert three rows; own later commands see them, others do not.
	tx := e.mgrs[0].Begin()
	var tids []tuple.TID
	for i := int64(1); i <= 3; i++ {
		tid, err := h0.Insert(tx, hrow(i, "a"), nil)
		if err != nil {
			t.Fatal(err)
		}
		tids = append(tids, tid)
	}
	if n := len(e.rows(t, 0, tx.Snapshot())); n != 0 {
		t.Fatalf("own rows of the current command visible: %d", n)
	}
	tx.CommandCounterIncrement()
	if n := len(e.rows(t, 0, tx.Snapshot())); n != 3 {
		t.Fatalf("own rows of an earlier command: %d visible", n)
	}
	other := e.mgrs[1].Begin()
	before := other.Snapshot()
	if n := len(e.rows(t, 1, before)); n != 0 {
		t.Fatalf("uncommitted rows visible to another: %d", n)
	}
	commit(t, tx)
	if n := len(e.rows(t, 1, before)); n != 0 {
		t.Fatalf("rows committed after the snapshot visible: %d", n)
	}
	if n := len(e.rows(t, 1, before.WithCid(5))); n != 0 {
		t.Fatal("WithCid changed what others' rows look like")
	}
	commit(t, other)

	// An update waits for a concurrent updater, then finds the row updated.
	t1 := e.mgrs[1].Begin()
	r, err := h1.Update(t1, tids[0], hrow(1, "b"), nil, false)
	if err != nil || r.Status != heap.TMOk {
		t.Fatalf("update: %v, %v", r.Status, err)
	}
	t2 := e.mgrs[2].Begin()
	r2, err := h2.Update(t2, tids[0], hrow(1, "c"), nil, false)
	if err != nil || r2.Status != heap.TMBeingModified || r2.Xmax != t1.CurrentXid() {
		t.Fatalf("concurrent update: %v xmax %d, %v", r2.Status, r2.Xmax, err)
	}
	done := make(chan error, 1)
	go func() { done <- e.mgrs[2].WaitXid(r2.Xmax, nil) }()
	time.Sleep(20 * time.Millisecond)
	commit(t, t1)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r2, err = h2.Update(t2, tids[0], hrow(1, "c"), nil, false)
	if err != nil || r2.Status != heap.TMUpdated || r2.Ctid != r.NewTID {
		t.Fatalf("update after the other committed: %v ctid %v (new %v), %v", r2.Status, r2.Ctid, r.NewTID, err)
	}
	t2.Abort()

	// A row lock blocks an update until the locker aborts.
	t1 = e.mgrs[1].Begin()
	if r, err := h1.LockTuple(t1, tids[2], heap.LockExclusive); err != nil || r.Status != heap.TMOk {
		t.Fatalf("lock: %v, %v", r.Status, err)
	}
	t2 = e.mgrs[2].Begin()
	if r, err := h2.Delete(t2, tids[2]); err != nil || r.Status != heap.TMBeingModified {
		t.Fatalf("delete of a locked row: %v, %v", r.Status, err)
	}
	t1.Abort()
	if r, err := h2.Delete(t2, tids[2]); err != nil || r.Status != heap.TMOk {
		t.Fatalf("delete after the locker aborted: %v, %v", r.Status, err)
	}
	commit(t, t2)

	// Subtransactions: a rolled-back insert vanishes, a released one
	// commits with the transaction; a rolled-back delete never happened.
	tx = e.mgrs[0].Begin()
	tx.BeginSub()
	if _, err := h0.Insert(tx, hrow(4, "gone"), nil); err != nil {
		t.Fatal(err)
	}
	if r, err := h0.Delete(tx, tids[1]); err != nil || r.Status != heap.TMOk {
		t.Fatalf("delete in subxact: %v, %v", r.Status, err)
	}
	tx.CommandCounterIncrement()
	if got := e.rows(t, 0, tx.Snapshot()); len(got) != 2 || got[4] != "gone" {
		t.Fatalf("inside the subtransaction: %v", got)
	}
	if err := tx.RollbackSub(); err != nil {
		t.Fatal(err)
	}
	tx.BeginSub()
	if _, err := h0.Insert(tx, hrow(5, "kept"), nil); err != nil {
		t.Fatal(err)
	}
	if err := tx.ReleaseSub(); err != nil {
		t.Fatal(err)
	}
	tx.CommandCounterIncrement()
	want := map[int64]string{1: "b", 2: "a", 5: "kept"}
	if got := e.rows(t, 0, tx.Snapshot()); !equalRows(got, want) {
		t.Fatalf("after rollback to savepoint: %v, want %v", got, want)
	}
	// The row the rolled-back subtransaction deleted can be deleted again.
	if r, err := h0.Delete(tx, tids[1]); err != nil || r.Status != heap.TMOk {
		t.Fatalf("delete after rollback: %v, %v", r.Status, err)
	}
	commit(t, tx)
	want = map[int64]string{1: "b", 5: "kept"}
	reader := e.mgrs[1].Begin()
	if got := e.rows(t, 1, reader.Snapshot()); !equalRows(got, want) {
		t.Fatalf("after commit: %v, want %v", got, want)
	}
	commit(t, reader)

	// With nobody looking, pruning removes every dead version.
	z := e.mgrs[0].Horizon()
	st, err := h0.Prune(0, z)
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed+st.Dead+st.Redirected == 0 {
		t.Fatalf("nothing pruned: %+v", st)
	}
	reader = e.mgrs[1].Begin()
	if got := e.rows(t, 1, reader.Snapshot().Pruning()); !equalRows(got, want) {
		t.Fatalf("after pruning: %v, want %v", got, want)
	}
	commit(t, reader)
	for _, m := range e.mgrs {
		if err := m.Err(); err != nil {
			t.Fatal(err)
		}
	}
}

func equalRows(a, b map[int64]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
