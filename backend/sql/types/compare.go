package types

import (
	"bytes"
	"math"
	"strings"

	"github.com/cespare/xxhash/v2"

	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
)

// Compare orders two non-NULL values of type t as PostgreSQL's default
// B-tree operator class does: -1, 0 or +1. Text types compare bytes (the
// "C" collation), character(n) without its trailing spaces, floats with
// NaN above everything and -0 equal to 0, numerics by value, intervals
// with 30-day months and 24-hour days, arrays element by element (NULL
// elements last) then by dimensions, jsonb in jsonb's order, records
// field by field. Types without an order compare their text forms.
func Compare(t T, a, b Datum) int {
	switch t.Oid {
	case BoolOid, Int2Oid, Int4Oid, Int8Oid, DateOid, TimeOid, TimestampOid, TimestampTZOid, CharOid:
		return cmpInt(a.I, b.I)
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid:
		return cmpUint(uint32(a.I), uint32(b.I))
	case TidOid:
		return cmpInt(a.I, b.I)
	case PgLsnOid:
		return cmpUint64(uint64(a.I), uint64(b.I))
	case Float4Oid, Float8Oid:
		return CompareFloat(a.F, b.F)
	case TextOid, VarcharOid, NameOid, ByteaOid, UUIDOid, UnknownOid, JSONOid, CstringOid:
		return strings.Compare(a.S, b.S)
	case BPCharOid:
		return strings.Compare(bpcharTrim(a.S), bpcharTrim(b.S))
	case NumericOid:
		x, _ := a.P.(*numeric.Decimal)
		y, _ := b.P.(*numeric.Decimal)
		if x == nil || y == nil {
			return cmpBool(x != nil, y != nil)
		}
		return numeric.Cmp(x, y)
	case IntervalOid:
		x, _ := a.P.(datetime.Interval)
		y, _ := b.P.(datetime.Interval)
		return datetime.CmpInterval(x, y)
	case JSONBOid:
		x, _ := a.P.(*JSONB)
		y, _ := b.P.(*JSONB)
		return CompareJSONB(x, y)
	case RecordOid:
		x, _ := a.P.(*Record)
		y, _ := b.P.(*Record)
		return compareRecords(x, y)
	}
	if info := Lookup(t.Oid); info != nil && info.Elem != 0 {
		x, _ := a.P.(*Array)
		y, _ := b.P.(*Array)
		return compareArrays(x, y)
	} else if info != nil && info.Enum != nil {
		return CompareEnum(a, b)
	}
	return bytes.Compare(AppendOutput(nil, t, a, nil), AppendOutput(nil, t, b, nil))
}

