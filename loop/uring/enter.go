package uring

import (
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ErrCQEDropped reports that the kernel had to drop completions because
// the CQ overflowed and it could not keep them (EBADR from io_uring_enter).
// It is reported once; the ring stays usable.
var ErrCQEDropped = errors.New("uring: completions were dropped (completion queue overflow)")

// ErrCQBusy reports that the kernel refused new submissions until the
// completion queue is reaped (EBUSY, older kernels with overflowed CQEs).
var ErrCQBusy = errors.New("uring: completion queue full, reap completions before submitting")

// enter makes one io_uring_enter system call. The first attempt of a wait
// is raw (unix.RawSyscall6): no entersyscall/exitsyscall, no P hand-off,
// which is most of the cost of a round trip (DESIGN.md §3). The goroutine
// keeps its P while it sleeps, so the runtime can only reclaim it by
// signalling the thread: io_uring_enter then fails with EINTR (it is not
// restarted, whatever SA_RESTART says), and the caller must call
// runtime.Gosched, the preemption point that lets a stop-the-world or the
// other goroutines of this P proceed, before it retries.
//
// A retry after such an interruption goes through the runtime
// (unix.Syscall6), which gives the P up while the thread sleeps. By then
// the wait has usually lasted a sysmon preemption period (10-20 ms) or a
// collection is running, so the hand-off cost no longer matters, and it
// ends what a long raw wait costs: sysmon preempting it every 10-20 ms,
// hundreds of wake-ups a second per idle backend, and the other goroutines
// of a GOMAXPROCS=1 process running only at those instants.
func (r *Ring) enter(toSubmit, minComplete, flags uint32, interrupted bool) (uint32, error) {
	var n uintptr
	var errno unix.Errno
	var arg, argSize uintptr
	if flags&enterExtArg != 0 {
		// r.waitArg lives in the Ring, on the heap, so it stays put.
		arg, argSize = uintptr(unsafe.Pointer(&r.waitArg)), unsafe.Sizeof(r.waitArg)
	}
	if interrupted {
		n, _, errno = unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd),
			uintptr(toSubmit), uintptr(minComplete), uintptr(flags), arg, argSize)
	} else {
		n, _, errno = unix.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd),
			uintptr(toSubmit), uintptr(minComplete), uintptr(flags), arg, argSize)
	}
	if errno != 0 {
		return 0, errno
	}
	return uint32(n), nil
}

// Submit hands the prepared SQEs to the kernel without waiting and returns
// how many it consumed.
func (r *Ring) Submit() (int, error) {
	return r.SubmitAndWait(0)
}

// SubmitAndWait submits the prepared SQEs and returns once at least
// minComplete completions are ready to be reaped (counting ones that were
// already waiting), or on error. It returns the number of SQEs submitted.
//
// With DEFER_TASKRUN, completions only become visible while the owner
// waits here (or in WaitCQE or GetEvents).
func (r *Ring) SubmitAndWait(minComplete uint32) (int, error) {
	return r.submitAndWait(minComplete, time.Time{})
}

// SubmitAndWaitTimeout is SubmitAndWait with the wait bounded by d: if
// fewer than minComplete completions are ready by then, it returns an
// error matching ErrWaitTimeout. It needs FeatExtArg (Linux 5.11) and
// uses no SQE, so it also bounds waits on operations that cannot take a
// linked timeout, such as an armed multishot recv.
func (r *Ring) SubmitAndWaitTimeout(minComplete uint32, d time.Duration) (int, error) {
	if r.features&FeatExtArg == 0 {
		return 0, errors.New("uring: kernel lacks IORING_FEAT_EXT_ARG for timed waits")
	}
	return r.submitAndWait(minComplete, time.Now().Add(d))
}

// ErrWaitTimeout is matched by the error of a timed wait that ran out.
var ErrWaitTimeout = errors.New("uring: wait timed out")

func (r *Ring) submitAndWait(minComplete uint32, deadline time.Time) (int, error) {
	if r.closed {
		return 0, ErrClosed
	}
	submitted := 0
	interrupted := false
	for {
		toSubmit := r.flush()
		ready := r.CQReady()
		if toSubmit == 0 && ready >= minComplete {
			return submitted, nil
		}
		var flags uint32
		var want uint32
		if ready < minComplete {
			// min_complete counts every unreaped CQE, not new ones.
			flags, want = enterGetEvents, minComplete
			if !deadline.IsZero() {
				// Recomputed on every round: an EINTR or a submit count
				// can cut a wait short.
				left := time.Until(deadline)
				if left <= 0 {
					return submitted, ErrWaitTimeout
				}
				r.waitTS = DurationToTimespec(left)
				r.waitArg = getEventsArg{TS: uint64(uintptr(unsafe.Pointer(&r.waitTS)))}
				flags |= enterExtArg
			}
		}
		n, err := r.enter(toSubmit, want, flags, interrupted)
		submitted += int(n)
		switch err {
		case nil:
			if n == 0 && toSubmit > 0 {
				return submitted, fmt.Errorf("uring: kernel consumed none of %d SQEs", toSubmit)
			}
			// Loop: if everything was submitted, a wait cut short by a
			// signal is hidden behind the submit count, so readiness is
			// checked again rather than assumed.
		case unix.EINTR:
			// Nothing was submitted (a submit count hides the EINTR of
			// the wait that followed it). The explicit yield is the
			// guarantee; that enter's own prologue is also a preemption
			// point is an accident of inlining.
			runtime.Gosched()
			interrupted = true
		case unix.EBADR:
			return submitted, ErrCQEDropped
		case unix.ETIME:
			return submitted, ErrWaitTimeout
		case unix.EBUSY:
			return submitted, fmt.Errorf("%w (%v)", ErrCQBusy, err)
		case unix.EEXIST:
			return submitted, fmt.Errorf("uring: io_uring_enter from a thread other than the ring's creator (SINGLE_ISSUER ring, LockOSThread missing?): %w", err)
		default:
			return submitted, fmt.Errorf("uring: io_uring_enter: %w", err)
		}
	}
}

// GetEvents enters the kernel without waiting so that deferred completion
// work runs and overflowed completions move into the CQ; PeekCQE alone
// never enters the kernel.
func (r *Ring) GetEvents() error {
	if r.closed {
		return ErrClosed
	}
	for {
		_, err := r.enter(0, 0, enterGetEvents, false)
		switch err {
		case nil:
			return nil
		case unix.EINTR:
			runtime.Gosched()
		case unix.EBADR:
			return ErrCQEDropped
		default:
			return fmt.Errorf("uring: io_uring_enter: %w", err)
		}
	}
}

// needsEnter reports whether the kernel holds completions we cannot see
// without entering: overflowed CQEs, or task work flagged by TASKRUN.
func (r *Ring) needsEnter() bool {
	return atomic.LoadUint32(r.sqFlags)&(sqCQOverflow|sqTaskrun) != 0
}
