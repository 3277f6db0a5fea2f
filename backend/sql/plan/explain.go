package plan

import (
	"fmt"
	"strings"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// Explain renders a plan as EXPLAIN (COSTS OFF) does: one line per node,
// named as PostgreSQL names its nodes, indented under its parent with
// "->", with the node's conditions below it. Expressions are printed in a
// readable SQL-like form; their spelling is not PostgreSQL's deparse.
func Explain(q *Query) []string {
	e := &explainer{}
	e.node(q.Root, 0, "")
	return e.lines
}

type explainer struct {
	lines   []string
	pending []string // details of a Filter, printed under the node it filters
}

// line adds a node's line (first) or one of its detail lines, indented
// as PostgreSQL indents them: a node at depth d > 0 starts 2+6(d-1)
// columns in with "->  ", its details 6d+2 columns in (2 at the top).
func (e *explainer) line(depth int, first bool, s string) {
	var pad string
	switch {
	case first && depth == 0:
	case first:
		pad = strings.Repeat(" ", 2+6*(depth-1)) + "->  "
	case depth == 0:
		pad = "  "
	default:
		pad = strings.Repeat(" ", 6*depth+2)
	}
	e.lines = append(e.lines, pad+s)
	if first && len(e.pending) > 0 {
		p := e.pending
		e.pending = nil
		for _, d := range p {
			e.line(depth, false, d)
		}
	}
}

func (e *explainer) detail(depth int, label string, x expr.Expr, cols []Column) {
	if x == nil {
		return
	}
	e.line(depth, false, label+": "+exprString(x, cols))
}

func (e *explainer) node(n Node, depth int, _ string) {
	switch n := n.(type) {
	case *SeqScan:
		if n.TID != nil {
			e.line(depth, true, "Tid Scan on "+n.Table.Name)
			e.line(depth, false, "TID Cond: (ctid = "+exprString(n.TID, nil)+")")
		} else {
			e.line(depth, true, "Seq Scan on "+n.Table.Name)
		}
		e.detail(depth, "Filter", n.Qual, n.Cols)
	case *IndexScan:
		kind := "Index Scan"
		if n.Backward {
			kind += " Backward"
		}
		e.line(depth, true, kind+" using "+n.Index.Name+" on "+n.Table.Name)
		var conds []string
		for i, x := range n.Eq {
			conds = append(conds, "("+IndexKeyName(n.Table, n.Index, i)+" = "+exprString(x, nil)+")")
		}
		k := len(n.Eq)
		if k < len(n.Index.Cols) {
			col := IndexKeyName(n.Table, n.Index, k)
			if n.Lower != nil {
				op := ">"
				if n.LowerInc {
					op = ">="
				}
				conds = append(conds, "("+col+" "+op+" "+exprString(n.Lower, nil)+")")
			}
			if n.Upper != nil {
				op := "<"
				if n.UpperInc {
					op = "<="
				}
				conds = append(conds, "("+col+" "+op+" "+exprString(n.Upper, nil)+")")
			}
		}
		if len(conds) > 0 {
			e.line(depth, false, "Index Cond: "+strings.Join(conds, " AND "))
		}
		e.detail(depth, "Filter", n.Qual, n.Cols)
	case *Values:
		if len(n.Cols) == 0 && len(n.Rows) == 1 {
			e.line(depth, true, "Result")
		} else {
			e.line(depth, true, "Values Scan on \"*VALUES*\"")
		}
	case *Filter:
		e.pending = append(e.pending, "Filter: "+exprString(n.Qual, n.Input.Columns()))
		e.node(n.Input, depth, "")
	case *Project:
		e.node(n.Input, depth, "")
	case *ProjectSet:
		e.line(depth, true, "ProjectSet")
		e.node(n.Input, depth+1, "")
	case *NestLoop:
		title := "Nested Loop"
		if n.Kind != JoinInner {
			title += joinSuffix(n.Kind) + " Join"
		}
		e.line(depth, true, title)
		e.detail(depth, "Join Filter", n.Qual, n.Cols)
		e.node(n.Left, depth+1, "")
		e.node(n.Right, depth+1, "")
	case *HashJoin:
		e.line(depth, true, "Hash"+joinSuffix(n.Kind)+" Join")
		var conds []string
		for i := range n.LeftKeys {
			conds = append(conds, "("+exprString(n.LeftKeys[i], n.Left.Columns())+" = "+exprString(n.RightKeys[i], n.Right.Columns())+")")
		}
		e.line(depth, false, "Hash Cond: "+strings.Join(conds, " AND "))
		e.detail(depth, "Join Filter", n.Qual, n.Cols)
		e.node(n.Left, depth+1, "")
		e.line(depth+1, true, "Hash")
		e.node(n.Right, depth+2, "")
	case *MergeJoin:
		e.line(depth, true, "Merge"+joinSuffix(n.Kind)+" Join")
		var conds []string
		for i := range n.LeftKeys {
			conds = append(conds, "("+exprString(n.LeftKeys[i], n.Left.Columns())+" = "+exprString(n.RightKeys[i], n.Right.Columns())+")")
		}
		e.line(depth, false, "Merge Cond: "+strings.Join(conds, " AND "))
		e.detail(depth, "Join Filter", n.Qual, n.Cols)
		e.node(n.Left, depth+1, "")
		e.node(n.Right, depth+1, "")
	case *Sort:
		e.line(depth, true, "Sort")
		var keys []string
		for _, k := range n.Keys {
			s := exprString(k.Expr, n.Input.Columns())
			if k.Desc {
				s += " DESC"
			}
			if k.NullsFirst != k.Desc {
				if k.NullsFirst {
					s += " NULLS FIRST"
				} else {
					s += " NULLS LAST"
				}
			}
			keys = append(keys, s)
		}
		e.line(depth, false, "Sort Key: "+strings.Join(keys, ", "))
		e.node(n.Input, depth+1, "")
	case *Limit:
		e.line(depth, true, "Limit")
		e.node(n.Input, depth+1, "")
	case *Agg:
		name := "Aggregate"
		if len(n.GroupKeys) > 0 {
			name = "HashAggregate"
		}
		e.line(depth, true, name)
		if len(n.GroupKeys) > 0 {
			var keys []string
			for _, k := range n.GroupKeys {
				keys = append(keys, exprString(k, n.Input.Columns()))
			}
			e.line(depth, false, "Group Key: "+strings.Join(keys, ", "))
		}
		e.node(n.Input, depth+1, "")
	case *Distinct:
		e.line(depth, true, "Unique")
		e.node(n.Input, depth+1, "")
	case *SetOp:
		switch {
		case n.Op == Union && n.All:
			e.line(depth, true, "Append")
		case n.Op == Union:
			e.line(depth, true, "HashAggregate")
			e.line(depth+1, true, "Append")
			depth++
		default:
			name := map[SetOpKind]string{Intersect: "Intersect", Except: "Except"}[n.Op]
			if n.All {
				name += " All"
			}
			e.line(depth, true, "HashSetOp "+name)
		}
		e.node(n.Left, depth+1, "")
		e.node(n.Right, depth+1, "")
	case *FunctionScan:
		e.line(depth, true, "Function Scan on "+n.Fn.Name)
	case *Window:
		e.line(depth, true, "WindowAgg")
		e.node(n.Input, depth+1, "")
	case *Materialize:
		e.line(depth, true, "CTE Scan")
		e.node(n.Input, depth+1, "")
	case *RecursiveUnion:
		e.line(depth, true, "Recursive Union")
		e.node(n.Seed, depth+1, "")
		e.node(n.Step, depth+1, "")
	case *WorkTableScan:
		e.line(depth, true, "WorkTable Scan")
	case *Insert:
		e.line(depth, true, "Insert on "+n.Table.Name)
		e.node(n.Input, depth+1, "")
	case *Update:
		e.line(depth, true, "Update on "+n.Table.Name)
		e.node(n.Input, depth+1, "")
	case *Delete:
		e.line(depth, true, "Delete on "+n.Table.Name)
		e.node(n.Input, depth+1, "")
	default:
		e.line(depth, true, fmt.Sprintf("%T", n))
	}
}

func joinSuffix(k JoinKind) string {
	return map[JoinKind]string{JoinLeft: " Left", JoinRight: " Right", JoinFull: " Full", JoinSemi: " Semi", JoinAnti: " Anti"}[k]
}

// exprString prints an expression; cols name the Vars of the row it reads.
func exprString(x expr.Expr, cols []Column) string {
	switch n := x.(type) {
	case *expr.Var:
		if n.Level == 0 && n.Index < len(cols) && cols[n.Index].Name != "" {
			return cols[n.Index].Name
		}
		if n.Name != "" {
			return n.Name
		}
		return fmt.Sprintf("$col%d", n.Index+1)
	case *expr.Const:
		if n.Value.Null {
			return "NULL"
		}
		s := types.Output(n.T, n.Value, nil)
		switch types.Category(n.T.Oid) {
		case 'N':
			return s
		case 'B':
			return map[bool]string{true: "true", false: "false"}[n.Value.I != 0]
		}
		return "'" + strings.ReplaceAll(s, "'", "''") + "'::" + types.FormatType(n.T)
	case *expr.Param:
		return fmt.Sprintf("$%d", n.Index+1)
	case *expr.Call:
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			args[i] = exprString(a, cols)
		}
		if n.Op != "" && len(args) == 2 {
			return "(" + args[0] + " " + n.Op + " " + args[1] + ")"
		}
		if n.Op != "" && len(args) == 1 {
			return "(" + n.Op + " " + args[0] + ")"
		}
		if s, ok := funcs.SubscriptText(n.Fn, args); ok {
			return s
		}
		return n.Fn.Name + "(" + strings.Join(args, ", ") + ")"
	case *expr.Cast:
		return "(" + exprString(n.Arg, cols) + ")::" + types.FormatType(n.To)
	case *expr.And:
		return joinExprs(n.Args, " AND ", cols)
	case *expr.Or:
		return joinExprs(n.Args, " OR ", cols)
	case *expr.Not:
		return "(NOT " + exprString(n.Arg, cols) + ")"
	case *expr.IsNull:
		if n.Not {
			return "(" + exprString(n.Arg, cols) + " IS NOT NULL)"
		}
		return "(" + exprString(n.Arg, cols) + " IS NULL)"
	case *expr.InList:
		items := make([]string, len(n.Items))
		for i, it := range n.Items {
			items[i] = exprString(it.Args[1], cols)
		}
		op := " IN ("
		if n.Not {
			op = " NOT IN ("
		}
		return "(" + exprString(n.Left, cols) + op + strings.Join(items, ", ") + "))"
	case *expr.SubLink:
		return "(SubPlan)"
	}
	return "(...)"
}

func joinExprs(xs []expr.Expr, sep string, cols []Column) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = exprString(x, cols)
	}
	return "(" + strings.Join(parts, sep) + ")"
}
