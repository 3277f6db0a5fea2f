package engine

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// The support functions of the information_schema schema that client
// libraries call by their qualified name (pgJDBC's primary-key and index
// metadata use information_schema._pg_expandarray).

func init() {
	funcs.Register(&funcs.Func{Name: "_pg_expandarray", Args: []types.Oid{types.AnyArrayOid}, Result: types.RecordOid,
		RetSet: true, Out: []funcs.Column{{Name: "x", Type: types.AnyElementOid}, {Name: "n", Type: types.Int4Oid}},
		Strict: true, Volatility: funcs.Immutable, Kind: funcs.KindFunc,
		SRF: func(_ *funcs.Ctx, a []types.Datum) (funcs.Rows, error) { return expandArray(a[0].AsArray()), nil }})
}

// expandArray is _pg_expandarray: each element of the array's first
// dimension with its position from 1 (the element is NULL for an array of
// more dimensions, as a single subscript of one is).
func expandArray(arr *types.Array) funcs.Rows {
	r := &rowsOf{}
	if arr == nil || arr.NDim() == 0 {
		return r
	}
	n := int(arr.Dims[0].Len)
	for i := 0; i < n; i++ {
		x := types.Null
		if arr.NDim() == 1 {
			x = arr.Elems[i]
		}
		r.rows = append(r.rows, []types.Datum{x, types.Int(int64(i + 1))})
	}
	return r
}

// rowsOf hands out rows of several columns from a slice.
type rowsOf struct{ rows [][]types.Datum }

func (r *rowsOf) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	if len(r.rows) == 0 {
		return nil, false, nil
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, true, nil
}
