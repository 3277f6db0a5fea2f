package plan

import "ringpg/backend/sql/expr"

// srfsBelowAgg places the set-returning calls that GROUP BY keys contain
// (GROUP BY 1 over jsonb_object_keys(j), unnest(tags)) in a ProjectSet
// under the Agg node, as PostgreSQL evaluates them before grouping: the
// input's columns pass through and each call's value follows them. The
// calls' references in keys and in xs (the select list, ORDER BY,
// HAVING) become Vars of that row, and the calls leave q.srfs, which
// keeps the ones computed above the Agg.
func (q *analyzer) srfsBelowAgg(node Node, keys []expr.Expr, xs []*expr.Expr) Node {
	if len(q.srfs) == 0 {
		return node
	}
	below := map[*srfRef]bool{}
	for _, k := range keys {
		mutate(k, func(e expr.Expr) (expr.Expr, bool) {
			if r, ok := e.(*srfRef); ok {
				below[r] = true
				return e, true
			}
			return nil, false
		})
	}
	if len(below) == 0 {
		return node
	}
	in := node.Columns()
	width := len(in)
	ps := &ProjectSet{Input: node}
	for i, c := range in {
		ps.Exprs = append(ps.Exprs, &expr.Var{Index: i, T: c.T, Name: c.Name})
		ps.Cols = append(ps.Cols, c)
	}
	at := map[*srfRef]int{}
	var keep []*srfRef
	for _, r := range q.srfs {
		if !below[r] {
			r.idx = len(keep)
			keep = append(keep, r)
			continue
		}
		at[r] = width + len(ps.SRFs)
		ps.SRFs = append(ps.SRFs, SRFCall{Fn: r.fn, Args: r.args, Field: r.field})
		v := &expr.Var{Index: at[r], T: r.t, Name: r.fn.Name}
		ps.Exprs = append(ps.Exprs, v)
		ps.Cols = append(ps.Cols, Column{Name: r.fn.Name, T: r.t})
	}
	q.srfs = keep
	repl := func(e expr.Expr) (expr.Expr, bool) {
		if r, ok := e.(*srfRef); ok {
			if i, ok := at[r]; ok {
				return &expr.Var{Index: i, T: r.t, Name: r.fn.Name}, true
			}
		}
		return nil, false
	}
	for i := range keys {
		keys[i] = mutate(keys[i], repl)
	}
	for _, x := range xs {
		if *x != nil {
			*x = mutate(*x, repl)
		}
	}
	return ps
}

// exprSlots lists where the select list, ORDER BY, DISTINCT ON and HAVING
// expressions of a query level are held, for rewriting them in place.
func exprSlots(targets []target, sortKeys []SortKey, distinctOn []expr.Expr, having *expr.Expr) []*expr.Expr {
	xs := make([]*expr.Expr, 0, len(targets)+len(sortKeys)+len(distinctOn)+1)
	for i := range targets {
		xs = append(xs, &targets[i].x)
	}
	for i := range sortKeys {
		xs = append(xs, &sortKeys[i].Expr)
	}
	for i := range distinctOn {
		xs = append(xs, &distinctOn[i])
	}
	return append(xs, having)
}
