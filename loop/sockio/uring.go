package sockio

import (
	"errors"
	"fmt"
	"net"
	"time"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// User data of this Conn's SQEs: a tag in the high half so that a
// completion that is not ours (a shared ring misused) is recognised.
const (
	udTag     = uint64(0x736f636b) << 32 // "sock"
	udSend    = udTag | 1
	udRecv    = udTag | 2
	udTimeout = udTag | 3
	udPoll    = udTag | 4
	udCancel  = udTag | 5
)

// ringEntries: a send, a recv and its link timeout (or a cancel) at most
// per call.
const ringEntries = 4

// Provided buffers of the multishot mode: 16 × 8 KiB, enough for a burst
// of pipelined requests; touched (made resident) only as data arrives.
const (
	msBuffers    = 16
	msBufferSize = 8 << 10
	msGroup      = 0x5151 // buffer group id on the ring
)

// UringOptions tunes NewUring. The zero value gives the Conn its own ring
// and the one-shot receive mode.
type UringOptions struct {
	// Ring, if set, is a ring the caller owns (one per process, say) and
	// lends to the Conn during each call. Nothing else may be in flight
	// or prepared on it while a Conn method runs: the Conn submits and
	// reaps everything on it. Close does not close it.
	Ring *uring.Ring
	// RingOptions are passed to uring.New when the Conn makes its own
	// ring; nil means the process's defaults (SINGLE_ISSUER,
	// DEFER_TASKRUN, COOP_TASKRUN, SUBMIT_ALL, or uring.UnlockedFlags).
	RingOptions *uring.Options
	// Multishot keeps one receive armed for the life of the Conn (a
	// multishot recv into provided buffers) instead of submitting one per
	// wait. Its receive timeout is a timed wait on the ring rather than a
	// linked timeout SQE. See uring_multishot.go.
	Multishot bool
}

// UringConn is a client socket driven through io_uring. It must be created
// and used on one locked OS thread (see the package documentation).
type UringConn struct {
	fd      int
	ring    *uring.Ring
	ownRing bool
	timeout time.Duration
	ts      uring.Timespec // the link timeout; the kernel copies it at submit
	closed  bool
	ms      *multishot // nil in one-shot mode

	// broken is set when the ring failed with SQEs possibly in flight;
	// pinned then keeps their buffers reachable for good, since the
	// kernel may still write into them.
	broken error
	pinned [][]byte
}

// NewUring wraps client socket fd (blocking or not) in a UringConn. Unless
// the process chose uring.UseUnlockedRings, the calling goroutine must be
// locked to its thread (runtime.LockOSThread), which must be the one that
// drives the Conn.
func NewUring(fd int, opt *UringOptions) (*UringConn, error) {
	var o UringOptions
	if opt != nil {
		o = *opt
	}
	c := &UringConn{fd: fd, ring: o.Ring}
	if c.ring == nil {
		r, err := uring.New(ringEntries, o.RingOptions)
		if err != nil {
			return nil, fmt.Errorf("sockio: %w", err)
		}
		c.ring, c.ownRing = r, true
	}
	if o.Multishot {
		br, err := c.ring.NewBufRing(msGroup, msBuffers, msBufferSize)
		if err != nil {
			if c.ownRing {
				c.ring.Close()
			}
			return nil, fmt.Errorf("sockio: multishot receive: %w", err)
		}
		c.ms = &multishot{br: br}
	}
	return c, nil
}

// Method reports "io_uring".
func (c *UringConn) Method() string { return MethodIOUring }

// Fd returns the client socket.
func (c *UringConn) Fd() int { return c.fd }

// Ring returns the ring the Conn runs on.
func (c *UringConn) Ring() *uring.Ring { return c.ring }

// SetRecvTimeout bounds later receives; 0 disables the bound.
func (c *UringConn) SetRecvTimeout(d time.Duration) {
	if d < 0 {
		d = 0
	}
	c.timeout = d
	c.ts = uring.DurationToTimespec(d)
}

// errRingBusy: a lent ring had other SQEs or completions pending when a
// Conn method started, which UringOptions.Ring forbids.
var errRingBusy = errors.New("sockio: the Conn's ring has other work pending")

func (c *UringConn) usable() error {
	if c.closed {
		return net.ErrClosed
	}
	return c.broken
}

// Recv waits for at least one byte.
func (c *UringConn) Recv(buf []byte) (int, error) {
	if err := c.usable(); err != nil {
		return 0, err
	}
	if len(buf) == 0 {
		return 0, errEmptyBuffer
	}
	if c.ms != nil {
		return c.msRecv(buf)
	}
	return c.exchange(nil, buf, false)
}

// Send writes all of b.
func (c *UringConn) Send(b []byte) error {
	if err := c.usable(); err != nil {
		return err
	}
	if c.ms != nil {
		return c.msExchange(b, false)
	}
	_, err := c.exchange(b, nil, false)
	return err
}

// SendRecv queues out and waits for the next request, one io_uring_enter
// in the common case.
func (c *UringConn) SendRecv(out, in []byte) (int, error) {
	if err := c.usable(); err != nil {
		return 0, err
	}
	if len(in) == 0 {
		return 0, errEmptyBuffer
	}
	if c.ms != nil {
		if err := c.msExchange(out, true); err != nil {
			return 0, err
		}
		return c.msRecv(in)
	}
	return c.exchange(out, in, true)
}

// fail marks the Conn unusable after a ring error that may leave our SQEs
// in flight, pinning their buffers so that a late kernel write cannot land
// in reused memory.
func (c *UringConn) fail(err error, out, in []byte) error {
	c.broken = fmt.Errorf("sockio: io_uring connection unusable: %w", err)
	c.pinned = append(c.pinned, out, in)
	return c.broken
}

// Close closes the socket, and the ring if the Conn owns it. In multishot
// mode it first cancels the armed receive and waits for it to end, so the
// kernel is done with the provided buffers before they are unmapped; that
// needs the Conn's thread.
func (c *UringConn) Close() error {
	if c.closed {
		return net.ErrClosed
	}
	c.closed = true
	var rerr error
	if c.ms != nil {
		rerr = c.msClose()
	}
	if c.ownRing {
		if err := c.ring.Close(); rerr == nil {
			rerr = err
		}
	}
	if err := unix.Close(c.fd); err != nil {
		return fmt.Errorf("sockio: close: %w", err)
	}
	return rerr
}
