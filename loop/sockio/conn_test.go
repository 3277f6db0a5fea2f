package sockio

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

func TestRoundTrip(t *testing.T) {
	forEach(t, func(t *testing.T, im impl, c Conn, peer int) {
		peerWrite(t, peer, []byte("hello"))
		buf := make([]byte, 64)
		if err := recvFull(c, buf[:5]); err != nil || string(buf[:5]) != "hello" {
			t.Fatalf("Recv %q, %v", buf[:5], err)
		}
		if err := c.Send([]byte("world")); err != nil {
			t.Fatal(err)
		}
		if got := peerRead(t, peer, 5); string(got) != "world" {
			t.Fatalf("peer got %q", got)
		}

		// SendRecv: the peer sees the reply, then sends the next request.
		errc := make(chan error, 1)
		go func() {
			b := make([]byte, 5)
			if _, err := io.ReadFull(fdReader(peer), b); err != nil || string(b) != "reply" {
				errc <- errors.New("peer: bad reply " + string(b))
				return
			}
			_, err := unix.Write(peer, []byte("next"))
			errc <- err
		}()
		n, err := c.SendRecv([]byte("reply"), buf)
		if err != nil {
			t.Fatal(err)
		}
		if n > 4 {
			// More than the peer sent: some other writer on the socket
			// (once, a stray echo goroutine of TestNoAllocs).
			t.Fatalf("SendRecv returned %d bytes %q; the peer sent 4 (\"next\")", n, buf[:n])
		}
		if err := recvFull(c, buf[n:4]); err != nil || string(buf[:4]) != "next" {
			t.Fatalf("SendRecv got %q, %v", buf[:4], err)
		}
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(im.name, "io_uring") && c.Method() != MethodIOUring || im.name == "polled" && c.Method() != MethodSync {
			t.Errorf("Method() = %q", c.Method())
		}
	})
}

// TestPartialIO sends far more than the socket buffer holds, so the kernel
// accepts it piecemeal (short sends, EAGAIN on non-blocking sockets), and
// receives into a buffer smaller than what is waiting.
func TestPartialIO(t *testing.T) {
	forEach(t, func(t *testing.T, im impl, c Conn, peer int) {
		const size = 4 << 20
		big := make([]byte, size)
		for i := range big {
			big[i] = byte(i * 7 / 13)
		}
		// A small send buffer forces many partial transfers. (A small
		// receive buffer would too, but TCP crawls with a tiny window.)
		fd := c.(interface{ Fd() int }).Fd()
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, 128<<10); err != nil {
			t.Fatal(err)
		}

		got := make(chan []byte, 1)
		go func() {
			b := make([]byte, size)
			r := fdReader(peer)
			n := 0
			for n < size {
				m, err := r.Read(b[n:min(n+4000, size)])
				if err != nil {
					break
				}
				n += m
			}
			unix.Write(peer, []byte("0123456789")) // the next request
			got <- b[:n]
		}()
		in := make([]byte, 4)
		n, err := c.SendRecv(big, in)
		if err != nil {
			t.Fatal(err)
		}
		if b := <-got; !bytes.Equal(b, big) {
			t.Fatalf("peer received %d bytes, not the %d sent intact", len(b), size)
		}
		// The 10-byte request arrives through a 4-byte buffer.
		req := append([]byte(nil), in[:n]...)
		for len(req) < 10 {
			n, err := c.Recv(in)
			if err != nil {
				t.Fatal(err)
			}
			if n > len(in) {
				t.Fatalf("Recv returned %d > buffer %d", n, len(in))
			}
			req = append(req, in[:n]...)
		}
		if string(req) != "0123456789" {
			t.Fatalf("request %q", req)
		}
	})
}

