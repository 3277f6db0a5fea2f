package smgr

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// io_method values (PostgreSQL 18's setting names).
const (
	MethodIOUring = "io_uring"
	MethodSync    = "sync"
)

// OpKind is what an Op does.
type OpKind uint8

// Kinds of Op.
const (
	OpRead     OpKind = iota // pread len(Buf) bytes at Off
	OpWrite                  // pwrite all of Buf at Off
	OpDatasync               // fdatasync Fd; Buf and Off unused
)

// Op is one request to an IO engine. The engine fills N and Err.
//
// A read stops early only at end of file: N < len(Buf) with a nil Err
// means the file ended there. A write is complete or failed: a write that
// the kernel keeps cutting short without an errno reports ENOSPC, as
// PostgreSQL assumes. Err is a unix.Errno.
type Op struct {
	Kind OpKind
	Fd   int
	Buf  []byte
	Off  int64

	N   int
	Err error
}

// IO is the engine that performs file I/O for a Manager, chosen by
// io_method. Implementations: UringIO and SyncIO; tests add their own to
// inject errors or lose unsynced writes.
//
// Buffers must stay untouched until the call that was given them returns;
// no engine keeps a reference after that, except a UringIO whose ring
// failed with requests in flight (see UringIO).
type IO interface {
	// Method returns the io_method name of the engine.
	Method() string
	// Do performs ops, as many of them at once as the engine can, in no
	// particular order, and sets each op's N and Err. Its own error
	// means the engine failed (ops may then be partly done).
	Do(ops []Op) error
	// WriteDatasync writes all of buf at off and then fdatasyncs fd, the
	// sync ordered after the write (one submission on io_uring: a WAL
	// flush).
	WriteDatasync(fd int, buf []byte, off int64) (int, error)
	// Close releases the engine's resources.
	Close() error
}

// FallbackError is returned by NewIO, together with a working SyncIO,
// when io_uring was asked for but cannot be used here. Log it; it is not
// a failure.
type FallbackError struct {
	Cause error // why io_uring is unusable
}

func (e *FallbackError) Error() string {
	return fmt.Sprintf("io_method=io_uring unavailable for relation files, using sync: %v", e.Cause)
}

func (e *FallbackError) Unwrap() error { return e.Cause }

// uringSupported is uring.Supported, replaceable by tests.
var uringSupported = uring.Supported

// DefaultRingEntries sizes the ring of a UringIO made by NewIO: enough
// for a read-ahead batch and the sync of a large relation's segments.
const DefaultRingEntries = 64

// NewIO returns the engine named by method. With "io_uring" the caller
// must be locked to its OS thread unless the process chose
// uring.UseUnlockedRings (by default the ring is single-issuer), and when
// io_uring is unusable NewIO returns a SyncIO with a *FallbackError
// saying why: callers check errors.As(err, new(*FallbackError)) before
// treating err as fatal.
func NewIO(method string) (IO, error) {
	switch method {
	case MethodIOUring:
		cause := uringSupported()
		if cause == nil {
			u, err := NewUringIO(DefaultRingEntries)
			if err == nil {
				return u, nil
			}
			cause = err
		}
		return NewSyncIO(), &FallbackError{Cause: cause}
	case MethodSync:
		return NewSyncIO(), nil
	}
	return nil, fmt.Errorf("smgr: unknown io_method %q (want %q or %q)", method, MethodIOUring, MethodSync)
}

// SyncIO performs each request with its own system call (pread, pwrite,
// fdatasync) through the Go runtime, which lets other goroutines run
// while the thread waits on the disk. It has no thread rule and no state.
type SyncIO struct{}

// NewSyncIO returns the sync engine.
func NewSyncIO() *SyncIO { return &SyncIO{} }

// Method implements IO.
func (*SyncIO) Method() string { return MethodSync }

// Do implements IO, one op after another.
func (*SyncIO) Do(ops []Op) error {
	for i := range ops {
		doCalls(&ops[i], runtimeCalls)
	}
	return nil
}

// WriteDatasync implements IO.
func (*SyncIO) WriteDatasync(fd int, buf []byte, off int64) (int, error) {
	return writeDatasync(fd, buf, off, runtimeCalls)
}

// writeDatasync writes all of buf at off, then fdatasyncs fd.
func writeDatasync(fd int, buf []byte, off int64, c *calls) (int, error) {
	op := Op{Kind: OpWrite, Fd: fd, Buf: buf, Off: off}
	doCalls(&op, c)
	if op.Err != nil {
		return op.N, op.Err
	}
	op = Op{Kind: OpDatasync, Fd: fd}
	doCalls(&op, c)
	return len(buf), op.Err
}

// Close implements IO.
func (*SyncIO) Close() error { return nil }

// doCalls performs one op with c's system calls, finishing partial
// transfers and retrying interrupted calls.
func doCalls(op *Op, c *calls) {
	op.N, op.Err = 0, nil
	for {
		var n int
		var err error
		switch op.Kind {
		case OpRead:
			if op.N == len(op.Buf) {
				return
			}
			n, err = c.pread(op.Fd, op.Buf[op.N:], op.Off+int64(op.N))
		case OpWrite:
			if op.N == len(op.Buf) {
				return
			}
			n, err = c.pwrite(op.Fd, op.Buf[op.N:], op.Off+int64(op.N))
		case OpDatasync:
			err = c.fdatasync(op.Fd)
			if err == nil {
				return
			}
		default:
			op.Err = unix.EINVAL
			return
		}
		if retryable(err) {
			continue
		}
		if !step(op, n, err) {
			return
		}
	}
}

// step accounts for one completed system call (or io_uring completion) of
// op: n bytes moved, or err. It returns whether op needs another call.
func step(op *Op, n int, err error) bool {
	if err != nil {
		op.Err = errnoOf(err)
		return false
	}
	switch op.Kind {
	case OpRead:
		if n == 0 {
			return false // end of file
		}
	case OpWrite:
		if n == 0 {
			op.Err = unix.ENOSPC // no progress and no errno: a full disk
			return false
		}
	default:
		return false
	}
	op.N += n
	return op.N < len(op.Buf)
}

// retryable reports errors after which the same call is simply made
// again.
func retryable(err error) bool {
	return errors.Is(err, unix.EINTR) || errors.Is(err, unix.EAGAIN)
}
