package expr

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Expr is a typed expression.
type Expr interface {
	Type() types.T
	Eval(f *Frame) (types.Datum, error)
}

// Const is a constant.
type Const struct {
	T     types.T
	Value types.Datum
}

func (e *Const) Type() types.T                    { return e.T }
func (e *Const) Eval(*Frame) (types.Datum, error) { return e.Value, nil }

// Param is $n (Index is n-1).
type Param struct {
	Index int
	T     types.T
}

func (e *Param) Type() types.T { return e.T }
func (e *Param) Eval(f *Frame) (types.Datum, error) {
	if e.Index >= len(f.Params) {
		return types.Null, pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", e.Index+1)
	}
	return f.Params[e.Index], nil
}

// Var is a column of the input row Level query levels out (0: this one).
type Var struct {
	Level int
	Index int
	T     types.T
	Name  string // for messages and EXPLAIN
}

func (e *Var) Type() types.T { return e.T }
func (e *Var) Eval(f *Frame) (types.Datum, error) {
	if e.Level > 0 {
		f = f.level(e.Level)
	}
	return f.Row[e.Index], nil
}

// Call is a function or operator application.
type Call struct {
	Fn      *funcs.Func
	Args    []Expr
	T       types.T
	Op      string // operator name when written as an operator, for messages
	scratch []types.Datum
}

// NewCall builds a call node.
func NewCall(fn *funcs.Func, args []Expr, t types.T) *Call {
	return &Call{Fn: fn, Args: args, T: t, scratch: make([]types.Datum, len(args))}
}

func (e *Call) Type() types.T { return e.T }
func (e *Call) Eval(f *Frame) (types.Datum, error) {
	args := e.scratch
	if len(args) != len(e.Args) {
		args = make([]types.Datum, len(e.Args))
		e.scratch = args
	}
	for i, a := range e.Args {
		v, err := a.Eval(f)
		if err != nil {
			return types.Null, err
		}
		if v.Null && e.Fn.Strict {
			return types.Null, nil
		}
		args[i] = v
	}
	return e.Fn.Call(f.Ctx, args)
}

// Cast converts its argument's value from one type to another (a cast
// function, an I/O conversion or a typmod coercion).
type Cast struct {
	Arg      Expr
	To       types.T
	Explicit bool
}

func (e *Cast) Type() types.T { return e.To }
func (e *Cast) Eval(f *Frame) (types.Datum, error) {
	v, err := e.Arg.Eval(f)
	if err != nil || v.Null {
		return v, err
	}
	return types.Cast(v, e.Arg.Type(), e.To, e.Explicit, f.Ctx.Env)
}

// ArrayCtor is ARRAY[...]: its elements' values as a one-dimensional array
// (or, when the elements are arrays themselves, one more dimension).
type ArrayCtor struct {
	Elems []Expr
	T     types.T // the array type
}

func (e *ArrayCtor) Type() types.T { return e.T }
func (e *ArrayCtor) Eval(f *Frame) (types.Datum, error) {
	vals := make([]types.Datum, len(e.Elems))
	for i, x := range e.Elems {
		v, err := x.Eval(f)
		if err != nil {
			return v, err
		}
		vals[i] = v
	}
	elem := types.ElemType(e.T.Oid)
	if len(e.Elems) > 0 && e.Elems[0].Type().Oid == e.T.Oid {
		return nestArrays(elem, vals)
	}
	return types.ArrayDatum(types.NewArray(elem, vals)), nil
}

// nestArrays builds ARRAY[[...], [...]]: one more dimension over
// sub-arrays that must all have the same dimensions.
func nestArrays(elem types.Oid, subs []types.Datum) (types.Datum, error) {
	var dims []types.ArrayDim
	var elems []types.Datum
	for i, s := range subs {
		if s.Null {
			return types.Null, pgerr.New(pgerr.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
		}
		a, _ := s.P.(*types.Array)
		if a == nil {
			return types.Null, pgerr.New(pgerr.InternalError, "array element is not an array")
		}
		if i == 0 {
			dims = append([]types.ArrayDim{{Len: int32(len(subs)), Lower: 1}}, a.Dims...)
		} else if !sameDims(dims[1:], a.Dims) {
			return types.Null, pgerr.New(pgerr.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
		}
		elems = append(elems, a.Elems...)
	}
	if len(elems) == 0 {
		return types.ArrayDatum(types.NewArray(elem, nil)), nil
	}
	return types.ArrayDatum(&types.Array{Elem: elem, Dims: dims, Elems: elems}), nil
}

func sameDims(a, b []types.ArrayDim) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// RowCtor is ROW(...): a record of its fields.
type RowCtor struct {
	Fields []Expr
	T      types.T
	Names  []string // field names of a whole-row reference; nil for ROW(...)
}

func (e *RowCtor) Type() types.T { return e.T }
func (e *RowCtor) Eval(f *Frame) (types.Datum, error) {
	r := &types.Record{Types: make([]types.T, len(e.Fields)), Values: make([]types.Datum, len(e.Fields)), Names: e.Names}
	for i, x := range e.Fields {
		v, err := x.Eval(f)
		if err != nil {
			return v, err
		}
		r.Types[i], r.Values[i] = x.Type(), v
	}
	return types.RecordDatum(r), nil
}

// ArrayOp is left op ANY|ALL (array): the comparison Test applied to left
// and each element (Test's second argument is a placeholder).
type ArrayOp struct {
	Test  *Call
	Left  Expr
	Array Expr
	All   bool
}

func (e *ArrayOp) Type() types.T { return boolT }
func (e *ArrayOp) Eval(f *Frame) (types.Datum, error) {
	l, err := e.Left.Eval(f)
	if err != nil {
		return l, err
	}
	a, err := e.Array.Eval(f)
	if err != nil || a.Null {
		return types.Null, err
	}
	arr, _ := a.P.(*types.Array)
	if arr == nil || len(arr.Elems) == 0 {
		return types.Bool(e.All), nil
	}
	if l.Null {
		return types.Null, nil
	}
	sawNull := false
	args := make([]types.Datum, 2)
	for _, x := range arr.Elems {
		if x.Null {
			sawNull = true
			continue
		}
		args[0], args[1] = l, x
		v, err := e.Test.Fn.Call(f.Ctx, args)
		if err != nil {
			return v, err
		}
		switch {
		case v.Null:
			sawNull = true
		case (v.I != 0) != e.All:
			return types.Bool(!e.All), nil
		}
	}
	if sawNull {
		return types.Null, nil
	}
	return types.Bool(e.All), nil
}

// Subscript is arr[i] on a one-dimensional view of an array (NULL when out
// of bounds).
type Subscript struct {
	Arr   Expr
	Index Expr
	T     types.T
}

func (e *Subscript) Type() types.T { return e.T }
func (e *Subscript) Eval(f *Frame) (types.Datum, error) {
	a, err := e.Arr.Eval(f)
	if err != nil || a.Null {
		return types.Null, err
	}
	i, err := e.Index.Eval(f)
	if err != nil || i.Null {
		return types.Null, err
	}
	arr, _ := a.P.(*types.Array)
	if arr == nil || len(arr.Dims) == 0 {
		return types.Null, nil
	}
	pos := i.I - int64(arr.Dims[0].Lower)
	if pos < 0 || pos >= int64(len(arr.Elems)) {
		return types.Null, nil
	}
	return arr.Elems[pos], nil
}
