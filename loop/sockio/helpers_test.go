package sockio

import (
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// impl is one Conn implementation under test.
type impl struct {
	name string
	new  func(fd int) (Conn, error)
	// waitSyscall is the system call a thread of this implementation
	// sleeps in while it waits for data, or -1 when the goroutine parks
	// instead (netpoller).
	waitSyscall int
}

var impls = []impl{
	{"io_uring", func(fd int) (Conn, error) { return NewUring(fd, nil) }, unix.SYS_IO_URING_ENTER},
	{"io_uring-multishot", func(fd int) (Conn, error) { return NewUring(fd, &UringOptions{Multishot: true}) }, unix.SYS_IO_URING_ENTER},
	{"polled", func(fd int) (Conn, error) { return NewPolled(fd) }, unix.SYS_PPOLL},
	{"netpoll", func(fd int) (Conn, error) { return NewNetpoll(fd) }, -1},
}

// open makes a Conn of this implementation on fd, on a thread locked for
// the rest of the calling goroutine (the io_uring one requires it; the
// others do not mind). fd belongs to the Conn afterwards.
func (im impl) open(t *testing.T, fd int) Conn {
	t.Helper()
	im.skipUnsupported(t)
	runtime.LockOSThread() // released when the test goroutine exits
	c, err := im.new(fd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (im impl) skipUnsupported(t *testing.T) {
	t.Helper()
	if strings.HasPrefix(im.name, "io_uring") {
		if err := uring.Supported(); err != nil {
			t.Skip(err)
		}
	}
}

// transport makes a connected pair: the server end for a Conn and a
// blocking peer descriptor for the test to play the client.
type transport struct {
	name string
	pair func(t *testing.T) (srv, peer int)
}

var transports = []transport{
	{"unix", unixPair(false)},
	{"unix-nonblocking", unixPair(true)},
	{"tcp", tcpPair},
}

func unixPair(nonblock bool) func(t *testing.T) (int, int) {
	return func(t *testing.T) (int, int) {
		t.Helper()
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		if nonblock {
			unix.SetNonblock(fds[0], true)
		}
		closeAtEnd(t, fds[1])
		return fds[0], fds[1]
	}
}

// tcpPair connects over loopback; the server end arrives non-blocking, as
// from an epoll-based postmaster.
func tcpPair(t *testing.T) (int, int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cli, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	srv, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	return dupFd(t, srv, true), dupFd(t, cli, false)
}

// dupFd returns a descriptor of its own for a net.Conn's socket.
func dupFd(t *testing.T, c net.Conn, nonblock bool) int {
	t.Helper()
	f, err := c.(*net.TCPConn).File() // a blocking duplicate
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd, err := unix.Dup(int(f.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	unix.SetNonblock(fd, nonblock)
	if !nonblock {
		closeAtEnd(t, fd)
	}
	return fd
}

// forEach runs f for every implementation over every transport.
func forEach(t *testing.T, f func(t *testing.T, im impl, c Conn, peer int)) {
	for _, im := range impls {
		for _, tr := range transports {
			t.Run(im.name+"/"+tr.name, func(t *testing.T) {
				srv, peer := tr.pair(t)
				c := im.open(t, srv)
				f(t, im, c, peer)
			})
		}
	}
}

// peerRead reads exactly n bytes on the peer descriptor.
func peerRead(t *testing.T, fd, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(fdReader(fd), b); err != nil {
		t.Fatalf("peer read: %v", err)
	}
	return b
}

func peerWrite(t *testing.T, fd int, b []byte) {
	t.Helper()
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err != nil {
			t.Fatalf("peer write: %v", err)
		}
		b = b[n:]
	}
}

type fdReader int

func (f fdReader) Read(b []byte) (int, error) {
	n, err := unix.Read(int(f), b)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// recvFull receives exactly len(b) bytes through c.
func recvFull(c Conn, b []byte) error {
	for n := 0; n < len(b); {
		m, err := c.Recv(b[n:])
		if err != nil {
			return err
		}
		n += m
	}
	return nil
}

func lockThread(t *testing.T) {
	t.Helper()
	runtime.LockOSThread() // released when the test goroutine exits
}

// closedEarly holds peer descriptors a test closed itself, so that the
// end-of-test cleanup does not close the number again (it may have been
// reused by then).
var closedEarly struct {
	sync.Mutex
	fds map[int]bool
}

func closeAtEnd(t *testing.T, fd int) {
	t.Cleanup(func() {
		closedEarly.Lock()
		defer closedEarly.Unlock()
		if closedEarly.fds[fd] {
			delete(closedEarly.fds, fd)
			return
		}
		unix.Close(fd)
	})
}

// closePeer closes a peer descriptor registered with closeAtEnd.
func closePeer(fd int) {
	closedEarly.Lock()
	defer closedEarly.Unlock()
	if closedEarly.fds == nil {
		closedEarly.fds = make(map[int]bool)
	}
	closedEarly.fds[fd] = true
	unix.Close(fd)
}
