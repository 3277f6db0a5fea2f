package bufmgr

import "ringpg/pgerr"

// Victim selection: the free list first (buffers whose page was dropped),
// then the clock sweep. The sweep's hand is one shared atomic counter; each
// tick looks at one buffer: a pinned buffer is passed over, an unpinned one
// with a non-zero usage count has it decremented and is passed over, and
// the first unpinned one at usage zero is the victim. A page used often
// thus survives several turns of the hand; a page used once does not.
//
// Zeroed memory needs nothing more: the free list is empty, and the sweep
// finds every never-used buffer (no pins, usage 0) at its first look.

// errNoBuffers is raised when the sweep has passed every buffer and all
// were pinned: too many pins for the pool (PostgreSQL's wording).
func errNoBuffers() error {
	return pgerr.New(pgerr.InternalError, "no unpinned buffers available")
}

// tick advances the clock hand and returns the buffer it was on.
func (p *Pool) tick() Buffer {
	return Buffer((p.ctl.clock.Add(1)-1)%uint64(p.n)) + 1
}

// freeBuffer puts b, whose page was just forgotten, on the free list so
// that it is reused before any buffer holding a page. Being on the list is
// only a hint: a buffer taken from it is checked again under its header
// lock.
func (p *Pool) freeBuffer(b Buffer) {
	d := p.desc(b)
	p.ctl.freeLock.Lock()
	if d.freeNext == 0 {
		d.freeNext = p.ctl.firstFree
		if d.freeNext == 0 {
			d.freeNext = freeEnd
		}
		p.ctl.firstFree = uint32(b)
	}
	p.ctl.freeLock.Unlock()
}

// popFree takes the first buffer off the free list, or returns 0.
func (p *Pool) popFree() Buffer {
	p.ctl.freeLock.Lock()
	b := p.ctl.firstFree
	if b != 0 {
		d := &p.descs[b-1]
		p.ctl.firstFree = d.freeNext
		if p.ctl.firstFree == freeEnd {
			p.ctl.firstFree = 0
		}
		d.freeNext = 0
	}
	p.ctl.freeLock.Unlock()
	return Buffer(b)
}

// clockSweep returns an unpinned buffer at usage zero with its header
// locked, and the state word read under the lock.
func (p *Pool) clockSweep() (Buffer, uint32, error) {
	for {
		b := p.popFree()
		if b == 0 {
			break
		}
		d := p.desc(b)
		st := d.lockHeader()
		if refcount(st) == 0 && usage(st) == 0 {
			return b, st, nil
		}
		d.unlockHeader(st) // used again since it was freed
	}
	// Give up after a whole turn in which every buffer was pinned; a
	// decremented usage count is progress and restarts the count.
	tries := p.n
	for {
		b := p.tick()
		d := p.desc(b)
		st := d.state.Load()
		if st&flagLocked != 0 {
			st = d.waitUnlocked()
		}
		switch {
		case refcount(st) != 0:
			tries--
			if tries == 0 {
				return 0, 0, errNoBuffers()
			}
		case usage(st) != 0:
			if d.state.CompareAndSwap(st, st-usageOne) {
				tries = p.n
			}
		default:
			if d.state.CompareAndSwap(st, st|flagLocked) {
				return b, st | flagLocked, nil
			}
			// Someone pinned it, or locked it, as we looked: move on.
		}
	}
}
