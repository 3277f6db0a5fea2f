package transam

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
	"unsafe"

	"ringpg/sem"
	"ringpg/shm"
)

// Manager is one process's handle on the transaction manager: its proc
// slot, its open commit log files and a cache of final statuses. It is
// used by one goroutine at a time and runs one transaction at a time.
type Manager struct {
	hdr   *regionHeader
	xids  []atomic.Uint64 // see doc.go: the running-transaction array
	xmins []atomic.Uint64
	nsub  []atomic.Uint32
	procs []procEntry

	clog     slru
	subtrans slru

	waiters *sem.WaiterTable
	slot    int
	dataDir string

	cache statusCache
	cur   *Xact // the open transaction, nil if none

	runBuf []uint64 // scratch for snapshots

	// The last snapshot computed from the running array, and the
	// completion count read before computing it (snapshot.go).
	last      Snapshot
	lastCount uint64
	lastValid bool
	err       error // a commit log error a visibility check could not return (Err)

	logCommit   CommitLogger           // nil: commits are not logged (wal.go)
	flushCommit func(lsn uint64) error // makes a commit record durable
	walFlushed  func() uint64          // how far the WAL is durable
}

// Attach connects this process, which owns proc slot slot, to the
// segment's transaction manager region, loading the region from the files
// of dataDir if no process has yet. The slot's entry is reset: a slot is
// attached by one process at a time, and a previous owner either ended
// its transactions or crashed (and then the segment is new).
func Attach(seg *shm.Segment, dataDir string, slot int) (*Manager, error) {
	region := seg.Region(RegionName)
	if region == nil {
		return nil, internalError("the shared segment has no \"%s\" region", RegionName)
	}
	return AttachRegion(region, seg.MaxProcs(), seg.Waiters(), dataDir, slot)
}

// AttachRegion is Attach given the region, its proc slot count and the
// segment's wait table directly (for tests and tools).
func AttachRegion(region []byte, maxProcs int, waiters *sem.WaiterTable, dataDir string, slot int) (*Manager, error) {
	l := layoutFor(maxProcs)
	if uintptr(len(region)) < l.size {
		return nil, internalError("region \"%s\" has %d bytes, %d needed for %d procs", RegionName, len(region), l.size, maxProcs)
	}
	if slot < 0 || slot >= maxProcs {
		return nil, internalError("proc slot %d out of range [0, %d)", slot, maxProcs)
	}
	if uintptr(unsafe.Pointer(&region[0]))%64 != 0 {
		return nil, internalError("region \"%s\" is not aligned", RegionName)
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, internalError("data directory %q: %v", dataDir, err)
	}
	m := &Manager{
		hdr:     (*regionHeader)(unsafe.Pointer(&region[0])),
		xids:    sliceAt[atomic.Uint64](region, l.xids, maxProcs),
		xmins:   sliceAt[atomic.Uint64](region, l.xmins, maxProcs),
		nsub:    sliceAt[atomic.Uint32](region, l.nsub, maxProcs),
		procs:   sliceAt[procEntry](region, l.procs, maxProcs),
		waiters: waiters,
		slot:    slot,
		dataDir: abs,
	}
	m.clog = slru{
		dir: filepath.Join(abs, clogDir), durable: true,
		lock: &m.hdr.clogLock, clock: &m.hdr.clogClock,
		bufs:  sliceAt[slruBuf](region, l.clogBufs, clogBuffers),
		pages: region[l.clogPages : l.clogPages+clogBuffers*PageSize],
		w:     waiters, me: uint32(slot), files: map[uint64]*os.File{},
	}
	m.subtrans = slru{
		dir:  filepath.Join(abs, subtransDir),
		lock: &m.hdr.subLock, clock: &m.hdr.subClock,
		bufs:  sliceAt[slruBuf](region, l.subBufs, subtransBuffers),
		pages: region[l.subPages : l.subPages+subtransBuffers*PageSize],
		w:     waiters, me: uint32(slot), files: map[uint64]*os.File{},
	}
	if err := m.ensureLoaded(); err != nil {
		return nil, err
	}
	m.xids[slot].Store(0)
	m.nsub[slot].Store(0)
	m.xmins[slot].Store(0)
	return m, nil
}

