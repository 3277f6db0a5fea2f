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
// Concurrency: the main goroutine runs the sessions and is locked to its OS
// thread (an io_uring set up with SINGLE_ISSUER must be driven from one
// thread). A signal goroutine handles SIGTERM/SIGQUIT/SIGINT/SIGHUP and a
// watcher goroutine follows the postmaster's death pipe; both reach the
// session only through atomics.
package backend
