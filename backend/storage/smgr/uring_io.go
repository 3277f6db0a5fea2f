package smgr

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// udTag marks the user data of our SQEs ("smgr"); the low half is the
// op's index in the batch.
const udTag = uint64(0x736d6772) << 32

// udSync tags the linked fdatasync of WriteDatasync.
const udSync = udTag | 0xffffffff

// UringIO performs file I/O on an io_uring: Do puts every op of a batch
// in flight (as many as the ring holds), enters the kernel once to submit
// them and wait, and refills the ring as completions arrive, so a batch
// of reads costs about one system call instead of one per block, and the
// device sees them all at once.
//
// Unless the process chose uring.UseUnlockedRings (a backend does), it
// must be created and used on one OS thread (runtime.LockOSThread): the
// ring is set up with SINGLE_ISSUER and DEFER_TASKRUN. Every call
// returns only after all of its completions have been reaped. If the ring
// itself fails with requests in flight, the UringIO keeps their buffers
// reachable for good (the kernel may still write into them), reports the
// failure, and performs every later request with plain system calls.
type UringIO struct {
	ring *uring.Ring
	own  bool

	// retry holds indexes of ops cut short (a partial transfer, EINTR,
	// EAGAIN) that need another SQE; reused across calls.
	retry []uint32
	one   [1]Op // ReadAt-style single requests without allocating

	broken error
	pinned [][]byte
}

// NewUringIO sets up its own ring with room for entries requests in
// flight. The calling goroutine must be locked to its OS thread.
func NewUringIO(entries uint32) (*UringIO, error) {
	r, err := uring.New(entries, nil)
	if err != nil {
		return nil, err
	}
	return &UringIO{ring: r, own: true}, nil
}

// NewUringIOOn uses a ring the caller owns (the one a backend already
// drives for its client socket, say). Nothing else may be prepared or in
// flight on it while a UringIO method runs (an armed multishot receive
// counts: its completions would be consumed and lost); Close leaves it
// open.
func NewUringIOOn(r *uring.Ring) *UringIO {
	return &UringIO{ring: r}
}

// Method implements IO.
func (*UringIO) Method() string { return MethodIOUring }

// Close implements IO; it closes the ring if the UringIO made it.
func (u *UringIO) Close() error {
	if u.own && u.ring != nil {
		err := u.ring.Close()
		u.ring = nil
		return err
	}
	return nil
}

// Do implements IO.
func (u *UringIO) Do(ops []Op) error {
	if u.broken != nil || u.ring == nil {
		return (*SyncIO)(nil).Do(ops)
	}
	for i := range ops {
		ops[i].N, ops[i].Err = 0, nil
		if ops[i].Kind > OpDatasync {
			ops[i].Err = unix.EINVAL
		}
	}
	u.retry = u.retry[:0]
	next := 0     // next op never submitted
	inflight := 0 // SQEs submitted or prepared and not yet completed
	// The CQ is at least as large as the SQ, so bounding what is in
	// flight by the SQ size keeps completions from overflowing.
	limit := int(u.ring.SQEntries())
	for {
		for inflight < limit {
			var i int
			switch {
			case len(u.retry) > 0:
				i = int(u.retry[len(u.retry)-1])
				u.retry = u.retry[:len(u.retry)-1]
			case next < len(ops):
				i = next
				next++
				if ops[i].Err != nil {
					continue
				}
			default:
				goto submit
			}
			s := u.ring.GetSQE()
			if s == nil {
				u.retry = append(u.retry, uint32(i))
				goto submit
			}
			prep(s, &ops[i])
			s.SetUserData(udTag | uint64(i))
			inflight++
		}
	submit:
		if inflight == 0 {
			if len(u.retry) > 0 || next < len(ops) {
				// Work left and not one SQE to be had: the ring is
				// closed or something else holds all of it.
				return u.fail(errors.New("no submission queue entry available"), ops)
			}
			return nil
		}
		if _, err := u.ring.SubmitAndWait(1); err != nil {
			return u.fail(err, ops)
		}
		for {
			c, ok := u.ring.PopCQE()
			if !ok {
				break
			}
			if c.UserData&^0xffffffff != udTag || int(c.UserData&0xffffffff) >= len(ops) {
				continue // not ours: a lent ring misused; nothing to account
			}
			inflight--
			i := int(c.UserData & 0xffffffff)
			op := &ops[i]
			var n int
			var err error
			if c.Res < 0 {
				err = unix.Errno(-c.Res)
			} else {
				n = int(c.Res)
			}
			if retryable(err) || step(op, n, err) {
				u.retry = append(u.retry, uint32(i))
			}
		}
	}
}