// ensureLoaded loads the region from the files if nobody has, or waits
// for the process that is doing it.
func (m *Manager) ensureLoaded() error {
	st := &m.hdr.state
	for {
		switch st.Load() {
		case stateReady:
			return nil
		case stateEmpty:
			if !st.CompareAndSwap(stateEmpty, stateLoading) {
				continue
			}
			err := m.load()
			if err != nil {
				st.Store(stateEmpty)
			} else {
				st.Store(stateReady)
			}
			if _, werr := sem.FutexWake((*uint32)(unsafe.Pointer(st)), 1<<30); werr != nil && err == nil {
				err = werr
			}
			return err
		default:
			if err := sem.FutexWait((*uint32)(unsafe.Pointer(st)), stateLoading, 100*time.Millisecond); err != nil && !errors.Is(err, sem.ErrTimeout) {
				return internalError("waiting for the transaction manager to load: %v", err)
			}
		}
	}
}

// load sets up a zeroed region from the data directory. Caller won the
// state CAS: nobody else touches the region until it is ready.
func (m *Manager) load() error {
	m.hdr.genLock.Init(sem.TrancheXidGen)
	m.hdr.endLock.Init(sem.TrancheXactEnd)
	m.hdr.clogLock.Init(sem.TrancheCommitLog)
	m.hdr.subLock.Init(sem.TrancheSubtrans)
	limit, err := readLimit(m.dataDir)
	if err != nil {
		return err
	}
	// Everything below limit may have been handed out before: start there,
	// and reserve a new chunk before anything is handed out.
	next := limit
	newLimit := next + XidChunk
	if err := writeLimit(m.dataDir, newLimit); err != nil {
		return err
	}
	if err := resetDir(m.subtrans.dir); err != nil {
		return err
	}
	if err := os.MkdirAll(m.clog.dir, 0o700); err != nil {
		return ioError("could not create directory \"%s\": %v", m.clog.dir, err)
	}
	m.hdr.nextXid.Store(next)
	m.hdr.floor.Store(next)
	m.hdr.limit.Store(newLimit)
	return nil
}

// resetDir empties (or creates) a directory of files nobody needs after a
// restart.
func resetDir(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return ioError("could not remove directory \"%s\": %v", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ioError("could not create directory \"%s\": %v", dir, err)
	}
	return nil
}

// Slot returns the proc slot this Manager works for.
func (m *Manager) Slot() int { return m.slot }

// NextXid returns the next xid to be handed out (a snapshot's xmax if one
// were taken now).
func (m *Manager) NextXid() uint64 { return m.hdr.nextXid.Load() }

// Flush writes every dirty commit log page and fsyncs it. Called at
// checkpoint and shutdown.
func (m *Manager) Flush() error {
	if err := m.clog.flush(); err != nil {
		return fmt.Errorf("flushing the commit log: %w", err)
	}
	return nil
}

// Close aborts the open transaction, if any, and closes this process's
// files. The region stays as it is for the other processes.
func (m *Manager) Close() error {
	if m.cur != nil {
		m.cur.Abort()
	}
	err := m.clog.close()
	if err2 := m.subtrans.close(); err == nil {
		err = err2
	}
	return err
}

// extendLimit reserves xids past x: under the generation lock, unless
// someone did meanwhile, write limit x+XidChunk (rounded) to the limit file
// and only then publish it.
func (m *Manager) extendLimit(x uint64) error {
	m.hdr.genLock.Acquire(m.waiters, uint32(m.slot), sem.Exclusive)
	defer m.hdr.genLock.Release(m.waiters)
	if m.hdr.limit.Load() > x {
		return nil
	}
	newLimit := (x/XidChunk + 2) * XidChunk
	if err := writeLimit(m.dataDir, newLimit); err != nil {
		return err
	}
	m.hdr.limit.Store(newLimit)
	return nil
}

// tryExtendLimit moves the reserved limit from lim to lim+XidChunk unless
// another process holds the generation lock (it is extending it) or has
// moved it already.
func (m *Manager) tryExtendLimit(lim uint64) error {
	if !m.hdr.genLock.ConditionalAcquire(sem.Exclusive) {
		return nil
	}
	defer m.hdr.genLock.Release(m.waiters)
	if m.hdr.limit.Load() != lim {
		return nil
	}
	if err := writeLimit(m.dataDir, lim+XidChunk); err != nil {
		return err
	}
	m.hdr.limit.Store(lim + XidChunk)
	return nil
}
