package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// json_to_record, jsonb_to_record, json_to_recordset and
// jsonb_to_recordset: objects to rows of the columns a column definition
// list declares, each column filled from the key of its name.

func init() {
	defRecordFn("jsonb_to_record", "jsonb", func(c *Ctx, a []types.Datum, cols []Column, typs []types.T) (Rows, error) {
		if a[0].Null {
			return nullRecord(len(cols)), nil
		}
		j := jb(a[0])
		if err := jbRecordInput(j, "populate_composite"); err != nil {
			return nil, err
		}
		row, err := jbRow(c, j, cols, typs)
		if err != nil {
			return nil, err
		}
		return &multiRows{rows: [][]types.Datum{row}}, nil
	})
	defRecordFn("jsonb_to_recordset", "jsonb", func(c *Ctx, a []types.Datum, cols []Column, typs []types.T) (Rows, error) {
		if a[0].Null {
			return &multiRows{}, nil
		}
		j := jb(a[0])
		if j.Kind() != types.JSONArray {
			return nil, pgerr.New(codeInvalidParameter, "cannot call jsonb_to_recordset on a non-array")
		}
		out := &multiRows{}
		for i := 0; i < j.Len(); i++ {
			e := j.Index(i)
			if e.Kind() != types.JSONObject {
				return nil, pgerr.New(codeInvalidParameter, "argument of jsonb_to_recordset must be an array of objects")
			}
			row, err := jbRow(c, e, cols, typs)
			if err != nil {
				return nil, err
			}
			out.rows = append(out.rows, row)
		}
		return out, nil
	})
	defRecordFn("json_to_record", "json", func(c *Ctx, a []types.Datum, cols []Column, typs []types.T) (Rows, error) {
		if a[0].Null {
			return nullRecord(len(cols)), nil
		}
		switch jsKind(a[0].S) {
		case '{':
		case '[':
			return nil, pgerr.New(codeInvalidParameter, "cannot call populate_composite on an array")
		default:
			return nil, pgerr.New(codeInvalidParameter, "cannot call populate_composite on a scalar")
		}
		row, err := jsRow(c, a[0].S, cols, typs)
		if err != nil {
			return nil, err
		}
		return &multiRows{rows: [][]types.Datum{row}}, nil
	})
	defRecordFn("json_to_recordset", "json", func(c *Ctx, a []types.Datum, cols []Column, typs []types.T) (Rows, error) {
		if a[0].Null {
			return &multiRows{}, nil
		}
		if jsKind(a[0].S) != '[' {
			return nil, pgerr.New(codeInvalidParameter, "cannot call json_to_recordset on a non-array")
		}
		out := &multiRows{}
		for _, e := range jsElems(a[0].S) {
			if jsKind(e) != '{' {
				return nil, pgerr.New(codeInvalidParameter, "argument of json_to_recordset must be an array of objects")
			}
			row, err := jsRow(c, e, cols, typs)
			if err != nil {
				return nil, err
			}
			out.rows = append(out.rows, row)
		}
		return out, nil
	})
}

// multiRows serves precomputed rows.
type multiRows struct {
	rows [][]types.Datum
}

