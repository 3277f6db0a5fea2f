package sem

import (
	"sync"
	"testing"
)

func TestSpinLockBasics(t *testing.T) {
	var l SpinLock
	l.Lock()
	if !l.Held() || l.TryLock() {
		t.Fatal("held SpinLock: Held false or TryLock succeeded")
	}
	l.Unlock()
	if l.Held() || !l.TryLock() {
		t.Fatal("free SpinLock: Held true or TryLock failed")
	}
	l.Unlock()
	defer func() {
		if recover() == nil {
			t.Fatal("Unlock of a free SpinLock did not panic")
		}
	}()
	l.Unlock()
}

// TestSpinLockCounter checks mutual exclusion with a counter that is
// incremented non-atomically (and, under -race, that Unlock happens before
// the next Lock).
func TestSpinLockCounter(t *testing.T) {
	const goroutines, iters = 8, 20000
	var l SpinLock
	var n int
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				if (i+g)%3 == 0 {
					for !l.TryLock() {
					}
				} else {
					l.Lock()
				}
				n++
				l.Unlock()
			}
		}(g)
	}
	wg.Wait()
	if n != goroutines*iters {
		t.Fatalf("counter = %d, want %d", n, goroutines*iters)
	}
}

// TestBackoffSchedule runs a wait through every stage of the back-off,
// down to the sleeps, on a word nobody changes.
func TestBackoffSchedule(t *testing.T) {
	var w uint32 = 1
	var b backoff
	for i := 0; i < spinRounds+yieldRounds+3; i++ {
		b.pause(&w, 1)
	}
	if b.round != spinRounds+yieldRounds+3 {
		t.Fatalf("round = %d", b.round)
	}
}
