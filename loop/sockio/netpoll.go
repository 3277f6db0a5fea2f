package sockio

import (
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// NetpollConn is the client socket through Go's netpoller: an os.File on
// the non-blocking descriptor, whose Read parks the goroutine on EAGAIN
// and lets the runtime's poller wake it. It is the runtime's own, safe way
// (timers and collections never wait for it) but pays the netpoller's
// wake-up and scheduling on every request.
type NetpollConn struct {
	f           *os.File
	fd          int
	timeout     time.Duration
	deadlineSet bool
}

// NewNetpoll wraps client socket fd, switching it to non-blocking mode so
// that os.NewFile registers it with the netpoller. The descriptor is not
// duplicated.
func NewNetpoll(fd int) (*NetpollConn, error) {
	if err := unix.SetNonblock(fd, true); err != nil {
		return nil, fmt.Errorf("sockio: set non-blocking: %w", err)
	}
	f := os.NewFile(uintptr(fd), "client")
	// Deadlines work only on a pollable file: this checks registration.
	if err := f.SetReadDeadline(time.Time{}); err != nil {
		return nil, fmt.Errorf("sockio: descriptor %d not pollable: %w", fd, err)
	}
	return &NetpollConn{f: f, fd: fd}, nil
}

// Method reports "sync-netpoll".
func (c *NetpollConn) Method() string { return "sync-netpoll" }

// Fd returns the client socket.
func (c *NetpollConn) Fd() int { return c.fd }

// SetRecvTimeout bounds later receives; 0 disables the bound.
func (c *NetpollConn) SetRecvTimeout(d time.Duration) {
	if d < 0 {
		d = 0
	}
	c.timeout = d
}

// Recv waits for at least one byte.
func (c *NetpollConn) Recv(buf []byte) (int, error) {
	if len(buf) == 0 {
		return 0, errEmptyBuffer
	}
	if c.timeout > 0 {
		c.f.SetReadDeadline(time.Now().Add(c.timeout))
		c.deadlineSet = true
	} else if c.deadlineSet {
		c.f.SetReadDeadline(time.Time{})
		c.deadlineSet = false
	}
	n, err := c.f.Read(buf)
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return 0, timeoutError{c.timeout}
		}
		if errors.Is(err, os.ErrClosed) {
			return 0, net.ErrClosed
		}
		return 0, err // io.EOF unwrapped, as io.Reader promises
	}
	return n, nil
}

// Send writes all of b; os.File.Write loops over short writes.
func (c *NetpollConn) Send(b []byte) error {
	if _, err := c.f.Write(b); err != nil {
		if errors.Is(err, os.ErrClosed) {
			return net.ErrClosed
		}
		return fmt.Errorf("sockio: send: %w", err)
	}
	return nil
}

// SendRecv sends out, then waits for the next request.
func (c *NetpollConn) SendRecv(out, in []byte) (int, error) {
	if len(in) == 0 {
		return 0, errEmptyBuffer
	}
	if err := c.Send(out); err != nil {
		return 0, err
	}
	return c.Recv(in)
}

// Close closes the socket.
func (c *NetpollConn) Close() error {
	if err := c.f.Close(); err != nil {
		if errors.Is(err, os.ErrClosed) {
			return net.ErrClosed
		}
		return err
	}
	return nil
}