func (r *multiRows) Next(*Ctx) ([]types.Datum, bool, error) {
	if len(r.rows) == 0 {
		return nil, false, nil
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, true, nil
}

// nullRecord is the one row of NULLs a record function gives for NULL.
func nullRecord(n int) Rows {
	row := make([]types.Datum, n)
	for i := range row {
		row[i] = types.Null
	}
	return &multiRows{rows: [][]types.Datum{row}}
}

func jbRecordInput(j *types.JSONB, fn string) error {
	switch j.Kind() {
	case types.JSONObject:
		return nil
	case types.JSONArray:
		return pgerr.New(codeInvalidParameter, "cannot call %s on an array", fn)
	}
	return pgerr.New(codeInvalidParameter, "cannot call %s on a scalar", fn)
}

// jbRow fills the columns from an object's keys.
func jbRow(c *Ctx, obj *types.JSONB, cols []Column, typs []types.T) ([]types.Datum, error) {
	row := make([]types.Datum, len(cols))
	for i, col := range cols {
		v, err := jbToValue(c, obj.Get(col.Name), typs[i])
		if err != nil {
			return nil, err
		}
		row[i] = v
	}
	return row, nil
}

// jbToValue converts a jsonb value to a column's type: JSON null is NULL,
// json and jsonb columns take the value, arrays fill array columns
// element by element, strings give their text and other values their
// JSON text to the type's input function.
func jbToValue(c *Ctx, v *types.JSONB, t types.T) (types.Datum, error) {
	if v == nil || v.Kind() == types.JSONNull {
		return types.Null, nil
	}
	switch t.Oid {
	case types.JSONBOid:
		return jbD(v), nil
	case types.JSONOid:
		return txt(v.String()), nil
	}
	if et := types.ElemType(t.Oid); et != 0 && v.Kind() == types.JSONArray {
		return jsonArrayValue(v.Len(), func(i int) (types.Datum, bool, error) {
			e := v.Index(i)
			if e.Kind() == types.JSONArray {
				return types.Datum{}, true, nil
			}
			d, err := jbToValue(c, e, types.Of(et))
			return d, false, err
		}, func(i int) (*types.Array, error) {
			d, err := jbToValue(c, v.Index(i), t)
			return d.AsArray(), err
		}, et)
	}
	text := v.String()
	if v.Kind() == types.JSONString {
		text = v.Str()
	}
	return types.Input(t, text, c.env())
}

// jsRow and jsToValue are jbRow and jbToValue over json text, whose
// values keep their spelling.
func jsRow(c *Ctx, obj string, cols []Column, typs []types.T) ([]types.Datum, error) {
	keys, vals := jsMembers(obj)
	row := make([]types.Datum, len(cols))
	for i, col := range cols {
		v, found := "", false
		for k := len(keys) - 1; k >= 0; k-- {
			if keys[k] == col.Name {
				v, found = vals[k], true
				break
			}
		}
		if !found {
			row[i] = types.Null
			continue
		}
		d, err := jsToValue(c, v, typs[i])
		if err != nil {
			return nil, err
		}
		row[i] = d
	}
	return row, nil
}

func jsToValue(c *Ctx, v string, t types.T) (types.Datum, error) {
	k := jsKind(v)
	if k == 'n' || k == 0 {
		return types.Null, nil
	}
	switch t.Oid {
	case types.JSONOid:
		return txt(v), nil
	case types.JSONBOid:
		j, err := types.ParseJSONB(v)
		if err != nil {
			return types.Datum{}, err
		}
		return jbD(j), nil
	}
	if et := types.ElemType(t.Oid); et != 0 && k == '[' {
		es := jsElems(v)
		return jsonArrayValue(len(es), func(i int) (types.Datum, bool, error) {
			if jsKind(es[i]) == '[' {
				return types.Datum{}, true, nil
			}
			d, err := jsToValue(c, es[i], types.Of(et))
			return d, false, err
		}, func(i int) (*types.Array, error) {
			d, err := jsToValue(c, es[i], t)
			return d.AsArray(), err
		}, et)
	}
	if k == '"' {
		return types.Input(t, jsUnquote(v), c.env())
	}
	return types.Input(t, v, c.env())
}

// jsonArrayValue builds an array column's value from n JSON elements:
// scalars through elem, nested arrays (one more dimension) through sub.
func jsonArrayValue(n int, elem func(int) (types.Datum, bool, error), sub func(int) (*types.Array, error), et types.Oid) (types.Datum, error) {
	if n == 0 {
		return types.ArrayDatum(types.NewArray(et, nil)), nil
	}
	_, nested, err := elem(0)
	if err != nil {
		return types.Datum{}, err
	}
	if !nested {
		vals := make([]types.Datum, n)
		for i := range vals {
			d, isArr, err := elem(i)
			if err != nil {
				return types.Datum{}, err
			}
			if isArr {
				return types.Datum{}, errMalformedJSONArray()
			}
			vals[i] = d
		}
		return types.ArrayDatum(types.NewArray(et, vals)), nil
	}
	out := &types.Array{Elem: et, Dims: []types.ArrayDim{{Len: int32(n), Lower: 1}}}
	for i := 0; i < n; i++ {
		a, err := sub(i)
		if err != nil {
			return types.Datum{}, err
		}
		if a == nil || a.NDim() == 0 {
			return types.Datum{}, errMalformedJSONArray()
		}
		if i == 0 {
			out.Dims = append(out.Dims, a.Dims...)
		} else if len(a.Dims) != len(out.Dims)-1 || a.Dims[0].Len != out.Dims[1].Len {
			return types.Datum{}, errMalformedJSONArray()
		}
		out.Elems = append(out.Elems, a.Elems...)
	}
	return types.ArrayDatum(out), nil
}

func errMalformedJSONArray() error {
	return pgerr.New(codeInvalidText, "malformed JSON array").
		WithDetail("Multidimensional arrays must have sub-arrays with matching dimensions.")
}
