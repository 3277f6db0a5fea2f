package fsm

import (
	"errors"
	"fmt"
	"io/fs"

	"ringpg/backend/storage/bufmgr"
)

// Pool is what the map needs of the shared buffer pool; *bufmgr.Pool
// satisfies it.
type Pool interface {
	ReadBuffer(t bufmgr.Tag, s *bufmgr.Strategy) (bufmgr.Buffer, error)
	ExtendRelation(rf bufmgr.RelFork, s *bufmgr.Strategy) (bufmgr.Buffer, uint32, error)
	Release(b bufmgr.Buffer)
	Lock(b bufmgr.Buffer, m bufmgr.LockMode)
	Unlock(b bufmgr.Buffer)
	Page(b bufmgr.Buffer) []byte
	MarkDirty(b bufmgr.Buffer)
	Nblocks(rf bufmgr.RelFork) (uint32, error)
}

// Geometry of the map.
const (
	SlotsPerPage = 4096
	levels       = 3
	CatStep      = bufmgr.BlockSize / 256 // bytes per category
	MaxCategory  = 255
)

// maxRestarts bounds a search that keeps finding stale parents.
const maxRestarts = 8

// Map is one process's handle on a relation's free space map.
type Map struct {
	pool       Pool
	rf         bufmgr.RelFork // the FSM fork
	maxRequest int            // a page with this much room is category 255
	nblocks    uint32         // the fork's length as last seen; it never shrinks
	hint       [levels]int    // slot to start the next search at, per level (root first)
}

// New returns the map of the relation whose main fork is rel (its Fork is
// ignored). maxRequest is the largest amount a search may ask for (the
// heap's MaxHeapTupleSize): a page with that much room gets the top
// category.
func New(pool Pool, rel bufmgr.RelFork, maxRequest int) *Map {
	rel.Fork = bufmgr.FSMFork
	return &Map{pool: pool, rf: rel, maxRequest: maxRequest}
}

// AvailCategory returns the category recorded for a page with avail free
// bytes (fsm_space_avail_to_cat).
func (m *Map) AvailCategory(avail int) uint8 {
	if avail >= m.maxRequest {
		return MaxCategory
	}
	return uint8(min(max(avail, 0)/CatStep, MaxCategory-1))
}

// NeedCategory returns the least category that guarantees need bytes
// (fsm_space_needed_to_cat); at least 1, so a full page is never offered.
func (m *Map) NeedCategory(need int) uint8 {
	c := (need + CatStep - 1) / CatStep
	return uint8(min(max(c, 1), MaxCategory))
}

// address is where a slot lives: an FSM block and the slot in it.
type address struct {
	blk  uint32
	slot int
}

// leafOf returns the leaf slot of heap block blk and, above it, the slots
// of its middle page and of the root.
func leafOf(blk uint32) (leaf, middle, root address) {
	l := uint64(blk) / SlotsPerPage // leaf page number
	mid := l / SlotsPerPage         // middle page number
	midBlk := 1 + mid*(SlotsPerPage+1)
	leaf = address{uint32(midBlk + 1 + l%SlotsPerPage), int(uint64(blk) % SlotsPerPage)}
	middle = address{uint32(midBlk), int(l % SlotsPerPage)}
	root = address{0, int(mid)}
	return
}

// childBlock returns the block of child slot of the page at level (0 =
// root, 1 = middle) whose block is blk.
func childBlock(level int, blk uint32, slot int) uint32 {
	if level == 0 {
		return uint32(1 + uint64(slot)*(SlotsPerPage+1))
	}
	return blk + 1 + uint32(slot)
}

// Record notes that heap block blk has avail free bytes.
func (m *Map) Record(blk uint32, avail int) error {
	return m.set(blk, m.AvailCategory(avail))
}

// RecordAndSearch records blk's free space, as Record, then searches for
// a page with need bytes, as Search: what an insert does when the page
// the map offered turned out to be too full.
func (m *Map) RecordAndSearch(blk uint32, avail, need int) (uint32, bool, error) {
	if err := m.Record(blk, avail); err != nil {
		return 0, false, err
	}
	return m.Search(need)
}

// Get returns the free space recorded for heap block blk, in bytes (the
// category's lower bound); 0 for a block never recorded.
func (m *Map) Get(blk uint32) (int, error) {
	leaf, _, _ := leafOf(blk)
	b, ok, err := m.read(leaf.blk, false)
	if err != nil || !ok {
		return 0, err
	}
	defer m.pool.Release(b)
	m.pool.Lock(b, bufmgr.Shared)
	defer m.pool.Unlock(b)
	v := view(m.pool.Page(b))
	if v == nil {
		return 0, nil
	}
	return int(v.slot(leaf.slot)) * CatStep, nil
}

// Search returns a heap block whose recorded free space is at least need
// bytes, and false when the map knows of none.
func (m *Map) Search(need int) (uint32, bool, error) {
	cat := m.NeedCategory(need)
restart:
	for range maxRestarts {
		blk := uint32(0)
		var parent address
		var heapBlk uint64
		for level := range levels {
			slot, found, err := m.searchPage(blk, level, cat)
			if err != nil {
				return 0, false, err
			}
			if !found {
				if level == 0 {
					return 0, false, nil
				}
				// The parent promised more than this page has.
				if err := m.fixParent(blk, parent); err != nil {
					return 0, false, err
				}
				continue restart
			}
			heapBlk = heapBlk*SlotsPerPage + uint64(slot)
			if level < levels-1 {
				parent = address{blk, slot}
				blk = childBlock(level, blk, slot)
			}
		}
		if heapBlk > uint64(bufmgr.MaxBlockNumber) {
			return 0, false, nil
		}
		return uint32(heapBlk), true, nil
	}
	return 0, false, nil
}

