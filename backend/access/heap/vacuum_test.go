package heap_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// vacuum runs both heap passes, with dropIndex standing for the index
// pass between them (nil: no index).
func (e *env) vacuum(dropIndex func([]tuple.TID)) heap.VacuumStats {
	e.t.Helper()
	var st heap.VacuumStats
	dead, err := e.h.VacuumScan(e.m.Horizon(), &st, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if dropIndex != nil {
		dropIndex(dead)
	}
	if err := e.h.VacuumDead(dead, &st); err != nil {
		e.t.Fatal(err)
	}
	return st
}

// fillAndKill inserts n rows of width bytes, then deletes those for which
// kill says so, in committed transactions, and returns every TID by id.
func (e *env) fillAndKill(base, n int, width int, kill func(i int) bool) []tuple.TID {
	tids := make([]tuple.TID, n)
	tx := e.m.Begin()
	for i := range n {
		tids[i] = e.insert(tx, row(int64(base+i), 0, strings.Repeat("x", width)))
	}
	tx.Commit()
	tx = e.m.Begin()
	for i := range n {
		if kill(i) {
			if res, err := e.h.Delete(tx, tids[i]); err != nil || res.Status != heap.TMOk {
				e.t.Fatalf("delete %d: %v %+v", i, err, res)
			}
		}
	}
	tx.Commit()
	return tids
}

func TestVacuumDeadItemsWaitForIndexes(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		tids := e.fillAndKill(0, 400, 100, func(i int) bool { return i%2 == 0 })
		var st heap.VacuumStats
		dead, err := e.h.VacuumScan(e.m.Horizon(), &st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(dead) != 200 || st.DeadItems != 200 || st.TuplesRemoved != 200 || st.LiveTuples != 200 {
			t.Fatalf("first pass: %d dead, stats %+v", len(dead), st)
		}
		// Until the indexes are cleaned the line pointers stay dead, so an
		// insert cannot take their slots.
		for i := 0; i < 400; i += 2 {
			if f := itemFlags(e, tids[i]); f != page.Dead {
				t.Fatalf("row %d: %v after the first pass", i, f)
			}
		}
		e.insertCommitted(row(1000, 0, "new"))
		for i := 0; i < 400; i += 2 {
			if f := itemFlags(e, tids[i]); f != page.Dead {
				t.Fatalf("row %d: slot reused before the second pass (%v)", i, f)
			}
		}
		// A live version named by mistake is left alone.
		bogus := append([]tuple.TID{tids[1]}, dead...)
		heap.SortTIDs(bogus)
		if err := e.h.VacuumDead(bogus, &st); err != nil {
			t.Fatal(err)
		}
		if st.ItemsFreed != 200 {
			t.Fatalf("second pass freed %d", st.ItemsFreed)
		}
		for i := range 400 {
			want := page.Unused
			if i%2 == 1 {
				want = page.Normal
			}
			if f := itemFlags(e, tids[i]); f != want && !(f == page.Normal && i%2 == 0) {
				t.Fatalf("row %d: %v, want %v", i, f, want)
			}
		}
		got := e.scanAll(e.read())
		if len(got) != 201 {
			t.Fatalf("%d rows after vacuum", len(got))
		}
		// Free space went back to the map: rows of the same size go into
		// the freed room rather than new pages.
		n0, _ := e.h.Nblocks()
		tx := e.m.Begin()
		for i := range 150 {
			e.insert(tx, row(int64(2000+i), 0, strings.Repeat("y", 100)))
		}
		tx.Commit()
		if n1, _ := e.h.Nblocks(); n1 != n0 {
			t.Fatalf("relation grew from %d to %d pages despite the freed room", n0, n1)
		}
		e.check()
	})
}

func TestVacuumHOTAndUpdatedRows(t *testing.T) {
	forEachPool(t, envOpts{fillFactor: 70}, func(t *testing.T, e *env) {
		tids := e.fillAndKill(0, 200, 40, func(int) bool { return false })
		for round := range 5 {
			tx := e.m.Begin()
			for i := range tids {
				// Every third update changes an indexed column (not HOT).
				tids[i] = e.update(tx, tids[i], row(int64(i), int32(round+1), strings.Repeat("z", 40)), i%3 == 0).NewTID
			}
			tx.Commit()
		}
		st := e.vacuum(nil)
		if st.LiveTuples != 200 || st.ItemsFreed != st.DeadItems || st.DeadItems == 0 {
			t.Fatalf("stats %+v", st)
		}
		got := e.scanAll(e.read())
		for i := range 200 {
			if got[int64(i)] != "5:"+strings.Repeat("z", 40) {
				t.Fatalf("row %d = %q", i, got[int64(i)])
			}
		}
		// A second VACUUM has nothing to do.
		if st2 := e.vacuum(nil); st2.TuplesRemoved != 0 || st2.DeadItems != 0 {
			t.Fatalf("second vacuum %+v", st2)
		}
		e.check()
	})
}

