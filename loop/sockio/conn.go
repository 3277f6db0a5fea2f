package sockio

import (
	"errors"
	"fmt"
	"time"

	"ringpg/loop/uring"
)

// Conn is a backend's client socket.
type Conn interface {
	// Recv waits for at least one byte and returns how many it read into
	// buf; io.EOF when the client has closed its end.
	Recv(buf []byte) (int, error)
	// Send writes all of b.
	Send(b []byte) error
	// SendRecv sends all of out, then waits for the next request into in
	// as Recv does. It is the hot path of every query: the io_uring
	// implementation does both in one system call.
	SendRecv(out, in []byte) (int, error)
	// SetRecvTimeout bounds each later wait for data (Recv, and the
	// receive half of SendRecv); 0 means no bound. An expired wait
	// returns an error for which errors.Is(err, ErrTimeout) holds, and
	// the Conn stays usable.
	SetRecvTimeout(d time.Duration)
	// Method names the implementation: "io_uring", "sync" or
	// "sync-netpoll".
	Method() string
	// Close closes the socket (and a ring the Conn owns).
	Close() error
}

// io_method values, PostgreSQL 18's setting names.
const (
	MethodIOUring = "io_uring"
	MethodSync    = "sync"
)

// ErrTimeout is matched (errors.Is) by the error of a receive that waited
// longer than the Conn's receive timeout.
var ErrTimeout = errors.New("sockio: receive timed out")

// timeoutError is ErrTimeout that also says how long was waited and
// satisfies net.Error (Timeout() is true).
type timeoutError struct{ d time.Duration }

func (e timeoutError) Error() string        { return fmt.Sprintf("sockio: no data received within %v", e.d) }
func (e timeoutError) Is(target error) bool { return target == ErrTimeout }
func (e timeoutError) Timeout() bool        { return true }
func (e timeoutError) Temporary() bool      { return true } // net.Error asks for it

// errEmptyBuffer: a zero-length receive would complete at once with 0 and
// look like end of stream.
var errEmptyBuffer = errors.New("sockio: receive into an empty buffer")

// FallbackError is returned by New, together with a working sync Conn,
// when io_uring was asked for but cannot be used here. Log it; it is not a
// failure.
type FallbackError struct {
	Cause error // why io_uring is unusable
}

func (e *FallbackError) Error() string {
	return fmt.Sprintf("io_method=io_uring unavailable, using sync: %v", e.Cause)
}

func (e *FallbackError) Unwrap() error { return e.Cause }

// uringSupported is uring.Supported, replaceable by tests.
var uringSupported = uring.Supported

// New wraps client socket fd with the io_method named by method.
//
// With "io_uring" the caller must be locked to its OS thread (see the
// package documentation). If io_uring is unusable, New returns a sync Conn
// and a *FallbackError saying why: callers check
// errors.As(err, new(*FallbackError)) before treating err as fatal. On any
// other error the Conn is nil and fd is left open.
func New(fd int, method string) (Conn, error) {
	switch method {
	case MethodIOUring:
		cause := uringSupported()
		if cause == nil {
			c, err := NewUring(fd, nil)
			if err == nil {
				return c, nil
			}
			cause = err
		}
		c, err := NewSync(fd)
		if err != nil {
			return nil, err
		}
		return c, &FallbackError{Cause: cause}
	case MethodSync:
		return NewSync(fd)
	}
	return nil, fmt.Errorf("sockio: unknown io_method %q (want %q or %q)", method, MethodIOUring, MethodSync)
}

// NewSync wraps fd with the default sync implementation, PolledConn: safe
// for the runtime like NetpollConn, at a third of its CPU per round trip
// (see the package documentation).
func NewSync(fd int) (Conn, error) {
	return NewPolled(fd)
}
