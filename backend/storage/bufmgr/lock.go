package bufmgr

import (
	"fmt"

	"ringpg/pgerr"
	"ringpg/sem"
)

// Content locks. A buffer's content lock (an LWLock in its descriptor)
// guards the bytes of its page: shared to read them, exclusive to change
// them. Only a pinned buffer may be locked. This process remembers what it
// holds, to catch misuse (a second lock of the same buffer would deadlock
// against itself, MarkDirty needs the exclusive lock) and so that
// ReleaseAll can clean up after an error. With Hooks.LogChanges, an
// exclusive lock also keeps the page's image as last logged, and releasing
// it logs what changed since (wallog.go).

type heldLock struct {
	b      Buffer
	mode   LockMode
	before []byte // exclusive with Hooks.LogChanges: the page when locked or last logged; else nil
}

func semMode(m LockMode) sem.Mode {
	switch m {
	case Shared:
		return sem.Shared
	case Exclusive:
		return sem.Exclusive
	}
	panic(fmt.Sprintf("bufmgr: lock mode %d", int(m)))
}

// holding returns the index of b in p.held, or -1.
func (p *Pool) holding(b Buffer) int {
	for i := len(p.held) - 1; i >= 0; i-- {
		if p.held[i].b == b {
			return i
		}
	}
	return -1
}

func (p *Pool) checkLockable(b Buffer, op string) {
	p.mustPin(b, op)
	if i := p.holding(b); i >= 0 {
		panic(fmt.Sprintf("bufmgr: %s of buffer %d, whose content lock this process already holds (%v)", op, b, p.held[i].mode))
	}
}

// Lock takes b's content lock, sleeping as long as needed. Two content
// locks at once are taken only in the order the access method documents
// (sem/doc.go); ConditionalLock may go against it.
func (p *Pool) Lock(b Buffer, m LockMode) {
	p.checkLockable(b, "Lock")
	p.desc(b).content.Acquire(p.waiters, p.me, semMode(m))
	p.locked(b, m)
}

// ConditionalLock takes b's content lock if that needs no waiting, and
// reports whether it did.
func (p *Pool) ConditionalLock(b Buffer, m LockMode) bool {
	p.checkLockable(b, "ConditionalLock")
	if !p.desc(b).content.ConditionalAcquire(semMode(m)) {
		return false
	}
	p.locked(b, m)
	return true
}

// locked records that this process now holds b's content lock in mode m,
// and with Hooks.LogChanges takes an exclusively locked page's before
// image.
func (p *Pool) locked(b Buffer, m LockMode) {
	h := heldLock{b: b, mode: m}
	if m == Exclusive && p.h.LogChanges != nil {
		h.before = p.beforeImage(b)
	}
	p.held = append(p.held, h)
}

// Unlock releases b's content lock. With Hooks.LogChanges, a change made
// under an exclusive lock is logged first (logChanges), with those of the
// other pages this process holds exclusively.
func (p *Pool) Unlock(b Buffer) {
	i := p.holding(b)
	if i < 0 {
		panic(fmt.Sprintf("bufmgr: Unlock of buffer %d, whose content lock this process does not hold", b))
	}
	p.release(i)
}

// release logs the changes p.held[i] needs logged, forgets it and
// releases its content lock.
func (p *Pool) release(i int) {
	h := p.held[i]
	if h.before != nil {
		p.logChanges(i)
	}
	p.held = append(p.held[:i], p.held[i+1:]...)
	p.desc(h.b).content.Release(p.waiters)
	if h.before != nil {
		p.spare = append(p.spare, h.before)
	}
}

// LockHeld returns the mode in which this process holds b's content lock,
// or 0 when it does not, for assertions in access methods.
func (p *Pool) LockHeld(b Buffer) LockMode {
	if i := p.holding(b); i >= 0 {
		return p.held[i].mode
	}
	return 0
}

