package bufmgr

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"ringpg/pgerr"
)

// TestReadPaths walks one pool through hits and misses and checks what
// storage saw and what the page holds at each step.
func TestReadPaths(t *testing.T) {
	type step struct {
		blk       uint32
		wantReads int // storage reads so far
		wantBuf   Buffer
	}
	tests := []struct {
		name     string
		nbuffers int
		steps    []step
	}{
		{"miss then hit", 4, []step{{0, 1, 1}, {0, 1, 1}, {1, 2, 2}, {0, 2, 1}, {1, 2, 2}}},
		{"fills every buffer once", 3, []step{{0, 1, 1}, {1, 2, 2}, {2, 3, 3}, {2, 3, 3}}},
		// Four blocks through three buffers: the fourth evicts the page
		// whose usage count the sweep brings to zero first, block 0 (each
		// was used once), and block 0 then misses again.
		{"eviction", 3, []step{{0, 1, 1}, {1, 2, 2}, {2, 3, 3}, {3, 4, 1}, {0, 5, 2}}},
		{"one buffer", 1, []step{{0, 1, 1}, {1, 2, 1}, {1, 2, 1}, {0, 3, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			st.fill(relA, 8)
			p := testPool(t, tt.nbuffers, st, Hooks{Verify: verifyPage})
			for i, s := range tt.steps {
				tag := relA.Block(s.blk)
				b := mustRead(t, p, tag, nil)
				if reads, _, _ := st.counts(); reads != s.wantReads {
					t.Errorf("step %d (block %d): %d storage reads, want %d", i, s.blk, reads, s.wantReads)
				}
				if b != s.wantBuf {
					t.Errorf("step %d (block %d): buffer %d, want %d", i, s.blk, b, s.wantBuf)
				}
				if got := p.TagOf(b); got != tag {
					t.Errorf("step %d: TagOf = %v, want %v", i, got, tag)
				}
				if got := pageTag(p.Page(b)); got != tag {
					t.Errorf("step %d: page holds %v, want %v", i, got, tag)
				}
				if p.PinCount(b) != 1 || p.SharedPinCount(b) != 1 {
					t.Errorf("step %d: pins %d/%d", i, p.PinCount(b), p.SharedPinCount(b))
				}
				p.Release(b)
				if p.PinCount(b) != 0 {
					t.Errorf("step %d: %d pins after Release", i, p.PinCount(b))
				}
			}
			mustClean(t, p)
		})
	}
}

func TestPinsArePerProcess(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 12)
	pools := testPools(t, 16, 2, st, Hooks{})
	p, q := pools[0], pools[1]
	b1 := mustRead(t, p, relA.Block(0), nil)
	b2 := mustRead(t, p, relA.Block(0), nil)
	p.AddPin(b1)
	if b1 != b2 || p.PinCount(b1) != 3 || p.SharedPinCount(b1) != 1 {
		t.Fatalf("three pins by one process: %d/%d", p.PinCount(b1), p.SharedPinCount(b1))
	}
	b3 := mustRead(t, q, relA.Block(0), nil)
	if b3 != b1 || q.PinCount(b1) != 1 || p.SharedPinCount(b1) != 2 {
		t.Fatalf("a second process: %d/%d", q.PinCount(b1), p.SharedPinCount(b1))
	}
	// More than the private array holds: the overflow map.
	var many []Buffer
	for blk := uint32(1); blk < 12; blk++ {
		many = append(many, mustRead(t, p, relA.Block(blk), nil))
	}
	for i, b := range many {
		if p.PinCount(b) != 1 || p.TagOf(b) != relA.Block(uint32(i+1)) {
			t.Fatalf("overflow pin %d: count %d", i, p.PinCount(b))
		}
	}
	for _, b := range many {
		p.Release(b)
	}
	for range 3 {
		p.Release(b1)
	}
	if p.SharedPinCount(b1) != 1 {
		t.Fatalf("shared pins %d after the first process let go", p.SharedPinCount(b1))
	}
	q.Release(b3)
	mustClean(t, p, q)
}

