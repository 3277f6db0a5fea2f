package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
)

// nodeRefsOuter reports whether plan n refers to a frame more than depth
// levels out of it: whether a sub-query is correlated. Inside n, a nested
// loop's right side and a sub-query's plan are one level deeper. When in
// doubt (an expression or node kind it does not know) it says yes, which
// only costs re-running the sub-query.
func nodeRefsOuter(n plan.Node, depth int) bool {
	switch n := n.(type) {
	case *plan.SeqScan:
		return exprRefsOuter(n.Qual, depth) || exprRefsOuter(n.TID, depth)
	case *plan.IndexScan:
		return exprsRefOuter(n.Eq, depth) || exprRefsOuter(n.Lower, depth) || exprRefsOuter(n.Upper, depth) || exprRefsOuter(n.Qual, depth)
	case *plan.Values:
		for _, r := range n.Rows {
			if exprsRefOuter(r, depth) {
				return true
			}
		}
		return false
	case *plan.Filter:
		return exprRefsOuter(n.Qual, depth) || nodeRefsOuter(n.Input, depth)
	case *plan.Project:
		return exprsRefOuter(n.Exprs, depth) || nodeRefsOuter(n.Input, depth)
	case *plan.NestLoop:
		// Only a parameterised loop pushes the left row as Right's outer frame.
		rd := depth
		if n.Param {
			rd++
		}
		return nodeRefsOuter(n.Left, depth) || nodeRefsOuter(n.Right, rd) || exprRefsOuter(n.Qual, depth)
	case *plan.HashJoin:
		return nodeRefsOuter(n.Left, depth) || nodeRefsOuter(n.Right, depth) || exprsRefOuter(n.LeftKeys, depth) ||
			exprsRefOuter(n.RightKeys, depth) || exprRefsOuter(n.Qual, depth)
	case *plan.MergeJoin:
		return nodeRefsOuter(n.Left, depth) || nodeRefsOuter(n.Right, depth) || exprsRefOuter(n.LeftKeys, depth) ||
			exprsRefOuter(n.RightKeys, depth) || exprRefsOuter(n.Qual, depth)
	case *plan.Sort:
		return sortKeysRefOuter(n.Keys, depth) || nodeRefsOuter(n.Input, depth)
	case *plan.Limit:
		return exprRefsOuter(n.Offset, depth) || exprRefsOuter(n.Count, depth) || sortKeysRefOuter(n.TiesKeys, depth) || nodeRefsOuter(n.Input, depth)
	case *plan.Agg:
		if exprsRefOuter(n.GroupKeys, depth) || nodeRefsOuter(n.Input, depth) {
			return true
		}
		for i := range n.Aggs {
			a := &n.Aggs[i]
			if exprsRefOuter(a.Args, depth) || exprRefsOuter(a.Filter, depth) || sortKeysRefOuter(a.OrderBy, depth) {
				return true
			}
		}
		return false
	case *plan.Distinct:
		return nodeRefsOuter(n.Input, depth)
	case *plan.SetOp:
		return nodeRefsOuter(n.Left, depth) || nodeRefsOuter(n.Right, depth)
	case *plan.FunctionScan:
		for _, f := range n.More {
			if exprsRefOuter(f.Args, depth) {
				return true
			}
		}
		return exprsRefOuter(n.Args, depth)
	case *plan.Window:
		if nodeRefsOuter(n.Input, depth) || exprsRefOuter(n.PartitionBy, depth) || sortKeysRefOuter(n.OrderBy, depth) {
			return true
		}
		for i := range n.Funcs {
			w := &n.Funcs[i]
			if exprsRefOuter(w.Args, depth) || exprRefsOuter(w.Filter, depth) ||
				exprRefsOuter(w.Frame.StartOffset, depth) || exprRefsOuter(w.Frame.EndOffset, depth) {
				return true
			}
		}
		return false
	case *plan.Materialize:
		return nodeRefsOuter(n.Input, depth)
	case *plan.RecursiveUnion:
		return nodeRefsOuter(n.Seed, depth) || nodeRefsOuter(n.Step, depth)
	case *plan.WorkTableScan:
		return false
	}
	return true
}

func sortKeysRefOuter(keys []plan.SortKey, depth int) bool {
	for _, k := range keys {
		if exprRefsOuter(k.Expr, depth) {
			return true
		}
	}
	return false
}

func exprsRefOuter(es []expr.Expr, depth int) bool {
	for _, e := range es {
		if exprRefsOuter(e, depth) {
			return true
		}
	}
	return false
}