// prep fills s for the rest of op (all of it, or what a partial transfer
// left).
func prep(s *uring.SQE, op *Op) {
	switch op.Kind {
	case OpRead:
		s.PrepRead(op.Fd, op.Buf[op.N:], uint64(op.Off)+uint64(op.N))
	case OpWrite:
		s.PrepWrite(op.Fd, op.Buf[op.N:], uint64(op.Off)+uint64(op.N))
	case OpDatasync:
		s.PrepFsync(op.Fd, uring.FsyncDatasync)
	}
}

// fail marks the ring unusable after err. The buffers of ops may still be
// named by SQEs in flight, so they are kept reachable for good.
func (u *UringIO) fail(err error, ops []Op) error {
	u.broken = fmt.Errorf("smgr: io_uring failed, using sync I/O from now on: %w", err)
	for i := range ops {
		if ops[i].Buf != nil {
			u.pinned = append(u.pinned, ops[i].Buf)
		}
	}
	return u.broken
}

// Broken returns why the ring was given up, or nil while it works.
func (u *UringIO) Broken() error { return u.broken }

// WriteDatasync implements IO: the write and an fdatasync linked after it
// go to the kernel in one submission, so a WAL flush costs one system
// call. When the write comes back short the link is broken (the kernel
// cancels the sync); the rest is then written and synced as separate
// requests.
func (u *UringIO) WriteDatasync(fd int, buf []byte, off int64) (int, error) {
	if u.broken != nil || u.ring == nil || u.ring.SQSpace() < 2 {
		return (*SyncIO)(nil).WriteDatasync(fd, buf, off)
	}
	w := &u.one[0]
	*w = Op{Kind: OpWrite, Fd: fd, Buf: buf, Off: off}
	defer func() { u.one[0] = Op{} }()
	s := u.ring.GetSQE()
	s.PrepWrite(fd, buf, uint64(off))
	s.SetFlags(uring.SQEIOLink)
	s.SetUserData(udTag)
	s = u.ring.GetSQE()
	s.PrepFsync(fd, uring.FsyncDatasync)
	s.SetUserData(udSync)
	var syncRes int32
	for got := 0; got < 2; {
		if _, err := u.ring.SubmitAndWait(1); err != nil {
			return 0, u.fail(err, u.one[:])
		}
		for {
			c, ok := u.ring.PopCQE()
			if !ok {
				break
			}
			switch c.UserData {
			case udTag:
				var err error
				if c.Res < 0 {
					err = unix.Errno(-c.Res)
				}
				step(w, max(int(c.Res), 0), err)
				got++
			case udSync:
				syncRes = c.Res
				got++
			}
		}
	}
	if w.Err == nil && w.N == len(buf) {
		if syncRes == 0 {
			return len(buf), nil
		}
		// The write went through, so the sync really ran: its failure is
		// real and must not be retried (a second fsync may succeed after
		// the kernel dropped the dirty pages).
		if e := unix.Errno(-syncRes); !retryable(e) {
			return len(buf), e
		}
	} else {
		if w.Err != nil && !retryable(w.Err) {
			return w.N, w.Err
		}
		// Short or interrupted: the kernel cancelled the linked sync.
		// Write it all again, then sync on its own.
		*w = Op{Kind: OpWrite, Fd: fd, Buf: buf, Off: off}
		if err := u.Do(u.one[:]); err != nil {
			return w.N, err
		}
		if w.Err != nil {
			return w.N, w.Err
		}
	}
	*w = Op{Kind: OpDatasync, Fd: fd}
	if err := u.Do(u.one[:]); err != nil {
		return len(buf), err
	}
	return len(buf), w.Err
}
