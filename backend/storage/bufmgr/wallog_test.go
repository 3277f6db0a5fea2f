package bufmgr

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"ringpg/backend/storage/page"
)

// walRecorder is a LogChanges hook that keeps a copy of every call and
// hands out LSNs 0x100 apart.
type walRecorder struct {
	mu    sync.Mutex
	calls [][]recorded
	lsn   uint64
}

// recorded is a Change copied during the call.
type recorded struct {
	tag           Tag
	before, after []byte
	init          bool
}

func (r *walRecorder) hooks() Hooks { return Hooks{Verify: verifyPage, LogChanges: r.log} }

func (r *walRecorder) log(changes []Change) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var call []recorded
	for _, c := range changes {
		call = append(call, recorded{c.Tag, bytes.Clone(c.Before), bytes.Clone(c.After), c.Init})
	}
	r.calls = append(r.calls, call)
	r.lsn += 0x100
	return r.lsn
}

func (r *walRecorder) ncalls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

// last returns the last call, failing unless there are want calls in all.
func (r *walRecorder) last(t *testing.T, want int) []recorded {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.calls) != want {
		t.Fatalf("%d LogChanges calls, want %d", len(r.calls), want)
	}
	return r.calls[len(r.calls)-1]
}

// tagsOf lists the blocks of a call's changes, in order.
func blocksOf(call []recorded) string {
	var s []string
	for _, c := range call {
		s = append(s, fmt.Sprint(c.tag.Block))
	}
	return fmt.Sprint(s)
}

func isDirty(p *Pool, b Buffer) bool { return p.desc(b).state.Load()&flagDirty != 0 }

func TestLogUnchanged(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	var r walRecorder
	p := testPool(t, 4, st, r.hooks())
	b := mustRead(t, p, relA.Block(0), nil)

	p.Lock(b, Exclusive)
	p.Unlock(b)
	if !p.ConditionalLock(b, Exclusive) {
		t.Fatal("ConditionalLock failed")
	}
	p.MarkDirty(b) // dirty but unchanged: nothing to log
	p.Unlock(b)
	if err := p.LockForCleanup(b); err != nil {
		t.Fatal(err)
	}
	p.Unlock(b)
	// The LSN and checksum are not part of a change.
	p.Lock(b, Exclusive)
	setLSN(p.Page(b), 0x77)
	p.Page(b)[offChecksum] ^= 0xff
	p.Unlock(b)
	// Hints under a shared lock are not logged, and shared locks take no
	// before image.
	p.Lock(b, Shared)
	if p.held[0].before != nil {
		t.Fatal("a shared lock took a before image")
	}
	p.Page(b)[offCounters+100] = 1
	p.MarkDirtyHint(b)
	p.Unlock(b)
	if n := r.ncalls(); n != 0 {
		t.Fatalf("%d LogChanges calls for unchanged pages", n)
	}
	if len(p.spare) != 1 {
		t.Fatalf("%d spare before images, want 1 (reused)", len(p.spare))
	}
	p.Release(b)
	mustClean(t, p)
}

func TestLogOneChange(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	var r walRecorder
	p := testPool(t, 4, st, r.hooks())
	b := mustRead(t, p, relA.Block(1), nil)
	orig := bytes.Clone(p.Page(b))

	p.Lock(b, Exclusive)
	setCounter(p.Page(b), 3, 99)
	want := bytes.Clone(p.Page(b))
	// No MarkDirty: the change is logged all the same, and the page
	// dirtied.
	p.Unlock(b)
	call := r.last(t, 1)
	if len(call) != 1 {
		t.Fatalf("%d changes, want 1", len(call))
	}
	c := call[0]
	if c.tag != relA.Block(1) || c.init || !bytes.Equal(c.before, orig) || !bytes.Equal(c.after, want) {
		t.Fatalf("change %v init %v: before matches %v, after matches %v", c.tag, c.init, bytes.Equal(c.before, orig), bytes.Equal(c.after, want))
	}
	if lsn := DefaultPageLSN(p.Page(b)); lsn != 0x100 {
		t.Fatalf("page LSN %#x, want 0x100", lsn)
	}
	if !isDirty(p, b) {
		t.Fatal("a logged page is not dirty")
	}
	// The delta of the change is the counter alone.
	if d := page.AppendDelta(nil, c.before, c.after); len(d) != page.DeltaFragmentHeader+1 {
		t.Fatalf("delta of %d bytes", len(d))
	}

	// A new page: Init, and Before is zeroes.
	nb, blk, err := p.ExtendRelation(relA, nil)
	if err != nil || blk != 2 {
		t.Fatalf("ExtendRelation: block %d, %v", blk, err)
	}
	stampPage(p.Page(nb), relA.Block(blk))
	p.MarkDirty(nb)
	p.UnlockRelease(nb)
	call = r.last(t, 2)
	if len(call) != 1 || !call[0].init || call[0].tag != relA.Block(2) || !bytes.Equal(call[0].before, make([]byte, BlockSize)) {
		t.Fatalf("extension logged as %d changes, init %v", len(call), call[0].init)
	}
	if s := p.Stats(); s.Logged != 2 {
		t.Fatalf("Stats.Logged = %d", s.Logged)
	}
	p.Release(b)
	mustClean(t, p)
}

