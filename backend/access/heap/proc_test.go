package heap_test

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/backend/storage/smgr"
	"ringpg/sem"
	"ringpg/shm"
)

// Multi-process stress: the test binary re-executes itself as several
// children (TestMain dispatches on envRole). They map the parent's
// segment from descriptor 3, attach to the same buffer pool with smgr as
// its storage over one data directory, and run runWorker at once against
// one heap and its toast relation: inserts, HOT and cold updates,
// deletes, aborts, toasted values, and scans that prune on the way. The
// transaction status lives in the segment. Afterwards the parent checks
// that the pool is idle, that a scan finds every surviving row exactly
// once with the value and TID its worker recorded, and that every page of
// every fork, as written to disk, passes its checksum, page.Check and the
// heap invariants.

const (
	envRole    = "HEAP_TEST_ROLE"
	envID      = "HEAP_TEST_ID"
	envDir     = "HEAP_TEST_DIR"
	envRows    = "HEAP_TEST_ROWS"
	arenaName  = "heap-test"
	maxKids    = 8
	maxRows    = 1000
	maxXids    = 1 << 14
	firstXid   = 100
	procBuffer = 64
)

// rowRec is a row as its worker left it, written by the worker before it
// exits and read by the parent after.
type rowRec struct {
	hash    uint64 // fnv-64a of "n:s"
	blk     uint32
	off     uint16
	present uint16
}

// procArena is the tests' shared state beside the pool. No pointers.
type procArena struct {
	gate     atomic.Uint32
	arrived  atomic.Uint32
	failures atomic.Uint32
	nextXid  atomic.Uint64
	status   [maxXids]atomic.Uint32 // by xid - firstXid: 0 in progress, 1 committed, 2 aborted
	rows     [maxKids + 1][maxRows]rowRec
}

func arenaOf(seg *shm.Segment) *procArena {
	r := seg.Region(arenaName)
	if uintptr(len(r)) < unsafe.Sizeof(procArena{}) {
		panic("no test arena in the segment")
	}
	return (*procArena)(unsafe.Pointer(unsafe.SliceData(r)))
}

// The arena as an Oracle and a TxnSource.

func (a *procArena) Status(xid uint64) heaptest.Status {
	i := xid - firstXid
	if xid < firstXid || i >= maxXids || xid >= a.nextXid.Load()+firstXid {
		return heaptest.InProgress
	}
	return heaptest.Status(a.status[i].Load())
}

func (a *procArena) Begin() heaptest.Txn {
	xid := a.nextXid.Add(1) - 1 + firstXid
	if xid-firstXid >= maxXids {
		panic("test ran out of xids")
	}
	return &procTx{Tx: heaptest.Tx{O: a, XID: xid}, a: a}
}

type procTx struct {
	heaptest.Tx
	a *procArena
}

func (t *procTx) Next()   { t.CID++ }
func (t *procTx) Commit() { t.a.status[t.XID-firstXid].Store(uint32(heaptest.Committed)) }
func (t *procTx) Abort()  { t.a.status[t.XID-firstXid].Store(uint32(heaptest.Aborted)) }

// Snapshot sees everything committed now (a READ COMMITTED statement
// snapshot with no transaction older than now still open).
func (t *procTx) Snapshot() *heaptest.Snapshot {
	return &heaptest.Snapshot{O: t.a, Own: t.XID, Cid: t.CID, Xmin: ^uint64(0), Xmax: ^uint64(0)}
}

// procHorizon calls every committed deletion dead. That is safe here:
// workers read only their own rows, with snapshots taken after their own
// commits, and modify only their rows' latest versions, which are live.
func procHorizon(a *procArena) func() *heaptest.Horizon {
	return func() *heaptest.Horizon { return &heaptest.Horizon{O: a, OldestXmin: ^uint64(0)} }
}

// smgrStorage serves the pool from relation files.
type smgrStorage struct{ m *smgr.Manager }

func loc(rel uint32, spc, db uint32) smgr.RelFileLocator {
	return smgr.RelFileLocator{Spc: spc, DB: db, Rel: rel}
}

