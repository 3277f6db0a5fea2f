package bufmgr

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Concurrency within one process: goroutines, each with its own view of
// one pool (its own proc number, pins and held locks) as separate
// processes would have. The region is ordinary Go memory, so the race
// detector checks that every plain shared field is reached under the lock
// that guards it. The cross-process tests are in proc_test.go.

// TestConcurrentMissesReadOnce: processes that miss on the same block at
// once do one read; the others sleep until it is done.
func TestConcurrentMissesReadOnce(t *testing.T) {
	const procs = 6
	st := newMemStore()
	st.fill(relA, 1)
	gate := make(chan struct{})
	st.readGate = gate
	pools := testPools(t, 8, procs, st, Hooks{Verify: verifyPage})
	var wg sync.WaitGroup
	bufs := make([]Buffer, procs)
	errs := make([]error, procs)
	for i, p := range pools {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bufs[i], errs[i] = p.ReadBuffer(relA.Block(0), nil)
		}()
	}
	// Everyone has pinned the one buffer, whose read is held at the gate,
	// and someone sleeps on it.
	waitFor(t, "all readers pinned and waiting", func() bool {
		return anyState(pools[0], func(st uint32) bool {
			return refcount(st) == procs && st&flagIO != 0 && st&flagWaiters != 0
		})
	})
	close(gate)
	wg.Wait()
	for i := range pools {
		if errs[i] != nil || bufs[i] != bufs[0] {
			t.Fatalf("reader %d: buffer %d, %v", i, bufs[i], errs[i])
		}
		if got := pageTag(pools[i].Page(bufs[i])); got != relA.Block(0) {
			t.Fatalf("reader %d sees %v", i, got)
		}
		pools[i].Release(bufs[i])
	}
	if reads, _, _ := st.counts(); reads != 1 {
		t.Fatalf("%d reads for %d concurrent misses", reads, procs)
	}
	mustClean(t, pools...)
}

// TestWaitersRetryFailedRead: when the one read fails, a waiter tries the
// read itself rather than returning the owner's error.
func TestWaitersRetryFailedRead(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 1)
	gate := make(chan struct{})
	st.readGate = gate
	st.failOnce[relA.Block(0)] = fmt.Errorf("transient")
	pools := testPools(t, 4, 2, st, Hooks{})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	bufs := make([]Buffer, 2)
	for i, p := range pools {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bufs[i], errs[i] = p.ReadBuffer(relA.Block(0), nil)
		}()
	}
	waitFor(t, "both readers pinned", func() bool {
		return anyState(pools[0], func(st uint32) bool { return refcount(st) == 2 && st&flagWaiters != 0 })
	})
	close(gate)
	wg.Wait()
	failed := 0
	for i := range pools {
		if errs[i] != nil {
			failed++
			continue
		}
		pools[i].Release(bufs[i])
	}
	if failed != 1 {
		t.Fatalf("%d of 2 readers failed: %v", failed, errs)
	}
	if reads, _, _ := st.counts(); reads != 2 {
		t.Fatalf("%d reads", reads)
	}
	mustClean(t, pools...)
}

// anyState reports whether some buffer's state word satisfies cond. Which
// buffer a miss gets depends on who reached the clock first.
func anyState(p *Pool, cond func(uint32) bool) bool {
	for i := range p.descs {
		if cond(p.descs[i].state.Load()) {
			return true
		}
	}
	return false
}