// LockForCleanup takes b's content lock exclusively at a moment when no
// other process has b pinned: what removing tuples from a page or
// defragmenting it needs, since other processes may keep pointers into a
// page they have pinned but not locked. The caller holds exactly one pin.
// It sleeps until the other pins are gone; new pins may arrive after it
// returns, but their holders must wait for the content lock to look.
//
// Only one process may wait for a buffer's cleanup lock at a time (two
// would each wait for the other's pin); the caller's relation lock should
// ensure it, as VACUUM's does. A second waiter gets an error instead of a
// deadlock.
func (p *Pool) LockForCleanup(b Buffer) error {
	if n := p.refs.get(b); n != 1 {
		panic(fmt.Sprintf("bufmgr: LockForCleanup of buffer %d with %d pins by this process, want 1", b, n))
	}
	d := p.desc(b)
	me := p.me + 1
	for {
		p.Lock(b, Exclusive)
		st := d.lockHeader()
		if refcount(st) == 1 {
			d.unlockHeader(st)
			return nil
		}
		if d.cleanupWaiter != 0 && d.cleanupWaiter != me {
			d.unlockHeader(st)
			p.Unlock(b)
			return pgerr.New(pgerr.InternalError, "multiple backends attempting to wait for pincount 1")
		}
		d.cleanupWaiter = me
		d.unlockHeader(st)
		p.Unlock(b)
		p.sleepUntil(d, onlyOurPin)
		st = d.lockHeader()
		d.cleanupWaiter = 0
		d.unlockHeader(st)
	}
}

// ConditionalLockForCleanup is LockForCleanup without waiting: it reports
// whether it got the lock with no other pin on b.
func (p *Pool) ConditionalLockForCleanup(b Buffer) bool {
	if n := p.refs.get(b); n != 1 {
		panic(fmt.Sprintf("bufmgr: ConditionalLockForCleanup of buffer %d with %d pins by this process, want 1", b, n))
	}
	if !p.ConditionalLock(b, Exclusive) {
		return false
	}
	if refcount(p.desc(b).state.Load()) == 1 {
		return true
	}
	p.Unlock(b)
	return false
}

// MarkDirty records that the caller changed b's page, which must then be
// written before the buffer is reused. Caller holds b's content lock
// exclusively.
func (p *Pool) MarkDirty(b Buffer) {
	if p.LockHeld(b) != Exclusive {
		panic(fmt.Sprintf("bufmgr: MarkDirty of buffer %d without its exclusive content lock", b))
	}
	p.setDirty(b)
}

// MarkDirtyHint records a change that could be lost without harm (hint
// bits), made under a shared or exclusive content lock. Such a change may
// race with a write of the page; the write then leaves the page dirty
// (flagJustDirtied) so that it is written again. With checksums, the
// caller's WAL policy decides whether a hint may dirty a page at all.
func (p *Pool) MarkDirtyHint(b Buffer) {
	if p.LockHeld(b) == 0 {
		panic(fmt.Sprintf("bufmgr: MarkDirtyHint of buffer %d without its content lock", b))
	}
	d := p.desc(b)
	st := d.state.Load()
	if st&(flagDirty|flagJustDirtied) == flagDirty|flagJustDirtied {
		return // nothing to add, and no need to dirty a cache line
	}
	if st&flagDirty == 0 && p.h.LogHint != nil && p.LockHeld(b) == Shared {
		// Under an exclusive lock the change is logged with the others
		// when the lock is released (LogChanges).
		if lsn := p.h.LogHint(d.tag(), p.Page(b)); lsn != 0 {
			// The header lock orders this with another hint setter's;
			// a writer copying the page meanwhile flushes the WAL up to
			// the old LSN or the new one, either of which is safe (the
			// image only protects against a torn write of this page).
			hs := d.lockHeader()
			if lsn > p.h.PageLSN(p.Page(b)) {
				p.h.SetPageLSN(p.Page(b), lsn)
			}
			d.unlockHeader(hs)
		}
	}
	p.setDirty(b)
}

func (p *Pool) setDirty(b Buffer) {
	d := p.desc(b)
	old := d.state.Load()
	for {
		if old&flagLocked != 0 {
			old = d.waitUnlocked()
		}
		if old&flagValid == 0 {
			panic(fmt.Sprintf("bufmgr: buffer %d dirtied while not valid", b))
		}
		next := old | flagDirty | flagJustDirtied
		if next == old || d.state.CompareAndSwap(old, next) {
			if old&flagDirty == 0 {
				p.stats.Dirtied++
			}
			return
		}
		old = d.state.Load()
	}
}
