package types

import (
	"math"
	"strconv"

	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Cast converts d from type from to type to with PostgreSQL's semantics
// and errors, then applies to's typmod (explicit says whether this is an
// explicit cast, which lets varchar(n) and character(n) truncate; an
// implicit or assignment cast fails with 22001 instead). It does not check
// the context: callers ask CastPath or CanCoerce first. NULL casts to
// NULL.
func Cast(d Datum, from, to T, explicit bool, env *Env) (Datum, error) {
	if d.Null {
		return Null, nil
	}
	if from.Oid == to.Oid {
		if to.Mod < 0 && to.Oid != BPCharOid {
			return d, nil
		}
		return ApplyTypmod(to, d, explicit)
	}
	out, err := castValue(d, from, to, explicit, envOr(env))
	if err != nil {
		return Null, err
	}
	return ApplyTypmod(to, out, explicit)
}

func castValue(d Datum, from, to T, explicit bool, env *Env) (Datum, error) {
	f, t := from.Oid, to.Oid
	switch f {
	case Int2Oid, Int4Oid, Int8Oid:
		if v, ok, err := castFromInt(d.I, f, t); ok || err != nil {
			return v, err
		}
	case Float4Oid, Float8Oid:
		if v, ok, err := castFromFloat(d.F, f, t); ok || err != nil {
			return v, err
		}
	case NumericOid:
		n, _ := d.P.(*numeric.Decimal)
		if n == nil {
			return Null, internalError("numeric datum without a value")
		}
		if v, ok, err := castFromNumeric(n, t); ok || err != nil {
			return v, err
		}
	case BoolOid:
		switch t {
		case Int4Oid:
			return Datum{I: d.I & 1}, nil
		case TextOid, VarcharOid, BPCharOid:
			// booltext spells the words out, unlike boolout.
			if d.I != 0 {
				return Datum{S: "true"}, nil
			}
			return Datum{S: "false"}, nil
		}
	case CharOid:
		switch t {
		case Int4Oid:
			return Datum{I: int64(int8(d.I))}, nil
		case TextOid, VarcharOid, BPCharOid:
			if d.I == 0 {
				return Datum{S: ""}, nil
			}
			return Datum{S: string([]byte{byte(d.I)})}, nil
		}
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		switch t {
		case Int4Oid:
			return Datum{I: int64(int32(uint32(d.I)))}, nil
		case Int8Oid:
			return Datum{I: int64(uint32(d.I))}, nil
		case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
			return Datum{I: int64(uint32(d.I))}, nil
		}
	case TextOid, VarcharOid, BPCharOid, NameOid, UnknownOid:
		s := d.S
		if f == BPCharOid {
			s = bpcharTrim(s)
		}
		switch t {
		case TextOid, VarcharOid, UnknownOid:
			return Datum{S: s}, nil
		case BPCharOid:
			return Datum{S: d.S}, nil
		case NameOid:
			return Datum{S: truncateName(s)}, nil
		case CharOid:
			if s == "" {
				return Datum{I: 0}, nil
			}
			return Datum{I: int64(s[0])}, nil
		}
		if f == UnknownOid || f == TextOid || f == VarcharOid || f == BPCharOid || f == NameOid {
			if f == BPCharOid {
				s = d.S // through bpchar's output, padding included
			}
			if t == IntervalOid {
				// interval's input reads its typmod's fields ('12' as
				// interval hour is twelve hours).
				return Input(to, s, env)
			}
			return Input(Of(t), s, env)
		}
	case DateOid, TimestampOid, TimestampTZOid, TimeOid, IntervalOid:
		if v, ok, err := castDateTime(d, f, t, env); ok || err != nil {
			return v, err
		}
	case JSONOid:
		if t == JSONBOid {
			j, err := ParseJSONB(d.S)
			if err != nil {
				return Null, err
			}
			return Datum{P: j}, nil
		}
	case JSONBOid:
		j, _ := d.P.(*JSONB)
		if j == nil {
			return Null, internalError("jsonb datum without a value")
		}
		if v, ok, err := castFromJSONB(j, t); ok || err != nil {
			return v, err
		}
	}
	fi, ti := Lookup(f), Lookup(t)
	if fi != nil && ti != nil && fi.Elem != 0 && ti.IsArray() && fi.Len == -1 {
		return castArray(d, fi, ti, to.Mod, explicit, env)
	}
	// Automatic I/O conversions.
	if isStringType(t) || t == UnknownOid {
		s := string(AppendOutput(nil, from, d, env))
		if t == NameOid {
			s = truncateName(s)
		}
		return Datum{S: s}, nil
	}
	if isStringType(f) {
		return Input(Of(t), d.S, env)
	}
	return Null, cannotCast(from, to)
}

// intBounds are the float ranges [lo, hi) that fit each integer type.
var intBounds = map[Oid][2]float64{
	Int2Oid: {math.MinInt16, math.MaxInt16 + 1},
	Int4Oid: {math.MinInt32, math.MaxInt32 + 1},
	Int8Oid: {math.MinInt64, -math.MinInt64},
}

var intTypeErr = map[Oid]string{Int2Oid: "smallint out of range", Int4Oid: "integer out of range", Int8Oid: "bigint out of range"}

// castFromInt converts an int2/int4/int8 value.
func castFromInt(v int64, f, t Oid) (Datum, bool, error) {
	switch t {
	case Int2Oid:
		if v < math.MinInt16 || v > math.MaxInt16 {
			return Null, true, pgerr.New(pgerr.NumericValueOutOfRange, "smallint out of range")
		}
		return Datum{I: v}, true, nil
	case Int4Oid:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return Null, true, pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
		}
		return Datum{I: v}, true, nil
	case Int8Oid:
		return Datum{I: v}, true, nil
	case Float4Oid:
		return Datum{F: float64(float32(v))}, true, nil
	case Float8Oid:
		return Datum{F: float64(v)}, true, nil
	case NumericOid:
		return Datum{P: numeric.FromInt64(v)}, true, nil
	case BoolOid:
		return Bool(v != 0), true, nil
	case CharOid:
		if v < math.MinInt8 || v > math.MaxInt8 {
			return Null, true, pgerr.New(pgerr.NumericValueOutOfRange, "\"char\" out of range")
		}
		return Datum{I: int64(uint8(int8(v)))}, true, nil
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		if f == Int8Oid && (v < 0 || v > math.MaxUint32) {
			return Null, true, pgerr.New(pgerr.NumericValueOutOfRange, "OID out of range")
		}
		return Datum{I: int64(uint32(v))}, true, nil
	}
	return Null, false, nil
}

