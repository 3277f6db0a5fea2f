package main

import "testing"

// TestPsqlCatalogOps runs psql's listings of operators, casts, operator
// classes and families, conversions, text search objects and extended
// statistics (\do, \dC, \dA*, \dc, \dF*, \dX) against a fresh ringpg and
// compares them with PostgreSQL 15's output in
// testdata/psql/catalog_ops.txt (same format as describe.txt). The
// patterns name types ringpg has, so both servers list the same built-in
// rows. Re-record with
//
//	go test ./cmd/ringpg -run TestPsqlCatalogOps -psql-record-from "host=/tmp port=5432"
func TestPsqlCatalogOps(t *testing.T) {
	runPsqlCaseFile(t, "testdata/psql/catalog_ops.txt", false)
}

// TestPsqlNotify runs LISTEN, NOTIFY and pg_notify in one psql session
// per case (several statements in one -c) and compares the notifications
// psql prints, and the errors, with PostgreSQL 15's output in
// testdata/psql/notify.txt. Re-record with
//
//	go test ./cmd/ringpg -run TestPsqlNotify -psql-record-from "host=/tmp port=5432"
func TestPsqlNotify(t *testing.T) {
	runPsqlCaseFile(t, "testdata/psql/notify.txt", false)
}

// TestPsqlSignals runs pg_cancel_backend and pg_terminate_backend on
// processes that are not backends, with their warnings and errors
// (testdata/psql/signals.txt); TestSignalBackend signals real ones.
func TestPsqlSignals(t *testing.T) {
	runPsqlCaseFile(t, "testdata/psql/signals.txt", false)
}
