package funcs

import (
	"strconv"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Array functions and operators.

func arr(d types.Datum) *types.Array { return d.AsArray() }

// elemEq compares array elements as IS NOT DISTINCT FROM.
func elemEq(t types.Oid, a, b types.Datum) bool {
	if a.Null || b.Null {
		return a.Null == b.Null
	}
	return types.Equal(types.Of(t), a, b)
}

func oneDim(a *types.Array, what string) error {
	if a.NDim() > 1 {
		return pgerr.New(codeFeatureNotSupported, "%s in multidimensional arrays is not supported", what)
	}
	return nil
}

func lowerBound(a *types.Array) int64 {
	if a.NDim() == 0 {
		return 1
	}
	return int64(a.Dims[0].Lower)
}

func init() {
	def("array_length", "anyarray,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		x, d := arr(a[0]), a[1].I
		if d < 1 || d > int64(x.NDim()) {
			return types.Null, nil
		}
		return i64(int64(x.Dims[d-1].Len)), nil
	})
	def("array_lower", "anyarray,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		x, d := arr(a[0]), a[1].I
		if d < 1 || d > int64(x.NDim()) {
			return types.Null, nil
		}
		return i64(int64(x.Dims[d-1].Lower)), nil
	})
	def("array_upper", "anyarray,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		x, d := arr(a[0]), a[1].I
		if d < 1 || d > int64(x.NDim()) {
			return types.Null, nil
		}
		return i64(int64(x.Dims[d-1].Lower) + int64(x.Dims[d-1].Len) - 1), nil
	})
	def("cardinality", "anyarray", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return i64(int64(len(arr(a[0]).Elems))), nil
	})
	def("array_ndims", "anyarray", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		n := arr(a[0]).NDim()
		if n == 0 {
			return types.Null, nil
		}
		return i64(int64(n)), nil
	})
	def("array_dims", "anyarray", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		x := arr(a[0])
		if x.NDim() == 0 {
			return types.Null, nil
		}
		var b strings.Builder
		for _, d := range x.Dims {
			b.WriteString("[" + strconv.Itoa(int(d.Lower)) + ":" + strconv.Itoa(int(d.Lower)+int(d.Len)-1) + "]")
		}
		return txt(b.String()), nil
	})
	defSpec("array_append", "anycompatiblearray,anycompatible", func(at []types.T, rt types.T) (CallFunc, error) {
		elem := types.ElemType(rt.Oid)
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return arrayAdd(elem, a[0], a[1], false)
		}, nil
	})
	defSpec("array_prepend", "anycompatible,anycompatiblearray", func(at []types.T, rt types.T) (CallFunc, error) {
		elem := types.ElemType(rt.Oid)
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return arrayAdd(elem, a[1], a[0], true)
		}, nil
	})
	def("array_cat", "anycompatiblearray,anycompatiblearray", arrayCat)
	defSpec("array_position", "anycompatiblearray,anycompatible", func(at []types.T, _ types.T) (CallFunc, error) {
		elem := at[1].Oid
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return arrayPosition(elem, a, false) }, nil
	})
	defSpec("array_position", "anycompatiblearray,anycompatible,int4", func(at []types.T, _ types.T) (CallFunc, error) {
		elem := at[1].Oid
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return arrayPosition(elem, a, false) }, nil
	})
	defSpec("array_positions", "anycompatiblearray,anycompatible", func(at []types.T, _ types.T) (CallFunc, error) {
		elem := at[1].Oid
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return arrayPosition(elem, a, true) }, nil
	})
	defSpec("array_remove", "anycompatiblearray,anycompatible", func(at []types.T, _ types.T) (CallFunc, error) {
		elem := at[1].Oid
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].Null {
				return types.Null, nil
			}
			x := arr(a[0])
			if x.NDim() > 1 {
				return types.Datum{}, pgerr.New(codeFeatureNotSupported, "removing elements from multidimensional arrays is not supported")
			}
			var out []types.Datum
			for _, e := range x.Elems {
				if !elemEq(elem, e, a[1]) {
					out = append(out, e)
				}
			}
			if len(out) == len(x.Elems) {
				return a[0], nil
			}
			return types.ArrayDatum(types.NewArray(x.Elem, out)), nil
		}, nil
	})
	defSpec("array_replace", "anycompatiblearray,anycompatible,anycompatible", func(at []types.T, _ types.T) (CallFunc, error) {
		elem := at[1].Oid
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].Null {
				return types.Null, nil
			}
			x := arr(a[0])
			out := make([]types.Datum, len(x.Elems))
			for i, e := range x.Elems {
				if elemEq(elem, e, a[1]) {
					out[i] = a[2]
				} else {
					out[i] = e
				}
			}
			return types.ArrayDatum(&types.Array{Elem: x.Elem, Dims: x.Dims, Elems: out}), nil
		}, nil
	})
	defSRF("unnest", "anyarray", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return &sliceRows{vals: arr(a[0]).Elems}, nil
	})
	defSRF("generate_subscripts", "anyarray,int4", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return genSubscripts(arr(a[0]), a[1].I, false), nil
	})
	defSRF("generate_subscripts", "anyarray,int4,bool", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return genSubscripts(arr(a[0]), a[1].I, a[2].I != 0), nil
	})
	def("arraycontains", "anyarray,anyarray", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(arrayContains(arr(a[0]), arr(a[1]))), nil
	})
	def("arraycontained", "anyarray,anyarray", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(arrayContains(arr(a[1]), arr(a[0]))), nil
	})
	def("arrayoverlap", "anyarray,anyarray", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		x, y := arr(a[0]), arr(a[1])
		for _, e := range y.Elems {
			if !e.Null && hasElem(x, e) {
				return types.Bool(true), nil
			}
		}
		return types.Bool(false), nil
	})
}

