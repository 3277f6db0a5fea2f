package funcs

import (
	"math"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Conversion of SQL values to json text and jsonb trees (to_json,
// to_jsonb, the build functions and the json aggregates).

// jsonWriter appends the json text of values of one type.
type jsonWriter func(c *Ctx, dst []byte, d types.Datum) []byte

// jsonWriterOf returns the json text writer for type t.
func jsonWriterOf(t types.T) jsonWriter {
	switch t.Oid {
	case types.BoolOid:
		return func(_ *Ctx, dst []byte, d types.Datum) []byte {
			if d.I != 0 {
				return append(dst, "true"...)
			}
			return append(dst, "false"...)
		}
	case types.Int2Oid, types.Int4Oid, types.Int8Oid, types.NumericOid:
		out := outputOf(t)
		return func(c *Ctx, dst []byte, d types.Datum) []byte {
			if t.Oid == types.NumericOid && !num(d).IsFinite() {
				return types.AppendJSONString(dst, out(c, d))
			}
			return append(dst, out(c, d)...)
		}
	case types.Float4Oid, types.Float8Oid:
		out := outputOf(t)
		return func(c *Ctx, dst []byte, d types.Datum) []byte {
			if math.IsNaN(d.F) || math.IsInf(d.F, 0) {
				return types.AppendJSONString(dst, out(c, d))
			}
			return append(dst, out(c, d)...)
		}
	case types.JSONOid:
		return func(_ *Ctx, dst []byte, d types.Datum) []byte { return append(dst, d.S...) }
	case types.JSONBOid:
		return func(_ *Ctx, dst []byte, d types.Datum) []byte { return d.AsJSONB().AppendText(dst) }
	case types.DateOid, types.TimestampOid, types.TimestampTZOid:
		out := outputOf(t)
		return func(c *Ctx, dst []byte, d types.Datum) []byte {
			return types.AppendJSONString(dst, jsonDateTime(out(c, d), t.Oid))
		}
	case types.RecordOid:
		return func(c *Ctx, dst []byte, d types.Datum) []byte {
			r := d.AsRecord()
			dst = append(dst, '{')
			for i, v := range r.Values {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = types.AppendJSONString(dst, r.FieldName(i))
				dst = append(dst, ':')
				if v.Null {
					dst = append(dst, "null"...)
				} else {
					dst = jsonWriterOf(r.Types[i])(c, dst, v)
				}
			}
			return append(dst, '}')
		}
	}
	if e := types.ElemType(t.Oid); e != 0 || t.Oid == types.AnyArrayOid {
		return func(c *Ctx, dst []byte, d types.Datum) []byte {
			a := d.AsArray()
			w := jsonWriterOf(types.Of(a.Elem))
			return appendJSONArray(c, dst, a, w, 0, 0)
		}
	}
	out := outputOf(t)
	return func(c *Ctx, dst []byte, d types.Datum) []byte { return types.AppendJSONString(dst, out(c, d)) }
}

// appendJSONArray writes dimension dim of a starting at element off.
func appendJSONArray(c *Ctx, dst []byte, a *types.Array, w jsonWriter, dim, off int) []byte {
	dst = append(dst, '[')
	if a.NDim() == 0 {
		return append(dst, ']')
	}
	stride := 1
	for _, d := range a.Dims[dim+1:] {
		stride *= int(d.Len)
	}
	for i := 0; i < int(a.Dims[dim].Len); i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dim+1 < a.NDim() {
			dst = appendJSONArray(c, dst, a, w, dim+1, off+i*stride)
			continue
		}
		e := a.Elems[off+i]
		if e.Null {
			dst = append(dst, "null"...)
		} else {
			dst = w(c, dst, e)
		}
	}
	return append(dst, ']')
}

// jsonDateTime turns a date/time's text into the ISO 8601 form JSON uses.
func jsonDateTime(s string, t types.Oid) string {
	if s == "infinity" || s == "-infinity" || t == types.DateOid {
		return s
	}
	s = strings.Replace(s, " ", "T", 1)
	if t == types.TimestampTZOid {
		// A zone offset "+hh" becomes "+hh:mm".
		if i := strings.LastIndexAny(s, "+-"); i > 10 && len(s)-i == 3 {
			s += ":00"
		}
	}
	return s
}

func itoa(i int) string {
	return string(types.AppendOutput(nil, types.Of(types.Int4Oid), i64(int64(i)), nil))
}

// toJSONB converts a value of type t into a jsonb tree.
func toJSONB(c *Ctx, t types.T, d types.Datum) (*types.JSONB, error) {
	if d.Null {
		return types.JSONBNull(), nil
	}
	switch t.Oid {
	case types.JSONBOid:
		return d.AsJSONB(), nil
	case types.JSONOid:
		return types.ParseJSONB(d.S)
	case types.BoolOid:
		return types.JSONBBool(d.I != 0), nil
	case types.Int2Oid, types.Int4Oid, types.Int8Oid:
		return types.JSONBNumber(numeric.FromInt64(d.I)), nil
	case types.NumericOid:
		if !num(d).IsFinite() {
			return types.JSONBString(num(d).String()), nil
		}
		return types.JSONBNumber(num(d)), nil
	case types.Float4Oid, types.Float8Oid:
		s := outputOf(t)(c, d)
		if math.IsNaN(d.F) || math.IsInf(d.F, 0) {
			return types.JSONBString(s), nil
		}
		n, err := numeric.Parse(s)
		if err != nil {
			return nil, err
		}
		return types.JSONBNumber(n), nil
	case types.DateOid, types.TimestampOid, types.TimestampTZOid:
		return types.JSONBString(jsonDateTime(outputOf(t)(c, d), t.Oid)), nil
	case types.RecordOid:
		r := d.AsRecord()
		keys := make([]string, len(r.Values))
		vals := make([]*types.JSONB, len(r.Values))
		for i, v := range r.Values {
			keys[i] = r.FieldName(i)
			j, err := toJSONB(c, r.Types[i], v)
			if err != nil {
				return nil, err
			}
			vals[i] = j
		}
		return types.JSONBObject(keys, vals), nil
	}
	if e := types.ElemType(t.Oid); e != 0 || t.Oid == types.AnyArrayOid {
		a := d.AsArray()
		return jsonbArrayDim(c, a, 0, 0)
	}
	return types.JSONBString(outputOf(t)(c, d)), nil
}

func jsonbArrayDim(c *Ctx, a *types.Array, dim, off int) (*types.JSONB, error) {
	if a.NDim() == 0 {
		return types.JSONBArray(nil), nil
	}
	stride := 1
	for _, d := range a.Dims[dim+1:] {
		stride *= int(d.Len)
	}
	n := int(a.Dims[dim].Len)
	out := make([]*types.JSONB, n)
	et := types.Of(a.Elem)
	for i := 0; i < n; i++ {
		var err error
		if dim+1 < a.NDim() {
			out[i], err = jsonbArrayDim(c, a, dim+1, off+i*stride)
		} else {
			out[i], err = toJSONB(c, et, a.Elems[off+i])
		}
		if err != nil {
			return nil, err
		}
	}
	return types.JSONBArray(out), nil
}

// jsonKey returns an object key's text: strings as they are, other values
// through their output (json_build_object accepts any key type).
func jsonKey(c *Ctx, t types.T, d types.Datum) string { return outputOf(t)(c, d) }

// checkJSONKeyTypes rejects object keys (the even arguments of
// json_build_object) of array, composite or JSON types.
func checkJSONKeyTypes(at []types.T) error {
	for i := 0; i < len(at); i += 2 {
		o := at[i].Oid
		switch {
		case o == types.JSONOid || o == types.JSONBOid || o == types.RecordOid,
			types.ElemType(o) != 0, types.Category(o) == 'A', types.Category(o) == 'C':
			return pgerr.New(codeInvalidParameter, "key value must be scalar, not array, composite, or json")
		}
	}
	return nil
}

func init() {
	defSpec("to_json", "anyelement", func(at []types.T, _ types.T) (CallFunc, error) {
		w := jsonWriterOf(at[0])
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return txt(string(w(c, nil, a[0]))), nil }, nil
	})
	defSpec("to_jsonb", "anyelement", func(at []types.T, _ types.T) (CallFunc, error) {
		t := at[0]
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			j, err := toJSONB(c, t, a[0])
			return types.JSONBDatum(j), err
		}, nil
	})
	def("row_to_json", "record", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(string(jsonWriterOf(types.Of(types.RecordOid))(c, nil, a[0]))), nil
	})
	def("array_to_json", "anyarray", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		x := a[0].AsArray()
		return txt(string(appendJSONArray(c, nil, x, jsonWriterOf(types.Of(x.Elem)), 0, 0))), nil
	})
	defSpec("json_build_array", "any", func(at []types.T, _ types.T) (CallFunc, error) {
		ws := jsonWriters(at)
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			dst := []byte{'['}
			for i, d := range a {
				if i > 0 {
					dst = append(dst, ", "...)
				}
				if d.Null {
					dst = append(dst, "null"...)
				} else {
					dst = ws[i](c, dst, d)
				}
			}
			return txt(string(append(dst, ']'))), nil
		}, nil
	})
	def("json_build_array", "", func(*Ctx, []types.Datum) (types.Datum, error) { return txt("[]"), nil })
	defSpec("json_build_object", "any", func(at []types.T, _ types.T) (CallFunc, error) {
		ws := jsonWriters(at)
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			if len(a)%2 != 0 {
				return types.Datum{}, pgerr.New(codeInvalidParameter, "argument list must have even number of elements").WithHint("The arguments of %s must consist of alternating keys and values.", "json_build_object()")
			}
			if err := checkJSONKeyTypes(at); err != nil {
				return types.Datum{}, err
			}
			dst := []byte{'{'}
			for i := 0; i < len(a); i += 2 {
				if i > 0 {
					dst = append(dst, ", "...)
				}
				if a[i].Null {
					return types.Datum{}, pgerr.New(codeInvalidParameter, "argument %d cannot be null", i+1).
						WithHint("Object keys should be text.")
				}
				dst = types.AppendJSONString(dst, jsonKey(c, at[i], a[i]))
				dst = append(dst, " : "...)
				if a[i+1].Null {
					dst = append(dst, "null"...)
				} else {
					dst = ws[i+1](c, dst, a[i+1])
				}
			}
			return txt(string(append(dst, '}'))), nil
		}, nil
	})
	def("json_build_object", "", func(*Ctx, []types.Datum) (types.Datum, error) { return txt("{}"), nil })
	defSpec("jsonb_build_array", "any", func(at []types.T, _ types.T) (CallFunc, error) {
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			out := make([]*types.JSONB, len(a))
			for i, d := range a {
				j, err := toJSONB(c, at[i], d)
				if err != nil {
					return types.Datum{}, err
				}
				out[i] = j
			}
			return types.JSONBDatum(types.JSONBArray(out)), nil
		}, nil
	})
	def("jsonb_build_array", "", func(*Ctx, []types.Datum) (types.Datum, error) {
		return types.JSONBDatum(types.JSONBArray(nil)), nil
	})
	defSpec("jsonb_build_object", "any", func(at []types.T, _ types.T) (CallFunc, error) {
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			if len(a)%2 != 0 {
				return types.Datum{}, pgerr.New(codeInvalidParameter, "argument list must have even number of elements").WithHint("The arguments of %s must consist of alternating keys and values.", "jsonb_build_object()")
			}
			if err := checkJSONKeyTypes(at); err != nil {
				return types.Datum{}, err
			}
			keys := make([]string, 0, len(a)/2)
			vals := make([]*types.JSONB, 0, len(a)/2)
			for i := 0; i < len(a); i += 2 {
				if a[i].Null {
					return types.Datum{}, pgerr.New(codeInvalidParameter, "argument %d: key must not be null", i+1)
				}
				j, err := toJSONB(c, at[i+1], a[i+1])
				if err != nil {
					return types.Datum{}, err
				}
				keys = append(keys, jsonKey(c, at[i], a[i]))
				vals = append(vals, j)
			}
			return types.JSONBDatum(types.JSONBObject(keys, vals)), nil
		}, nil
	})
	def("jsonb_build_object", "", func(*Ctx, []types.Datum) (types.Datum, error) {
		return types.JSONBDatum(types.JSONBObject(nil, nil)), nil
	})
}

func jsonWriters(at []types.T) []jsonWriter {
	ws := make([]jsonWriter, len(at))
	for i, t := range at {
		ws[i] = jsonWriterOf(t)
	}
	return ws
}
