package plan

import (
	"ringpg/backend/sql/colstats"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
)

// Row estimates from ANALYZE's statistics (Table.Stats). They change a
// plan only where a table has statistics: an index scan whose conditions
// select a large share of the table becomes a sequential scan, and a
// hash join builds its table on the smaller of two scanned tables. A
// decision that depends on a literal of a generic plan pins that literal
// (LiteralParam.Pinned): the plan is reused only for the same value.

// valueOf returns the value of a condition's constant side: a constant,
// or a parameter standing for a literal of a generic plan (which then
// pins it). ok is false for anything else (a client's parameter, an
// expression).
func (q *analyzer) valueOf(x expr.Expr, t types.T) (types.Datum, bool) {
	switch n := x.(type) {
	case *expr.Const:
		return n.Value, true
	case *expr.Param:
		for i := range q.litOut {
			if q.litOut[i].Param != n.Index || i >= len(q.litSrc) {
				continue
			}
			text, err := q.litSrc[i].Value()
			if err != nil {
				return types.Null, false
			}
			if q.litOut[i].Neg {
				text = "-" + text
			}
			d, err := types.Input(t, text, q.env)
			if err != nil {
				return types.Null, false
			}
			q.litOut[i].Pinned = true
			return d, true
		}
	}
	return types.Null, false
}

// indexSelectivity estimates the share of t's rows an index choice
// reads; ok is false when the statistics cannot say.
func (q *analyzer) indexSelectivity(t *Table, ch *indexChoice) (float64, bool) {
	if t.Stats == nil || t.Rows <= 0 {
		return 0, false
	}
	sel, known := 1.0, false
	for k, val := range ch.eq {
		col := ch.ix.Cols[k]
		if col < 0 { // an expression key: no statistics
			continue
		}
		st := t.Stats[col]
		if st == nil {
			continue
		}
		d, ok := q.valueOf(val, t.Cols[col].T)
		if !ok {
			continue
		}
		sel *= st.EqSel(d, t.Rows)
		known = true
	}
	if (ch.lower != nil || ch.upper != nil) && len(ch.eq) < len(ch.ix.Cols) && ch.ix.Cols[len(ch.eq)] >= 0 {
		col := ch.ix.Cols[len(ch.eq)]
		if st := t.Stats[col]; st != nil {
			var lo, hi *colstats.Bound
			ok := true
			if ch.lower != nil {
				d, found := q.valueOf(ch.lower, t.Cols[col].T)
				lo, ok = &colstats.Bound{D: d, Inc: ch.lowerInc}, ok && found
			}
			if ch.upper != nil {
				d, found := q.valueOf(ch.upper, t.Cols[col].T)
				hi, ok = &colstats.Bound{D: d, Inc: ch.upperInc}, ok && found
			}
			if ok {
				sel *= st.RangeSel(lo, hi)
				known = true
			}
		}
	}
	return sel, known
}

// indexWorthIt reports whether an index scan for ch should be preferred
// to a sequential scan of t: always without statistics and for a unique
// key; otherwise when it reads a small enough share of the table. The
// share allowed grows with the correlation of the index's first column
// with the heap's order (then the rows it fetches lie on few pages), as
// PostgreSQL's costing interpolates between random and sequential page
// reads.
func (q *analyzer) indexWorthIt(t *Table, ch *indexChoice) bool {
	if ch.ix.Unique && len(ch.eq) == len(ch.ix.Cols) {
		return true
	}
	sel, ok := q.indexSelectivity(t, ch)
	if !ok {
		return true
	}
	corr := 0.0
	if c := ch.ix.Cols[0]; c >= 0 && t.Stats[c] != nil && t.Stats[c].HasCorr {
		corr = t.Stats[c].Corr
	}
	return sel <= 0.05+0.45*corr*corr
}

