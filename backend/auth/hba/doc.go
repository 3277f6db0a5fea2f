// Package hba owns the client authentication configuration files:
// pg_hba.conf, reading it (with @file inclusions), checking every line the
// way PostgreSQL 15 does, and choosing the rule that applies to a
// connection attempt (first match wins); and pg_ident.conf, the user name
// maps of the map= option (ident.go).
//
// It may call only the standard library and pgerr. It knows nothing of the
// catalog: role membership (for +role and samerole), the server's own
// networks (for samehost and samenet) and name resolution (for host names)
// come in with each Conn, so a backend can decide with what it already has.
//
// Concurrency: a *File is immutable once Load or Parse returns it and may be
// shared by any number of goroutines. A reload builds a new *File; when that
// fails the caller keeps the old one and logs the error, as PostgreSQL does.
//
// Departures from PostgreSQL, all deliberate:
//   - the server has no GSSAPI, so hostgssenc lines load with a warning
//     (as in a PostgreSQL built without GSSAPI) and never match;
//   - sspi and bsd are refused as "not supported by this build", as on any
//     Linux build; gss, ident, peer, pam, ldap and radius parse, and the
//     server refuses them when a connection reaches them;
//   - @file inclusions nest at most MaxIncludeDepth deep, where PostgreSQL
//     15 recurses until it runs out of stack;
//   - RADIUS server names are not resolved while the file is read.
package hba
