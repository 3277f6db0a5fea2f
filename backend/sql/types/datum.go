package types

// Datum is one SQL value, unboxed. A Datum does not know its own type: the
// analyzer types every expression statically (as PostgreSQL does), and the
// type travels beside the value as a T. Which field holds the value depends
// on the type's representation:
//
//	bool                                   I (0 or 1)
//	int2, int4, int8, oid, regclass,       I
//	regproc, regtype, xid, "char"
//	float4, float8                         F (a float4 holds a float32-exact value)
//	numeric                                P: *numeric.Decimal (immutable)
//	text, varchar, bpchar, name, json,     S (bpchar with its padding, as stored)
//	unknown (an untyped literal), cstring
//	bytea                                  S (the raw bytes)
//	uuid                                   S (the 16 raw bytes)
//	tid                                    I: block << 16 | offset (see TidValue)
//	pg_lsn                                 I: the 64-bit WAL position's bits (LSN, AsLSN)
//	date                                   I: days since 2000-01-01;
//	                                       math.MinInt32 -infinity, math.MaxInt32 infinity
//	time                                   I: microseconds since midnight
//	timestamp, timestamptz                 I: microseconds since 2000-01-01 00:00 (UTC for tz);
//	                                       math.MinInt64 -infinity, math.MaxInt64 infinity
//	interval                               P: datetime.Interval (a value, not a pointer)
//	jsonb                                  P: *JSONB (immutable parsed tree, see jsonb.go)
//	arrays, int2vector, oidvector          P: *Array (immutable; the vectors are
//	                                       one-dimensional with lower bound 0)
//	record                                 P: *Record
//
// A Datum is immutable once built: values are shared freely between rows,
// slots and caches, so nothing may write into S's bytes or into what P
// points at.
type Datum struct {
	I    int64
	F    float64
	S    string
	P    any
	Null bool
}

// Null is the SQL NULL of any type.
var Null = Datum{Null: true}

// Int returns an integer-represented datum (bool, int2/4/8, oid, date, time, timestamp).
func Int(v int64) Datum { return Datum{I: v} }

// Float returns a float4 or float8 datum.
func Float(v float64) Datum { return Datum{F: v} }

// String returns a string-represented datum (text, varchar, bpchar, name, json, bytea, uuid).
func String(s string) Datum { return Datum{S: s} }

// Bool returns a bool datum.
func Bool(b bool) Datum {
	if b {
		return Datum{I: 1}
	}
	return Datum{}
}

// AsBool reports a bool datum's value (false for NULL).
func (d Datum) AsBool() bool { return !d.Null && d.I != 0 }

// Oid identifies a type (pg_type.oid).
type Oid = uint32

// T is a resolved SQL type: its OID and its type modifier (-1 when none;
// varchar(n) and bpchar(n) store n+4, numeric(p,s) ((p<<16)|s)+4, as
// PostgreSQL does).
type T struct {
	Oid Oid
	Mod int32
}

// Of returns the type oid with no modifier.
func Of(oid Oid) T { return T{Oid: oid, Mod: -1} }
