package wal

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ringpg/backend/storage/smgr"
	"ringpg/loop/uring"
)

// TestInsertDoesNotAllocate checks that a reused Builder and Insert
// allocate nothing per record, image and block data included.
func TestInsertDoesNotAllocate(t *testing.T) {
	e := newEnv(t, 2, func(c *Config) { c.Buffers = 512 })
	w := e.started(t)
	page := stdPage(1, 0, 100, 8000)
	data := payload(2, 100)
	var b Builder
	build := func() {
		b.Reset(1, 0, 42)
		b.RegisterBlock(0, RelFileLocator{1, 2, 3}, 0, 7, page, BlockStandard)
		b.AppendBlockData(0, data[:20])
		b.AppendData(data)
		if _, err := w.Insert(&b); err != nil {
			t.Fatal(err)
		}
	}
	build() // grow the builder's slices
	if n := testing.AllocsPerRun(200, build); n != 0 {
		t.Errorf("%v allocations per record", n)
	}
}

// BenchmarkInsert100 inserts records of 100 bytes of main data; the
// buffers are written out (not synced) as they fill. "disk" writes to
// files, creating each 16 MB segment when it is reached (zero-filled and
// synced, which a checkpointer's Preallocate would do ahead of time);
// "nowrite" throws the writes away, leaving the cost of insertion.
func BenchmarkInsert100(b *testing.B) {
	for _, fs := range []struct {
		name string
		fs   FS
	}{{"disk", nil}, {"nowrite", nullFS{}}} {
		b.Run(fs.name, func(b *testing.B) {
			e := newEnv(b, 2, func(c *Config) {
				c.Buffers = 512
				c.SegmentSize = DefaultSegmentSize
				c.FS = fs.fs
			})
			w := e.started(b)
			data := payload(1, 100)
			var bl Builder
			b.ReportAllocs()
			b.SetBytes(RecordHeaderSize + 5 + 100)
			for b.Loop() {
				bl.Reset(1, 0, 1)
				bl.AppendData(data)
				if _, err := w.Insert(&bl); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// nullFS accepts every write and sync and keeps nothing.
type nullFS struct{}

func (nullFS) OpenFile(string, bool) (File, error) { return nullFile{}, nil }
func (nullFS) Rename(string, string) error         { return nil }
func (nullFS) Remove(string) error                 { return nil }
func (nullFS) SyncDir(string) error                { return nil }

type nullFile struct{}

func (nullFile) WriteAt([]byte, int64) error         { return nil }
func (nullFile) WriteSync([]byte, int64, bool) error { return nil }
func (nullFile) Sync(bool) error                     { return nil }
func (nullFile) Close() error                        { return nil }

// BenchmarkInsert100Parallel is BenchmarkInsert100 from GOMAXPROCS
// goroutines, each with its own handle, as backends would.
func BenchmarkInsert100Parallel(b *testing.B) {
	e := newEnv(b, 65, func(c *Config) {
		c.Buffers = 512
		c.SegmentSize = DefaultSegmentSize
		c.FS = nullFS{}
	})
	e.started(b)
	data := payload(1, 100)
	var next atomic.Uint32
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		w := e.attach(b, next.Add(1))
		var bl Builder
		for pb.Next() {
			bl.Reset(1, 0, 1)
			bl.AppendData(data)
			if _, err := w.Insert(&bl); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkFlushUring is BenchmarkFlush with one committer whose write
// and fdatasync go to an io_uring linked, in one submission.
func BenchmarkFlushUring(b *testing.B) {
	if err := uring.Supported(); err != nil {
		b.Skip(err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	io, err := smgr.NewUringIO(8)
	if err != nil {
		b.Skip(err)
	}
	defer io.Close()
	e := newEnv(b, 2, func(c *Config) {
		c.Buffers = 512
		c.SegmentSize = DefaultSegmentSize
		c.FS = &OSFS{IO: io}
	})
	w := e.started(b)
	if err := w.Preallocate(1); err != nil {
		b.Fatal(err)
	}
	data := payload(1, 100)
	var bl Builder
	for b.Loop() {
		bl.Reset(1, 0, 1)
		bl.AppendData(data)
		end, err := w.Insert(&bl)
		if err == nil {
			err = w.Flush(end)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlush measures commits: each op inserts a 100-byte record and
// flushes it, from 1 or 8 committers at once; commits/fsync shows the
// group commit.
func BenchmarkFlush(b *testing.B) {
	for _, tc := range []struct {
		n     int
		delay time.Duration
	}{{1, 0}, {8, 0}, {8, 200 * time.Microsecond}} {
		n := tc.n
		name := fmt.Sprintf("committers=%d", n)
		if tc.delay > 0 {
			name += fmt.Sprintf("/commit_delay=%v", tc.delay)
		}
		b.Run(name, func(b *testing.B) {
			e := newEnv(b, n+1, func(c *Config) {
				c.Buffers = 512
				c.SegmentSize = DefaultSegmentSize
				c.CommitDelay = tc.delay
				c.CommitSiblings = 1
			})
			w0 := e.started(b)
			if err := w0.Preallocate(1); err != nil {
				b.Fatal(err)
			}
			ws := make([]*WAL, n)
			for i := range ws {
				ws[i] = e.attach(b, uint32(i+1))
			}
			data := payload(1, 100)
			before := w0.Stats().Syncs
			b.ResetTimer()
			var wg sync.WaitGroup
			var ops atomic.Int64
			ops.Store(int64(b.N))
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var bl Builder
					for ops.Add(-1) >= 0 {
						bl.Reset(1, 0, 1)
						bl.AppendData(data)
						end, err := ws[i].Insert(&bl)
						if err == nil {
							err = ws[i].Flush(end)
						}
						if err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			syncs := w0.Stats().Syncs - before
			if syncs > 0 {
				b.ReportMetric(float64(b.N)/float64(syncs), "commits/fsync")
			}
		})
	}
}

// BenchmarkRead reads back 100-byte records, as recovery does; ns/op is
// per record.
func BenchmarkRead(b *testing.B) {
	e := newEnv(b, 2, func(c *Config) { c.Buffers = 512 })
	w := e.started(b)
	data := payload(1, 100)
	var bl Builder
	const n = 20000
	for range n {
		bl.Reset(1, 0, 1)
		bl.AppendData(data)
		if _, err := w.Insert(&bl); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(w.InsertPos()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(RecordHeaderSize + 5 + 100)
	b.ResetTimer()
	var r *Reader
	for i := 0; i < b.N; i++ {
		if i%n == 0 {
			if r != nil {
				r.Close()
			}
			var err error
			if r, err = NewReaderSize(e.cfg.Dir, testSegSize, FirstLSN(testSegSize)); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := r.Next(); err != nil {
			b.Fatal(err)
		}
	}
	r.Close()
}
