package bufmgr

import (
	"fmt"

	"ringpg/sem"
)

// DropRelation forgets every buffer of the fork from block fromBlock on,
// dirty or not, without writing: the blocks are being truncated away or
// the relation dropped. The caller holds a lock on the relation that keeps
// everyone else from using it (AccessExclusiveLock), so the only other pins
// it can meet are brief ones: a victim being looked at, a page being
// written by a checkpoint. It waits for those to go. It must not have any
// of the fork's buffers pinned itself.
func (p *Pool) DropRelation(rf RelFork, fromBlock uint32) {
	for i := range p.descs {
		d := &p.descs[i]
		// Unlocked pre-check: most buffers belong to other relations. A
		// buffer re-tagged to this fork after we pass it would be a use of
		// the relation that the caller's lock rules out.
		if d.state.Load()&flagTagValid == 0 || !d.isRelFork(rf) || d.block.Load() < fromBlock {
			continue
		}
		p.invalidate(Buffer(i+1), rf, fromBlock)
	}
}

// invalidate forgets buffer b if it still holds a block of rf at or after
// fromBlock.
func (p *Pool) invalidate(b Buffer, rf RelFork, fromBlock uint32) {
	d := p.desc(b)
	for {
		st := d.lockHeader()
		t := d.tag()
		d.unlockHeader(st)
		if st&flagTagValid == 0 || t.RelFork() != rf || t.Block < fromBlock {
			return
		}
		h := hashTag(t)
		part := p.partitionLock(p.partitionOf(h))
		part.Acquire(p.waiters, p.me, sem.Exclusive)
		st = d.lockHeader()
		if st&flagTagValid == 0 || d.tag() != t {
			d.unlockHeader(st)
			part.Release(p.waiters)
			return // recycled meanwhile
		}
		if refcount(st) != 0 {
			d.unlockHeader(st)
			part.Release(p.waiters)
			if p.refs.get(b) != 0 {
				panic(fmt.Sprintf("bufmgr: DropRelation of %v, which this process has pinned", t))
			}
			// Wait for the pin to go, or for the buffer to be recycled
			// (an evictor holding it must not keep us waiting for as long
			// as it uses its new page).
			p.sleepUntil(d, func(st uint32) bool {
				return refcount(st) == 0 || st&flagTagValid == 0 || d.tag() != t
			})
			continue
		}
		p.removeLocked(t, h, b)
		d.unlockHeader(0)
		part.Release(p.waiters)
		if st&flagWaiters != 0 {
			futexWakeAll(&d.state) // another DropRelation of the same page
		}
		p.freeBuffer(b)
		return
	}
}

// DropDatabase forgets every buffer of database db, dirty or not, without
// writing: its directory is being removed. The rules are DropRelation's;
// redo of a DROP DATABASE is the caller, alone in the pool.
func (p *Pool) DropDatabase(db uint32) {
	for i := range p.descs {
		d := &p.descs[i]
		if d.state.Load()&flagTagValid == 0 {
			continue
		}
		st := d.lockHeader()
		t := d.tag()
		d.unlockHeader(st)
		if st&flagTagValid == 0 || t.DB != db {
			continue
		}
		p.invalidate(Buffer(i+1), t.RelFork(), 0)
	}
}
