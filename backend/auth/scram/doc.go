// Package scram owns password authentication as PostgreSQL 15 performs it
// on the server side, and the password verifiers stored in
// pg_authid.rolpassword:
//
//   - SASL SCRAM-SHA-256 (RFC 5802, RFC 7677) and SCRAM-SHA-256-PLUS with the
//     tls-server-end-point channel binding (RFC 5929), one Exchange per
//     authentication attempt;
//   - the md5 challenge (CheckMD5) and the cleartext password (CheckPassword);
//   - the verifier formats "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>"
//     and "md5<hex>", and what CREATE/ALTER ROLE ... PASSWORD stores
//     (EncryptPassword).
//
// It is pure: it reads no catalog and writes no socket. The session startup
// looks the role up, passes its rolpassword (or "" and exists=false for a
// role that does not exist, or whose password is null or expired), relays
// the protocol messages and maps an *AuthError to an ErrorResponse. Choosing
// between md5 and SCRAM for an "md5" pg_hba line (PostgreSQL switches to
// SCRAM when the stored verifier is a SCRAM one), limiting SASL message
// length and rejecting an empty cleartext password are the caller's.
//
// It calls only the standard library and golang.org/x/text (Unicode
// normalization and bidirectional classes for SASLprep).
//
// Concurrency: an Exchange belongs to one connection and is not safe for
// concurrent use. The package functions are safe for concurrent use; the
// only shared state is the per-process secret behind the mock salt, set
// once at first use and read-only afterwards.
//
// A client must never learn whether a role exists: for a missing role or
// one without a SCRAM verifier the Exchange runs a mock authentication with
// a salt derived from the user name and the per-process secret, computes
// the proof anyway, and fails with the same 28P01 error as a wrong password.
package scram
