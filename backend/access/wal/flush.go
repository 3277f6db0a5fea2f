package wal

import (
	"fmt"
	"path/filepath"
	"time"

	"ringpg/pgerr"
	"ringpg/sem"
)

// Flush makes all WAL up to upto durable (PostgreSQL's XLogFlush). It is
// group commit: one caller at a time becomes the writer, writes every
// complete buffer page up to the current insert position and syncs once;
// every other caller whose LSN that covers returns without a sync of its
// own. A caller whose LSN is not yet covered sleeps until the writer is
// done, then looks again. upto past the insert position is cut back to
// it.
func (w *WAL) Flush(upto LSN) error {
	w.publishStats()
	if LSN(w.c.flushed.Load()) >= upto {
		return nil
	}
	if err := w.usable(); err != nil {
		return err
	}
	w.c.inFlush.Add(1)
	defer w.c.inFlush.Add(^uint32(0))
	return w.writeUpTo(upto, true)
}

// Write hands all WAL up to upto to the kernel without syncing it (the
// WAL writer's background work).
func (w *WAL) Write(upto LSN) error {
	w.publishStats()
	if err := w.usable(); err != nil {
		return err
	}
	return w.writeUpTo(upto, false)
}

// writeUpTo returns once WAL up to upto is written (sync: durable),
// doing the work itself if the write lock is free and otherwise waiting
// for whoever holds it. The caller may hold an insertion slot, having
// advertised a progress of at least upto (it copies nothing below upto
// any more), so that the wait for insertions does not wait for it.
func (w *WAL) writeUpTo(upto LSN, sync bool) error {
	c := w.c
	done := func() bool {
		if sync {
			return LSN(c.flushed.Load()) >= upto
		}
		return LSN(c.written.Load()) >= upto
	}
	for !done() {
		if c.broken.Load() != 0 {
			return w.usable()
		}
		gen := c.gen.Load()
		// Wait for the copies below upto to finish, with no lock held:
		// an inserter may need the write lock to recycle a buffer.
		target := w.waitInsertions(upto, true)
		if target < upto {
			upto = target // upto was past the insert position
			if done() {
				return nil
			}
		}
		if !c.writeLock.ConditionalAcquire(sem.Exclusive) {
			// Someone is writing: sleep until it is done, then look again;
			// its write likely covers us.
			c.sleepers.Add(1)
			if c.gen.Load() == gen {
				sem.FutexWaitShort(futexWord(&c.gen), gen, 100*time.Millisecond)
			}
			c.sleepers.Add(^uint32(0))
			continue
		}
		var err error
		if !done() {
			// Records finished while we waited for the lock go out too.
			target = w.waitInsertions(target, false)
			if sync && w.cfg.CommitDelay > 0 && w.cfg.Fsync && int(c.inFlush.Load()) > w.cfg.CommitSiblings {
				// Let more commits join this sync (commit_delay).
				time.Sleep(w.cfg.CommitDelay)
				target = w.waitInsertions(target, false)
			}
			err = w.writeLocked(target, sync)
			if err != nil {
				c.broken.Store(1)
			}
		}
		c.writeLock.Release(w.waiters)
		c.gen.Add(1)
		if c.sleepers.Load() != 0 {
			sem.FutexWake(futexWord(&c.gen), 1<<30)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// waitInsertions returns an LSN below which every reserved record has
// been copied into the buffers: at least upto (cut back to the insert
// position), waiting for inserters still copying below upto, and more
// where the inserters' advertised progress shows it. Without wait it
// never sleeps; upto must then be known finished already, and the result
// is at least upto. Caller holds no lock except possibly its own
// insertion slot, whose progress it has advertised.
func (w *WAL) waitInsertions(upto LSN, wait bool) LSN {
	c := w.c
	reserved := w.g.toEndLSN(w.peekPos())
	if upto > reserved {
		upto = reserved
	}
	finished := reserved
	for i := range c.slots {
		s := &c.slots[i]
		for {
			seq := s.seq.Load()
			at, ok := slotDone(s, upto)
			if !ok && wait {
				// Count ourselves as a sleeper, then look again before
				// sleeping: the holder checks for sleepers after each
				// change, so one of us sees the other.
				s.waiters.Add(1)
				if at, ok = slotDone(s, upto); !ok {
					sem.FutexWaitShort(futexWord(&s.seq), seq, 100*time.Millisecond)
				}
				s.waiters.Add(^uint32(0))
				if !ok {
					continue
				}
			}
			if !ok {
				// A copy is under way at an unknown place: trust only upto.
				finished = upto
			} else if at != 0 && at < finished {
				finished = at
			}
			break
		}
	}
	return finished
}

// slotDone reports whether slot s holds back nothing below upto: it is
// free, or its holder has advertised a progress of at least upto (then
// returned as at).
func slotDone(s *slot, upto LSN) (at LSN, ok bool) {
	at = LSN(s.insertingAt.Load())
	if at != 0 {
		return at, at >= upto
	}
	return 0, s.lock.State().Free()
}

// writeLocked writes the buffers from the write position up to target
// (whole pages; the last one partly filled), syncing each segment it
// finishes, and the last one too when sync. Caller holds writeLock, and
// every record below target has been copied.
func (w *WAL) writeLocked(target LSN, sync bool) error {
	c := w.c
	written := LSN(c.written.Load())
	doSync := w.cfg.Fsync
	if target <= written {
		if sync && doSync && LSN(c.flushed.Load()) < written {
			// Written earlier without a sync, all in one segment (a
			// segment is synced when it is finished).
			seg := (uint64(written) - 1) / w.g.segSize
			if err := w.syncSegment(seg); err != nil {
				return err
			}
		}
		if sync {
			c.flushed.Store(uint64(written))
		}
		return nil
	}
	endPage := (uint64(target) + PageSize - 1) / PageSize
	for p := uint64(written) / PageSize; p < endPage; {
		seg := p * PageSize / w.g.segSize
		segEnd := (seg + 1) * w.g.segSize / PageSize
		run := min(endPage, segEnd, p-p%w.n+w.n)
		f, err := w.openSegment(seg)
		if err != nil {
			return err
		}
		chunk := w.pages[(p%w.n)*PageSize : (p%w.n+run-p)*PageSize]
		off := int64(p * PageSize % w.g.segSize)
		finishing := run == segEnd
		last := run == endPage || finishing
		t0 := time.Now()
		if last && doSync && (sync || finishing) {
			err = f.WriteSync(chunk, off, w.datasync)
			c.stats.syncs.Add(1)
			c.stats.syncNanos.Add(uint64(time.Since(t0)))
		} else {
			err = f.WriteAt(chunk, off)
			c.stats.writeNanos.Add(uint64(time.Since(t0)))
		}
		c.stats.writes.Add(1)
		if err != nil {
			return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError,
				Message: fmt.Sprintf("could not write to log file %s at offset %d, length %d: %v",
					SegmentName(seg, int(w.g.segSize)), off, len(chunk), err)}
		}
		p = run
		if finishing {
			end := p * PageSize
			if LSN(end) > target {
				end = uint64(target)
			}
			c.written.Store(end)
			c.flushed.Store(end) // synced above, or fsync is off
		}
	}
	c.written.Store(uint64(target))
	if sync || !doSync {
		c.flushed.Store(uint64(target))
	}
	return nil
}

// openSegment returns segment seg's file, open for writing, creating it
// (zero-filled) if it does not exist yet.
func (w *WAL) openSegment(seg uint64) (File, error) {
	if w.seg != nil && w.segNo == seg {
		return w.seg, nil
	}
	if w.seg != nil {
		w.seg.Close()
		w.seg = nil
	}
	path := filepath.Join(w.cfg.Dir, SegmentName(seg, int(w.g.segSize)))
	f, err := w.fs.OpenFile(path, false)
	if err != nil && isNotExist(err) {
		if err = createSegment(w.fs, w.cfg.Dir, seg, int(w.g.segSize)); err == nil {
			f, err = w.fs.OpenFile(path, false)
		}
	}
	if err != nil {
		return nil, &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError,
			Message: fmt.Sprintf("could not open file \"%s\": %v", path, err)}
	}
	w.seg, w.segNo = f, seg
	return f, nil
}

func (w *WAL) syncSegment(seg uint64) error {
	f, err := w.openSegment(seg)
	if err != nil {
		return err
	}
	t0 := time.Now()
	err = f.Sync(w.datasync)
	w.c.stats.syncs.Add(1)
	w.c.stats.syncNanos.Add(uint64(time.Since(t0)))
	if err != nil {
		return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError,
			Message: fmt.Sprintf("could not fdatasync file \"%s\": %v", SegmentName(seg, int(w.g.segSize)), err)}
	}
	return nil
}
