package btree

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"ringpg/pgerr"
	"ringpg/sem"
)

// The stress workload, run by goroutines (each with its own pool view and
// index handle) or by processes attached to one shared pool:
//
//   - the parent preloads entries (worker 0) and keeps them;
//   - inserters add disjoint sets of keys interleaved with the preloaded
//     ones, in random order, with sizes that split pages on every level,
//     and all add entries to a few hot keys (equal keys, told apart by
//     their TIDs, spread over several pages);
//   - unique inserters all try to insert the same keys with InsertUnique:
//     exactly one must win each key;
//   - scanners scan forward and backward, whole and by random ranges,
//     checking order and bounds and that every preloaded entry in range
//     is seen exactly once, while the tree changes under them;
//   - a vacuum worker runs BulkDelete passes that take every leaf's
//     cleanup lock, waiting out the scanners' pins; the parent preloaded
//     "doomed" entries among the others, which its first pass must remove
//     all of, however the inserters split their pages meanwhile (later
//     passes find none).
//
// Afterwards the parent runs the verifier and checks that every entry is
// in the tree exactly once.

const (
	maxWorkers = 16
	maxUnique  = 1024
)

type stressConfig struct {
	preload   int // preloaded entries
	perWorker int // entries per inserter
	unique    int // keys the unique inserters fight over
	inserters int
	uniques   int
	scanners  int
}

// arena is the workers' shared state: plain atomics, valid in a shared
// mapping.
type arena struct {
	gate       atomic.Uint32 // 0 until the parent lets the workers run
	arrived    atomic.Uint32 // workers at the gate
	stop       atomic.Uint32 // tells scanners to finish
	failures   atomic.Uint32
	scans      atomic.Uint64
	vacuums    atomic.Uint64
	uniqueWins [maxUnique]atomic.Uint32
	cfg        [6]atomic.Uint32 // the stressConfig, for child processes
}

func (a *arena) setConfig(c stressConfig) {
	for i, v := range []int{c.preload, c.perWorker, c.unique, c.inserters, c.uniques, c.scanners} {
		a.cfg[i].Store(uint32(v))
	}
}

func (a *arena) config() stressConfig {
	v := func(i int) int { return int(a.cfg[i].Load()) }
	return stressConfig{v(0), v(1), v(2), v(3), v(4), v(5)}
}

// Key spaces: preloaded keys are 3i, an inserter's 3i+1, unique keys
// 3i+2; the int8 column is followed by a text column of varying length.
func stressKey(v int64) []byte { return padKey(v, int(v*7919%500)) }

// Hot keys are negative, so outside every bounded scan of the checks.
func hotKey(i int) []byte { return padKey(-1-int64(i%5), 100) }

func hotEntries(cfg stressConfig) int { return cfg.inserters * ((cfg.perWorker + 7) / 8) }

func preloadTID(i int) TID { return TID{Block: uint32(i >> 8), Offset: uint16(i&0xff) + 1} }

func workerTID(worker, i int) TID {
	return TID{Block: uint32(worker)<<20 | uint32(i>>8), Offset: uint16(i&0xff) + 1}
}

func tidWorker(t TID) int { return int(t.Block >> 20) }

// Doomed entries share every fourth preloaded key; their TIDs are worker
// doomedWorker's, which the vacuum's callback calls dead.
const doomedWorker = 50

func doomedEntries(cfg stressConfig) int { return (cfg.preload + 3) / 4 }

// inserterKeys returns inserter w's keys (w from 1).
func inserterValue(cfg stressConfig, w, i int) int64 {
	return int64(3*(i*cfg.inserters+(w-1)) + 1)
}

func waitGate(a *arena) {
	a.arrived.Add(1)
	for a.gate.Load() == 0 {
		sem.FutexWait((*uint32)(unsafe.Pointer(&a.gate)), 0, time.Second)
	}
}

func openGate(t testing.TB, a *arena, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for a.arrived.Load() != uint32(n) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d workers at the gate", a.arrived.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
	a.gate.Store(1)
	sem.FutexWake((*uint32)(unsafe.Pointer(&a.gate)), n)
}

// runWorker runs one worker's part on its own handle.
func runWorker(role string, id int, ix *Index, a *arena) error {
	cfg := a.config()
	waitGate(a)
	r := rand.New(rand.NewPCG(uint64(id), 42))
	switch role {
	case "insert":
		for _, i := range r.Perm(cfg.perWorker) {
			if err := ix.Insert(stressKey(inserterValue(cfg, id, i)), workerTID(id, i)); err != nil {
				return fmt.Errorf("inserter %d: %w", id, err)
			}
			if i%8 == 0 {
				if err := ix.Insert(hotKey(i), workerTID(id, cfg.perWorker+i)); err != nil {
					return fmt.Errorf("inserter %d, hot key: %w", id, err)
				}
			}
		}
	case "unique":
		live := func(TID) (bool, uint64, error) { return true, 0, nil }
		for _, i := range r.Perm(cfg.unique) {
			err := ix.InsertUnique(stressKey(int64(3*i+2)), workerTID(id, i), live)
			switch {
			case err == nil:
				a.uniqueWins[i].Add(1)
			case pgerr.Code(err) != UniqueViolation:
				return fmt.Errorf("unique inserter %d: %w", id, err)
			}
		}
	case "vacuum":
		dead := func(t TID) bool { return tidWorker(t) == doomedWorker }
		for n := 0; n < 2 || a.stop.Load() == 0; n++ {
			st, err := ix.BulkDelete(dead)
			if err != nil {
				return fmt.Errorf("vacuum: %w", err)
			}
			want := 0
			if n == 0 {
				want = doomedEntries(cfg)
			}
			if st.Removed != want || st.Remaining < cfg.preload {
				return fmt.Errorf("vacuum pass %d: %+v, want %d removed, at least %d left", n, st, want, cfg.preload)
			}
			a.vacuums.Add(1)
		}
	case "scan":
		for n := 0; n < 2 || a.stop.Load() == 0; n++ {
			if err := stressScan(ix, cfg, r); err != nil {
				return fmt.Errorf("scanner %d: %w", id, err)
			}
			a.scans.Add(1)
			runtime.Gosched()
		}
	default:
		return fmt.Errorf("unknown role %q", role)
	}
	return nil
}

