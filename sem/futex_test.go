package sem

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// waitFor polls cond until it holds, failing the test after a generous
// deadline. It replaces sleeps: the machine may be slow, never wrong.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Microsecond) // a poll interval, not a wait for the condition
	}
}

func TestFutexWaitValueDiffers(t *testing.T) {
	w := uint32(1)
	// The word is not 0, so the kernel returns EAGAIN at once, which is a
	// normal return.
	if err := FutexWait(&w, 0, 0); err != nil {
		t.Fatalf("FutexWait on a changed word: %v", err)
	}
}

func TestFutexWaitTimeout(t *testing.T) {
	var w uint32
	// EINTR may cut a wait short (the runtime's preemption signal), so
	// retry until the timeout is reported.
	for {
		err := FutexWait(&w, 0, time.Millisecond)
		if err == nil {
			continue
		}
		if !errors.Is(err, unix.ETIMEDOUT) || !errors.Is(err, ErrTimeout) {
			t.Fatalf("FutexWait timeout error %v does not wrap ETIMEDOUT", err)
		}
		return
	}
}

func TestFutexWakeNobody(t *testing.T) {
	var w uint32
	n, err := FutexWake(&w, 1)
	if n != 0 || err != nil {
		t.Fatalf("FutexWake with no sleeper = %d, %v; want 0, nil", n, err)
	}
	if n, err := FutexWake(&w, 0); n != 0 || err != nil {
		t.Fatalf("FutexWake(n=0) = %d, %v; want 0, nil", n, err)
	}
}

func TestFutexWakeSleeper(t *testing.T) {
	var w atomic.Uint32
	done := make(chan struct{})
	go func() {
		defer close(done)
		for w.Load() == 0 {
			if err := FutexWait(word(&w), 0, 0); err != nil {
				t.Errorf("FutexWait: %v", err)
				return
			}
		}
	}()
	// Until the sleeper is in the kernel, FutexWake finds nobody. A wake
	// that finds it makes it look at w (still 0) and sleep again.
	woke := 0
	waitFor(t, "a sleeper to wake", func() bool {
		n, err := FutexWake(word(&w), 1)
		if err != nil {
			t.Fatal(err)
		}
		woke += n
		return woke > 0
	})
	w.Store(1)
	if _, err := FutexWake(word(&w), 1); err != nil {
		t.Fatal(err)
	}
	<-done
}

// TestFutexWaitShort: the raw first part and the runtime's part after it
// both time out, return at once on a changed word, and can be woken; a
// wait in the raw part does not keep the process's other goroutines from
// running for longer than rawWaitMax.
func TestFutexWaitShort(t *testing.T) {
	one := uint32(1)
	if err := FutexWaitShort(&one, 0, 0); err != nil {
		t.Fatalf("on a changed word: %v", err)
	}
	for _, timeout := range []time.Duration{rawWaitMax / 4, 3 * rawWaitMax} {
		var w uint32
		start := time.Now()
		var err error
		for err == nil { // EINTR may end a wait early: wait again
			err = FutexWaitShort(&w, 0, timeout)
		}
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("timeout %v: %v", timeout, err)
		}
		if d := time.Since(start); d < timeout {
			t.Fatalf("timeout %v reported after %v", timeout, d)
		}
	}
	// Sleepers on every processor, waiting past the raw part: the waker
	// still gets to run.
	var w atomic.Uint32
	n := runtime.GOMAXPROCS(0) + 1
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w.Load() == 0 {
				if err := FutexWaitShort(word(&w), 0, 0); err != nil {
					t.Errorf("FutexWaitShort: %v", err)
					return
				}
			}
		}()
	}
	time.Sleep(3 * rawWaitMax) // let them go to sleep; not needed for correctness
	w.Store(1)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	waitFor(t, "the sleepers to wake", func() bool {
		if _, err := FutexWake(word(&w), n); err != nil {
			t.Fatal(err)
		}
		select {
		case <-done:
			return true
		default:
			return false
		}
	})
}