// Equal reports whether two non-NULL values of type t are equal under
// Compare.
func Equal(t T, a, b Datum) bool {
	switch t.Oid {
	case TextOid, VarcharOid, NameOid, ByteaOid, UUIDOid, UnknownOid:
		return a.S == b.S
	case BoolOid, Int2Oid, Int4Oid, Int8Oid, DateOid, TimeOid, TimestampOid, TimestampTZOid, CharOid, OidOid, PgLsnOid:
		return a.I == b.I
	}
	return Compare(t, a, b) == 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpUint(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpUint64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// CompareFloat orders floats as PostgreSQL does: NaN equals NaN and sorts
// after +Infinity; -0 equals 0.
func CompareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an || bn:
		return cmpBool(an, bn)
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareArrays orders arrays as btarraycmp: element by element in
// storage order (a NULL element is greater than any value), then the
// shorter array first, then by number of dimensions, then dimension
// lengths and lower bounds.
func compareArrays(a, b *Array) int {
	if a == nil || b == nil {
		return cmpBool(a != nil, b != nil)
	}
	et := Of(a.Elem)
	n := min(len(a.Elems), len(b.Elems))
	for i := 0; i < n; i++ {
		x, y := a.Elems[i], b.Elems[i]
		switch {
		case x.Null && y.Null:
			continue
		case x.Null:
			return 1
		case y.Null:
			return -1
		}
		if c := Compare(et, x, y); c != 0 {
			return c
		}
	}
	if c := cmpInt(int64(len(a.Elems)), int64(len(b.Elems))); c != 0 {
		return c
	}
	if c := cmpInt(int64(len(a.Dims)), int64(len(b.Dims))); c != 0 {
		return c
	}
	for i := range a.Dims {
		if c := cmpInt(int64(a.Dims[i].Len), int64(b.Dims[i].Len)); c != 0 {
			return c
		}
		if c := cmpInt(int64(a.Dims[i].Lower), int64(b.Dims[i].Lower)); c != 0 {
			return c
		}
	}
	return 0
}

// compareRecords orders records field by field (NULL greater than any
// value), then by number of fields.
func compareRecords(a, b *Record) int {
	if a == nil || b == nil {
		return cmpBool(a != nil, b != nil)
	}
	n := min(len(a.Values), len(b.Values))
	for i := 0; i < n; i++ {
		x, y := a.Values[i], b.Values[i]
		switch {
		case x.Null && y.Null:
			continue
		case x.Null:
			return 1
		case y.Null:
			return -1
		}
		if c := Compare(a.Types[i], x, y); c != 0 {
			return c
		}
	}
	return cmpInt(int64(len(a.Values)), int64(len(b.Values)))
}

// Hash returns a hash of a value of type t that is equal for values that
// Equal says are equal (NULL hashes to 0).
func Hash(t T, d Datum) uint64 {
	if d.Null {
		return 0
	}
	var buf [16]byte
	switch t.Oid {
	case BoolOid, Int2Oid, Int4Oid, Int8Oid, DateOid, TimeOid, TimestampOid, TimestampTZOid, CharOid, TidOid, PgLsnOid:
		return hashUint64(uint64(d.I))
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid:
		return hashUint64(uint64(uint32(d.I)))
	case Float4Oid, Float8Oid:
		f := d.F
		switch {
		case f == 0:
			f = 0
		case math.IsNaN(f):
			f = math.NaN()
		}
		return hashUint64(math.Float64bits(f))
	case TextOid, VarcharOid, NameOid, ByteaOid, UUIDOid, UnknownOid, JSONOid, CstringOid:
		return xxhash.Sum64String(d.S)
	case BPCharOid:
		return xxhash.Sum64String(bpcharTrim(d.S))
	case NumericOid:
		if n, ok := d.P.(*numeric.Decimal); ok {
			return n.Hash()
		}
		return 0
	case IntervalOid:
		iv, _ := d.P.(datetime.Interval)
		hi, lo := datetime.IntervalKey(iv)
		putUint64(buf[:8], uint64(hi))
		putUint64(buf[8:], lo)
		return xxhash.Sum64(buf[:])
	case JSONBOid:
		if j, ok := d.P.(*JSONB); ok {
			return j.hash()
		}
		return 0
	}
	if info := Lookup(t.Oid); info != nil && info.Elem != 0 {
		if a, ok := d.P.(*Array); ok {
			h := uint64(len(a.Elems))
			et := Of(a.Elem)
			for _, e := range a.Elems {
				h = h*31 + Hash(et, e)
			}
			return hashUint64(h)
		}
		return 0
	} else if info != nil && info.Enum != nil {
		return hashUint64(uint64(uint32(d.I)))
	}
	if r, ok := d.P.(*Record); ok {
		var h uint64
		for i, v := range r.Values {
			h = h*31 + Hash(r.Types[i], v)
		}
		return hashUint64(h)
	}
	return xxhash.Sum64(AppendOutput(nil, t, d, nil))
}

func putUint64(b []byte, v uint64) {
	for i := 0; i < 8; i++ {
		b[i] = byte(v >> (8 * i))
	}
}

// hashUint64 mixes a 64-bit value (the xxhash of its 8 bytes).
func hashUint64(v uint64) uint64 {
	var b [8]byte
	putUint64(b[:], v)
	return xxhash.Sum64(b[:])
}
