package funcs

import "ringpg/backend/sql/types"

// Resolved is the outcome of ResolveFunc.
type Resolved struct {
	Func *Func
	// ArgTypes has one entry per actual argument: the type it must be
	// coerced to before the call (equal to the argument's own type when
	// no coercion is needed; unknown literals get their resolved type).
	ArgTypes []types.T
	// Result is the concrete result type (polymorphism resolved).
	Result types.T
	// VariadicAt is the index of the first argument to pack into one
	// array of VariadicElem before calling, or -1 (no variadic array
	// parameter, VARIADIC "any", or the caller wrote VARIADIC itself).
	VariadicAt   int
	VariadicElem types.T
}

// ResolvedOp is the outcome of ResolveOperator.
type ResolvedOp struct {
	Op *Operator
	// Left and Right are the types the operands must be coerced to (Left
	// is meaningless for a prefix operator).
	Left, Right types.T
	// Result is the concrete result type.
	Result types.T
}
