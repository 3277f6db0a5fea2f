package xlog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"ringpg/backend/access/transam"
	"ringpg/backend/access/wal"
	"ringpg/backend/storage"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/backend/storage/smgr"
	"ringpg/shm"
)

const (
	testBuffers    = 64
	testWALBuffers = 16
	testProcs      = 4
)

// life is one server life over a data directory: a fresh segment, with
// the startup process's recovery done in slot 0 and a backend in slot 1.
type life struct {
	t    *testing.T
	dir  string
	seg  *shm.Segment
	lg   *Log
	pool *bufmgr.Pool
	tm   *transam.Manager
	ctl  *wal.Control

	syncAll func() // nil: the files are real and fsynced by nobody here
}

func walConfig(dir string) wal.Config {
	cfg := wal.DefaultConfig(WALDir(dir))
	cfg.Buffers = testWALBuffers
	return cfg
}

// layers are what a life's files go through: the relation files' I/O
// engine and the WAL's file system (nil, nil: the real ones), and the
// pool's size.
type layers struct {
	io      smgr.IO
	fs      wal.FS
	buffers int
	syncAll func() // makes every data file durable, as a checkpoint's fsyncs do
}

func newDataDir(t *testing.T) string {
	dir := t.TempDir()
	for _, d := range []string{"base", "global", "pg_wal"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := transam.Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// start begins a life: recovery, then a backend attached with the WAL's
// hooks and commit logging.
func start(t *testing.T, dir string) *life {
	t.Helper()
	return startWith(t, dir, layers{})
}

func startWith(t *testing.T, dir string, ly layers) *life {
	t.Helper()
	if ly.io == nil {
		ly.io = smgr.NewSyncIO()
	}
	if ly.buffers == 0 {
		ly.buffers = testBuffers
	}
	cfg := walConfig(dir)
	if ly.fs != nil {
		cfg.FS = ly.fs
	}
	seg, err := shm.Create(shm.Config{MaxProcs: testProcs, HugePages: shm.HugeOff, Regions: []shm.RegionSpec{
		{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(ly.buffers)},
		{Name: wal.RegionName, Size: wal.RegionSize(testWALBuffers)},
		{Name: transam.RegionName, Size: transam.RegionSize(testProcs)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Startup: slot 0.
	lg0, err := Attach(seg, 0, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pool0, files0, err := storage.OpenIO(seg, ly.buffers, 0, dir, ly.io, lg0.RecoveryHooks(storage.Hooks()))
	if err != nil {
		t.Fatal(err)
	}
	tm0, err := transam.Attach(seg, dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctl, err := Recover(lg0, pool0, files0, tm0)
	if err != nil {
		t.Fatalf("recovery: %v", err)
	}
	// The end-of-recovery checkpoint, as the startup process does.
	(&life{t: t, dir: dir, lg: lg0, pool: pool0, tm: tm0, syncAll: ly.syncAll}).checkpoint()
	tm0.Close()
	files0.Close()
	lg0.Close()
	// A backend: slot 1.
	lg, err := Attach(seg, 1, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pool, _, err := storage.OpenIO(seg, ly.buffers, 1, dir, ly.io, lg.Hooks(storage.Hooks()))
	if err != nil {
		t.Fatal(err)
	}
	tm, err := transam.Attach(seg, dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	lg.BindCommits(tm, func() bool { return true }, nil)
	return &life{t: t, dir: dir, seg: seg, lg: lg, pool: pool, tm: tm, ctl: ctl, syncAll: ly.syncAll}
}

// crash ends the life as kill -9 would: nothing is written or closed.
func (l *life) crash() {
	l.seg.Close()
}

var testRel = bufmgr.RelFork{Spc: 1663, DB: 5, Rel: 16384, Fork: bufmgr.MainFork}

// addRow appends a new page when blk is past the end, and adds item to
// block blk; it returns a copy of the page as changed.
func (l *life) addRow(blk uint32, item []byte) []byte {
	l.t.Helper()
	n, err := l.pool.Nblocks(testRel)
	if err != nil {
		l.t.Fatal(err)
	}
	var b bufmgr.Buffer
	if blk >= n {
		b, blk, err = l.pool.ExtendRelation(testRel, nil)
		if err != nil {
			l.t.Fatal(err)
		}
		page.Page(l.pool.Page(b)).Init(0)
	} else {
		if b, err = l.pool.ReadBuffer(testRel.Block(blk), nil); err != nil {
			l.t.Fatal(err)
		}
		l.pool.Lock(b, bufmgr.Exclusive)
	}
	p := page.Page(l.pool.Page(b))
	if _, err := p.AddItem(item, page.InvalidOffset); err != nil {
		l.t.Fatal(err)
	}
	l.pool.MarkDirty(b)
	l.pool.UnlockRelease(b)
	return l.read(blk)
}

func (l *life) read(blk uint32) []byte {
	l.t.Helper()
	b, err := l.pool.ReadBuffer(testRel.Block(blk), nil)
	if err != nil {
		l.t.Fatal(err)
	}
	l.pool.Lock(b, bufmgr.Shared)
	out := bytes.Clone(l.pool.Page(b))
	l.pool.UnlockRelease(b)
	return out
}

func (l *life) commitOne() uint64 {
	l.t.Helper()
	x := l.tm.Begin()
	id, err := x.AssignXid()
	if err != nil {
		l.t.Fatal(err)
	}
	if err := x.Commit(); err != nil {
		l.t.Fatal(err)
	}
	return id
}

func (l *life) checkpoint() {
	l.t.Helper()
	w := l.lg.WAL()
	redo := w.SetRedo(0)
	if err := l.pool.FlushAll(); err != nil {
		l.t.Fatal(err)
	}
	if err := l.tm.Flush(); err != nil {
		l.t.Fatal(err)
	}
	if l.syncAll != nil {
		l.syncAll()
	}
	start, err := l.lg.LogCheckpoint(redo, l.tm.NextXid(), 0, false)
	if err != nil {
		l.t.Fatal(err)
	}
	ctl, err := wal.ReadControl(wal.ControlPath(l.dir))
	if err != nil {
		l.t.Fatal(err)
	}
	ctl.Checkpoint, ctl.Redo, ctl.State = start, redo, wal.DBInProduction
	if err := wal.WriteControl(wal.ControlPath(l.dir), ctl); err != nil {
		l.t.Fatal(err)
	}
}

func samePage(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !page.PagesEqual(got, want) {
		t.Fatalf("%s: page differs after recovery", what)
	}
}

// TestRecoverAfterCrash changes pages, commits (which flushes the WAL),
// throws the segment away unwritten, and recovers: every change is back,
// and so is every commit.
func TestRecoverAfterCrash(t *testing.T) {
	for _, withCheckpoint := range []bool{false, true} {
		name := "no checkpoint"
		if withCheckpoint {
			name = "after a checkpoint"
		}
		t.Run(name, func(t *testing.T) {
			dir := newDataDir(t)
			l := start(t, dir)
			want := map[uint32][]byte{}
			var xids []uint64
			for i := range 40 {
				blk := uint32(i / 8)
				want[blk] = l.addRow(blk, bytes.Repeat([]byte{byte(i + 1)}, 200+i))
				if withCheckpoint && i == 20 {
					l.checkpoint()
				}
				if i%5 == 4 {
					xids = append(xids, l.commitOne())
				}
			}
			l.crash()

			l2 := start(t, dir)
			defer l2.crash()
			for blk, p := range want {
				samePage(t, "block", l2.read(blk), p)
			}
			for _, id := range xids {
				if st, err := l2.tm.Status(id); err != nil || st != transam.StatusCommitted {
					t.Fatalf("xid %d after recovery: %v %v", id, st, err)
				}
			}
			// And again, from the state the first recovery left.
			l2.addRow(0, []byte("after recovery"))
			want[0] = l2.read(0)
			l2.commitOne()
			l2.crash()
			l3 := start(t, dir)
			defer l3.crash()
			samePage(t, "block 0, second recovery", l3.read(0), want[0])
		})
	}
}

// TestRecoverTwoPageChange logs two pages changed under one set of locks
// as one record.
func TestRecoverTwoPageChange(t *testing.T) {
	dir := newDataDir(t)
	l := start(t, dir)
	l.addRow(0, []byte("a"))
	l.addRow(1, []byte("b"))
	b0, _ := l.pool.ReadBuffer(testRel.Block(0), nil)
	b1, _ := l.pool.ReadBuffer(testRel.Block(1), nil)
	l.pool.Lock(b0, bufmgr.Exclusive)
	l.pool.Lock(b1, bufmgr.Exclusive)
	page.Page(l.pool.Page(b1)).AddItem([]byte("second"), page.InvalidOffset)
	page.Page(l.pool.Page(b0)).AddItem([]byte("first"), page.InvalidOffset)
	l.pool.MarkDirty(b0)
	l.pool.MarkDirty(b1)
	before := l.lg.WAL().InsertPos()
	l.pool.UnlockRelease(b0)
	lsn0 := bufmgr.DefaultPageLSN(l.pool.Page(b1))
	l.pool.UnlockRelease(b1)
	if lsn0 <= uint64(before) {
		t.Fatalf("block 1 still held was not logged with block 0: LSN %d, insert position was %d", lsn0, before)
	}
	want0, want1 := l.read(0), l.read(1)
	l.commitOne()
	l.crash()
	l2 := start(t, dir)
	defer l2.crash()
	samePage(t, "block 0", l2.read(0), want0)
	samePage(t, "block 1", l2.read(1), want1)
}
