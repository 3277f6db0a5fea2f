package funcs

import "ringpg/backend/sql/types"

// Resolved is the outcome of ResolveFunc.
type Resolved struct {
	// Func is the chosen function. When it needs its argument types
	// (Func.Specialize) this is a copy made for this call whose Call is
	// the specialised implementation, so Func.Call is always the one to
	// run.
	Func *Func
	// ArgTypes has one entry per actual argument: the type it must be
	// coerced to before the call (equal to the argument's own type when
	// no coercion is needed; unknown literals get their resolved type).
	ArgTypes []types.T
	// Result is the concrete result type (polymorphism resolved).
	Result types.T
	// Call is the implementation to run for this call: Func.Call, or the
	// one Func.Specialize made for these argument types. Nil for
	// set-returning functions, aggregates and window functions.
	Call CallFunc
	// VariadicAt is the index of the first argument to pack into one
	// array of VariadicElem before calling, or -1 (no variadic array
	// parameter, VARIADIC "any", or the caller wrote VARIADIC itself).
	VariadicAt   int
	VariadicElem types.T
}

// ResolvedOp is the outcome of ResolveOperator.
type ResolvedOp struct {
	// Op is the chosen operator (a per-call copy when its function needs
	// the operand types, as for Resolved.Func).
	Op *Operator
	// Left and Right are the types the operands must be coerced to (Left
	// is meaningless for a prefix operator).
	Left, Right types.T
	// Result is the concrete result type.
	Result types.T
	// Call is the implementation (Op.Func.Call or its specialisation for
	// these operand types).
	Call CallFunc
}

// Prepare returns the implementation to use when the arguments marked in
// isConst are the constants in consts: Func.Prepare's specialisation when
// it has one, else r.Call. An error is what every call would raise.
func (r *Resolved) Prepare(consts []types.Datum, isConst []bool) (CallFunc, error) {
	if r.Func.Prepare != nil {
		f, err := r.Func.Prepare(consts, isConst)
		if err != nil || f != nil {
			return f, err
		}
	}
	return r.Call, nil
}

// Prepare is Resolved.Prepare for an operator.
func (r *ResolvedOp) Prepare(consts []types.Datum, isConst []bool) (CallFunc, error) {
	if r.Op.Func.Prepare != nil {
		f, err := r.Op.Func.Prepare(consts, isConst)
		if err != nil || f != nil {
			return f, err
		}
	}
	return r.Call, nil
}

// implFor returns the implementation of f for the given concrete types.
func implFor(f *Func, argTypes []types.T, result types.T) (CallFunc, error) {
	if f.Specialize != nil {
		return f.Specialize(argTypes, result)
	}
	return f.Call, nil
}

// Pack returns args with the arguments from VariadicAt on packed into one
// array of VariadicElem, as a variadic function receives them. Without a
// variadic array parameter it returns args unchanged.
func (r *Resolved) Pack(args []types.Datum) []types.Datum {
	if r.VariadicAt < 0 || r.VariadicAt > len(args) {
		return args
	}
	elems := append([]types.Datum(nil), args[r.VariadicAt:]...)
	out := append(args[:r.VariadicAt:r.VariadicAt], types.ArrayDatum(types.NewArray(r.VariadicElem.Oid, elems)))
	return out
}
