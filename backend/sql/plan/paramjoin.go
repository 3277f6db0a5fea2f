package plan

import (
	"ringpg/backend/sql/expr"
)

// Index nested loops. A join whose inner side is a base table with an
// index on its join column can look the inner rows up once per outer row
// instead of reading the whole table into a hash: a NestLoop with Param
// set over an IndexScan whose key is the outer row's column (an
// expr.Var of Level 1 inside the scan). It is chosen when the outer side
// is estimated small against the inner table:
//
//   - outer rows known (statistics, a unique key lookup, VALUES, LIMIT),
//     and either the inner table's size is known and at least
//     paramJoinRatio times larger, or unknown and the outer side has at
//     most paramJoinMaxBlind rows;
//   - the join is INNER, LEFT, SEMI or ANTI (a RIGHT or FULL join must
//     see every inner row);
//   - the join keys are plain columns of the same type on both sides and
//     the inner table's own conditions read nothing but its own row (the
//     scan moves one level down, under the outer row).
//
// For an inner join of two base tables written big-first, the sides
// trade places and a projection restores the column order.

const (
	paramJoinRatio    = 8
	paramJoinMaxBlind = 64
)

// paramJoin returns an index nested loop joining left (whose row starts
// at base) with the base table of item right, or nil when none applies
// or it would not pay. quals are the join's conditions (joined-row
// indexes).
func (q *analyzer) paramJoin(kind JoinKind, left Node, right *fromItem, quals []expr.Expr, base int) Node {
	if right.table == nil || right.table.Kind != 'r' && right.table.Kind != 'p' && right.table.Kind != 'm' {
		return nil
	}
	switch kind {
	case JoinInner, JoinLeft, JoinSemi, JoinAnti:
	default:
		return nil
	}
	lrows, ok := q.estRows(left)
	if !ok || !q.paramPays(lrows, right.table) {
		return nil
	}
	rightOff := right.offset - base
	own, ok := cloneAll(right.quals, -right.offset)
	if !ok {
		return nil
	}
	for _, c := range own {
		if hasOuterRefs(c) {
			return nil
		}
	}
	join, ok := cloneAll(quals, -base)
	if !ok {
		return nil
	}
	var keyed, other []expr.Expr
	for _, c := range join {
		if k := innerKeyCond(c, rightOff, rightOff+right.width); k != nil {
			keyed = append(keyed, k)
			continue
		}
		if sp := spanOf(c); sp.max >= 0 && !sp.volatile && sp.within(rightOff, rightOff+right.width) && !hasOuterRefs(c) {
			// A condition on the inner row alone filters the inner scan
			// (for an outer join too: it decides which rows match).
			own = append(own, shiftVars(c, -rightOff))
			continue
		}
		other = append(other, c)
	}
	if len(keyed) == 0 {
		return nil
	}
	all := append(append([]expr.Expr(nil), own...), keyed...)
	ch := q.chooseIndex(right.table, all)
	if ch == nil || !usesOuterRow(ch.eq) {
		return nil
	}
	rcols, used := scanColumns(right)
	sc := &IndexScan{Table: right.table, Index: ch.ix, Eq: ch.eq, Lower: ch.lower, LowerInc: ch.lowerInc,
		Upper: ch.upper, UpperInc: ch.upperInc, Qual: andOf(ch.rest), Cols: rcols,
		EmitTID: right.emitTID, Sys: scanSys(right.entry, right.emitTID), Lock: right.lock, Wait: right.wait, Used: used}
	cols := append(append([]Column(nil), left.Columns()...), sc.Cols...)
	return &NestLoop{Kind: kind, Left: left, Right: sc, Qual: andOf(other), Cols: cols, Param: true}
}

