// Package uring is ringpg's own small io_uring binding, written against the
// kernel ABI (include/uapi/linux/io_uring.h) on golang.org/x/sys/unix, with
// no cgo.
//
// It owns one thing: a Ring, that is an io_uring instance with its
// submission queue (SQ), completion queue (CQ) and SQE array mapped into the
// process, plus the provided-buffer groups (BufRing) registered on it. It
// prepares the operations ringpg uses (nop, read, write, fsync, recv and
// multishot recv, send, accept, timeout, link timeout, cancel, poll) and
// submits and reaps them. Higher layers (loop/sockio for the client socket,
// the storage code for relation and WAL files) build their I/O on it.
// Supported tells, once per process, whether io_uring can be used at all.
//
// Files: abi.go (kernel structs and constants), ring.go (setup, mmap,
// close), sqe.go (getting and preparing SQEs), enter.go (submit and wait),
// cqe.go (reaping), bufring.go (provided buffers, multishot recv),
// probe.go (Supported).
//
// # Concurrency
//
// A Ring is not safe for concurrent use: one goroutine drives it. When the
// ring was set up with IORING_SETUP_SINGLE_ISSUER or DEFER_TASKRUN (New asks
// for both by default) the kernel also insists on one OS thread: the
// goroutine must call runtime.LockOSThread before New and stay locked for as
// long as it uses the ring, or io_uring_enter fails with EEXIST. A process
// whose goroutines are not locked calls UseUnlockedRings first: its rings
// then get UnlockedFlags, which leave those two out and COOP_TASKRUN too, so
// that the completion of a request submitted from a thread the goroutine
// has since left wakes or interrupts that thread at once
// (TestUnlockedRingMigration). Close may be called from any thread once
// nobody drives the ring.
//
// # Waiting without starving the Go runtime
//
// Submit, SubmitAndWait and WaitCQE call io_uring_enter through
// unix.RawSyscall6, not through the runtime's syscall wrappers: the wait for
// a client's next request is on the path of every query and the runtime's
// entersyscall/exitsyscall hand-off costs a context switch and most of the
// CPU of a round trip (measured in DESIGN.md §3). A raw call keeps its P,
// so it must be interruptible: io_uring_enter returns EINTR when the
// runtime's preemption signal (SIGURG) arrives, and the retry loop then calls
// runtime.Gosched, which is the preemption point that lets a stop-the-world
// (garbage collection) or another goroutine on this P proceed. A raw read(2)
// would be restarted by the kernel instead and hold the P until the client
// speaks.
//
// Once a wait has been interrupted, it has usually lasted a whole sysmon
// preemption period (10-20 ms), or a collection is under way; either way
// the hand-off no longer matters, so the wait goes on through the runtime's
// syscall path (unix.Syscall6), which gives the P up. That keeps an idle
// backend from being woken by sysmon all the time (measured, GOMAXPROCS=1:
// an idle raw waiter cost 7.7 ms of CPU and ~360 context switches per
// second; with the switch 0.2 ms and ~2), and lets the other goroutines of
// a GOMAXPROCS=1 process run freely during a long wait. At the start of
// each wait they may still be held up for one preemption period.
// See enter.go.
//
// # Memory handed to the kernel
//
// Buffers and timespecs named by an SQE are Go memory the kernel reads or
// writes later. The Prep methods make them escape to the heap (Go's heap
// does not move), but keeping them reachable until the matching CQE has
// been reaped is the caller's job; a Timespec only needs to live until the
// SQE has been submitted, because the kernel copies it then.
//
// Linux only.
package uring