// castFromFloat converts a float4/float8 value: to integers rounding half
// to even (rint), to numeric through its %.15g (float8) or %.6g (float4)
// text as PostgreSQL does.
func castFromFloat(v float64, f, t Oid) (Datum, bool, error) {
	switch t {
	case Int2Oid, Int4Oid, Int8Oid:
		r := math.RoundToEven(v)
		bounds := intBounds[t]
		lo, hi := bounds[0], bounds[1]
		if math.IsNaN(r) || r < lo || r >= hi {
			return Null, true, pgerr.New(pgerr.NumericValueOutOfRange, "%s", intTypeErr[t])
		}
		return Datum{I: int64(r)}, true, nil
	case Float4Oid:
		r := float32(v)
		if math.IsInf(float64(r), 0) && !math.IsInf(v, 0) {
			return Null, true, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
		}
		if r == 0 && v != 0 {
			return Null, true, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: underflow")
		}
		return Datum{F: float64(r)}, true, nil
	case Float8Oid:
		return Datum{F: v}, true, nil
	case NumericOid:
		n, err := floatToNumeric(v, f == Float4Oid)
		if err != nil {
			return Null, true, err
		}
		return Datum{P: n}, true, nil
	}
	return Null, false, nil
}

func floatToNumeric(v float64, single bool) (*numeric.Decimal, error) {
	switch {
	case math.IsNaN(v):
		return numeric.NaN(), nil
	case math.IsInf(v, 1):
		return numeric.Inf(1), nil
	case math.IsInf(v, -1):
		return numeric.Inf(-1), nil
	}
	if single {
		return numeric.Parse(strconv.FormatFloat(v, 'g', 6, 32))
	}
	return numeric.FromFloat64(v)
}

