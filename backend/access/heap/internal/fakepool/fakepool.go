// Package fakepool is an in-process stand-in for the shared buffer pool,
// for the heap and free space map tests: pages live in a map and are
// never evicted, and every rule of the bufmgr contract is checked (a page
// is touched only pinned, changed only under the exclusive lock, no lock
// is taken twice, no pin outlives its lock), so a heap bug shows as a
// panic here rather than as a race in shared memory. It is not safe for
// concurrent use: one goroutine drives it, as one process drives a pool
// view.
package fakepool

import (
	"fmt"
	"unsafe"

	"ringpg/backend/storage/bufmgr"
)

type buffer struct {
	tag  bufmgr.Tag
	page []byte
	pins int
	lock bufmgr.LockMode // 0 when unlocked
}

// Pool is the fake pool.
type Pool struct {
	bufs    []*buffer // buffer b is bufs[b-1]
	byTag   map[bufmgr.Tag]bufmgr.Buffer
	nblocks map[bufmgr.RelFork]uint32

	// Stats, for tests that care how the heap used the pool.
	Reads, Extends, Dirtied, HintDirtied int

	// RefuseConditional makes that many next ConditionalLock calls fail,
	// as if another process held the lock: to reach the paths that then
	// wait in lock order.
	RefuseConditional int
}

// New returns an empty pool.
func New() *Pool {
	return &Pool{byTag: map[bufmgr.Tag]bufmgr.Buffer{}, nblocks: map[bufmgr.RelFork]uint32{}}
}

// alignedPage returns a zeroed page aligned like a shared buffer.
func alignedPage() []byte {
	words := make([]uint64, bufmgr.BlockSize/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), bufmgr.BlockSize)
}

func (p *Pool) buf(b bufmgr.Buffer, op string) *buffer {
	if b < 1 || int(b) > len(p.bufs) {
		panic(fmt.Sprintf("fakepool: %s of invalid buffer %d", op, b))
	}
	x := p.bufs[b-1]
	if x.pins == 0 {
		panic(fmt.Sprintf("fakepool: %s of unpinned buffer %d (%v)", op, b, x.tag))
	}
	return x
}

// ReadBuffer pins block t; it must exist.
func (p *Pool) ReadBuffer(t bufmgr.Tag, _ *bufmgr.Strategy) (bufmgr.Buffer, error) {
	if t.Block >= p.nblocks[t.RelFork()] {
		return 0, fmt.Errorf("could not read block %d in file %q: read only 0 of 8192 bytes", t.Block, t.RelFork().String())
	}
	b, ok := p.byTag[t]
	if !ok {
		panic(fmt.Sprintf("fakepool: block %v has no page", t))
	}
	p.bufs[b-1].pins++
	p.Reads++
	return b, nil
}

// ExtendRelation adds a zeroed block, pinned and exclusively locked.
func (p *Pool) ExtendRelation(rf bufmgr.RelFork, _ *bufmgr.Strategy) (bufmgr.Buffer, uint32, error) {
	blk := p.nblocks[rf]
	p.nblocks[rf] = blk + 1
	t := rf.Block(blk)
	p.bufs = append(p.bufs, &buffer{tag: t, page: alignedPage(), pins: 1, lock: bufmgr.Exclusive})
	b := bufmgr.Buffer(len(p.bufs))
	p.byTag[t] = b
	p.Extends++
	return b, blk, nil
}

// Release drops a pin.
func (p *Pool) Release(b bufmgr.Buffer) {
	x := p.buf(b, "Release")
	if x.pins == 1 && x.lock != 0 {
		panic(fmt.Sprintf("fakepool: last pin of buffer %d released with its lock held", b))
	}
	x.pins--
}

