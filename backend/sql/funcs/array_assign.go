package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Subscripted assignment to arrays: a[i][j] = v and a[lo:hi] = src, as
// UPDATE ... SET and INSERT column lists use them. The planner builds a
// call of ArrayAssign's function; the work is in ArraySetElement and
// ArraySetSlice.

// maxArraySize is PostgreSQL's MaxArraySize, the most elements an array
// may have.
const maxArraySize = 134217727

var (
	errAssignNullSubscript = pgerr.New(codeNullNotAllowed, "array subscript in assignment must not be null")
	errWrongSubscripts     = pgerr.New(codeArraySubscript, "wrong number of array subscripts")
	errSubscriptRange      = pgerr.New(codeArraySubscript, "array subscript out of range")
	errUpperBelowLower     = pgerr.New(codeArraySubscript, "upper bound cannot be less than lower bound")
	errSourceTooSmall      = pgerr.New(codeArraySubscript, "source array too small")
	errArrayTooBig         = pgerr.New(codeProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArraySize)
	errSliceBounds         = pgerr.New(codeArraySubscript, "array slice subscript must provide both boundaries").
				WithDetail("When assigning to a slice of an empty array value, slice boundaries must be fully specified.")
)

// ArrayAssign returns the function computing arr[...] := value for an
// array of element type elem. Its arguments are the array (NULL stands
// for the empty array), the new value (an element, or an array for a
// slice) and then the subscripts: n element indexes, or for a slice the
// pairs (lower, upper) of each dimension. given[k] says whether argument
// 2+k was written; a bound left out of a slice ([:3], [2:]) is passed as
// NULL with given[k] false. A written subscript that is NULL is an error.
func ArrayAssign(elem types.Oid, slice bool, given []bool) *Func {
	return &Func{
		Name:       "array_assign",
		Volatility: Immutable,
		Call: func(_ *Ctx, args []types.Datum) (types.Datum, error) {
			subs := args[2:]
			vals := make([]int64, len(subs))
			for k, s := range subs {
				if given[k] {
					if s.Null {
						return types.Null, errAssignNullSubscript
					}
					vals[k] = s.I
				}
			}
			arr := args[0].AsArray()
			if args[0].Null || arr == nil {
				arr = &types.Array{Elem: elem}
			}
			if !slice {
				out, err := ArraySetElement(arr, vals, args[1])
				if err != nil {
					return types.Null, err
				}
				return types.ArrayDatum(out), nil
			}
			if args[1].Null {
				// Assigning NULL to a slice leaves the array as it was.
				return types.ArrayDatum(arr), nil
			}
			n := len(subs) / 2
			lo, hi := make([]int64, n), make([]int64, n)
			loGiven, hiGiven := make([]bool, n), make([]bool, n)
			for d := 0; d < n; d++ {
				lo[d], hi[d] = vals[2*d], vals[2*d+1]
				loGiven[d], hiGiven[d] = given[2*d], given[2*d+1]
			}
			src := args[1].AsArray()
			if src == nil {
				src = &types.Array{Elem: elem}
			}
			out, err := ArraySetSlice(arr, lo, hi, loGiven, hiGiven, src)
			if err != nil {
				return types.Null, err
			}
			return types.ArrayDatum(out), nil
		},
	}
}

// ArraySetElement returns a copy of arr with the element at idx (one
// subscript per dimension) set to v. The empty array becomes an array of
// one element at idx; a one-dimensional array grows to take an index past
// either end, the gap filled with NULLs; any other out-of-range index is
// an error.
func ArraySetElement(arr *types.Array, idx []int64, v types.Datum) (*types.Array, error) {
	if len(idx) == 0 || len(idx) > types.MaxArrayDims {
		return nil, errWrongSubscripts
	}
	if len(arr.Dims) == 0 {
		out := &types.Array{Elem: arr.Elem, Dims: make([]types.ArrayDim, len(idx)), Elems: []types.Datum{v}}
		for d, i := range idx {
			out.Dims[d] = types.ArrayDim{Len: 1, Lower: int32(i)}
		}
		return out, nil
	}
	if len(idx) != len(arr.Dims) {
		return nil, errWrongSubscripts
	}
	if len(arr.Dims) == 1 {
		return setElement1D(arr, idx[0], v)
	}
	off := int64(0)
	for d, dim := range arr.Dims {
		i := idx[d] - int64(dim.Lower)
		if i < 0 || i >= int64(dim.Len) {
			return nil, errSubscriptRange
		}
		off = off*int64(dim.Len) + i
	}
	out := &types.Array{Elem: arr.Elem, Dims: arr.Dims, Elems: append([]types.Datum(nil), arr.Elems...)}
	out.Elems[off] = v
	return out, nil
}