// castFromNumeric converts a numeric: to integers rounding half away from
// zero, to floats by nearest value.
func castFromNumeric(n *numeric.Decimal, t Oid) (Datum, bool, error) {
	switch t {
	case Int2Oid:
		v, err := n.Int16()
		return Datum{I: int64(v)}, true, err
	case Int4Oid:
		v, err := n.Int32()
		return Datum{I: int64(v)}, true, err
	case Int8Oid:
		v, err := n.Int64()
		return Datum{I: v}, true, err
	case Float8Oid, Float4Oid:
		// As numeric_float8 and numeric_float4: through the text form, so
		// that range errors read as PostgreSQL's.
		bits := 64
		if t == Float4Oid {
			bits = 32
		}
		f, err := parseFloat(n.String(), bits)
		return Datum{F: f}, true, err
	}
	return Null, false, nil
}

// castDateTime converts between date, timestamp, timestamptz, time and
// interval; the zone is env's.
func castDateTime(d Datum, f, t Oid, env *Env) (Datum, bool, error) {
	loc := env.location()
	switch {
	case f == DateOid && (t == TimestampOid || t == TimestampTZOid):
		ts, err := dateToTimestamp(d.I)
		if err != nil {
			return Null, true, err
		}
		if t == TimestampTZOid && ts != math.MinInt64 && ts != math.MaxInt64 {
			ts, err = datetime.LocalToTimestampTZ(ts, loc)
		}
		return Datum{I: ts}, true, err
	case (f == TimestampOid || f == TimestampTZOid) && t == DateOid:
		ts := d.I
		if f == TimestampTZOid && ts != math.MinInt64 && ts != math.MaxInt64 {
			var err error
			if ts, err = datetime.TimestampTZToLocal(ts, loc); err != nil {
				return Null, true, err
			}
		}
		return Datum{I: timestampToDate(ts)}, true, nil
	case (f == TimestampOid || f == TimestampTZOid) && t == TimeOid:
		ts := d.I
		if ts == math.MinInt64 || ts == math.MaxInt64 {
			return Null, true, nil
		}
		if f == TimestampTZOid {
			var err error
			if ts, err = datetime.TimestampTZToLocal(ts, loc); err != nil {
				return Null, true, err
			}
		}
		return Datum{I: floorMod(ts, datetime.USecsPerDay)}, true, nil
	case f == TimestampOid && t == TimestampTZOid:
		if d.I == math.MinInt64 || d.I == math.MaxInt64 {
			return d, true, nil
		}
		v, err := datetime.LocalToTimestampTZ(d.I, loc)
		return Datum{I: v}, true, err
	case f == TimestampTZOid && t == TimestampOid:
		if d.I == math.MinInt64 || d.I == math.MaxInt64 {
			return d, true, nil
		}
		v, err := datetime.TimestampTZToLocal(d.I, loc)
		return Datum{I: v}, true, err
	case f == TimeOid && t == IntervalOid:
		return Datum{P: datetime.Interval{Micros: d.I}}, true, nil
	case f == IntervalOid && t == TimeOid:
		iv, _ := d.P.(datetime.Interval)
		return Datum{I: floorMod(iv.Micros, datetime.USecsPerDay)}, true, nil
	}
	return Null, false, nil
}

func floorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// dateToTimestamp converts days to microseconds at midnight, keeping the
// infinities.
func dateToTimestamp(days int64) (int64, error) {
	switch days {
	case math.MinInt32:
		return math.MinInt64, nil
	case math.MaxInt32:
		return math.MaxInt64, nil
	}
	// The last date a timestamp can hold is 294276-12-31.
	if days >= 106741034 || days < -2451545 {
		return 0, pgerr.New("22008", "date out of range for timestamp")
	}
	return days * datetime.USecsPerDay, nil
}

func timestampToDate(ts int64) int64 {
	switch ts {
	case math.MinInt64:
		return math.MinInt32
	case math.MaxInt64:
		return math.MaxInt32
	}
	d := ts / datetime.USecsPerDay
	if ts%datetime.USecsPerDay < 0 {
		d--
	}
	return d
}

