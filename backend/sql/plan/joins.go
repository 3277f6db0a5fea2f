package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// varSpan describes which columns of this level an expression reads.
type varSpan struct {
	min, max int  // range of level-0 Var indexes; min > max when none
	opaque   bool // contains a sub-query, aggregate or window reference: never pushed down
	volatile bool
}

func spanOf(x expr.Expr) varSpan {
	s := varSpan{min: 1 << 30, max: -1}
	walk(x, func(e expr.Expr) bool {
		switch n := e.(type) {
		case *expr.Var:
			if n.Level == 0 {
				s.min = min(s.min, n.Index)
				s.max = max(s.max, n.Index)
			}
		case *expr.SubLink, *aggRef, *winRef:
			s.opaque = true
		case *expr.Call:
			if n.Fn.Volatility == 'v' {
				s.volatile = true
			}
		}
		return true
	})
	return s
}

func (s varSpan) within(lo, hi int) bool {
	return !s.opaque && (s.max < 0 || (s.min >= lo && s.max < hi))
}

// shiftVars renumbers this level's Vars by delta (for expressions moved
// onto a node whose row starts elsewhere). x must not be shared.
func shiftVars(x expr.Expr, delta int) expr.Expr {
	if delta == 0 {
		return x
	}
	return mutate(x, func(e expr.Expr) (expr.Expr, bool) {
		if v, ok := e.(*expr.Var); ok {
			if v.Level == 0 {
				return &expr.Var{Index: v.Index + delta, T: v.T, Name: v.Name}, true
			}
			return v, true
		}
		return nil, false
	})
}

// buildJoinTree places WHERE conditions and builds scans and joins. where
// holds the WHERE conjuncts (joined-row indexes); those it cannot place
// are returned in a Filter on top. base is the joined-row index where
// this tree's first column lives.
func (q *analyzer) buildJoinTree(jt *joinTree, where []expr.Expr, base int) (Node, error) {
	allInner := true
	for _, j := range jt.joins {
		if j.kind != JoinInner {
			allInner = false
		}
	}
	nullable := jt.nullable()
	var rest []expr.Expr
	for _, c := range where {
		placed := false
		sp := spanOf(c)
		if !sp.volatile {
			for k, it := range jt.items {
				if !nullable[k] && sp.max >= 0 && sp.within(it.offset, it.offset+it.width) {
					it.quals = append(it.quals, c)
					placed = true
					break
				}
			}
		}
		if !placed {
			rest = append(rest, c)
		}
	}
	cur, err := q.buildItem(jt.items[0], base)
	if err != nil {
		return nil, err
	}
	for i, step := range jt.joins {
		right := jt.items[i+1]
		quals := append([]expr.Expr(nil), step.quals...)
		if allInner {
			// WHERE conditions that this join completes.
			var keep []expr.Expr
			for _, c := range rest {
				sp := spanOf(c)
				if !sp.volatile && sp.within(base, right.offset+right.width) {
					quals = append(quals, c)
				} else {
					keep = append(keep, c)
				}
			}
			rest = keep
		}
		if n := q.paramJoin(step.kind, cur, right, quals, base); n != nil {
			cur = n
			continue
		}
		if i == 0 && step.kind == JoinInner {
			if n := q.paramSwapped(jt.items[0], right, quals, base); n != nil {
				cur = n
				continue
			}
		}
		if step.kind == JoinFull && !fullJoinable(quals, right.offset) {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "FULL JOIN is only supported with merge-joinable or hash-joinable join conditions")
		}
		rnode, err := q.buildItem(right, base)
		if err != nil {
			return nil, err
		}
		cur = q.joinNodes(step.kind, cur, rnode, quals, right.offset-base, base)
	}
	if len(rest) > 0 {
		cur = &Filter{Input: cur, Qual: shiftVars(andOf(rest), -base)}
	}
	return cur, nil
}

// nullable reports for each item whether an outer join can fill its
// columns with NULLs: a WHERE condition on such an item must wait until
// the join, while one on any other item filters it before the join.
func (jt *joinTree) nullable() []bool {
	out := make([]bool, len(jt.items))
	for j, step := range jt.joins {
		switch step.kind {
		case JoinLeft:
			out[j+1] = true
		case JoinRight:
			for k := 0; k <= j; k++ {
				out[k] = true
			}
		case JoinFull:
			for k := 0; k <= j+1; k++ {
				out[k] = true
			}
		}
	}
	return out
}

