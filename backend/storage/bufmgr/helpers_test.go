package bufmgr

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"sync"
	"testing"
	"time"
	"unsafe"

	"ringpg/sem"
)

// Single-process fixtures: a region in ordinary Go memory (so that the race
// detector sees every access to it, which it cannot in a shared mapping),
// a wait table, and a Storage kept in a map.

// testRegion returns zeroed, 64-byte aligned memory for a pool of n buffers.
func testRegion(n int) []byte {
	size := RegionSize(n)
	words := make([]uint64, size/8+16)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := (64 - uintptr(unsafe.Pointer(&b[0]))%64) % 64
	return b[off : off+size : off+size]
}

func testWaiters(n int) *sem.WaiterTable {
	words := make([]uint64, int(sem.WaiterTableSize(n))/8)
	return sem.NewWaiterTable(unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8), n)
}

// testPools attaches n views (proc numbers 0..n-1) to one fresh pool.
func testPools(t testing.TB, nbuffers, n int, st Storage, h Hooks) []*Pool {
	t.Helper()
	region := testRegion(nbuffers)
	w := testWaiters(n)
	pools := make([]*Pool, n)
	for i := range pools {
		p, err := Attach(region, nbuffers, w, uint32(i), st, h)
		if err != nil {
			t.Fatal(err)
		}
		pools[i] = p
	}
	return pools
}

func testPool(t testing.TB, nbuffers int, st Storage, h Hooks) *Pool {
	return testPools(t, nbuffers, 1, st, h)[0]
}

// memStore is a Storage in a map, safe for concurrent use, counting calls
// and able to fail on demand.
type memStore struct {
	mu      sync.Mutex
	blocks  map[Tag][]byte
	nblocks map[RelFork]uint32
	reads   map[Tag]int
	writes  map[Tag]int
	nread   int
	nwrite  int
	nextend int

	failRead  map[Tag]error
	failOnce  map[Tag]error // like failRead, for one read only
	failWrite map[Tag]error
	readGate  chan struct{} // if set, Read waits for it to be closed
	onWrite   func(t Tag, buf []byte)
}

func newMemStore() *memStore {
	return &memStore{
		blocks: map[Tag][]byte{}, nblocks: map[RelFork]uint32{},
		reads: map[Tag]int{}, writes: map[Tag]int{},
		failRead: map[Tag]error{}, failWrite: map[Tag]error{}, failOnce: map[Tag]error{},
	}
}

// fill creates blocks 0..n-1 of rf, each stamped by stampPage.
func (m *memStore) fill(rf RelFork, n uint32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for blk := range n {
		t := rf.Block(blk)
		page := make([]byte, BlockSize)
		stampPage(page, t)
		setChecksum(t, page)
		m.blocks[t] = page
	}
	m.nblocks[rf] = max(m.nblocks[rf], n)
}

func (m *memStore) Read(t Tag, buf []byte) error {
	m.mu.Lock()
	gate := m.readGate
	m.mu.Unlock()
	if gate != nil {
		<-gate
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nread++
	m.reads[t]++
	if err := m.failRead[t]; err != nil {
		return err
	}
	if err := m.failOnce[t]; err != nil {
		delete(m.failOnce, t)
		return err
	}
	page, ok := m.blocks[t]
	if !ok {
		return fmt.Errorf("block %d does not exist", t.Block)
	}
	copy(buf, page)
	return nil
}

func (m *memStore) Write(t Tag, buf []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.failWrite[t]; err != nil {
		return err
	}
	if t.Block >= m.nblocks[t.RelFork()] {
		return fmt.Errorf("write of block %d beyond the end (%d)", t.Block, m.nblocks[t.RelFork()])
	}
	m.nwrite++
	m.writes[t]++
	if m.onWrite != nil {
		m.onWrite(t, buf)
	}
	m.blocks[t] = append([]byte(nil), buf...)
	return nil
}

func (m *memStore) Extend(rf RelFork, blk uint32, buf []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if blk != m.nblocks[rf] {
		return fmt.Errorf("extend %v to block %d, but it has %d", rf, blk, m.nblocks[rf])
	}
	m.nextend++
	m.blocks[rf.Block(blk)] = append([]byte(nil), buf...)
	m.nblocks[rf] = blk + 1
	return nil
}

func (m *memStore) Nblocks(rf RelFork) (uint32, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.nblocks[rf], nil
}

func (m *memStore) page(t Tag) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.blocks[t]...)
}