// paramSwapped tries the index nested loop with the sides of an inner
// join of two base tables traded: first (items[0], a base table) becomes
// the inner side of second's rows. The result projects the columns back
// to first's then second's order.
func (q *analyzer) paramSwapped(first, second *fromItem, quals []expr.Expr, base int) Node {
	if first.table == nil || second.table == nil || first.offset != base || second.offset != base+first.width {
		return nil
	}
	for _, it := range []*fromItem{first, second} {
		if it.emitTID || it.lock != LockNone {
			return nil // the target of UPDATE ... FROM or of FOR UPDATE keeps its place
		}
	}
	inner := *first
	inner.offset = base + second.width
	outer := *second
	outer.offset = base
	// Conditions and quals are written for first-then-second; rewrite
	// them for second-then-first.
	var ok1, ok2, ok3 bool
	inner.quals, ok1 = swapAll(first.quals, base, first.width, second.width)
	outer.quals, ok2 = swapAll(second.quals, base, first.width, second.width)
	swapped, ok3 := swapAll(quals, base, first.width, second.width)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	left, err := q.buildItem(&outer, base)
	if err != nil {
		return nil
	}
	nl := q.paramJoin(JoinInner, left, &inner, swapped, base)
	if nl == nil {
		return nil
	}
	cols := nl.Columns()
	exprs := make([]expr.Expr, 0, len(cols))
	out := make([]Column, 0, len(cols))
	for i := 0; i < first.width; i++ {
		c := cols[second.width+i]
		exprs = append(exprs, &expr.Var{Index: second.width + i, T: c.T, Name: c.Name})
		out = append(out, c)
	}
	for i := 0; i < second.width; i++ {
		c := cols[i]
		exprs = append(exprs, &expr.Var{Index: i, T: c.T, Name: c.Name})
		out = append(out, c)
	}
	return &Project{Input: nl, Exprs: exprs, Cols: out}
}

// swapAll rewrites joined-row conditions over [first | second] starting at
// base for the row [second | first]; the inputs are not modified.
func swapAll(xs []expr.Expr, base, fw, sw int) ([]expr.Expr, bool) {
	out, ok := cloneAll(xs, 0)
	if !ok {
		return nil, false
	}
	for i, x := range out {
		out[i] = mutate(x, func(e expr.Expr) (expr.Expr, bool) {
			v, ok := e.(*expr.Var)
			if !ok {
				return nil, false
			}
			if v.Level == 0 {
				switch {
				case v.Index >= base && v.Index < base+fw:
					return &expr.Var{Index: v.Index + sw, T: v.T, Name: v.Name}, true
				case v.Index >= base+fw && v.Index < base+fw+sw:
					return &expr.Var{Index: v.Index - fw, T: v.T, Name: v.Name}, true
				}
			}
			return v, true
		})
	}
	return out, true
}

// cloneCond deep-copies a condition made only of columns, constants,
// parameters, calls, casts and boolean tests, so that it can be
// renumbered (shiftVars and mutate rewrite in place) without touching the
// original, which the ordinary join still needs when no index nested loop
// is chosen. ok is false for anything else.
func cloneCond(x expr.Expr) (expr.Expr, bool) {
	ok := true
	var cp func(expr.Expr) expr.Expr
	list := func(xs []expr.Expr) []expr.Expr {
		out := make([]expr.Expr, len(xs))
		for i, a := range xs {
			out[i] = cp(a)
		}
		return out
	}
	cp = func(x expr.Expr) expr.Expr {
		switch n := x.(type) {
		case *expr.Var:
			v := *n
			return &v
		case *expr.Const, *expr.Param:
			return n
		case *expr.Call:
			c := expr.NewCall(n.Fn, list(n.Args), n.T)
			c.Op = n.Op
			return c
		case *expr.Cast:
			c := *n
			c.Arg = cp(n.Arg)
			return &c
		case *expr.And:
			return &expr.And{Args: list(n.Args)}
		case *expr.Or:
			return &expr.Or{Args: list(n.Args)}
		case *expr.Not:
			return &expr.Not{Arg: cp(n.Arg)}
		case *expr.IsNull:
			return &expr.IsNull{Arg: cp(n.Arg), Not: n.Not}
		case *expr.BoolTest:
			return &expr.BoolTest{Arg: cp(n.Arg), Test: n.Test}
		}
		ok = false
		return x
	}
	out := cp(x)
	return out, ok
}