// TestDirtyWriteBack: a dirty victim is written by the process that evicts
// it, WAL first, from a copy that BeforeWrite prepared.
func TestDirtyWriteBack(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 4)
	var events []string
	var flushed uint64
	h := Hooks{
		Verify: verifyPage,
		BeforeWrite: func(tag Tag, page []byte) {
			events = append(events, fmt.Sprintf("prepare %d", tag.Block))
			setChecksum(tag, page)
		},
		FlushWAL: func(lsn uint64) error {
			events = append(events, fmt.Sprintf("flush %#x", lsn))
			flushed = max(flushed, lsn)
			return nil
		},
	}
	st.onWrite = func(tag Tag, buf []byte) {
		events = append(events, fmt.Sprintf("write %d", tag.Block))
		if lsn := DefaultPageLSN(buf); lsn > flushed {
			t.Errorf("block %d written with LSN %#x before WAL was flushed past it (%#x)", tag.Block, lsn, flushed)
		}
	}
	p := testPool(t, 2, st, h)
	b := mustRead(t, p, relA.Block(0), nil)
	p.Lock(b, Exclusive)
	setCounter(p.Page(b), 0, 42)
	setLSN(p.Page(b), 0x1_0000_0200)
	p.MarkDirty(b)
	p.UnlockRelease(b)
	shared := p.Page(b)
	for blk := uint32(1); blk < 4; blk++ {
		p.Release(mustRead(t, p, relA.Block(blk), nil))
	}
	want := []string{"flush 0x100000200", "prepare 0", "write 0"}
	if fmt.Sprint(events) != fmt.Sprint(want) {
		t.Errorf("events %v, want %v", events, want)
	}
	if got := counter(st.page(relA.Block(0)), 0); got != 42 {
		t.Errorf("storage has counter %d, want 42", got)
	}
	if err := verifyPage(relA.Block(0), st.page(relA.Block(0))); err != nil {
		t.Errorf("written page: %v", err)
	}
	_ = shared
	// Read back through the pool: verified, and the change is there.
	b = mustRead(t, p, relA.Block(0), nil)
	if got := counter(p.Page(b), 0); got != 42 {
		t.Errorf("re-read counter %d", got)
	}
	p.Release(b)
	if s := p.Stats(); s.Writes != 1 || s.Dirtied != 1 || s.Evictions < 3 {
		t.Errorf("stats %+v", s)
	}
	mustClean(t, p)
}

// TestBeforeWriteTouchesOnlyTheCopy: the checksum goes on the copy being
// written, never on the shared page that others may be reading.
func TestBeforeWriteTouchesOnlyTheCopy(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 1)
	p := testPool(t, 4, st, Hooks{BeforeWrite: func(tag Tag, page []byte) { page[100] = 0xEE }})
	b := mustRead(t, p, relA.Block(0), nil)
	p.Lock(b, Exclusive)
	p.MarkDirty(b)
	p.UnlockRelease(b)
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	if p.Page(b)[100] != 0 || st.page(relA.Block(0))[100] != 0xEE {
		t.Fatal("BeforeWrite changed the shared page, or not the written one")
	}
}

func TestFlushAllAndRelation(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 4)
	st.fill(relB, 4)
	p := testPool(t, 16, st, Hooks{BeforeWrite: setChecksum})
	dirty := func(tag Tag, v uint64) {
		b := mustRead(t, p, tag, nil)
		p.Lock(b, Exclusive)
		setCounter(p.Page(b), 1, v)
		p.MarkDirty(b)
		p.UnlockRelease(b)
	}
	for blk := uint32(0); blk < 4; blk++ {
		dirty(relA.Block(blk), 10+uint64(blk))
		dirty(relB.Block(blk), 20+uint64(blk))
	}
	if err := p.FlushRelation(relB); err != nil {
		t.Fatal(err)
	}
	_, writes, _ := st.counts()
	if writes != 4 || st.writes[relA.Block(0)] != 0 {
		t.Fatalf("FlushRelation(B) made %d writes, A's block 0 written %d times", writes, st.writes[relA.Block(0)])
	}
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	if _, writes, _ = st.counts(); writes != 8 {
		t.Fatalf("%d writes after FlushAll, want 8", writes)
	}
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	if _, writes, _ = st.counts(); writes != 8 {
		t.Fatalf("clean pages written again: %d writes", writes)
	}
	for blk := uint32(0); blk < 4; blk++ {
		if counter(st.page(relA.Block(blk)), 1) != 10+uint64(blk) || counter(st.page(relB.Block(blk)), 1) != 20+uint64(blk) {
			t.Fatalf("block %d not written back", blk)
		}
	}
	mustClean(t, p)
}