func (m *memStore) counts() (reads, writes, extends int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.nread, m.nwrite, m.nextend
}

// Test page format, shared with the multi-process tests:
//
//	0-7    pd_lsn as PostgreSQL lays it out (DefaultPageLSN)
//	8-11   checksum: CRC-32C of the page with these 4 bytes zero, xor block
//	12-15  magic
//	16-35  the tag: spc, db, rel, fork, block
//	64-    counters, 8 bytes each
const (
	offChecksum = 8
	offMagic    = 12
	offTag      = 16
	offCounters = 64
	pageMagic   = 0x42554646
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func stampPage(page []byte, t Tag) {
	binary.LittleEndian.PutUint32(page[offMagic:], pageMagic)
	for i, v := range []uint32{t.Spc, t.DB, t.Rel, uint32(t.Fork), t.Block} {
		binary.LittleEndian.PutUint32(page[offTag+4*i:], v)
	}
}

func setLSN(page []byte, lsn uint64) {
	binary.LittleEndian.PutUint32(page[0:], uint32(lsn>>32))
	binary.LittleEndian.PutUint32(page[4:], uint32(lsn))
}

func counter(page []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(page[offCounters+8*i:])
}

func setCounter(page []byte, i int, v uint64) {
	binary.LittleEndian.PutUint64(page[offCounters+8*i:], v)
}

func pageChecksum(page []byte, blk uint32) uint32 {
	c := crc32.Update(0, castagnoli, page[:offChecksum])
	c = crc32.Update(c, castagnoli, []byte{0, 0, 0, 0})
	c = crc32.Update(c, castagnoli, page[offChecksum+4:])
	return c ^ blk
}

// checksumHooks set a checksum before every write and check it after every
// read; an all-zero page (never written but extended) passes.
func setChecksum(t Tag, page []byte) {
	binary.LittleEndian.PutUint32(page[offChecksum:], pageChecksum(page, t.Block))
}

func verifyPage(t Tag, page []byte) error {
	if allZero(page) {
		return nil
	}
	if got, want := binary.LittleEndian.Uint32(page[offChecksum:]), pageChecksum(page, t.Block); got != want {
		return fmt.Errorf("page verification failed, calculated checksum %#x but expected %#x", want, got)
	}
	if binary.LittleEndian.Uint32(page[offMagic:]) != pageMagic {
		return errors.New("bad magic")
	}
	for i, v := range []uint32{t.Spc, t.DB, t.Rel, uint32(t.Fork), t.Block} {
		if binary.LittleEndian.Uint32(page[offTag+4*i:]) != v {
			return fmt.Errorf("page holds another block's tag")
		}
	}
	return nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// pageTag returns the tag stamped on a page.
func pageTag(page []byte) Tag {
	u := func(i int) uint32 { return binary.LittleEndian.Uint32(page[offTag+4*i:]) }
	return Tag{u(0), u(1), u(2), uint8(u(3)), u(4)}
}

// waitFor polls cond until it holds, failing the test after a deadline
// that only a hang reaches.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Microsecond) // a poll interval, not a wait for the condition
	}
}

func mustRead(t testing.TB, p *Pool, tag Tag, s *Strategy) Buffer {
	t.Helper()
	b, err := p.ReadBuffer(tag, s)
	if err != nil {
		t.Fatalf("ReadBuffer(%v): %v", tag, err)
	}
	return b
}

func mustClean(t testing.TB, pools ...*Pool) {
	t.Helper()
	for i, p := range pools {
		if err := p.CheckInvariants(); err != nil {
			t.Fatalf("pool view %d: %v", i, err)
		}
	}
	if err := pools[0].CheckIdle(); err != nil {
		t.Fatal(err)
	}
}

var relA = RelFork{Spc: 1663, DB: 5, Rel: 16384}
var relB = RelFork{Spc: 1663, DB: 5, Rel: 16385}
