package expr

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// Frame is what an expression is evaluated against.
type Frame struct {
	Row    []types.Datum // the current input row
	Outer  *Frame        // the enclosing query's frame, for Var.Level > 0
	Params []types.Datum // bound parameters $1..$n
	Ctx    *funcs.Ctx    // session and transaction context for functions
	Sub    SubPlanRunner // runs sub-queries (SubLink)

	caseValue types.Datum // the subject of the innermost simple CASE
}

// SubPlanRunner runs a sub-query's plan with f as its outer frame and
// calls yield for each row until yield returns false.
type SubPlanRunner interface {
	RunSubPlan(plan any, f *Frame, yield func(row []types.Datum) (bool, error)) error
}

// level returns the frame n levels out.
func (f *Frame) level(n int) *Frame {
	for ; n > 0 && f != nil; n-- {
		f = f.Outer
	}
	return f
}
