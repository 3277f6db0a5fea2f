package bufmgr

import (
	"bytes"

	"ringpg/backend/storage/page"
)

// Logging page changes (Hooks.LogChanges): the WAL rule on the changing
// side. Every change made to a page under an exclusive content lock
// reaches the WAL's buffers before that lock is released, so no other
// process ever reads, or writes to storage, a change that is not logged.
//
// An exclusive lock keeps a private before image of the page (heldLock.
// before), taken when the lock is taken and refreshed whenever the page is
// logged while still held. Releasing the lock compares the page with it
// (outside pd_lsn and pd_checksum). A changed page is logged in one record
// together with every other page this process holds exclusively that
// changed: an operation that changes several pages under their locks (a
// B-tree split: the new right page, the left page, the old right
// sibling) may release them in any order, and whichever goes first must
// not let a WAL prefix show a link to a page whose contents are not in it.
//
// All of this is the process's own memory and the pages it holds
// exclusively: no other lock is taken. LogChanges is called with those
// content locks held, which fits the lock order (WAL insertion locks come
// after content locks in sem/doc.go), and possibly with the caller's other
// locks held (never a mapping lock or spinlock of the pool).

// The before images are page.Size bytes, and so are the pool's pages.
var _ [BlockSize - page.Size]struct{}
var _ [page.Size - BlockSize]struct{}

// zeroPage is what an all-zero before image equals.
var zeroPage [BlockSize]byte

// beforeImage returns a copy of b's page in a spare buffer: the before
// image of an exclusive lock. Buffers come back to p.spare when the lock
// is released, so the steady state allocates nothing.
func (p *Pool) beforeImage(b Buffer) []byte {
	var buf []byte
	if n := len(p.spare); n > 0 {
		buf = p.spare[n-1]
		p.spare = p.spare[:n-1]
	} else {
		buf = make([]byte, BlockSize)
	}
	copy(buf, p.Page(b))
	return buf
}

// logChanges is called before p.held[i], an exclusive lock with a before
// image, is released. If its page changed, it logs it with every other
// changed page held exclusively (that one first, then the others in lock
// order), sets their LSN to the record's, marks them dirty, and refreshes
// the before images of the pages that stay locked. Caller holds every lock
// in p.held.
func (p *Pool) logChanges(i int) {
	h := &p.held[i]
	if page.PagesEqual(h.before, p.Page(h.b)) {
		return
	}
	p.logging = append(p.logging[:0], i)
	for j := range p.held {
		if o := &p.held[j]; j != i && o.before != nil && !page.PagesEqual(o.before, p.Page(o.b)) {
			p.logging = append(p.logging, j)
		}
	}
	changes := p.changes[:0]
	for _, j := range p.logging {
		o := &p.held[j]
		changes = append(changes, Change{
			Tag:    p.desc(o.b).tag(),
			Before: o.before,
			After:  p.Page(o.b),
			Init:   bytes.Equal(o.before, zeroPage[:]),
		})
	}
	lsn := p.h.LogChanges(changes)
	p.stats.Logged++
	clear(changes) // keep no reference to the pages
	p.changes = changes[:0]
	for _, j := range p.logging {
		o := &p.held[j]
		pg := p.Page(o.b)
		p.h.SetPageLSN(pg, lsn)
		// A logged change must reach storage: a caller that did not call
		// MarkDirty (a bug, or a change it thought lost-able) still gets
		// its page dirtied, or an eviction would drop the change while
		// the WAL says it happened.
		// Unconditionally: setDirty also sets flagJustDirtied, so that a
		// write that copied the page before this lock was taken does not
		// leave it clean.
		p.setDirty(o.b)
		if j != i {
			copy(o.before, pg)
		}
	}
}
