package btree

import (
	"bytes"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// Source yields Build's input in ascending (key, TID) order; ok false ends
// it. The key may be reused by the source once the next call is made.
type Source func() (key []byte, tid TID, ok bool, err error)

// BuildOptions tune Build.
type BuildOptions struct {
	// FillFactor is how full leaf pages are packed, in percent (10-100;
	// 0 means 90, PostgreSQL's default). Internal pages are packed to 70%.
	FillFactor int
	// Unique makes equal adjacent keys an error (23505, "could not create
	// unique index"), except keys for which SkipUnique returns true (those
	// with a NULL column, for which PostgreSQL never reports a conflict).
	Unique     bool
	SkipUnique func(key []byte) bool
}

// Build creates an index in rel, which must have no blocks, from sorted
// input, bottom-up as PostgreSQL's nbtsort does: leaves are filled left
// to right to the fill factor, each full page's last entry moves to the
// next page and becomes (suffix-truncated) the full page's high key and
// its right neighbour's downlink in the level above, which fills the same
// way; the top level's single page becomes the root. Pages are written
// through the buffer pool and marked dirty; nobody else can see the index
// before Build returns (the caller holds the relation's lock).
func Build(b Buffers, rel bufmgr.RelFork, opts Options, bo BuildOptions, src Source) (*Index, error) {
	ix := Open(b, rel, opts)
	if err := ix.requireEmpty(); err != nil {
		return nil, err
	}
	ff := bo.FillFactor
	if ff == 0 {
		ff = leafFillFactor
	}
	if ff < 10 || ff > 100 {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "value %d out of bounds for option \"fillfactor\"", ff).
			WithDetail("Valid values are between \"10\" and \"100\".")
	}
	bld := &builder{ix: ix, leafFF: ff}
	defer bld.releaseAll()

	mbuf, mblk, err := b.ExtendRelation(rel, nil)
	if err != nil {
		return nil, err
	}
	bld.meta = mbuf
	if mblk != metaBlock {
		return nil, internalf("index %q: metapage allocated at block %d", opts.Name, mblk)
	}

	var prevKey []byte
	var prevTID TID
	havePrev := false
	for {
		key, tid, ok, err := src()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if sz := page.MaxAlign(tupleHeader + len(key)); sz > MaxTupleSize {
			return nil, pgerr.New(ProgramLimitExceeded, "index row size %d exceeds btree version 4 maximum %d for index \"%s\"", sz, MaxTupleSize, opts.Name)
		}
		if havePrev {
			c := bytes.Compare(prevKey, key)
			if c > 0 || c == 0 && compareTID(prevTID, tid) >= 0 {
				return nil, internalf("index %q: build input out of order at heap tuple %v", opts.Name, tid)
			}
			if c == 0 && bo.Unique && (bo.SkipUnique == nil || !bo.SkipUnique(key)) {
				e := pgerr.New(UniqueViolation, "could not create unique index \"%s\"", opts.Name)
				if opts.DescribeKey != nil {
					cols, vals := opts.DescribeKey(key)
					e = e.WithDetail("Key (%s)=(%s) is duplicated.", cols, vals)
				}
				return nil, e
			}
		}
		prevKey = append(prevKey[:0], key...)
		prevTID, havePrev = tid, true
		if err := bld.add(0, leafTuple(nil, key, tid)); err != nil {
			return nil, err
		}
	}
	if err := bld.finish(); err != nil {
		return nil, err
	}
	return ix, nil
}

// builder holds, per level, the page being filled.
type builder struct {
	ix     *Index
	leafFF int
	meta   bufmgr.Buffer
	levels []*buildLevel
}

// buildLevel is the open page of one level: its buffer (new, pinned and
// exclusively locked, invisible to others) and the items it will hold.
type buildLevel struct {
	buf   bufmgr.Buffer
	blk   uint32
	prev  uint32
	items []tuple
	used  int // itemCost of items
}

// reserve is room kept free on every page for the high key that the
// page's last item will turn into when the page is finished: one line
// pointer, and the heap TID a leaf pivot may carry beyond the item's size.
const reserve = page.ItemIDSize + page.MaxAlignment

func (bl *builder) newPage(level int, prev uint32) (*buildLevel, error) {
	buf, blk, err := bl.ix.buf.ExtendRelation(bl.ix.rel, nil)
	if err != nil {
		return nil, err
	}
	return &buildLevel{buf: buf, blk: blk, prev: prev}, nil
}

