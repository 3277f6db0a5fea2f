// Package numeric owns PostgreSQL's arbitrary-precision NUMERIC type: its
// value representation, text input and output, the binary wire format,
// arithmetic and the transcendental functions with PostgreSQL 15's result
// scales, typmod coercion (numeric(p,s)), hashing, and an accumulator for
// sum and avg.
//
// A *Decimal is coef × 10^-scale with the coefficient in an int64 while it
// fits (the common case never touches math/big) and a big.Int beyond, plus
// NaN and ±Infinity. Its storage form is the wire format (AppendStored is
// AppendSend). Decimals are immutable once built and may be shared freely
// between goroutines; an Acc belongs to one goroutine.
//
// It imports only the standard library, xxhash and pgerr. Errors returned
// to callers are *pgerr.Error with PostgreSQL's SQLSTATE and message
// wording. Expected results in testdata/ were recorded from PostgreSQL 15
// (go test -run TestCases -record='host=... port=...' rewrites them).
package numeric
