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

func (e *Const) Type() types.T                     { return e.T }
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
