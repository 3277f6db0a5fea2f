// Package numeric owns PostgreSQL's arbitrary-precision NUMERIC type: its
// value representation, text input and output, the binary wire format,
// arithmetic with PostgreSQL 15's result scales, typmod coercion
// (numeric(p,s)), hashing, and an accumulator for sum and avg.
//
// It imports only the standard library and pgerr. Values (*Decimal) are
// immutable once built and may be shared freely between goroutines; an Acc
// belongs to one goroutine.
//
// Errors returned to callers are *pgerr.Error with PostgreSQL's SQLSTATE and
// message wording.
package numeric
