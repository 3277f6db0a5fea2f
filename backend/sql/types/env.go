package types

import "time"

// Env carries the session settings that change how values read and write
// (the GUCs of the same names). A nil *Env means DefaultEnv().
type Env struct {
	DateStyle        string         // "ISO, MDY" (output style, then field order)
	IntervalStyle    string         // "postgres", "postgres_verbose", "sql_standard", "iso_8601"
	TimeZone         *time.Location // session time zone; nil means UTC
	ExtraFloatDigits int            // extra_float_digits: >0 shortest exact output, else %.*g with 15+n / 6+n digits
	ByteaOutput      string         // "hex" or "escape"

	// TxnStart is the transaction's start time, the value of 'now',
	// 'today', 'yesterday' and 'tomorrow' in date/time input. The zero
	// time means the wall clock at the call.
	TxnStart time.Time

	// Catalog hooks for the object-identifier types. A nil hook makes the
	// type read and write the bare numeric oid. An In hook returns a
	// *pgerr.Error (42P01, 42704, ...) when the name does not resolve; an
	// Out hook returns false when the oid names nothing, and the oid is
	// then printed as a number, as PostgreSQL does.
	RegclassIn  func(name string) (Oid, error)
	RegclassOut func(oid Oid) (string, bool)
	RegtypeIn   func(name string) (Oid, error)
	RegtypeOut  func(oid Oid) (string, bool)
	RegprocIn   func(name string) (Oid, error)
	RegprocOut  func(oid Oid) (string, bool)
	// regnamespace (schemas).
	RegnamespaceIn  func(name string) (Oid, error)
	RegnamespaceOut func(oid Oid) (string, bool)
}

// DefaultEnv returns PostgreSQL's default settings: DateStyle "ISO, MDY",
// IntervalStyle "postgres", TimeZone UTC, extra_float_digits 1,
// bytea_output "hex".
func DefaultEnv() *Env {
	return &Env{
		DateStyle:        "ISO, MDY",
		IntervalStyle:    "postgres",
		TimeZone:         time.UTC,
		ExtraFloatDigits: 1,
		ByteaOutput:      "hex",
	}
}

var defaultEnv = DefaultEnv()

func envOr(e *Env) *Env {
	if e == nil {
		return defaultEnv
	}
	return e
}

func (e *Env) location() *time.Location {
	if e == nil || e.TimeZone == nil {
		return time.UTC
	}
	return e.TimeZone
}
