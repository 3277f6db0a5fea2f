package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// mutate rewrites x bottom-up in place: fn sees each node first and may
// return a replacement (done=true stops descent into it). Trees being
// mutated were built by this analysis and are not shared yet.
func mutate(x expr.Expr, fn func(expr.Expr) (expr.Expr, bool)) expr.Expr {
	if x == nil {
		return nil
	}
	if r, done := fn(x); done {
		return r
	}
	m := func(e expr.Expr) expr.Expr { return mutate(e, fn) }
	switch n := x.(type) {
	case *expr.Call:
		for i := range n.Args {
			n.Args[i] = m(n.Args[i])
		}
	case *expr.Cast:
		n.Arg = m(n.Arg)
	case *expr.And:
		for i := range n.Args {
			n.Args[i] = m(n.Args[i])
		}
	case *expr.Or:
		for i := range n.Args {
			n.Args[i] = m(n.Args[i])
		}
	case *expr.Not:
		n.Arg = m(n.Arg)
	case *expr.IsNull:
		n.Arg = m(n.Arg)
	case *expr.BoolTest:
		n.Arg = m(n.Arg)
	case *expr.Case:
		if n.Subject != nil {
			n.Subject = m(n.Subject)
		}
		for i := range n.Whens {
			n.Whens[i].Cond = m(n.Whens[i].Cond)
			n.Whens[i].Result = m(n.Whens[i].Result)
		}
		n.Else = m(n.Else)
	case *expr.Coalesce:
		for i := range n.Args {
			n.Args[i] = m(n.Args[i])
		}
	case *expr.MinMax:
		for i := range n.Args {
			n.Args[i] = m(n.Args[i])
		}
	case *expr.NullIf:
		mutate(n.Eq, fn)
	case *expr.Distinct:
		mutate(n.Eq, fn)
	case *expr.RowCompare:
		for _, c := range n.Cmps {
			mutate(c, fn)
		}
	case *expr.InList:
		n.Left = m(n.Left)
		for _, it := range n.Items {
			it.Args[0] = n.Left
			it.Args[1] = m(it.Args[1])
		}
	case *expr.ArrayCtor:
		for i := range n.Elems {
			n.Elems[i] = m(n.Elems[i])
		}
	case *expr.RowCtor:
		for i := range n.Fields {
			n.Fields[i] = m(n.Fields[i])
		}
	case *expr.Subscript:
		n.Arr = m(n.Arr)
		n.Index = m(n.Index)
	case *expr.ArraySub:
		n.Arr = m(n.Arr)
		for i := range n.Lower {
			if n.Lower[i] != nil {
				n.Lower[i] = m(n.Lower[i])
			}
			if n.Upper[i] != nil {
				n.Upper[i] = m(n.Upper[i])
			}
		}
	case *expr.ArrayOp:
		n.Left = m(n.Left)
		n.Test.Args[0] = n.Left
		n.Array = m(n.Array)
	case *expr.SubLink:
		if n.Left != nil {
			n.Left = m(n.Left)
			if n.Test != nil {
				n.Test.Args[0] = n.Left
			}
		}
	case *retype:
		n.Expr = m(n.Expr)
	case *srfRef:
		// Its arguments are rewritten when the ProjectSet is built.
	}
	return x
}

// equalExpr reports whether two analysed expressions are the same
// computation (for matching GROUP BY expressions in the select list).
func equalExpr(a, b expr.Expr) bool {
	if a == b {
		return true
	}
	switch x := a.(type) {
	case *expr.Var:
		y, ok := b.(*expr.Var)
		return ok && x.Level == y.Level && x.Index == y.Index
	case *expr.Const:
		y, ok := b.(*expr.Const)
		if !ok || x.T != y.T || x.Value.Null != y.Value.Null {
			return false
		}
		return x.Value.Null || types.Equal(x.T, x.Value, y.Value)
	case *expr.Param:
		y, ok := b.(*expr.Param)
		return ok && x.Index == y.Index
	case *expr.Call:
		y, ok := b.(*expr.Call)
		if !ok || !sameFunc(x.Fn, y.Fn) || x.T != y.T || len(x.Args) != len(y.Args) {
			return false
		}
		for i := range x.Args {
			if !equalExpr(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	case *expr.Cast:
		y, ok := b.(*expr.Cast)
		return ok && x.To == y.To && equalExpr(x.Arg, y.Arg)
	case *expr.Coalesce:
		y, ok := b.(*expr.Coalesce)
		if !ok || x.T != y.T || len(x.Args) != len(y.Args) {
			return false
		}
		for i := range x.Args {
			if !equalExpr(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	case *expr.IsNull:
		y, ok := b.(*expr.IsNull)
		return ok && x.Not == y.Not && equalExpr(x.Arg, y.Arg)
	case *expr.BoolTest:
		y, ok := b.(*expr.BoolTest)
		return ok && x.Test == y.Test && equalExpr(x.Arg, y.Arg)
	case *expr.Not:
		y, ok := b.(*expr.Not)
		return ok && equalExpr(x.Arg, y.Arg)
	case *expr.And:
		y, ok := b.(*expr.And)
		return ok && equalExprs(x.Args, y.Args)
	case *expr.Or:
		y, ok := b.(*expr.Or)
		return ok && equalExprs(x.Args, y.Args)
	case *srfRef:
		// The same call with the same arguments (GROUP BY unnest(a)
		// naming the select list's unnest(a)), as PostgreSQL's equal().
		y, ok := b.(*srfRef)
		return ok && x.fn.Oid == y.fn.Oid && x.t == y.t && x.field == y.field && equalExprs(x.args, y.args)
	case *aggRef, *winRef:
		return a == b
	}
	return false
}

// equalExprs reports whether two lists hold the same computations in order.
func equalExprs(a, b []expr.Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equalExpr(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameFunc reports whether two calls run the same function: a call
// specialised for its constant arguments (specialize) holds a copy of the
// registry's entry, so identity is the oid (or, for functions registered
// without one, the name).
func sameFunc(a, b *funcs.Func) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	if a.Oid != 0 || b.Oid != 0 {
		return a.Oid == b.Oid
	}
	return a.Name == b.Name
}

// hasVarAtLevel0 reports a column reference of this query level that is
// left in x (used to find ungrouped columns).
func firstLevel0Var(x expr.Expr) *expr.Var {
	var found *expr.Var
	walk(x, func(e expr.Expr) bool {
		if v, ok := e.(*expr.Var); ok && v.Level == 0 && found == nil {
			found = v
		}
		return found == nil
	})
	return found
}
