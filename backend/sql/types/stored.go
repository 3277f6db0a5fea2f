package types

import (
	"encoding/binary"
	"math"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Attr returns the tuple attribute descriptor of a column of type t:
// typlen, typbyval, typalign and typstorage as pg_type has them.
func Attr(name string, t T) tuple.Attr {
	info := Lookup(t.Oid)
	if info == nil || info.Len == -2 {
		return tuple.Attr{Name: name, Len: tuple.VarlenaLen, Align: tuple.AlignInt, Storage: tuple.StorageExtended}
	}
	a := tuple.Attr{Name: name, Len: info.Len, Align: info.Align, ByVal: info.ByVal, Storage: info.Storage}
	if info.Kind == KindPseudo && info.Len == 4 {
		a.Storage = tuple.StoragePlain
	}
	return a
}

// AppendStored appends the attribute bytes of d, a non-NULL value of type
// t, as tuple.Form takes them: Len little-endian bytes for a by-value
// type, the fixed bytes of name (64, NUL padded), uuid (16), tid (6) and
// interval (16: microseconds, days, months), and for every varlena type
// a datum with a 4-byte header (tuple.Form shortens it where it may). The
// varlena payloads are PostgreSQL's on-disk forms: text bytes, numeric's
// short or long header and base-10000 digits, ArrayType, jsonb's
// container, so that tuples match PostgreSQL 15's byte for byte.
func AppendStored(dst []byte, t T, d Datum) []byte {
	switch t.Oid {
	case BoolOid, CharOid:
		return append(dst, byte(d.I))
	case Int2Oid:
		return binary.LittleEndian.AppendUint16(dst, uint16(d.I))
	case Int4Oid, OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid, DateOid:
		return binary.LittleEndian.AppendUint32(dst, uint32(d.I))
	case Int8Oid, TimeOid, TimestampOid, TimestampTZOid, PgLsnOid:
		return binary.LittleEndian.AppendUint64(dst, uint64(d.I))
	case Float4Oid:
		return binary.LittleEndian.AppendUint32(dst, math.Float32bits(float32(d.F)))
	case Float8Oid:
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(d.F))
	case NameOid:
		n := min(len(d.S), NameDataLen-1)
		dst = append(dst, d.S[:n]...)
		for i := n; i < NameDataLen; i++ {
			dst = append(dst, 0)
		}
		return dst
	case UUIDOid:
		var u [16]byte
		copy(u[:], d.S)
		return append(dst, u[:]...)
	case TidOid:
		blk, off := TidParts(d.I)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(blk>>16))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(blk))
		return binary.LittleEndian.AppendUint16(dst, off)
	case IntervalOid:
		iv, _ := d.P.(datetime.Interval)
		dst = binary.LittleEndian.AppendUint64(dst, uint64(iv.Micros))
		dst = binary.LittleEndian.AppendUint32(dst, uint32(iv.Days))
		return binary.LittleEndian.AppendUint32(dst, uint32(iv.Months))
	case TextOid, VarcharOid, BPCharOid, JSONOid, ByteaOid, UnknownOid:
		dst = appendVarHeader(dst, len(d.S))
		return append(dst, d.S...)
	case NumericOid:
		start := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		if n, ok := d.P.(*numeric.Decimal); ok {
			dst = appendNumericStored(dst, n)
		}
		return setVarHeader(dst, start)
	case JSONBOid:
		if j, ok := d.P.(*JSONB); ok {
			return appendJSONBStored(dst, j)
		}
		return appendVarHeader(dst, 0)
	}
	if info := Lookup(t.Oid); info != nil && info.arrayLike() {
		if a, ok := d.P.(*Array); ok {
			return appendArrayStored(dst, a)
		}
	} else if info != nil && info.Enum != nil {
		return binary.LittleEndian.AppendUint32(dst, uint32(d.I))
	}
	return dst
}

// appendVarHeader appends a 4-byte varlena header for a payload of n bytes.
func appendVarHeader(dst []byte, n int) []byte {
	return binary.LittleEndian.AppendUint32(dst, uint32(n+tuple.VarHdrSz)<<2)
}