// TestWriteFailureKeepsPageDirty: a failed write (storage or WAL) leaves
// the page dirty, so that nothing is lost, and a later flush retries.
func TestWriteFailureKeepsPageDirty(t *testing.T) {
	for _, failWAL := range []bool{false, true} {
		t.Run(fmt.Sprintf("wal=%v", failWAL), func(t *testing.T) {
			st := newMemStore()
			st.fill(relA, 4)
			walErr := errors.New("WAL device gone")
			var walFails bool
			p := testPool(t, 2, st, Hooks{FlushWAL: func(uint64) error {
				if walFails {
					return walErr
				}
				return nil
			}})
			b := mustRead(t, p, relA.Block(0), nil)
			p.Lock(b, Exclusive)
			setCounter(p.Page(b), 0, 7)
			p.MarkDirty(b)
			p.UnlockRelease(b)
			diskErr := errors.New("disk on fire")
			if failWAL {
				walFails = true
			} else {
				st.failWrite[relA.Block(0)] = diskErr
			}
			err := p.FlushAll()
			if !errors.Is(err, diskErr) && !errors.Is(err, walErr) {
				t.Fatalf("FlushAll: %v", err)
			}
			// Eviction meets the same failure and reports it.
			p.Release(mustRead(t, p, relA.Block(1), nil))
			if _, err := p.ReadBuffer(relA.Block(2), nil); err == nil || !strings.Contains(err.Error(), "block 0 of relation base/5/16384") {
				t.Fatalf("eviction of the unwritable page: %v", err)
			}
			if err := p.CheckInvariants(); err != nil {
				t.Fatal(err)
			}
			walFails = false
			delete(st.failWrite, relA.Block(0))
			if err := p.FlushAll(); err != nil {
				t.Fatal(err)
			}
			if counter(st.page(relA.Block(0)), 0) != 7 {
				t.Fatal("the change was lost")
			}
			mustClean(t, p)
		})
	}
}

func TestReadErrors(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	p := testPool(t, 4, st, Hooks{Verify: verifyPage})
	ioErr := errors.New("EIO")
	st.failRead[relA.Block(0)] = ioErr
	if _, err := p.ReadBuffer(relA.Block(0), nil); !errors.Is(err, ioErr) {
		t.Fatalf("read error: %v", err)
	}
	if err := p.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	// The failed buffer stays in the table, not valid; the next reader
	// tries again.
	delete(st.failRead, relA.Block(0))
	p.Release(mustRead(t, p, relA.Block(0), nil))
	if st.reads[relA.Block(0)] != 2 {
		t.Fatalf("%d reads of block 0", st.reads[relA.Block(0)])
	}

	// A page that fails verification is data corruption, XX001.
	st.blocks[relA.Block(1)][200] ^= 1
	setChecksum(relA.Block(1), st.blocks[relA.Block(1)])
	st.blocks[relA.Block(1)][300] ^= 1 // after the checksum: a torn page
	_, err := p.ReadBuffer(relA.Block(1), nil)
	if pgerr.Code(err) != DataCorrupted || !strings.Contains(err.Error(), "invalid page in block 1 of relation base/5/16384") {
		t.Fatalf("corrupt page: %v (code %q)", err, pgerr.Code(err))
	}
	// Reading a block that does not exist fails and leaks nothing.
	if _, err := p.ReadBuffer(relA.Block(9), nil); err == nil {
		t.Fatal("read past the end succeeded")
	}
	mustClean(t, p)
}

