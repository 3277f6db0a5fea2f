package parser

// exprLocation returns the leftmost known location of an expression, as
// PostgreSQL's exprLocation does for raw parse trees, or -1.
func exprLocation(e Expr) int {
	switch n := e.(type) {
	case nil:
		return -1
	case *ColumnRef:
		return n.Location
	case *ParamRef:
		return n.Location
	case *AConst:
		return n.Location
	case *TypeCast:
		loc := leftmost(exprLocation(n.Arg), n.Type.Location)
		return leftmost(loc, n.Location)
	case *CollateExpr:
		return leftmost(n.Location, exprLocation(n.Arg))
	case *AExpr:
		return leftmost(n.Location, exprLocation(n.Left))
	case *InExpr:
		return leftmost(n.Location, exprLocation(n.Arg))
	case *LikeExpr:
		return leftmost(n.Location, exprLocation(n.Arg))
	case *BetweenExpr:
		return leftmost(n.Location, exprLocation(n.Arg))
	case *BoolExpr:
		if len(n.Args) > 0 {
			return leftmost(n.Location, exprLocation(n.Args[0]))
		}
		return n.Location
	case *NullTest:
		return leftmost(n.Location, exprLocation(n.Arg))
	case *BooleanTest:
		return leftmost(n.Location, exprLocation(n.Arg))
	case *SubLink:
		return leftmost(exprLocation(n.Test), n.Location)
	case *FuncCall:
		if len(n.Args) > 0 {
			return leftmost(n.Location, exprLocation(n.Args[0]))
		}
		return n.Location
	case *NamedArgExpr:
		return leftmost(n.Location, exprLocation(n.Arg))
	case *CaseExpr:
		return n.Location
	case *ArrayExpr:
		return n.Location
	case *RowExpr:
		return n.Location
	case *Indirection:
		return exprLocation(n.Arg)
	case *CoalesceExpr:
		return n.Location
	case *MinMaxExpr:
		return n.Location
	case *SQLValueFunction:
		return n.Location
	case *SetToDefault:
		return n.Location
	case *GroupingFunc:
		return n.Location
	case *GroupingSet:
		return n.Location
	}
	return -1
}

func leftmost(a, b int) int {
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	case a < b:
		return a
	}
	return b
}