// stressScan does one scan with random bounds and direction and checks
// what it can while the tree changes: order, bounds, and the preloaded
// entries in range, each exactly once.
func stressScan(ix *Index, cfg stressConfig, r *rand.Rand) error {
	spec := ScanSpec{Backward: r.IntN(2) == 0, NoPin: r.IntN(2) == 0}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if r.IntN(3) != 0 {
		a, b := int64(r.IntN(3*cfg.preload)), int64(r.IntN(3*cfg.preload))
		if a > b {
			a, b = b, a
		}
		lo, hi = a, b
		spec.Lower, spec.Upper = intKey(lo), intKey(hi)
		spec.LowerExclusive, spec.UpperExclusive = r.IntN(2) == 0, r.IntN(2) == 0
		if spec.LowerExclusive {
			lo++
		}
		if spec.UpperExclusive {
			hi--
		}
	}
	want := 0
	for i := range cfg.preload {
		if v := int64(3 * i); v >= lo && v <= hi {
			want++
		}
	}
	s := ix.Scan(spec)
	defer s.Close()
	var prev entry
	seen, n := 0, 0
	for s.Next() {
		e := entry{s.Key(), s.TID()}
		v, _, _, err := decodeInt8(e.key)
		if err != nil {
			return err
		}
		if v < lo || v > hi {
			return fmt.Errorf("scan %+v returned key %d outside [%d, %d]", spec, v, lo, hi)
		}
		if n > 0 {
			c := compareEntries(prev, e)
			if spec.Backward {
				c = -c
			}
			if c >= 0 {
				return fmt.Errorf("scan %+v: %v then %v, out of order", spec, prev, e)
			}
		}
		if w := tidWorker(e.tid); w == 0 {
			if v%3 != 0 || preloadTID(int(v/3)) != e.tid {
				return fmt.Errorf("scan: preloaded entry %v has key %d", e.tid, v)
			}
			seen++
		}
		prev = entry{append(prev.key[:0], e.key...), e.tid}
		n++
	}
	if err := s.Err(); err != nil {
		return err
	}
	if seen != want {
		return fmt.Errorf("scan %+v saw %d preloaded entries, want %d", spec, seen, want)
	}
	return nil
}

// preload inserts the entries every scan must see, and the doomed ones.
func preload(ix *Index, cfg stressConfig) error {
	for _, i := range rand.New(rand.NewPCG(5, 5)).Perm(cfg.preload) {
		if err := ix.Insert(stressKey(int64(3*i)), preloadTID(i)); err != nil {
			return err
		}
		if i%4 == 0 {
			if err := ix.Insert(stressKey(int64(3*i)), workerTID(doomedWorker, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// verifyStress checks the tree after the workers: the verifier, then every
// entry exactly once, and one winner per unique key.
func verifyStress(t testing.TB, ix *Index, a *arena) {
	t.Helper()
	cfg := a.config()
	st, err := ix.Check(CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := cfg.preload + cfg.inserters*cfg.perWorker + cfg.unique + hotEntries(cfg)
	if st.LeafEntries != want {
		t.Errorf("%d leaf entries, want %d", st.LeafEntries, want)
	}
	count := map[int64]int{}
	s := ix.Scan(ScanSpec{NoPin: true})
	for s.Next() {
		v, _, _, err := decodeInt8(s.Key())
		if err != nil {
			t.Fatal(err)
		}
		count[v]++
		w := tidWorker(s.TID())
		if v < 0 {
			if w < 1 || w > cfg.inserters {
				t.Fatalf("hot key %d has TID %v", v, s.TID())
			}
			continue
		}
		switch v % 3 {
		case 0:
			if w != 0 || preloadTID(int(v/3)) != s.TID() {
				t.Fatalf("key %d has TID %v", v, s.TID())
			}
		case 1:
			if w < 1 || w > cfg.inserters || inserterValue(cfg, w, int(s.TID().Block&0xfffff)<<8|int(s.TID().Offset-1)) != v {
				t.Fatalf("key %d has TID %v", v, s.TID())
			}
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	check := func(v int64, what string) {
		if count[v] != 1 {
			t.Fatalf("%s key %d found %d times", what, v, count[v])
		}
	}
	for i := range cfg.preload {
		check(int64(3*i), "preloaded")
	}
	for w := 1; w <= cfg.inserters; w++ {
		for i := range cfg.perWorker {
			check(inserterValue(cfg, w, i), "inserted")
		}
	}
	if hot := count[-1] + count[-2] + count[-3] + count[-4] + count[-5]; hot != hotEntries(cfg) {
		t.Fatalf("%d entries with hot keys, want %d", hot, hotEntries(cfg))
	}
	for i := range cfg.unique {
		check(int64(3*i+2), "unique")
		if wins := a.uniqueWins[i].Load(); wins != 1 {
			t.Fatalf("unique key %d inserted %d times", 3*i+2, wins)
		}
	}
	t.Logf("tree: levels %d, pages per level %v; %d scans and %d vacuum passes during the run", st.Levels, st.Pages, a.scans.Load(), a.vacuums.Load())
}
