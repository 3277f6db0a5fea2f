package bufmgr

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The cross-process stress test: several processes increment counters in
// the pages of one relation under exclusive content locks, read them under
// shared ones, scan with a ring, take two locks at once, take cleanup
// locks, extend a second relation and flush, through a pool much smaller
// than the data, so that eviction, write-back and concurrent misses race
// across processes. Afterwards every counter must be exact, in the pool
// and in the files, nobody may hold a pin or a lock, and every page
// written must have had its WAL flushed first.
//
// Page layout (helpers_test.go): counter 0 is the page's total, counter i
// (1..maxKids) child i's increments; on relB, counter 1 is the appending
// child and counter 2 its sequence number.

func TestMultiProcessStress(t *testing.T) {
	tests := []struct {
		name     string
		kids     int
		nbuffers int
		blocks   int
		hot      int // percent of increments on the hot blocks
		iters    int
	}{
		// 150 blocks through 16 buffers: nearly every access misses.
		{"spread", 4, 16, 150, 10, 20000},
		// Most increments on 4 blocks: content lock and I/O waits on the
		// same buffers, the cold rest still cycling through the pool.
		{"hot", 4, 16, 40, 70, 20000},
		// Three times as many processes as cores here: holders of header
		// bits and locks get preempted, waiters must sleep, not spin.
		// Each child pins at most three buffers at once (two pages and a
		// victim), so 24 buffers never run out.
		{"crowded", 6, 24, 60, 30, 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iters := tt.iters
			if testing.Short() {
				iters /= 10
			}
			e := newProcEnv(t, tt.nbuffers, tt.kids)
			p := e.pool
			for blk := range uint32(tt.blocks) {
				b, got, err := p.ExtendRelation(relA, nil)
				if err != nil || got != blk {
					t.Fatalf("extend: block %d, %v", got, err)
				}
				stampPage(p.Page(b), relA.Block(blk))
				p.MarkDirty(b)
				p.UnlockRelease(b)
			}
			if err := p.FlushAll(); err != nil {
				t.Fatal(err)
			}
			var kids []*child
			for id := 1; id <= tt.kids; id++ {
				kids = append(kids, e.spawn(t, "stress", id,
					envIters+"="+strconv.Itoa(iters), envBlocks+"="+strconv.Itoa(tt.blocks), envHot+"="+strconv.Itoa(tt.hot)))
			}
			e.openGate(t, tt.kids)
			e.waitChildren(t, kids...)
			if t.Failed() {
				return
			}
			if n := e.a.walViolations.Load(); n != 0 {
				t.Errorf("%d pages written before their WAL was flushed", n)
			}
			if err := p.CheckIdle(); err != nil {
				t.Fatal(err)
			}
			if err := p.CheckInvariants(); err != nil {
				t.Fatal(err)
			}
			e.verifyCounters(t, tt.kids, tt.blocks)
			e.verifyExtends(t, tt.kids)
			var sum Stats
			for id := 1; id <= tt.kids; id++ {
				s := e.a.stats[id]
				sum.Hits += s.Hits
				sum.Reads += s.Reads
				sum.Writes += s.Writes
				sum.Evictions += s.Evictions
				sum.Extends += s.Extends
				sum.Dirtied += s.Dirtied
				sum.IOWaits += s.IOWaits
			}
			t.Logf("children: %+v", sum)
			if sum.Evictions == 0 || sum.Writes == 0 {
				t.Errorf("no eviction or write-back happened: %+v", sum)
			}
			if err := p.CheckIdle(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// verifyCounters checks every page of relA through the pool and, after a
// flush, in the file itself.
func (e *procEnv) verifyCounters(t *testing.T, kids, blocks int) {
	t.Helper()
	check := func(where string, blk uint32, page []byte) {
		var total uint64
		for id := 1; id <= kids; id++ {
			want := uint64(e.a.counts[id][blk])
			if got := counter(page, id); got != want {
				t.Errorf("%s: block %d, child %d: counter %d, want %d", where, blk, id, got, want)
			}
			total += want
		}
		if got := counter(page, 0); got != total {
			t.Errorf("%s: block %d: total %d, want %d", where, blk, got, total)
		}
	}
	p := e.pool
	for blk := range uint32(blocks) {
		b := mustRead(t, p, relA.Block(blk), nil)
		p.Lock(b, Shared)
		check("pool", blk, p.Page(b))
		p.UnlockRelease(b)
	}
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(e.dir, fmt.Sprintf("%d_%d_%d_%d", relA.Spc, relA.DB, relA.Rel, relA.Fork)))
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != blocks*BlockSize {
		t.Fatalf("relation file of %d bytes, want %d blocks", len(raw), blocks)
	}
	for blk := range uint32(blocks) {
		page := raw[int(blk)*BlockSize : int(blk+1)*BlockSize]
		if err := verifyPage(relA.Block(blk), page); err != nil {
			t.Errorf("file: block %d: %v", blk, err)
		}
		check("file", blk, page)
	}
}

// verifyExtends checks that relB's blocks are exactly the ones the
// children appended, each handed to one child once.
func (e *procEnv) verifyExtends(t *testing.T, kids int) {
	t.Helper()
	p := e.pool
	n, err := p.Nblocks(relB)
	if err != nil {
		t.Fatal(err)
	}
	var want uint32
	seen := map[[2]uint64]bool{}
	for id := 1; id <= kids; id++ {
		want += e.a.extends[id]
	}
	if n != want {
		t.Fatalf("relB has %d blocks, children appended %d", n, want)
	}
	for blk := range n {
		b := mustRead(t, p, relB.Block(blk), nil)
		p.Lock(b, Shared)
		key := [2]uint64{counter(p.Page(b), 1), counter(p.Page(b), 2)}
		p.UnlockRelease(b)
		if key[0] < 1 || key[0] > uint64(kids) || key[1] >= uint64(e.a.extends[key[0]]) || seen[key] {
			t.Fatalf("relB block %d holds child %d's block %d (duplicate %v)", blk, key[0], key[1], seen[key])
		}
		seen[key] = true
	}
}

// kidStress is one stress child: a random mix of the operations an access
// method does.
func kidStress(k *kid) error {
	p := k.pool
	rng := rand.New(rand.NewPCG(uint64(k.id), 42))
	ring := p.NewStrategy(BulkRead)
	var counts [maxBlocks]uint32
	var extends uint32
	pick := func() uint32 {
		if rng.IntN(100) < k.hot {
			return uint32(rng.IntN(hotBlocks))
		}
		return uint32(rng.IntN(k.blocks))
	}
	// increment adds one to this child's counter and the total of a page
	// held exclusively.
	increment := func(b Buffer, blk uint32) {
		page := p.Page(b)
		if got := pageTag(page); got != relA.Block(blk) {
			k.fail("buffer %d holds %v, want block %d", b, got, blk)
		}
		setCounter(page, k.id, counter(page, k.id)+1)
		setCounter(page, 0, counter(page, 0)+1)
		setLSN(page, k.a.lsn.Add(1))
		p.MarkDirty(b)
		counts[blk]++
	}
	// check verifies a page held shared: the total is the sum.
	check := func(b Buffer, blk uint32) {
		page := p.Page(b)
		var sum uint64
		for id := 1; id <= maxKids; id++ {
			sum += counter(page, id)
		}
		if pageTag(page) != relA.Block(blk) || sum != counter(page, 0) {
			k.fail("block %d: tag %v, counters sum %d, total %d", blk, pageTag(page), sum, counter(page, 0))
		}
	}
	read := func(blk uint32, s *Strategy) (Buffer, error) {
		return p.ReadBuffer(relA.Block(blk), s)
	}
	for range k.iters {
		switch r := rng.IntN(100); {
		case r < 55:
			blk := pick()
			b, err := read(blk, nil)
			if err != nil {
				return err
			}
			p.Lock(b, Exclusive)
			increment(b, blk)
			p.UnlockRelease(b)
		case r < 75:
			blk := pick()
			b, err := read(blk, nil)
			if err != nil {
				return err
			}
			p.Lock(b, Shared)
			check(b, blk)
			p.UnlockRelease(b)
		case r < 80:
			// A short sequential scan through the ring.
			start := uint32(rng.IntN(k.blocks))
			for i := range uint32(8) {
				blk := (start + i) % uint32(k.blocks)
				b, err := read(blk, ring)
				if err != nil {
					return err
				}
				p.Lock(b, Shared)
				check(b, blk)
				p.UnlockRelease(b)
			}
		case r < 86:
			// Append to relB, with a page of relA possibly held: the
			// pattern of a split that extends the index with pages
			// locked.
			var held Buffer
			var heldBlk uint32
			if rng.IntN(2) == 0 {
				heldBlk = pick()
				b, err := read(heldBlk, nil)
				if err != nil {
					return err
				}
				p.Lock(b, Exclusive)
				held = b
			}
			b, blk, err := p.ExtendRelation(relB, nil)
			if err != nil {
				return err
			}
			page := p.Page(b)
			stampPage(page, relB.Block(blk))
			setCounter(page, 1, uint64(k.id))
			setCounter(page, 2, uint64(extends))
			setLSN(page, k.a.lsn.Add(1))
			p.MarkDirty(b)
			p.UnlockRelease(b)
			extends++
			if held != 0 {
				increment(held, heldBlk)
				p.UnlockRelease(held)
			}
		case r < 91:
			// Two pages at once, locked in block order (the access
			// method's documented order), read while holding the first.
			a, c := pick(), pick()
			if a == c {
				continue
			}
			if a > c {
				a, c = c, a
			}
			ba, err := read(a, nil)
			if err != nil {
				return err
			}
			p.Lock(ba, Exclusive)
			bc, err := read(c, nil)
			if err != nil {
				return err
			}
			p.Lock(bc, Exclusive)
			increment(ba, a)
			increment(bc, c)
			p.UnlockRelease(bc)
			p.UnlockRelease(ba)
		case r < 94:
			blk := pick()
			b, err := read(blk, nil)
			if err != nil {
				return err
			}
			if err := p.LockForCleanup(b); err != nil {
				// Another child waits for this buffer's cleanup lock
				// already (VACUUM's relation lock would have kept us
				// apart): refused rather than deadlocked.
				p.Release(b)
				continue
			}
			increment(b, blk)
			p.UnlockRelease(b)
		case r < 98:
			blk := pick()
			b, err := read(blk, nil)
			if err != nil {
				return err
			}
			if p.ConditionalLock(b, Exclusive) {
				increment(b, blk)
				p.Unlock(b)
			}
			p.Release(b)
		default:
			if err := p.FlushAll(); err != nil {
				return err
			}
		}
	}
	if err := p.CheckInvariants(); err != nil {
		return err
	}
	k.a.counts[k.id] = counts
	k.a.extends[k.id] = extends
	return nil
}
