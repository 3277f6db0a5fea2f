package heap_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
)

// Benchmarks run against the real buffer pool in process memory, large
// enough that the data stays resident: they measure the heap, not I/O.
// Rows are pgbench_accounts-like: (int8, int4, 84-byte text).

const benchPool = 16384 // 128 MiB

var benchFiller = strings.Repeat("x", 84)

func benchEnv(b *testing.B) *env {
	return newEnv(b, "bufmgr", envOpts{nbuffers: benchPool})
}

// BenchmarkInsert: rows inserted per second, one transaction per 1000.
// Full pages are evicted to storage that drops them (the inserts never
// read them back), so the figure is the heap's, not a copy's.
func BenchmarkInsert(b *testing.B) {
	e := newEnv(b, "bufmgr", envOpts{nbuffers: 4096, storage: heaptest.NewNullStorage()})
	vals := row(0, 0, benchFiller)
	tx := e.m.Begin()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%1000 == 999 {
			tx.Commit()
			tx = e.m.Begin()
		}
		vals[0] = tuple.Int64(int64(i))
		if _, err := e.h.Insert(tx, vals, nil); err != nil {
			b.Fatal(err)
		}
	}
	tx.Commit()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// fill inserts n rows and returns their TIDs.
func fill(b *testing.B, e *env, n int) []tuple.TID {
	tids := make([]tuple.TID, n)
	tx := e.m.Begin()
	for i := range n {
		tid, err := e.h.Insert(tx, row(int64(i), int32(i), benchFiller), nil)
		if err != nil {
			b.Fatal(err)
		}
		tids[i] = tid
	}
	tx.Commit()
	// One scan sets the hint bits, as the first reader would.
	s, _ := e.h.Scan(e.read())
	for s.Next() {
	}
	return tids
}

// BenchmarkSeqScan: a full scan of 100,000 rows (about 14 MB) per
// iteration, visibility checked for every row; MB/s counts pages.
func BenchmarkSeqScan(b *testing.B) {
	e := benchEnv(b)
	const rows = 100_000
	fill(b, e, rows)
	n, _ := e.h.Nblocks()
	snap := e.read()
	b.SetBytes(int64(n) * 8192)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s, err := e.h.Scan(snap)
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for s.Next() {
			got++
		}
		if got != rows {
			b.Fatalf("scanned %d rows", got)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSeqScanDeform is BenchmarkSeqScan that also deforms each row.
func BenchmarkSeqScanDeform(b *testing.B) {
	e := benchEnv(b)
	const rows = 100_000
	fill(b, e, rows)
	n, _ := e.h.Nblocks()
	snap := e.read()
	vals, nulls := make([][]byte, 3), make([]bool, 3)
	b.SetBytes(int64(n) * 8192)
	b.ResetTimer()
	var sum int64
	for range b.N {
		s, _ := e.h.Scan(snap)
		for s.Next() {
			if err := tuple.DeformInto(rowDesc, s.Tuple().Data, vals, nulls); err != nil {
				b.Fatal(err)
			}
			sum += tuple.GetInt64(vals[0])
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	_ = sum
}

// BenchmarkFetch: one visible row by TID (heap_fetch), random order.
func BenchmarkFetch(b *testing.B) {
	e := benchEnv(b)
	tids := fill(b, e, 100_000)
	snap := e.read()
	r := rand.New(rand.NewPCG(1, 1))
	order := make([]tuple.TID, 1<<16)
	for i := range order {
		order[i] = tids[r.IntN(len(tids))]
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, ok, err := e.h.Fetch(snap, order[i&(len(order)-1)]); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkHotFetch: the same through HotFetch (an index scan's fetch).
func BenchmarkHotFetch(b *testing.B) {
	e := benchEnv(b)
	tids := fill(b, e, 100_000)
	snap := e.read()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, ok, err := e.h.HotFetch(snap, tids[(i*7919)%len(tids)]); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkUpdateHOT: pgbench's hot path on 1000 rows: find the row
// through its index entry (HotFetch, which prunes the page when it is
// worth it), update a non-indexed column, commit. The table must stay
// small: pruning makes room for the next HOT update.
func BenchmarkUpdateHOT(b *testing.B) {
	e := benchEnv(b)
	roots := fill(b, e, 1000)
	vals := row(0, 0, benchFiller)
	hot := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := (i * 7919) % len(roots)
		tx := e.m.Begin()
		snap := heaptest.PruningSnapshot{Snapshot: tx.Snapshot(), Horizon: e.m.Horizon()}
		t, ok, err := e.h.HotFetch(snap, roots[k])
		if !ok || err != nil {
			b.Fatal("row lost", err)
		}
		vals[0], vals[1] = tuple.Int64(int64(k)), tuple.Int32(int32(i))
		res, err := e.h.Update(tx, t.TID, vals, nil, false)
		if err != nil || res.Status != heap.TMOk {
			b.Fatal(res, err)
		}
		tx.Commit()
		if res.HOT {
			hot++
		} else {
			roots[k] = res.NewTID // a new index entry
		}
	}
	b.StopTimer()
	n, _ := e.h.Nblocks()
	b.ReportMetric(float64(n), "pages")
	b.ReportMetric(100*float64(hot)/float64(b.N), "%HOT")
}

// BenchmarkToast1MB: insert and read back a 1 MB compressible text.
func BenchmarkToast1MB(b *testing.B) {
	e := benchEnv(b)
	text := tuple.MakeVarlena([]byte(strings.Repeat("All work and no play makes Jack a dull boy. ", 1<<20/44)))
	vals := [][]byte{tuple.Int64(1), tuple.Int32(1), text}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		tx := e.m.Begin()
		tid, err := e.h.Insert(tx, vals, nil)
		if err != nil {
			b.Fatal(err)
		}
		tx.Next()
		t, ok, err := e.h.Fetch(tx.Snapshot(), tid)
		if !ok || err != nil {
			b.Fatal(ok, err)
		}
		v, _, _ := e.h.Values(&t)
		if _, err := e.h.Detoast(v[2]); err != nil {
			b.Fatal(err)
		}
		tx.Abort()
	}
}
