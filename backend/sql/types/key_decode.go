package types

import (
	"math"

	"ringpg/backend/sql/types/numeric"
)

// KeyLossless reports whether a key column of type t holds enough to give
// the value back (FromKey), as an index-only scan needs. It does not for
// character(n) (the key drops the padding), interval (the key is the
// comparison value: '1 mon' and '30 days' are one key), arrays, jsonb and
// records.
// Two losses are accepted, as PostgreSQL's equality accepts them: a float
// -0 comes back as 0, a numeric's display scale is lost (1.50 as 1.5).
func KeyLossless(t T) bool {
	switch t.Oid {
	case BPCharOid, IntervalOid, JSONBOid, RecordOid:
		return false
	}
	if info := Lookup(t.Oid); info == nil || info.arrayLike() || info.Enum != nil {
		return false
	}
	_, ok := KeyType(t)
	return ok
}

// FromKey turns a value decoded by keyenc.DecodeColumn for a column of
// type t (whose keyenc type is KeyType(t)) back into a Datum; nil is
// NULL. It fails for types that are not KeyLossless.
func FromKey(t T, v any) (Datum, error) {
	if v == nil {
		return Null, nil
	}
	if !KeyLossless(t) {
		return Null, internalError("a key of type %s does not hold its value", FormatType(t))
	}
	switch x := v.(type) {
	case bool:
		return Bool(x), nil
	case int16:
		if t.Oid == CharOid {
			return Datum{I: int64(uint8(x))}, nil
		}
		return Datum{I: int64(x)}, nil
	case int32:
		return Datum{I: int64(x)}, nil
	case int64:
		if t.Oid == PgLsnOid {
			return Datum{I: x ^ math.MinInt64}, nil
		}
		return Datum{I: x}, nil
	case float32:
		return Datum{F: float64(x)}, nil
	case float64:
		return Datum{F: x}, nil
	case string:
		if t.Oid == NumericOid {
			n, err := numeric.Parse(x)
			if err != nil {
				return Null, err
			}
			return Datum{P: n}, nil
		}
		return Datum{S: x}, nil
	case []byte:
		return Datum{S: string(x)}, nil
	}
	return Null, internalError("unexpected key value %T for type %s", v, FormatType(t))
}
