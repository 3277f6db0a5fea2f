// Package engine binds the SQL engine together for one backend process:
// it owns the session's transaction state (implicit and explicit
// transaction blocks, savepoints, the failed-transaction state), turns
// statements into plans (package plan) over the catalog (package catalog)
// and runs them (package exec) inside transactions of package transam; it
// executes the utility commands (DDL, transaction control, TRUNCATE).
//
// The wire protocol is not here: package session calls Prepare, Bind and
// Fetch and encodes the rows. An Engine belongs to one backend and is used
// by one goroutine; everything it shares with other backends goes through
// the buffer pool, the catalog's and transam's shared regions.
package engine
