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