func TestPeerClose(t *testing.T) {
	forEach(t, func(t *testing.T, im impl, c Conn, peer int) {
		peerWrite(t, peer, []byte("bye"))
		unix.Shutdown(peer, unix.SHUT_WR)
		buf := make([]byte, 8)
		if err := recvFull(c, buf[:3]); err != nil {
			t.Fatal(err)
		}
		// Data first, then end of stream, as often as asked.
		for i := 0; i < 2; i++ {
			if n, err := c.Recv(buf); n != 0 || err != io.EOF {
				t.Fatalf("Recv after peer shutdown = %d, %v; want io.EOF", n, err)
			}
		}
		if _, err := c.SendRecv([]byte("x"), buf); err != io.EOF {
			// The reply still goes out (the peer only shut its write
			// side); the receive then sees end of stream.
			t.Fatalf("SendRecv after peer shutdown: %v; want io.EOF", err)
		}
		peerRead(t, peer, 1)
		closePeer(peer)
		// Writing to a closed peer fails sooner or later (TCP may take
		// one write to learn of the reset); it must not raise SIGPIPE.
		var err error
		for i := 0; i < 100 && err == nil; i++ {
			err = c.Send([]byte("lost"))
		}
		if !errors.Is(err, unix.EPIPE) && !errors.Is(err, unix.ECONNRESET) {
			t.Fatalf("Send to closed peer: %v; want EPIPE or ECONNRESET", err)
		}
	})
}

func TestRecvTimeout(t *testing.T) {
	forEach(t, func(t *testing.T, im impl, c Conn, peer int) {
		buf := make([]byte, 8)
		c.SetRecvTimeout(10 * time.Millisecond)
		n, err := c.Recv(buf)
		if !errors.Is(err, ErrTimeout) || n != 0 {
			t.Fatalf("Recv with nothing sent = %d, %v; want ErrTimeout", n, err)
		}
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Errorf("timeout error %T does not answer Timeout()", err)
		}

		// The Conn is still usable, with the timeout still in force.
		peerWrite(t, peer, []byte("x"))
		if n, err := c.Recv(buf); n != 1 || err != nil {
			t.Fatalf("Recv after timeout = %d, %v", n, err)
		}

		// SendRecv: the reply goes out, the wait for the answer times out.
		if _, err := c.SendRecv([]byte("reply"), buf); !errors.Is(err, ErrTimeout) {
			t.Fatalf("SendRecv with no answer: %v; want ErrTimeout", err)
		}
		if got := peerRead(t, peer, 5); string(got) != "reply" {
			t.Fatalf("peer got %q", got)
		}

		// Timeout off: the wait is unbounded again (data already there).
		c.SetRecvTimeout(0)
		peerWrite(t, peer, []byte("yz"))
		if err := recvFull(c, buf[:2]); err != nil || string(buf[:2]) != "yz" {
			t.Fatalf("Recv without timeout %q, %v", buf[:2], err)
		}
	})
}

func TestClosedConn(t *testing.T) {
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) {
			srv, _ := unixPair(false)(t)
			c := im.open(t, srv)
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			if err := c.Close(); !errors.Is(err, net.ErrClosed) {
				t.Errorf("second Close: %v", err)
			}
			if _, err := c.Recv(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
				t.Errorf("Recv after Close: %v", err)
			}
			if err := c.Send([]byte("x")); !errors.Is(err, net.ErrClosed) {
				t.Errorf("Send after Close: %v", err)
			}
		})
	}
}

func TestEmptyRecvBuffer(t *testing.T) {
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) {
			srv, _ := unixPair(false)(t)
			c := im.open(t, srv)
			if _, err := c.Recv(nil); err == nil {
				t.Error("Recv(nil) succeeded; it would be mistaken for end of stream")
			}
			if _, err := c.SendRecv([]byte("x"), nil); err == nil {
				t.Error("SendRecv(_, nil) succeeded")
			}
		})
	}
}

