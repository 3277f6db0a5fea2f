package btree

import (
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// Options describe an index to the tree.
type Options struct {
	// Name is the index's name, for messages.
	Name string
	// DescribeKey renders a key for a unique violation's DETAIL: the
	// column list and the values, as in Key (a, b)=(1, 2). nil: no DETAIL.
	DescribeKey func(key []byte) (columns, values string)
	// Pred, when not nil, hears of the leaf pages read, inserted into and
	// split (serializable isolation).
	Pred Predicate
}

// Index is one process's handle on a B-tree stored in relation fork rel
// of the buffer pool. A handle is used by one goroutine at a time; every
// process (or goroutine with its own pool view) opens its own. It caches
// the root's location, which another process's root split makes stale;
// the cache is checked at each use (see getRoot).
type Index struct {
	buf  Buffers
	rel  bufmgr.RelFork
	opts Options

	rootBlk, rootLevel uint32 // cached; rootBlk 0 = not known

	scratch []byte       // one page: the new left half of a split is built here
	stack   []stackEntry // reused by every descent: valid until the next one
	tup     []byte       // reused for each insertion's new leaf tuple
}

// Open returns a handle on an existing index.
func Open(b Buffers, rel bufmgr.RelFork, opts Options) *Index {
	return &Index{buf: b, rel: rel, opts: opts}
}

// Create initialises an empty index in rel, which must have no blocks:
// the metapage and an empty root leaf.
func Create(b Buffers, rel bufmgr.RelFork, opts Options) (*Index, error) {
	ix := Open(b, rel, opts)
	if err := ix.requireEmpty(); err != nil {
		return nil, err
	}
	mbuf, mblk, err := b.ExtendRelation(rel, nil)
	if err != nil {
		return nil, err
	}
	rbuf, rblk, err := b.ExtendRelation(rel, nil)
	if err != nil {
		b.Unlock(mbuf)
		b.Release(mbuf)
		return nil, err
	}
	if mblk != metaBlock {
		b.Unlock(rbuf)
		b.Release(rbuf)
		b.Unlock(mbuf)
		b.Release(mbuf)
		return nil, internalf("index %q: metapage allocated at block %d", opts.Name, mblk)
	}
	initNode(b.Page(rbuf), 0, flagLeaf|flagRoot, noBlock, noBlock)
	initMeta(b.Page(mbuf), rblk, 0)
	b.MarkDirty(rbuf)
	b.MarkDirty(mbuf)
	b.Unlock(rbuf)
	b.Release(rbuf)
	b.Unlock(mbuf)
	b.Release(mbuf)
	return ix, nil
}

func (ix *Index) requireEmpty() error {
	n, err := ix.buf.Nblocks(ix.rel)
	if err != nil {
		return err
	}
	if n != 0 {
		return internalf("index %q: cannot initialise a relation of %d blocks", ix.opts.Name, n)
	}
	return nil
}

// ref is a page this process has pinned and locked.
type ref struct {
	buf  bufmgr.Buffer
	blk  uint32
	mode bufmgr.LockMode
	n    node
}

// read pins and locks block blk and checks that it looks like a tree
// page; a page that does not is corruption (XX002).
func (ix *Index) read(blk uint32, mode bufmgr.LockMode) (ref, error) {
	b, err := ix.buf.ReadBuffer(ix.rel.Block(blk), nil)
	if err != nil {
		return ref{}, err
	}
	ix.buf.Lock(b, mode)
	r := ref{buf: b, blk: blk, mode: mode, n: node{page.Page(ix.buf.Page(b))}}
	if !r.n.sane() {
		ix.release(r)
		if r.n.IsNew() {
			return ref{}, corruptf("index %q contains unexpected zero page at block %d", ix.opts.Name, blk)
		}
		return ref{}, corruptf("index %q contains corrupted page at block %d", ix.opts.Name, blk)
	}
	return r, nil
}

// release unlocks and unpins r.
func (ix *Index) release(r ref) {
	ix.buf.Unlock(r.buf)
	ix.buf.Release(r.buf)
}

// relock trades r's lock for one in mode; the page may change meanwhile.
func (ix *Index) relock(r *ref, mode bufmgr.LockMode) {
	ix.buf.Unlock(r.buf)
	ix.buf.Lock(r.buf, mode)
	r.mode = mode
}

func (ix *Index) markDirty(r ref) { ix.buf.MarkDirty(r.buf) }

// scratchPage returns the process's split scratch page.
func (ix *Index) scratchPage() []byte {
	if ix.scratch == nil {
		ix.scratch = make([]byte, page.Size)
	}
	return ix.scratch
}
