package heap_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// workerModel is what one worker knows of its own rows: the latest TID
// and value of each, or nothing once deleted.
type workerModel struct {
	tid   map[int64]tuple.TID
	value map[int64]string
}

// runWorker inserts, updates, deletes and scans its own rows of h, in
// small transactions, some of which abort. Other workers do the same on
// the same pages at the same time; no row is touched by two workers, so
// every modification must succeed. It returns its rows as they should be.
func runWorker(h *heap.Heap, m heaptest.TxnSource, w, n int, seed uint64, prune func() *heaptest.Horizon) (*workerModel, error) {
	r := rand.New(rand.NewPCG(seed, uint64(w)))
	mod := &workerModel{tid: map[int64]tuple.TID{}, value: map[int64]string{}}
	var ids []int64
	valueFor := func(i int) string {
		if r.IntN(40) == 0 {
			return string(randomBytes(2100+r.IntN(4000), r.Uint64())) // toasted
		}
		return strings.Repeat(string(rune('a'+w)), r.IntN(120))
	}
	for i := range n {
		tx := m.Begin()
		pending := map[int64]*string{}
		pendTID := map[int64]tuple.TID{}
		id := int64(w*1_000_000 + i)
		v := valueFor(i)
		tid, err := h.Insert(tx, row(id, int32(i), v), nil)
		if err != nil {
			return nil, err
		}
		val := itoa(int64(i)) + ":" + v
		pending[id], pendTID[id] = &val, tid
		if len(ids) > 0 && r.IntN(3) == 0 {
			tx.Next()
			uid := ids[r.IntN(len(ids))]
			if _, ok := mod.tid[uid]; ok {
				nv := valueFor(i)
				res, err := h.Update(tx, mod.tid[uid], row(uid, int32(i), nv), nil, r.IntN(5) == 0)
				if err != nil {
					return nil, err
				}
				if res.Status != heap.TMOk {
					return nil, fmt.Errorf("worker %d: update of its own row %d: %+v", w, uid, res)
				}
				s := itoa(int64(i)) + ":" + nv
				pending[uid], pendTID[uid] = &s, res.NewTID
			}
		}
		if len(ids) > 0 && r.IntN(10) == 0 {
			tx.Next()
			did := ids[r.IntN(len(ids))]
			if _, ok := mod.tid[did]; ok && pending[did] == nil {
				res, err := h.Delete(tx, mod.tid[did])
				if err != nil {
					return nil, err
				}
				if res.Status != heap.TMOk {
					return nil, fmt.Errorf("worker %d: delete of its own row %d: %+v", w, did, res)
				}
				pending[did] = nil
				pendTID[did] = tuple.TID{}
			}
		}
		if r.IntN(8) == 0 {
			tx.Abort()
			continue
		}
		tx.Commit()
		ids = append(ids, id)
		for k, v := range pending {
			if v == nil {
				delete(mod.tid, k)
				delete(mod.value, k)
			} else {
				mod.tid[k], mod.value[k] = pendTID[k], *v
			}
		}
		if i%40 == 39 {
			if err := checkOwnRows(h, m, w, mod, prune); err != nil {
				return nil, err
			}
		}
	}
	return mod, checkOwnRows(h, m, w, mod, prune)
}

// checkOwnRows scans the table (pruning on the way) and checks that it
// sees exactly the worker's own rows as they should be, and that each
// row's latest TID fetches it.
func checkOwnRows(h *heap.Heap, m heaptest.TxnSource, w int, mod *workerModel, prune func() *heaptest.Horizon) error {
	tx := m.Begin()
	defer tx.Commit()
	snap := tx.Snapshot()
	snap.NoHints = true
	var s heap.Snapshot = snap
	if prune != nil {
		s = heaptest.PruningSnapshot{Snapshot: snap, Horizon: prune()}
	}
	sc, err := h.Scan(s)
	if err != nil {
		return err
	}
	seen := 0
	for sc.Next() {
		vals, nulls, err := h.Values(sc.Tuple())
		if err != nil {
			return err
		}
		id := tuple.GetInt64(vals[0])
		if int(id/1_000_000) != w {
			continue
		}
		want, ok := mod.value[id]
		if !ok {
			return fmt.Errorf("worker %d: row %d visible but deleted or aborted", w, id)
		}
		p := []byte("<null>")
		if !nulls[2] {
			if p, err = h.Detoast(vals[2]); err != nil {
				return err
			}
		}
		if got := itoa(int64(tuple.GetInt32(vals[1]))) + ":" + string(p); got != want {
			return fmt.Errorf("worker %d: row %d is %.20q, want %.20q", w, id, got, want)
		}
		if sc.Tuple().TID != mod.tid[id] {
			return fmt.Errorf("worker %d: row %d at %v, want %v", w, id, sc.Tuple().TID, mod.tid[id])
		}
		seen++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if seen != len(mod.value) {
		return fmt.Errorf("worker %d: scan saw %d of its rows, want %d", w, seen, len(mod.value))
	}
	return nil
}

// TestConcurrentWorkers runs several workers at once, each with its own
// view of one real buffer pool (as processes have), in goroutines so
// that the race detector watches every access to the shared pages. The
// workers' snapshots set no hint bits: a hint is written under a shared
// lock while other readers copy the same bytes, a race PostgreSQL
// accepts by design and the detector would report.
func TestConcurrentWorkers(t *testing.T) {
	const workers = 4
	n := 300
	if testing.Short() {
		n = 100
	}
	pools, err := heaptest.RealPools(48, workers+1, heaptest.NewMemStorage(), bufmgr.Hooks{
		Verify:      func(tg bufmgr.Tag, p []byte) error { return page.Page(p).Verify(tg.Block) },
		BeforeWrite: func(tg bufmgr.Tag, p []byte) { page.Page(p).SetChecksum(tg.Block) },
	})
	if err != nil {
		t.Fatal(err)
	}
	m := heaptest.NewManager()
	models := make([]*workerModel, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			h, err := openHeaps(pools[w+1])
			if err != nil {
				errs[w] = err
				return
			}
			models[w], errs[w] = runWorker(h, managerSource{m}, w, n, 1, m.Horizon)
			if n := pools[w+1].ReleaseAll(); n != 0 && errs[w] == nil {
				errs[w] = fmt.Errorf("worker %d left %d pins", w, n)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	h, err := openHeaps(pools[0])
	if err != nil {
		t.Fatal(err)
	}
	for w := range workers {
		if err := checkOwnRows(h, managerSource{m}, w, models[w], nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := pools[0].CheckIdle(); err != nil {
		t.Fatal(err)
	}
	if err := heaptest.CheckHeap(pools[0], h, m); err != nil {
		t.Fatal(err)
	}
}

func openHeaps(pool heap.BufferPool) (*heap.Heap, error) {
	toast, err := heap.Open(pool, heap.Config{Rel: toastRel, Name: "pg_toast_16384", Desc: heap.ToastDesc, NoIndexes: true})
	if err != nil {
		return nil, err
	}
	return heap.Open(pool, heap.Config{Rel: mainRel, Name: "t", Desc: rowDesc, Toast: toast, FillFactor: 90})
}

// managerSource adapts a Manager to TxnSource.
type managerSource struct{ m *heaptest.Manager }

func (s managerSource) Begin() heaptest.Txn { return s.m.Begin() }
