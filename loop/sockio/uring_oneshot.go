package sockio

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// The one-shot mode: each receive is its own SQE, linked after the reply's
// send and bounded by a linked timeout.

// exchange sends all of out (if any) and then, if in is not nil, receives
// into it. The send and the receive are one linked chain: the kernel
// starts the receive once the whole reply is queued (MSG_WAITALL makes it
// finish a short send itself), and cancels it if the send fails.
// pollFirst says the peer cannot have answered yet (we just replied), so
// the kernel arms its poll before trying to read.
func (c *UringConn) exchange(out, in []byte, pollFirst bool) (int, error) {
	for {
		if c.ring.SQSpace() < 3 || c.ring.CQReady() != 0 {
			return 0, errRingBusy
		}
		nsqe := c.prepare(out, in, pollFirst)
		res, err := c.run(nsqe, out, in)
		if err != nil {
			return 0, err
		}

		if len(out) > 0 {
			sent := res[0]
			if sent < 0 {
				// A failed send cancels the linked recv; its error is
				// the one that matters.
				return 0, fmt.Errorf("sockio: send: %w", unix.Errno(-sent))
			}
			if sent == 0 {
				return 0, fmt.Errorf("sockio: send: %w", io.ErrShortWrite)
			}
			out = out[sent:]
			if len(out) > 0 {
				// Short send (interrupted): the recv was cancelled by
				// the broken link. Go round with the rest.
				continue
			}
		}
		if in == nil {
			return 0, nil
		}

		got, timer := res[1], res[2]
		switch {
		case got > 0:
			return int(got), nil
		case got == 0:
			return 0, io.EOF
		case timer == -int32(unix.ETIME):
			// The timer fired and cancelled the recv.
			return 0, timeoutError{c.timeout}
		case got == -int32(unix.EAGAIN) || got == -int32(unix.EINTR):
			// Not expected on kernels that poll internally, but legal:
			// wait for readability, then try again.
			if err := c.pollIn(); err != nil {
				return 0, err
			}
			pollFirst = false
		default:
			return 0, fmt.Errorf("sockio: recv: %w", unix.Errno(-got))
		}
	}
}

// prepare queues the SQEs of one exchange and returns how many. The ring
// has room: an own ring is empty between calls, and a lent one must be
// (see UringOptions.Ring), which exchange checks first.
func (c *UringConn) prepare(out, in []byte, pollFirst bool) int {
	r := c.ring
	n := 0
	if len(out) > 0 {
		s := r.GetSQE()
		s.PrepSend(c.fd, out, unix.MSG_NOSIGNAL|unix.MSG_WAITALL)
		s.SetUserData(udSend)
		if in != nil {
			s.SetFlags(uring.SQEIOLink)
		}
		n++
	}
	if in != nil {
		s := r.GetSQE()
		s.PrepRecv(c.fd, in, 0)
		s.SetUserData(udRecv)
		if pollFirst {
			s.IoPrio |= uring.RecvSendPollFirst
		}
		n++
		if c.timeout > 0 {
			s.SetFlags(uring.SQEIOLink)
			t := r.GetSQE()
			t.PrepLinkTimeout(&c.ts, 0)
			t.SetUserData(udTimeout)
			n++
		}
	}
	return n
}

// run submits the prepared chain, waits for all of its completions and
// returns the results of send, recv and timeout (0 where absent).
func (c *UringConn) run(nsqe int, out, in []byte) ([3]int32, error) {
	var res [3]int32
	r := c.ring
	if _, err := r.SubmitAndWait(uint32(nsqe)); err != nil {
		return res, c.fail(err, out, in)
	}
	var seen [3]bool
	for i := 0; i < nsqe; i++ {
		cqe := r.PeekCQE()
		if cqe == nil {
			// SubmitAndWait returned with fewer than nsqe ready: only
			// possible if someone else reaped ours.
			return res, c.fail(errors.New("sockio: completions missing from the ring"), out, in)
		}
		ud, v := cqe.UserData, cqe.Res
		r.Advance(1)
		var k int
		switch ud {
		case udSend:
			k = 0
		case udRecv:
			k = 1
		case udTimeout:
			k = 2
		default:
			return res, c.fail(fmt.Errorf("sockio: foreign completion (user data %#x) on the Conn's ring", ud), out, in)
		}
		// A second completion of the same kind means one of these belongs
		// to another exchange: a length taken from it would corrupt the
		// stream, so fail loudly instead.
		if seen[k] {
			return res, c.fail(fmt.Errorf("sockio: duplicate completion (user data %#x, res %d) on the Conn's ring", ud, v), out, in)
		}
		seen[k] = true
		res[k] = v
	}
	if len(in) > 0 && res[1] > int32(len(in)) {
		return res, c.fail(fmt.Errorf("sockio: recv completed with %d bytes into a %d-byte buffer", res[1], len(in)), out, in)
	}
	return res, nil
}

// pollIn waits until the socket is readable, through the ring, within the
// receive timeout if one is set.
func (c *UringConn) pollIn() error {
	r := c.ring
	s := r.GetSQE()
	s.PrepPollAdd(c.fd, unix.POLLIN, 0)
	s.SetUserData(udPoll)
	n := 1
	if c.timeout > 0 {
		s.SetFlags(uring.SQEIOLink)
		t := r.GetSQE()
		t.PrepLinkTimeout(&c.ts, 0)
		t.SetUserData(udTimeout)
		n++
	}
	if _, err := r.SubmitAndWait(uint32(n)); err != nil {
		return c.fail(err, nil, nil)
	}
	var polled, timer int32
	for i := 0; i < n; i++ {
		cqe, _ := r.PopCQE()
		switch cqe.UserData {
		case udPoll:
			polled = cqe.Res
		case udTimeout:
			timer = cqe.Res
		default:
			return c.fail(fmt.Errorf("sockio: foreign completion (user data %#x) on the Conn's ring", cqe.UserData), nil, nil)
		}
	}
	switch {
	case timer == -int32(unix.ETIME):
		return timeoutError{c.timeout}
	case polled < 0:
		return fmt.Errorf("sockio: poll: %w", unix.Errno(-polled))
	}
	return nil
}