// joinNodes joins left (whose row starts at base) with right (starting at
// rightOff relative to base), choosing a hash join when an equality links
// the two sides.
func (q *analyzer) joinNodes(kind JoinKind, left, right Node, quals []expr.Expr, rightOff, base int) Node {
	cols := append(append([]Column(nil), left.Columns()...), right.Columns()...)
	rightEnd := rightOff + len(right.Columns())
	var lkeys, rkeys []expr.Expr
	var ktypes []types.T
	var other []expr.Expr
	for _, c := range quals {
		c = shiftVars(c, -base)
		if call, ok := c.(*expr.Call); ok && call.Op == "=" && len(call.Args) == 2 {
			a, b := spanOf(call.Args[0]), spanOf(call.Args[1])
			lt, rt := call.Args[0].Type(), call.Args[1].Type()
			if lt == rt && !a.volatile && !b.volatile {
				switch {
				case a.max >= 0 && b.max >= 0 && a.within(0, rightOff) && b.within(rightOff, rightEnd):
					lkeys = append(lkeys, call.Args[0])
					rkeys = append(rkeys, shiftVars(call.Args[1], -rightOff))
					ktypes = append(ktypes, lt)
					continue
				case a.max >= 0 && b.max >= 0 && b.within(0, rightOff) && a.within(rightOff, rightEnd):
					lkeys = append(lkeys, call.Args[1])
					rkeys = append(rkeys, shiftVars(call.Args[0], -rightOff))
					ktypes = append(ktypes, lt)
					continue
				}
			}
		}
		other = append(other, c)
	}
	if len(lkeys) > 0 {
		return q.buildSmaller(&HashJoin{Kind: kind, Left: left, Right: right, LeftKeys: lkeys, RightKeys: rkeys, KeyTypes: ktypes, Qual: andOf(other), Cols: cols})
	}
	return &NestLoop{Kind: kind, Left: left, Right: right, Qual: andOf(other), Cols: cols}
}

// buildItem builds one FROM item's node with its own conditions applied.
func (q *analyzer) buildItem(it *fromItem, base int) (Node, error) {
	if it.table != nil {
		quals := make([]expr.Expr, len(it.quals))
		for i, c := range it.quals {
			quals[i] = shiftVars(c, -it.offset)
		}
		return q.scan(it, quals), nil
	}
	n := it.node
	if len(it.quals) > 0 {
		qs := make([]expr.Expr, len(it.quals))
		for i, c := range it.quals {
			qs[i] = shiftVars(c, -it.offset)
		}
		n = &Filter{Input: n, Qual: andOf(qs)}
	}
	return n, nil
}

// scan chooses between a sequential scan and an index scan for a table
// given its conditions (table-relative Vars).
func (q *analyzer) scan(it *fromItem, quals []expr.Expr) Node {
	t := it.table
	cols, used := scanColumns(it)
	if tid, rest := tidCond(it.entry, quals); tid != nil {
		return &SeqScan{Table: t, Qual: andOf(rest), Cols: cols, EmitTID: it.emitTID, Sys: scanSys(it.entry, it.emitTID),
			TID: tid, Lock: it.lock, Wait: it.wait, Used: used}
	}
	if best := q.chooseIndex(t, quals); best != nil && q.indexWorthIt(t, best) {
		return &IndexScan{Table: t, Index: best.ix, Eq: best.eq, Lower: best.lower, LowerInc: best.lowerInc,
			Upper: best.upper, UpperInc: best.upperInc, Qual: andOf(best.rest), Cols: cols,
			EmitTID: it.emitTID, Sys: scanSys(it.entry, it.emitTID), Lock: it.lock, Wait: it.wait, Used: used}
	}
	return &SeqScan{Table: t, Qual: andOf(quals), Cols: cols, EmitTID: it.emitTID, Sys: scanSys(it.entry, it.emitTID),
		Lock: it.lock, Wait: it.wait, Used: used}
}

