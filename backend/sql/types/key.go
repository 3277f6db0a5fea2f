package types

import (
	"math"

	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// KeyType returns the keyenc column type that encodes values of type t so
// that their byte order is Compare's order, and whether t has one. Types
// keyenc does not know map onto one it does: oid, regclass, regtype, time
// and the 32-bit xid and cid as int8, pg_lsn as int8 with its sign bit
// flipped, uuid as bytea, name, varchar and character(n) as text
// (character(n) without trailing spaces), "char" as int2, timestamptz as
// timestamp, interval as bytea of its comparison key, arrays of any of
// these, jsonb and records as bytea of a composite key (see
// key_composite.go).
func KeyType(t T) (keyenc.Type, bool) {
	switch t.Oid {
	case BoolOid:
		return keyenc.Bool, true
	case Int2Oid, CharOid:
		return keyenc.Int2, true
	case Int4Oid:
		return keyenc.Int4, true
	case Int8Oid, OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid, TimeOid, TidOid, PgLsnOid:
		return keyenc.Int8, true
	case Float4Oid:
		return keyenc.Float4, true
	case Float8Oid:
		return keyenc.Float8, true
	case NumericOid:
		return keyenc.Numeric, true
	case TextOid, VarcharOid, BPCharOid, NameOid:
		return keyenc.Text, true
	case ByteaOid, UUIDOid, IntervalOid:
		return keyenc.Bytea, true
	case DateOid:
		return keyenc.Date, true
	case TimestampOid, TimestampTZOid:
		return keyenc.Timestamp, true
	case JSONBOid, RecordOid:
		return keyenc.Bytea, true
	}
	if info := Lookup(t.Oid); info != nil && info.arrayLike() {
		if _, ok := KeyType(Of(info.Elem)); ok {
			return keyenc.Bytea, true
		}
	} else if info != nil && info.Enum != nil {
		return keyenc.Float8, true
	}
	return 0, false
}

// AppendKey appends the index key column of d (which may be NULL) of type
// t in order o. Types with no B-tree order (json) give 0A000, as does a
// record with a field of such a type.
func AppendKey(dst []byte, t T, d Datum, o keyenc.Order) ([]byte, error) {
	if d.Null {
		if _, ok := KeyType(t); !ok {
			return dst, noKeyError(t)
		}
		return keyenc.AppendNull(dst, o), nil
	}
	switch t.Oid {
	case BoolOid:
		return keyenc.AppendBool(dst, d.I != 0, o), nil
	case Int2Oid:
		return keyenc.AppendInt2(dst, int16(d.I), o), nil
	case CharOid:
		// "char" compares as an unsigned byte.
		return keyenc.AppendInt2(dst, int16(uint8(d.I)), o), nil
	case Int4Oid:
		return keyenc.AppendInt4(dst, int32(d.I), o), nil
	case Int8Oid, TimeOid, TidOid:
		return keyenc.AppendInt8(dst, d.I, o), nil
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid:
		return keyenc.AppendInt8(dst, int64(uint32(d.I)), o), nil
	case PgLsnOid:
		// pg_lsn orders unsigned: flipping the sign bit maps that order
		// onto int8's (FromKey flips it back).
		return keyenc.AppendInt8(dst, d.I^math.MinInt64, o), nil
	case Float4Oid:
		return keyenc.AppendFloat4(dst, float32(d.F), o), nil
	case Float8Oid:
		return keyenc.AppendFloat8(dst, d.F, o), nil
	case NumericOid:
		n, ok := d.P.(*numeric.Decimal)
		if !ok {
			return dst, internalError("numeric key without a numeric value")
		}
		return keyenc.AppendNumeric(dst, n.String(), o)
	case TextOid, VarcharOid, NameOid:
		return keyenc.AppendText(dst, d.S, o), nil
	case BPCharOid:
		return keyenc.AppendText(dst, bpcharTrim(d.S), o), nil
	case ByteaOid, UUIDOid:
		return keyenc.AppendBytes(dst, []byte(d.S), o), nil
	case IntervalOid:
		iv, _ := d.P.(datetime.Interval)
		return keyenc.AppendBytes(dst, datetime.AppendIntervalKey(nil, iv), o), nil
	case DateOid:
		return keyenc.AppendDate(dst, int32(d.I), o), nil
	case TimestampOid, TimestampTZOid:
		return keyenc.AppendTimestamp(dst, d.I, o), nil
	case JSONBOid:
		if j, ok := d.P.(*JSONB); ok {
			return appendJSONBKey(dst, j, o)
		}
	case RecordOid:
		if r, ok := d.P.(*Record); ok {
			return appendRecordKey(dst, r, o)
		}
	}
	if a, ok := d.P.(*Array); ok {
		if _, ok := KeyType(t); ok {
			return appendArrayKey(dst, a, o)
		}
	}
	if info := Lookup(t.Oid); info != nil && info.Enum != nil {
		return appendEnumKey(dst, d, o), nil
	}
	return dst, noKeyError(t)
}

func noKeyError(t T) error {
	return pgerr.New(pgerr.FeatureNotSupported, "data type %s has no default operator class for access method \"btree\"", FormatType(t)).
		WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
}
