package catalog

import (
	"slices"
	"sync/atomic"
	"testing"
	"unsafe"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/shm"
)

// A small stand-in for the transaction layer, kept in the shared segment
// so that several processes agree on it: an xid counter and each xid's
// status. Xids 1 (bootstrap) and 2 (frozen) are committed; real ones
// start at firstXid.

const (
	txnArenaName = "catalog-test-txn"
	maxXids      = 4096
	firstXid     = 100
)

const (
	stInProgress uint32 = iota
	stCommitted
	stAborted
)

type txnArena struct {
	next   atomic.Uint64
	status [maxXids]atomic.Uint32 // by xid
}

type fakeTM struct{ a *txnArena }

func tmOf(seg *shm.Segment) *fakeTM {
	a := (*txnArena)(unsafe.Pointer(unsafe.SliceData(seg.Region(txnArenaName))))
	a.next.CompareAndSwap(0, firstXid)
	return &fakeTM{a}
}

func (m *fakeTM) status(xid uint64) uint32 {
	switch {
	case xid == BootstrapXid || xid == FrozenXid:
		return stCommitted
	case xid < firstXid || xid >= maxXids:
		return stAborted
	}
	return m.a.status[xid].Load()
}

type ftx struct {
	m   *fakeTM
	xid uint64
	cid uint32
}

func (m *fakeTM) begin() *ftx {
	x := m.a.next.Add(1) - 1
	return &ftx{m: m, xid: x}
}

func (t *ftx) Xid() uint64 { return t.xid }
func (t *ftx) Cid() uint32 { return t.cid }
func (t *ftx) next()       { t.cid++ }
func (t *ftx) commit()     { t.m.a.status[t.xid].Store(stCommitted) }
func (t *ftx) abort()      { t.m.a.status[t.xid].Store(stAborted) }

func xmaxNone(h *tuple.Header) bool {
	return h.Xmax == 0 || h.Infomask&tuple.XmaxInvalid != 0 || h.XmaxIsLockOnly()
}

// SatisfiesUpdate is a reduced HeapTupleSatisfiesUpdate: enough for
// catalog rows, which DDL changes once per command.
func (t *ftx) SatisfiesUpdate(h *tuple.Header) heap.TMResult {
	if h.Xmin != t.xid && t.m.status(h.Xmin) != stCommitted {
		return heap.TMInvisible
	}
	if h.Xmin == t.xid && h.Cid >= t.cid && xmaxNone(h) {
		return heap.TMInvisible
	}
	if xmaxNone(h) {
		return heap.TMOk
	}
	if h.Xmax == t.xid {
		return heap.TMSelfModified
	}
	switch t.m.status(h.Xmax) {
	case stInProgress:
		return heap.TMBeingModified
	case stAborted:
		return heap.TMOk
	}
	return heap.TMUpdated
}

// snap is an MVCC snapshot of the fake layer.
type snap struct {
	m       *fakeTM
	own     uint64
	cid     uint32
	xmax    uint64
	running []uint64
}

// snapshot sees what committed before now, and own's commands before its
// current one.
func (m *fakeTM) snapshot(own *ftx) *snap {
	s := &snap{m: m, xmax: m.a.next.Load()}
	if own != nil {
		s.own, s.cid = own.xid, own.cid
	}
	for x := uint64(firstXid); x < s.xmax; x++ {
		if x != s.own && m.a.status[x].Load() == stInProgress {
			s.running = append(s.running, x)
		}
	}
	return s
}

func (s *snap) committedBefore(xid uint64) bool {
	if xid >= s.xmax && xid >= firstXid {
		return false
	}
	if _, found := slices.BinarySearch(s.running, xid); found {
		return false
	}
	return s.m.status(xid) == stCommitted
}

func (s *snap) Visible(h *tuple.Header) bool {
	if h.Xmin == s.own && s.own != 0 {
		if h.Cid >= s.cid && xmaxNone(h) {
			return false
		}
	} else if !s.committedBefore(h.Xmin) {
		return false
	}
	if xmaxNone(h) {
		return true
	}
	if h.Xmax == s.own && s.own != 0 {
		return h.Cid >= s.cid
	}
	return !s.committedBefore(h.Xmax)
}

// env is a bootstrapped data directory with one backend's catalog open.
type env struct {
	t     testing.TB
	dir   string
	seg   *shm.Segment
	pool  *bufmgr.Pool
	files *smgr.Manager
	tm    *fakeTM
	cat   *Catalog
}

const testBuffers = 128

func testSegment(t testing.TB, procs int) *shm.Segment { return testSegmentWith(t, procs) }

func testSegmentWith(t testing.TB, procs int, extra ...shm.RegionSpec) *shm.Segment {
	seg, err := shm.Create(shm.Config{MaxProcs: procs, HugePages: shm.HugeOff, Regions: append([]shm.RegionSpec{
		{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(testBuffers)},
		{Name: RegionName, Size: RegionSize},
		{Name: txnArenaName, Size: unsafe.Sizeof(txnArena{})},
	}, extra...)})
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

func newEnv(t testing.TB) *env {
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	seg := testSegment(t, 4)
	e := attachEnv(t, seg, 0, dir, PostgresDB)
	t.Cleanup(func() { seg.Close() })
	return e
}

// attachEnv opens a backend (proc slot me) on an existing segment.
func attachEnv(t testing.TB, seg *shm.Segment, me uint32, dir string, db uint32) *env {
	pool, files, err := storage.Open(seg, testBuffers, me, dir, smgr.MethodSync)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Open(pool, seg, dir, db)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, dir: dir, seg: seg, pool: pool, files: files, tm: tmOf(seg), cat: cat}
	t.Cleanup(func() {
		cat.Close()
		files.Close()
	})
	return e
}

// read returns a snapshot of everything committed.
func (e *env) read() *snap { return e.tm.snapshot(nil) }

// inTxn runs f in a transaction that commits when f succeeds and aborts
// otherwise, with the catalog's commit and abort steps.
func (e *env) inTxn(f func(tx *ftx) error) error {
	tx := e.tm.begin()
	e.cat.BeginStatement()
	err := f(tx)
	if err != nil {
		tx.abort()
		if aerr := e.cat.AtAbort(); aerr != nil {
			e.t.Fatal(aerr)
		}
		return err
	}
	tx.commit()
	if cerr := e.cat.AtCommit(); cerr != nil {
		e.t.Fatal(cerr)
	}
	return nil
}

// ddl runs one DDL command of tx: a snapshot for it, NoteOwnDDL and the
// command counter afterwards.
func (e *env) ddl(tx *ftx, f func(s *snap) error) error {
	s := e.tm.snapshot(tx)
	err := f(s)
	e.cat.NoteOwnDDL()
	tx.next()
	return err
}

// second opens another backend's catalog over the same pool (a second
// Catalog in this process stands for it).
func (e *env) second() *Catalog {
	c, err := Open(e.pool, e.seg, e.dir, e.cat.db)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(c.Close)
	return c
}
