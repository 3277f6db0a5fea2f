package sockio

import (
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// The multishot mode keeps one receive armed on the socket for the life of
// the Conn. The kernel places each chunk of client data in a provided
// buffer and posts a completion; Recv copies it out and gives the buffer
// back. A SendRecv then submits only the reply's send and waits: no SQE
// per request for the receive, and no poll armed and torn down per
// request.
//
// Invariants: armed says a multishot receive SQE is in flight (set when
// one is prepared, cleared by its final completion, the one without
// CQEFMore). chunks hold data in buffers the kernel has handed over and
// not yet been given back, oldest first. end, once set, is reported after
// the chunks are drained.
type multishot struct {
	br     *uring.BufRing
	armed  bool
	chunks []chunk
	end    error // io.EOF, or the receive's error
}

type chunk struct {
	bid  uint16
	data []byte // unread part of the buffer
}

func (m *multishot) ready() bool { return len(m.chunks) > 0 || m.end != nil }

// msRecv copies queued data into buf, waiting for some if none is queued.
func (c *UringConn) msRecv(buf []byte) (int, error) {
	m := c.ms
	if !m.ready() {
		if err := c.msExchange(nil, true); err != nil {
			return 0, err
		}
	}
	n := 0
	for n < len(buf) && len(m.chunks) > 0 {
		ch := &m.chunks[0]
		k := copy(buf[n:], ch.data)
		n += k
		ch.data = ch.data[k:]
		if len(ch.data) == 0 {
			m.br.Recycle(ch.bid)
			m.chunks = append(m.chunks[:0], m.chunks[1:]...)
		}
	}
	if n > 0 {
		return n, nil
	}
	return 0, m.end
}

// msExchange sends all of out and, if wantData, waits until data (or the
// end of the stream) is queued. The send's completion is always awaited,
// even past a timeout, because the kernel reads out until then.
func (c *UringConn) msExchange(out []byte, wantData bool) error {
	m := c.ms
	r := c.ring
	var deadline time.Time
	if wantData && c.timeout > 0 {
		deadline = time.Now().Add(c.timeout)
	}
	timedOut := false
	for {
		if r.SQSpace() < 2 {
			return errRingBusy
		}
		sendPending := false
		if len(out) > 0 {
			s := r.GetSQE()
			s.PrepSend(c.fd, out, unix.MSG_NOSIGNAL|unix.MSG_WAITALL)
			s.SetUserData(udSend)
			sendPending = true
		}
		if wantData && !m.ready() && !m.armed {
			s := r.GetSQE()
			s.PrepRecvMultishot(c.fd, m.br.Group(), 0)
			s.SetUserData(udRecv)
			m.armed = true
		}
		var sent int32
		for sendPending || (wantData && !timedOut && !m.ready()) {
			var err error
			if deadline.IsZero() || timedOut {
				_, err = r.SubmitAndWait(1)
			} else {
				_, err = r.SubmitAndWaitTimeout(1, time.Until(deadline))
			}
			if errors.Is(err, uring.ErrWaitTimeout) {
				timedOut = true // keep waiting for the send, if any
				continue
			}
			if err != nil {
				return c.fail(err, out, nil)
			}
			res, done, err := c.msReap()
			if err != nil {
				return err
			}
			if done {
				sendPending, sent = false, res
			}
		}
		if len(out) > 0 {
			if sent < 0 {
				return fmt.Errorf("sockio: send: %w", unix.Errno(-sent))
			}
			if sent == 0 {
				return fmt.Errorf("sockio: send: %w", io.ErrShortWrite)
			}
			if out = out[sent:]; len(out) > 0 {
				continue // short send (interrupted): send the rest
			}
		}
		if wantData && !m.ready() {
			return timeoutError{c.timeout}
		}
		return nil
	}
}

// msReap consumes every ready completion: receive data and endings go to
// the queue; a send's result is returned with done set.
func (c *UringConn) msReap() (sendRes int32, done bool, err error) {
	m := c.ms
	r := c.ring
	for {
		cqe := r.PeekCQE()
		if cqe == nil {
			return sendRes, done, nil
		}
		ud, res, more := cqe.UserData, cqe.Res, cqe.More()
		bid, hasBuf := cqe.BufferID()
		r.Advance(1)
		switch ud {
		case udSend:
			sendRes, done = res, true
		case udRecv:
			if res > 0 && hasBuf {
				m.chunks = append(m.chunks, chunk{bid, m.br.Buf(bid, int(res))})
			}
			if !more {
				m.armed = false
				switch {
				case res == 0:
					m.end = io.EOF
				case res == -int32(unix.ENOBUFS), res == -int32(unix.ECANCELED), res > 0:
					// Out of buffers (all queued) or cancelled: re-armed
					// by the next wait that needs it.
				case res < 0:
					m.end = fmt.Errorf("sockio: recv: %w", unix.Errno(-res))
				}
			}
		case udCancel:
		default:
			return sendRes, done, c.fail(fmt.Errorf("sockio: foreign completion (user data %#x) on the Conn's ring", ud), nil, nil)
		}
	}
}

// msClose cancels the armed receive, waits for its last completion and
// releases the provided buffers.
func (c *UringConn) msClose() error {
	m := c.ms
	r := c.ring
	if m.armed && c.broken == nil {
		s := r.GetSQE()
		s.PrepCancel(udRecv, 0)
		s.SetUserData(udCancel)
		for m.armed {
			if _, err := r.SubmitAndWait(1); err != nil {
				// Cannot confirm the receive is over (wrong thread?):
				// leave the buffers mapped rather than risk a late write
				// into memory mapped again for something else.
				return fmt.Errorf("sockio: cancelling multishot receive: %w", err)
			}
			if _, _, err := c.msReap(); err != nil {
				return err
			}
		}
	}
	m.chunks = nil
	return m.br.Close()
}
