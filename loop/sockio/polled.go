package sockio

import (
	"fmt"
	"io"
	"net"
	"runtime"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// PolledConn is the sync io_method: the socket in non-blocking mode, read
// and send(2) made raw (no entersyscall: they never block), and the wait
// for data done in ppoll(2). ppoll, unlike read(2), is never restarted
// after a signal handler ran, so the runtime's preemption signal ends a
// wait with EINTR, and the wait then yields (runtime.Gosched) before going
// on. The first ppoll of a wait is raw, which is what makes the round trip
// cheap; after an interruption the wait continues through the runtime's
// syscall path, which hands the P back while the thread sleeps (see
// loop/uring's enter for the same reasoning).
//
// It costs one more system call per request than a blocking read (the
// ppoll), which UringConn's SendRecv avoids.
type PolledConn struct {
	fd      int
	timeout time.Duration
	// replied records a Send since the last Recv: the client has not seen
	// the reply yet, so its next request cannot be there and Recv polls
	// before reading instead of failing a read with EAGAIN first.
	replied bool
	closed  bool
}

// NewPolled wraps client socket fd, switching it to non-blocking mode.
func NewPolled(fd int) (*PolledConn, error) {
	if err := unix.SetNonblock(fd, true); err != nil {
		return nil, fmt.Errorf("sockio: set non-blocking: %w", err)
	}
	return &PolledConn{fd: fd}, nil
}

// Method reports "sync".
func (c *PolledConn) Method() string { return MethodSync }

// Fd returns the client socket.
func (c *PolledConn) Fd() int { return c.fd }

// SetRecvTimeout bounds later receives; 0 disables the bound.
func (c *PolledConn) SetRecvTimeout(d time.Duration) {
	if d < 0 {
		d = 0
	}
	c.timeout = d
}

// Recv waits for at least one byte.
func (c *PolledConn) Recv(buf []byte) (int, error) {
	if c.closed {
		return 0, net.ErrClosed
	}
	if len(buf) == 0 {
		return 0, errEmptyBuffer
	}
	var deadline time.Time
	if c.timeout > 0 {
		deadline = time.Now().Add(c.timeout)
	}
	pollFirst := c.replied
	c.replied = false
	for {
		if !pollFirst {
			n, _, errno := unix.RawSyscall(unix.SYS_READ, uintptr(c.fd),
				uintptr(unsafe.Pointer(unsafe.SliceData(buf))), uintptr(len(buf)))
			switch errno {
			case 0:
				if n == 0 {
					return 0, io.EOF
				}
				return int(n), nil
			case unix.EINTR:
				continue
			case unix.EAGAIN:
			default:
				return 0, fmt.Errorf("sockio: read: %w", errno)
			}
		}
		pollFirst = false
		if err := c.wait(unix.POLLIN, deadline); err != nil {
			return 0, err
		}
	}
}

// Send writes all of b.
func (c *PolledConn) Send(b []byte) error {
	if c.closed {
		return net.ErrClosed
	}
	for len(b) > 0 {
		// send(2) rather than write(2) for MSG_NOSIGNAL: no SIGPIPE when
		// the client has gone.
		n, _, errno := unix.RawSyscall6(unix.SYS_SENDTO, uintptr(c.fd),
			uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), unix.MSG_NOSIGNAL, 0, 0)
		switch errno {
		case 0:
			b = b[n:]
		case unix.EINTR:
		case unix.EAGAIN:
			if err := c.wait(unix.POLLOUT, time.Time{}); err != nil {
				return err
			}
		default:
			return fmt.Errorf("sockio: send: %w", errno)
		}
	}
	c.replied = true
	return nil
}

// SendRecv sends out, then waits for the next request.
func (c *PolledConn) SendRecv(out, in []byte) (int, error) {
	if len(in) == 0 {
		return 0, errEmptyBuffer
	}
	if err := c.Send(out); err != nil {
		return 0, err
	}
	return c.Recv(in)
}

// wait blocks in ppoll until fd reports events (or an error or hang-up,
// which the next read or send reports), or until deadline if it is set.
func (c *PolledConn) wait(events int16, deadline time.Time) error {
	pfd := unix.PollFd{Fd: int32(c.fd), Events: events}
	interrupted := false
	for {
		var tsp *unix.Timespec
		var ts unix.Timespec
		if !deadline.IsZero() {
			left := time.Until(deadline)
			if left <= 0 {
				return timeoutError{c.timeout}
			}
			ts = unix.NsecToTimespec(int64(left))
			tsp = &ts
		}
		var n uintptr
		var errno unix.Errno
		if interrupted {
			n, _, errno = unix.Syscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&pfd)), 1,
				uintptr(unsafe.Pointer(tsp)), 0, 0, 0)
		} else {
			n, _, errno = unix.RawSyscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&pfd)), 1,
				uintptr(unsafe.Pointer(tsp)), 0, 0, 0)
		}
		switch {
		case errno == unix.EINTR:
			runtime.Gosched() // the preemption point; see the type's comment
			interrupted = true
		case errno != 0:
			return fmt.Errorf("sockio: ppoll: %w", errno)
		case n == 0:
			return timeoutError{c.timeout}
		default:
			return nil
		}
	}
}

// Close closes the socket.
func (c *PolledConn) Close() error {
	if c.closed {
		return net.ErrClosed
	}
	c.closed = true
	if err := unix.Close(c.fd); err != nil {
		return fmt.Errorf("sockio: close: %w", err)
	}
	return nil
}