// searchPage looks in FSM block blk for a slot of at least cat, starting
// at this level's hint.
func (m *Map) searchPage(blk uint32, level int, cat uint8) (slot int, found bool, err error) {
	b, ok, err := m.read(blk, false)
	if err != nil || !ok {
		return 0, false, err
	}
	m.pool.Lock(b, bufmgr.Shared)
	if v := view(m.pool.Page(b)); v != nil {
		slot, found = v.search(m.hint[level], cat)
	}
	m.pool.Unlock(b)
	m.pool.Release(b)
	if found {
		m.hint[level] = (slot + 1) % SlotsPerPage
	}
	return slot, found, nil
}

// fixParent lowers parent's slot to what child holds now, with child
// locked so that no update of child can slip in between (child before
// parent, as every update does).
func (m *Map) fixParent(child uint32, parent address) error {
	cb, ok, err := m.read(child, false)
	if err != nil || !ok {
		return err
	}
	defer m.pool.Release(cb)
	m.pool.Lock(cb, bufmgr.Shared)
	defer m.pool.Unlock(cb)
	var actual uint8
	if v := view(m.pool.Page(cb)); v != nil {
		actual = v.max()
	}
	pb, ok, err := m.read(parent.blk, false)
	if err != nil || !ok {
		return err
	}
	defer m.pool.Release(pb)
	m.pool.Lock(pb, bufmgr.Exclusive)
	defer m.pool.Unlock(pb)
	pv := m.initView(pb)
	if pv.slot(parent.slot) != actual {
		pv.set(parent.slot, actual)
		m.pool.MarkDirty(pb)
	}
	return nil
}

// set stores cat in heap block blk's leaf slot and carries a change of the
// leaf's largest value up the tree, locking child before parent.
func (m *Map) set(blk uint32, cat uint8) error {
	leaf, middle, root := leafOf(blk)
	if err := m.ensure(leaf.blk); err != nil {
		return err
	}
	path := [levels]address{leaf, middle, root}
	var held [levels]bufmgr.Buffer
	defer func() {
		for i := levels - 1; i >= 0; i-- {
			if held[i] != bufmgr.InvalidBuffer {
				m.pool.Unlock(held[i])
				m.pool.Release(held[i])
			}
		}
	}()
	for i, a := range path {
		b, _, err := m.read(a.blk, false)
		if err != nil {
			return err
		}
		m.pool.Lock(b, bufmgr.Exclusive)
		held[i] = b
		v := m.initView(b)
		if v.slot(a.slot) == cat {
			return nil
		}
		before := v.max()
		v.set(a.slot, cat)
		m.pool.MarkDirty(b)
		after := v.max()
		if after == before {
			return nil
		}
		cat = after
	}
	return nil
}

// read pins FSM block blk. Past the end of the fork it returns false, or
// with extend, first extends the fork to hold it.
func (m *Map) read(blk uint32, extend bool) (bufmgr.Buffer, bool, error) {
	if blk >= m.nblocks {
		if extend {
			if err := m.ensure(blk); err != nil {
				return 0, false, err
			}
		} else {
			n, err := m.size()
			if err != nil {
				return 0, false, err
			}
			if blk >= n {
				return 0, false, nil
			}
		}
	}
	b, err := m.pool.ReadBuffer(m.rf.Block(blk), nil)
	if err != nil {
		return 0, false, fmt.Errorf("could not read free space map block %d: %w", blk, err)
	}
	return b, true, nil
}

// size refreshes the cached length of the fork. A fork that does not
// exist yet is empty: the first Record creates it.
func (m *Map) size() (uint32, error) {
	n, err := m.pool.Nblocks(m.rf)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
		n = 0
	}
	m.nblocks = max(m.nblocks, n)
	return m.nblocks, nil
}

// ensure extends the fork until it holds block blk, initialising each new
// page. Two processes extending at once may add a page or two more than
// needed; an unused FSM page is harmless.
func (m *Map) ensure(blk uint32) error {
	if blk < m.nblocks {
		return nil
	}
	n, err := m.size()
	if err != nil {
		return err
	}
	for n <= blk {
		b, got, err := m.pool.ExtendRelation(m.rf, nil)
		if err != nil {
			return fmt.Errorf("could not extend free space map: %w", err)
		}
		initPage(m.pool.Page(b))
		m.pool.MarkDirty(b)
		m.pool.Unlock(b)
		m.pool.Release(b)
		n = max(n, got+1)
	}
	m.nblocks = max(m.nblocks, n)
	return nil
}

// initView returns the map view of an exclusively locked page,
// initialising it if it was never initialised.
func (m *Map) initView(b bufmgr.Buffer) *pageView {
	p := m.pool.Page(b)
	v := view(p)
	if v == nil {
		initPage(p)
		m.pool.MarkDirty(b)
		v = view(p)
	}
	return v
}
