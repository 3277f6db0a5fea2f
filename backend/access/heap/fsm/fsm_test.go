package fsm

import (
	"math/rand/v2"
	"testing"

	"ringpg/backend/access/heap/internal/fakepool"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

const maxReq = 8160

var rel = bufmgr.RelFork{Spc: 1663, DB: 5, Rel: 16384}

func newMap(t *testing.T) (*Map, *fakepool.Pool) {
	pool := fakepool.New()
	t.Cleanup(func() {
		if err := pool.CheckIdle(); err != nil {
			t.Error(err)
		}
		checkPages(t, pool)
	})
	return New(pool, rel, maxReq), pool
}

// checkPages runs page.Check and the group invariant on every FSM page.
func checkPages(t *testing.T, pool *fakepool.Pool) {
	fsmFork := rel
	fsmFork.Fork = bufmgr.FSMFork
	n, _ := pool.Nblocks(fsmFork)
	for blk := range n {
		p := page.Page(pool.PageOf(fsmFork.Block(blk)))
		if err := p.Check(); err != nil {
			t.Errorf("FSM block %d: %v", blk, err)
		}
		v := view(p)
		if v == nil {
			continue
		}
		for g := range groupCount {
			m := uint8(0)
			for _, s := range v.slots[g*groupSize : (g+1)*groupSize] {
				m = max(m, s)
			}
			if v.groups[g] != m {
				t.Fatalf("FSM block %d group %d: max %d, recorded %d", blk, g, m, v.groups[g])
			}
		}
	}
}

func TestCategories(t *testing.T) {
	m, _ := newMap(t)
	avail := []struct{ bytes, cat int }{{0, 0}, {31, 0}, {32, 1}, {100, 3}, {8000, 250}, {8159, 254}, {8160, 255}, {9000, 255}}
	for _, c := range avail {
		if got := m.AvailCategory(c.bytes); int(got) != c.cat {
			t.Errorf("AvailCategory(%d) = %d, want %d", c.bytes, got, c.cat)
		}
	}
	need := []struct{ bytes, cat int }{{0, 1}, {1, 1}, {32, 1}, {33, 2}, {100, 4}, {8160, 255}}
	for _, c := range need {
		if got := m.NeedCategory(c.bytes); int(got) != c.cat {
			t.Errorf("NeedCategory(%d) = %d, want %d", c.bytes, got, c.cat)
		}
	}
}

func TestAddressing(t *testing.T) {
	tests := []struct {
		blk                 uint32
		leaf, middle, root  address
		leafBlkOfNextMiddle uint32
	}{
		{0, address{2, 0}, address{1, 0}, address{0, 0}, 0},
		{4095, address{2, 4095}, address{1, 0}, address{0, 0}, 0},
		{4096, address{3, 0}, address{1, 1}, address{0, 0}, 0},
		{4096 * 4096, address{4099, 0}, address{4098, 0}, address{0, 1}, 0},
		{^uint32(0) - 1, address{1 + 255*4097 + 1 + 4095, 4094}, address{1 + 255*4097, 4095}, address{0, 255}, 0},
	}
	for _, tc := range tests {
		l, m, r := leafOf(tc.blk)
		if l != tc.leaf || m != tc.middle || r != tc.root {
			t.Errorf("leafOf(%d) = %v %v %v, want %v %v %v", tc.blk, l, m, r, tc.leaf, tc.middle, tc.root)
		}
		if childBlock(0, 0, r.slot) != m.blk || childBlock(1, m.blk, m.slot) != l.blk {
			t.Errorf("childBlock disagrees with leafOf for %d", tc.blk)
		}
	}
}

func TestEmptyMap(t *testing.T) {
	m, _ := newMap(t)
	if _, ok, err := m.Search(100); ok || err != nil {
		t.Fatalf("empty map offered a page: %v %v", ok, err)
	}
	if n, err := m.Get(7); n != 0 || err != nil {
		t.Fatalf("Get on empty map = %d, %v", n, err)
	}
}

func TestRecordSearch(t *testing.T) {
	m, _ := newMap(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(m.Record(3, 500))
	must(m.Record(10, 4000))
	must(m.Record(5000, 8160))
	if n, _ := m.Get(3); n != 480 {
		t.Fatalf("Get(3) = %d, want 480 (rounded down to a category)", n)
	}
	// Each search must offer a page with at least what it asked for.
	for _, tc := range []struct {
		need int
		ok   bool
	}{{100, true}, {480, true}, {481, true}, {3900, true}, {4001, true}, {8160, true}} {
		blk, ok, err := m.Search(tc.need)
		must(err)
		if ok != tc.ok {
			t.Fatalf("Search(%d) ok = %v", tc.need, ok)
		}
		if got, _ := m.Get(blk); got < tc.need-CatStep+1 && got != 8160 {
			t.Fatalf("Search(%d) = block %d with %d", tc.need, blk, got)
		}
	}
	must(m.Record(5000, 0))
	must(m.Record(10, 0))
	if blk, ok, _ := m.Search(1000); ok {
		t.Fatalf("Search(1000) = %d after the big pages filled", blk)
	}
	blk, ok, _ := m.Search(400)
	if !ok || blk != 3 {
		t.Fatalf("Search(400) = %d, %v; want 3", blk, ok)
	}
}

func TestFarBlock(t *testing.T) {
	// A block in the second middle page's range: the fork grows to it.
	m, pool := newMap(t)
	far := uint32(4096*4096 + 12345)
	if err := m.Record(far, 2000); err != nil {
		t.Fatal(err)
	}
	blk, ok, err := m.Search(1500)
	if err != nil || !ok || blk != far {
		t.Fatalf("Search = %d %v %v, want %d", blk, ok, err, far)
	}
	fsmFork := rel
	fsmFork.Fork = bufmgr.FSMFork
	leaf, _, _ := leafOf(far)
	if n, _ := pool.Nblocks(fsmFork); n != leaf.blk+1 {
		t.Fatalf("FSM fork has %d blocks, want %d", n, leaf.blk+1)
	}
}

func TestStaleParentFixed(t *testing.T) {
	m, pool := newMap(t)
	if err := m.Record(7, 3000); err != nil {
		t.Fatal(err)
	}
	// Lower the leaf behind the map's back, as a lost update would.
	leaf, _, _ := leafOf(7)
	fsmFork := rel
	fsmFork.Fork = bufmgr.FSMFork
	v := view(pool.PageOf(fsmFork.Block(leaf.blk)))
	v.set(leaf.slot, 0)
	if _, ok, err := m.Search(2000); ok || err != nil {
		t.Fatalf("stale map offered a page: %v %v", ok, err)
	}
	// The search corrected the middle page on its way.
	_, mid, _ := leafOf(7)
	if got := view(pool.PageOf(fsmFork.Block(mid.blk))).slot(mid.slot); got != 0 {
		t.Fatalf("middle slot still %d", got)
	}
}

// TestRandomAgainstModel records random amounts for random blocks and
// checks every search against a plain array.
func TestRandomAgainstModel(t *testing.T) {
	m, _ := newMap(t)
	r := rand.New(rand.NewPCG(3, 4))
	const nblocks = 3 * SlotsPerPage
	model := make([]uint8, nblocks)
	for i := range 3000 {
		blk := uint32(r.IntN(nblocks))
		avail := r.IntN(8200)
		if err := m.Record(blk, avail); err != nil {
			t.Fatal(err)
		}
		model[blk] = m.AvailCategory(avail)
		if i%10 != 0 {
			continue
		}
		need := r.IntN(8160) + 1
		cat := m.NeedCategory(need)
		any := false
		for _, c := range model {
			any = any || c >= cat
		}
		blk, ok, err := m.Search(need)
		if err != nil {
			t.Fatal(err)
		}
		if ok != any {
			t.Fatalf("Search(%d): ok = %v, model says %v", need, ok, any)
		}
		if ok && model[blk] < cat {
			t.Fatalf("Search(%d) = %d with category %d < %d", need, blk, model[blk], cat)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	pool := fakepool.New()
	m := New(pool, rel, maxReq)
	for blk := uint32(0); blk < 100000; blk++ {
		m.Record(blk, 100)
	}
	m.Record(99999, 4000)
	b.ResetTimer()
	for range b.N {
		if _, ok, _ := m.Search(3000); !ok {
			b.Fatal("not found")
		}
	}
}