func TestCleanupLockWaitsForPins(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 1)
	pools := testPools(t, 4, 3, st, Hooks{})
	p, q, r := pools[0], pools[1], pools[2]
	bq := mustRead(t, q, relA.Block(0), nil)
	br := mustRead(t, r, relA.Block(0), nil)
	bp := mustRead(t, p, relA.Block(0), nil)
	if p.ConditionalLockForCleanup(bp) {
		t.Fatal("conditional cleanup lock with other pins")
	}
	done := make(chan struct{})
	go func() {
		if err := p.LockForCleanup(bp); err != nil {
			t.Error(err)
		}
		close(done)
	}()
	d := &p.descs[bp-1]
	waitFor(t, "cleanup waiter asleep", func() bool { return d.state.Load()&flagWaiters != 0 })
	// A second process wanting the cleanup lock would wait for our pin
	// while we wait for its: it is refused.
	if err := q.LockForCleanup(bq); err == nil || !strings.Contains(err.Error(), "multiple backends attempting to wait for pincount 1") {
		t.Fatalf("second cleanup waiter: %v", err)
	}
	if q.LockHeld(bq) != 0 {
		t.Fatal("refused cleanup waiter kept the content lock")
	}
	q.Release(bq)
	select {
	case <-done:
		t.Fatal("cleanup lock granted with another pin left")
	default:
	}
	r.Release(br)
	<-done
	if p.LockHeld(bp) != Exclusive {
		t.Fatal("cleanup lock not held")
	}
	p.UnlockRelease(bp)
	bp = mustRead(t, p, relA.Block(0), nil)
	if !p.ConditionalLockForCleanup(bp) {
		t.Fatal("conditional cleanup lock with no other pin failed")
	}
	p.UnlockRelease(bp)
	mustClean(t, pools...)
}

func TestContentLockConflicts(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 1)
	pools := testPools(t, 4, 2, st, Hooks{})
	p, q := pools[0], pools[1]
	bp := mustRead(t, p, relA.Block(0), nil)
	bq := mustRead(t, q, relA.Block(0), nil)
	p.Lock(bp, Shared)
	if !q.ConditionalLock(bq, Shared) {
		t.Fatal("two shared holders refused")
	}
	q.Unlock(bq)
	if q.ConditionalLock(bq, Exclusive) {
		t.Fatal("exclusive granted beside a shared holder")
	}
	got := make(chan struct{})
	go func() {
		q.Lock(bq, Exclusive)
		close(got)
	}()
	d := &p.descs[bp-1]
	waitFor(t, "exclusive waiter queued", func() bool { return d.content.State().HasWaiters() })
	p.Unlock(bp)
	<-got
	q.UnlockRelease(bq)
	p.Release(bp)
	mustClean(t, pools...)
}

// TestDropWaitsForTransientPin: DropRelation waits for a pin held by
// another process (an evictor looking at the buffer), then forgets it.
func TestDropWaitsForTransientPin(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	pools := testPools(t, 4, 2, st, Hooks{})
	p, q := pools[0], pools[1]
	b := mustRead(t, q, relA.Block(1), nil)
	done := make(chan struct{})
	go func() {
		p.DropRelation(relA, 0)
		close(done)
	}()
	d := &p.descs[b-1]
	waitFor(t, "DropRelation asleep", func() bool { return d.state.Load()&flagWaiters != 0 })
	q.Release(b)
	<-done
	if d.state.Load()&flagTagValid != 0 {
		t.Fatal("buffer kept its page")
	}
	mustClean(t, pools...)
}

