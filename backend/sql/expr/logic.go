package expr

import "ringpg/backend/sql/types"

var boolT = types.Of(types.BoolOid)

// And is a Kleene AND of its arguments: false wins over NULL.
type And struct{ Args []Expr }

func (e *And) Type() types.T { return boolT }
func (e *And) Eval(f *Frame) (types.Datum, error) {
	sawNull := false
	for _, a := range e.Args {
		v, err := a.Eval(f)
		if err != nil {
			return types.Null, err
		}
		if v.Null {
			sawNull = true
		} else if v.I == 0 {
			return types.Bool(false), nil
		}
	}
	if sawNull {
		return types.Null, nil
	}
	return types.Bool(true), nil
}

// Or is a Kleene OR of its arguments: true wins over NULL.
type Or struct{ Args []Expr }

func (e *Or) Type() types.T { return boolT }
func (e *Or) Eval(f *Frame) (types.Datum, error) {
	sawNull := false
	for _, a := range e.Args {
		v, err := a.Eval(f)
		if err != nil {
			return types.Null, err
		}
		if v.Null {
			sawNull = true
		} else if v.I != 0 {
			return types.Bool(true), nil
		}
	}
	if sawNull {
		return types.Null, nil
	}
	return types.Bool(false), nil
}

// Not negates a boolean; NOT NULL is NULL.
type Not struct{ Arg Expr }

func (e *Not) Type() types.T { return boolT }
func (e *Not) Eval(f *Frame) (types.Datum, error) {
	v, err := e.Arg.Eval(f)
	if err != nil || v.Null {
		return v, err
	}
	return types.Bool(v.I == 0), nil
}

// IsNull is expr IS [NOT] NULL. For a row value, IS NULL means every
// field is NULL and IS NOT NULL that none is, as the SQL standard says.
type IsNull struct {
	Arg Expr
	Not bool
}

func (e *IsNull) Type() types.T { return boolT }
func (e *IsNull) Eval(f *Frame) (types.Datum, error) {
	v, err := e.Arg.Eval(f)
	if err != nil {
		return v, err
	}
	if r, ok := v.P.(*types.Record); ok && !v.Null {
		all, none := true, true
		for _, x := range r.Values {
			if x.Null {
				none = false
			} else {
				all = false
			}
		}
		if e.Not {
			return types.Bool(none), nil
		}
		return types.Bool(all), nil
	}
	return types.Bool(v.Null != e.Not), nil
}

// BoolTestKind is the test of an IS [NOT] TRUE/FALSE/UNKNOWN.
type BoolTestKind uint8

const (
	IsTrue BoolTestKind = iota
	IsNotTrue
	IsFalse
	IsNotFalse
	IsUnknown
	IsNotUnknown
)

// BoolTest is expr IS [NOT] TRUE|FALSE|UNKNOWN; never NULL.
type BoolTest struct {
	Arg  Expr
	Test BoolTestKind
}

func (e *BoolTest) Type() types.T { return boolT }
func (e *BoolTest) Eval(f *Frame) (types.Datum, error) {
	v, err := e.Arg.Eval(f)
	if err != nil {
		return v, err
	}
	var r bool
	switch e.Test {
	case IsTrue:
		r = !v.Null && v.I != 0
	case IsNotTrue:
		r = v.Null || v.I == 0
	case IsFalse:
		r = !v.Null && v.I == 0
	case IsNotFalse:
		r = v.Null || v.I != 0
	case IsUnknown:
		r = v.Null
	case IsNotUnknown:
		r = !v.Null
	}
	return types.Bool(r), nil
}
