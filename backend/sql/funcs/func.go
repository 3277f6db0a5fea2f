package funcs

import "ringpg/backend/sql/types"

// CallFunc is a scalar implementation: it returns the function's value for
// one row of (already coerced) arguments.
type CallFunc func(c *Ctx, args []types.Datum) (types.Datum, error)

// Volatility classes, as pg_proc.provolatile.
const (
	Immutable byte = 'i'
	Stable    byte = 's'
	Volatile  byte = 'v'
)

// Kinds, as pg_proc.prokind.
const (
	KindFunc   byte = 'f'
	KindAgg    byte = 'a'
	KindWindow byte = 'w'
)

// Func is one pg_proc entry: a function, an aggregate or a window function.
// A *Func is immutable once registered.
type Func struct {
	Oid  uint32 // pg_proc.oid
	Name string // pg_proc.proname

	// Args are the declared parameter types (pg_proc.proargtypes); they may
	// be polymorphic (anyelement, anyarray, anynonarray, anycompatible...,
	// or "any").
	Args []types.Oid
	// Variadic is the element type of the last parameter when it is
	// VARIADIC (pg_proc.provariadic), types.AnyOid for VARIADIC "any",
	// 0 otherwise.
	Variadic types.Oid
	// Defaults is the number of trailing parameters that have defaults
	// (pg_proc.pronargdefaults). A call may omit them: Call then receives
	// fewer arguments than Args and supplies PostgreSQL's defaults itself.
	Defaults int
	// Result is the declared result type (pg_proc.prorettype), possibly
	// polymorphic; Resolved.Result has the concrete one. For a
	// set-returning function it is the type of one row (RecordOid when
	// the rows have several columns, described by Out).
	Result types.Oid
	// RetSet marks a set-returning function (pg_proc.proretset): it is run
	// through SRF, not Call.
	RetSet bool
	// Out names the output columns of a set-returning function whose rows
	// have several columns (jsonb_each: key, value). Empty otherwise.
	Out []Column

	Strict     bool // never called with a NULL argument (pg_proc.proisstrict)
	Volatility byte // Immutable, Stable or Volatile
	Kind       byte // KindFunc, KindAgg or KindWindow

	// Call computes a scalar function (Kind 'f', RetSet false).
	Call CallFunc
	// Specialize, when set, replaces Call for functions whose work
	// depends on the concrete argument types ("any" and polymorphic
	// parameters: concat, format, to_json, quote_literal). Resolution calls
	// it and puts the result in Resolved.Call.
	Specialize func(argTypes []types.T, result types.T) (CallFunc, error)
	// Prepare, when set, may be called at plan time with the arguments
	// that are constants (consts[i] is meaningful only when isConst[i]).
	// It returns an implementation specialised for them (a LIKE pattern
	// compiled once) or nil to keep Call. An error is the error every call
	// would raise (an invalid constant regular expression).
	Prepare func(consts []types.Datum, isConst []bool) (CallFunc, error)
	// SRF starts a set-returning function for one row of arguments.
	SRF func(c *Ctx, args []types.Datum) (Rows, error)
	// RecordSRF runs a function returning record (json_to_record, ...) in
	// FROM, whose columns the call's column definition list gives.
	RecordSRF func(c *Ctx, args []types.Datum, cols []Column, typs []types.T) (Rows, error)
	// Agg is set for aggregates (Kind 'a'), Win for window functions
	// (Kind 'w').
	Agg *Agg
	Win *Win

	shadow bool // a resolution-only entry (shadow_gen.go)
}

// Column is one output column of a multi-column set-returning function.
type Column struct {
	Name string
	Type types.Oid
}

// Rows is the output of a set-returning function, produced one row at a
// time. A row has one Datum, or len(Func.Out) of them. The slice returned
// by Next may be reused by the following call.
type Rows interface {
	// Next returns the next row, or ok=false when there are no more.
	Next(c *Ctx) (row []types.Datum, ok bool, err error)
}

// Operator is one pg_operator entry. It is implemented by Func, whose
// arguments are (Left, Right) for an infix operator and (Right) for a
// prefix one. An *Operator is immutable once registered.
type Operator struct {
	Oid    uint32    // pg_operator.oid
	Name   string    // "+", "=", "~~"...
	Left   types.Oid // 0 for a prefix operator
	Right  types.Oid
	Result types.Oid
	Func   *Func
	// Commutator and Negator name the operators (with the same operand
	// types, swapped for Commutator) that PostgreSQL records; "" when none.
	Commutator string
	Negator    string
}

// Prefix reports whether op is a prefix (unary) operator.
func (op *Operator) Prefix() bool { return op.Left == 0 }
