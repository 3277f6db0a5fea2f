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
		b := Buffer(i + 1)
		p.pinLocked(b, st)
		d.content.Acquire(p.waiters, p.me, sem.Shared)
		err := p.flushLocked(b)
		d.content.Release(p.waiters)
		p.unpin(b)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
