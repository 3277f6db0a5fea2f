package wal

import (
	"encoding/binary"
	"hash/crc32"

	"ringpg/sem"
)

// Insert appends the record b describes to the WAL and returns its end,
// the LSN to flush up to and to stamp on the pages it changed (as
// PostgreSQL's XLogInsert). The record is in the shared buffers when
// Insert returns, not yet durable: Flush makes it so. b keeps its content
// (Inserted reports where the record went) until its next Reset.
func (w *WAL) Insert(b *Builder) (LSN, error) {
	c := w.c
	if err := w.usable(); err != nil {
		return 0, err
	}
	if err := b.assemble(LSN(c.redo.Load()), w.cfg.FullPageWrites); err != nil {
		return 0, err
	}
	s := w.acquireSlot()
	// A checkpoint may have moved the redo point since the images were
	// decided; it cannot move again while we hold a slot.
	for redo := LSN(c.redo.Load()); redo != b.redoUsed && b.pages; redo = LSN(c.redo.Load()) {
		w.releaseSlot(s)
		if err := b.assemble(redo, w.cfg.FullPageWrites); err != nil {
			return 0, err
		}
		s = w.acquireSlot()
	}
	size := maxAlign(b.totLen)

	c.insertLock.Lock()
	startPos := c.curPos
	c.curPos += size
	prev := LSN(c.prevLSN)
	start := w.g.toLSN(startPos)
	c.prevLSN = uint64(start)
	c.insertLock.Unlock()
	end := w.g.toEndLSN(startPos + size)

	h := recordHeader{totLen: uint32(b.totLen), xid: b.xid, prev: prev, info: b.info, rmid: b.rmid}
	putRecordHeader(b.hdr[:], &h)
	crc := crc32.Update(b.payCRC, castagnoli, b.hdr[:24])
	binary.LittleEndian.PutUint32(b.hdr[24:], crc)

	if err := w.copyRecord(s, start, b); err != nil {
		// The reserved space can never be filled: nothing after it may
		// ever be called flushed. The WAL refuses all work from now on,
		// and the process must exit for a crash-restart (PostgreSQL
		// PANICs here).
		c.broken.Store(1)
		w.releaseSlot(s)
		return 0, err
	}
	w.releaseSlot(s)

	// Counted here and added to the shared counters in batches: every
	// inserter adding to one cache line would make them a bottleneck.
	w.pending.records++
	w.pending.bytes += b.totLen
	w.pending.fpi += uint64(b.images)
	if w.pending.records >= statsBatch {
		w.publishStats()
	}
	b.start, b.end = start, end
	return end, nil
}

// Inserted returns where the last Insert of b put its record: its start
// and its end.
func (b *Builder) Inserted() (start, end LSN) { return b.start, b.end }

// copyRecord copies the record's bytes into the buffers from start on,
// page by page. Caller holds slot s.
func (w *WAL) copyRecord(s *slot, start LSN, b *Builder) error {
	page := uint64(start) / PageSize
	buf, err := w.getPage(s, page)
	if err != nil {
		return err
	}
	off := uint64(start) % PageSize
	left := b.totLen
	for _, p := range b.chain {
		for len(p) > 0 {
			if off == PageSize {
				page++
				if buf, err = w.getPage(s, page); err != nil {
					return err
				}
				// The rest of this record begins the page: say how much.
				binary.LittleEndian.PutUint32(buf[16:], uint32(left))
				binary.LittleEndian.PutUint16(buf[2:], binary.LittleEndian.Uint16(buf[2:])|pageFirstIsCont)
				off = w.g.headerSizeAt(LSN(page * PageSize))
			}
			n := copy(buf[off:], p)
			off += uint64(n)
			left -= uint64(n)
			p = p[n:]
		}
	}
	return nil
}

// acquireSlot takes an insertion slot: the one this process used last
// if it is free, else any free one, else it waits for its own.
func (w *WAL) acquireSlot() *slot {
	for i := range NumInsertSlots {
		k := (w.slotHint + i) % NumInsertSlots
		if s := &w.c.slots[k]; s.lock.ConditionalAcquire(sem.Exclusive) {
			w.slotHint = k
			return s
		}
	}
	s := &w.c.slots[w.slotHint]
	s.lock.Acquire(w.waiters, w.me, sem.Exclusive)
	return s
}

// releaseSlot ends an insertion: the holder's progress goes back to
// "not said", and flushers waiting on the slot look again.
func (w *WAL) releaseSlot(s *slot) {
	s.insertingAt.Store(0)
	s.lock.Release(w.waiters)
	w.wakeSlotWaiters(s)
}

// advertise tells flushers that the holder of s has copied everything it
// will copy below lsn. Caller holds s.
func (w *WAL) advertise(s *slot, lsn LSN) {
	s.insertingAt.Store(uint64(lsn))
	w.wakeSlotWaiters(s)
}

// wakeSlotWaiters wakes the flushers sleeping on s after its state
// changed. A sleeper counts itself in waiters before it re-checks the
// state and sleeps, so either it sees the change or we see it (all
// atomics here are sequentially consistent), and the common case with
// nobody waiting costs one load.
func (w *WAL) wakeSlotWaiters(s *slot) {
	if s.waiters.Load() != 0 {
		s.seq.Add(1)
		sem.FutexWake(futexWord(&s.seq), 1<<30)
	}
}

// getPage returns the buffer holding WAL page number page, giving the
// page a buffer first if it has none: the buffer's previous page must be
// written out before it can be reused, which may mean writing it here.
// Caller holds insertion slot s, whose progress it advertises before any
// wait so that writers do not wait for it in turn.
func (w *WAL) getPage(s *slot, page uint64) ([]byte, error) {
	idx := page % w.n
	if w.xlblocks[idx].Load() == page+1 {
		return w.bufPage(page), nil
	}
	w.advertise(s, LSN(page*PageSize))
	c := w.c
	for {
		if w.xlblocks[idx].Load() == page+1 {
			return w.bufPage(page), nil
		}
		if err := w.usable(); err != nil {
			return nil, err
		}
		c.mapLock.Acquire(w.waiters, w.me, sem.Exclusive)
		next := c.initNext
		var need LSN
		for next <= page {
			if next >= w.n {
				// The buffer's previous page must be all written.
				if old := LSN((next - w.n + 1) * PageSize); LSN(c.written.Load()) < old {
					need = old
					break
				}
			}
			w.initPage(next)
			next++
		}
		c.initNext = next
		c.mapLock.Release(w.waiters)
		if need == 0 {
			continue
		}
		c.stats.buffersFull.Add(1)
		if err := w.writeUpTo(need, false); err != nil {
			return nil, err
		}
	}
}

// initPage gives WAL page number page its buffer: zeroed, with a fresh
// page header. Caller holds mapLock and has checked that the buffer's
// previous page is written.
func (w *WAL) initPage(page uint64) {
	buf := w.bufPage(page)
	clear(buf)
	h := pageHeader{magic: PageMagic, timeline: Timeline, addr: LSN(page * PageSize)}
	if page*PageSize%w.g.segSize == 0 {
		h.info = pageLongHeader
		h.sysid = w.c.sysid
		h.segSize = uint32(w.g.segSize)
		h.pageSize = PageSize
	}
	putPageHeader(buf, &h)
	w.xlblocks[page%w.n].Store(page + 1)
}
