package wal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"ringpg/pgerr"
	"ringpg/sem"
)

// Config holds the settings the WAL honours. Every process attaching to
// one region must pass the same Buffers and SegmentSize.
type Config struct {
	Dir            string        // the pg_wal directory
	Buffers        int           // wal_buffers, in PageSize pages
	SegmentSize    int           // wal_segment_size in bytes; 0 means 16 MB
	Fsync          bool          // fsync: false skips every sync (and loses crash safety)
	SyncMethod     string        // wal_sync_method; "" means fdatasync
	FullPageWrites bool          // full_page_writes
	CommitDelay    time.Duration // commit_delay
	CommitSiblings int           // commit_siblings
	FS             FS            // nil means &OSFS{} with plain system calls
	SystemID       uint64        // the control file's system identifier, written in segment headers
}

// DefaultConfig returns PostgreSQL's defaults for a WAL in dir.
func DefaultConfig(dir string) Config {
	return Config{Dir: dir, Buffers: 512, SegmentSize: DefaultSegmentSize, Fsync: true,
		SyncMethod: "fdatasync", FullPageWrites: true, CommitSiblings: 5}
}

// syncMethods maps wal_sync_method to whether a data-only sync suffices.
// The open_* methods are done as a sync after the write.
var syncMethods = map[string]bool{
	"": true, "fdatasync": true, "open_datasync": true,
	"fsync": false, "open_sync": false, "fsync_writethrough": false,
}

// WAL is one process's handle on the shared WAL. It is not safe for
// concurrent use: each process (or, in tests, each goroutine) attaches
// its own.
type WAL struct {
	cfg      Config
	g        geometry
	c        *control
	xlblocks []atomic.Uint64
	pages    []byte
	n        uint64 // buffer pages
	waiters  *sem.WaiterTable
	me       uint32
	fs       FS
	datasync bool
	slotHint int

	pending struct{ records, bytes, fpi uint64 } // counters not yet added to the shared ones

	// The segment this process last wrote, kept open.
	segNo uint64
	seg   File
}

// Attach returns this process's view of the WAL laid out in region (the
// segment's RegionName region of RegionSize(cfg.Buffers) bytes, zeroed
// by its creator or in use by others). waiters is the segment's wait
// table and me this process's proc number: lock waits sleep there.
func Attach(region []byte, cfg Config, waiters *sem.WaiterTable, me uint32) (*WAL, error) {
	if cfg.SegmentSize == 0 {
		cfg.SegmentSize = DefaultSegmentSize
	}
	datasync, ok := syncMethods[cfg.SyncMethod]
	l := computeLayout(cfg.Buffers)
	switch {
	case !ok:
		return nil, fmt.Errorf("invalid value for parameter \"wal_sync_method\": \"%s\"", cfg.SyncMethod)
	case cfg.Buffers < 4 || cfg.Buffers > MaxBuffers:
		return nil, fmt.Errorf("wal: %d WAL buffers (4..%d)", cfg.Buffers, MaxBuffers)
	case cfg.SegmentSize < minSegmentSize || cfg.SegmentSize > maxSegmentSize || cfg.SegmentSize&(cfg.SegmentSize-1) != 0:
		return nil, fmt.Errorf("WAL segment size must be a power of two between 1 MB and 1 GB")
	case uintptr(len(region)) < l.size:
		return nil, fmt.Errorf("wal: region of %d bytes, %d buffers need %d", len(region), cfg.Buffers, l.size)
	case uintptr(unsafe.Pointer(unsafe.SliceData(region)))%64 != 0:
		return nil, errors.New("wal: region is not 64-byte aligned")
	case waiters == nil || int(me) >= waiters.Len():
		return nil, fmt.Errorf("wal: proc number %d outside the wait table", me)
	}
	if cfg.FS == nil {
		cfg.FS = &OSFS{}
	}
	base := unsafe.Pointer(unsafe.SliceData(region))
	w := &WAL{
		cfg:      cfg,
		g:        newGeometry(cfg.SegmentSize),
		c:        (*control)(base),
		xlblocks: unsafe.Slice((*atomic.Uint64)(unsafe.Add(base, l.xlblocks)), cfg.Buffers),
		pages:    region[l.pages:l.size:l.size],
		n:        uint64(cfg.Buffers),
		waiters:  waiters,
		me:       me,
		fs:       cfg.FS,
		datasync: datasync,
		slotHint: int(me) % NumInsertSlots,
	}
	if w.c.started.Load() != 0 && (w.c.nbuffers != uint32(cfg.Buffers) || w.c.segSize != uint32(cfg.SegmentSize)) {
		return nil, fmt.Errorf("wal: region started with %d buffers and %d-byte segments", w.c.nbuffers, w.c.segSize)
	}
	return w, nil
}

