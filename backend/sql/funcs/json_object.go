package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// json_object and jsonb_object: objects from a text array of alternating
// keys and values (one-dimensional, or two-dimensional pairs), or from
// parallel arrays of keys and values. Values are JSON strings.

func objectPairs(keys, vals *types.Array) ([]string, []types.Datum, error) {
	if vals == nil {
		switch keys.NDim() {
		case 0:
			return nil, nil, nil
		case 1:
			if len(keys.Elems)%2 != 0 {
				return nil, nil, pgerr.New(codeArraySubscript, "array must have even number of elements")
			}
		case 2:
			if keys.Dims[1].Len != 2 {
				return nil, nil, pgerr.New(codeArraySubscript, "array must have two columns")
			}
		default:
			return nil, nil, pgerr.New(codeArraySubscript, "wrong number of array subscripts")
		}
		var ks []string
		var vs []types.Datum
		for i := 0; i+1 < len(keys.Elems); i += 2 {
			if keys.Elems[i].Null {
				return nil, nil, pgerr.New(codeNullNotAllowed, "null value not allowed for object key")
			}
			ks = append(ks, keys.Elems[i].S)
			vs = append(vs, keys.Elems[i+1])
		}
		return ks, vs, nil
	}
	if keys.NDim() > 1 || vals.NDim() > 1 {
		return nil, nil, pgerr.New(codeArraySubscript, "wrong number of array subscripts")
	}
	if len(keys.Elems) != len(vals.Elems) {
		return nil, nil, pgerr.New(codeArraySubscript, "mismatched array dimensions")
	}
	ks := make([]string, len(keys.Elems))
	for i, k := range keys.Elems {
		if k.Null {
			return nil, nil, pgerr.New(codeNullNotAllowed, "null value not allowed for object key")
		}
		ks[i] = k.S
	}
	return ks, vals.Elems, nil
}

func jsonObjectText(ks []string, vs []types.Datum) string {
	dst := []byte{'{'}
	for i, k := range ks {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = types.AppendJSONString(dst, k)
		dst = append(dst, " : "...)
		if vs[i].Null {
			dst = append(dst, "null"...)
		} else {
			dst = types.AppendJSONString(dst, vs[i].S)
		}
	}
	return string(append(dst, '}'))
}

func jsonbObjectOf(ks []string, vs []types.Datum) *types.JSONB {
	js := make([]*types.JSONB, len(vs))
	for i, v := range vs {
		if v.Null {
			js[i] = types.JSONBNull()
		} else {
			js[i] = types.JSONBString(v.S)
		}
	}
	return types.JSONBObject(ks, js)
}

func init() {
	def("json_object", "_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ks, vs, err := objectPairs(a[0].AsArray(), nil)
		if err != nil {
			return types.Datum{}, err
		}
		return txt(jsonObjectText(ks, vs)), nil
	})
	def("json_object", "_text,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ks, vs, err := objectPairs(a[0].AsArray(), a[1].AsArray())
		if err != nil {
			return types.Datum{}, err
		}
		return txt(jsonObjectText(ks, vs)), nil
	})
	def("jsonb_object", "_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ks, vs, err := objectPairs(a[0].AsArray(), nil)
		if err != nil {
			return types.Datum{}, err
		}
		return types.JSONBDatum(jsonbObjectOf(ks, vs)), nil
	})
	def("jsonb_object", "_text,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ks, vs, err := objectPairs(a[0].AsArray(), a[1].AsArray())
		if err != nil {
			return types.Datum{}, err
		}
		return types.JSONBDatum(jsonbObjectOf(ks, vs)), nil
	})
}
