package wal

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// runCommitters has n goroutines, each with its own handle (proc numbers
// 1..n), insert tagged records and flush after each, until stop is closed
// or iters records each are done. acked[id] counts the records of
// goroutine id that a successful Flush covered (len(acked) is n+1).
func runCommitters(t *testing.T, e *env, n, iters int, acked []atomic.Uint64, stop <-chan struct{}) []uint64 {
	t.Helper()
	var wg sync.WaitGroup
	for id := 1; id <= n; id++ {
		w := e.attach(t, uint32(id))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b Builder
			buf := make([]byte, 0, 16<<10)
			for seq := uint64(0); seq < uint64(iters); seq++ {
				select {
				case <-stop:
					return
				default:
				}
				b.Reset(RmTest, 0, uint64(id)<<32|seq)
				b.AppendData(tagged(id, seq, buf))
				end, err := w.Insert(&b)
				if err != nil {
					return // the power is cut
				}
				if err := w.Flush(end); err != nil {
					return
				}
				acked[id].Store(seq + 1)
			}
		}()
	}
	wg.Wait()
	out := make([]uint64, n+1)
	for i := range out {
		out[i] = acked[i].Load()
	}
	return out
}

// TestPowerCut cuts the power while committers run, drops every write
// that was not synced, and checks that each acknowledged record is
// there; then restarts the WAL at the end the reader found, writes more,
// and checks the whole again.
func TestPowerCut(t *testing.T) {
	for _, cutAfter := range []uint64{10, 300} {
		cfs := newCrashFS()
		e := newEnv(t, 8, func(c *Config) { c.FS = cfs; c.Buffers = 8 })
		w := e.started(t)
		if err := w.Preallocate(1); err != nil {
			t.Fatal(err)
		}
		// Cut the power once cutAfter commits are acknowledged.
		stop := make(chan struct{})
		counts := make([]atomic.Uint64, 7)
		go func() {
			for {
				total := uint64(0)
				for i := range counts {
					total += counts[i].Load()
				}
				if total >= cutAfter {
					break
				}
				time.Sleep(100 * time.Microsecond)
			}
			cfs.Cut()
			close(stop)
		}()
		acked := runCommitters(t, e, 6, 1<<30, counts, stop)
		flushed := w.FlushedUpTo()
		if err := cfs.Crash(); err != nil {
			t.Fatal(err)
		}
		total := uint64(0)
		for _, a := range acked {
			total += a
		}
		checkTagged(t, e.cfg.Dir, acked, false)

		// Restart: a new region, started where the valid WAL ends.
		recs, r := readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
		t.Logf("cut after %d commits: %d acknowledged, %d found; flushed to %s, end at %s: %s", cutAfter, total, len(recs), flushed, r.EndLSN(), r.EndReason())
		if r.EndLSN() < flushed {
			t.Errorf("valid WAL ends at %s, before the flush position %s", r.EndLSN(), flushed)
		}
		found := make([]uint64, len(acked))
		for _, rec := range recs {
			found[int(rec.Xid>>32)]++
		}
		e2 := newEnv(t, 8, func(c *Config) { *c = e.cfg; c.FS = nil })
		w2 := e2.attach(t, 0)
		if err := w2.Start(r.EndLSN(), r.LastLSN()); err != nil {
			t.Fatal(err)
		}
		var b Builder
		buf := make([]byte, 0, 16<<10)
		for seq := found[1]; seq < found[1]+300; seq++ {
			b.Reset(RmTest, 0, 1<<32|seq)
			b.AppendData(tagged(1, seq, buf))
			if _, err := w2.Insert(&b); err != nil {
				t.Fatal(err)
			}
		}
		if err := w2.Flush(w2.InsertPos()); err != nil {
			t.Fatal(err)
		}
		found[1] += 300
		checkTagged(t, e.cfg.Dir, found, true)
	}
}

// TestGroupCommit has 8 committers flush after every record on a disk
// whose sync takes a millisecond: far fewer syncs than commits happen.
func TestGroupCommit(t *testing.T) {
	cfs := newCrashFS()
	cfs.syncDelay = time.Millisecond
	e := newEnv(t, 9, func(c *Config) { c.FS = cfs })
	w := e.started(t)
	const n, iters = 8, 50
	acked := runCommitters(t, e, n, iters, make([]atomic.Uint64, n+1), nil)
	commits := uint64(0)
	for _, a := range acked[1:] {
		if a != iters {
			t.Fatalf("acked %v", acked)
		}
		commits += a
	}
	syncs := w.Stats().Syncs
	t.Logf("%d commits, %d syncs (%d seen by the file layer): %.1f commits per sync", commits, syncs, cfs.syncs.Load(), float64(commits)/float64(syncs))
	if syncs*2 > commits {
		t.Errorf("%d syncs for %d commits", syncs, commits)
	}
	checkTagged(t, e.cfg.Dir, acked, true)
}