// TestLogHeldTogether: changes to several pages held exclusively are
// logged in one call when the first of them is released, that one first.
func TestLogHeldTogether(t *testing.T) {
	for _, unlockFirst := range []int{0, 1, 2} {
		t.Run(fmt.Sprint("unlock ", unlockFirst), func(t *testing.T) {
			st := newMemStore()
			st.fill(relA, 4)
			var r walRecorder
			p := testPool(t, 8, st, r.hooks())
			var bufs []Buffer
			for blk := range uint32(3) {
				bufs = append(bufs, mustRead(t, p, relA.Block(blk), nil))
			}
			other := mustRead(t, p, relA.Block(3), nil)
			p.Lock(other, Shared) // held, but shared: never part of a change
			for _, b := range bufs {
				p.Lock(b, Exclusive)
			}
			// Change pages 0 and 2, not 1.
			setCounter(p.Page(bufs[0]), 0, 10)
			setCounter(p.Page(bufs[2]), 0, 12)
			p.MarkDirty(bufs[0])
			p.MarkDirty(bufs[2])
			p.Unlock(bufs[unlockFirst])
			want := map[int]string{0: "[0 2]", 1: "[0 2]", 2: "[2 0]"}[unlockFirst]
			if unlockFirst == 1 {
				// Page 1 did not change: nothing is logged yet.
				if n := r.ncalls(); n != 0 {
					t.Fatalf("%d calls after unlocking an unchanged page", n)
				}
				p.Unlock(bufs[0])
			}
			call := r.last(t, 1)
			if got := blocksOf(call); got != want {
				t.Fatalf("logged blocks %s, want %s", got, want)
			}
			for _, i := range []int{0, 2} {
				if lsn := DefaultPageLSN(p.Page(bufs[i])); lsn != 0x100 {
					t.Fatalf("block %d LSN %#x, want 0x100", i, lsn)
				}
			}
			// Releasing the rest logs nothing more...
			for i, b := range bufs {
				if p.LockHeld(b) == Exclusive && i != 2 {
					p.Unlock(b)
				}
			}
			r.last(t, 1)
			// ...but a new change to a page still held is logged alone,
			// from its state at the last log.
			if p.LockHeld(bufs[2]) != Exclusive {
				p.Lock(bufs[2], Exclusive)
			}
			mid := bytes.Clone(p.Page(bufs[2]))
			setCounter(p.Page(bufs[2]), 1, 13)
			p.Unlock(bufs[2])
			call = r.last(t, 2)
			if blocksOf(call) != "[2]" || !bytes.Equal(call[0].before, mid) || counter(call[0].after, 1) != 13 {
				t.Fatalf("second record: blocks %s, before matches %v", blocksOf(call), bytes.Equal(call[0].before, mid))
			}
			if lsn := DefaultPageLSN(p.Page(bufs[2])); lsn != 0x200 {
				t.Fatalf("LSN %#x after the second record", lsn)
			}
			p.Unlock(other)
			for _, b := range append(bufs, other) {
				p.Release(b)
			}
			mustClean(t, p)
		})
	}
}

// TestLogStillHeldRelog: a page logged with another one's release and
// changed again before its own release is logged again, from the image
// taken at the first log.
func TestLogStillHeldRelog(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	var r walRecorder
	p := testPool(t, 4, st, r.hooks())
	a, b := mustRead(t, p, relA.Block(0), nil), mustRead(t, p, relA.Block(1), nil)
	p.Lock(a, Exclusive)
	p.Lock(b, Exclusive)
	setCounter(p.Page(a), 0, 1)
	setCounter(p.Page(b), 0, 2)
	p.UnlockRelease(a)
	if got := blocksOf(r.last(t, 1)); got != "[0 1]" {
		t.Fatalf("logged %s", got)
	}
	atLog := bytes.Clone(p.Page(b))
	setCounter(p.Page(b), 0, 3)
	p.UnlockRelease(b)
	call := r.last(t, 2)
	if blocksOf(call) != "[1]" || !bytes.Equal(call[0].before, atLog) || call[0].init {
		t.Fatalf("relogged %s, before matches %v", blocksOf(call), bytes.Equal(call[0].before, atLog))
	}
	mustClean(t, p)
}