// FirstLSN is where the WAL of a new cluster begins: the start of segment
// 1, as in PostgreSQL.
func FirstLSN(segSize int) LSN { return LSN(segSize) }

// Start opens the WAL for insertion, once per region (server life), after
// recovery: end is where the next record goes (the reader's EndLSN, or
// FirstLSN for a new cluster) and prev the LSN of the last valid record
// (0 for none). The page holding end is read back from its segment so
// that later writes of it keep the records before end.
//
// What lies past end was written by an earlier life and never became
// valid WAL; some of it may still look valid (a page with the right
// address, a record whose prev-link happens to match a new record's
// LSN). So Start clears it before anything new is logged: the rest of
// end's segment is zeroed and synced, and every later segment file is
// removed (they are made again, zero-filled, when reached).
func (w *WAL) Start(end, prev LSN) error {
	c := w.c
	if c.started.Load() != 0 {
		return errors.New("wal: already started")
	}
	if end < LSN(w.g.segSize) || uint64(end)%8 != 0 {
		return fmt.Errorf("wal: invalid start position %s", end)
	}
	if off := uint64(end) % PageSize; off != 0 && off < w.g.headerSizeAt(LSN(uint64(end)-off)) {
		return fmt.Errorf("wal: start position %s is inside a page header", end)
	}
	if err := os.MkdirAll(w.cfg.Dir, 0o700); err != nil {
		return err
	}
	c.nbuffers = uint32(w.n)
	c.sysid = w.cfg.SystemID
	c.segSize = uint32(w.g.segSize)
	c.insertLock.Lock()
	c.curPos = w.g.toPos(end)
	c.prevLSN = uint64(prev)
	c.insertLock.Unlock()
	page := uint64(end) / PageSize
	c.initNext = page
	if uint64(end)%PageSize != 0 {
		// The page is partly filled: reload it, zero what follows end.
		buf := w.bufPage(page)
		if err := readPage(w.cfg.Dir, w.cfg.SegmentSize, page, buf); err != nil {
			return err
		}
		clear(buf[uint64(end)%PageSize:])
		w.xlblocks[page%w.n].Store(page + 1)
		c.initNext = page + 1
	}
	if err := w.clearAfter(end); err != nil {
		return err
	}
	c.written.Store(uint64(end))
	c.flushed.Store(uint64(end))
	c.started.Store(1)
	return nil
}

// clearAfter zeroes the segment holding end from the page after end's on,
// and removes every later segment.
func (w *WAL) clearAfter(end LSN) error {
	segSize := int(w.g.segSize)
	seg := uint64(end) / w.g.segSize
	from := (uint64(end) + PageSize - 1) / PageSize * PageSize % w.g.segSize
	if from != 0 {
		path := filepath.Join(w.cfg.Dir, SegmentName(seg, segSize))
		f, err := w.fs.OpenFile(path, false)
		switch {
		case err == nil:
			for off := int(from); off < segSize && err == nil; off += len(zeros) {
				err = f.WriteAt(zeros[:min(len(zeros), segSize-off)], int64(off))
			}
			if err == nil {
				err = f.Sync(false)
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("could not clear file \"%s\" past %s: %w", path, end, err)
			}
		case !isNotExist(err):
			return fmt.Errorf("could not open file \"%s\": %w", path, err)
		}
	}
	segs, err := segmentsIn(w.cfg.Dir, segSize)
	if err != nil {
		return err
	}
	removed := false
	if ents, err := os.ReadDir(w.cfg.Dir); err == nil {
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), tempPrefix) {
				w.fs.Remove(filepath.Join(w.cfg.Dir, e.Name()))
				removed = true
			}
		}
	}
	for _, s := range segs {
		if s > seg || (s == seg && uint64(end)%w.g.segSize == 0) {
			path := filepath.Join(w.cfg.Dir, SegmentName(s, segSize))
			if err := w.fs.Remove(path); err != nil && !isNotExist(err) {
				return fmt.Errorf("could not remove file \"%s\": %w", path, err)
			}
			removed = true
		}
	}
	if removed {
		return w.fs.SyncDir(w.cfg.Dir)
	}
	return nil
}

