package funcs

import (
	"bytes"
	"math"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
)

// cmpFunc orders two values of a comparison operator's operand types:
// negative, zero or positive. Only cross-type date/time comparisons use
// the Ctx (the session time zone).
type cmpFunc func(c *Ctx, a, b types.Datum) int

func cmpInt(_ *Ctx, a, b types.Datum) int {
	switch {
	case a.I < b.I:
		return -1
	case a.I > b.I:
		return 1
	}
	return 0
}

// cmpUnsigned orders oid, xid and "char", which PostgreSQL compares
// unsigned.
func cmpUnsigned(_ *Ctx, a, b types.Datum) int {
	x, y := uint64(a.I)&0xFFFFFFFF, uint64(b.I)&0xFFFFFFFF
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// floatCmp orders floats as PostgreSQL does: NaN equals NaN and sorts
// above everything.
func floatCmp(x, y float64) int {
	xn, yn := math.IsNaN(x), math.IsNaN(y)
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	case yn:
		return -1
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func cmpFloat(_ *Ctx, a, b types.Datum) int { return floatCmp(a.F, b.F) }

func cmpNumeric(_ *Ctx, a, b types.Datum) int {
	return numeric.Cmp(a.P.(*numeric.Decimal), b.P.(*numeric.Decimal))
}

// cmpText orders text, varchar and name by bytes (the C collation, which is
// the only one the server has).
func cmpText(_ *Ctx, a, b types.Datum) int { return strings.Compare(a.S, b.S) }

// cmpBPChar ignores trailing spaces, as bpchar comparison does.
func cmpBPChar(_ *Ctx, a, b types.Datum) int {
	return strings.Compare(strings.TrimRight(a.S, " "), strings.TrimRight(b.S, " "))
}

func cmpBytes(_ *Ctx, a, b types.Datum) int { return bytes.Compare([]byte(a.S), []byte(b.S)) }

func cmpInterval(_ *Ctx, a, b types.Datum) int {
	return types.Compare(intervalT, a, b)
}

// dateToTimestamp converts a date to the timestamp of its midnight,
// keeping the infinities (and saturating, as the comparisons do).
func dateToTimestamp(d int64) int64 {
	switch d {
	case math.MinInt32:
		return math.MinInt64
	case math.MaxInt32:
		return math.MaxInt64
	}
	return d * datetime.USecsPerDay
}

// dateToTimestampTZ converts a date to the timestamptz of its midnight in
// the session time zone.
func dateToTimestampTZ(c *Ctx, d int64) int64 {
	ts := dateToTimestamp(d)
	if ts == math.MinInt64 || ts == math.MaxInt64 {
		return ts
	}
	return timestampToTZ(c, ts)
}

// timestampToTZ reads a timestamp in the session time zone.
func timestampToTZ(c *Ctx, ts int64) int64 {
	if ts == math.MinInt64 || ts == math.MaxInt64 {
		return ts
	}
	r, err := datetime.LocalToTimestampTZ(ts, c.location())
	if err != nil {
		if ts < 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return r
}

// cmpLSN orders pg_lsn values, unsigned 64-bit positions.
func cmpLSN(_ *Ctx, a, b types.Datum) int {
	switch x, y := a.AsLSN(), b.AsLSN(); {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func i64cmp(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// comparator returns the comparison of values of types l and r, or nil
// when this package cannot compare them.
func comparator(l, r types.Oid) cmpFunc {
	if l == r {
		return sameTypeCmp(l)
	}
	ints := func(t types.Oid) bool { return isIntType(t) }
	floats := func(t types.Oid) bool { return t == types.Float4Oid || t == types.Float8Oid }
	texts := func(t types.Oid) bool { return t == types.TextOid || t == types.NameOid || t == types.VarcharOid }
	switch {
	case ints(l) && ints(r):
		return cmpInt
	case floats(l) && floats(r):
		return cmpFloat
	case texts(l) && texts(r):
		return cmpText
	case l == types.DateOid && r == types.TimestampOid:
		return func(_ *Ctx, a, b types.Datum) int { return i64cmp(dateToTimestamp(a.I), b.I) }
	case l == types.TimestampOid && r == types.DateOid:
		return func(_ *Ctx, a, b types.Datum) int { return i64cmp(a.I, dateToTimestamp(b.I)) }
	case l == types.DateOid && r == types.TimestampTZOid:
		return func(c *Ctx, a, b types.Datum) int { return i64cmp(dateToTimestampTZ(c, a.I), b.I) }
	case l == types.TimestampTZOid && r == types.DateOid:
		return func(c *Ctx, a, b types.Datum) int { return i64cmp(a.I, dateToTimestampTZ(c, b.I)) }
	case l == types.TimestampOid && r == types.TimestampTZOid:
		return func(c *Ctx, a, b types.Datum) int { return i64cmp(timestampToTZ(c, a.I), b.I) }
	case l == types.TimestampTZOid && r == types.TimestampOid:
		return func(c *Ctx, a, b types.Datum) int { return i64cmp(a.I, timestampToTZ(c, b.I)) }
	}
	return nil
}

// sameTypeCmp returns the comparison of two values of type t, or nil.
func sameTypeCmp(t types.Oid) cmpFunc {
	switch t {
	case types.BoolOid, types.Int2Oid, types.Int4Oid, types.Int8Oid, types.DateOid, types.TimeOid,
		types.TimestampOid, types.TimestampTZOid, types.TidOid:
		return cmpInt
	case types.OidOid, types.XidOid, types.CharOid, types.RegclassOid, types.RegtypeOid, types.RegprocOid:
		return cmpUnsigned
	case types.Float4Oid, types.Float8Oid:
		return cmpFloat
	case types.NumericOid:
		return cmpNumeric
	case types.TextOid, types.NameOid, types.VarcharOid:
		return cmpText
	case types.BPCharOid:
		return cmpBPChar
	case types.ByteaOid, types.UUIDOid:
		return cmpBytes
	case types.PgLsnOid:
		return cmpLSN
	case types.IntervalOid:
		return cmpInterval
	}
	return genericCmp(t)
}

// location returns the session time zone.
func (c *Ctx) location() *timeLocation {
	if c == nil || c.Env == nil || c.Env.TimeZone == nil {
		return utc
	}
	return c.Env.TimeZone
}

var intervalT = types.Of(types.IntervalOid)