// truncEnv is a bufmgr pool over MemStorage, which can truncate.
func truncEnv(t *testing.T, views int) (*heaptest.MemStorage, []*bufmgr.Pool, *heaptest.Manager) {
	st := heaptest.NewMemStorage()
	pools, err := heaptest.RealPools(64, views, st, bufmgr.Hooks{
		Verify:      func(tg bufmgr.Tag, p []byte) error { return page.Page(p).Verify(tg.Block) },
		BeforeWrite: func(tg bufmgr.Tag, p []byte) { page.Page(p).SetChecksum(tg.Block) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, pools, heaptest.NewManager()
}

func openHeap(t testing.TB, pool heap.BufferPool) *heap.Heap {
	h, err := heap.Open(pool, heap.Config{Rel: mainRel, Name: "t", Desc: rowDesc})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestVacuumTruncatesEmptyTail(t *testing.T) {
	st, pools, m := truncEnv(t, 1)
	e := &env{t: t, name: "bufmgr", pool: pools[0], m: m, h: openHeap(t, pools[0])}
	tids := e.fillAndKill(0, 600, 200, func(i int) bool { return i >= 150 })
	n0, _ := e.h.Nblocks()
	vs := e.vacuum(nil)
	if vs.ItemsFreed != 450 {
		t.Fatalf("stats %+v", vs)
	}
	cut, err := e.h.TruncateEmpty(st)
	if err != nil {
		t.Fatal(err)
	}
	n1, _ := e.h.Nblocks()
	last := tids[149].Block
	if n1 != last+1 || cut != n0-n1 {
		t.Fatalf("%d pages, truncated %d to %d; the last row is on block %d", n0, cut, n1, last)
	}
	if got := e.scanAll(e.read()); len(got) != 150 {
		t.Fatalf("%d rows after truncation", len(got))
	}
	// The relation grows again normally, and nothing is truncated twice.
	e.fillAndKill(10000, 300, 200, func(int) bool { return false })
	if got := e.scanAll(e.read()); len(got) != 450 {
		t.Fatalf("%d rows after refilling", len(got))
	}
	if cut, err := e.h.TruncateEmpty(st); err != nil || cut != 0 {
		t.Fatalf("second truncation: %d, %v", cut, err)
	}
	e.check()
}

// A reader with its own view scans and fetches while another view
// vacuums and truncates: it sees every live row exactly once, and never
// an error.
func TestVacuumConcurrentReaders(t *testing.T) {
	if raceEnabled {
		// The readers are goroutines sharing the pool's memory as Go
		// memory: hint bits set under a shared content lock (as
		// PostgreSQL sets them) are a benign race the detector reports.
		// cmd/ringpg's TestVacuum runs the same check across processes.
		t.Skip("hint-bit updates under a shared lock race by design")
	}
	st, pools, m := truncEnv(t, 3)
	h := openHeap(t, pools[0])
	e := &env{t: t, name: "bufmgr", pool: pools[0], m: m, h: h}
	var live []tuple.TID
	for round := range 4 {
		tids := e.fillAndKill(round*1000, 500, 150, func(i int) bool { return i%5 != 0 || round == 3 })
		for i, tid := range tids {
			if i%5 == 0 && round != 3 {
				live = append(live, tid)
			}
		}
	}
	want := len(live)
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for r := 1; r <= 2; r++ {
		wg.Add(1)
		go func(pool *bufmgr.Pool, fetch bool) {
			defer wg.Done()
			rh := openHeap(t, pool)
			for !stop.Load() {
				tx := m.Begin()
				snap := tx.Snapshot()
				tx.Commit()
				if fetch {
					for _, tid := range live {
						if _, ok, err := rh.Fetch(snap, tid); err != nil || !ok {
							errs <- errorf("fetch %v: %v %v", tid, ok, err)
							return
						}
					}
					continue
				}
				s, err := rh.Scan(snap)
				if err != nil {
					errs <- err
					return
				}
				n := 0
				for s.Next() {
					n++
				}
				if s.Err() != nil || n != want {
					errs <- errorf("scan saw %d rows of %d: %v", n, want, s.Err())
					return
				}
			}
		}(pools[r], r == 2)
	}
	for range 3 {
		vs := e.vacuum(nil)
		if _, err := h.TruncateEmpty(st); err != nil {
			t.Error(err)
		}
		_ = vs
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// A reader's pin can stop a truncation part way; what is left of the
	// empty tail then may be too short to be worth another (TruncateEmpty
	// cuts at least 1000 pages or a sixteenth of the relation).
	if n, _ := h.Nblocks(); n > live[len(live)-1].Block+1 && n-live[len(live)-1].Block-1 >= max(1, n/16) {
		t.Errorf("%d pages left, last live row on block %d", n, live[len(live)-1].Block)
	}
	e.check()
}

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// A page set aside for truncation passes verification when read back from
// storage, and offers no room.
func TestTruncatingPageVerifies(t *testing.T) {
	p := page.Page(make([]byte, page.Size))
	p.Init(page.Size - page.HeaderSize)
	p.SetChecksum(3)
	if err := p.Verify(3); err != nil {
		t.Fatal(err)
	}
	if p.FreeSpace() != 0 || p.MaxOffset() != 0 {
		t.Fatalf("free %d, max offset %d", p.FreeSpace(), p.MaxOffset())
	}
}

// BenchmarkVacuum: both heap passes over a 100k-row table of
// pgbench_accounts-like rows with every other row deleted (the index
// pass between them is btree's and not measured here).
func BenchmarkVacuum(b *testing.B) {
	const rows = 100_000
	b.ReportAllocs()
	var pages uint32
	for range b.N {
		b.StopTimer()
		e := newEnv(b, "bufmgr", envOpts{nbuffers: benchPool})
		tids := fill(b, e, rows)
		tx := e.m.Begin()
		for i := 0; i < rows; i += 2 {
			if res, err := e.h.Delete(tx, tids[i]); err != nil || res.Status != heap.TMOk {
				b.Fatal(err, res)
			}
		}
		tx.Commit()
		pages, _ = e.h.Nblocks()
		b.StartTimer()
		var st heap.VacuumStats
		dead, err := e.h.VacuumScan(e.m.Horizon(), &st, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := e.h.VacuumDead(dead, &st); err != nil {
			b.Fatal(err)
		}
		if st.ItemsFreed != rows/2 {
			b.Fatalf("freed %d", st.ItemsFreed)
		}
	}
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/vacuum")
}

// An inserter with its own view keeps adding rows while another view
// empties the tail, vacuums and truncates, over and over: no row the
// inserter committed is lost, whatever page it went to.
func TestVacuumTruncateWithConcurrentInserts(t *testing.T) {
	st, pools, m := truncEnv(t, 2)
	h := openHeap(t, pools[0])
	e := &env{t: t, name: "bufmgr", pool: pools[0], m: m, h: h}
	var stop atomic.Bool
	done := make(chan error, 1)
	var kept []tuple.TID
	go func() {
		ih := openHeap(t, pools[1])
		for i := 0; !stop.Load(); i++ {
			tx := m.Begin()
			tid, err := ih.Insert(tx, row(int64(1_000_000+i), 0, strings.Repeat("k", 300)), nil)
			if err != nil {
				tx.Abort()
				done <- err
				return
			}
			tx.Commit()
			if i%50 != 0 {
				// Most rows go again, so that the tail empties while
				// this inserter is busy.
				tx = m.Begin()
				if res, err := ih.Delete(tx, tid); err != nil || res.Status != heap.TMOk {
					tx.Abort()
					done <- fmt.Errorf("delete %v: %v %+v", tid, err, res)
					return
				}
				tx.Commit()
				continue
			}
			kept = append(kept, tid)
		}
		done <- nil
	}()
	truncated := uint32(0)
	for round := range 30 {
		e.fillAndKill(round*1000, 200, 300, func(int) bool { return true })
		e.vacuum(nil)
		cut, err := h.TruncateEmpty(st)
		if err != nil {
			t.Fatal(err)
		}
		truncated += cut
	}
	stop.Store(true)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	snap := e.read()
	got := e.scanAll(snap)
	if truncated == 0 {
		// Whether the inserter's kept rows leave an empty tail to cut
		// depends on timing; TestVacuumTruncatesEmptyTail covers the cut itself.
		// What matters here is that no committed row is lost.
		t.Log("the inserter kept the tail busy: nothing was truncated this run")
	}
	if len(got) != len(kept) {
		t.Fatalf("scan finds %d rows, the inserter committed %d", len(got), len(kept))
	}
	for _, tid := range kept {
		if e.fetchValue(snap, tid) == "" {
			t.Fatalf("row at %v lost", tid)
		}
	}
	t.Logf("%d rows kept, %d pages truncated in all", len(kept), truncated)
	e.check()
}