// readPage reads WAL page number page from its segment file.
func readPage(dir string, segSize int, page uint64, buf []byte) error {
	seg := page * PageSize / uint64(segSize)
	path := filepath.Join(dir, SegmentName(seg, segSize))
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("could not open file \"%s\": %w", path, err)
	}
	defer f.Close()
	if _, err := f.ReadAt(buf[:PageSize], int64(page*PageSize%uint64(segSize))); err != nil {
		if err == io.EOF {
			return fmt.Errorf("could not read file \"%s\": read only part of a page", path)
		}
		return fmt.Errorf("could not read file \"%s\": %w", path, err)
	}
	return nil
}

func (w *WAL) bufPage(page uint64) []byte {
	i := page % w.n
	return w.pages[i*PageSize : (i+1)*PageSize : (i+1)*PageSize]
}

// usable returns the error that stops all WAL work, or nil.
func (w *WAL) usable() error {
	if w.c.broken.Load() != 0 {
		return &pgerr.Error{Severity: pgerr.SeverityPanic, Code: pgerr.IOError,
			Message: "WAL is unusable after a failed write or sync"}
	}
	if w.c.started.Load() == 0 {
		return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "WAL is not started")
	}
	return nil
}

// Close closes the process's open segment file.
func (w *WAL) Close() error {
	w.publishStats()
	if w.seg != nil {
		err := w.seg.Close()
		w.seg = nil
		return err
	}
	return nil
}

// InsertPos returns the end of the WAL reserved so far: where the next
// record will start (pg_current_wal_insert_lsn).
func (w *WAL) InsertPos() LSN {
	w.c.insertLock.Lock()
	pos := w.c.curPos
	w.c.insertLock.Unlock()
	return w.g.toLSN(pos)
}

// CurrentLSN returns the write position (pg_current_wal_lsn): all WAL
// before it has been handed to the kernel.
func (w *WAL) CurrentLSN() LSN { return LSN(w.c.written.Load()) }

// FlushedUpTo returns the flush position (pg_current_wal_flush_lsn): all
// WAL before it is durable.
func (w *WAL) FlushedUpTo() LSN { return LSN(w.c.flushed.Load()) }

// RedoPtr returns the redo point full-page images are decided against.
func (w *WAL) RedoPtr() LSN { return LSN(w.c.redo.Load()) }

// SetRedo makes lsn the redo point of a checkpoint and returns it: every
// page changed after this whose LSN is not past it gets a full-page image
// in its next record. It takes every insertion slot, so that no record
// being inserted decided its images against the old point (PostgreSQL's
// WALInsertLockAcquireExclusive). lsn 0 means the current insert
// position, which is what a checkpoint uses.
func (w *WAL) SetRedo(lsn LSN) LSN {
	for i := range w.c.slots {
		s := &w.c.slots[i]
		s.lock.Acquire(w.waiters, w.me, sem.Exclusive)
		// We copy nothing: flushers need not wait for these slots, and
		// must not, as an inserter we wait for may be waiting for them.
		w.advertise(s, maxLSN)
	}
	if lsn == 0 {
		lsn = w.g.toLSN(w.peekPos())
	}
	w.c.redo.Store(uint64(lsn))
	for i := range w.c.slots {
		w.releaseSlot(&w.c.slots[i])
	}
	return lsn
}

const maxLSN = ^LSN(0)

func (w *WAL) peekPos() uint64 {
	w.c.insertLock.Lock()
	p := w.c.curPos
	w.c.insertLock.Unlock()
	return p
}
