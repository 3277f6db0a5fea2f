package btree

import (
	"fmt"
	"sync"

	"ringpg/backend/storage/bufmgr"
)

// fakeStore is an in-process stand-in for the shared buffer pool: every
// page stays in memory, each with a reader/writer content lock. Several
// fakeBuffers views (one per goroutine, as each process has its own
// bufmgr.Pool) share it. It checks the rules bufmgr enforces, so that the
// tree's lock and pin discipline is tested without shared memory.
type fakeStore struct {
	mu    sync.Mutex
	cond  *sync.Cond
	bufs  []*fakePage // Buffer b is bufs[b-1]
	byTag map[bufmgr.Tag]bufmgr.Buffer
	nblk  map[bufmgr.RelFork]uint32

	cleanupWaits int // LockForCleanup calls that had to wait; guarded by mu

	// Fault injection: a non-nil result fails the call.
	failRead   func(t bufmgr.Tag) error
	failExtend func(rf bufmgr.RelFork) error
}

type fakePage struct {
	tag  bufmgr.Tag
	data []byte
	lock sync.RWMutex
	pins int // over every view; guarded by fakeStore.mu
}

func newFakeStore() *fakeStore {
	s := &fakeStore{byTag: map[bufmgr.Tag]bufmgr.Buffer{}, nblk: map[bufmgr.RelFork]uint32{}}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// fakeBuffers is one view of a fakeStore, used by one goroutine.
type fakeBuffers struct {
	st      *fakeStore
	pins    map[bufmgr.Buffer]int
	held    map[bufmgr.Buffer]bufmgr.LockMode
	maxPins int // most distinct buffers pinned at once
}

func (s *fakeStore) view() *fakeBuffers {
	return &fakeBuffers{st: s, pins: map[bufmgr.Buffer]int{}, held: map[bufmgr.Buffer]bufmgr.LockMode{}}
}

func (f *fakeBuffers) page(b bufmgr.Buffer) *fakePage {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	if b < 1 || int(b) > len(f.st.bufs) {
		panic(fmt.Sprintf("fake: no buffer %d", b))
	}
	return f.st.bufs[b-1]
}

func (f *fakeBuffers) pin(b bufmgr.Buffer, p *fakePage) {
	p.pins++ // caller holds st.mu
	f.pins[b]++
	if len(f.pins) > f.maxPins {
		f.maxPins = len(f.pins)
	}
}

func (f *fakeBuffers) ReadBuffer(t bufmgr.Tag, _ *bufmgr.Strategy) (bufmgr.Buffer, error) {
	if f.st.failRead != nil {
		if err := f.st.failRead(t); err != nil {
			return bufmgr.InvalidBuffer, err
		}
	}
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	b, ok := f.st.byTag[t]
	if !ok || t.Block >= f.st.nblk[t.RelFork()] {
		return bufmgr.InvalidBuffer, fmt.Errorf("fake: block %d does not exist", t.Block)
	}
	f.pin(b, f.st.bufs[b-1])
	return b, nil
}

func (f *fakeBuffers) ExtendRelation(rf bufmgr.RelFork, _ *bufmgr.Strategy) (bufmgr.Buffer, uint32, error) {
	if f.st.failExtend != nil {
		if err := f.st.failExtend(rf); err != nil {
			return bufmgr.InvalidBuffer, 0, err
		}
	}
	f.st.mu.Lock()
	blk := f.st.nblk[rf]
	f.st.nblk[rf] = blk + 1
	t := rf.Block(blk)
	p := &fakePage{tag: t, data: make([]byte, bufmgr.BlockSize)}
	f.st.bufs = append(f.st.bufs, p)
	b := bufmgr.Buffer(len(f.st.bufs))
	f.st.byTag[t] = b
	f.pin(b, p)
	f.st.mu.Unlock()
	p.lock.Lock()
	f.held[b] = bufmgr.Exclusive
	return b, blk, nil
}

func (f *fakeBuffers) Release(b bufmgr.Buffer) {
	n := f.pins[b]
	if n == 0 {
		panic(fmt.Sprintf("fake: Release of unpinned buffer %d", b))
	}
	if n == 1 && f.held[b] != 0 {
		panic(fmt.Sprintf("fake: last pin of buffer %d released with its content lock held", b))
	}
	if n == 1 {
		delete(f.pins, b)
	} else {
		f.pins[b] = n - 1
	}
	p := f.page(b)
	f.st.mu.Lock()
	p.pins--
	f.st.cond.Broadcast()
	f.st.mu.Unlock()
}

func (f *fakeBuffers) checkLockable(b bufmgr.Buffer) {
	if f.pins[b] == 0 {
		panic(fmt.Sprintf("fake: lock of unpinned buffer %d", b))
	}
	if f.held[b] != 0 {
		panic(fmt.Sprintf("fake: buffer %d locked twice", b))
	}
}

func (f *fakeBuffers) Lock(b bufmgr.Buffer, m bufmgr.LockMode) {
	f.checkLockable(b)
	p := f.page(b)
	switch m {
	case bufmgr.Shared:
		p.lock.RLock()
	case bufmgr.Exclusive:
		p.lock.Lock()
	default:
		panic("fake: lock mode")
	}
	f.held[b] = m
}

func (f *fakeBuffers) Unlock(b bufmgr.Buffer) {
	m := f.held[b]
	p := f.page(b)
	switch m {
	case bufmgr.Shared:
		p.lock.RUnlock()
	case bufmgr.Exclusive:
		p.lock.Unlock()
	default:
		panic(fmt.Sprintf("fake: Unlock of buffer %d not locked", b))
	}
	delete(f.held, b)
}

func (f *fakeBuffers) LockForCleanup(b bufmgr.Buffer) error {
	if f.pins[b] != 1 {
		panic(fmt.Sprintf("fake: LockForCleanup of buffer %d with %d pins", b, f.pins[b]))
	}
	p := f.page(b)
	for {
		f.Lock(b, bufmgr.Exclusive)
		f.st.mu.Lock()
		if p.pins == 1 {
			f.st.mu.Unlock()
			return nil
		}
		f.st.cleanupWaits++
		f.st.mu.Unlock()
		f.Unlock(b)
		f.st.mu.Lock()
		for p.pins > 1 {
			f.st.cond.Wait()
		}
		f.st.mu.Unlock()
	}
}

func (f *fakeBuffers) Page(b bufmgr.Buffer) []byte {
	if f.pins[b] == 0 {
		panic(fmt.Sprintf("fake: Page of unpinned buffer %d", b))
	}
	return f.page(b).data
}

func (f *fakeBuffers) MarkDirty(b bufmgr.Buffer) {
	if f.held[b] != bufmgr.Exclusive {
		panic(fmt.Sprintf("fake: MarkDirty of buffer %d without its exclusive lock", b))
	}
}

func (f *fakeBuffers) MarkDirtyHint(b bufmgr.Buffer) {
	if f.held[b] == 0 {
		panic(fmt.Sprintf("fake: MarkDirtyHint of buffer %d without its lock", b))
	}
}

func (f *fakeBuffers) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	return f.st.nblk[rf], nil
}

// idle reports pins or locks this view still holds.
func (f *fakeBuffers) idle() error {
	if len(f.pins) != 0 || len(f.held) != 0 {
		return fmt.Errorf("fake: %d buffers pinned, %d locked", len(f.pins), len(f.held))
	}
	return nil
}

// rawPage returns block blk's page for tests to inspect or corrupt,
// outside any lock (only while nothing else runs).
func (s *fakeStore) rawPage(rf bufmgr.RelFork, blk uint32) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bufs[s.byTag[rf.Block(blk)]-1].data
}
