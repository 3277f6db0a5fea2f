// Package types owns the SQL engine's type system: what each built-in type
// is (the pg_type rows, names and aliases, typmods and format_type), how
// its values read and write in text and binary, how they are laid out in
// heap tuples and B-tree keys, how they compare and hash, and how they
// cast.
//
// Values travel as Datum (see datum.go) beside a T (oid and typmod); this
// package never guesses a value's type from the Datum. Numeric values and
// date/time values are handled by the subpackages numeric and datetime,
// which this package calls and never reimplements. It may import pgerr,
// the tuple format (backend/access/heap/tuple) for attribute descriptors,
// the key encoding (backend/access/btree/keyenc), xxhash and pgx's
// protocol types in tests; it knows nothing of catalogs, sessions or
// storage beyond that. Catalog lookups that some types need (regclass,
// regtype) reach it through the hooks in Env.
//
// Where things are: the pg_type rows in builtins.go and the registry in
// registry.go; names, typmods and format_type in typename.go and
// typmod.go; text I/O in io*.go, array_text.go, json_parse.go,
// jsonb_text.go and record*.go; binary I/O in binary.go and
// array_binary.go; heap storage in stored.go, array_stored.go,
// numeric_stored.go and jsonb_stored.go (all byte-compatible with
// PostgreSQL 15's tuples); B-tree keys in key*.go; comparison and hashing
// in compare.go; casts in cast*.go; enum types, which the catalog
// describes through the UserTypes hook, in enum.go. Expected results in testdata/ were
// recorded from PostgreSQL 15; go test -run TestData -update records them
// again from a live server.
//
// Concurrency: the registry is built once at init and read-only after,
// Datums are immutable, and every function is safe for concurrent use.
// Functions never panic on client input: bad text, binary or stored bytes
// come back as *pgerr.Error with PostgreSQL's SQLSTATE and wording.
package types
