package uring

import (
	"bytes"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestSocketpairSendRecv(t *testing.T) {
	for _, nonblock := range []bool{false, true} {
		name := map[bool]string{false: "blocking", true: "nonblocking"}[nonblock]
		t.Run(name, func(t *testing.T) {
			r := newRing(t, 8)
			a, b := socketpair(t, nonblock)
			msg := []byte("SELECT 1")
			buf := make([]byte, 64)

			s := sqe(t, r)
			s.PrepSend(a, msg, unix.MSG_NOSIGNAL)
			s.SetUserData(1)
			got := reap(t, r, 1)
			wantRes(t, "send", got[1], int32(len(msg)))

			s = sqe(t, r)
			s.PrepRecv(b, buf, 0)
			s.SetUserData(2)
			got = reap(t, r, 1)
			wantRes(t, "recv", got[2], int32(len(msg)))
			if !bytes.Equal(buf[:len(msg)], msg) {
				t.Fatalf("recv got %q", buf[:len(msg)])
			}

			// A recv submitted before the data exists: on a non-blocking
			// socket the kernel must wait (internal poll), not post EAGAIN.
			s = sqe(t, r)
			s.PrepRecv(b, buf, 0)
			s.SetUserData(3)
			if _, err := r.Submit(); err != nil {
				t.Fatal(err)
			}
			if _, err := unix.Write(a, []byte("later")); err != nil {
				t.Fatal(err)
			}
			got = reap(t, r, 1)
			wantRes(t, "recv armed before data", got[3], 5)

			// Peer closed: recv returns 0.
			unix.Shutdown(a, unix.SHUT_WR)
			s = sqe(t, r)
			s.PrepRecv(b, buf, 0)
			s.SetUserData(4)
			got = reap(t, r, 1)
			wantRes(t, "recv after peer shutdown", got[4], 0)
		})
	}
}

// TestLinkedSendRecv is the hot path of a backend: the reply's send linked
// before the recv of the next request, in one enter.
func TestLinkedSendRecv(t *testing.T) {
	r := newRing(t, 8)
	srv, cli := socketpair(t, true)
	reply := []byte("reply")
	req := make([]byte, 64)

	s := sqe(t, r)
	s.PrepSend(srv, reply, unix.MSG_NOSIGNAL|unix.MSG_WAITALL)
	s.SetFlags(SQEIOLink)
	s.SetUserData(1)
	s = sqe(t, r)
	s.PrepRecv(srv, req, 0)
	s.SetUserData(2)
	if _, err := r.Submit(); err != nil {
		t.Fatal(err)
	}
	// The client sees the reply before it has sent anything: the send ran
	// at submit time, and the recv is now waiting.
	in := make([]byte, 64)
	n, err := readFull(cli, in[:len(reply)])
	if err != nil || !bytes.Equal(in[:n], reply) {
		t.Fatalf("client read %q, %v", in[:n], err)
	}
	if _, err := unix.Write(cli, []byte("next")); err != nil {
		t.Fatal(err)
	}
	got := reap(t, r, 2)
	wantRes(t, "send", got[1], int32(len(reply)))
	wantRes(t, "recv", got[2], 4)

	// When the send fails, the linked recv is cancelled, not left waiting.
	unix.Close(cli)
	s = sqe(t, r)
	s.PrepSend(srv, reply, unix.MSG_NOSIGNAL|unix.MSG_WAITALL)
	s.SetFlags(SQEIOLink)
	s.SetUserData(3)
	s = sqe(t, r)
	s.PrepRecv(srv, req, 0)
	s.SetUserData(4)
	got = reap(t, r, 2)
	wantRes(t, "send to closed peer", got[3], -int32(unix.EPIPE))
	wantRes(t, "recv linked after failed send", got[4], -int32(unix.ECANCELED))
}

// readFull reads exactly len(b) bytes from a socket that may be
// non-blocking, waiting with poll(2).
func readFull(fd int, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := unix.Read(fd, b[n:])
		if err == unix.EAGAIN {
			if _, err := unix.Poll([]unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}, -1); err != nil && err != unix.EINTR {
				return n, err
			}
			continue
		}
		if err != nil {
			return n, err
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n, nil
}

// TestTCPAccept accepts a loopback connection through the ring and talks
// over it.
func TestTCPAccept(t *testing.T) {
	r := newRing(t, 8)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	lf, err := ln.(*net.TCPListener).File() // a blocking dup of the listener
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()

	s := sqe(t, r)
	s.PrepAccept(int(lf.Fd()), unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK)
	s.SetUserData(1)
	if _, err := r.Submit(); err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := reap(t, r, 1)
	if got[1].Res < 0 {
		t.Fatalf("accept: %v", errnoOf(got[1].Res))
	}
	fd := int(got[1].Res)
	defer unix.Close(fd)
	if fl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); fl&unix.O_NONBLOCK == 0 {
		t.Error("accept flags ignored: descriptor is blocking")
	}

	if _, err := c.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	s = sqe(t, r)
	s.PrepRecv(fd, buf, 0)
	s.SetUserData(2)
	got = reap(t, r, 1)
	wantRes(t, "recv over TCP", got[2], 5)

	s = sqe(t, r)
	s.PrepSend(fd, []byte("world!"), unix.MSG_NOSIGNAL)
	s.SetUserData(3)
	got = reap(t, r, 1)
	wantRes(t, "send over TCP", got[3], 6)
	if _, err := c.Read(buf); err != nil || string(buf[:6]) != "world!" {
		t.Fatalf("client read %q, %v", buf[:6], err)
	}
}

