// Package session runs one client session inside a backend process: the
// startup exchange after the postmaster's hand-off, then the message loop of
// protocol 3.0, until the client says Terminate or goes away.
//
// Messages are decoded and encoded with pgproto3. Replies are accumulated in
// one output buffer and sent together with the wait for the client's next
// message (Transport.SendRecv), so that a round trip costs one system call on
// io_uring.
//
// A Session is owned by the backend's main goroutine, which is locked to its
// OS thread. The only state touched from elsewhere is the client descriptor
// (read by the signal goroutine to say FATAL before the process exits), kept
// in an atomic.
//
// Until the SQL engine lands, statements are recognised by a small command
// reader (command.go) that handles SELECT of constants, SHOW, SET and RESET;
// anything else gets PostgreSQL's error for it.
package session