// scanRows estimates the rows a scan of t with conditions quals returns;
// ok is false without statistics.
func (q *analyzer) scanRows(n Node) (float64, bool) {
	switch s := n.(type) {
	case *SeqScan:
		if s.TID != nil {
			return 1, true // one version at most
		}
		if s.Table.Stats == nil || s.Table.Rows <= 0 {
			return 0, false
		}
		return s.Table.Rows * q.qualSelectivity(s.Table, s.Qual), true
	case *IndexScan:
		if s.Table.Stats == nil || s.Table.Rows <= 0 {
			return 0, false
		}
		ch := &indexChoice{ix: s.Index, eq: s.Eq, lower: s.Lower, upper: s.Upper, lowerInc: s.LowerInc, upperInc: s.UpperInc}
		sel, ok := q.indexSelectivity(s.Table, ch)
		if !ok {
			sel = colstats.DefaultIneqSel
		}
		return s.Table.Rows * sel * q.qualSelectivity(s.Table, s.Qual), true
	}
	return 0, false
}

// qualSelectivity estimates the share of t's rows that pass qual (a
// conjunction of column-versus-value conditions where the statistics
// say, the defaults elsewhere).
func (q *analyzer) qualSelectivity(t *Table, qual expr.Expr) float64 {
	if qual == nil {
		return 1
	}
	sel := 1.0
	for _, c := range conjuncts(qual) {
		col, op, val, ok := indexCond(c)
		var st *colstats.Stats
		if ok && col < len(t.Stats) {
			st = t.Stats[col]
		}
		d, known := types.Null, false
		if st != nil {
			d, known = q.valueOf(val, t.Cols[col].T)
		}
		switch {
		case !known && ok && op == "=":
			sel *= colstats.DefaultEqSel
		case !known:
			sel *= colstats.DefaultIneqSel
		case op == "=":
			sel *= st.EqSel(d, t.Rows)
		case op == "<" || op == "<=":
			sel *= st.RangeSel(nil, &colstats.Bound{D: d, Inc: op == "<="})
		default:
			sel *= st.RangeSel(&colstats.Bound{D: d, Inc: op == ">="}, nil)
		}
	}
	return sel
}

// buildSmaller returns a hash join that builds its table on the smaller
// input, as PostgreSQL's costing does: when the statistics say the right
// input (the build side) is clearly larger than the left, the inputs
// trade places (LEFT and RIGHT joins trade kinds) and a projection puts
// the columns back in the join's order. Other joins come back unchanged.
func (q *analyzer) buildSmaller(h *HashJoin) Node {
	var swapped JoinKind
	switch h.Kind {
	case JoinInner, JoinFull:
		swapped = h.Kind
	case JoinLeft:
		swapped = JoinRight
	case JoinRight:
		swapped = JoinLeft
	default:
		return h
	}
	lrows, lok := q.scanRows(h.Left)
	rrows, rok := q.scanRows(h.Right)
	if !lok || !rok || rrows <= lrows {
		return h
	}
	lw, rw := len(h.Left.Columns()), len(h.Right.Columns())
	cols := append(append([]Column(nil), h.Right.Columns()...), h.Left.Columns()...)
	sw := &HashJoin{Kind: swapped, Left: h.Right, Right: h.Left, LeftKeys: h.RightKeys, RightKeys: h.LeftKeys,
		KeyTypes: h.KeyTypes, Qual: swapSides(h.Qual, lw, rw), Cols: cols}
	exprs := make([]expr.Expr, 0, lw+rw)
	for i, c := range h.Cols {
		idx := rw + i
		if i >= lw {
			idx = i - lw
		}
		exprs = append(exprs, &expr.Var{Index: idx, T: c.T, Name: c.Name})
	}
	pr := &Project{Input: sw, Exprs: exprs, Cols: h.Cols}
	if q.swappedJoins == nil {
		q.swappedJoins = map[*Project]*HashJoin{}
	}
	q.swappedJoins[pr] = sw
	return pr
}

// swapSides rewrites, in place, a condition over a joined row of lw
// columns then rw columns for the row with the two sides swapped.
func swapSides(x expr.Expr, lw, rw int) expr.Expr {
	if x == nil {
		return nil
	}
	return mutate(x, func(e expr.Expr) (expr.Expr, bool) {
		if v, ok := e.(*expr.Var); ok {
			if v.Level != 0 {
				return v, true
			}
			if v.Index < lw {
				return &expr.Var{Index: v.Index + rw, T: v.T, Name: v.Name}, true
			}
			return &expr.Var{Index: v.Index - lw, T: v.T, Name: v.Name}, true
		}
		return nil, false
	})
}