// cloneAll clones each condition (cloneCond) and shifts its Vars by delta;
// ok is false when one cannot be cloned.
func cloneAll(xs []expr.Expr, delta int) ([]expr.Expr, bool) {
	out := make([]expr.Expr, len(xs))
	for i, x := range xs {
		c, ok := cloneCond(x)
		if !ok {
			return nil, false
		}
		out[i] = shiftVars(c, delta)
	}
	return out, true
}

// innerKeyCond turns "leftcol = rightcol" (either way round, both plain
// columns of one type, over the join-relative row with the right side at
// [lo, hi)) into "rightcol = outer.leftcol" over the right table's row,
// the outer column a Level-1 Var; nil for anything else.
func innerKeyCond(c expr.Expr, lo, hi int) expr.Expr {
	call, ok := c.(*expr.Call)
	if !ok || call.Op != "=" || len(call.Args) != 2 || call.Fn == nil || call.Fn.Volatility == 'v' {
		return nil
	}
	a, aok := call.Args[0].(*expr.Var)
	b, bok := call.Args[1].(*expr.Var)
	if !aok || !bok || a.Level != 0 || b.Level != 0 || a.T != b.T {
		return nil
	}
	if a.Index >= lo && a.Index < hi && b.Index < lo {
		a, b = b, a
	}
	if !(b.Index >= lo && b.Index < hi && a.Index < lo) {
		return nil
	}
	k := expr.NewCall(call.Fn, []expr.Expr{
		&expr.Var{Index: b.Index - lo, T: b.T, Name: b.Name},
		&expr.Var{Level: 1, Index: a.Index, T: a.T, Name: a.Name},
	}, call.T)
	k.Op = "="
	return k
}

// usesOuterRow reports whether an index key reads the outer row.
func usesOuterRow(keys []expr.Expr) bool {
	for _, k := range keys {
		if v, ok := k.(*expr.Var); ok && v.Level == 1 {
			return true
		}
	}
	return false
}

// hasOuterRefs reports whether x reads anything but its own row: an
// enclosing query's column, a sub-query, an aggregate or window result.
func hasOuterRefs(x expr.Expr) bool {
	found := false
	walk(x, func(e expr.Expr) bool {
		switch n := e.(type) {
		case *expr.Var:
			if n.Level != 0 {
				found = true
			}
		case *expr.SubLink, *aggRef, *winRef:
			found = true
		}
		return !found
	})
	return found
}

// paramPays decides from the outer side's estimated rows whether looking
// each up in t's index beats hashing all of t.
func (q *analyzer) paramPays(outerRows float64, t *Table) bool {
	if t.Rows > 0 {
		return outerRows*paramJoinRatio < t.Rows
	}
	return outerRows <= paramJoinMaxBlind
}

// estRows estimates the rows a node returns; ok is false when nothing
// says.
func (q *analyzer) estRows(n Node) (float64, bool) {
	switch s := n.(type) {
	case *SeqScan, *IndexScan:
		if r, ok := q.scanRows(s); ok {
			return r, true
		}
		if ix, ok := s.(*IndexScan); ok && ix.Index.Unique && len(ix.Eq) == len(ix.Index.Cols) {
			return 1, true
		}
	case *Filter:
		if r, ok := q.estRows(s.Input); ok {
			return r * 0.5, true
		}
	case *Project:
		return q.estRows(s.Input)
	case *Values:
		if s.Rows != nil {
			return float64(len(s.Rows)), true
		}
		return float64(len(s.Datums)), true
	case *Limit:
		r, ok := q.estRows(s.Input)
		if c, isConst := s.Count.(*expr.Const); isConst && s.Offset == nil && !c.Value.Null && c.Value.I >= 0 {
			if !ok || float64(c.Value.I) < r {
				return float64(c.Value.I), true
			}
		}
		return r, ok
	case *NestLoop:
		if sc, isScan := s.Right.(*IndexScan); isScan && s.Param && sc.Index.Unique && len(sc.Eq) == len(sc.Index.Cols) {
			return q.estRows(s.Left)
		}
	}
	return 0, false
}
