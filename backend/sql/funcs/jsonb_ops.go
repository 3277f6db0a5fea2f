package funcs

import (
	"strconv"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// jsonb accessors, operators and editing functions.

func jb(d types.Datum) *types.JSONB { return d.AsJSONB() }

func jbD(j *types.JSONB) types.Datum {
	if j == nil {
		return types.Null
	}
	return types.JSONBDatum(j)
}

// jbText is ->>'s text of a node: strings unquoted, JSON null as NULL.
func jbText(j *types.JSONB) types.Datum {
	if j == nil {
		return types.Null
	}
	switch j.Kind() {
	case types.JSONNull:
		return types.Null
	case types.JSONString:
		return txt(j.Str())
	}
	return txt(j.String())
}

// jbIndex returns element i of an array (negative counts from the end).
func jbIndex(j *types.JSONB, i int64) *types.JSONB {
	if j.Kind() != types.JSONArray {
		return nil
	}
	if i < 0 {
		i += int64(j.Len())
	}
	if i < 0 || i >= int64(j.Len()) {
		return nil
	}
	return j.Index(int(i))
}

// jbElement is jsonb -> int: a scalar document is stored by PostgreSQL as
// a one-element array, so element 0 (or -1) of a scalar is itself.
func jbElement(j *types.JSONB, i int64) *types.JSONB {
	if k := j.Kind(); k != types.JSONArray && k != types.JSONObject {
		if i == 0 || i == -1 {
			return j
		}
		return nil
	}
	return jbIndex(j, i)
}

// jbPath follows a text[] path; nil when any step is missing.
func jbPath(j *types.JSONB, path *types.Array) *types.JSONB {
	for _, p := range path.Elems {
		if p.Null || j == nil {
			return nil
		}
		switch j.Kind() {
		case types.JSONObject:
			j = j.Get(p.S)
		case types.JSONArray:
			i, err := strconv.ParseInt(strings.TrimSpace(p.S), 10, 32)
			if err != nil {
				return nil
			}
			j = jbIndex(j, i)
		default:
			return nil
		}
	}
	return j
}

func jbKeys(j *types.JSONB) ([]string, []*types.JSONB) {
	n := j.Len()
	ks, vs := make([]string, n), make([]*types.JSONB, n)
	for i := 0; i < n; i++ {
		ks[i], vs[i] = j.Key(i)
	}
	return ks, vs
}

func jbElems(j *types.JSONB) []*types.JSONB {
	out := make([]*types.JSONB, j.Len())
	for i := range out {
		out[i] = j.Index(i)
	}
	return out
}

func jbIsScalar(j *types.JSONB) bool {
	k := j.Kind()
	return k != types.JSONArray && k != types.JSONObject
}

func jbEqual(a, b *types.JSONB) bool { return types.CompareJSONB(a, b) == 0 }

// jbContains is @>: PostgreSQL's jsonb containment.
func jbContains(a, b *types.JSONB, top bool) bool {
	switch {
	case a.Kind() == types.JSONObject && b.Kind() == types.JSONObject:
		for i := 0; i < b.Len(); i++ {
			k, bv := b.Key(i)
			av := a.Get(k)
			if av == nil {
				return false
			}
			if jbIsScalar(bv) || jbIsScalar(av) {
				if !jbEqual(av, bv) {
					return false
				}
			} else if av.Kind() != bv.Kind() || !jbContains(av, bv, false) {
				return false
			}
		}
		return true
	case a.Kind() == types.JSONArray && b.Kind() == types.JSONArray:
		for i := 0; i < b.Len(); i++ {
			bv := b.Index(i)
			found := false
			for k := 0; k < a.Len() && !found; k++ {
				av := a.Index(k)
				if jbIsScalar(bv) {
					found = jbIsScalar(av) && jbEqual(av, bv)
				} else if av.Kind() == bv.Kind() {
					found = jbContains(av, bv, false)
				}
			}
			if !found {
				return false
			}
		}
		return true
	case a.Kind() == types.JSONArray && jbIsScalar(b) && top:
		for k := 0; k < a.Len(); k++ {
			if av := a.Index(k); jbIsScalar(av) && jbEqual(av, b) {
				return true
			}
		}
		return false
	case jbIsScalar(a) && jbIsScalar(b):
		return jbEqual(a, b)
	}
	return false
}

// jbExists is ?: a key of an object, a string element of an array, or an
// equal string scalar.
func jbExists(j *types.JSONB, key string) bool {
	switch j.Kind() {
	case types.JSONObject:
		return j.Get(key) != nil
	case types.JSONArray:
		for i := 0; i < j.Len(); i++ {
			if e := j.Index(i); e.Kind() == types.JSONString && e.Str() == key {
				return true
			}
		}
		return false
	case types.JSONString:
		return j.Str() == key
	}
	return false
}

func jbConcat(a, b *types.JSONB) *types.JSONB {
	if a.Kind() == types.JSONObject && b.Kind() == types.JSONObject {
		ka, va := jbKeys(a)
		kb, vb := jbKeys(b)
		return types.JSONBObject(append(ka, kb...), append(va, vb...))
	}
	var ea, eb []*types.JSONB
	if a.Kind() == types.JSONArray {
		ea = jbElems(a)
	} else {
		ea = []*types.JSONB{a}
	}
	if b.Kind() == types.JSONArray {
		eb = jbElems(b)
	} else {
		eb = []*types.JSONB{b}
	}
	return types.JSONBArray(append(append([]*types.JSONB(nil), ea...), eb...))
}

func jbTypeof(j *types.JSONB) string {
	switch j.Kind() {
	case types.JSONObject:
		return "object"
	case types.JSONArray:
		return "array"
	case types.JSONString:
		return "string"
	case types.JSONNumber:
		return "number"
	case types.JSONBool:
		return "boolean"
	}
	return "null"
}

func scalarOr(j *types.JSONB, what string) string {
	if j.Kind() == types.JSONObject {
		return "an object"
	}
	_ = what
	return "a scalar"
}

// jbPairs serves jsonb_each and jsonb_each_text.
type jbPairs struct {
	j    *types.JSONB
	i    int
	text bool
	row  [2]types.Datum
}

func (r *jbPairs) Next(*Ctx) ([]types.Datum, bool, error) {
	if r.i >= r.j.Len() {
		return nil, false, nil
	}
	k, v := r.j.Key(r.i)
	r.i++
	r.row[0] = txt(k)
	if r.text {
		r.row[1] = jbText(v)
	} else {
		r.row[1] = types.JSONBDatum(v)
	}
	return r.row[:], true, nil
}

func init() {
	def("jsonb_object_field", "jsonb,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbD(jb(a[0]).Get(a[1].S)), nil
	})
	def("jsonb_object_field_text", "jsonb,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbText(jb(a[0]).Get(a[1].S)), nil
	})
	def("jsonb_array_element", "jsonb,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbD(jbElement(jb(a[0]), a[1].I)), nil
	})
	def("jsonb_array_element_text", "jsonb,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbText(jbElement(jb(a[0]), a[1].I)), nil
	})
	def("jsonb_extract_path", "jsonb,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbD(jbPath(jb(a[0]), a[1].AsArray())), nil
	})
	def("jsonb_extract_path_text", "jsonb,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbText(jbPath(jb(a[0]), a[1].AsArray())), nil
	})
	def("jsonb_contains", "jsonb,jsonb", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(jbContains(jb(a[0]), jb(a[1]), true)), nil
	})
	def("jsonb_contained", "jsonb,jsonb", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(jbContains(jb(a[1]), jb(a[0]), true)), nil
	})
	def("jsonb_exists", "jsonb,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(jbExists(jb(a[0]), a[1].S)), nil
	})
	def("jsonb_exists_any", "jsonb,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		for _, k := range a[1].AsArray().Elems {
			if !k.Null && jbExists(jb(a[0]), k.S) {
				return types.Bool(true), nil
			}
		}
		return types.Bool(false), nil
	})
	def("jsonb_exists_all", "jsonb,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		for _, k := range a[1].AsArray().Elems {
			if !k.Null && !jbExists(jb(a[0]), k.S) {
				return types.Bool(false), nil
			}
		}
		return types.Bool(true), nil
	})
	def("jsonb_concat", "jsonb,jsonb", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbD(jbConcat(jb(a[0]), jb(a[1]))), nil
	})
	def("jsonb_delete", "jsonb,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		j, err := jbDeleteKey(jb(a[0]), a[1].S)
		return jbD(j), err
	})
	def("jsonb_delete", "jsonb,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		j, err := jbDeleteIndex(jb(a[0]), a[1].I)
		return jbD(j), err
	})
	def("jsonb_delete", "jsonb,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		j := jb(a[0])
		for _, k := range a[1].AsArray().Elems {
			if k.Null {
				continue
			}
			var err error
			if j, err = jbDeleteKey(j, k.S); err != nil {
				return types.Datum{}, err
			}
		}
		return jbD(j), nil
	})
	def("jsonb_delete_path", "jsonb,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		p := a[1].AsArray().Elems
		if len(p) == 0 {
			return a[0], nil
		}
		j, err := jbDeletePath(jb(a[0]), p, 0)
		return jbD(j), err
	})
	def("jsonb_set", "jsonb,_text,jsonb,bool", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		create := len(a) < 4 || a[3].I != 0
		p := a[1].AsArray().Elems
		if len(p) == 0 {
			return a[0], nil
		}
		j, err := jbSetPath(jb(a[0]), p, 0, jb(a[2]), create, false, false)
		return jbD(j), err
	})
	def("jsonb_insert", "jsonb,_text,jsonb,bool", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		after := len(a) > 3 && a[3].I != 0
		p := a[1].AsArray().Elems
		if len(p) == 0 {
			return a[0], nil
		}
		j, err := jbSetPath(jb(a[0]), p, 0, jb(a[2]), false, true, after)
		return jbD(j), err
	})
	def("jsonb_strip_nulls", "jsonb", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return jbD(jbStripNulls(jb(a[0]))), nil
	})
	def("jsonb_pretty", "jsonb", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		var b strings.Builder
		jbPretty(&b, jb(a[0]), 0)
		return txt(b.String()), nil
	})
	def("jsonb_typeof", "jsonb", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(jbTypeof(jb(a[0]))), nil })
	def("jsonb_array_length", "jsonb", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		j := jb(a[0])
		switch j.Kind() {
		case types.JSONArray:
			return i64(int64(j.Len())), nil
		case types.JSONObject:
			return types.Datum{}, pgerr.New(codeInvalidParameter, "cannot get array length of a non-array")
		}
		return types.Datum{}, pgerr.New(codeInvalidParameter, "cannot get array length of a scalar")
	})
	defSRF("jsonb_array_elements", "jsonb", func(_ *Ctx, a []types.Datum) (Rows, error) { return jbElemRows(jb(a[0]), false) })
	defSRF("jsonb_array_elements_text", "jsonb", func(_ *Ctx, a []types.Datum) (Rows, error) { return jbElemRows(jb(a[0]), true) })
	defSRF("jsonb_object_keys", "jsonb", func(_ *Ctx, a []types.Datum) (Rows, error) {
		j := jb(a[0])
		if j.Kind() != types.JSONObject {
			return nil, pgerr.New(codeInvalidParameter, "cannot call %s on %s", "jsonb_object_keys", scalarOrArray(j))
		}
		ks, _ := jbKeys(j)
		vals := make([]types.Datum, len(ks))
		for i, k := range ks {
			vals[i] = txt(k)
		}
		return &sliceRows{vals: vals}, nil
	})
	for _, name := range []string{"jsonb_each", "jsonb_each_text"} {
		name := name
		defSRF(name, "jsonb", func(_ *Ctx, a []types.Datum) (Rows, error) {
			j := jb(a[0])
			if j.Kind() != types.JSONObject {
				return nil, pgerr.New(codeInvalidParameter, "cannot call %s on a non-object", name)
			}
			return &jbPairs{j: j, text: name == "jsonb_each_text"}, nil
		})
	}
	_ = numeric.Zero
}

func scalarOrArray(j *types.JSONB) string {
	if j.Kind() == types.JSONArray {
		return "an array"
	}
	return "a scalar"
}

func jbElemRows(j *types.JSONB, text bool) (Rows, error) {
	if j.Kind() != types.JSONArray {
		return nil, pgerr.New(codeInvalidParameter, "cannot extract elements from %s", scalarOr(j, ""))
	}
	vals := make([]types.Datum, j.Len())
	for i := range vals {
		if text {
			vals[i] = jbText(j.Index(i))
		} else {
			vals[i] = types.JSONBDatum(j.Index(i))
		}
	}
	return &sliceRows{vals: vals}, nil
}