// castFromJSONB converts a jsonb scalar to bool or a number, as
// PostgreSQL 15's jsonb casts do.
func castFromJSONB(j *JSONB, t Oid) (Datum, bool, error) {
	want := map[Oid]string{BoolOid: "boolean", NumericOid: "numeric", Int2Oid: "smallint",
		Int4Oid: "integer", Int8Oid: "bigint", Float4Oid: "real", Float8Oid: "double precision"}[t]
	switch t {
	case JSONOid:
		return Datum{S: string(j.AppendText(nil))}, true, nil
	case BoolOid:
		if j.kind != JSONBool {
			return Null, true, jsonbCastError(j, want)
		}
		return Bool(j.b), true, nil
	case NumericOid, Int2Oid, Int4Oid, Int8Oid, Float4Oid, Float8Oid:
		if j.kind != JSONNumber {
			return Null, true, jsonbCastError(j, want)
		}
		if t == NumericOid {
			return Datum{P: j.num}, true, nil
		}
		return castFromNumeric(j.num, t)
	}
	return Null, false, nil
}

func jsonbCastError(j *JSONB, want string) error {
	kind := map[JSONKind]string{JSONNull: "null", JSONString: "string", JSONNumber: "numeric",
		JSONBool: "boolean", JSONArray: "array", JSONObject: "object"}[j.kind]
	return pgerr.New(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type %s", kind, want)
}

// castArray converts an array element by element.
func castArray(d Datum, fi, ti *Info, mod int32, explicit bool, env *Env) (Datum, error) {
	a, _ := d.P.(*Array)
	if a == nil {
		return Null, internalError("array datum without a value")
	}
	out := &Array{Elem: ti.Elem, Dims: a.Dims, Elems: make([]Datum, len(a.Elems))}
	ft, tt := Of(a.Elem), T{Oid: ti.Elem, Mod: mod}
	for i, e := range a.Elems {
		v, err := Cast(e, ft, tt, explicit, env)
		if err != nil {
			return Null, err
		}
		out.Elems[i] = v
	}
	if fi.Oid == Int2VectorOid || fi.Oid == OidVectorOid {
		// A vector's lower bound is 0 and stays so in the array.
		out.Dims = append([]ArrayDim(nil), a.Dims...)
		if len(out.Elems) == 0 {
			out.Dims = nil
		}
	}
	return Datum{P: out}, nil
}

// ApplyTypmod coerces d, a value of type t.Oid, to t's typmod as the
// type's length-coercion function does: varchar(n) and character(n)
// (truncating only when explicit; character(n) pads), numeric(p,s)
// (rounding, 22003 when it does not fit), the fractional-second precision
// of time, timestamp[tz] and interval, and arrays element by element.
func ApplyTypmod(t T, d Datum, explicit bool) (Datum, error) {
	if d.Null {
		return d, nil
	}
	switch t.Oid {
	case VarcharOid:
		return varcharCoerce(d.S, t.Mod, explicit, true)
	case BPCharOid:
		return bpcharCoerce(d.S, t.Mod, explicit, true)
	case NumericOid:
		if t.Mod < VarHdrSz {
			return d, nil
		}
		n, _ := d.P.(*numeric.Decimal)
		if n == nil {
			return Null, internalError("numeric datum without a value")
		}
		r, err := numeric.ApplyTypmod(n, t.Mod)
		if err != nil {
			return Null, err
		}
		return Datum{P: r}, nil
	case TimeOid:
		if t.Mod < 0 {
			return d, nil
		}
		return Datum{I: datetime.RoundTime(d.I, t.Mod)}, nil
	case TimestampOid, TimestampTZOid:
		if t.Mod < 0 {
			return d, nil
		}
		v, err := datetime.RoundTimestamp(d.I, t.Mod)
		if err != nil {
			return Null, err
		}
		return Datum{I: v}, nil
	case IntervalOid:
		if t.Mod < 0 {
			return d, nil
		}
		iv, _ := d.P.(datetime.Interval)
		r, err := datetime.AdjustInterval(iv, t.Mod)
		if err != nil {
			return Null, err
		}
		return Datum{P: r}, nil
	}
	if info := Lookup(t.Oid); info != nil && info.IsArray() && t.Mod >= 0 {
		a, _ := d.P.(*Array)
		if a == nil {
			return d, nil
		}
		et := T{Oid: info.Elem, Mod: t.Mod}
		out := &Array{Elem: a.Elem, Dims: a.Dims, Elems: make([]Datum, len(a.Elems))}
		for i, e := range a.Elems {
			v, err := ApplyTypmod(et, e, explicit)
			if err != nil {
				return Null, err
			}
			out.Elems[i] = v
		}
		return Datum{P: out}, nil
	}
	return d, nil
}
