// Package loop is the postmaster: the process that owns the listening
// sockets, the shared segment and every other process of the server.
//
// It runs one gnet event loop. A new connection's first packet (the startup
// packet, an SSLRequest, GSSENCRequest or CancelRequest) is read and decoded
// in the loop; a startup packet that asks for a session hands the socket, with
// the packet and anything the client sent after it, to an idle backend
// process over that backend's control socket (package handoff). From then on
// the postmaster never sees the connection's bytes again. The postmaster
// never touches shared data pages and never imports the data-access packages
// under backend: it starts backends as processes, it does not call them.
//
// Backends are this same binary re-executed ("ringpg backend"), kept warm in
// a pool and reused from session to session (a Go process costs ~1.2 ms of
// CPU to start and exit here, which alone would cap connection-per-transaction
// throughput). Each backend owns one proc array slot, numbered by the
// postmaster. A backend that exits abnormally makes the postmaster stop every
// other child, create a new segment and start again, as PostgreSQL does.
//
// With Config.Startup the postmaster runs a startup process ("ringpg
// startup", crash recovery) on each new segment before any backend starts,
// and with Config.Aux it keeps auxiliary processes ("ringpg aux NAME") running
// beside the backends (aux.go). Their work is a function given to
// backend.AuxMain; the postmaster only starts, signals and reaps them.
//
// Concurrency: the event loop goroutine owns every gnet.Conn and the
// connection table; the pool (idle backends, pending connections, counts,
// slots) is shared with the goroutines that read backends' notes and reap
// their exits and is guarded by Postmaster.mu. Children are started from one
// goroutine locked to its OS thread, because PR_SET_PDEATHSIG fires when the
// starting thread exits, not the process (golang/go#27505).
package loop
