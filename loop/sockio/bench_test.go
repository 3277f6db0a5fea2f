package sockio

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// The round-trip benchmarks run the server side in a child process, as a
// backend is one: the test binary re-executes itself with benchServerEnv
// naming the server's method and the socket as descriptor 3. The server
// does nothing but answer each fixed-size request with a fixed-size reply,
// so what is measured is the socket path. The child reports its own
// getrusage on request, so server CPU and context switches per round trip
// come out exactly, whatever the client costs.

const (
	benchServerEnv = "SOCKIO_BENCH_SERVER"
	reqSize        = 40  // about a Bind+Execute+Sync of a prepared SELECT
	replySize      = 120 // about a DataRow+CommandComplete+ReadyForQuery
	opQuery        = 'Q'
	opUsage        = 'R' // reply carries the server's rusage
)

// serverMethods are the server-side implementations compared.
var serverMethods = []struct {
	name     string
	sendRecv bool // reply and wait with SendRecv rather than Send then Recv
	open     func(fd int) (Conn, error)
}{
	{"uring-sendrecv", true, func(fd int) (Conn, error) { return NewUring(fd, nil) }},
	{"uring-sendrecv-coop", true, func(fd int) (Conn, error) {
		return NewUring(fd, &UringOptions{RingOptions: &uring.Options{Flags: uring.SetupSingleIssuer | uring.SetupCoopTaskrun | uring.SetupSubmitAll}})
	}},
	{"uring-sendrecv-plain", true, func(fd int) (Conn, error) {
		return NewUring(fd, &UringOptions{RingOptions: &uring.Options{NoFlags: true}})
	}},
	{"uring-multishot", true, func(fd int) (Conn, error) { return NewUring(fd, &UringOptions{Multishot: true}) }},
	{"uring-send+recv", false, func(fd int) (Conn, error) { return NewUring(fd, nil) }},
	{"sync-polled", true, func(fd int) (Conn, error) { return NewPolled(fd) }},
	{"sync-netpoll", true, func(fd int) (Conn, error) { return NewNetpoll(fd) }},
	// For comparison only, not safe or not chosen: see blockingConn.
	{"blocking-raw", true, func(fd int) (Conn, error) { return newBlocking(fd, true) }},
	{"blocking-runtime", true, func(fd int) (Conn, error) { return newBlocking(fd, false) }},
}

func TestMain(m *testing.M) {
	if method := os.Getenv(benchServerEnv); method != "" {
		os.Exit(benchServer(method))
	}
	os.Exit(m.Run())
}

// benchServer is the child process: it serves descriptor 3 until the
// client closes it.
func benchServer(method string) int {
	runtime.LockOSThread() // the io_uring Conn's thread rule; harmless for the rest
	for _, m := range serverMethods {
		if m.name != method {
			continue
		}
		c, err := m.open(3)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			return 2
		}
		defer c.Close()
		if err := serve(c, m.sendRecv); err != nil && err != io.EOF {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			return 1
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "bench server: unknown method", method)
	return 2
}

func serve(c Conn, sendRecv bool) error {
	req := make([]byte, reqSize)
	reply := make([]byte, replySize)
	if err := recvFull(c, req); err != nil {
		return err
	}
	for {
		reply[0] = req[0]
		if req[0] == opUsage {
			putUsage(reply[1:])
		}
		var n int
		var err error
		if sendRecv {
			n, err = c.SendRecv(reply, req)
		} else if err = c.Send(reply); err == nil {
			n, err = c.Recv(req)
		}
		if err != nil {
			return err
		}
		if err := recvFull(c, req[n:]); err != nil {
			return err
		}
	}
}

// usage is what the server reports about itself.
type usage struct {
	cpuNs, nvcsw, nivcsw int64
}

func putUsage(b []byte) {
	var ru unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &ru)
	cpu := unix.TimevalToNsec(ru.Utime) + unix.TimevalToNsec(ru.Stime)
	binary.LittleEndian.PutUint64(b[0:], uint64(cpu))
	binary.LittleEndian.PutUint64(b[8:], uint64(ru.Nvcsw))
	binary.LittleEndian.PutUint64(b[16:], uint64(ru.Nivcsw))
}

func getUsage(b []byte) usage {
	return usage{
		cpuNs:  int64(binary.LittleEndian.Uint64(b[0:])),
		nvcsw:  int64(binary.LittleEndian.Uint64(b[8:])),
		nivcsw: int64(binary.LittleEndian.Uint64(b[16:])),
	}
}

// BenchmarkRoundTrip: one op is a small request and its small reply
// between a client (this process, always the same polled client) and a
// server process using the named method. srv-µs/op is the server's CPU
// time per round trip, srv-vcsw/op and srv-ivcsw/op its voluntary and
// involuntary context switches.
func BenchmarkRoundTrip(b *testing.B) {
	for _, tr := range []string{"unix", "tcp"} {
		for _, m := range serverMethods {
			b.Run(tr+"/"+m.name, func(b *testing.B) { benchRoundTrip(b, tr, m.name) })
		}
	}
}

