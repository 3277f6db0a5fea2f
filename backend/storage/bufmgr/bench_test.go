package bufmgr

import (
	"encoding/binary"
	"os"
	"strconv"
	"testing"
	"time"
)

// Benchmarks. Run them with
//
//	go test -run '^$' -bench . -benchtime 2s ./backend/storage/bufmgr/
//
// The pool lives in a real shm segment (a MAP_SHARED memfd mapping), as in
// the server.

const envBlock = "BUFMGR_TEST_BLOCK" // the block a hitloop child reads

// hitEnv makes a pool with blocks 0 and 1 of relA in a file, resident.
func hitEnv(b *testing.B) *procEnv {
	e := newProcEnv(b, 64, 1)
	for range 2 {
		buf, _, err := e.pool.ExtendRelation(relA, nil)
		if err != nil {
			b.Fatal(err)
		}
		e.pool.UnlockRelease(buf)
	}
	return e
}

// hitLoop does n hits on tag and returns the time per hit.
func hitLoop(p *Pool, tag Tag, n int) time.Duration {
	start := time.Now()
	for range n {
		buf, err := p.ReadBuffer(tag, nil)
		if err != nil {
			panic(err)
		}
		p.Release(buf)
	}
	return time.Since(start) / time.Duration(n)
}

// BenchmarkReadBufferHit is the hit path alone: ReadBuffer of a resident
// block and Release, one process.
func BenchmarkReadBufferHit(b *testing.B) {
	e := hitEnv(b)
	p := e.pool
	tag := relA.Block(0)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		buf, err := p.ReadBuffer(tag, nil)
		if err != nil {
			b.Fatal(err)
		}
		p.Release(buf)
	}
}

// BenchmarkReadBufferHitContended is the hit path while a second process
// hits in a loop as well: on the same buffer (both processes move the same
// state word and partition lock), or on another block (different buffer,
// usually another partition: the cost of sharing nothing). It reports the
// same process's figure alone, measured just before, and the ratio.
func BenchmarkReadBufferHitContended(b *testing.B) {
	for _, c := range []struct {
		name  string
		block int
	}{{"same-buffer", 0}, {"other-buffer", 1}} {
		b.Run(c.name, func(b *testing.B) {
			e := hitEnv(b)
			p := e.pool
			tag := relA.Block(0)
			alone := hitLoop(p, tag, 1<<20)
			kid := e.spawn(b, "hitloop", 1, envBlock+"="+strconv.Itoa(c.block))
			e.openGate(b, 1)
			waitFor(b, "the other process hitting", func() bool { return e.a.benchOps.Load() >= 1<<16 })
			b.ResetTimer()
			for range b.N {
				buf, err := p.ReadBuffer(tag, nil)
				if err != nil {
					b.Fatal(err)
				}
				p.Release(buf)
			}
			b.StopTimer()
			e.a.stop.Store(1)
			e.waitChildren(b, kid)
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(float64(alone.Nanoseconds()), "ns/op-alone")
			b.ReportMetric(ns/float64(alone.Nanoseconds()), "x-alone")
		})
	}
}

// kidHitLoop hits one block until told to stop, counting its iterations.
func kidHitLoop(k *kid) error {
	blk, _ := strconv.Atoi(os.Getenv(envBlock))
	tag := relA.Block(uint32(blk))
	for k.a.stop.Load() == 0 {
		for range 1024 {
			buf, err := k.pool.ReadBuffer(tag, nil)
			if err != nil {
				return err
			}
			k.pool.Release(buf)
		}
		k.a.benchOps.Add(1024)
	}
	return nil
}

// nullStore is a Storage that moves no bytes: the miss benchmarks measure
// the pool's own work.
type nullStore struct{}

func (nullStore) Read(Tag, []byte) error               { return nil }
func (nullStore) Write(Tag, []byte) error              { return nil }
func (nullStore) Extend(RelFork, uint32, []byte) error { return nil }
func (nullStore) Nblocks(RelFork) (uint32, error)      { return 1 << 20, nil }

// BenchmarkMissEvict is a miss that evicts: 1024 blocks cycled through 128
// buffers, so every ReadBuffer looks up, sweeps, forgets the victim's page,
// inserts the new one and "reads" it. With dirty, each page is also
// changed, so each eviction first writes the victim (WAL hook, copy,
// write).
func BenchmarkMissEvict(b *testing.B) {
	for _, dirty := range []bool{false, true} {
		name := "clean"
		if dirty {
			name = "dirty"
		}
		b.Run(name, func(b *testing.B) {
			e := newProcEnv(b, 128, 1)
			p, err := Attach(e.seg.Region(RegionName), 128, e.seg.Waiters(), 0, nullStore{}, Hooks{FlushWAL: func(uint64) error { return nil }})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				buf, err := p.ReadBuffer(relA.Block(uint32(i%1024)), nil)
				if err != nil {
					b.Fatal(err)
				}
				if dirty {
					p.Lock(buf, Exclusive)
					p.MarkDirty(buf)
					p.Unlock(buf)
				}
				p.Release(buf)
			}
			b.StopTimer()
			if s := p.Stats(); b.N > 2048 && s.Hits > uint64(b.N)/100 {
				b.Fatalf("not a miss benchmark: %+v", s)
			}
		})
	}
}

// BenchmarkExclusiveLock is an exclusive content lock and its release on a
// resident page, with LogChanges nil and with a LogChanges that does
// nothing but return an LSN: the cost of the before image and the compare
// (unchanged), and of building the Change and setting the LSN as well
// (one-tuple: a line pointer, pd_lower and 100 bytes of tuple change each
// time, as a heap insert does; MarkDirty in both cases).
func BenchmarkExclusiveLock(b *testing.B) {
	for _, log := range []bool{false, true} {
		for _, change := range []bool{false, true} {
			name := map[bool]string{false: "nil", true: "log"}[log] + "/" + map[bool]string{false: "unchanged", true: "one-tuple"}[change]
			b.Run(name, func(b *testing.B) {
				e := hitEnv(b)
				var lsn uint64
				h := procHooks(e.a)
				if log {
					h.LogChanges = func([]Change) uint64 { lsn++; return lsn }
				}
				p, err := Attach(e.seg.Region(RegionName), e.nbuffers, e.seg.Waiters(), 0, e.st, h)
				if err != nil {
					b.Fatal(err)
				}
				buf, err := p.ReadBuffer(relA.Block(0), nil)
				if err != nil {
					b.Fatal(err)
				}
				tuple := make([]byte, 100)
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					p.Lock(buf, Exclusive)
					if change {
						pg := p.Page(buf)
						slot := i % 64
						binary.LittleEndian.PutUint16(pg[12:], uint16(i))        // pd_lower
						binary.LittleEndian.PutUint32(pg[24+4*slot:], uint32(i)) // line pointer
						for k := range tuple {
							tuple[k] = byte(i + k)
						}
						copy(pg[1024+100*slot:], tuple)
						p.MarkDirty(buf)
					}
					p.Unlock(buf)
				}
				b.StopTimer()
				if log && change && lsn != uint64(b.N) {
					b.Fatalf("%d records for %d changes", lsn, b.N)
				}
				p.Release(buf)
			})
		}
	}
}
