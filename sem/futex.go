package sem

import (
	"errors"
	"fmt"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Futex operations from linux/futex.h. FUTEX_PRIVATE_FLAG (128) is left out
// on purpose: a private futex is keyed by (mm, virtual address) and would
// never match a waiter in another process, whereas a shared futex is keyed
// by the backing page and offset, which is what every process mapping the
// segment has in common.
const (
	futexWaitOp = 0 // FUTEX_WAIT
	futexWakeOp = 1 // FUTEX_WAKE
)

// ErrTimeout is returned by FutexWait when its timeout expires. It wraps
// unix.ETIMEDOUT, so errors.Is(err, unix.ETIMEDOUT) holds as well.
var ErrTimeout error = fmt.Errorf("sem: futex wait timed out: %w", unix.ETIMEDOUT)

// FutexWait sleeps while *addr == val, until a FutexWake on the same word,
// a signal, or the timeout (timeout <= 0 means no timeout).
//
// It returns nil when woken, when *addr already differed from val (EAGAIN),
// and when interrupted (EINTR): all of these are ordinary, and the caller
// re-checks its condition and decides whether to wait again. It returns
// ErrTimeout when the timeout expired, and a *os.SyscallError for anything
// else (EFAULT, EINVAL: a bad address, a caller bug).
//
// addr must be 4-byte aligned. It may point into a MAP_SHARED mapping (the
// cross-process case) or into ordinary Go memory (tests, single process).
//
// The call goes through unix.Syscall6, not RawSyscall6, so that the Go
// runtime counts this thread as blocked in the kernel: its processor is
// handed to other goroutines and a stop-the-world garbage collection does not
// wait for the sleeper to come back.
func FutexWait(addr *uint32, val uint32, timeout time.Duration) error {
	var ts *unix.Timespec
	if timeout > 0 {
		t := unix.NsecToTimespec(int64(timeout)) // FUTEX_WAIT takes a relative CLOCK_MONOTONIC timeout
		ts = &t
	}
	_, _, e := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp,
		uintptr(val), uintptr(unsafe.Pointer(ts)), 0, 0)
	switch e {
	case 0, unix.EAGAIN, unix.EINTR:
		return nil
	case unix.ETIMEDOUT:
		return ErrTimeout
	}
	return os.NewSyscallError("futex wait", e)
}

// FutexWaitShort is FutexWait for waits that are usually short: a WAL
// flush, a buffer's I/O, a lightweight lock, a transaction's commit.
//
// For up to rawWaitMax (20 ms) it sleeps in a raw system call, which keeps the
// thread's processor: no hand-off to sysmon, no second thread woken to take
// the processor and put to sleep again (on the commit path that cost four
// or five context switches per transaction, and about 15% of pgbench -N's
// throughput). The runtime cannot take that processor back meanwhile: the
// kernel restarts an interrupted FUTEX_WAIT after the preemption signal's
// handler, so a stop-the-world or the process's other goroutines may wait
// for the raw sleep to end, which is why it is bounded. A wait that lasts
// longer goes on through FutexWait (the runtime's path), for the time that
// is left. Results are FutexWait's.
func FutexWaitShort(addr *uint32, val uint32, timeout time.Duration) error {
	raw := rawWaitMax
	if timeout > 0 && timeout < raw {
		raw = timeout
	}
	ts := unix.NsecToTimespec(int64(raw))
	_, _, e := unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp,
		uintptr(val), uintptr(unsafe.Pointer(&ts)), 0, 0)
	switch e {
	case 0, unix.EAGAIN, unix.EINTR:
		return nil
	case unix.ETIMEDOUT:
		if timeout <= 0 {
			return FutexWait(addr, val, 0)
		}
		if timeout <= raw {
			return ErrTimeout
		}
		return FutexWait(addr, val, timeout-raw)
	}
	return os.NewSyscallError("futex wait", e)
}

// rawWaitMax bounds the raw part of FutexWaitShort: longer than a WAL
// flush or a commit wait even on a loaded machine (0.2 ms idle, several
// ms under load), short enough that a stop-the-world of the process's
// own collection is not held up noticeably. A wait that goes on through
// the runtime costs more than its hand-off: when the thread comes back,
// it wakes sysmon, which then polls every 20 µs for a millisecond. Under
// pgbench -N on a loaded machine, a bound of 2 ms sent 1.7–2% of a
// backend's samples through that path and sysmon took 15–16% of them; at
// 20 ms, 0.1–0.5% and 7–13%.
const rawWaitMax = 20 * time.Millisecond

// FutexWake wakes at most n processes (or threads) sleeping in FutexWait on
// addr and returns how many it woke.
//
// Waking never blocks, so it is made as a raw system call: the runtime's
// bookkeeping for a possibly blocking call would cost more than the wake.
func FutexWake(addr *uint32, n int) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	r, _, e := unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWakeOp,
		uintptr(n), 0, 0, 0)
	if e != 0 {
		return 0, os.NewSyscallError("futex wake", e)
	}
	return int(r), nil
}

// mustWake is FutexWake for words this package owns: the only possible
// failures are a bad address or an unsupported kernel, both of which mean
// shared memory is not what we think it is and nothing built on it can be
// trusted, so it panics (the postmaster then restarts the server).
func mustWake(addr *uint32, n int) {
	if _, err := FutexWake(addr, n); err != nil {
		panic(errors.Join(errors.New("sem: cannot wake a futex in shared memory"), err))
	}
}

// mustWait is FutexWait for words this package owns: nil and ErrTimeout are
// both ordinary (the caller re-checks its condition and its deadline), any
// other error panics for the reason given at mustWake.
func mustWait(addr *uint32, val uint32, timeout time.Duration) {
	if err := FutexWaitShort(addr, val, timeout); err != nil && err != ErrTimeout {
		panic(errors.Join(errors.New("sem: cannot wait on a futex in shared memory"), err))
	}
}
