package bufmgr

import "fmt"

// Pins. A pin keeps a buffer from being recycled for another page: the
// clock sweep takes only buffers whose shared pin count is zero, and a
// buffer's tag changes only while its sole pin is held by the process
// changing it. Pinning and unpinning take no lock: one compare-and-swap on
// the state word, and none at all when this process already has the buffer
// pinned (privRefs).

// pin adds a pin of b and reports whether the buffer holds a valid page.
// The caller found b under its mapping partition lock, which it still
// holds (so b cannot be re-tagged before the pin lands), or already has b
// pinned. Each first pin by a process raises the usage count (up to
// maxUsage); with a strategy, only from 0 to 1, so that ring buffers stay
// cheap to recycle.
func (p *Pool) pin(b Buffer, s *Strategy) (valid bool) {
	d := p.desc(b)
	if p.refs.inc(b) > 1 {
		return d.state.Load()&flagValid != 0
	}
	old := d.state.Load()
	for {
		if old&flagLocked != 0 {
			old = d.waitUnlocked()
		}
		next := old + refOne
		if u := usage(old); s == nil && u < maxUsage || s != nil && u == 0 {
			next += usageOne
		}
		if d.state.CompareAndSwap(old, next) {
			return next&flagValid != 0
		}
		old = d.state.Load()
	}
}

// pinLocked pins b and releases its header lock, st being the state the
// caller read when it took the lock. The usage count is left alone: this
// is the pin of a victim or of a page being flushed, not an access.
func (p *Pool) pinLocked(b Buffer, st uint32) {
	d := p.desc(b)
	if p.refs.inc(b) == 1 {
		st += refOne
	}
	d.unlockHeader(st)
}

// unpin drops a pin of b, and the shared pin with this process's last one.
func (p *Pool) unpin(b Buffer) {
	if p.refs.dec(b) > 0 {
		return
	}
	p.unpinShared(b)
}

// unpinShared drops this process's shared pin of b; its private count is
// already gone.
func (p *Pool) unpinShared(b Buffer) {
	d := p.desc(b)
	old := d.state.Load()
	for {
		if old&flagLocked != 0 {
			old = d.waitUnlocked()
		}
		if refcount(old) == 0 {
			panic(fmt.Sprintf("bufmgr: buffer %d unpinned with a zero shared pin count", b))
		}
		next := old - refOne
		if d.state.CompareAndSwap(old, next) {
			// A process waiting for a cleanup lock wants the count at 1
			// (its own pin), DropRelation wants it at 0.
			if next&flagWaiters != 0 && refcount(next) <= 1 {
				p.wakeWaiters(d)
			}
			return
		}
		old = d.state.Load()
	}
}

// Release drops a pin taken by ReadBuffer, ExtendRelation or AddPin.
// Releasing a buffer's last pin while holding its content lock is a caller
// bug (the lock would outlive the buffer's identity) and panics.
func (p *Pool) Release(b Buffer) {
	if p.refs.get(b) == 1 {
		for _, h := range p.held {
			if h.b == b {
				panic(fmt.Sprintf("bufmgr: last pin of buffer %d released with its content lock held", b))
			}
		}
	}
	p.unpin(b)
}

// UnlockRelease releases the content lock and then the pin.
func (p *Pool) UnlockRelease(b Buffer) {
	p.Unlock(b)
	p.Release(b)
}

// AddPin adds a pin to a buffer this process already has pinned, so that
// two owners (a scan and the tuple it returned, say) can release it
// independently. It touches no shared memory.
func (p *Pool) AddPin(b Buffer) {
	p.mustPin(b, "AddPin")
	p.refs.inc(b)
}

// PinCount returns how many pins this process holds on b (0 if none).
func (p *Pool) PinCount(b Buffer) int { return int(p.refs.get(b)) }

// SharedPinCount returns how many processes have b pinned, a snapshot for
// tests and diagnostics.
func (p *Pool) SharedPinCount(b Buffer) int { return int(refcount(p.desc(b).state.Load())) }

// ReleaseAll releases every content lock and every pin this process holds:
// the clean-up after an error, as PostgreSQL's resource owners do at
// transaction abort. With Hooks.LogChanges, pages changed under an
// exclusive lock are logged first, as Unlock does. It returns how many pins it dropped, which is zero
// whenever the caller's own bookkeeping was right.
func (p *Pool) ReleaseAll() int {
	// Last taken first. Changes made under an exclusive lock are logged
	// before it goes, as by Unlock: other processes will see the page.
	for len(p.held) > 0 {
		p.release(len(p.held) - 1)
	}
	var bufs []Buffer
	dropped := 0
	p.refs.each(func(b Buffer, n int32) {
		bufs = append(bufs, b)
		dropped += int(n)
	})
	for _, b := range bufs {
		p.refs.forget(b)
		p.unpinShared(b)
	}
	return dropped
}