func TestAllBuffersPinned(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 3)
	p := testPool(t, 2, st, Hooks{})
	b0 := mustRead(t, p, relA.Block(0), nil)
	b1 := mustRead(t, p, relA.Block(1), nil)
	_, err := p.ReadBuffer(relA.Block(2), nil)
	if err == nil || !strings.Contains(err.Error(), "no unpinned buffers available") {
		t.Fatalf("third read with two buffers pinned: %v", err)
	}
	p.Release(b0)
	p.Release(mustRead(t, p, relA.Block(2), nil))
	p.Release(b1)
	mustClean(t, p)
}

func TestExtendRelation(t *testing.T) {
	tests := []struct {
		name     string
		existing uint32
		extends  int
		nbuffers int
	}{
		{"empty relation", 0, 5, 16},
		{"after existing blocks", 3, 4, 16},
		{"with eviction", 0, 20, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			st.fill(relA, tt.existing)
			p := testPool(t, tt.nbuffers, st, Hooks{Verify: verifyPage, BeforeWrite: setChecksum})
			for i := range tt.extends {
				b, blk, err := p.ExtendRelation(relA, nil)
				if err != nil {
					t.Fatal(err)
				}
				if want := tt.existing + uint32(i); blk != want {
					t.Fatalf("extend %d gave block %d, want %d", i, blk, want)
				}
				if p.LockHeld(b) != Exclusive || p.PinCount(b) != 1 || p.TagOf(b) != relA.Block(blk) {
					t.Fatalf("new buffer: lock %v, pins %d, tag %v", p.LockHeld(b), p.PinCount(b), p.TagOf(b))
				}
				if !allZero(p.Page(b)) {
					t.Fatal("new page not zeroed")
				}
				stampPage(p.Page(b), relA.Block(blk))
				setCounter(p.Page(b), 0, uint64(blk)+1000)
				p.MarkDirty(b)
				p.UnlockRelease(b)
			}
			if n, _ := p.Nblocks(relA); n != tt.existing+uint32(tt.extends) {
				t.Fatalf("Nblocks = %d", n)
			}
			if err := p.FlushAll(); err != nil {
				t.Fatal(err)
			}
			for blk := tt.existing; blk < tt.existing+uint32(tt.extends); blk++ {
				b := mustRead(t, p, relA.Block(blk), nil)
				if counter(p.Page(b), 0) != uint64(blk)+1000 {
					t.Fatalf("block %d lost its contents", blk)
				}
				p.Release(b)
			}
			mustClean(t, p)
		})
	}
}

// TestExtendOverFailedRead: a failed read of a block past the end leaves
// a not-valid buffer with that tag; extending onto it reuses it.
func TestExtendOverFailedRead(t *testing.T) {
	st := newMemStore()
	p := testPool(t, 4, st, Hooks{})
	if _, err := p.ReadBuffer(relA.Block(0), nil); err == nil {
		t.Fatal("read of a missing block succeeded")
	}
	b, blk, err := p.ExtendRelation(relA, nil)
	if err != nil || blk != 0 {
		t.Fatalf("extend: %v, block %d", err, blk)
	}
	p.UnlockRelease(b)
	mustClean(t, p)

	// A valid page beyond the end is refused.
	st2 := newMemStore()
	st2.fill(relA, 1)
	q := testPool(t, 4, st2, Hooks{})
	q.Release(mustRead(t, q, relA.Block(0), nil))
	st2.nblocks[relA] = 0 // storage lost the block under us
	if _, _, err := q.ExtendRelation(relA, nil); err == nil || !strings.Contains(err.Error(), "unexpected data beyond EOF") {
		t.Fatalf("extend over a valid page: %v", err)
	}
	mustClean(t, q)
}