// setVarHeader fills in the 4-byte header at dst[start:] reserved for the
// varlena that runs to the end of dst.
func setVarHeader(dst []byte, start int) []byte {
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(dst)-start)<<2)
	return dst
}

// varPayload returns the payload of an inline, uncompressed varlena with a
// 1- or 4-byte header; compressed and external datums are the caller's to
// detoast first.
func varPayload(b []byte) ([]byte, error) {
	kind, n, err := tuple.VarInfo(b)
	if err != nil {
		return nil, err
	}
	switch kind {
	case tuple.VarShort:
		return b[1:n], nil
	case tuple.VarPlain:
		return b[tuple.VarHdrSz:n], nil
	}
	return nil, internalError("%s varlena datum must be detoasted before use", kind)
}

// FromStored reads a value of type t from its attribute bytes as
// tuple.Deform returns them (a varlena with its 1- or 4-byte header;
// compressed and external values must be detoasted first). Bytes that do
// not hold a value of the type give XX001.
func FromStored(t T, b []byte) (Datum, error) {
	info := Lookup(t.Oid)
	if info == nil {
		return Null, pgerr.New(pgerr.UndefinedObject, "type with OID %d does not exist", t.Oid)
	}
	if info.Len > 0 && len(b) != info.Len {
		return Null, storedCorrupt(t, "%d bytes for a type of length %d", len(b), info.Len)
	}
	switch t.Oid {
	case BoolOid, CharOid:
		return Datum{I: int64(b[0])}, nil
	case AnyArrayOid:
		return anyArrayFromStored(b)
	case Int2Oid:
		return Datum{I: int64(int16(binary.LittleEndian.Uint16(b)))}, nil
	case Int4Oid, DateOid:
		return Datum{I: int64(int32(binary.LittleEndian.Uint32(b)))}, nil
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, XidOid, CidOid:
		return Datum{I: int64(binary.LittleEndian.Uint32(b))}, nil
	case Int8Oid, TimeOid, TimestampOid, TimestampTZOid, PgLsnOid:
		return Datum{I: int64(binary.LittleEndian.Uint64(b))}, nil
	case Float4Oid:
		return Datum{F: float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))}, nil
	case Float8Oid:
		return Datum{F: math.Float64frombits(binary.LittleEndian.Uint64(b))}, nil
	case NameOid:
		n := 0
		for n < len(b) && b[n] != 0 {
			n++
		}
		return Datum{S: string(b[:n])}, nil
	case UUIDOid:
		return Datum{S: string(b)}, nil
	case TidOid:
		blk := uint32(binary.LittleEndian.Uint16(b))<<16 | uint32(binary.LittleEndian.Uint16(b[2:]))
		return Datum{I: TidValue(blk, binary.LittleEndian.Uint16(b[4:]))}, nil
	case IntervalOid:
		return Datum{P: datetime.Interval{
			Micros: int64(binary.LittleEndian.Uint64(b)),
			Days:   int32(binary.LittleEndian.Uint32(b[8:])),
			Months: int32(binary.LittleEndian.Uint32(b[12:])),
		}}, nil
	}
	if info.Enum != nil {
		return enumFromStored(info, b)
	}
	if info.Len != -1 {
		return Null, unsupportedType("storage", t.Oid)
	}
	p, err := varPayload(b)
	if err != nil {
		return Null, err
	}
	switch t.Oid {
	case TextOid, VarcharOid, BPCharOid, JSONOid, ByteaOid, UnknownOid:
		return Datum{S: string(p)}, nil
	case NumericOid:
		n, err := numericFromStored(p)
		if err != nil {
			return Null, err
		}
		return Datum{P: n}, nil
	case JSONBOid:
		j, err := jsonbFromStored(p)
		if err != nil {
			return Null, err
		}
		return Datum{P: j}, nil
	}
	if info.arrayLike() {
		return arrayFromStored(b, info)
	}
	return Null, unsupportedType("storage", t.Oid)
}

func storedCorrupt(t T, format string, args ...any) error {
	e := pgerr.New(pgerr.DataCorrupted, "invalid stored value of type %s", FormatType(Of(t.Oid)))
	return e.WithDetail(format, args...)
}
