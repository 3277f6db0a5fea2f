// Package backend is the life of one backend process: it attaches to the
// shared segment, claims the proc slot the postmaster gave it, and then
// serves sessions one after another, each handed over by the postmaster on
// the control socket, until it is told to stop, reaches
// backend_max_sessions, outgrows its memory bound, or its postmaster dies.
//
// Between sessions nothing of the previous one survives: its settings are
// rebuilt from the postmaster's, its socket is closed, and its proc slot
// shows it as pooled. Only caches that no session can observe are kept.
//
// Concurrency: the main goroutine runs the sessions, on one Go processor
// (GOMAXPROCS 1) and not locked to its OS thread, so its rings are set up
// without the flags that tie a ring to one thread (uring.UseUnlockedRings).
// A signal goroutine handles SIGTERM/SIGQUIT/SIGINT/SIGHUP and a watcher
// goroutine follows the postmaster's death pipe; both reach the session
// only through atomics, and run when the main goroutine waits through the
// runtime or is preempted (within a sysmon period, 10-20 ms).
package backend