func TestNew(t *testing.T) {
	srv, peer := unixPair(true)(t)
	c, err := New(srv, MethodSync)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Method() != MethodSync {
		t.Fatalf("sync: Method() = %q", c.Method())
	}

	if _, err := New(srv, "worker"); err == nil {
		t.Fatal("unknown io_method accepted")
	}

	if uringSupported() == nil {
		srv2, _ := unixPair(false)(t)
		lockThread(t)
		c2, err := New(srv2, MethodIOUring)
		if err != nil {
			t.Fatal(err)
		}
		defer c2.Close()
		if c2.Method() != MethodIOUring {
			t.Fatalf("io_uring: Method() = %q", c2.Method())
		}
	}

	// Where io_uring is refused, New says why and still serves.
	saved := uringSupported
	uringSupported = func() error { return unix.EPERM }
	defer func() { uringSupported = saved }()
	srv3, peer3 := unixPair(false)(t)
	c3, err := New(srv3, MethodIOUring)
	var fb *FallbackError
	if !errors.As(err, &fb) || !errors.Is(err, unix.EPERM) {
		t.Fatalf("fallback error = %v", err)
	}
	if c3 == nil || c3.Method() != MethodSync {
		t.Fatalf("fallback Conn %v", c3)
	}
	defer c3.Close()
	peerWrite(t, peer3, []byte("ok"))
	buf := make([]byte, 2)
	if err := recvFull(c3, buf); err != nil || string(buf) != "ok" {
		t.Fatalf("fallback Conn Recv %q, %v", buf, err)
	}
	_ = peer
}

// TestBurst: the client sends much more than the multishot mode's
// provided buffers hold (it runs dry, stops, and is re-armed as the data
// is consumed) and the Conn reads it through a small buffer.
func TestBurst(t *testing.T) {
	forEach(t, func(t *testing.T, im impl, c Conn, peer int) {
		const size = 300 << 10
		msg := make([]byte, size)
		for i := range msg {
			msg[i] = byte(i % 251)
		}
		go func() {
			for b := msg; len(b) > 0; {
				n, err := unix.Write(peer, b)
				if err != nil {
					return
				}
				b = b[n:]
			}
		}()
		got := make([]byte, 0, size)
		buf := make([]byte, 1000)
		for len(got) < size {
			n, err := c.Recv(buf)
			if err != nil {
				t.Fatalf("after %d bytes: %v", len(got), err)
			}
			got = append(got, buf[:n]...)
		}
		if !bytes.Equal(got, msg) {
			t.Fatal("burst corrupted")
		}
	})
}

// TestSharedRing lends a ring the caller owns to a Conn: the Conn works on
// it, and closing the Conn leaves the ring open and clean.
func TestSharedRing(t *testing.T) {
	for _, multishot := range []bool{false, true} {
		t.Run(map[bool]string{false: "one-shot", true: "multishot"}[multishot], func(t *testing.T) {
			impls[0].skipUnsupported(t)
			lockThread(t)
			r, err := uring.New(8, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			srv, peer := unixPair(false)(t)
			c, err := NewUring(srv, &UringOptions{Ring: r, Multishot: multishot})
			if err != nil {
				t.Fatal(err)
			}
			peerWrite(t, peer, []byte("ping"))
			buf := make([]byte, 4)
			if err := recvFull(c, buf); err != nil || string(buf) != "ping" {
				t.Fatalf("Recv %q, %v", buf, err)
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			// Nothing of the Conn's is left in flight or unreaped.
			s := r.GetSQE()
			s.PrepNop()
			s.SetUserData(42)
			if _, err := r.SubmitAndWait(1); err != nil {
				t.Fatal(err)
			}
			if cqe, ok := r.PopCQE(); !ok || cqe.UserData != 42 {
				t.Fatalf("ring after Close: %+v", cqe)
			}
			if r.CQReady() != 0 {
				t.Fatalf("%d stray completions", r.CQReady())
			}
		})
	}
}

// TestUringPollIn covers the one-shot mode's fallback for a recv that
// reports EAGAIN (kernels that do not poll internally): a poll through the
// ring, bounded by the receive timeout.
func TestUringPollIn(t *testing.T) {
	impls[0].skipUnsupported(t)
	srv, peer := unixPair(true)(t)
	c := impls[0].open(t, srv).(*UringConn)
	c.SetRecvTimeout(5 * time.Millisecond)
	if err := c.pollIn(); !errors.Is(err, ErrTimeout) {
		t.Fatalf("poll with nothing to read: %v, want ErrTimeout", err)
	}
	peerWrite(t, peer, []byte("x"))
	if err := c.pollIn(); err != nil {
		t.Fatalf("poll with data waiting: %v", err)
	}
	c.SetRecvTimeout(0)
	if err := c.pollIn(); err != nil {
		t.Fatalf("poll without timeout: %v", err)
	}
}
