package btree

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"unsafe"

	"ringpg/backend/storage/bufmgr"
	"ringpg/sem"
)

// memStorage is a bufmgr.Storage in memory, for an in-process pool.
type memStorage struct {
	mu     sync.Mutex
	blocks map[bufmgr.Tag][]byte
	n      map[bufmgr.RelFork]uint32
}

func newMemStorage() *memStorage {
	return &memStorage{blocks: map[bufmgr.Tag][]byte{}, n: map[bufmgr.RelFork]uint32{}}
}

func (m *memStorage) Read(t bufmgr.Tag, buf []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blocks[t]
	if !ok {
		return fmt.Errorf("no block %v", t)
	}
	copy(buf, b)
	return nil
}

func (m *memStorage) Write(t bufmgr.Tag, buf []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blocks[t] = slices.Clone(buf[:bufmgr.BlockSize])
	return nil
}

func (m *memStorage) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if blk != m.n[rf] {
		return fmt.Errorf("extend %v to %d, length %d", rf, blk, m.n[rf])
	}
	m.n[rf] = blk + 1
	m.blocks[rf.Block(blk)] = slices.Clone(buf[:bufmgr.BlockSize])
	return nil
}

func (m *memStorage) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n[rf], nil
}

// alignedBytes returns zeroed memory aligned to 64 bytes.
func alignedBytes(n uintptr) []byte {
	words := make([]uint64, n/8+16)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := (64 - uintptr(unsafe.Pointer(&b[0]))%64) % 64
	return b[off : off+n : off+n]
}

// newLocalPools attaches n views (proc numbers 0..n-1) to one pool of
// nbuffers in ordinary memory, as separate processes would attach to the
// shared region.
func newLocalPools(t testing.TB, nbuffers, n int) []*bufmgr.Pool {
	t.Helper()
	region := alignedBytes(bufmgr.RegionSize(nbuffers))
	w := sem.NewWaiterTable(alignedBytes(sem.WaiterTableSize(n)), n)
	st := newMemStorage()
	pools := make([]*bufmgr.Pool, n)
	for i := range pools {
		p, err := bufmgr.Attach(region, nbuffers, w, uint32(i), st, bufmgr.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		pools[i] = p
	}
	return pools
}

// TestModel runs random operations against the tree and a sorted slice,
// on the fake and on the real buffer pool (small, so that pages are
// evicted and read back), comparing every scan and lookup.
func TestModel(t *testing.T) {
	t.Run("fake", func(t *testing.T) {
		st := newFakeStore()
		fb := st.view()
		runModel(t, fb, func() error { return fb.idle() }, 11)
	})
	t.Run("bufmgr", func(t *testing.T) {
		p := newLocalPools(t, 48, 1)[0]
		runModel(t, p, p.CheckIdle, 12)
	})
}

func runModel(t *testing.T, b Buffers, idle func() error, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 99))
	ix, err := Create(b, testRel, Options{Name: "model_idx"})
	if err != nil {
		t.Fatal(err)
	}
	var m model
	killed := map[TID]bool{} // marked dead in the tree, still in the model until vacuumed
	nextTID := 0
	key := func() []byte {
		// A small domain gives duplicates; the padding varies sizes.
		v := int64(r.IntN(3000))
		return padKey(v, int(v%7)*30)
	}
	randBound := func() []byte {
		switch r.IntN(4) {
		case 0:
			return nil
		case 1:
			return key()
		}
		return intKey(int64(r.IntN(3100)) - 50) // a prefix bound
	}
	live := func(e []entry) []entry {
		var out []entry
		for _, x := range e {
			if !killed[x.tid] {
				out = append(out, x)
			}
		}
		return out
	}
	for step := range 6000 {
		switch op := r.IntN(100); {
		case op < 70:
			e := entry{key(), tidOf(nextTID)}
			nextTID++
			if err := ix.Insert(e.key, e.tid); err != nil {
				t.Fatalf("step %d: insert: %v", step, err)
			}
			m.insert(e)
		case op < 90:
			spec := ScanSpec{Lower: randBound(), Upper: randBound(), LowerExclusive: r.IntN(2) == 0,
				UpperExclusive: r.IntN(2) == 0, Backward: r.IntN(2) == 0, NoPin: r.IntN(2) == 0}
			got := scanAll(t, ix, spec)
			sameEntries(t, fmt.Sprintf("step %d: scan %+v", step, spec), got, live(m.scan(spec)))
		case op < 95:
			k := key()
			tids, err := ix.Lookup(k, nil)
			if err != nil {
				t.Fatal(err)
			}
			var want []TID
			for _, e := range live(m.scan(ScanSpec{Lower: k, Upper: k})) {
				if string(e.key) == string(k) {
					want = append(want, e.tid)
				}
			}
			if !slices.Equal(tids, want) {
				t.Fatalf("step %d: lookup %x: %v, want %v", step, k, tids, want)
			}
		case op < 98:
			// Mark a random range dead through a scan.
			lo := key()
			s := ix.Scan(ScanSpec{Lower: lo, Upper: intKey(decodeInt(t, lo) + 20)})
			for s.Next() {
				if r.IntN(3) == 0 {
					s.MarkDead()
					killed[s.TID()] = true
				}
			}
			s.Close()
			if s.Err() != nil {
				t.Fatal(s.Err())
			}
		default:
			// Vacuum: remove a random tenth and everything marked dead.
			dead := map[TID]bool{}
			for _, e := range m {
				if r.IntN(10) == 0 {
					dead[e.tid] = true
				}
			}
			st, err := ix.BulkDelete(func(tid TID) bool { return dead[tid] })
			if err != nil {
				t.Fatal(err)
			}
			n, byCallback := len(m), 0
			for _, e := range m {
				if dead[e.tid] && !killed[e.tid] {
					byCallback++
				}
			}
			m = slices.DeleteFunc(m, func(e entry) bool { return dead[e.tid] || killed[e.tid] })
			// Entries marked dead may have gone already, to make room for
			// an insertion.
			if st.Remaining != len(m) || st.Removed > n-len(m) || st.Removed < byCallback {
				t.Fatalf("step %d: bulk delete removed %d leaving %d, want %d..%d and %d", step, st.Removed, st.Remaining, byCallback, n-len(m), len(m))
			}
			clear(killed)
		}
		if err := idle(); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if step%1000 == 999 {
			cs, err := ix.Check(CheckOptions{ValidTID: func(tid TID) bool { return int(tid.Block)*100+int(tid.Offset)-1 < nextTID }})
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			if cs.LeafEntries != len(m) {
				t.Fatalf("step %d: %d leaf entries, model has %d", step, cs.LeafEntries, len(m))
			}
		}
	}
	// A second handle (another process's) sees the same tree.
	other := Open(b, testRel, Options{Name: "model_idx"})
	sameEntries(t, "second handle", scanAll(t, other, ScanSpec{}), live(m))
}
