package expr

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// SubLinkKind is how a sub-query's rows become a value.
type SubLinkKind uint8

const (
	ExistsSubLink SubLinkKind = iota // EXISTS (q)
	AnySubLink                       // left op ANY (q), IN (q)
	AllSubLink                       // left op ALL (q)
	ExprSubLink                      // (q) as a scalar: NULL if no row, error if more than one
	ArraySubLink                     // ARRAY(q)
)

// SubLink evaluates a sub-query. For ANY and ALL, Test compares the outer
// value with each row's first column: its first argument is Left, its second
// a SubValue that reads the row.
type SubLink struct {
	Kind SubLinkKind
	Plan any // the sub-query's plan, run by Frame.Sub
	Left Expr
	Test *Call
	T    types.T
	// A row compared with a sub-query of several columns ((a, b) IN
	// (SELECT x, y ...)): Left is a RowCtor, Tests compare its fields with
	// the row's columns, and the row matches when all do (RowOr: when any
	// does, for <>).
	Tests []*Call
	RowOr bool
	// Col is the column an EXPR sub-query yields (UPDATE ... SET (a, b) =
	// (SELECT x, y ...) reads one column per target).
	Col int
	// NestArrays: ARRAY(q) of a query yielding arrays, which become the
	// sub-arrays of one more dimension (T is then their array type).
	NestArrays bool
}

func (e *SubLink) Type() types.T { return e.T }

func (e *SubLink) Eval(f *Frame) (types.Datum, error) {
	switch e.Kind {
	case ExistsSubLink:
		found := false
		err := f.Sub.RunSubPlan(e.Plan, f, func([]types.Datum) (bool, error) {
			found = true
			return false, nil
		})
		return types.Bool(found), err
	case ExprSubLink:
		result, n := types.Null, 0
		err := f.Sub.RunSubPlan(e.Plan, f, func(row []types.Datum) (bool, error) {
			n++
			if n > 1 {
				return false, pgerr.New(pgerr.CardinalityViolation, "more than one row returned by a subquery used as an expression")
			}
			result = row[e.Col]
			return true, nil
		})
		return result, err
	case ArraySubLink:
		var elems []types.Datum
		err := f.Sub.RunSubPlan(e.Plan, f, func(row []types.Datum) (bool, error) {
			elems = append(elems, row[0])
			return true, nil
		})
		if err != nil {
			return types.Null, err
		}
		if e.NestArrays {
			return accumArrays(types.ElemType(e.T.Oid), elems)
		}
		// e.T is the array type; the array records its element type.
		return types.Datum{P: types.NewArray(types.ElemType(e.T.Oid), elems)}, nil
	}
	return e.quantified(f)
}

// quantified evaluates ANY and ALL with SQL's NULL rules: ANY is true if
// some comparison is true, else NULL if some was NULL, else false; ALL the
// dual.
func (e *SubLink) quantified(f *Frame) (types.Datum, error) {
	any := e.Kind == AnySubLink
	left, err := e.Left.Eval(f)
	if err != nil {
		return left, err
	}
	decided, sawNull, rows := false, false, 0
	args := make([]types.Datum, 2)
	err = f.Sub.RunSubPlan(e.Plan, f, func(row []types.Datum) (bool, error) {
		rows++
		var v types.Datum
		if len(e.Tests) > 0 {
			var err error
			if v, err = e.rowTest(f, left, row, args); err != nil {
				return false, err
			}
		} else {
			if left.Null || row[0].Null {
				sawNull = true
				return true, nil
			}
			args[0], args[1] = left, row[0]
			var err error
			if v, err = e.Test.Fn.Call(f.Ctx, args); err != nil {
				return false, err
			}
		}
		switch {
		case v.Null:
			sawNull = true
		case (v.I != 0) == any:
			decided = true
			return false, nil
		}
		return true, nil
	})
	switch {
	case err != nil:
		return types.Null, err
	case decided:
		return types.Bool(any), nil
	case rows == 0:
		return types.Bool(!any), nil
	case sawNull:
		return types.Null, nil
	}
	return types.Bool(!any), nil
}

// rowTest compares the row value left with a sub-query row field by
// field: all must hold (any, with RowOr); NULL when that is unknown.
func (e *SubLink) rowTest(f *Frame, left types.Datum, row []types.Datum, args []types.Datum) (types.Datum, error) {
	rec := left.AsRecord()
	if rec == nil {
		return types.Null, nil
	}
	sawNull := false
	for i, t := range e.Tests {
		if rec.Values[i].Null || row[i].Null {
			sawNull = true
			continue
		}
		args[0], args[1] = rec.Values[i], row[i]
		v, err := t.Fn.Call(f.Ctx, args)
		if err != nil {
			return types.Null, err
		}
		switch {
		case v.Null:
			sawNull = true
		case (v.I != 0) == e.RowOr:
			return types.Bool(e.RowOr), nil
		}
	}
	if sawNull {
		return types.Null, nil
	}
	return types.Bool(!e.RowOr), nil
}

// accumArrays stacks the arrays of ARRAY(q) into one array of one more
// dimension, as PostgreSQL's array accumulation does.
func accumArrays(elem types.Oid, subs []types.Datum) (types.Datum, error) {
	if len(subs) == 0 {
		return types.ArrayDatum(types.NewArray(elem, nil)), nil
	}
	var dims []types.ArrayDim
	var elems []types.Datum
	for i, s := range subs {
		if s.Null {
			return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "cannot accumulate null arrays")
		}
		a, _ := s.P.(*types.Array)
		if a == nil || a.NDim() == 0 {
			return types.Null, pgerr.New(pgerr.ArraySubscriptError, "cannot accumulate empty arrays")
		}
		if i == 0 {
			dims = append([]types.ArrayDim{{Len: int32(len(subs)), Lower: 1}}, a.Dims...)
		} else if !sameDims(dims[1:], a.Dims) {
			return types.Null, pgerr.New(pgerr.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
		}
		elems = append(elems, a.Elems...)
	}
	return types.ArrayDatum(&types.Array{Elem: elem, Dims: dims, Elems: elems}), nil
}