// scanColumns gives a table item's columns and which of them the query
// reads (nil: all).
func scanColumns(it *fromItem) ([]Column, []bool) {
	if it.emitTID || it.lock != LockNone {
		return it.entry.cols, nil // the row is written or re-read whole
	}
	return it.entry.cols, it.entry.used
}

type indexChoice struct {
	ix                 *Index
	eq                 []expr.Expr
	lower, upper       expr.Expr
	lowerInc, upperInc bool
	rest               []expr.Expr
	score              int
}

// indexCond matches "col op value" (or "value op col") where value reads
// no column of this level; it returns the column, the operator as seen
// from the column's side, and the value.
func indexCond(c expr.Expr) (col int, op string, val expr.Expr, ok bool) {
	call, isCall := c.(*expr.Call)
	if !isCall || len(call.Args) != 2 {
		return
	}
	flip := map[string]string{"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
	if _, known := flip[call.Op]; !known {
		return
	}
	if v, isVar := call.Args[0].(*expr.Var); isVar && v.Level == 0 && spanOf(call.Args[1]).max < 0 && !spanOf(call.Args[1]).opaque && call.Args[1].Type() == v.T {
		return v.Index, call.Op, call.Args[1], true
	}
	if v, isVar := call.Args[1].(*expr.Var); isVar && v.Level == 0 && spanOf(call.Args[0]).max < 0 && !spanOf(call.Args[0]).opaque && call.Args[0].Type() == v.T {
		return v.Index, flip[call.Op], call.Args[0], true
	}
	return
}

func (q *analyzer) chooseIndex(t *Table, quals []expr.Expr) *indexChoice {
	var best *indexChoice
	for _, ix := range t.Indexes {
		if !q.indexApplies(ix, quals) {
			continue
		}
		ch := &indexChoice{ix: ix}
		used := make([]bool, len(quals))
		for k := range ix.Cols {
			found := false
			for i, c := range quals {
				if used[i] {
					continue
				}
				if op, val, ok := q.keyCond(t, ix, k, c); ok && op == "=" {
					ch.eq = append(ch.eq, val)
					used[i], found = true, true
					break
				}
			}
			if !found {
				// A range on this column ends the usable prefix.
				for i, c := range quals {
					if used[i] {
						continue
					}
					op, val, ok := q.keyCond(t, ix, k, c)
					if !ok {
						continue
					}
					switch op {
					case ">", ">=":
						if ch.lower == nil {
							ch.lower, ch.lowerInc, used[i] = val, op == ">=", true
						}
					case "<", "<=":
						if ch.upper == nil {
							ch.upper, ch.upperInc, used[i] = val, op == "<=", true
						}
					}
				}
				break
			}
		}
		if len(ch.eq) == 0 && ch.lower == nil && ch.upper == nil {
			continue
		}
		ch.score = len(ch.eq) * 4
		if ch.lower != nil || ch.upper != nil {
			ch.score++
		}
		if ix.Unique && len(ch.eq) == len(ix.Cols) {
			ch.score += 100
		}
		for i, c := range quals {
			if !used[i] {
				ch.rest = append(ch.rest, c)
			}
		}
		if best == nil || ch.score > best.score {
			best = ch
		}
	}
	return best
}

// fullJoinable reports whether PostgreSQL could plan a FULL JOIN with
// these conditions (joined-row indexes, the right side from rightOff):
// it needs none, or an equality between an expression of each side for a
// hash or merge join to use.
func fullJoinable(quals []expr.Expr, rightOff int) bool {
	conds := 0
	for _, c := range quals {
		if _, ok := c.(*expr.Const); ok {
			continue // ON true or ON false: no join condition to merge or hash
		}
		conds++
		call, ok := c.(*expr.Call)
		if !ok || call.Op != "=" || len(call.Args) != 2 {
			continue
		}
		a, b := spanOf(call.Args[0]), spanOf(call.Args[1])
		if a.volatile || b.volatile || a.max < 0 || b.max < 0 {
			continue
		}
		if (a.max < rightOff && b.min >= rightOff) || (b.max < rightOff && a.min >= rightOff) {
			return true
		}
	}
	return conds == 0
}
