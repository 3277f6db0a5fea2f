package types

import (
	"strconv"

	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Input reads a value of type t from its text form as the type's input
// function does (int4in, varcharin with the typmod, array_in, ...), with
// PostgreSQL's errors. The string is the whole literal, never NULL.
func Input(t T, s string, env *Env) (Datum, error) {
	switch t.Oid {
	case BoolOid:
		return inputBool(s)
	case Int2Oid:
		v, err := parseInt(s, 16, "smallint")
		return Datum{I: v}, err
	case Int4Oid:
		v, err := parseInt(s, 32, "integer")
		return Datum{I: v}, err
	case Int8Oid:
		v, err := parseInt(s, 64, "bigint")
		return Datum{I: v}, err
	case Float4Oid:
		f, err := parseFloat(s, 32)
		return Datum{F: f}, err
	case Float8Oid:
		f, err := parseFloat(s, 64)
		return Datum{F: f}, err
	case NumericOid:
		n, err := numeric.Parse(s)
		if err != nil {
			return Null, err
		}
		if t.Mod >= VarHdrSz {
			if n, err = numeric.ApplyTypmod(n, t.Mod); err != nil {
				return Null, err
			}
		}
		return Datum{P: n}, nil
	case TextOid, UnknownOid, CstringOid:
		if err := checkUTF8(s); err != nil {
			return Null, err
		}
		return Datum{S: s}, nil
	case VarcharOid:
		if err := checkUTF8(s); err != nil {
			return Null, err
		}
		return varcharCoerce(s, t.Mod, false, false)
	case BPCharOid:
		if err := checkUTF8(s); err != nil {
			return Null, err
		}
		return bpcharCoerce(s, t.Mod, false, false)
	case NameOid:
		if err := checkUTF8(s); err != nil {
			return Null, err
		}
		return Datum{S: truncateName(s)}, nil
	case CharOid:
		return inputChar(s), nil
	case ByteaOid:
		return inputBytea(s)
	case UUIDOid:
		return inputUUID(s)
	case JSONOid:
		if err := checkUTF8(s); err != nil {
			return Null, err
		}
		if err := validateJSON(s); err != nil {
			return Null, err
		}
		return Datum{S: s}, nil
	case JSONBOid:
		if err := checkUTF8(s); err != nil {
			return Null, err
		}
		j, err := ParseJSONB(s)
		if err != nil {
			return Null, err
		}
		return Datum{P: j}, nil
	case OidOid:
		v, err := parseOid(s)
		return Datum{I: int64(v)}, err
	case XidOid, CidOid:
		v, err := parseXid(s, t.Oid)
		return Datum{I: v}, err
	case TidOid:
		return inputTid(s)
	case PgLsnOid:
		return inputLSN(s)
	case RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		return inputReg(t.Oid, s, envOr(env))
	case DateOid, TimeOid, TimestampOid, TimestampTZOid:
		return inputDateTime(t, s, envOr(env))
	case IntervalOid:
		iv, err := datetime.ParseInterval(s, t.Mod)
		if err != nil {
			return Null, err
		}
		return Datum{P: iv}, nil
	case Int2VectorOid, OidVectorOid:
		return inputVector(t.Oid, s)
	case RecordOid:
		return Null, pgerr.New(pgerr.FeatureNotSupported, "input of anonymous composite types is not implemented")
	case VoidOid:
		return Datum{}, nil
	}
	info := Lookup(t.Oid)
	if info != nil && info.IsArray() {
		return arrayIn(s, info.Elem, t.Mod, envOr(env))
	}
	if info != nil && info.Enum != nil {
		return enumIn(info, s)
	}
	if info != nil && info.Kind == KindPseudo {
		return Null, pgerr.New(pgerr.FeatureNotSupported, "cannot accept a value of type %s", info.Name)
	}
	return Null, pgerr.New(pgerr.UndefinedObject, "type with OID %d does not exist", t.Oid)
}

// AppendOutput appends the text form of d, a non-NULL value of type t, as
// the type's output function prints it under env's settings. A value whose
// Go representation does not match t prints as nothing.
func AppendOutput(dst []byte, t T, d Datum, env *Env) []byte {
	switch t.Oid {
	case BoolOid:
		if d.I != 0 {
			return append(dst, 't')
		}
		return append(dst, 'f')
	case Int2Oid, Int4Oid, Int8Oid, XidOid, CidOid:
		return strconv.AppendInt(dst, d.I, 10)
	case OidOid:
		return strconv.AppendUint(dst, uint64(uint32(d.I)), 10)
	case Float4Oid:
		return AppendFloat4(dst, float32(d.F), envOr(env).ExtraFloatDigits)
	case Float8Oid:
		return AppendFloat8(dst, d.F, envOr(env).ExtraFloatDigits)
	case NumericOid:
		if n, ok := d.P.(*numeric.Decimal); ok {
			return n.Append(dst)
		}
		return dst
	case TextOid, VarcharOid, BPCharOid, NameOid, JSONOid, UnknownOid, CstringOid:
		return append(dst, d.S...)
	case CharOid:
		return appendChar(dst, byte(d.I))
	case ByteaOid:
		if envOr(env).ByteaOutput == "escape" {
			return appendByteaEscape(dst, d.S)
		}
		return appendByteaHex(dst, d.S)
	case UUIDOid:
		return appendUUID(dst, d.S)
	case JSONBOid:
		if j, ok := d.P.(*JSONB); ok {
			return j.AppendText(dst)
		}
		return dst
	case TidOid:
		return appendTid(dst, d.I)
	case PgLsnOid:
		return AppendLSN(dst, uint64(d.I))
	case RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		return appendReg(dst, t.Oid, Oid(d.I), envOr(env))
	case DateOid, TimeOid, TimestampOid, TimestampTZOid, IntervalOid:
		return appendDateTime(dst, t, d, envOr(env))
	case Int2VectorOid, OidVectorOid:
		return appendVector(dst, t.Oid, d)
	case RecordOid:
		if r, ok := d.P.(*Record); ok {
			return r.AppendText(dst, env)
		}
		return dst
	case VoidOid:
		return dst
	case AnyArrayOid:
		if a, ok := d.P.(*Array); ok {
			return appendArrayText(dst, a, a.Elem, -1, envOr(env))
		}
		return dst
	}
	if info := Lookup(t.Oid); info != nil && info.IsArray() {
		if a, ok := d.P.(*Array); ok {
			return appendArrayText(dst, a, info.Elem, t.Mod, envOr(env))
		}
	} else if info != nil && info.Enum != nil {
		return append(dst, d.S...)
	}
	return dst
}

// Output returns the text form of d (see AppendOutput); NULL gives "".
func Output(t T, d Datum, env *Env) string {
	if d.Null {
		return ""
	}
	return string(AppendOutput(nil, t, d, env))
}
