package heaptest

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"ringpg/backend/storage/bufmgr"
	"ringpg/sem"
)

// MemStorage is a bufmgr.Storage in process memory, safe for concurrent
// use. A fork never written has length 0.
type MemStorage struct {
	mu      sync.Mutex
	blocks  map[bufmgr.Tag][]byte
	nblocks map[bufmgr.RelFork]uint32
}

// NewMemStorage returns empty storage.
func NewMemStorage() *MemStorage {
	return &MemStorage{blocks: map[bufmgr.Tag][]byte{}, nblocks: map[bufmgr.RelFork]uint32{}}
}

func (s *MemStorage) Read(t bufmgr.Tag, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.blocks[t]
	if !ok {
		return fmt.Errorf("could not read block %d in file %q: read only 0 of %d bytes", t.Block, t.RelFork().String(), bufmgr.BlockSize)
	}
	copy(buf, b)
	return nil
}

func (s *MemStorage) Write(t bufmgr.Tag, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.blocks[t]; !ok {
		return fmt.Errorf("write of block %v, which does not exist", t)
	}
	s.blocks[t] = append(s.blocks[t][:0], buf...)
	return nil
}

func (s *MemStorage) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nblocks[rf] != blk {
		return fmt.Errorf("extend %v to block %d, but it has %d", rf, blk, s.nblocks[rf])
	}
	s.blocks[rf.Block(blk)] = append([]byte(nil), buf...)
	s.nblocks[rf] = blk + 1
	return nil
}

func (s *MemStorage) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nblocks[rf], nil
}

// RealPools attaches n views (proc numbers 0..n-1) to one bufmgr pool of
// nbuffers laid out in ordinary Go memory, so that the race detector sees
// every access: n goroutines driving one view each behave like n
// processes sharing a pool.
func RealPools(nbuffers, n int, st bufmgr.Storage, h bufmgr.Hooks) ([]*bufmgr.Pool, error) {
	size := bufmgr.RegionSize(nbuffers)
	words := make([]uint64, size/8+16)
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := (64 - uintptr(unsafe.Pointer(&raw[0]))%64) % 64
	region := raw[off : off+size : off+size]
	ww := make([]uint64, sem.WaiterTableSize(n)/8+1)
	waiters := sem.NewWaiterTable(unsafe.Slice((*byte)(unsafe.Pointer(&ww[0])), len(ww)*8), n)
	pools := make([]*bufmgr.Pool, n)
	for i := range pools {
		p, err := bufmgr.Attach(region, nbuffers, waiters, uint32(i), st, h)
		if err != nil {
			return nil, err
		}
		pools[i] = p
	}
	return pools, nil
}

// CheckPoolIdle fails if this process still holds pins or locks.
func CheckPoolIdle(p *bufmgr.Pool) error {
	if n := p.ReleaseAll(); n != 0 {
		return errors.New("buffers left pinned: " + fmt.Sprint(n))
	}
	return nil
}

// NullStorage keeps the length of each fork and the pages of the small
// forks (the free space map), but drops every main-fork page written to
// it: for benchmarks that fill a relation and never read a full page back
// (an insert benchmark), so that they measure the heap rather than a copy
// of every evicted page. Reading a dropped page back is an error.
type NullStorage struct {
	MemStorage
}

// NewNullStorage returns empty storage.
func NewNullStorage() *NullStorage { return &NullStorage{*NewMemStorage()} }

func (s *NullStorage) Read(t bufmgr.Tag, buf []byte) error {
	if t.Fork == bufmgr.MainFork {
		return fmt.Errorf("NullStorage: %v was dropped and cannot be read back", t)
	}
	return s.MemStorage.Read(t, buf)
}

func (s *NullStorage) Write(t bufmgr.Tag, buf []byte) error {
	if t.Fork == bufmgr.MainFork {
		return nil
	}
	return s.MemStorage.Write(t, buf)
}

func (s *NullStorage) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	if rf.Fork != bufmgr.MainFork {
		return s.MemStorage.Extend(rf, blk, buf)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nblocks[rf] != blk {
		return fmt.Errorf("extend %v to block %d, but it has %d", rf, blk, s.nblocks[rf])
	}
	s.nblocks[rf] = blk + 1
	return nil
}

// Truncate cuts fork rf down to n blocks (heap.StorageTruncator).
func (s *MemStorage) Truncate(rf bufmgr.RelFork, n uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n > s.nblocks[rf] {
		return fmt.Errorf("truncate %v to %d blocks, but it has %d", rf, n, s.nblocks[rf])
	}
	for b := n; b < s.nblocks[rf]; b++ {
		delete(s.blocks, rf.Block(b))
	}
	s.nblocks[rf] = n
	return nil
}
