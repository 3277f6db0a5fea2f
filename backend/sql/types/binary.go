package types

import (
	"encoding/binary"
	"math"
	"unicode/utf8"

	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Recv reads a value of type t from PostgreSQL's binary format (the
// type's receive function), with its errors: too few bytes is 08P01
// "insufficient data left in message", bytes left over or an impossible
// value 22P03 "incorrect binary data format". Typmods apply as in
// PostgreSQL (varchar(n) and character(n) check the length).
func Recv(t T, b []byte, env *Env) (Datum, error) {
	switch t.Oid {
	case BoolOid:
		if err := exactLen(b, 1); err != nil {
			return Null, err
		}
		return Bool(b[0] != 0), nil
	case CharOid:
		if err := exactLen(b, 1); err != nil {
			return Null, err
		}
		return Datum{I: int64(b[0])}, nil
	case Int2Oid:
		if err := exactLen(b, 2); err != nil {
			return Null, err
		}
		return Datum{I: int64(int16(binary.BigEndian.Uint16(b)))}, nil
	case Int4Oid:
		if err := exactLen(b, 4); err != nil {
			return Null, err
		}
		return Datum{I: int64(int32(binary.BigEndian.Uint32(b)))}, nil
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid:
		if err := exactLen(b, 4); err != nil {
			return Null, err
		}
		return Datum{I: int64(binary.BigEndian.Uint32(b))}, nil
	case Int8Oid, PgLsnOid:
		if err := exactLen(b, 8); err != nil {
			return Null, err
		}
		return Datum{I: int64(binary.BigEndian.Uint64(b))}, nil
	case TimeOid, TimestampOid, TimestampTZOid, DateOid:
		return recvDateTime(t, b)
	case Float4Oid:
		if err := exactLen(b, 4); err != nil {
			return Null, err
		}
		return Datum{F: float64(math.Float32frombits(binary.BigEndian.Uint32(b)))}, nil
	case Float8Oid:
		if err := exactLen(b, 8); err != nil {
			return Null, err
		}
		return Datum{F: math.Float64frombits(binary.BigEndian.Uint64(b))}, nil
	case TextOid, UnknownOid, JSONOid, CstringOid:
		if err := checkUTF8(string(b)); err != nil {
			return Null, err
		}
		s := string(b)
		if t.Oid == JSONOid {
			if err := validateJSON(s); err != nil {
				return Null, err
			}
		}
		return Datum{S: s}, nil
	case VarcharOid:
		if err := checkUTF8(string(b)); err != nil {
			return Null, err
		}
		return varcharCoerce(string(b), t.Mod, false, false)
	case BPCharOid:
		if err := checkUTF8(string(b)); err != nil {
			return Null, err
		}
		return bpcharCoerce(string(b), t.Mod, false, false)
	case NameOid:
		if !utf8.Valid(b) {
			return Null, checkUTF8(string(b))
		}
		if len(b) >= NameDataLen {
			return Null, pgerr.New("42622", "identifier too long").
				WithDetail("Identifier must be less than %d characters.", NameDataLen)
		}
		return Datum{S: string(b)}, nil
	case ByteaOid:
		return Datum{S: string(b)}, nil
	case UUIDOid:
		if err := exactLen(b, 16); err != nil {
			return Null, err
		}
		return Datum{S: string(b)}, nil
	case TidOid:
		if err := exactLen(b, 6); err != nil {
			return Null, err
		}
		return Datum{I: TidValue(binary.BigEndian.Uint32(b), binary.BigEndian.Uint16(b[4:]))}, nil
	case IntervalOid:
		if err := exactLen(b, 16); err != nil {
			return Null, err
		}
		iv := datetime.Interval{
			Micros: int64(binary.BigEndian.Uint64(b)),
			Days:   int32(binary.BigEndian.Uint32(b[8:])),
			Months: int32(binary.BigEndian.Uint32(b[12:])),
		}
		if t.Mod >= 0 {
			return ApplyTypmod(t, Datum{P: iv}, false)
		}
		return Datum{P: iv}, nil
	case NumericOid:
		n, err := numeric.Recv(b)
		if err != nil {
			return Null, err
		}
		if t.Mod >= VarHdrSz {
			if n, err = numeric.ApplyTypmod(n, t.Mod); err != nil {
				return Null, err
			}
		}
		return Datum{P: n}, nil
	case JSONBOid:
		return recvJSONB(b)
	case RecordOid:
		return recvRecord(b, envOr(env))
	case VoidOid:
		return Datum{}, nil
	}
	info := Lookup(t.Oid)
	if info != nil && info.arrayLike() {
		return recvArray(b, info, t.Mod, envOr(env))
	}
	if info != nil && info.Enum != nil {
		// enum_recv reads the label's text.
		if err := checkUTF8(string(b)); err != nil {
			return Null, err
		}
		return enumIn(info, string(b))
	}
	return Null, pgerr.New(pgerr.FeatureNotSupported, "no binary input function available for type %s", FormatType(Of(t.Oid)))
}

// exactLen checks that a fixed-size value has exactly n bytes.
func exactLen(b []byte, n int) error {
	if len(b) < n {
		return insufficientData()
	}
	if len(b) > n {
		return binaryFormatError()
	}
	return nil
}

// recvDateTime reads date, time and timestamp[tz] with package
// datetime's range checks.
func recvDateTime(t T, b []byte) (Datum, error) {
	n := 8
	if t.Oid == DateOid {
		n = 4
	}
	if err := exactLen(b, n); err != nil {
		return Null, err
	}
	var v int64
	var err error
	switch t.Oid {
	case DateOid:
		v, err = datetime.RecvDate(b)
	case TimeOid:
		v, err = datetime.RecvTime(b)
	default:
		v, err = datetime.RecvTimestamp(b)
	}
	if err != nil {
		return Null, err
	}
	if t.Mod >= 0 {
		return ApplyTypmod(t, Datum{I: v}, false)
	}
	return Datum{I: v}, nil
}

// AppendSend appends d, a non-NULL value of type t, in PostgreSQL's binary
// format (the type's send function), without a length word.
func AppendSend(dst []byte, t T, d Datum, env *Env) []byte {
	switch t.Oid {
	case BoolOid, CharOid:
		return append(dst, byte(d.I))
	case Int2Oid:
		return binary.BigEndian.AppendUint16(dst, uint16(d.I))
	case Int4Oid, OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid, DateOid:
		return binary.BigEndian.AppendUint32(dst, uint32(d.I))
	case Int8Oid, TimeOid, TimestampOid, TimestampTZOid, PgLsnOid:
		return binary.BigEndian.AppendUint64(dst, uint64(d.I))
	case Float4Oid:
		return binary.BigEndian.AppendUint32(dst, math.Float32bits(float32(d.F)))
	case Float8Oid:
		return binary.BigEndian.AppendUint64(dst, math.Float64bits(d.F))
	case TextOid, UnknownOid, JSONOid, CstringOid, VarcharOid, BPCharOid, NameOid, ByteaOid, UUIDOid:
		return append(dst, d.S...)
	case TidOid:
		blk, off := TidParts(d.I)
		dst = binary.BigEndian.AppendUint32(dst, blk)
		return binary.BigEndian.AppendUint16(dst, off)
	case IntervalOid:
		iv, _ := d.P.(datetime.Interval)
		dst = binary.BigEndian.AppendUint64(dst, uint64(iv.Micros))
		dst = binary.BigEndian.AppendUint32(dst, uint32(iv.Days))
		return binary.BigEndian.AppendUint32(dst, uint32(iv.Months))
	case NumericOid:
		if n, ok := d.P.(*numeric.Decimal); ok {
			return n.AppendSend(dst)
		}
		return dst
	case JSONBOid:
		dst = append(dst, 1)
		if j, ok := d.P.(*JSONB); ok {
			return j.AppendText(dst)
		}
		return dst
	case RecordOid:
		if r, ok := d.P.(*Record); ok {
			return r.AppendSend(dst, env)
		}
		return dst
	case VoidOid:
		return dst
	}
	if info := Lookup(t.Oid); info != nil && info.arrayLike() {
		if a, ok := d.P.(*Array); ok {
			return appendArraySend(dst, a, info, t.Mod, envOr(env))
		}
	} else if info != nil && info.Enum != nil {
		return append(dst, d.S...)
	}
	return dst
}