func hasElem(x *types.Array, e types.Datum) bool {
	t := types.Of(x.Elem)
	for _, f := range x.Elems {
		if !f.Null && types.Equal(t, f, e) {
			return true
		}
	}
	return false
}

// arrayContains reports whether every element of y is in x (NULLs never
// match).
func arrayContains(x, y *types.Array) bool {
	for _, e := range y.Elems {
		if e.Null || !hasElem(x, e) {
			return false
		}
	}
	return true
}

// arrayAdd appends (or prepends) one element to a one-dimensional array.
func arrayAdd(elem types.Oid, a, e types.Datum, front bool) (types.Datum, error) {
	if a.Null {
		return types.ArrayDatum(types.NewArray(elem, []types.Datum{e})), nil
	}
	x := arr(a)
	if x.NDim() > 1 {
		return types.Datum{}, pgerr.New("22000", "argument must be empty or one-dimensional array")
	}
	out := make([]types.Datum, 0, len(x.Elems)+1)
	lower := lowerBound(x)
	if front {
		out = append(append(out, e), x.Elems...)
	} else {
		out = append(append(out, x.Elems...), e)
	}
	return types.ArrayDatum(&types.Array{Elem: elem, Dims: []types.ArrayDim{{Len: int32(len(out)), Lower: int32(lower)}}, Elems: out}), nil
}

func arrayCat(_ *Ctx, a []types.Datum) (types.Datum, error) {
	switch {
	case a[0].Null:
		return a[1], nil
	case a[1].Null:
		return a[0], nil
	}
	x, y := arr(a[0]), arr(a[1])
	switch {
	case y.NDim() == 0:
		return a[0], nil
	case x.NDim() == 0:
		return a[1], nil
	}
	if x.NDim() == y.NDim() {
		for i := 1; i < x.NDim(); i++ {
			if x.Dims[i].Len != y.Dims[i].Len {
				return types.Datum{}, errCatDims()
			}
		}
		dims := append([]types.ArrayDim(nil), x.Dims...)
		dims[0].Len += y.Dims[0].Len
		return types.ArrayDatum(&types.Array{Elem: x.Elem, Dims: dims, Elems: append(append([]types.Datum(nil), x.Elems...), y.Elems...)}), nil
	}
	// One more dimension on one side: the other is one more element of it.
	if x.NDim() == y.NDim()+1 {
		if !sameSub(x.Dims[1:], y.Dims) {
			return types.Datum{}, errCatDimsOf()
		}
		dims := append([]types.ArrayDim(nil), x.Dims...)
		dims[0].Len++
		return types.ArrayDatum(&types.Array{Elem: x.Elem, Dims: dims, Elems: append(append([]types.Datum(nil), x.Elems...), y.Elems...)}), nil
	}
	if y.NDim() == x.NDim()+1 {
		if !sameSub(y.Dims[1:], x.Dims) {
			return types.Datum{}, errCatDimsOf()
		}
		dims := append([]types.ArrayDim(nil), y.Dims...)
		dims[0].Len++
		return types.ArrayDatum(&types.Array{Elem: y.Elem, Dims: dims, Elems: append(append([]types.Datum(nil), x.Elems...), y.Elems...)}), nil
	}
	return types.Datum{}, pgerr.New(codeArraySubscript, "cannot concatenate incompatible arrays").
		WithDetail("Arrays of %d and %d dimensions are not compatible for concatenation.", x.NDim(), y.NDim())
}

func sameSub(a, b []types.ArrayDim) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Len != b[i].Len {
			return false
		}
	}
	return true
}

func errCatDims() error {
	return pgerr.New(codeArraySubscript, "cannot concatenate incompatible arrays").
		WithDetail("Arrays with differing element dimensions are not compatible for concatenation.")
}

// errCatDimsOf is the error for an element array whose dimensions are not
// those of the other array's elements.
func errCatDimsOf() error {
	return pgerr.New(codeArraySubscript, "cannot concatenate incompatible arrays").
		WithDetail("Arrays with differing dimensions are not compatible for concatenation.")
}

func arrayPosition(elem types.Oid, a []types.Datum, all bool) (types.Datum, error) {
	if a[0].Null {
		return types.Null, nil
	}
	x := arr(a[0])
	if x.NDim() > 1 {
		return types.Datum{}, pgerr.New(codeFeatureNotSupported, "searching for elements in multidimensional arrays is not supported")
	}
	lb := lowerBound(x)
	start := 0
	if len(a) > 2 {
		if a[2].Null {
			return types.Datum{}, pgerr.New(codeNullNotAllowed, "initial position must not be null")
		}
		start = int(a[2].I - lb)
		if start < 0 {
			start = 0
		}
	}
	var found []types.Datum
	for i := start; i < len(x.Elems); i++ {
		if elemEq(elem, x.Elems[i], a[1]) {
			if !all {
				return i64(lb + int64(i)), nil
			}
			found = append(found, i64(lb+int64(i)))
		}
	}
	if all {
		return types.ArrayDatum(types.NewArray(types.Int4Oid, found)), nil
	}
	return types.Null, nil
}

func genSubscripts(x *types.Array, dim int64, rev bool) Rows {
	if dim < 1 || dim > int64(x.NDim()) {
		return &sliceRows{}
	}
	d := x.Dims[dim-1]
	vals := make([]types.Datum, d.Len)
	for i := range vals {
		v := int64(d.Lower) + int64(i)
		if rev {
			v = int64(d.Lower) + int64(d.Len) - 1 - int64(i)
		}
		vals[i] = i64(v)
	}
	return &sliceRows{vals: vals}
}
