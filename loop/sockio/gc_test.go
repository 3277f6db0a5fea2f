package sockio

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestGCWhileRecv: a backend waiting for its client's next message must
// not hold up a garbage collection, however long the client is silent.
// The test waits until the waiting thread sleeps in the implementation's
// wait system call, collects three times, and only then lets the client
// speak. A raw blocking read(2) would hang here (DESIGN.md §3).
func TestGCWhileRecv(t *testing.T) {
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) {
			im.skipUnsupported(t)
			srv, peer := unixPair(false)(t)
			type result struct {
				n   int
				err error
			}
			tids := make(chan int, 1)
			done := make(chan result, 1)
			go func() {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				c, err := im.new(srv)
				if err != nil {
					tids <- -1
					done <- result{0, err}
					return
				}
				defer c.Close()
				tids <- unix.Gettid()
				n, err := c.Recv(make([]byte, 8))
				done <- result{n, err}
			}()
			tid := <-tids
			if tid < 0 {
				t.Fatal((<-done).err)
			}
			if im.waitSyscall >= 0 {
				deadline := time.Now().Add(time.Minute)
				for !inSyscall(tid, im.waitSyscall) {
					if time.Now().After(deadline) {
						t.Fatalf("waiter never blocked in system call %d", im.waitSyscall)
					}
					runtime.Gosched()
				}
			}
			for i := 0; i < 3; i++ {
				runtime.GC()
			}
			if len(done) > 0 {
				t.Fatalf("Recv returned before the client spoke: %+v", <-done)
			}
			peerWrite(t, peer, []byte("Q"))
			if r := <-done; r.n != 1 || r.err != nil {
				t.Fatalf("Recv = %d, %v", r.n, r.err)
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