func TestLogReleaseAll(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 3)
	var r walRecorder
	p := testPool(t, 4, st, r.hooks())
	var bufs []Buffer
	for blk := range uint32(3) {
		b := mustRead(t, p, relA.Block(blk), nil)
		bufs = append(bufs, b)
		p.Lock(b, Exclusive)
		if blk != 1 {
			setCounter(p.Page(b), 0, 7)
		}
	}
	if n := p.ReleaseAll(); n != 3 {
		t.Fatalf("ReleaseAll dropped %d pins", n)
	}
	// The last lock taken is released first.
	if got := blocksOf(r.last(t, 1)); got != "[2 0]" {
		t.Fatalf("logged %s, want [2 0]", got)
	}
	for _, b := range []Buffer{bufs[0], bufs[2]} {
		if DefaultPageLSN(p.Page(b)) != 0x100 || !isDirty(p, b) {
			t.Fatalf("buffer %d: LSN %#x, dirty %v", b, DefaultPageLSN(p.Page(b)), isDirty(p, b))
		}
	}
	mustClean(t, p)
}

// TestLogOff: without LogChanges nothing is copied.
func TestLogOff(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 1)
	p := testPool(t, 4, st, Hooks{})
	b := mustRead(t, p, relA.Block(0), nil)
	p.Lock(b, Exclusive)
	if p.held[0].before != nil {
		t.Fatal("a before image without LogChanges")
	}
	setCounter(p.Page(b), 0, 1)
	p.MarkDirty(b)
	p.UnlockRelease(b)
	if len(p.spare) != 0 || p.Stats().Logged != 0 {
		t.Fatalf("%d spare images, %d logged", len(p.spare), p.Stats().Logged)
	}
	mustClean(t, p)
}

// TestLogNoAllocation: the steady state of exclusive lock, change, unlock
// allocates nothing in the pool.
func TestLogNoAllocation(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	var lsn uint64
	p := testPool(t, 4, st, Hooks{LogChanges: func([]Change) uint64 { lsn++; return lsn }})
	a, b := mustRead(t, p, relA.Block(0), nil), mustRead(t, p, relA.Block(1), nil)
	i := uint64(0)
	round := func() {
		i++
		p.Lock(a, Exclusive)
		p.Lock(b, Exclusive)
		setCounter(p.Page(a), 0, i)
		setCounter(p.Page(b), 0, i)
		p.Unlock(b)
		p.Unlock(a)
	}
	round()
	if n := testing.AllocsPerRun(100, round); n != 0 {
		t.Fatalf("%v allocations per round", n)
	}
	if lsn != 101+1 || len(p.spare) != 2 {
		t.Fatalf("%d records, %d spare images", lsn, len(p.spare))
	}
	p.Release(a)
	p.Release(b)
	mustClean(t, p)
}

// TestLogConcurrent: several processes change the same pages under their
// exclusive locks; replaying every record's deltas, in LSN order, over the
// original pages gives exactly the final pages. Each record is made while
// its pages are locked, so records of one page come in the order of its
// changes.
func TestLogConcurrent(t *testing.T) {
	const procs, rounds, nblocks = 4, 300, 3
	st := newMemStore()
	st.fill(relA, nblocks)
	shadow := map[Tag][]byte{}
	for blk := range uint32(nblocks) {
		shadow[relA.Block(blk)] = st.page(relA.Block(blk))
	}
	var mu sync.Mutex
	var lsn uint64
	var errs []string
	h := Hooks{Verify: verifyPage, LogChanges: func(changes []Change) uint64 {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range changes {
			s := shadow[c.Tag]
			if !page.PagesEqual(s, c.Before) {
				errs = append(errs, fmt.Sprintf("%v: Before is not the replayed page", c.Tag))
			}
			if err := page.ApplyDelta(s, page.AppendDelta(nil, c.Before, c.After)); err != nil {
				errs = append(errs, err.Error())
			}
		}
		lsn++
		return lsn
	}}
	pools := testPools(t, 8, procs, st, h)
	var wg sync.WaitGroup
	for i, p := range pools {
		wg.Go(func() {
			for n := range rounds {
				// Two pages at once, in block order (the lock order).
				b1 := uint32(n % nblocks)
				b2 := (b1 + 1) % nblocks
				lo, hi := min(b1, b2), max(b1, b2)
				x, _ := p.ReadBuffer(relA.Block(lo), nil)
				y, _ := p.ReadBuffer(relA.Block(hi), nil)
				p.Lock(x, Exclusive)
				p.Lock(y, Exclusive)
				setCounter(p.Page(x), i, counter(p.Page(x), i)+1)
				setCounter(p.Page(y), procs+i, counter(p.Page(y), procs+i)+1)
				p.MarkDirty(x)
				p.MarkDirty(y)
				if n%2 == 0 {
					p.UnlockRelease(x)
					p.UnlockRelease(y)
				} else {
					p.UnlockRelease(y)
					p.UnlockRelease(x)
				}
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs[:min(len(errs), 5)])
	}
	if lsn != procs*rounds {
		t.Fatalf("%d records, want %d (one per round)", lsn, procs*rounds)
	}
	p := pools[0]
	for blk := range uint32(nblocks) {
		b := mustRead(t, p, relA.Block(blk), nil)
		p.Lock(b, Shared)
		if !page.PagesEqual(shadow[relA.Block(blk)], p.Page(b)) {
			t.Errorf("block %d: replayed records differ from the page", blk)
		}
		p.UnlockRelease(b)
	}
	mustClean(t, pools...)
}
