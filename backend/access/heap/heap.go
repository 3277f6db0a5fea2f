package heap

import (
	"compress/flate"
	"fmt"

	"ringpg/backend/access/heap/fsm"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// Limits of a heap page (htup_details.h, with this package's 31-byte
// tuple header).
const (
	// MaxHeapTupleSize is the largest tuple a page can take: the page
	// less its header and one line pointer.
	MaxHeapTupleSize = page.Size - (page.HeaderSize+page.ItemIDSize+page.MaxAlignment-1)&^(page.MaxAlignment-1)
	// MaxHeapTuplesPerPage bounds the line pointers of a heap page: as
	// many as there could be tuples with no data.
	MaxHeapTuplesPerPage = (page.Size - page.HeaderSize) / ((tuple.HeaderSize+tuple.MaxAlign-1)&^(tuple.MaxAlign-1) + page.ItemIDSize)
)

// InvalidBlock is no block.
const InvalidBlock = ^uint32(0)

// Config describes a heap relation to Open.
type Config struct {
	// Rel names the relation; its Fork is ignored (the main fork holds
	// the tuples, the FSM fork the free space map).
	Rel bufmgr.RelFork
	// Name is the relation's name in messages.
	Name string
	// Desc describes the tuples.
	Desc *tuple.Desc
	// FillFactor is the percentage of each page that inserts fill, leaving
	// the rest for updates to stay on the page (10..100; 0 means 100).
	FillFactor int
	// Toast is the relation that holds this one's out-of-line values, or
	// nil: values are then only compressed, and a row that stays too big
	// is refused.
	Toast *Heap
	// NoIndexes says that no index will ever point at this relation's
	// tuples (a toast relation, found through its pointers' TIDs): pruning
	// then frees the line pointers of dead tuples at once instead of
	// leaving them dead for VACUUM to clear from indexes first.
	NoIndexes bool
	// OnPrune, when not nil, hears how many dead versions each pruning on
	// the way (Prune, and the pruning reads do) freed for good, for the
	// table's dead-tuple statistics. VACUUM's pass reports its own.
	OnPrune func(freed int)
}

// Heap is one process's handle on a heap relation: the pool it reads
// pages through, its free space map, and per-process caches (the block
// inserts go to, the relation's length). A Heap is used by one goroutine
// at a time; each process sharing a relation opens its own.
type Heap struct {
	pool BufferPool
	rel  bufmgr.RelFork
	name string
	desc *tuple.Desc
	fsm  *fsm.Map

	saveFreeSpace int // bytes inserts leave free on each page (fillfactor)
	toast         *Heap
	noIndexes     bool

	target  uint32 // the block this process inserts into next, or InvalidBlock
	nblocks uint32 // the relation's length as last seen (it only grows here)
	// Bulk extension (insert.go): InsertMulti is running; the pages it
	// has added in a row; the pages added with the last one, not yet
	// taken (spareNext up to spareEnd).
	bulk                bool
	bulkPages           uint32
	spareNext, spareEnd uint32

	hints    hintDirtier   // nil: no hint bits under a shared lock
	cleanup  cleanupLocker // nil: prune on the way under the plain exclusive lock
	waiter   cleanupWaiter // nil: Prune waits for the plain exclusive lock
	deflater *flate.Writer // reused by compress
	hdr      tuple.Header  // scratch for visibility checks
	formBuf  []byte        // tuples are formed here, then copied into a page
	multiBuf [][]byte      // InsertMulti's formed rows, reused
	// InsertMulti's formed rows' bytes and their ends, reused.
	multiArena []byte
	multiEnds  []int

	pruneState *pruneState     // reused by prunePage
	onPrune    func(freed int) // Config.OnPrune
}

// Open returns a handle on the heap relation cfg describes.
func Open(pool BufferPool, cfg Config) (*Heap, error) {
	ff := cfg.FillFactor
	if ff == 0 {
		ff = 100
	}
	if ff < 10 || ff > 100 {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "value %d out of bounds for option \"fillfactor\"", ff).
			WithDetail("Valid values are between \"10\" and \"100\".")
	}
	if cfg.Desc == nil {
		return nil, pgerr.New(pgerr.InternalError, "heap: relation %q has no tuple descriptor", cfg.Name)
	}
	rel := cfg.Rel
	rel.Fork = bufmgr.MainFork
	h := &Heap{
		pool:          pool,
		rel:           rel,
		name:          cfg.Name,
		desc:          cfg.Desc,
		fsm:           fsm.New(pool, rel, MaxHeapTupleSize),
		saveFreeSpace: page.Size * (100 - ff) / 100,
		toast:         cfg.Toast,
		noIndexes:     cfg.NoIndexes,
		target:        InvalidBlock,
		onPrune:       cfg.OnPrune,
	}
	h.hints, _ = pool.(hintDirtier)
	h.cleanup, _ = pool.(cleanupLocker)
	h.waiter, _ = pool.(cleanupWaiter)
	return h, nil
}

// Name returns the relation's name.
func (h *Heap) Name() string { return h.name }

// Rel returns the relation's main fork.
func (h *Heap) Rel() bufmgr.RelFork { return h.rel }

// Desc returns the tuple descriptor.
func (h *Heap) Desc() *tuple.Desc { return h.desc }

// Toast returns the relation holding this one's out-of-line values, or
// nil.
func (h *Heap) Toast() *Heap { return h.toast }

// FSM returns the relation's free space map.
func (h *Heap) FSM() *fsm.Map { return h.fsm }

// Nblocks returns the relation's length in blocks, from storage.
func (h *Heap) Nblocks() (uint32, error) {
	n, err := h.pool.Nblocks(h.rel)
	if err != nil {
		return 0, err
	}
	h.nblocks = max(h.nblocks, n)
	return n, nil
}

// blockExists reports whether blk is inside the relation, asking storage
// only when the cached length says no.
func (h *Heap) blockExists(blk uint32) (bool, error) {
	if blk < h.nblocks {
		return true, nil
	}
	n, err := h.Nblocks()
	return blk < n, err
}

// Tuple is a copy of one tuple version.
type Tuple struct {
	TID    tuple.TID
	Header tuple.Header
	Data   []byte // the whole tuple, header included; deform with tuple.Deform(h.Desc(), Data)
}

// Values deforms the tuple with the relation's descriptor. Varlena values
// may be compressed or external: Detoast them.
func (h *Heap) Values(t *Tuple) ([][]byte, []bool, error) {
	return tuple.Deform(h.desc, t.Data)
}

// Clone returns a copy of t that owns its bytes.
func (t *Tuple) Clone() Tuple {
	return Tuple{TID: t.TID, Header: t.Header, Data: append([]byte(nil), t.Data...)}
}

func (h *Heap) tag(blk uint32) bufmgr.Tag { return h.rel.Block(blk) }

// String names the relation for logs.
func (h *Heap) String() string { return fmt.Sprintf("heap %q (%v)", h.name, h.rel) }