func TestDropRelation(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 6)
	st.fill(relB, 2)
	p := testPool(t, 16, st, Hooks{})
	bufOf := map[Tag]Buffer{}
	for _, rf := range []RelFork{relA, relB} {
		n, _ := st.Nblocks(rf)
		for blk := range n {
			tag := rf.Block(blk)
			b := mustRead(t, p, tag, nil)
			p.Lock(b, Exclusive)
			setCounter(p.Page(b), 0, 99)
			p.MarkDirty(b)
			p.UnlockRelease(b)
			bufOf[tag] = b
		}
	}
	p.DropRelation(relA, 3)
	if err := p.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	for tag, b := range bufOf {
		dropped := tag.RelFork() == relA && tag.Block >= 3
		st := p.descs[b-1].state.Load()
		if dropped != (st&flagTagValid == 0) {
			t.Errorf("%v: state %#x after DropRelation", tag, st)
		}
	}
	for blk := uint32(0); blk < 6; blk++ {
		want := uint64(99)
		if blk >= 3 {
			want = 0 // dropped unwritten
		}
		if got := counter(st.page(relA.Block(blk)), 0); got != want {
			t.Errorf("A block %d in storage: counter %d, want %d", blk, got, want)
		}
	}
	// Dropped buffers are reused first, from the free list.
	st.fill(relB, 5)
	for blk := uint32(2); blk < 5; blk++ {
		b := mustRead(t, p, relB.Block(blk), nil)
		if b != bufOf[relA.Block(3)] && b != bufOf[relA.Block(4)] && b != bufOf[relA.Block(5)] {
			t.Errorf("block %d went to buffer %d, not a freed one", blk, b)
		}
		p.Release(b)
	}
	p.DropRelation(relB, 0)
	p.DropRelation(relA, 0)
	for i := range p.descs {
		if p.descs[i].state.Load()&flagTagValid != 0 {
			t.Errorf("buffer %d still valid after dropping everything", i+1)
		}
	}
	mustClean(t, p)
}

// TestStrategyRing: a bulk read through a ring leaves the rest of the
// pool alone; the same scan without a ring pushes everything out.
func TestStrategyRing(t *testing.T) {
	for _, useRing := range []bool{true, false} {
		t.Run(fmt.Sprintf("ring=%v", useRing), func(t *testing.T) {
			const nbuffers, hot, scan = 128, 64, 500
			st := newMemStore()
			st.fill(relA, hot)
			st.fill(relB, scan)
			p := testPool(t, nbuffers, st, Hooks{})
			for range 3 {
				for blk := range uint32(hot) {
					p.Release(mustRead(t, p, relA.Block(blk), nil))
				}
			}
			var s *Strategy
			if useRing {
				s = p.NewStrategy(BulkRead)
				if s.Len() != nbuffers/8 {
					t.Fatalf("ring of %d buffers for a pool of %d", s.Len(), nbuffers)
				}
			}
			used := map[Buffer]bool{}
			for blk := range uint32(scan) {
				b := mustRead(t, p, relB.Block(blk), s)
				used[b] = true
				p.Release(b)
			}
			before, _, _ := st.counts()
			for blk := range uint32(hot) {
				p.Release(mustRead(t, p, relA.Block(blk), nil))
			}
			after, _, _ := st.counts()
			if useRing {
				if after != before {
					t.Errorf("hot pages re-read %d times after a ringed scan", after-before)
				}
				if len(used) > s.Len()+1 {
					t.Errorf("ringed scan used %d buffers, ring has %d", len(used), s.Len())
				}
			} else if after-before < hot/2 {
				t.Errorf("unringed scan left the hot set resident (%d re-reads)", after-before)
			}
			mustClean(t, p)
		})
	}
}

func TestStrategySizes(t *testing.T) {
	p := testPool(t, 100000, newMemStore(), Hooks{})
	small := testPool(t, 16, newMemStore(), Hooks{})
	for _, c := range []struct {
		p    *Pool
		k    StrategyKind
		want int
	}{
		{p, BulkRead, 32}, {p, Vacuum, 32}, {p, BulkWrite, 2048},
		{small, BulkRead, 2}, {small, BulkWrite, 2},
	} {
		if got := c.p.NewStrategy(c.k).Len(); got != c.want {
			t.Errorf("pool %d, kind %d: ring of %d, want %d", c.p.NBuffers(), c.k, got, c.want)
		}
	}
}

