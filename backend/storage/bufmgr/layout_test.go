package bufmgr

import (
	"testing"
	"unsafe"
)

// TestLayout pins the sizes of what lives in shared memory: every process
// computes the same offsets from them.
func TestLayout(t *testing.T) {
	for _, c := range []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"desc", unsafe.Sizeof(desc{}), descSize},
		{"mapEntry", unsafe.Sizeof(mapEntry{}), 24},
		{"paddedLWLock", unsafe.Sizeof(paddedLWLock{}), 64},
		{"control", unsafe.Sizeof(control{}), 192},
		{"control.clock offset", unsafe.Offsetof(control{}.clock), 64},
		{"control.freeLock offset", unsafe.Offsetof(control{}.freeLock), 128},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	prev := uintptr(0)
	for _, n := range []int{1, 16, 100, 1000, 16384} {
		l := computeLayout(n)
		if l.pages%4096 != 0 || l.descs%64 != 0 || l.parts%64 != 0 || l.exts%64 != 0 || l.buckets%64 != 0 {
			t.Errorf("n=%d: misaligned layout %+v", n, l)
		}
		if l.size != l.pages+uintptr(n)*BlockSize || l.size <= prev {
			t.Errorf("n=%d: size %d after %d", n, l.size, prev)
		}
		nb := uintptr(l.bucketsPerPart) * MappingPartitions
		if nb < 2*uintptr(n) || nb&(nb-1) != 0 {
			t.Errorf("n=%d: %d buckets", n, nb)
		}
		if l.entries < l.buckets+nb*4 || l.pages < l.entries+uintptr(n)*24 {
			t.Errorf("n=%d: overlapping parts %+v", n, l)
		}
		prev = l.size
	}
	// 128 MB of buffers (PostgreSQL's default) cost about 1.5% on top.
	if over := float64(RegionSize(16384))/float64(16384*BlockSize) - 1; over > 0.02 {
		t.Errorf("overhead %.3f of the pages", over)
	}
}

// TestZeroedRegionIsEmptyPool: the postmaster hands over zeroed memory and
// nobody initialises it.
func TestZeroedRegionIsEmptyPool(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 3)
	p := testPool(t, 16, st, Hooks{})
	mustClean(t, p)
	for i := range p.descs {
		if st := p.descs[i].state.Load(); st != 0 {
			t.Fatalf("buffer %d: state %#x", i+1, st)
		}
	}
	b := mustRead(t, p, relA.Block(2), nil)
	if b != 1 {
		t.Errorf("first buffer used is %d; the sweep should start at 1", b)
	}
	p.Release(b)
	mustClean(t, p)
}

func TestAttachChecks(t *testing.T) {
	st := newMemStore()
	region := testRegion(16)
	w := testWaiters(2)
	if _, err := Attach(region, 16, w, 0, st, Hooks{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		region []byte
		n      int
		me     uint32
		st     Storage
	}{
		{"other size", region, 8, 1, st},
		{"short region", region[:len(region)-1], 16, 1, st},
		{"misaligned", region[8:], 15, 1, st},
		{"proc out of range", region, 16, 2, st},
		{"no storage", region, 16, 1, nil},
		{"zero buffers", region, 0, 1, st},
	} {
		if _, err := Attach(c.region, c.n, w, c.me, c.st, Hooks{}); err == nil {
			t.Errorf("%s: attached", c.name)
		}
	}
}