// setElement1D sets a[i] of a one-dimensional array, extending it with
// NULLs when i lies outside its bounds.
func setElement1D(arr *types.Array, i int64, v types.Datum) (*types.Array, error) {
	lower, n := int64(arr.Dims[0].Lower), int64(arr.Dims[0].Len)
	newLower, newUpper := min(lower, i), max(lower+n-1, i)
	if newUpper-newLower+1 > maxArraySize {
		return nil, errArrayTooBig
	}
	elems := make([]types.Datum, newUpper-newLower+1)
	for k := range elems {
		elems[k] = types.Null
	}
	copy(elems[lower-newLower:], arr.Elems)
	elems[i-newLower] = v
	return &types.Array{Elem: arr.Elem, Dims: []types.ArrayDim{{Len: int32(len(elems)), Lower: int32(newLower)}}, Elems: elems}, nil
}

// ArraySetSlice returns a copy of arr with the slice lo:hi (per dimension;
// a bound not given is the array's own) replaced by the first elements of
// src in row-major order. An empty arr becomes an array of the slice's
// shape, which must then be fully given; a one-dimensional array grows to
// take a slice past either end (gaps filled with NULLs); a
// multi-dimensional slice must lie within the array.
func ArraySetSlice(arr *types.Array, lo, hi []int64, loGiven, hiGiven []bool, src *types.Array) (*types.Array, error) {
	n := len(lo)
	if n == 0 || n > types.MaxArrayDims {
		return nil, errWrongSubscripts
	}
	if len(arr.Dims) == 0 {
		out := &types.Array{Elem: arr.Elem, Dims: make([]types.ArrayDim, n)}
		total := int64(1)
		for d := 0; d < n; d++ {
			if !loGiven[d] || !hiGiven[d] {
				return nil, errSliceBounds
			}
			l := hi[d] - lo[d] + 1
			if l < 0 {
				return nil, errArrayTooBig
			}
			total *= l
			if total > maxArraySize {
				return nil, errArrayTooBig
			}
			out.Dims[d] = types.ArrayDim{Len: int32(l), Lower: int32(lo[d])}
		}
		if int64(len(src.Elems)) < total {
			return nil, errSourceTooSmall
		}
		if total == 0 {
			return &types.Array{Elem: arr.Elem}, nil
		}
		out.Elems = append([]types.Datum(nil), src.Elems[:total]...)
		return out, nil
	}
	if n > len(arr.Dims) {
		return nil, errWrongSubscripts
	}
	from, to := make([]int64, len(arr.Dims)), make([]int64, len(arr.Dims))
	for d, dim := range arr.Dims {
		from[d], to[d] = int64(dim.Lower), int64(dim.Lower)+int64(dim.Len)-1
		if d < n {
			if loGiven[d] {
				from[d] = lo[d]
			}
			if hiGiven[d] {
				to[d] = hi[d]
			}
		}
		if from[d] > to[d] {
			return nil, errUpperBelowLower
		}
	}
	if len(arr.Dims) == 1 {
		return setSlice1D(arr, from[0], to[0], src)
	}
	total := int64(1)
	for d, dim := range arr.Dims {
		if from[d] < int64(dim.Lower) || to[d] >= int64(dim.Lower)+int64(dim.Len) {
			return nil, errSubscriptRange
		}
		total *= to[d] - from[d] + 1
	}
	if int64(len(src.Elems)) < total {
		return nil, errSourceTooSmall
	}
	out := &types.Array{Elem: arr.Elem, Dims: arr.Dims, Elems: append([]types.Datum(nil), arr.Elems...)}
	// Walk the slice's index box in row-major order.
	idx := append([]int64(nil), from...)
	for k := int64(0); k < total; k++ {
		off := int64(0)
		for d, dim := range arr.Dims {
			off = off*int64(dim.Len) + idx[d] - int64(dim.Lower)
		}
		out.Elems[off] = src.Elems[k]
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] <= to[d] {
				break
			}
			idx[d] = from[d]
		}
	}
	return out, nil
}

// setSlice1D sets a[from:to] of a one-dimensional array, extending it with
// NULLs when the slice reaches outside its bounds.
func setSlice1D(arr *types.Array, from, to int64, src *types.Array) (*types.Array, error) {
	lower, n := int64(arr.Dims[0].Lower), int64(arr.Dims[0].Len)
	newLower, newUpper := min(lower, from), max(lower+n-1, to)
	if newUpper-newLower+1 > maxArraySize {
		return nil, errArrayTooBig
	}
	if int64(len(src.Elems)) < to-from+1 {
		return nil, errSourceTooSmall
	}
	elems := make([]types.Datum, newUpper-newLower+1)
	for k := range elems {
		elems[k] = types.Null
	}
	copy(elems[lower-newLower:], arr.Elems)
	copy(elems[from-newLower:], src.Elems[:to-from+1])
	return &types.Array{Elem: arr.Elem, Dims: []types.ArrayDim{{Len: int32(len(elems)), Lower: int32(newLower)}}, Elems: elems}, nil
}
