package wal

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
	"unsafe"
)

func TestLayout(t *testing.T) {
	if off := unsafe.Offsetof(control{}.slots); off%64 != 0 {
		t.Errorf("slots at offset %d, not cache-line aligned", off)
	}
	if sz := unsafe.Sizeof(slot{}); sz != 64 {
		t.Errorf("slot is %d bytes, want 64", sz)
	}
	for _, n := range []int{4, 16, 512, MaxBuffers} {
		l := computeLayout(n)
		if l.pages%PageSize != 0 || l.xlblocks%64 != 0 || l.xlblocks < unsafe.Sizeof(control{}) || l.size != l.pages+uintptr(n)*PageSize {
			t.Errorf("layout for %d buffers: %+v", n, l)
		}
	}
}

func TestAttachRejects(t *testing.T) {
	e := newEnv(t, 2, nil)
	region := e.seg.Region(RegionName)
	tests := []struct {
		name   string
		mod    func(c *Config)
		region []byte
		me     uint32
	}{
		{"too few buffers", func(c *Config) { c.Buffers = 3 }, region, 0},
		{"region too small", func(c *Config) { c.Buffers = 65 }, region, 0},
		{"segment size not a power of two", func(c *Config) { c.SegmentSize = 3 << 20 }, region, 0},
		{"segment size too small", func(c *Config) { c.SegmentSize = 1 << 19 }, region, 0},
		{"unknown sync method", func(c *Config) { c.SyncMethod = "fsync_sometimes" }, region, 0},
		{"misaligned region", nil, region[8:], 0},
		{"proc outside the wait table", nil, region, 2},
	}
	for _, tt := range tests {
		cfg := e.cfg
		if tt.mod != nil {
			tt.mod(&cfg)
		}
		if _, err := Attach(tt.region, cfg, e.seg.Waiters(), tt.me); err == nil {
			t.Errorf("%s: attached", tt.name)
		}
	}
	// Once started, the region's geometry is fixed.
	e.started(t)
	cfg := e.cfg
	cfg.Buffers = 32
	if _, err := Attach(region, cfg, e.seg.Waiters(), 1); err == nil {
		t.Error("attached with another wal_buffers")
	}
}

