package plan

import (
	"math"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// LATERAL: FROM items that read the columns of the items before them.
//
// A sub-select written LATERAL, and any function in FROM (implicitly
// lateral), is analysed one level below the FROM list built so far: its
// references to earlier items are expr.Var{Level: 1} with joined-row
// indexes, and an enclosing query's columns are one level further out.
// Such an item becomes the right side of a NestLoop with Param set, which
// runs it once per row of the items before it, pushed as its outer frame.
// An item that turns out to reference nothing outside itself is planned
// as any other item.
//
// What may be referenced follows PostgreSQL:
//   - a sub-select without LATERAL sees no sibling item: naming one is
//     42P01 (42703 for a bare column name) with a hint that it exists;
//   - the right side of a RIGHT or FULL join sees its left side but may not
//     reference it (42P10);
//   - the FROM items of UPDATE and DELETE may not reference the target
//     (42P10).

// colRange is a range [lo, hi) of joined-row columns.
type colRange struct {
	lo, hi int
}

func (r colRange) has(i int) bool { return i >= r.lo && i < r.hi }

// lateralUse says whether a FROM item reads the FROM list before it or an
// enclosing level (on), and the lowest joined-row column of the FROM list
// it reads (min; math.MaxInt when none).
type lateralUse struct {
	on  bool
	min int
}

// fromSubquery plans a sub-select in FROM; lateral reports whether it
// reads the items before it (or an enclosing query) and so must run once
// per row of them.
func (q *analyzer) fromSubquery(n *parser.RangeSubselect) (Node, []Column, lateralUse, error) {
	if !n.Lateral {
		node, cols, err := q.subqueryInFrom(n.Subquery)
		return node, cols, lateralUse{}, err
	}
	var node Node
	var cols []Column
	lateral, err := q.inLateral(func(top *scope) error {
		var err error
		node, cols, err = q.selectIn(n.Subquery, top)
		return err
	})
	return node, cols, lateral, err
}

// lateralArgs analyses a FROM function's arguments (analyse transforms
// them in q.sc) as a lateral item's.
func (q *analyzer) lateralArgs(analyse func() error) (lateralUse, error) {
	saved := q.sc
	defer func() { q.sc = saved }()
	return q.inLateral(func(top *scope) error {
		top.noAggs, top.noWins = "functions in FROM", "functions in FROM"
		top.funcArgs = true
		q.sc = top
		return analyse()
	})
}

// inLateral runs analyse for a lateral item of the FROM list in q.sc,
// giving it the scope to analyse in, and reports what the item read of
// the FROM list and enclosing levels. The FROM list is the parent level
// unless there is nothing before the item, or the item is the right side
// of a RIGHT or FULL join: then it is analysed as an ordinary item (whose
// outer references are the enclosing query's), and names of the FROM
// list are refused.
func (q *analyzer) inLateral(analyse func(top *scope) error) (lateralUse, error) {
	sc := q.sc
	top := &scope{q: q, ctes: sc.ctes}
	if sc.outerJoinLeft != nil || len(sc.entries) == 0 {
		top.parent, top.refusedFrom = sc.parent, sc
		return lateralUse{}, analyse(top)
	}
	top.parent = sc
	// The flags may be in use by an enclosing lateral item's analysis:
	// clear them for this one, then merge.
	type flags struct {
		refs bool
		min  int
	}
	var saved []flags
	for s := sc; s != nil; s = s.parent {
		saved = append(saved, flags{s.refsBelow, s.minRefBelow})
		s.refsBelow = false
	}
	err := analyse(top)
	use := lateralUse{min: math.MaxInt}
	if sc.refsBelow {
		use.min = sc.minRefBelow
	}
	i := 0
	for s := sc; s != nil; s = s.parent {
		use.on = use.on || s.refsBelow
		if f := saved[i]; f.refs {
			s.minRefBelow = min(f.min, s.minRefBelow)
			if !s.refsBelow {
				s.minRefBelow = f.min
			}
			s.refsBelow = true
		}
		i++
	}
	return use, err
}

// refuseLateral makes the columns [lo, hi) of the current FROM list (a
// join's left side) unreferenceable while the join's right side is
// analysed, when the join is RIGHT or FULL; the returned func undoes it.
func (q *analyzer) refuseLateral(kind JoinKind, lo, hi int) func() {
	if kind != JoinRight && kind != JoinFull {
		return func() {}
	}
	sc := q.sc
	saved := sc.outerJoinLeft
	sc.outerJoinLeft = &colRange{lo: lo, hi: hi}
	return func() { sc.outerJoinLeft = saved }
}

// outerRef checks and notes a reference from a lower level to column v
// of this level (v.Index a joined-row index).
func (s *scope) outerRef(v *expr.Var, loc int) error {
	if !s.refsBelow || v.Index < s.minRefBelow {
		s.minRefBelow = v.Index
	}
	s.refsBelow = true
	s.outerVars = append(s.outerVars, v)
	if s.target != nil && s.target.has(v.Index) {
		alias := s.entryAt(v.Index).alias
		return s.q.errAt(pgerr.New(pgerr.InvalidColumnReference, "invalid reference to FROM-clause entry for table %q", alias).
			WithHint("There is an entry for table %q, but it cannot be referenced from this part of the query.", alias), loc)
	}
	return nil
}

// refusedRef is called when a name was not found at level s, whose FROM
// list a lateral item may see but not reference: finding the name there is
// an error.
func (s *scope) refusedRef(fields []string, loc int) error {
	from := s.refusedFrom
	x, found, err := from.lookupHere(fields, loc)
	if err != nil || !found {
		return err
	}
	v, ok := x.(*expr.Var)
	if !ok {
		return nil
	}
	alias := from.entryAt(v.Index).alias
	if len(fields) >= 2 {
		alias = fields[len(fields)-2]
	}
	if from.outerJoinLeft == nil || !from.outerJoinLeft.has(v.Index) {
		return s.q.errAt(pgerr.New(pgerr.FeatureNotSupported, "a LATERAL reference from the right side of a RIGHT or FULL join to an item outside the join is not supported yet"), loc)
	}
	return s.q.errAt(pgerr.New(pgerr.InvalidColumnReference, "invalid reference to FROM-clause entry for table %q", alias).
		WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference."), loc)
}

// entryAt returns the FROM item holding joined-row column i (a named one
// before a join's alias that covers it).
func (s *scope) entryAt(i int) *rangeEntry {
	var out *rangeEntry
	for _, e := range s.entries {
		if i >= e.offset && i < e.offset+len(e.cols) && (out == nil || out.hidden) {
			out = e
		}
	}
	if out == nil {
		return &rangeEntry{}
	}
	return out
}

// hiddenReference explains a name that was not found when a FROM list
// the reference may not see (that of a sub-select without LATERAL) has
// it; nil when none has.
func (q *analyzer) hiddenReference(fields []string, loc int) error {
	for s := q.sc; s != nil; s = s.parent {
		h := s.hiddenFrom
		if h == nil {
			continue
		}
		if len(fields) == 1 {
			if e := h.entryWithColumn(fields[0]); e != nil {
				return q.errAt(pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", fields[0]).
					WithHint("There is a column named %q in table %q, but it cannot be referenced from this part of the query.", fields[0], e.alias), loc)
			}
			continue
		}
		name := fields[len(fields)-2]
		schema := ""
		if len(fields) == 3 {
			schema = fields[0]
		}
		e := h.findEntry(schema, name)
		if e == nil {
			e = h.entryForTable(schema, name)
		}
		if e != nil {
			return q.errAt(pgerr.New(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table %q", name).
				WithHint("There is an entry for table %q, but it cannot be referenced from this part of the query.", e.alias), loc)
		}
	}
	return nil
}

// entryWithColumn returns the first visible item with a column name.
func (s *scope) entryWithColumn(name string) *rangeEntry {
	for _, e := range s.entries {
		if e.hidden {
			continue
		}
		for i, c := range e.cols {
			if c.Name == name && (e.colsVis == nil || e.colsVis[i]) && !e.isMerged(i) {
				return e
			}
		}
	}
	return nil
}

// entryForTable returns an item that reads the table named name under an
// alias.
func (s *scope) entryForTable(schema, name string) *rangeEntry {
	for _, e := range s.entries {
		if e.table != nil && e.table.Name == name && (schema == "" || e.schema == schema) {
			return e
		}
	}
	return nil
}

// buildFrom builds a join tree whose items may be lateral: the items
// before the last lateral one are built (recursively), that item joins
// them in a parameterised nested loop, and the items after it join the
// result as one item. WHERE conditions go as deep as the join kinds allow.
// Without lateral items it is buildJoinTree.
func (q *analyzer) buildFrom(jt *joinTree, where []expr.Expr, base int) (Node, error) {
	k := -1
	for i, it := range jt.items {
		if it.lateral {
			k = i
		}
	}
	if k < 0 {
		return q.buildJoinTree(jt, where, base)
	}
	lat := jt.items[k]
	if lat.lateralMin < base {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "a LATERAL reference from a parenthesized join to an item outside it is not supported yet")
	}
	// The first item of a parenthesized join can only be lateral to an
	// enclosing query: it joins one empty row.
	step := &joinStep{kind: JoinInner}
	if k > 0 {
		step = jt.joins[k-1]
	}
	if step.kind != JoinInner && step.kind != JoinLeft {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "a LATERAL item on the right of a RIGHT or FULL join is not supported yet")
	}
	end := lat.offset + lat.width
	// A later RIGHT or FULL join can null-extend everything so far: then
	// every condition waits above it.
	pushable := true
	for _, s := range jt.joins[k:] {
		if s.kind == JoinRight || s.kind == JoinFull {
			pushable = false
		}
	}
	var below, joinQuals, rest []expr.Expr
	for _, c := range where {
		sp := spanOf(c)
		switch {
		case !pushable || sp.volatile || sp.max < 0:
			rest = append(rest, c)
		case sp.within(base, lat.offset):
			below = append(below, c)
		case step.kind == JoinInner && sp.within(base, end):
			joinQuals = append(joinQuals, c)
		default:
			rest = append(rest, c)
		}
	}
	var left Node = &Values{Rows: [][]expr.Expr{{}}}
	if k > 0 {
		var err error
		if left, err = q.buildFrom(&joinTree{items: jt.items[:k], joins: jt.joins[:k-1]}, below, base); err != nil {
			return nil, err
		}
	}
	if base > 0 {
		// The lateral item reads the left row by joined-row index: pad the
		// row so that indexes line up (and the join's conditions too).
		left = padRow(left, base)
	}
	right, err := q.buildItem(lat, base)
	if err != nil {
		return nil, err
	}
	var quals []expr.Expr
	for _, c := range append(append([]expr.Expr(nil), step.quals...), joinQuals...) {
		if k, ok := c.(*expr.Const); ok && !k.Value.Null && k.Value.I != 0 && k.T.Oid == boolT.Oid {
			continue // ON true
		}
		quals = append(quals, c)
	}
	var nl Node
	if flat := flatLateral(step.kind, left, right, quals); flat != nil {
		nl = flat
	} else {
		cols := append(append([]Column(nil), left.Columns()...), right.Columns()...)
		nl = &NestLoop{Kind: step.kind, Left: left, Right: right, Qual: andOf(quals), Cols: cols, Param: true}
	}
	if base > 0 {
		nl = dropColumns(nl, base)
	}
	joined := &fromItem{node: nl, offset: base, width: end - base}
	rem := &joinTree{items: append([]*fromItem{joined}, jt.items[k+1:]...), joins: jt.joins[k:]}
	return q.buildJoinTree(rem, rest, base)
}

// flatLateral joins left with a lateral item that computes exactly one
// row from the outer row alone (SELECT exprs [WHERE cond] with no FROM,
// the CROSS JOIN LATERAL idiom for named expressions) as a projection of
// left, with the condition as a filter: no loop re-opening the item per
// row. quals are the join's conditions over the joined row. It returns
// nil when the item is anything else, or when NULL-extension (a LEFT join
// that may not match) or a sub-query makes the rewrite unsafe.
func flatLateral(kind JoinKind, left, right Node, quals []expr.Expr) Node {
	p, ok := right.(*Project)
	if !ok {
		return nil
	}
	var cond expr.Expr
	in := p.Input
	if f, ok := in.(*Filter); ok {
		cond, in = f.Qual, f.Input
	}
	v, ok := in.(*Values)
	if !ok || len(v.Rows) != 1 || len(v.Rows[0]) != 0 || len(v.Cols) != 0 {
		return nil
	}
	if kind != JoinInner && (cond != nil || len(quals) > 0) {
		return nil
	}
	if !flattenable(cond) {
		return nil
	}
	for _, x := range p.Exprs {
		if !flattenable(x) {
			return nil
		}
	}
	if cond != nil {
		left = &Filter{Input: left, Qual: lowerLevel(cond)}
	}
	out := &Project{Input: left}
	for i, c := range left.Columns() {
		out.Exprs = append(out.Exprs, &expr.Var{Index: i, T: c.T, Name: c.Name})
		out.Cols = append(out.Cols, c)
	}
	for i, x := range p.Exprs {
		out.Exprs = append(out.Exprs, lowerLevel(x))
		out.Cols = append(out.Cols, p.Cols[i])
	}
	if len(quals) > 0 {
		return &Filter{Input: out, Qual: andOf(quals)}
	}
	return out
}

// flattenable reports whether x is made only of expression kinds whose
// Vars lowerLevel reaches (no sub-query, aggregate or window reference).
func flattenable(x expr.Expr) bool {
	ok := true
	walk(x, func(e expr.Expr) bool {
		switch e.(type) {
		case *expr.Var, *expr.Const, *expr.Param, *expr.CaseTestValue, *expr.Call, *expr.Cast,
			*expr.And, *expr.Or, *expr.Not, *expr.IsNull, *expr.BoolTest, *expr.Case,
			*expr.Coalesce, *expr.MinMax, *expr.NullIf, *expr.Distinct, *expr.InList,
			*expr.ArrayCtor, *expr.RowCtor, *expr.ArrayOp, *expr.Subscript:
		default:
			ok = false
		}
		return ok
	})
	return ok
}

// lowerLevel moves an expression of a lateral item up to the join's own
// level: the outer row (Level 1) becomes the row (Level 0), enclosing
// levels come one nearer. x must be flattenable and not shared.
func lowerLevel(x expr.Expr) expr.Expr {
	return mutate(x, func(e expr.Expr) (expr.Expr, bool) {
		if v, ok := e.(*expr.Var); ok {
			if v.Level > 0 {
				return &expr.Var{Level: v.Level - 1, Index: v.Index, T: v.T, Name: v.Name}, true
			}
			return v, true
		}
		return nil, false
	})
}

// padRow puts n NULL columns before n's row.
func padRow(in Node, n int) Node {
	p := &Project{Input: in}
	for i := 0; i < n; i++ {
		p.Exprs = append(p.Exprs, &expr.Const{T: unknownT, Value: types.Null})
		p.Cols = append(p.Cols, Column{T: unknownT})
	}
	for i, c := range in.Columns() {
		p.Exprs = append(p.Exprs, &expr.Var{Index: i, T: c.T, Name: c.Name})
		p.Cols = append(p.Cols, c)
	}
	return p
}

// dropColumns removes the first n columns of in's row.
func dropColumns(in Node, n int) Node {
	p := &Project{Input: in}
	for i, c := range in.Columns()[n:] {
		p.Exprs = append(p.Exprs, &expr.Var{Index: n + i, T: c.T, Name: c.Name})
		p.Cols = append(p.Cols, c)
	}
	return p
}

// outerStar expands alias.* naming an item of an enclosing level (or of
// the FROM list a lateral item stands in).
func (s *scope) outerStar(alias string, loc int) ([]expr.Expr, []Column, error) {
	level := 0
	for sc := s; sc != nil; sc = sc.parent {
		if e := sc.findEntry("", alias); e != nil && level > 0 {
			var exprs []expr.Expr
			var cols []Column
			for i, c := range e.cols {
				if c.Name == "" || e.isSys(i) {
					continue // dropped, or a system column
				}
				v := &expr.Var{Index: e.offset + i, Level: level, T: c.T, Name: c.Name}
				if err := sc.outerRef(v, loc); err != nil {
					return nil, nil, err
				}
				sc.q.columnRead(e)
				e.markUsed(i)
				exprs = append(exprs, v)
				cols = append(cols, c)
			}
			return exprs, cols, nil
		}
		if sc.refusedFrom != nil {
			if e := sc.refusedFrom.findEntry("", alias); e != nil && len(e.cols) > 0 {
				if err := sc.refusedRef([]string{alias, e.cols[0].Name}, loc); err != nil {
					return nil, nil, err
				}
			}
		}
		level++
	}
	if err := s.q.hiddenReference([]string{alias, "*"}, loc); err != nil {
		return nil, nil, err
	}
	return nil, nil, s.q.missingEntry([]string{alias, "*"}, loc)
}

// aggInFrom refuses an aggregate whose arguments read only columns of an
// enclosing level (the aggregate belongs to that level, as in PostgreSQL)
// when that level is in a clause that may have none: its FROM list (a
// lateral item), a JOIN condition, WHERE...
func (q *analyzer) aggInFrom(args []expr.Expr, loc int) error {
	lvl := -1
	for _, a := range args {
		walk(a, func(e expr.Expr) bool {
			if v, ok := e.(*expr.Var); ok && (lvl < 0 || v.Level < lvl) {
				lvl = v.Level
			}
			return true
		})
	}
	if lvl <= 0 {
		return nil
	}
	s := q.sc
	for i := 0; i < lvl && s != nil; i++ {
		s = s.parent
	}
	switch {
	case s == nil:
		return nil
	case s.noAggs != "":
		return q.errAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in %s", s.noAggs), loc)
	case s.inFrom:
		return q.errAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in FROM clause of their own query level"), loc)
	}
	return nil
}

// joinCondition analyses a JOIN's ON condition, where aggregates and
// window functions are not allowed.
func (q *analyzer) joinCondition(on parser.Expr) (expr.Expr, error) {
	sc := q.sc
	savedAggs, savedWins := sc.noAggs, sc.noWins
	sc.noAggs, sc.noWins = "JOIN conditions", "JOIN conditions"
	defer func() { sc.noAggs, sc.noWins = savedAggs, savedWins }()
	return q.transformBool(on, "JOIN/ON")
}
