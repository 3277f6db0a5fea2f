package expr

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// When is one WHEN cond THEN result of a CASE.
type When struct {
	Cond   Expr // a boolean; for CASE x WHEN v it is x = v with x a CaseTestValue
	Result Expr
}

// Case is a searched CASE (a simple CASE is rewritten to one by the
// analyzer, its subject evaluated once through Subject).
type Case struct {
	Subject Expr // nil for a searched CASE
	Whens   []When
	Else    Expr // never nil: the analyzer supplies a NULL constant
	T       types.T
}

func (e *Case) Type() types.T { return e.T }
func (e *Case) Eval(f *Frame) (types.Datum, error) {
	if e.Subject != nil {
		v, err := e.Subject.Eval(f)
		if err != nil {
			return v, err
		}
		saved := f.caseValue
		f.caseValue = v
		defer func() { f.caseValue = saved }()
	}
	for _, w := range e.Whens {
		c, err := w.Cond.Eval(f)
		if err != nil {
			return c, err
		}
		if !c.Null && c.I != 0 {
			return w.Result.Eval(f)
		}
	}
	return e.Else.Eval(f)
}

// CaseTestValue stands for the subject of a simple CASE inside its WHEN
// comparisons.
type CaseTestValue struct{ T types.T }

func (e *CaseTestValue) Type() types.T                      { return e.T }
func (e *CaseTestValue) Eval(f *Frame) (types.Datum, error) { return f.caseValue, nil }

// Coalesce returns its first non-NULL argument.
type Coalesce struct {
	Args []Expr
	T    types.T
}

func (e *Coalesce) Type() types.T { return e.T }
func (e *Coalesce) Eval(f *Frame) (types.Datum, error) {
	for _, a := range e.Args {
		v, err := a.Eval(f)
		if err != nil || !v.Null {
			return v, err
		}
	}
	return types.Null, nil
}

// NullIf is NULLIF(a, b): NULL when a = b, else a. Eq is the resolved
// equality, already coercing both sides.
type NullIf struct {
	Eq *Call
	T  types.T
}

func (e *NullIf) Type() types.T { return e.T }
func (e *NullIf) Eval(f *Frame) (types.Datum, error) {
	a, err := e.Eq.Args[0].Eval(f)
	if err != nil || a.Null {
		return a, err
	}
	eq, err := e.Eq.Eval(f)
	if err != nil {
		return eq, err
	}
	if !eq.Null && eq.I != 0 {
		return types.Null, nil
	}
	return a, nil
}

// MinMax is GREATEST or LEAST: NULLs are ignored.
type MinMax struct {
	Greatest bool
	Args     []Expr
	T        types.T
}

func (e *MinMax) Type() types.T { return e.T }
func (e *MinMax) Eval(f *Frame) (types.Datum, error) {
	best := types.Null
	for _, a := range e.Args {
		v, err := a.Eval(f)
		if err != nil {
			return v, err
		}
		if v.Null {
			continue
		}
		if best.Null {
			best = v
			continue
		}
		c := types.Compare(e.T, v, best)
		if (e.Greatest && c > 0) || (!e.Greatest && c < 0) {
			best = v
		}
	}
	return best, nil
}

// Distinct is a IS [NOT] DISTINCT FROM b: NULLs compare as equal values.
// Eq is the resolved equality of the two sides.
type Distinct struct {
	Eq  *Call
	Not bool // IS NOT DISTINCT FROM
}

func (e *Distinct) Type() types.T { return boolT }
func (e *Distinct) Eval(f *Frame) (types.Datum, error) {
	a, err := e.Eq.Args[0].Eval(f)
	if err != nil {
		return a, err
	}
	b, err := e.Eq.Args[1].Eval(f)
	if err != nil {
		return b, err
	}
	var same bool
	switch {
	case a.Null || b.Null:
		same = a.Null && b.Null
	default:
		r, err := e.Eq.Fn.Call(f.Ctx, []types.Datum{a, b})
		if err != nil {
			return r, err
		}
		same = !r.Null && r.I != 0
	}
	return types.Bool(same == e.Not), nil
}

// InList is x [NOT] IN (a, b, ...) with one resolved equality per item
// (each Call's first argument is the shared left side, evaluated once).
type InList struct {
	Left  Expr
	Items []*Call // Items[i].Args = [left placeholder, item]
	Not   bool
}

func (e *InList) Type() types.T { return boolT }
func (e *InList) Eval(f *Frame) (types.Datum, error) {
	l, err := e.Left.Eval(f)
	if err != nil {
		return l, err
	}
	if l.Null {
		return types.Null, nil
	}
	sawNull := false
	args := []types.Datum{l, {}}
	for _, it := range e.Items {
		r, err := it.Args[1].Eval(f)
		if err != nil {
			return r, err
		}
		if r.Null {
			sawNull = true
			continue
		}
		args[0], args[1] = l, r
		v, err := it.Fn.Call(f.Ctx, args)
		if err != nil {
			return v, err
		}
		if v.Null {
			sawNull = true
		} else if v.I != 0 {
			return types.Bool(!e.Not), nil
		}
	}
	if sawNull {
		return types.Null, nil
	}
	return types.Bool(e.Not), nil
}

// Raise is an expression that fails when evaluated (CASE without a match
// in PL contexts, or constant errors found while folding that must only
// fire if reached).
type Raise struct {
	Err *pgerr.Error
	T   types.T
}

func (e *Raise) Type() types.T                    { return e.T }
func (e *Raise) Eval(*Frame) (types.Datum, error) { return types.Null, e.Err }

// RowCompare is ROW(a, b, ...) < <= > >= ROW(c, d, ...): the fields are
// compared in order with Cmps (each field's resolved operator, whose
// arguments are the two fields); the first pair that is not equal by its
// Eqs function decides, a NULL field before that makes the result NULL,
// and rows equal throughout satisfy only <= and >=.
type RowCompare struct {
	Cmps    []*Call
	Eqs     []*funcs.Func
	OrEqual bool // <= or >=
}

func (e *RowCompare) Type() types.T { return boolT }
func (e *RowCompare) Eval(f *Frame) (types.Datum, error) {
	args := make([]types.Datum, 2)
	for i, c := range e.Cmps {
		a, err := c.Args[0].Eval(f)
		if err != nil {
			return a, err
		}
		b, err := c.Args[1].Eval(f)
		if err != nil {
			return b, err
		}
		if a.Null || b.Null {
			return types.Null, nil
		}
		args[0], args[1] = a, b
		eq, err := e.Eqs[i].Call(f.Ctx, args)
		if err != nil {
			return eq, err
		}
		if !eq.Null && eq.I != 0 {
			continue
		}
		return c.Fn.Call(f.Ctx, args)
	}
	return types.Bool(e.OrEqual), nil
}