// TestBulkReadRejectsWALFlush: a scan that would have to flush WAL to
// reuse a dirty ring buffer leaves it to the sweep and takes another
// victim; once the whole pool is dirty, the sweep's victims are written as
// usual. Without the hook every ring buffer is written on reuse.
func TestBulkReadRejectsWALFlush(t *testing.T) {
	const nbuffers, blocks = 64, 200
	for _, c := range []struct {
		reject      bool
		wantFlushes int
	}{
		{true, blocks - nbuffers},
		{false, blocks - nbuffers/8},
	} {
		t.Run(fmt.Sprintf("reject=%v", c.reject), func(t *testing.T) {
			st := newMemStore()
			st.fill(relA, blocks)
			flushes := 0
			h := Hooks{FlushWAL: func(uint64) error { flushes++; return nil }}
			if c.reject {
				h.NeedsWALFlush = func(lsn uint64) bool { return lsn > 0 }
			}
			p := testPool(t, nbuffers, st, h)
			s := p.NewStrategy(BulkRead)
			for blk := range uint32(blocks) {
				b := mustRead(t, p, relA.Block(blk), s)
				p.Lock(b, Exclusive)
				setLSN(p.Page(b), uint64(blk)+1) // as if the scan set hint bits with WAL
				p.MarkDirty(b)
				p.UnlockRelease(b)
			}
			if flushes != c.wantFlushes {
				t.Errorf("%d WAL flushes, want %d", flushes, c.wantFlushes)
			}
			mustClean(t, p)
		})
	}
}

func TestReadZeroAndLock(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	p := testPool(t, 4, st, Hooks{})
	b, err := p.ReadBufferMode(relA.Block(1), nil, ReadZeroAndLock)
	if err != nil {
		t.Fatal(err)
	}
	if reads, _, _ := st.counts(); reads != 0 || !allZero(p.Page(b)) || p.LockHeld(b) != Exclusive {
		t.Fatalf("reads %d, zero %v, lock %v", reads, allZero(p.Page(b)), p.LockHeld(b))
	}
	p.UnlockRelease(b)
	// Resident: locked, not zeroed (the caller overwrites it).
	b = mustRead(t, p, relA.Block(0), nil)
	p.Release(b)
	b, _ = p.ReadBufferMode(relA.Block(0), nil, ReadZeroAndLock)
	if pageTag(p.Page(b)) != relA.Block(0) || p.LockHeld(b) != Exclusive {
		t.Fatal("resident page changed or not locked")
	}
	p.UnlockRelease(b)
	mustClean(t, p)
}

func TestReleaseAll(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 12)
	p := testPool(t, 16, st, Hooks{})
	for blk := range uint32(12) {
		b := mustRead(t, p, relA.Block(blk), nil)
		if blk%3 == 0 {
			p.Lock(b, Shared)
		}
		if blk%4 == 0 {
			p.AddPin(b)
		}
	}
	if n := p.ReleaseAll(); n != 15 {
		t.Fatalf("ReleaseAll dropped %d pins, want 15", n)
	}
	mustClean(t, p)
}

func TestMisusePanics(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 2)
	tests := []struct {
		name string
		do   func(p *Pool, b Buffer)
	}{
		{"release unpinned", func(p *Pool, b Buffer) { p.Release(b); p.Release(b) }},
		{"lock unpinned", func(p *Pool, b Buffer) { p.Release(b); p.Lock(b, Shared) }},
		{"lock twice", func(p *Pool, b Buffer) { p.Lock(b, Shared); p.Lock(b, Shared) }},
		{"mark dirty unlocked", func(p *Pool, b Buffer) { p.MarkDirty(b) }},
		{"mark dirty shared", func(p *Pool, b Buffer) { p.Lock(b, Shared); p.MarkDirty(b) }},
		{"hint unlocked", func(p *Pool, b Buffer) { p.MarkDirtyHint(b) }},
		{"unlock unlocked", func(p *Pool, b Buffer) { p.Unlock(b) }},
		{"last pin with lock", func(p *Pool, b Buffer) { p.Lock(b, Shared); p.Release(b) }},
		{"cleanup with two pins", func(p *Pool, b Buffer) { p.AddPin(b); p.LockForCleanup(b) }},
		{"drop own pinned", func(p *Pool, b Buffer) { p.DropRelation(relA, 0) }},
		{"buffer out of range", func(p *Pool, b Buffer) { p.Page(99) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPool(t, 4, st, Hooks{})
			b := mustRead(t, p, relA.Block(0), nil)
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.do(p, b)
		})
	}
}

