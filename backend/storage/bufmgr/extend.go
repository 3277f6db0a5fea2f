package bufmgr

import (
	"fmt"

	"ringpg/pgerr"
	"ringpg/sem"
)

// Relation extension. Two processes that both append to a relation must
// get different block numbers, and a block must exist in storage before
// anyone can learn its number, so extension is serialised per relation
// fork across processes by an extension lock: an LWLock in a small table
// in the region, chosen by the fork's hash (two forks may share one; they
// then extend one at a time, which is only slower).
//
// Under the extension lock the process looks the fork's length up, gives
// the new block a buffer (possibly writing a dirty victim, and so flushing
// WAL), writes a zeroed block to storage and returns the buffer locked.
// It never waits for a content lock there: the new buffer's lock is free
// by construction, victims' locks are only tried. The caller may hold
// content locks of other pages (a B-tree split does), so the extension
// lock comes after content locks in the lock order, and the mapping locks
// taken under it after it (README.md, "Lock order").

// ProgramLimitExceeded is PostgreSQL's program_limit_exceeded SQLSTATE.
const ProgramLimitExceeded = pgerr.ProgramLimitExceeded

func (p *Pool) extensionLock(rf RelFork) *sem.LWLock {
	return &p.exts[hashRelFork(rf)%extLocks].l
}

// ExtendRelation appends a zeroed block to the fork and returns its buffer,
// pinned and exclusively locked, with the new block's number. The caller
// initialises the page and marks it dirty. With Hooks.LogChanges, the lock
// starts from a zeroed before image, so the page is logged with Init set.
func (p *Pool) ExtendRelation(rf RelFork, s *Strategy) (Buffer, uint32, error) {
	el := p.extensionLock(rf)
	el.Acquire(p.waiters, p.me, sem.Exclusive)
	defer el.Release(p.waiters)

	blk, err := p.st.Nblocks(rf)
	if err != nil {
		return InvalidBuffer, 0, fmt.Errorf("could not extend relation %s: %w", rf, err)
	}
	if blk > MaxBlockNumber {
		return InvalidBuffer, 0, pgerr.New(ProgramLimitExceeded, "cannot extend relation %s beyond %d blocks", rf, uint64(MaxBlockNumber)+1)
	}
	t := rf.Block(blk)
	b, owner, valid, err := p.bufferFor(t, s)
	if err != nil {
		return InvalidBuffer, 0, err
	}
	d := p.desc(b)
	if !owner && (valid || !p.startIO(d, true)) {
		// A valid page for a block that storage says does not exist.
		p.unpin(b)
		return InvalidBuffer, 0, pgerr.New(pgerr.InternalError, "unexpected data beyond EOF in %v", t).
			WithHint("This has been seen to occur with buggy kernels; consider updating your system.")
	}
	// We own the buffer's I/O. A buffer for a block past the end can also
	// be left by a failed read of it; then others may have it pinned,
	// waiting for our I/O, but nobody locks a page that is not valid.
	page := p.Page(b)
	clear(page)
	if err := p.st.Extend(rf, blk, page); err != nil {
		p.terminateIO(d, flagIOError, 0, false)
		p.unpin(b)
		return InvalidBuffer, 0, fmt.Errorf("could not extend relation %s to block %d: %w", rf, blk, err)
	}
	if !p.ConditionalLock(b, Exclusive) {
		panic(fmt.Sprintf("bufmgr: content lock of new buffer %d (%v) is held", b, t))
	}
	p.terminateIO(d, flagValid, flagIOError, false)
	p.stats.Extends++
	return b, blk, nil
}

// ZeroExtender is a Storage that adds several zeroed blocks to a fork at
// once (the relation file manager allocates them with one system call).
type ZeroExtender interface {
	// ExtendZeros adds up to n zeroed blocks from block blk, which is the
	// fork's current length, and returns how many it added (at least one).
	ExtendZeros(rf RelFork, blk, n uint32) (uint32, error)
}

// ExtendRelationBy appends up to n zeroed blocks to the fork, as a bulk
// load does (PostgreSQL's ExtendBufferedRelBy): the first comes back as
// ExtendRelation's does, pinned and exclusively locked, with its number;
// added says how many blocks were appended in all (at least one; fewer
// than n at a segment's end, or with a storage that adds one at a time).
// The blocks after the first are in storage and, where the pool had room,
// in the pool as valid zeroed pages, unpinned and clean, so that reading
// one is a hit. Like any block past the relation's last initialised one,
// they are new (all zero) pages until someone locks and initialises them;
// nothing logs them until then, and redo and VACUUM treat them as they
// treat a page an extender left zeroed.
func (p *Pool) ExtendRelationBy(rf RelFork, n uint32, s *Strategy) (b Buffer, blk, added uint32, err error) {
	ze, ok := p.st.(ZeroExtender)
	if n <= 1 || !ok {
		b, blk, err = p.ExtendRelation(rf, s)
		if err != nil {
			return InvalidBuffer, 0, 0, err
		}
		return b, blk, 1, nil
	}
	el := p.extensionLock(rf)
	el.Acquire(p.waiters, p.me, sem.Exclusive)
	defer el.Release(p.waiters)

	blk, err = p.st.Nblocks(rf)
	if err != nil {
		return InvalidBuffer, 0, 0, fmt.Errorf("could not extend relation %s: %w", rf, err)
	}
	if blk > MaxBlockNumber {
		return InvalidBuffer, 0, 0, pgerr.New(ProgramLimitExceeded, "cannot extend relation %s beyond %d blocks", rf, uint64(MaxBlockNumber)+1)
	}
	n = uint32(min(uint64(n), uint64(MaxBlockNumber)+1-uint64(blk)))
	// The first block's buffer is taken before storage grows, so that a
	// pool with no buffer to give fails without extending anything.
	t := rf.Block(blk)
	b, owner, valid, err := p.bufferFor(t, s)
	if err != nil {
		return InvalidBuffer, 0, 0, err
	}
	d := p.desc(b)
	if !owner && (valid || !p.startIO(d, true)) {
		p.unpin(b)
		return InvalidBuffer, 0, 0, pgerr.New(pgerr.InternalError, "unexpected data beyond EOF in %v", t).
			WithHint("This has been seen to occur with buggy kernels; consider updating your system.")
	}
	page := p.Page(b)
	clear(page)
	if added, err = ze.ExtendZeros(rf, blk, n); err != nil {
		p.terminateIO(d, flagIOError, 0, false)
		p.unpin(b)
		return InvalidBuffer, 0, 0, fmt.Errorf("could not extend relation %s to block %d: %w", rf, blk, err)
	}
	if !p.ConditionalLock(b, Exclusive) {
		panic(fmt.Sprintf("bufmgr: content lock of new buffer %d (%v) is held", b, t))
	}
	p.terminateIO(d, flagValid, flagIOError, false)
	// The other new blocks: zeroed pages in the pool where a buffer is to
	// be had. One that is not (no free buffer, or a buffer left by a
	// failed read that another process now waits on) is read from
	// storage, zeroes, when it is first used.
	for i := uint32(1); i < added; i++ {
		ob, owner, _, err := p.bufferFor(rf.Block(blk+i), s)
		if err != nil {
			break
		}
		if owner {
			clear(p.Page(ob))
			p.terminateIO(p.desc(ob), flagValid, flagIOError, false)
		}
		p.unpin(ob)
	}
	p.stats.Extends += uint64(added)
	return b, blk, added, nil
}
