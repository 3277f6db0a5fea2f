package sem

import (
	"sync"
	"testing"
	"time"
)

func TestSemaCounts(t *testing.T) {
	var s Sema
	for i := 0; i < 3; i++ {
		s.Post()
	}
	if s.Count() != 3 {
		t.Fatalf("Count after 3 posts = %d", s.Count())
	}
	s.Wait() // a unit is there: no sleep
	for i := 0; i < 2; i++ {
		if !s.TryWait() {
			t.Fatalf("TryWait %d failed with units left", i)
		}
	}
	if s.TryWait() {
		t.Fatal("TryWait succeeded on an empty Sema")
	}
	if s.WaitTimeout(0) || s.WaitTimeout(-time.Second) {
		t.Fatal("WaitTimeout(<=0) succeeded on an empty Sema")
	}
}

func TestSemaWaitTimeoutExpires(t *testing.T) {
	var s Sema
	if s.WaitTimeout(5 * time.Millisecond) {
		t.Fatal("WaitTimeout got a unit nobody posted")
	}
	if s.sleepers.Load() != 0 || s.Count() != 0 {
		t.Fatalf("after a timeout: sleepers %d, count %d", s.sleepers.Load(), s.Count())
	}
	s.Post()
	if !s.WaitTimeout(time.Hour) {
		t.Fatal("WaitTimeout missed a posted unit")
	}
}

func TestSemaWakesSleeper(t *testing.T) {
	var s Sema
	got := make(chan bool)
	go func() { got <- s.WaitTimeout(time.Hour) }()
	waitFor(t, "the waiter to announce itself", func() bool { return s.sleepers.Load() == 1 })
	s.Post()
	if !<-got {
		t.Fatal("WaitTimeout returned false after a Post")
	}
	if s.sleepers.Load() != 0 || s.Count() != 0 {
		t.Fatalf("after the hand-off: sleepers %d, count %d", s.sleepers.Load(), s.Count())
	}
}

// TestSemaProducersConsumers checks that no unit is lost or duplicated when
// many posters and sleepers race.
func TestSemaProducersConsumers(t *testing.T) {
	const producers, consumers, perProducer = 4, 6, 3000
	total := producers * perProducer
	if total%consumers != 0 {
		t.Fatal("bad test constants")
	}
	var s Sema
	var wg sync.WaitGroup
	for i := 0; i < consumers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < total/consumers; j++ {
				if j%7 == 0 {
					for !s.WaitTimeout(time.Microsecond) {
					}
					continue
				}
				s.Wait()
			}
		}()
	}
	for i := 0; i < producers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < perProducer; j++ {
				s.Post()
			}
		}()
	}
	wg.Wait()
	if s.Count() != 0 || s.sleepers.Load() != 0 {
		t.Fatalf("after the run: count %d, sleepers %d", s.Count(), s.sleepers.Load())
	}
}

// TestSemaPingPong passes a plain variable back and forth; under -race it
// also checks that Post/Wait order memory (a Post happens before the Wait
// that takes its unit).
func TestSemaPingPong(t *testing.T) {
	const rounds = 2000
	var ping, pong Sema
	var v int // handed over by the semaphores, never touched concurrently
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < rounds; i++ {
			ping.Wait()
			if v != 2*i+1 {
				t.Errorf("pong saw %d, want %d", v, 2*i+1)
				return
			}
			v++
			pong.Post()
		}
	}()
	for i := 0; i < rounds; i++ {
		v++
		ping.Post()
		pong.Wait()
		if v != 2*i+2 {
			t.Fatalf("ping saw %d, want %d", v, 2*i+2)
		}
	}
	<-done
}
