package sem

import (
	"sync"
	"sync/atomic"
	"testing"
)

// Uncontended costs: the price every caller pays on the fast path.

func BenchmarkSpinLock(b *testing.B) {
	var l SpinLock
	for i := 0; i < b.N; i++ {
		l.Lock()
		l.Unlock()
	}
}

func BenchmarkLWLockExclusive(b *testing.B) {
	tab := newTable(1)
	var l LWLock
	for i := 0; i < b.N; i++ {
		l.Acquire(tab, 0, Exclusive)
		l.Release(tab)
	}
}

func BenchmarkLWLockShared(b *testing.B) {
	tab := newTable(1)
	var l LWLock
	for i := 0; i < b.N; i++ {
		l.Acquire(tab, 0, Shared)
		l.Release(tab)
	}
}

func BenchmarkSemaPostWait(b *testing.B) {
	var s Sema
	for i := 0; i < b.N; i++ {
		s.Post()
		s.Wait()
	}
}

// BenchmarkRefSyncMutex is a yardstick: Go's own uncontended mutex on the
// same machine in the same run, to read the figures above as ratios on a
// box whose absolute speed drifts.
func BenchmarkRefSyncMutex(b *testing.B) {
	var m sync.Mutex
	for i := 0; i < b.N; i++ {
		m.Lock()
		m.Unlock()
	}
}

// BenchmarkLWLockContended: goroutines, each with its own wait slot,
// taking one lock exclusively with a short section. Measures the queueing
// path within one process; the cross-process figure is below.
func BenchmarkLWLockContended(b *testing.B) {
	const slots = 64
	tab := newTable(slots)
	var l LWLock
	var next atomic.Uint32
	var n int
	b.RunParallel(func(pb *testing.PB) {
		me := next.Add(1) - 1
		if me >= slots {
			panic("too many goroutines for the wait slots")
		}
		for pb.Next() {
			l.Acquire(tab, me, Exclusive)
			n++
			l.Release(tab)
		}
	})
}

// BenchmarkProcPingPong is the cross-process hand-off latency: this process
// and a child pass a token back and forth on two Semas, each side sleeping
// in FUTEX_WAIT until woken. One op is one round trip: two wake-ups and two
// sleeps. The child runs on the second CPU; this process on the first
// (other-cpu: each wake-up crosses CPUs) or on the second too (same-cpu:
// each wake-up is a context switch).
func BenchmarkProcPingPong(b *testing.B) {
	for _, bc := range []struct {
		name string
		cpu  int
	}{{"other-cpu", 0}, {"same-cpu", 1}} {
		b.Run(bc.name, func(b *testing.B) {
			s := newShared(b)
			c := s.spawn(b, "echo", 1, 0)
			defer pinToCPU(bc.cpu)()
			// One round before timing, so that the child's start is not
			// counted.
			s.a.ping.Post()
			s.a.pong.Wait()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.a.ping.Post()
				s.a.pong.Wait()
			}
			b.StopTimer()
			s.a.stop.Store(1)
			s.a.ping.Post()
			s.waitChildren(b, c)
		})
	}
}
