package uring

import (
	"sync/atomic"
	"time"
	"unsafe"
)

// GetSQE hands out the next free submission queue entry, zeroed, or nil
// when the SQ is full (submit first). The entry belongs to the caller until
// the next Submit publishes it to the kernel.
//
// A chain of linked SQEs must be submitted by one Submit: check SQSpace
// before preparing one rather than submitting half of it.
func (r *Ring) GetSQE() *SQE {
	if r.closed {
		return nil
	}
	head := atomic.LoadUint32(r.sqHead)
	if r.sqLocal-head >= r.sqEntries {
		return nil
	}
	sqe := &r.sqes[r.sqLocal&r.sqMask]
	r.sqLocal++
	*sqe = SQE{}
	return sqe
}

// SQSpace returns how many SQEs GetSQE can still hand out before a submit.
func (r *Ring) SQSpace() uint32 {
	if r.closed {
		return 0
	}
	return r.sqEntries - (r.sqLocal - atomic.LoadUint32(r.sqHead))
}

// flush publishes the SQEs handed out so far and returns how many the
// kernel has not consumed yet. The release store on the tail orders our
// writes to the SQEs before the kernel's reads of them.
func (r *Ring) flush() uint32 {
	if atomic.LoadUint32(r.sqTail) != r.sqLocal {
		atomic.StoreUint32(r.sqTail, r.sqLocal)
	}
	return r.sqLocal - atomic.LoadUint32(r.sqHead)
}

// addr turns a pointer into the u64 an SQE carries. The directive makes
// the pointee escape to the heap, where it does not move while the kernel
// uses it; the caller keeps it reachable until completion.
//
//go:uintptrescapes
func addr(p uintptr) uint64 { return uint64(p) }

func bufAddr(b []byte) uint64 {
	return addr(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}

func (s *SQE) prepRW(op uint8, fd int, a uint64, n uint32, off uint64) {
	s.Opcode = op
	s.Fd = int32(fd)
	s.Addr = a
	s.Len = n
	s.Off = off
}

// PrepNop prepares an operation that does nothing and completes with 0.
func (s *SQE) PrepNop() {
	s.prepRW(OpNop, -1, 0, 0, 0)
}

// PrepRead reads into buf from fd at offset off (^uint64(0): the file
// position). The CQE's Res is the byte count.
func (s *SQE) PrepRead(fd int, buf []byte, off uint64) {
	s.prepRW(OpRead, fd, bufAddr(buf), uint32(len(buf)), off)
}

// PrepWrite writes buf to fd at offset off (^uint64(0): the file position).
// The CQE's Res is the byte count, which may be short.
func (s *SQE) PrepWrite(fd int, buf []byte, off uint64) {
	s.prepRW(OpWrite, fd, bufAddr(buf), uint32(len(buf)), off)
}

// PrepFsync flushes fd to stable storage; flags FsyncDatasync makes it an
// fdatasync. Link it after writes with SQEIOLink to order it after them.
func (s *SQE) PrepFsync(fd int, flags uint32) {
	s.prepRW(OpFsync, fd, 0, 0, 0)
	s.OpFlags = flags
}

// PrepRecv receives into buf from socket fd with recv(2) flags. Res is the
// byte count, 0 at end of stream. The socket may be in non-blocking mode:
// the kernel waits for data by polling internally unless MSG_DONTWAIT is
// given.
func (s *SQE) PrepRecv(fd int, buf []byte, msgFlags uint32) {
	s.prepRW(OpRecv, fd, bufAddr(buf), uint32(len(buf)), 0)
	s.OpFlags = msgFlags
}

// PrepSend sends buf on socket fd with send(2) flags. With MSG_WAITALL on
// a stream socket the kernel retries short sends itself, so a linked SQE
// after it only starts once all of buf has been queued.
func (s *SQE) PrepSend(fd int, buf []byte, msgFlags uint32) {
	s.prepRW(OpSend, fd, bufAddr(buf), uint32(len(buf)), 0)
	s.OpFlags = msgFlags
}

// PrepAccept accepts a connection on listening socket fd; flags are
// accept4(2) flags (unix.SOCK_CLOEXEC, unix.SOCK_NONBLOCK). Res is the new
// descriptor. The peer address is not collected.
func (s *SQE) PrepAccept(fd int, flags uint32) {
	s.prepRW(OpAccept, fd, 0, 0, 0)
	s.OpFlags = flags
}

// PrepTimeout completes after ts (relative unless flags has TimeoutAbs)
// with Res -ETIME, or earlier with Res 0 once count other completions have
// been posted (count 0: only the time matters). ts must stay valid until
// the SQE has been submitted.
func (s *SQE) PrepTimeout(ts *Timespec, count uint32, flags uint32) {
	s.prepRW(OpTimeout, -1, addr(uintptr(unsafe.Pointer(ts))), 1, uint64(count))
	s.OpFlags = flags
}

// PrepLinkTimeout bounds the SQE just before it, which must carry
// SQEIOLink: if that operation has not completed after ts, it is cancelled
// (its Res becomes -ECANCELED) and this SQE completes with -ETIME;
// otherwise this one completes with -ECANCELED. ts must stay valid until
// the SQE has been submitted.
func (s *SQE) PrepLinkTimeout(ts *Timespec, flags uint32) {
	s.prepRW(OpLinkTimeout, -1, addr(uintptr(unsafe.Pointer(ts))), 1, 0)
	s.OpFlags = flags
}

// PrepCancel asks the kernel to cancel the in-flight operation whose
// UserData is target (or, with AsyncCancelFd/Any/All in flags, others).
// Res is 0 when one was found and cancelled, -ENOENT when none was in
// flight, -EALREADY when it was already running and may still complete.
func (s *SQE) PrepCancel(target uint64, flags uint32) {
	s.prepRW(OpAsyncCancel, -1, target, 0, 0)
	s.OpFlags = flags
}

// PrepCancelFd cancels the in-flight operations on fd (all of them with
// AsyncCancelAll).
func (s *SQE) PrepCancelFd(fd int, flags uint32) {
	s.prepRW(OpAsyncCancel, fd, 0, 0, 0)
	s.OpFlags = flags | AsyncCancelFd
}

// PrepPollAdd completes once fd reports one of events (unix.POLLIN, ...);
// Res is the ready mask. With flags PollAddMulti it keeps posting CQEs
// (CQEFMore set) until cancelled.
func (s *SQE) PrepPollAdd(fd int, events uint32, flags uint32) {
	s.prepRW(OpPollAdd, fd, 0, flags, 0)
	// poll32_events is stored word-swapped on big-endian machines; every
	// architecture Go runs this on here is little-endian.
	s.OpFlags = events
}

// PrepPollRemove removes the poll whose UserData is target.
func (s *SQE) PrepPollRemove(target uint64) {
	s.prepRW(OpPollRemove, -1, target, 0, 0)
}

// SetUserData sets the value echoed in the CQE.
func (s *SQE) SetUserData(v uint64) { s.UserData = v }

// SetFlags ORs SQE flags (SQEIOLink, SQEIODrain, ...) into the entry.
func (s *SQE) SetFlags(f uint8) { s.Flags |= f }

// DurationToTimespec converts a relative duration for PrepTimeout and
// PrepLinkTimeout.
func DurationToTimespec(d time.Duration) Timespec {
	if d < 0 {
		d = 0
	}
	return Timespec{Sec: int64(d / time.Second), Nsec: int64(d % time.Second)}
}
