package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
)

// MergeJoin joins two inputs that are both sorted ascending, NULLs last,
// on their keys (LeftKeys on Left, RightKeys on Right, compared as
// KeyTypes): it walks them together, matching each left row with the
// group of right rows of equal keys. Qual is the rest of the join
// condition. Every join kind is supported.
type MergeJoin struct {
	Kind      JoinKind
	Left      Node
	Right     Node
	LeftKeys  []expr.Expr
	RightKeys []expr.Expr
	KeyTypes  []types.T
	Qual      expr.Expr
	Cols      []Column
}

func (n *MergeJoin) Columns() []Column { return n.Cols }
