package plan

import "ringpg/backend/sql/expr"

// funcDepKeys returns the GROUP BY keys extended by the columns of this
// level that the expressions in xs read ungrouped but that are functionally dependent on the
// keys: every column of a base table whose primary key columns are all
// grouping keys (PostgreSQL's check_functional_grouping). Grouping by
// such a column as well forms the same groups, and makes its value
// available above the Agg node. Columns that are not dependent are left
// for aboveAgg to report.
func (q *analyzer) funcDepKeys(keys []expr.Expr, xs []*expr.Expr) []expr.Expr {
	isKey := func(idx int) bool {
		for _, k := range keys {
			if v, ok := k.(*expr.Var); ok && v.Level == 0 && v.Index == idx {
				return true
			}
		}
		return false
	}
	// dependent reports whether column idx belongs to a base table whose
	// primary key is grouped.
	dependent := func(idx int) bool {
		for _, e := range q.sc.entries {
			if e.table == nil || e.exprs != nil || idx < e.offset || idx >= e.offset+len(e.table.Cols) {
				continue
			}
			for _, ix := range e.table.Indexes {
				if !ix.Primary || ix.Pred != nil {
					continue
				}
				all := true
				for _, c := range ix.Cols {
					if c < 0 || !isKey(e.offset+c) {
						all = false
						break
					}
				}
				if all {
					return true
				}
			}
			return false
		}
		return false
	}
	add := func(v *expr.Var) {
		if v.Level != 0 || isKey(v.Index) || !dependent(v.Index) {
			return
		}
		keys = append(keys, &expr.Var{Index: v.Index, T: v.T, Name: v.Name})
	}
	for _, x := range xs {
		mutate(*x, func(e expr.Expr) (expr.Expr, bool) {
			for _, k := range keys {
				if equalExpr(e, k) {
					return e, true
				}
			}
			switch n := e.(type) {
			case *aggRef, *winRef:
				return e, true
			case *expr.Var:
				add(n)
				return e, true
			case *expr.SubLink:
				for _, v := range q.subVars[n] {
					if _, ok := q.outerAggs[v]; ok || q.lifted[v] {
						continue
					}
					add(&expr.Var{Index: v.Index, T: v.T, Name: v.Name})
				}
			}
			return nil, false
		})
	}
	return keys
}
