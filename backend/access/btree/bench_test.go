package btree

import (
	"math/rand/v2"
	"sync"
	"syscall"
	"testing"
	"time"

	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/storage/bufmgr"
)

// Benchmarks on the real buffer pool (in ordinary memory, one process),
// with the index resident in it.
//
//	go test -run '^$' -bench . -benchtime 2s ./backend/access/btree

const benchKeys = 1_000_000

// cpuTimer reports the process's CPU time per operation beside the wall
// time: on a shared machine other processes stretch ns/op, much less the
// CPU the benchmark itself spent.
type cpuTimer struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU(b *testing.B) *cpuTimer {
	b.ResetTimer()
	return &cpuTimer{start: cpuNow()}
}

func (c *cpuTimer) report(b *testing.B) {
	b.ReportMetric(float64(cpuNow()-c.start)/float64(b.N), "cpu-ns/op")
}

var benchTree struct {
	once sync.Once
	pool *bufmgr.Pool
	ix   *Index
	err  error
}

// benchIndex returns a 1M-key index of int8 keys 0..999999 (TID i), built
// once and kept for every benchmark.
func benchIndex(b *testing.B) (*bufmgr.Pool, *Index) {
	benchTree.once.Do(func() {
		benchTree.pool = newLocalPools(b, 8192, 1)[0]
		benchTree.ix, benchTree.err = Build(benchTree.pool, testRel, Options{Name: "bench"}, BuildOptions{}, intSource(benchKeys))
	})
	if benchTree.err != nil {
		b.Fatal(benchTree.err)
	}
	return benchTree.pool, benchTree.ix
}

func BenchmarkPointLookup(b *testing.B) {
	_, ix := benchIndex(b)
	r := rand.New(rand.NewPCG(1, 1))
	keys := make([][]byte, 4096)
	for i := range keys {
		keys[i] = intKey(int64(r.IntN(benchKeys)))
	}
	var tids []TID
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		var err error
		if tids, err = ix.Lookup(keys[i%len(keys)], tids[:0]); err != nil || len(tids) != 1 {
			b.Fatalf("lookup: %v %v", tids, err)
		}
	}
	cpu.report(b)
}

// BenchmarkPointScan is a point lookup through the Scan interface (what
// an executor's index scan with a key = constant condition does).
func BenchmarkPointScan(b *testing.B) {
	_, ix := benchIndex(b)
	r := rand.New(rand.NewPCG(2, 2))
	keys := make([][]byte, 4096)
	for i := range keys {
		keys[i] = intKey(int64(r.IntN(benchKeys)))
	}
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		k := keys[i%len(keys)]
		s := ix.Scan(ScanSpec{Lower: k, Upper: k, NoPin: true})
		if !s.Next() {
			b.Fatal(s.Err())
		}
		s.Close()
	}
	cpu.report(b)
}

// BenchmarkRangeScan reads 1000 consecutive entries per operation; the
// entries/s metric is the scan rate.
func BenchmarkRangeScan(b *testing.B) {
	for _, backward := range []bool{false, true} {
		name := "forward"
		if backward {
			name = "backward"
		}
		b.Run(name, func(b *testing.B) {
			_, ix := benchIndex(b)
			r := rand.New(rand.NewPCG(3, 3))
			n := 0
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				lo := int64(r.IntN(benchKeys - 1000))
				s := ix.Scan(ScanSpec{Lower: intKey(lo), Upper: intKey(lo + 999), Backward: backward})
				for s.Next() {
					n++
				}
				s.Close()
			}
			if n != 1000*b.N {
				b.Fatalf("%d entries", n)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
			cpu.report(b)
		})
	}
}

// BenchmarkInsert inserts b.N keys into a fresh index, in random or
// ascending order; inserts/s is the rate, splits included.
func BenchmarkInsert(b *testing.B) {
	for _, order := range []string{"random", "ascending"} {
		b.Run(order, func(b *testing.B) {
			pool := newLocalPools(b, 16384, 1)[0]
			ix, err := Create(pool, testRel, Options{Name: "bench_insert"})
			if err != nil {
				b.Fatal(err)
			}
			keys := make([][]byte, b.N)
			perm := rand.New(rand.NewPCG(4, 4)).Perm(b.N)
			for i := range keys {
				v := i
				if order == "random" {
					v = perm[i]
				}
				keys[i] = intKey(int64(v))
			}
			cpu := startCPU(b)
			for i, k := range keys {
				if err := ix.Insert(k, tidOf(i)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
			cpu.report(b)
		})
	}
}

// BenchmarkInsertUnique inserts new keys with the unique check into a
// 1M-key index, spread over its whole key range: each new key is an
// existing int8 key followed by a second column, so it sorts right after
// it and the check looks at its neighbours.
func BenchmarkInsertUnique(b *testing.B) {
	pool := newLocalPools(b, 16384, 1)[0]
	ix, err := Build(pool, testRel, Options{Name: "bench_unique"}, BuildOptions{}, intSource(benchKeys))
	if err != nil {
		b.Fatal(err)
	}
	live := func(TID) (bool, uint64, error) { return true, 0, nil }
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		k := keyenc.AppendInt8(intKey(int64(i*7919%benchKeys)), int64(i), keyenc.Asc)
		if err := ix.InsertUnique(k, TID{1 << 20, uint16(i%60000 + 1)}, live); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
}

// intSource yields int8 keys 0..n-1 with TID tidOf(i).
func intSource(n int) Source {
	i := 0
	return func() ([]byte, TID, bool, error) {
		if i == n {
			return nil, TID{}, false, nil
		}
		i++
		return intKey(int64(i - 1)), tidOf(i - 1), true, nil
	}
}

func BenchmarkBuild(b *testing.B) {
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		pool := newLocalPools(b, 8192, 1)[0]
		if _, err := Build(pool, testRel, Options{Name: "b"}, BuildOptions{}, intSource(benchKeys)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchKeys*b.N)/b.Elapsed().Seconds(), "entries/s")
	cpu.report(b)
}
