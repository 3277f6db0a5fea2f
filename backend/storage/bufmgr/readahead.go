package bufmgr

import "ringpg/sem"

// BatchStorage is a Storage that reads several blocks in one submission
// (on io_uring, all of them in flight at once).
type BatchStorage interface {
	Storage
	// ReadBatch fills bufs[i] with block tags[i]; errs[i] says why that
	// block failed, or is nil.
	ReadBatch(tags []Tag, bufs [][]byte, errs []error)
}

// Prefetch brings blocks first.Block .. first.Block+n-1 of first's fork
// into the pool, reading the missing ones in one batch when the storage
// can (the read-ahead of a sequential scan), and returns holding no pin:
// the scan then finds each page with an ordinary ReadBuffer hit. With a
// Strategy, prefetched pages go to its ring, so a caller keeps n well
// below the ring's size (the pages must survive until it reaches them).
//
// Prefetch stops early at a block another process is reading. It is
// advice: a block it could not read (past the end of the relation, a
// read error, a bad checksum) is left for the scan's own read, which
// reports the error.
func (p *Pool) Prefetch(first Tag, n int, s *Strategy) {
	var owned []Buffer
	var tags []Tag
	pinned := make([]Buffer, 0, n)
	for i := 0; i < n; i++ {
		t := first
		t.Block += uint32(i)
		b, owner, valid, err := p.bufferFor(t, s)
		if err != nil {
			break
		}
		pinned = append(pinned, b)
		if owner {
			owned, tags = append(owned, b), append(tags, t)
			continue
		}
		if !valid {
			break // another process's read, or a failed one: the scan waits or retries
		}
		p.stats.Hits++
	}
	p.readOwned(owned, tags)
	for _, b := range pinned {
		p.unpin(b)
	}
}

// readOwned reads the pages of buffers bs (blocks tags), whose read I/O
// this process owns, and ends each I/O: valid, or failed for a later
// reader to try again.
func (p *Pool) readOwned(bs []Buffer, tags []Tag) {
	if len(bs) == 0 {
		return
	}
	errs := make([]error, len(bs))
	if bst, ok := p.st.(BatchStorage); ok && len(bs) > 1 {
		bufs := make([][]byte, len(bs))
		for i, b := range bs {
			bufs[i] = p.Page(b)
		}
		bst.ReadBatch(tags, bufs, errs)
	} else {
		for i, b := range bs {
			errs[i] = p.st.Read(tags[i], p.Page(b))
		}
	}
	for i, b := range bs {
		_ = p.endRead(b, tags[i], errs[i]) // the scan's own read reports a failure
	}
}

// Resident reports whether block t has a buffer (valid or being read),
// without pinning it: a sequential scan's cheap test of whether read-ahead
// would be worth it.
func (p *Pool) Resident(t Tag) bool {
	h := hashTag(t)
	part := p.partitionLock(p.partitionOf(h))
	part.Acquire(p.waiters, p.me, sem.Shared)
	b := p.lookupLocked(t, h)
	part.Release(p.waiters)
	return b != 0
}
