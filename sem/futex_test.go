package sem

import (
	"errors"
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