func TestTimeout(t *testing.T) {
	r := newRing(t, 8)
	short := DurationToTimespec(time.Millisecond)
	s := sqe(t, r)
	s.PrepTimeout(&short, 0, 0)
	s.SetUserData(1)
	got := reap(t, r, 1)
	wantRes(t, "expired timeout", got[1], -int32(unix.ETIME))

	// With a count, the timeout completes (res 0) as soon as that many
	// other completions have been posted, long before its time.
	long := DurationToTimespec(time.Hour)
	s = sqe(t, r)
	s.PrepTimeout(&long, 1, 0)
	s.SetUserData(2)
	s = sqe(t, r)
	s.PrepNop()
	s.SetUserData(3)
	got = reap(t, r, 2)
	wantRes(t, "counted timeout", got[2], 0)
	wantRes(t, "nop", got[3], 0)
}

// TestLinkTimeout bounds a recv that never gets data.
func TestLinkTimeout(t *testing.T) {
	r := newRing(t, 8)
	a, b := socketpair(t, true)
	buf := make([]byte, 16)
	ts := DurationToTimespec(5 * time.Millisecond)

	s := sqe(t, r)
	s.PrepRecv(b, buf, 0)
	s.SetFlags(SQEIOLink)
	s.SetUserData(1)
	s = sqe(t, r)
	s.PrepLinkTimeout(&ts, 0)
	s.SetUserData(2)
	got := reap(t, r, 2)
	wantRes(t, "recv past its timeout", got[1], -int32(unix.ECANCELED))
	wantRes(t, "link timeout", got[2], -int32(unix.ETIME))

	// Data already there: the recv wins and the timer is cancelled.
	unix.Write(a, []byte("x"))
	long := DurationToTimespec(time.Hour)
	s = sqe(t, r)
	s.PrepRecv(b, buf, 0)
	s.SetFlags(SQEIOLink)
	s.SetUserData(3)
	s = sqe(t, r)
	s.PrepLinkTimeout(&long, 0)
	s.SetUserData(4)
	got = reap(t, r, 2)
	wantRes(t, "recv before timeout", got[3], 1)
	wantRes(t, "cancelled link timeout", got[4], -int32(unix.ECANCELED))
}

func TestCancel(t *testing.T) {
	r := newRing(t, 8)
	_, b := socketpair(t, false)
	buf := make([]byte, 16)
	s := sqe(t, r)
	s.PrepRecv(b, buf, 0)
	s.SetUserData(1)
	if _, err := r.Submit(); err != nil {
		t.Fatal(err)
	}
	s = sqe(t, r)
	s.PrepCancel(1, 0)
	s.SetUserData(2)
	got := reap(t, r, 2)
	wantRes(t, "cancelled recv", got[1], -int32(unix.ECANCELED))
	wantRes(t, "cancel", got[2], 0)

	s = sqe(t, r)
	s.PrepCancel(12345, 0)
	s.SetUserData(3)
	got = reap(t, r, 1)
	wantRes(t, "cancel of nothing", got[3], -int32(unix.ENOENT))

	// Cancel by descriptor: every pending op on b.
	for ud := uint64(4); ud <= 5; ud++ {
		s = sqe(t, r)
		s.PrepPollAdd(b, unix.POLLIN, 0)
		s.SetUserData(ud)
	}
	if _, err := r.Submit(); err != nil {
		t.Fatal(err)
	}
	s = sqe(t, r)
	s.PrepCancelFd(b, AsyncCancelAll)
	s.SetUserData(6)
	got = reap(t, r, 3)
	wantRes(t, "poll 4", got[4], -int32(unix.ECANCELED))
	wantRes(t, "poll 5", got[5], -int32(unix.ECANCELED))
	wantRes(t, "cancel all on fd", got[6], 2)
}

func TestPoll(t *testing.T) {
	r := newRing(t, 8)
	a, b := socketpair(t, true)
	s := sqe(t, r)
	s.PrepPollAdd(b, unix.POLLIN, 0)
	s.SetUserData(1)
	if _, err := r.Submit(); err != nil {
		t.Fatal(err)
	}
	unix.Write(a, []byte("x"))
	got := reap(t, r, 1)
	if got[1].Res&unix.POLLIN == 0 {
		t.Fatalf("poll res %#x lacks POLLIN", got[1].Res)
	}

	// A writable socket is ready at once; a poll that is never ready can
	// be removed.
	s = sqe(t, r)
	s.PrepPollAdd(a, unix.POLLOUT, 0)
	s.SetUserData(2)
	got = reap(t, r, 1)
	if got[2].Res&unix.POLLOUT == 0 {
		t.Fatalf("poll res %#x lacks POLLOUT", got[2].Res)
	}
	s = sqe(t, r)
	s.PrepPollAdd(a, unix.POLLIN, 0)
	s.SetUserData(3)
	if _, err := r.Submit(); err != nil {
		t.Fatal(err)
	}
	s = sqe(t, r)
	s.PrepPollRemove(3)
	s.SetUserData(4)
	got = reap(t, r, 2)
	wantRes(t, "removed poll", got[3], -int32(unix.ECANCELED))
	wantRes(t, "poll remove", got[4], 0)
}
