package uring

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestGCWhileWaiting checks the property the package exists for: a
// goroutine blocked in SubmitAndWait (a raw io_uring_enter, holding its P)
// does not stop a garbage collection from completing, because the
// runtime's preemption signal makes the enter return EINTR and the retry
// loop yields.
//
// With GOMAXPROCS=2 the test first sees the waiter's thread asleep in
// io_uring_enter, then collects: the stop-the-world must take the waiter's
// P. With GOMAXPROCS=1 (how a backend may be configured) the waiter holds
// the only P, so this goroutine runs at all only because sysmon's
// preemption of the waiter ends in a Gosched; it cannot observe the waiter
// asleep, since it only runs while the waiter is not.
func TestGCWhileWaiting(t *testing.T) {
	if err := Supported(); err != nil {
		t.Skip(err)
	}
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			a, b := socketpair(t, false)

			type result struct {
				cqe CQE
				err error
			}
			tids := make(chan int, 1)
			done := make(chan result, 1)
			go func() {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				r, err := New(4, nil)
				if err != nil {
					tids <- -1
					done <- result{err: err}
					return
				}
				defer r.Close()
				buf := make([]byte, 8)
				s := r.GetSQE()
				s.PrepRecv(b, buf, 0)
				s.SetUserData(7)
				tids <- unix.Gettid()
				c, err := r.WaitCQE() // nothing arrives until the GCs are done
				if err != nil {
					done <- result{err: err}
					return
				}
				done <- result{cqe: *c}
				r.Advance(1)
			}()
			tid := <-tids
			if tid < 0 {
				t.Fatal((<-done).err)
			}

			// Wait until the waiter thread sleeps inside io_uring_enter, so
			// that the collections below really meet a blocked waiter.
			deadline := time.Now().Add(time.Minute)
			for procs > 1 && !inSyscall(tid, unix.SYS_IO_URING_ENTER) {
				if time.Now().After(deadline) {
					t.Fatal("waiter never blocked in io_uring_enter")
				}
				runtime.Gosched()
			}

			// If the waiter held its P through the stop-the-world, this
			// would never return (the test binary's -timeout then fires).
			for i := 0; i < 3; i++ {
				runtime.GC()
			}
			if len(done) > 0 {
				t.Fatalf("waiter returned before the request was sent: %+v", <-done)
			}

			if _, err := unix.Write(a, []byte("q")); err != nil {
				t.Fatal(err)
			}
			res := <-done
			if res.err != nil {
				t.Fatal(res.err)
			}
			if res.cqe.UserData != 7 || res.cqe.Res != 1 {
				t.Fatalf("recv completion %+v", res.cqe)
			}
		})
	}
}

// inSyscall reports whether thread tid of this process is blocked in
// system call nr, from /proc/self/task/TID/syscall.
func inSyscall(tid int, nr int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/syscall", tid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) > 0 && f[0] == fmt.Sprint(nr)
}