func TestStartRejects(t *testing.T) {
	e := newEnv(t, 2, nil)
	w := e.attach(t, 0)
	var b Builder
	b.Reset(1, 0, 0)
	if _, err := w.Insert(&b); err == nil {
		t.Error("Insert before Start")
	}
	for _, lsn := range []LSN{0, FirstLSN(testSegSize) - 8, FirstLSN(testSegSize) + 4, FirstLSN(testSegSize) + 8, FirstLSN(testSegSize) + PageSize + 16} {
		if err := w.Start(lsn, 0); err == nil {
			t.Errorf("started at %s", lsn)
		}
	}
	if err := w.Start(FirstLSN(testSegSize), 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Start(FirstLSN(testSegSize), 0); err == nil {
		t.Error("started twice")
	}
}

// TestSettings runs a few commits under each combination of fsync and
// wal_sync_method, and with commit_delay, checking the sync counter.
func TestSettings(t *testing.T) {
	tests := []struct {
		name      string
		mod       func(c *Config)
		wantSyncs bool
	}{
		{"fdatasync", nil, true},
		{"fsync", func(c *Config) { c.SyncMethod = "fsync" }, true},
		{"open_datasync", func(c *Config) { c.SyncMethod = "open_datasync" }, true},
		{"fsync off", func(c *Config) { c.Fsync = false }, false},
		{"commit_delay", func(c *Config) { c.CommitDelay = 100 * time.Microsecond; c.CommitSiblings = 0 }, true},
	}
	for _, tt := range tests {
		e := newEnv(t, 2, tt.mod)
		w := e.started(t)
		var b Builder
		for i := range 10 {
			b.Reset(RmTest, 0, uint64(1)<<32|uint64(i))
			b.AppendData(tagged(1, uint64(i), nil))
			end, err := w.Insert(&b)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(end); err != nil {
				t.Fatal(err)
			}
			if w.FlushedUpTo() < end || w.CurrentLSN() < end {
				t.Fatalf("%s: flushed %s written %s after Flush(%s)", tt.name, w.FlushedUpTo(), w.CurrentLSN(), end)
			}
		}
		// The last sync was of the last page: nothing is left to sync.
		syncs := w.Stats().Syncs
		if err := w.Flush(w.InsertPos()); err != nil || w.Stats().Syncs != syncs {
			t.Errorf("%s: flushing again: %v, %d more syncs", tt.name, err, w.Stats().Syncs-syncs)
		}
		if got := syncs > 1; got != tt.wantSyncs { // creating a segment syncs once
			t.Errorf("%s: %d syncs", tt.name, syncs)
		}
		checkTagged(t, e.cfg.Dir, []uint64{0, 10}, true)
	}
}

// TestWriteThenFlush writes without syncing, then flushes with nothing
// left to write: the flush must still sync.
func TestWriteThenFlush(t *testing.T) {
	cfs := newCrashFS()
	e := newEnv(t, 2, func(c *Config) { c.FS = cfs })
	w := e.started(t)
	var b Builder
	b.Reset(RmTest, 0, 1<<32)
	b.AppendData(tagged(1, 0, nil))
	end, err := w.Insert(&b)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(end); err != nil {
		t.Fatal(err)
	}
	if w.CurrentLSN() < end || w.FlushedUpTo() >= end {
		t.Fatalf("after Write: written %s flushed %s", w.CurrentLSN(), w.FlushedUpTo())
	}
	if err := w.Flush(end); err != nil {
		t.Fatal(err)
	}
	cfs.Cut()
	if err := cfs.Crash(); err != nil {
		t.Fatal(err)
	}
	checkTagged(t, e.cfg.Dir, []uint64{0, 1}, true)
}

// TestSmallBuffers has several inserters share 4 buffer pages, with
// records longer than all of them, so that inserters keep writing each
// other's pages out to recycle them.
func TestSmallBuffers(t *testing.T) {
	e := newEnv(t, 5, func(c *Config) { c.Buffers = 4 })
	w := e.started(t)
	const n, iters = 4, 300
	var wg sync.WaitGroup
	for id := 1; id <= n; id++ {
		h := e.attach(t, uint32(id))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b Builder
			for seq := uint64(0); seq < iters; seq++ {
				b.Reset(RmTest, 0, uint64(id)<<32|seq)
				b.AppendData(tagged(id, seq, nil))
				if seq%50 == 7 {
					b.AppendData(payload(seq, 5*PageSize)) // longer than the buffers
				}
				if _, err := h.Insert(&b); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := w.Flush(w.InsertPos()); err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
	next := make([]uint64, n+1)
	for _, r := range recs {
		id := int(r.Xid >> 32)
		if r.Xid&0xffffffff != next[id] {
			t.Fatalf("record at %s: child %d seq %d, want %d", r.LSN, id, r.Xid&0xffffffff, next[id])
		}
		next[id]++
	}
	for id := 1; id <= n; id++ {
		if next[id] != iters {
			t.Errorf("inserter %d: %d records", id, next[id])
		}
	}
	if st := w.Stats(); st.BuffersFull == 0 {
		t.Errorf("stats %+v: buffers never full", st)
	}
}

// TestCheckpointDuringInserts moves the redo point while inserters log
// changes to their pages: a record carries an image exactly when its
// page's LSN was not past the redo point in force when it was inserted
// (the last one set at or before its LSN).
func TestCheckpointDuringInserts(t *testing.T) {
	e := newEnv(t, 4, nil)
	w := e.started(t)
	const n, iters = 2, 400
	var wg sync.WaitGroup
	var mu sync.Mutex
	var redos []LSN
	stop := make(chan struct{})
	ckpt := e.attach(t, 3)
	ckptDone := make(chan struct{})
	go func() {
		defer close(ckptDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			d := ckpt.SetRedo(0)
			mu.Lock()
			redos = append(redos, d)
			mu.Unlock()
			runtime.Gosched()
		}
	}()
	for id := 1; id <= n; id++ {
		h := e.attach(t, uint32(id))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b Builder
			page := stdPage(uint64(id), 0, 100, 8000)
			for seq := uint64(0); seq < iters; seq++ {
				b.Reset(RmTest, 0, uint64(id)<<32|seq)
				b.RegisterBlock(0, RelFileLocator{1, 1, uint32(id)}, 0, 0, page, BlockStandard)
				end, err := h.Insert(&b)
				if err != nil {
					t.Error(err)
					return
				}
				// The page now carries the record's end, as a change does.
				binary.LittleEndian.PutUint32(page[0:], uint32(end>>32))
				binary.LittleEndian.PutUint32(page[4:], uint32(end))
				runtime.Gosched()
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-ckptDone
	if err := w.Flush(w.InsertPos()); err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
	pageLSN := map[uint32]LSN{}
	images := 0
	for _, r := range recs {
		rel := r.Blocks[0].Locator.Rel
		eff := LSN(0)
		for _, d := range redos {
			if d <= r.LSN && d > eff {
				eff = d
			}
		}
		if want := pageLSN[rel] <= eff; r.Blocks[0].HasImage != want {
			t.Errorf("record at %s (page LSN %s, redo %s): image %v, want %v", r.LSN, pageLSN[rel], eff, r.Blocks[0].HasImage, want)
		}
		if r.Blocks[0].HasImage {
			images++
		}
		pageLSN[rel] = r.EndLSN
	}
	t.Logf("%d redo points, %d records, %d images", len(redos), len(recs), images)
	if len(recs) != n*iters || images < n {
		t.Errorf("%d records, %d images", len(recs), images)
	}
}

func TestPreallocateAndRecycle(t *testing.T) {
	e := newEnv(t, 2, nil)
	w := e.started(t)
	dir := e.cfg.Dir
	if err := w.Preallocate(2); err != nil {
		t.Fatal(err)
	}
	list := func() []uint64 {
		s, err := segmentsIn(dir, testSegSize)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(s)
		return s
	}
	if got := list(); !slices.Equal(got, []uint64{1, 2, 3}) {
		t.Fatalf("after Preallocate(2): %v", got)
	}
	// Fill four segments.
	var b Builder
	big := payload(1, 60000)
	for w.InsertPos() < LSN(5*testSegSize)+100 {
		b.Reset(RmTest, 0, 0)
		b.AppendData(big)
		if _, err := w.Insert(&b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(w.InsertPos()); err != nil {
		t.Fatal(err)
	}
	if got := list(); !slices.Equal(got, []uint64{1, 2, 3, 4, 5}) {
		t.Fatalf("after filling: %v", got)
	}
	// Keep from segment 4: 1..3 go, two as future segments 6 and 7.
	rec, rem, err := w.RecycleSegments(LSN(4*testSegSize)+8, 2)
	if err != nil || rec != 2 || rem != 1 {
		t.Fatalf("RecycleSegments: %d recycled, %d removed, %v", rec, rem, err)
	}
	if got := list(); !slices.Equal(got, []uint64{4, 5, 6, 7}) {
		t.Fatalf("after recycling: %v", got)
	}
	// The recycled files hold stale pages; writing goes on into them, and
	// the reader stops where the writing stopped, not in the stale pages.
	for w.InsertPos() < LSN(6*testSegSize)+100 {
		b.Reset(RmTest, 0, 0)
		b.AppendData(big)
		if _, err := w.Insert(&b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(w.InsertPos()); err != nil {
		t.Fatal(err)
	}
	// Everything from the first record of segment 4 reads back, to the end.
	first := firstRecordIn(t, dir, 4)
	recs, rd := readAll(t, dir, first)
	if rd.EndLSN() != w.InsertPos() || len(recs) == 0 {
		t.Errorf("read %d records to %s, insert position %s (%s)", len(recs), rd.EndLSN(), w.InsertPos(), rd.EndReason())
	}
	if _, err := os.Stat(filepath.Join(dir, SegmentName(8, testSegSize))); err == nil {
		t.Error("segment 8 exists")
	}
}

// firstRecordIn finds the first record that starts in segment seg, from
// its first page header's continuation length.
func firstRecordIn(t *testing.T, dir string, seg uint64) LSN {
	t.Helper()
	var page [PageSize]byte
	if err := readPage(dir, testSegSize, seg*testSegSize/PageSize, page[:]); err != nil {
		t.Fatal(err)
	}
	h := getPageHeader(page[:])
	g := newGeometry(testSegSize)
	pos := g.toPos(LSN(seg*testSegSize)) + maxAlign(uint64(h.remLen))
	return g.toLSN(pos)
}

func TestAutoBuffers(t *testing.T) {
	tests := []struct{ shared, seg, want int }{
		{16384, DefaultSegmentSize, 512}, // 128 MB: 4 MB of WAL buffers
		{128, DefaultSegmentSize, 8},     // 1 MB: the minimum
		{1 << 20, DefaultSegmentSize, 2048},
		{1 << 20, 1 << 20, 128},
	}
	for _, tt := range tests {
		if got := AutoBuffers(tt.shared, tt.seg); got != tt.want {
			t.Errorf("AutoBuffers(%d, %d) = %d, want %d", tt.shared, tt.seg, got, tt.want)
		}
	}
}

func TestControlLines(t *testing.T) {
	var c control
	for _, f := range []struct {
		name string
		off  uintptr
		want uintptr
	}{
		{"insertLock", unsafe.Offsetof(c.insertLock), 64},
		{"mapLock", unsafe.Offsetof(c.mapLock), 128},
		{"writeLock", unsafe.Offsetof(c.writeLock), 192},
		{"stats", unsafe.Offsetof(c.stats), 256},
		{"slots", unsafe.Offsetof(c.slots), 384},
	} {
		if f.off != f.want {
			t.Errorf("%s at offset %d, want %d", f.name, f.off, f.want)
		}
	}
}

// TestStartRemovesTemporaryFiles: a crash while a segment was being
// created leaves its temporary file; the next Start removes it.
func TestStartRemovesTemporaryFiles(t *testing.T) {
	e := newEnv(t, 2, nil)
	if err := os.MkdirAll(e.cfg.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(e.cfg.Dir, tempPrefix+"123.4")
	if err := os.WriteFile(tmp, []byte("half a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.started(t)
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("%s still there: %v", tmp, err)
	}
}
