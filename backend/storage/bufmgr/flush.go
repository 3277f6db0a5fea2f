package bufmgr

import (
	"errors"
	"fmt"

	"ringpg/sem"
)

// FlushAll writes every page that is dirty when it starts (the
// checkpointer, shutdown). It first marks them (flagCheckpointNeeded), then
// writes the marked ones, so that pages dirtied meanwhile do not keep it
// going forever. A page that fails to write stays dirty and marked; the
// errors are returned together after every other page has been tried.
// The caller holds no content lock.
func (p *Pool) FlushAll() error {
	return p.flushMatching(func(Tag) bool { return true })
}

// FlushRelation writes the fork's dirty pages, as FlushAll does.
func (p *Pool) FlushRelation(rf RelFork) error {
	return p.flushMatching(func(t Tag) bool { return t.RelFork() == rf })
}

func (p *Pool) flushMatching(match func(Tag) bool) error {
	if len(p.held) != 0 {
		panic(fmt.Sprintf("bufmgr: flush with %d content locks held", len(p.held)))
	}
	for i := range p.descs {
		d := &p.descs[i]
		if d.state.Load()&flagDirty == 0 {
			continue
		}
		st := d.lockHeader()
		if st&flagDirty != 0 && match(d.tag()) {
			st |= flagCheckpointNeeded
		}
		d.unlockHeader(st)
	}
	var errs []error
	for i := range p.descs {
		d := &p.descs[i]
		if d.state.Load()&flagCheckpointNeeded == 0 {
			continue
		}
		st := d.lockHeader()
		if st&(flagCheckpointNeeded|flagDirty) != flagCheckpointNeeded|flagDirty || !match(d.tag()) {
			d.unlockHeader(st)
			continue
		}
		if err := p.flushHeaderLocked(Buffer(i+1), st); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// WriteAhead is the background writer's pass (PostgreSQL's BgBufferSync,
// simplified): it looks at the next lookahead buffers the clock hand will
// reach and writes those the sweep could take as victims (unpinned, usage
// zero, dirty), at most max of them, so that backends find clean victims
// instead of writing pages (and flushing WAL) themselves. It does not move
// the hand. Writes go through flushLocked: WAL first. It returns how many
// pages it wrote; a page that fails to write is left dirty and the pass
// goes on.
func (p *Pool) WriteAhead(lookahead, max int) (written int, err error) {
	if len(p.held) != 0 {
		panic(fmt.Sprintf("bufmgr: WriteAhead with %d content locks held", len(p.held)))
	}
	start := p.ctl.clock.Load()
	lookahead = min(lookahead, int(p.n))
	var errs []error
	for i := 0; i < lookahead && written < max; i++ {
		b := Buffer((start+uint64(i))%uint64(p.n)) + 1
		d := p.desc(b)
		if !writable(d.state.Load()) {
			continue
		}
		st := d.lockHeader()
		if !writable(st &^ flagLocked) {
			d.unlockHeader(st)
			continue
		}
		if ferr := p.flushHeaderLocked(b, st); ferr != nil {
			errs = append(errs, ferr)
			continue
		}
		written++
	}
	return written, errors.Join(errs...)
}

// writable says whether the background writer should write a buffer in
// state st: a valid dirty page nobody has pinned and the sweep would take.
func writable(st uint32) bool {
	return st&(flagValid|flagDirty) == flagValid|flagDirty && refcount(st) == 0 && usage(st) == 0 && st&flagLocked == 0
}

// flushHeaderLocked writes buffer b, whose header lock the caller holds
// (st the state it read): pinned without a usage count (not an access),
// then written under its shared content lock, WAL first.
func (p *Pool) flushHeaderLocked(b Buffer, st uint32) error {
	d := p.desc(b)
	p.pinLocked(b, st)
	d.content.Acquire(p.waiters, p.me, sem.Shared)
	err := p.flushLocked(b)
	d.content.Release(p.waiters)
	p.unpin(b)
	return err
}