func TestMarkDirtyHint(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 1)
	p := testPool(t, 4, st, Hooks{})
	b := mustRead(t, p, relA.Block(0), nil)
	p.Lock(b, Shared)
	p.Page(b)[500] = 1
	p.MarkDirtyHint(b)
	p.MarkDirtyHint(b)
	p.UnlockRelease(b)
	if p.Stats().Dirtied != 1 {
		t.Fatalf("dirtied %d", p.Stats().Dirtied)
	}
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	if st.page(relA.Block(0))[500] != 1 {
		t.Fatal("hint not written")
	}
	mustClean(t, p)
}

func TestTagStrings(t *testing.T) {
	for _, c := range []struct {
		tag  Tag
		want string
	}{
		{Tag{1663, 5, 16384, MainFork, 7}, "block 7 of relation base/5/16384"},
		{Tag{1663, 5, 16384, FSMFork, 0}, "block 0 of relation base/5/16384_fsm"},
		{Tag{1664, 0, 1262, VMFork, 1}, "block 1 of relation global/1262_vm"},
		{Tag{16400, 5, 16384, InitFork, 2}, "block 2 of relation pg_tblspc/16400/5/16384_init"},
	} {
		if got := c.tag.String(); got != c.want {
			t.Errorf("%#v: %q, want %q", c.tag, got, c.want)
		}
	}
	if !bytes.Equal([]byte(Shared.String()), []byte("shared")) {
		t.Error(Shared.String())
	}
}

// TestWriteAhead: the background writer's pass writes dirty pages the
// sweep could take (unpinned, usage zero), at most max per pass, and
// leaves pinned and recently used ones alone.
func TestWriteAhead(t *testing.T) {
	st := newMemStore()
	st.fill(relA, 8)
	p := testPool(t, 16, st, Hooks{BeforeWrite: setChecksum})
	for blk := uint32(0); blk < 8; blk++ {
		b := mustRead(t, p, relA.Block(blk), nil)
		p.Lock(b, Exclusive)
		setCounter(p.Page(b), 1, 100+uint64(blk))
		p.MarkDirty(b)
		p.UnlockRelease(b)
	}
	if n, err := p.WriteAhead(16, 100); err != nil || n != 0 {
		t.Fatalf("pages just used were written: %d, %v", n, err)
	}
	// As the sweep would leave them after a turn: usage zero.
	for i := range p.descs {
		d := &p.descs[i]
		s := d.lockHeader()
		d.unlockHeader(s &^ usageMask)
	}
	pinned := mustRead(t, p, relA.Block(0), nil) // raises its usage again and pins it
	if n, err := p.WriteAhead(16, 4); err != nil || n != 4 {
		t.Fatalf("first pass wrote %d (%v), want 4", n, err)
	}
	if n, err := p.WriteAhead(16, 100); err != nil || n != 3 {
		t.Fatalf("second pass wrote %d (%v), want the 3 others", n, err)
	}
	if n, _ := p.WriteAhead(16, 100); n != 0 {
		t.Fatalf("third pass wrote %d clean pages", n)
	}
	p.Release(pinned)
	for blk := uint32(1); blk < 8; blk++ {
		if got := counter(st.page(relA.Block(blk)), 1); got != 100+uint64(blk) {
			t.Fatalf("block %d in storage: %d", blk, got)
		}
	}
}