func (s smgrStorage) Read(t bufmgr.Tag, buf []byte) error {
	return s.m.Read(loc(t.Rel, t.Spc, t.DB), smgr.Fork(t.Fork), t.Block, buf)
}
func (s smgrStorage) Write(t bufmgr.Tag, buf []byte) error {
	return s.m.Write(loc(t.Rel, t.Spc, t.DB), smgr.Fork(t.Fork), t.Block, buf)
}
func (s smgrStorage) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	return s.m.Extend(loc(rf.Rel, rf.Spc, rf.DB), smgr.Fork(rf.Fork), blk, buf)
}

// Nblocks reports a fork with no file yet as empty, as PostgreSQL's
// callers do after smgrexists: the free space map's fork is created by
// its first extension (smgr.Extend creates a missing first segment).
func (s smgrStorage) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	n, err := s.m.Nblocks(loc(rf.Rel, rf.Spc, rf.DB), smgr.Fork(rf.Fork))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	return n, err
}

var procHooks = bufmgr.Hooks{
	Verify:      func(tg bufmgr.Tag, p []byte) error { return page.Page(p).Verify(tg.Block) },
	BeforeWrite: func(tg bufmgr.Tag, p []byte) { page.Page(p).SetChecksum(tg.Block) },
}

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

func valueHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// runChild is a worker process; its exit status is its verdict.
func runChild() int {
	id, _ := strconv.Atoi(os.Getenv(envID))
	rows, _ := strconv.Atoi(os.Getenv(envRows))
	if id < 1 || id > maxKids || rows > maxRows {
		fmt.Fprintln(os.Stderr, "bad child environment")
		return 2
	}
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	a := arenaOf(seg)
	m := smgr.New(os.Getenv(envDir), smgr.NewSyncIO())
	pool, err := bufmgr.Attach(seg.Region(bufmgr.RegionName), procBuffer, seg.Waiters(), uint32(id), smgrStorage{m}, procHooks)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	h, err := openHeaps(pool)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	a.arrived.Add(1)
	sem.FutexWake((*uint32)(unsafe.Pointer(&a.arrived)), 1)
	for a.gate.Load() == 0 {
		sem.FutexWait((*uint32)(unsafe.Pointer(&a.gate)), 0, 0)
	}
	mod, err := runWorker(h, a, id, rows, 7, procHorizon(a))
	if err != nil {
		a.failures.Add(1)
		fmt.Fprintf(os.Stderr, "worker %d: %v\n", id, err)
		return 1
	}
	for rid, tid := range mod.tid {
		i := rid - int64(id)*1_000_000
		a.rows[id][i] = rowRec{hash: valueHash(mod.value[rid]), blk: tid.Block, off: tid.Offset, present: 1}
	}
	if n := pool.ReleaseAll(); n != 0 {
		fmt.Fprintf(os.Stderr, "worker %d left %d pins\n", id, n)
		return 1
	}
	return 0
}