func benchRoundTrip(b *testing.B, transport, method string) {
	if method[:5] == "uring" {
		if err := uring.Supported(); err != nil {
			b.Skip(err)
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	srv, cli := benchPair(b, transport)
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), benchServerEnv+"="+method)
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(srv), "server")}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	cmd.ExtraFiles[0].Close() // the child has its copy

	c, err := benchClient(cli)
	if err != nil {
		b.Fatal(err)
	}
	req := make([]byte, reqSize)
	reply := make([]byte, replySize)
	roundTrip := func(op byte) {
		req[0] = op
		n, err := c.SendRecv(req, reply)
		if err == nil {
			err = recvFull(c, reply[n:])
		}
		if err != nil || reply[0] != op {
			b.Fatalf("round trip: %v (reply %q)", err, reply[0])
		}
	}
	for i := 0; i < 1000; i++ {
		roundTrip(opQuery)
	}
	roundTrip(opUsage)
	before := getUsage(reply[1:])

	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		roundTrip(opQuery)
	}
	b.StopTimer()

	roundTrip(opUsage)
	after := getUsage(reply[1:])
	c.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatalf("server: %v", err)
	}
	n := float64(b.N)
	b.ReportMetric(float64(after.cpuNs-before.cpuNs)/n/1e3, "srv-µs/op")
	b.ReportMetric(float64(after.nvcsw-before.nvcsw)/n, "srv-vcsw/op")
	b.ReportMetric(float64(after.nivcsw-before.nivcsw)/n, "srv-ivcsw/op")
}

// benchClient is the client side of every benchmark: a PolledConn, which
// behaves like libpq under pgbench (send, then poll(2), then read), and is
// the same whatever the server does.
func benchClient(fd int) (Conn, error) {
	return NewPolled(fd)
}

// benchPair returns the server's and the client's descriptors.
func benchPair(b *testing.B, transport string) (int, int) {
	if transport == "unix" {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		return fds[0], fds[1]
	}
	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(lfd)
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		b.Fatal(err)
	}
	if err := unix.Listen(lfd, 1); err != nil {
		b.Fatal(err)
	}
	sa, _ := unix.Getsockname(lfd)
	cfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	if err := unix.Connect(cfd, sa); err != nil {
		b.Fatal(err)
	}
	// Accepted non-blocking, as an epoll-based postmaster would hand it on.
	sfd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK)
	if err != nil {
		b.Fatal(err)
	}
	for _, fd := range []int{sfd, cfd} {
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	}
	return sfd, cfd
}

// blockingConn reads and writes a blocking socket, either raw
// (unix.RawSyscall: the variant DESIGN.md §3 measured as cheapest and
// found unsafe, since a raw read(2) is restarted after the runtime's
// signals and blocks garbage collection for as long as the client is
// silent) or through the runtime (unix.Syscall: safe, but the P hand-off
// around each blocking call costs). Benchmarks only; it has no timeout.
type blockingConn struct {
	fd  int
	raw bool
}

func newBlocking(fd int, raw bool) (*blockingConn, error) {
	if err := unix.SetNonblock(fd, false); err != nil {
		return nil, err
	}
	return &blockingConn{fd: fd, raw: raw}, nil
}

func (c *blockingConn) syscall(trap, a1, a2, a3, a4 uintptr) (uintptr, unix.Errno) {
	var n uintptr
	var errno unix.Errno
	if c.raw {
		n, _, errno = unix.RawSyscall6(trap, a1, a2, a3, a4, 0, 0)
	} else {
		n, _, errno = unix.Syscall6(trap, a1, a2, a3, a4, 0, 0)
	}
	return n, errno
}

func (c *blockingConn) Recv(buf []byte) (int, error) {
	for {
		n, errno := c.syscall(unix.SYS_READ, uintptr(c.fd), uintptr(unsafe.Pointer(unsafe.SliceData(buf))), uintptr(len(buf)), 0)
		switch {
		case errno == unix.EINTR:
		case errno != 0:
			return 0, errno
		case n == 0:
			return 0, io.EOF
		default:
			return int(n), nil
		}
	}
}

func (c *blockingConn) Send(b []byte) error {
	for len(b) > 0 {
		n, errno := c.syscall(unix.SYS_SENDTO, uintptr(c.fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), unix.MSG_NOSIGNAL)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return errno
		}
		b = b[n:]
	}
	return nil
}

func (c *blockingConn) SendRecv(out, in []byte) (int, error) {
	if err := c.Send(out); err != nil {
		return 0, err
	}
	return c.Recv(in)
}

func (c *blockingConn) SetRecvTimeout(time.Duration) {}
func (c *blockingConn) Method() string               { return "blocking" }
func (c *blockingConn) Close() error                 { return unix.Close(c.fd) }