// add appends item to the open page of level, finishing that page first
// when the item would take it past its fill target.
func (bl *builder) add(level int, item tuple) error {
	if level == len(bl.levels) {
		lv, err := bl.newPage(level, noBlock)
		if err != nil {
			return err
		}
		bl.levels = append(bl.levels, lv)
	}
	lv := bl.levels[level]
	ff := bl.leafFF
	if level > 0 {
		ff = internalFillFactor
	}
	cost := itemCost(len(item))
	free := pageCapacity - reserve - lv.used
	leaveFree := pageCapacity * (100 - ff) / 100
	if len(lv.items) >= 2 && (free < cost || free < leaveFree) {
		if err := bl.finishPage(level); err != nil {
			return err
		}
		lv = bl.levels[level]
	}
	lv.items = append(lv.items, item)
	lv.used += cost
	return nil
}

// finishPage writes the open page of level as a non-rightmost page: its
// last item moves to a new page, and becomes the old page's high key and
// the new page's downlink one level up.
func (bl *builder) finishPage(level int) error {
	lv := bl.levels[level]
	leaf := level == 0
	last := lv.items[len(lv.items)-1]
	var hikey tuple
	if leaf {
		hikey = separator(lv.items[len(lv.items)-2], last, 0)
	} else {
		hikey = last.withDownlink(0)
	}
	next, err := bl.newPage(level, lv.blk)
	if err != nil {
		return err
	}
	if err := bl.writePage(level, lv, lv.items[:len(lv.items)-1], hikey, next.blk); err != nil {
		bl.release(next)
		return err
	}
	first := last
	if !leaf {
		first = minusInfinity(last.downlink())
	}
	next.items = append(next.items, first)
	next.used = itemCost(len(first))
	bl.levels[level] = next

	// The parent level gets the new page's downlink; a new level starts
	// with the minus-infinity downlink to this level's first page.
	if level+1 == len(bl.levels) {
		if err := bl.add(level+1, minusInfinity(lv.blk)); err != nil {
			return err
		}
	}
	return bl.add(level+1, hikey.withDownlink(next.blk))
}

// writePage lays out items (and hikey, unless the page is rightmost) on
// lv's page, links it, and releases it.
func (bl *builder) writePage(level int, lv *buildLevel, items []tuple, hikey tuple, next uint32) error {
	flags := uint16(0)
	if level == 0 {
		flags = flagLeaf
	}
	n := initNode(bl.ix.buf.Page(lv.buf), uint32(level), flags, lv.prev, next)
	if hikey != nil {
		if _, err := n.AddItem(hikey, hikeyOff); err != nil {
			return internalf("index %q: build: high key: %v", bl.ix.opts.Name, err)
		}
	}
	for _, t := range items {
		if _, err := n.AddItem(t, n.maxOff()+1); err != nil {
			return internalf("index %q: build: item on level %d: %v", bl.ix.opts.Name, level, err)
		}
	}
	bl.ix.buf.MarkDirty(lv.buf)
	bl.release(lv)
	return nil
}

func (bl *builder) release(lv *buildLevel) {
	if lv.buf != bufmgr.InvalidBuffer {
		bl.ix.buf.Unlock(lv.buf)
		bl.ix.buf.Release(lv.buf)
		lv.buf = bufmgr.InvalidBuffer
	}
}

// finish writes each level's open page as its rightmost page, bottom up,
// makes the top one the root and writes the metapage.
func (bl *builder) finish() error {
	if len(bl.levels) == 0 {
		lv, err := bl.newPage(0, noBlock)
		if err != nil {
			return err
		}
		bl.levels = append(bl.levels, lv)
	}
	// Finishing a level can add to the next, so walk by index.
	for level := 0; level < len(bl.levels); level++ {
		lv := bl.levels[level]
		if level == len(bl.levels)-1 {
			root, rootLevel := lv.blk, uint32(level)
			flags := flagRoot
			if level == 0 {
				flags |= flagLeaf
			}
			n := initNode(bl.ix.buf.Page(lv.buf), rootLevel, flags, lv.prev, noBlock)
			for _, t := range lv.items {
				if _, err := n.AddItem(t, n.maxOff()+1); err != nil {
					return internalf("index %q: build: root item: %v", bl.ix.opts.Name, err)
				}
			}
			bl.ix.buf.MarkDirty(lv.buf)
			bl.release(lv)
			initMeta(bl.ix.buf.Page(bl.meta), root, rootLevel)
			bl.ix.buf.MarkDirty(bl.meta)
			bl.ix.rootBlk, bl.ix.rootLevel = root, rootLevel
			return nil
		}
		if err := bl.writePage(level, lv, lv.items, nil, noBlock); err != nil {
			return err
		}
	}
	return nil
}

// releaseAll drops whatever buffers are still held (after an error, the
// pages left behind are zeroes or unlinked; the caller drops the
// relation).
func (bl *builder) releaseAll() {
	for _, lv := range bl.levels {
		bl.release(lv)
	}
	if bl.meta != bufmgr.InvalidBuffer {
		bl.ix.buf.Unlock(bl.meta)
		bl.ix.buf.Release(bl.meta)
		bl.meta = bufmgr.InvalidBuffer
	}
}