func TestMultiProcess(t *testing.T) {
	kids, rows := 4, 1000
	if raceEnabled || testing.Short() {
		kids, rows = 3, 120
	}
	dir := t.TempDir()
	seg, err := shm.Create(shm.Config{
		MaxProcs:  kids + 1,
		HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{
			{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(procBuffer)},
			{Name: arenaName, Size: unsafe.Sizeof(procArena{})},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	a := arenaOf(seg)
	m := smgr.New(dir, smgr.NewSyncIO())
	defer m.Close()
	for _, rf := range []bufmgr.RelFork{mainRel, toastRel} {
		if err := m.Create(loc(rf.Rel, rf.Spc, rf.DB), smgr.Main); err != nil {
			t.Fatal(err)
		}
	}
	pool, err := bufmgr.Attach(seg.Region(bufmgr.RegionName), procBuffer, seg.Waiters(), 0, smgrStorage{m}, procHooks)
	if err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Dup(seg.Fd())
	if err != nil {
		t.Fatal(err)
	}
	memfd := os.NewFile(uintptr(fd), "segment")
	defer memfd.Close()

	type child struct {
		cmd *exec.Cmd
		out bytes.Buffer
	}
	children := make([]*child, kids)
	for i := range children {
		c := &child{cmd: exec.Command(os.Args[0], "-test.run=^$")}
		c.cmd.Env = append(os.Environ(), envRole+"=worker", envID+"="+strconv.Itoa(i+1), envDir+"="+dir, envRows+"="+strconv.Itoa(rows))
		c.cmd.ExtraFiles = []*os.File{memfd}
		c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
		c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children[i] = c
	}
	// A watchdog, not a wait: only a hang reaches it.
	watchdog := time.AfterFunc(3*time.Minute, func() {
		for _, c := range children {
			c.cmd.Process.Kill()
		}
	})
	defer watchdog.Stop()
	for n := a.arrived.Load(); n != uint32(kids); n = a.arrived.Load() {
		// Children wake us as they arrive; the timeout only bounds the
		// wait if one dies before it gets there (the watchdog kills it).
		sem.FutexWait((*uint32)(unsafe.Pointer(&a.arrived)), n, time.Second)
		if a.failures.Load() != 0 {
			t.Fatal("a child failed before the gate")
		}
	}
	a.gate.Store(1)
	sem.FutexWake((*uint32)(unsafe.Pointer(&a.gate)), kids)
	failed := false
	for i, c := range children {
		if err := c.cmd.Wait(); err != nil {
			failed = true
			t.Errorf("child %d: %v\n%s", i+1, err, c.out.String())
		}
	}
	if failed || a.failures.Load() != 0 {
		t.FailNow()
	}

	if err := pool.CheckIdle(); err != nil {
		t.Fatal(err)
	}
	if err := pool.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	h, err := openHeaps(pool)
	if err != nil {
		t.Fatal(err)
	}
	checkProcRows(t, h, a, kids)
	if err := heaptest.CheckHeap(pool, h, a); err != nil {
		t.Fatal(err)
	}
	// Write everything out and check the files themselves.
	if err := pool.FlushAll(); err != nil {
		t.Fatal(err)
	}
	for _, rf := range []bufmgr.RelFork{mainRel, toastRel} {
		for _, f := range []smgr.Fork{smgr.Main, smgr.FSM} {
			checkFile(t, m, loc(rf.Rel, rf.Spc, rf.DB), f)
		}
	}
}

// checkProcRows scans the table and matches it against the rows the
// workers recorded.
func checkProcRows(t *testing.T, h *heap.Heap, a *procArena, kids int) {
	t.Helper()
	tx := a.Begin()
	defer tx.Commit()
	s, err := h.Scan(tx.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for s.Next() {
		vals, nulls, err := h.Values(s.Tuple())
		if err != nil {
			t.Fatal(err)
		}
		id := tuple.GetInt64(vals[0])
		w, i := int(id/1_000_000), int(id%1_000_000)
		if w < 1 || w > kids || i >= maxRows || seen[id] {
			t.Fatalf("row %d is foreign or seen twice", id)
		}
		seen[id] = true
		rec := a.rows[w][i]
		if rec.present == 0 {
			t.Fatalf("row %d visible, but its worker deleted it or never committed it", id)
		}
		p := []byte("<null>")
		if !nulls[2] {
			if p, err = h.Detoast(vals[2]); err != nil {
				t.Fatal(err)
			}
		}
		if valueHash(itoa(int64(tuple.GetInt32(vals[1])))+":"+string(p)) != rec.hash {
			t.Fatalf("row %d has another value than its worker wrote", id)
		}
		if tid := s.Tuple().TID; tid.Block != rec.blk || tid.Offset != rec.off {
			t.Fatalf("row %d at %v, its worker left it at (%d,%d)", id, tid, rec.blk, rec.off)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	want := 0
	for w := 1; w <= kids; w++ {
		for i := range maxRows {
			want += int(a.rows[w][i].present)
		}
	}
	if len(seen) != want || want == 0 {
		t.Fatalf("scan found %d rows, workers left %d", len(seen), want)
	}
	t.Logf("%d processes left %d rows in %d heap pages", kids, want, must(h.Nblocks()))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// checkFile reads every block of a fork from disk and checks its checksum
// and layout.
func checkFile(t *testing.T, m *smgr.Manager, l smgr.RelFileLocator, f smgr.Fork) {
	t.Helper()
	n, err := m.Nblocks(l, f)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, page.Size)
	for blk := range n {
		if err := m.Read(l, f, blk, buf); err != nil {
			t.Fatal(err)
		}
		p := page.Page(buf)
		if err := p.Verify(blk); err != nil {
			t.Fatalf("%s block %d: %v", l.Path(f), blk, err)
		}
		if err := p.Check(); err != nil {
			t.Fatalf("%s block %d: %v", l.Path(f), blk, err)
		}
	}
}