func exprRefsOuter(e expr.Expr, depth int) bool {
	switch e := e.(type) {
	case nil:
		return false
	case *expr.Var:
		return e.Level > depth
	case *expr.Const, *expr.Param, *expr.CaseTestValue, *expr.Raise:
		return false
	case *expr.Call:
		return exprsRefOuter(e.Args, depth)
	case *expr.Cast:
		return exprRefsOuter(e.Arg, depth)
	case *expr.And:
		return exprsRefOuter(e.Args, depth)
	case *expr.Or:
		return exprsRefOuter(e.Args, depth)
	case *expr.Not:
		return exprRefsOuter(e.Arg, depth)
	case *expr.IsNull:
		return exprRefsOuter(e.Arg, depth)
	case *expr.BoolTest:
		return exprRefsOuter(e.Arg, depth)
	case *expr.Coalesce:
		return exprsRefOuter(e.Args, depth)
	case *expr.MinMax:
		return exprsRefOuter(e.Args, depth)
	case *expr.NullIf:
		return exprRefsOuter(e.Eq, depth)
	case *expr.Distinct:
		return exprRefsOuter(e.Eq, depth)
	case *expr.RowCompare:
		for _, c := range e.Cmps {
			if exprRefsOuter(c, depth) {
				return true
			}
		}
		return false
	case *expr.InList:
		if exprRefsOuter(e.Left, depth) {
			return true
		}
		for _, it := range e.Items {
			if exprRefsOuter(it, depth) {
				return true
			}
		}
		return false
	case *expr.Case:
		if exprRefsOuter(e.Subject, depth) || exprRefsOuter(e.Else, depth) {
			return true
		}
		for _, w := range e.Whens {
			if exprRefsOuter(w.Cond, depth) || exprRefsOuter(w.Result, depth) {
				return true
			}
		}
		return false
	case *expr.ArrayCtor:
		return exprsRefOuter(e.Elems, depth)
	case *expr.RowCtor:
		return exprsRefOuter(e.Fields, depth)
	case *expr.ArrayOp:
		// Test compares Left with each element through a placeholder.
		return exprRefsOuter(e.Left, depth) || exprRefsOuter(e.Array, depth)
	case *expr.Subscript:
		return exprRefsOuter(e.Arr, depth) || exprRefsOuter(e.Index, depth)
	case *expr.ArraySub:
		return exprRefsOuter(e.Arr, depth) || exprsRefOuter(e.Lower, depth) || exprsRefOuter(e.Upper, depth)
	case *expr.SubLink:
		// Test reads the sub-query's row through a placeholder and Left,
		// which is checked here.
		if exprRefsOuter(e.Left, depth) {
			return true
		}
		switch p := e.Plan.(type) {
		case *plan.Query:
			return nodeRefsOuter(p.Root, depth+1)
		case plan.Node:
			return nodeRefsOuter(p, depth+1)
		}
		return true
	}
	return true
}

// columnsRead returns which of the input row's ncols columns e reads (its
// Level 0 Vars), or nil when it cannot tell (an expression kind it does
// not know, a sub-query) or e reads them all.
func columnsRead(e expr.Expr, ncols int) []bool {
	if e == nil {
		return nil
	}
	cols := make([]bool, ncols)
	if !markVars(e, cols) {
		return nil
	}
	for _, c := range cols {
		if !c {
			return cols
		}
	}
	return nil
}

func markVarsList(es []expr.Expr, cols []bool) bool {
	for _, e := range es {
		if !markVars(e, cols) {
			return false
		}
	}
	return true
}

// markVars sets cols[i] for every Var{Level: 0, Index: i} in e; false
// means e holds something it does not know.
func markVars(e expr.Expr, cols []bool) bool {
	switch e := e.(type) {
	case nil:
		return true
	case *expr.Var:
		if e.Level == 0 {
			if e.Index < 0 || e.Index >= len(cols) {
				return false
			}
			cols[e.Index] = true
		}
		return true
	case *expr.Const, *expr.Param, *expr.CaseTestValue, *expr.Raise:
		return true
	case *expr.Call:
		return markVarsList(e.Args, cols)
	case *expr.Cast:
		return markVars(e.Arg, cols)
	case *expr.And:
		return markVarsList(e.Args, cols)
	case *expr.Or:
		return markVarsList(e.Args, cols)
	case *expr.Not:
		return markVars(e.Arg, cols)
	case *expr.IsNull:
		return markVars(e.Arg, cols)
	case *expr.BoolTest:
		return markVars(e.Arg, cols)
	case *expr.Coalesce:
		return markVarsList(e.Args, cols)
	case *expr.MinMax:
		return markVarsList(e.Args, cols)
	case *expr.NullIf:
		return e.Eq != nil && markVars(e.Eq, cols)
	case *expr.Distinct:
		return e.Eq != nil && markVars(e.Eq, cols)
	case *expr.RowCompare:
		for _, c := range e.Cmps {
			if !markVars(c, cols) {
				return false
			}
		}
		return true
	case *expr.InList:
		if !markVars(e.Left, cols) {
			return false
		}
		for _, it := range e.Items {
			if it == nil || !markVars(it, cols) {
				return false
			}
		}
		return true
	case *expr.ArrayCtor:
		return markVarsList(e.Elems, cols)
	case *expr.RowCtor:
		return markVarsList(e.Fields, cols)
	case *expr.ArrayOp:
		return markVars(e.Left, cols) && markVars(e.Array, cols)
	case *expr.Subscript:
		return markVars(e.Arr, cols) && markVars(e.Index, cols)
	case *expr.ArraySub:
		return markVars(e.Arr, cols) && markVarsList(e.Lower, cols) && markVarsList(e.Upper, cols)
	case *expr.Case:
		if !markVars(e.Subject, cols) || !markVars(e.Else, cols) {
			return false
		}
		for _, w := range e.Whens {
			if !markVars(w.Cond, cols) || !markVars(w.Result, cols) {
				return false
			}
		}
		return true
	}
	return false
}
