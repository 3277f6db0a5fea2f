package uring

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestUnlockedRingMigration: a ring set up with UnlockedFlags gets the
// completion of a receive submitted on one thread while another thread
// waits for it, whether the submitting thread is asleep or busy running
// other code. This is what happens to a backend whose goroutine moves to
// another thread between arming its receive and waiting for it.
func TestUnlockedRingMigration(t *testing.T) {
	if err := Supported(); err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct {
		name string
		busy bool // the submitting thread spins instead of sleeping
	}{{"submitter asleep", false}, {"submitter busy", true}} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(8, &Options{Flags: UnlockedFlags})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Flags()&(SetupSingleIssuer|SetupDeferTaskrun|SetupCoopTaskrun) != 0 {
				t.Fatalf("flags %#x tie the ring to a thread", r.Flags())
			}
			a, b := socketpair(t, false)
			buf := make([]byte, 16)

			// Thread 1 arms the receive, then sleeps or spins until told
			// to stop.
			armed := make(chan int, 1)
			stop := make(chan struct{})
			var spin atomic.Bool
			spin.Store(true)
			go func() {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				s := r.GetSQE()
				s.PrepRecv(a, buf, 0)
				s.SetUserData(7)
				if _, err := r.Submit(); err != nil {
					t.Error(err)
				}
				armed <- unix.Gettid()
				if tc.busy {
					for spin.Load() {
					}
				}
				<-stop
			}()
			submitter := <-armed
			defer close(stop)
			defer spin.Store(false)

			// This thread (another one: both goroutines are locked) sends
			// the data and waits for the receive's completion.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			if unix.Gettid() == submitter {
				t.Fatal("waiting on the submitting thread")
			}
			if _, err := unix.Write(b, []byte("migrated")); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if _, err := r.SubmitAndWaitTimeout(1, 10*time.Second); err != nil {
				t.Fatalf("waiting on another thread: %v", err)
			}
			c, ok := r.PopCQE()
			if !ok || c.UserData != 7 || c.Res != int32(len("migrated")) || string(buf[:c.Res]) != "migrated" {
				t.Fatalf("completion %+v %v, buffer %q", c, ok, buf)
			}
			t.Logf("completion after %v", time.Since(start))
		})
	}
}
