package bufmgr

import (
	"fmt"

	"ringpg/sem"
)

// Finding a tag's buffer, and giving a new page a buffer.
//
// Hit: take the tag's mapping partition lock shared, look the tag up, pin
// the buffer while still holding the lock (so that it cannot be recycled
// between the look-up and the pin), release the lock. No exclusive lock,
// no system call.
//
// Miss: choose a victim (victim), which comes back pinned by this process
// alone, clean and forgotten; then take the new tag's partition lock
// exclusively and look again: if another process brought the page in
// meanwhile, pin theirs and free the victim; else tag the victim, mark it
// I/O in progress for this process and insert it. Only one partition lock
// is ever held at a time (the old tag's to forget the victim, then the new
// tag's), so the "ascending order" rule for several never comes up.

// bufferFor returns t's buffer, pinned. owner reports that the buffer was
// just allocated and this process owns its read (flagIO is set for it);
// otherwise valid says whether the page is already there.
func (p *Pool) bufferFor(t Tag, s *Strategy) (b Buffer, owner, valid bool, err error) {
	h := hashTag(t)
	part := p.partitionLock(p.partitionOf(h))
	part.Acquire(p.waiters, p.me, sem.Shared)
	if b = p.lookupLocked(t, h); b != 0 {
		valid = p.pin(b, s)
		part.Release(p.waiters)
		return b, false, valid, nil
	}
	part.Release(p.waiters)

	v, err := p.victim(s)
	if err != nil {
		return 0, false, false, err
	}
	part.Acquire(p.waiters, p.me, sem.Exclusive)
	if b = p.lookupLocked(t, h); b != 0 {
		// Another process allocated the page while we found a victim.
		valid = p.pin(b, s)
		part.Release(p.waiters)
		p.unpin(v)
		p.freeBuffer(v)
		return b, false, valid, nil
	}
	d := p.desc(v)
	st := d.lockHeader()
	if refcount(st) != 1 || st&flagMask&^(flagLocked|flagWaiters) != 0 {
		// The victim is on no chain and tag-invalid: nothing can have
		// reached it but the clock sweep, which skips pinned buffers.
		panic(fmt.Sprintf("bufmgr: victim buffer %d changed under its pin: state %#x", v, st))
	}
	d.setTagLocked(t)
	d.unlockHeader(st&^usageMask | usageOne | flagTagValid | flagIO)
	p.insertLocked(t, h, v)
	part.Release(p.waiters)
	return v, true, false, nil
}

// victim returns a buffer for a new page: pinned by this process alone,
// clean, its old page (if any) forgotten: tag invalid and out of the
// mapping table. A dirty victim is written first, by this process.
//
// The caller may hold content locks of other buffers (a B-tree split
// extends the index with its pages locked), so the victim's content lock is
// only ever tried (ConditionalAcquire): a victim locked by someone else is
// passed over rather than waited for.
func (p *Pool) victim(s *Strategy) (Buffer, error) {
	for {
		b, st, err := p.candidate(s)
		if err != nil {
			return 0, err
		}
		d := p.desc(b)
		p.pinLocked(b, st)
		if st&flagDirty != 0 {
			if !d.content.ConditionalAcquire(sem.Shared) {
				p.unpin(b)
				continue
			}
			if s != nil && s.reject(p, b) {
				d.content.Release(p.waiters)
				p.unpin(b)
				continue
			}
			err := p.flushLocked(b)
			d.content.Release(p.waiters)
			if err != nil {
				p.unpin(b)
				return 0, err
			}
		}
		if st&flagTagValid != 0 && !p.forgetVictim(b) {
			p.unpin(b) // pinned or dirtied again meanwhile: find another
			continue
		}
		return b, nil
	}
}

// candidate returns a possible victim with its header locked and its state:
// from the strategy's ring if it has a reusable one, else from the free
// list or the clock sweep (and then it joins the ring).
func (p *Pool) candidate(s *Strategy) (Buffer, uint32, error) {
	if s != nil {
		if b, st, ok := s.next(p); ok {
			return b, st, nil
		}
	}
	b, st, err := p.clockSweep()
	if err == nil && s != nil {
		s.put(b)
	}
	return b, st, err
}

// forgetVictim takes the page out of buffer b, which this process has
// pinned and which held a valid tag: out of the mapping table, tag and
// page invalid. It fails if the buffer has been pinned by another process
// or dirtied since it was chosen.
func (p *Pool) forgetVictim(b Buffer) bool {
	d := p.desc(b)
	t := d.tag() // stable: we hold a pin
	h := hashTag(t)
	part := p.partitionLock(p.partitionOf(h))
	part.Acquire(p.waiters, p.me, sem.Exclusive)
	st := d.lockHeader()
	if refcount(st) != 1 || st&(flagDirty|flagIO) != 0 || p.refs.get(b) != 1 {
		d.unlockHeader(st)
		part.Release(p.waiters)
		return false
	}
	if st&flagTagValid != 0 {
		p.removeLocked(t, h, b)
		if st&flagValid != 0 {
			p.stats.Evictions++
		}
	}
	// Whoever sleeps on the word now is a DropRelation waiting for our pin
	// to go (a pinned sleeper would have failed the check above); the page
	// it waits for has just gone, so wake it.
	d.unlockHeader(refcount(st))
	part.Release(p.waiters)
	if st&flagWaiters != 0 {
		futexWakeAll(&d.state)
	}
	return true
}
