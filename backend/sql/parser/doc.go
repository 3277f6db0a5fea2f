// Package parser turns SQL text into syntax trees, following PostgreSQL 15's
// grammar (gram.y) and scanner (scan.l): the same tokens, keywords,
// operator precedence, and the same error messages and cursor positions a
// client sees from PostgreSQL.
//
// It owns the lexer, a hand-written recursive-descent parser (precedence
// climbing for expressions), the syntax tree (the ast_*.go files), the SQL
// spelling of every tree node (String, used for deparsing and round-trip
// tests) and Normalize, the lexer-only fingerprint that keys the plan cache.
//
// The package is pure: it does no I/O, imports only pgerr and xxhash, and
// holds no global state except the read-only keyword tables. Every function
// is safe for concurrent use. It never panics on any input; FuzzParse checks
// that.
//
// Locations in the tree are byte offsets into the query string (0-based,
// -1 when unknown); errors carry PostgreSQL's 1-based character position
// (see CharPosition).
package parser
