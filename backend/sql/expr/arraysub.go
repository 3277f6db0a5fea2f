package expr

import "ringpg/backend/sql/types"

// ArraySub is arr[i][j]... or a slice arr[lo:hi][...]. Without Slice it
// fetches one element: NULL when the number of subscripts is not the
// array's number of dimensions or one is out of bounds. With Slice every
// dimension is a range (Lower or Upper nil: that bound of the array; the
// planner turns a plain [n] among slices into [1:n]), dimensions past the
// subscripts are taken whole, ranges are clipped to the array's bounds,
// and the result has lower bounds 1 (the empty array when any range is
// empty). A NULL subscript gives NULL.
type ArraySub struct {
	Arr          Expr
	Lower, Upper []Expr
	Slice        bool
	T            types.T
}

func (e *ArraySub) Type() types.T { return e.T }

func (e *ArraySub) Eval(f *Frame) (types.Datum, error) {
	a, err := e.Arr.Eval(f)
	if err != nil || a.Null {
		return types.Null, err
	}
	arr, _ := a.P.(*types.Array)
	if arr == nil {
		return types.Null, nil
	}
	bound := func(x Expr) (int64, bool, error) {
		if x == nil {
			return 0, false, nil
		}
		v, err := x.Eval(f)
		if err != nil || v.Null {
			return 0, v.Null, err
		}
		return v.I, false, nil
	}
	n := len(e.Lower)
	if !e.Slice {
		if n != len(arr.Dims) {
			return types.Null, nil
		}
		off := int64(0)
		for d, dim := range arr.Dims {
			i, null, err := bound(e.Lower[d])
			if err != nil || null {
				return types.Null, err
			}
			i -= int64(dim.Lower)
			if i < 0 || i >= int64(dim.Len) {
				return types.Null, nil
			}
			off = off*int64(dim.Len) + i
		}
		return arr.Elems[off], nil
	}
	lo := make([]int64, len(arr.Dims))
	hi := make([]int64, len(arr.Dims))
	for d, dim := range arr.Dims {
		lo[d], hi[d] = int64(dim.Lower), int64(dim.Lower)+int64(dim.Len)-1
	}
	empty := types.ArrayDatum(&types.Array{Elem: arr.Elem})
	if n > len(arr.Dims) {
		return empty, nil
	}
	from := append([]int64(nil), lo...)
	to := append([]int64(nil), hi...)
	for d := 0; d < n; d++ {
		if v, null, err := bound(e.Lower[d]); err != nil || null {
			return types.Null, err
		} else if e.Lower[d] != nil {
			from[d] = max(v, lo[d])
		}
		if v, null, err := bound(e.Upper[d]); err != nil || null {
			return types.Null, err
		} else if e.Upper[d] != nil {
			to[d] = min(v, hi[d])
		}
		if from[d] > to[d] {
			return empty, nil
		}
	}
	if len(arr.Dims) == 0 {
		return empty, nil
	}
	out := &types.Array{Elem: arr.Elem, Dims: make([]types.ArrayDim, len(arr.Dims))}
	for d := range arr.Dims {
		out.Dims[d] = types.ArrayDim{Len: int32(to[d] - from[d] + 1), Lower: 1}
	}
	// Walk the chosen index box in row-major order.
	idx := append([]int64(nil), from...)
	for {
		off := int64(0)
		for d := range arr.Dims {
			off = off*int64(arr.Dims[d].Len) + (idx[d] - lo[d])
		}
		out.Elems = append(out.Elems, arr.Elems[off])
		d := len(idx) - 1
		for d >= 0 {
			idx[d]++
			if idx[d] <= to[d] {
				break
			}
			idx[d] = from[d]
			d--
		}
		if d < 0 {
			break
		}
	}
	return types.ArrayDatum(out), nil
}