// TestGoroutineStress: counters in pages incremented under exclusive locks
// by several views through a pool far smaller than the data, so that
// eviction, write-back and concurrent misses race; every count must come
// out exact.
func TestGoroutineStress(t *testing.T) {
	const (
		procs    = 4
		nbuffers = 10
		blocks   = 40
	)
	iters := 3000
	if testing.Short() {
		iters = 500
	}
	st := newMemStore()
	st.fill(relA, blocks)
	var lsn, flushedLSN atomic.Uint64
	h := Hooks{
		Verify:      verifyPage,
		BeforeWrite: setChecksum,
		FlushWAL: func(l uint64) error {
			for {
				f := flushedLSN.Load()
				if f >= l || flushedLSN.CompareAndSwap(f, l) {
					return nil
				}
			}
		},
	}
	var walViolations atomic.Int32
	st.onWrite = func(tag Tag, buf []byte) {
		if DefaultPageLSN(buf) > flushedLSN.Load() {
			walViolations.Add(1)
		}
	}
	pools := testPools(t, nbuffers, procs, st, h)
	expect := make([][blocks]uint64, procs)
	var wg sync.WaitGroup
	errc := make(chan error, procs)
	for i, p := range pools {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			var ring *Strategy
			for n := 0; n < iters; n++ {
				blk := uint32(rng.IntN(blocks))
				if rng.IntN(4) == 0 {
					blk %= 4 // a hot spot
				}
				var s *Strategy
				if rng.IntN(8) == 0 {
					if ring == nil {
						ring = p.NewStrategy(BulkRead)
					}
					s = ring
				}
				b, err := p.ReadBuffer(relA.Block(blk), s)
				if err != nil {
					errc <- err
					return
				}
				if rng.IntN(3) == 0 {
					p.Lock(b, Shared)
					page := p.Page(b)
					var sum uint64
					for c := range procs {
						sum += counter(page, c)
					}
					if sum != counter(page, procs) || pageTag(page) != relA.Block(blk) {
						errc <- fmt.Errorf("block %d: counters sum %d, total %d, tag %v", blk, sum, counter(page, procs), pageTag(page))
						p.UnlockRelease(b)
						return
					}
					p.UnlockRelease(b)
					continue
				}
				p.Lock(b, Exclusive)
				page := p.Page(b)
				setCounter(page, i, counter(page, i)+1)
				setCounter(page, procs, counter(page, procs)+1)
				setLSN(page, lsn.Add(1))
				p.MarkDirty(b)
				p.UnlockRelease(b)
				expect[i][blk]++
				if n%500 == 0 {
					if err := p.FlushAll(); err != nil {
						errc <- err
						return
					}
				}
			}
			if err := p.CheckInvariants(); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	if n := walViolations.Load(); n != 0 {
		t.Fatalf("%d pages written before their WAL", n)
	}
	p := pools[0]
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	for blk := range uint32(blocks) {
		page := st.page(relA.Block(blk))
		if err := verifyPage(relA.Block(blk), page); err != nil {
			t.Fatalf("block %d in storage: %v", blk, err)
		}
		var total uint64
		for c := range procs {
			if got := counter(page, c); got != expect[c][blk] {
				t.Errorf("block %d counter %d: %d, want %d", blk, c, got, expect[c][blk])
			}
			total += expect[c][blk]
		}
		if got := counter(page, procs); got != total {
			t.Errorf("block %d total %d, want %d", blk, got, total)
		}
	}
	var writes, evictions uint64
	for _, p := range pools {
		writes += p.Stats().Writes
		evictions += p.Stats().Evictions
	}
	t.Logf("%d writes, %d evictions", writes, evictions)
	mustClean(t, pools...)
}

// TestConcurrentExtend: processes extending one relation at once get
// distinct, consecutive block numbers.
func TestConcurrentExtend(t *testing.T) {
	const procs, each = 4, 50
	st := newMemStore()
	pools := testPools(t, 8, procs, st, Hooks{BeforeWrite: setChecksum, Verify: verifyPage})
	var wg sync.WaitGroup
	got := make([][]uint32, procs)
	for i, p := range pools {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				b, blk, err := p.ExtendRelation(relA, nil)
				if err != nil {
					t.Error(err)
					return
				}
				stampPage(p.Page(b), relA.Block(blk))
				setCounter(p.Page(b), 0, uint64(i))
				p.MarkDirty(b)
				p.UnlockRelease(b)
				got[i] = append(got[i], blk)
			}
		}()
	}
	wg.Wait()
	seen := map[uint32]int{}
	for i := range got {
		for _, blk := range got[i] {
			if prev, dup := seen[blk]; dup {
				t.Fatalf("block %d given to %d and %d", blk, prev, i)
			}
			seen[blk] = i
		}
	}
	if n, _ := st.Nblocks(relA); n != procs*each || len(seen) != procs*each {
		t.Fatalf("%d blocks, %d handed out", n, len(seen))
	}
	if err := pools[0].FlushAll(); err != nil {
		t.Fatal(err)
	}
	for blk, i := range seen {
		if c := counter(st.page(relA.Block(blk)), 0); c != uint64(i) {
			t.Fatalf("block %d holds %d's page, handed to %d", blk, c, i)
		}
	}
	mustClean(t, pools...)
}
