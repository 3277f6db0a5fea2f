// Package sockio owns the client socket I/O of a backend process: waiting
// for the client's next protocol message and sending replies. It does not
// parse messages; the session above it frames them.
//
// Conn has three implementations, chosen by io_method:
//
//   - UringConn ("io_uring"): one io_uring per connection (or a ring the
//     caller lends it). SendRecv sends the reply and waits for the next
//     request in a single io_uring_enter. In one-shot mode the send is
//     linked before a recv SQE, bounded by a linked timeout; in multishot
//     mode (UringOptions.Multishot) one recv stays armed for the life of
//     the Conn, landing data in provided buffers, and the enter carries
//     only the send (timeouts are a timed wait on the ring). Built on
//     loop/uring.
//   - PolledConn ("sync", the default sync method): plain non-blocking
//     read/send system calls made raw, waiting in ppoll(2), which, like
//     io_uring_enter and unlike read(2), fails with EINTR when the
//     runtime's preemption signal arrives, so the wait yields to the
//     scheduler and never holds up a garbage collection.
//   - NetpollConn: the same socket through Go's netpoller (os.File), the
//     runtime's own way; kept as the reference and a fallback.
//
// Why these: BenchmarkRoundTrip (a do-nothing server in a child process,
// 40-byte requests, 120-byte replies, a libpq-like polling client; 2 cores,
// medians of 8 runs) measured server CPU per round trip over a Unix
// socket of 8.6 µs for UringConn.SendRecv (one-shot, DEFER_TASKRUN),
// 9.2 µs multishot, 10.1 µs io_uring Send then Recv, 10.3 µs PolledConn,
// 11.5 µs a raw blocking read (unsafe, below) and 32 µs NetpollConn; over
// TCP 10.2, 11.4, 11.8, 12.8, 11.7 and 31 µs. Round-trip latency ranks
// the same way. Hence io_uring one-shot as the io_uring default and
// PolledConn as the sync one.
//
// A raw blocking read(2) is deliberately absent: the kernel restarts it
// after the runtime's preemption signals, so it holds its P until the
// client speaks and a stop-the-world waits for it (DESIGN.md §3).
//
// # Concurrency
//
// A Conn is used by one goroutine at a time. A UringConn's ring is set up
// with uring's default flags: IORING_SETUP_SINGLE_ISSUER and
// DEFER_TASKRUN, unless the process chose uring.UseUnlockedRings (a
// backend does). With the former it must be created and used on one OS
// thread: call runtime.LockOSThread before NewUring (or New with
// "io_uring") and keep the goroutine locked while it uses the Conn. The
// sync implementations have no thread rule.
//
// Every call returns only after the kernel is done with the caller's
// buffers: a timed-out or failed io_uring call still reaps all its
// completions first.
//
// The descriptor handed to a constructor may be blocking or non-blocking
// (the postmaster accepts with epoll); each implementation copes. The Conn
// owns it from then on and closes it in Close.
package sockio
