package uring

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// newRing sets up a ring with the default flags on a thread locked for the
// rest of the test, as SINGLE_ISSUER requires.
func newRing(t *testing.T, entries uint32) *Ring {
	t.Helper()
	if err := Supported(); err != nil {
		t.Skip(err)
	}
	runtime.LockOSThread() // released when the test goroutine exits
	r, err := New(entries, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// sqe returns a fresh SQE or fails the test.
func sqe(t *testing.T, r *Ring) *SQE {
	t.Helper()
	s := r.GetSQE()
	if s == nil {
		t.Fatal("SQ full")
	}
	return s
}

// reap waits for n completions and returns them by user data, failing on
// duplicates.
func reap(t *testing.T, r *Ring, n int) map[uint64]CQE {
	t.Helper()
	got := make(map[uint64]CQE, n)
	for len(got) < n {
		c, err := r.WaitCQE()
		if err != nil {
			t.Fatalf("WaitCQE: %v", err)
		}
		if _, dup := got[c.UserData]; dup {
			t.Fatalf("duplicate completion for user data %d", c.UserData)
		}
		got[c.UserData] = *c
		r.Advance(1)
	}
	return got
}

// socketpair returns a connected AF_UNIX stream pair closed at test end.
func socketpair(t *testing.T, nonblock bool) (int, int) {
	t.Helper()
	typ := unix.SOCK_STREAM | unix.SOCK_CLOEXEC
	if nonblock {
		typ |= unix.SOCK_NONBLOCK
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, typ, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

func wantRes(t *testing.T, what string, c CQE, want int32) {
	t.Helper()
	if c.Res != want {
		t.Fatalf("%s: res %d (%v), want %d (%v)", what, c.Res, errnoOf(c.Res), want, errnoOf(want))
	}
}

func errnoOf(res int32) error {
	if res >= 0 {
		return nil
	}
	return unix.Errno(-res)
}