// Lock takes the content lock; in one goroutine a held lock can never be
// released by anyone else, so taking it again is a self-deadlock.
func (p *Pool) Lock(b bufmgr.Buffer, m bufmgr.LockMode) {
	x := p.buf(b, "Lock")
	if x.lock != 0 {
		panic(fmt.Sprintf("fakepool: Lock of buffer %d (%v), already locked %v: self-deadlock", b, x.tag, x.lock))
	}
	if m != bufmgr.Shared && m != bufmgr.Exclusive {
		panic("fakepool: bad lock mode")
	}
	x.lock = m
}

// ConditionalLock takes the lock if it is free.
func (p *Pool) ConditionalLock(b bufmgr.Buffer, m bufmgr.LockMode) bool {
	if p.buf(b, "ConditionalLock").lock != 0 {
		return false
	}
	if p.RefuseConditional > 0 {
		p.RefuseConditional--
		return false
	}
	p.Lock(b, m)
	return true
}

// Unlock releases the content lock.
func (p *Pool) Unlock(b bufmgr.Buffer) {
	x := p.buf(b, "Unlock")
	if x.lock == 0 {
		panic(fmt.Sprintf("fakepool: Unlock of unlocked buffer %d", b))
	}
	x.lock = 0
}

// LockForCleanup takes the exclusive lock; there are no other processes.
func (p *Pool) LockForCleanup(b bufmgr.Buffer) error {
	if x := p.buf(b, "LockForCleanup"); x.pins != 1 {
		panic(fmt.Sprintf("fakepool: LockForCleanup of buffer %d with %d pins", b, x.pins))
	}
	p.Lock(b, bufmgr.Exclusive)
	return nil
}

// ConditionalLockForCleanup takes the exclusive lock if the caller's is
// the only pin and the lock is free.
func (p *Pool) ConditionalLockForCleanup(b bufmgr.Buffer) bool {
	if p.buf(b, "ConditionalLockForCleanup").pins != 1 {
		return false
	}
	return p.ConditionalLock(b, bufmgr.Exclusive)
}

// Page returns the page of a pinned buffer.
func (p *Pool) Page(b bufmgr.Buffer) []byte { return p.buf(b, "Page").page }

// MarkDirty requires the exclusive lock.
func (p *Pool) MarkDirty(b bufmgr.Buffer) {
	if x := p.buf(b, "MarkDirty"); x.lock != bufmgr.Exclusive {
		panic(fmt.Sprintf("fakepool: MarkDirty of buffer %d without its exclusive lock", b))
	}
	p.Dirtied++
}

// MarkDirtyHint requires some lock.
func (p *Pool) MarkDirtyHint(b bufmgr.Buffer) {
	if x := p.buf(b, "MarkDirtyHint"); x.lock == 0 {
		panic(fmt.Sprintf("fakepool: MarkDirtyHint of buffer %d without its lock", b))
	}
	p.HintDirtied++
}

// TagOf returns the block a pinned buffer holds.
func (p *Pool) TagOf(b bufmgr.Buffer) bufmgr.Tag { return p.buf(b, "TagOf").tag }

// Nblocks returns the fork's length; a fork never extended has none.
func (p *Pool) Nblocks(rf bufmgr.RelFork) (uint32, error) { return p.nblocks[rf], nil }

// NewStrategy returns a token; the fake has no rings.
func (p *Pool) NewStrategy(bufmgr.StrategyKind) *bufmgr.Strategy { return new(bufmgr.Strategy) }

// CheckIdle returns an error if any buffer is still pinned or locked:
// every heap operation must give back what it took.
func (p *Pool) CheckIdle() error {
	for i, x := range p.bufs {
		if x.pins != 0 || x.lock != 0 {
			return fmt.Errorf("buffer %d (%v) left with %d pins, lock %v", i+1, x.tag, x.pins, x.lock)
		}
	}
	return nil
}

// PageOf returns the page of block t without pinning it, for checks
// made while nothing else runs.
func (p *Pool) PageOf(t bufmgr.Tag) []byte {
	b, ok := p.byTag[t]
	if !ok {
		return nil
	}
	return p.bufs[b-1].page
}
