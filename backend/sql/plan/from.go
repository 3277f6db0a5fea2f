package plan

import (
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// fromItem is a planned FROM item before WHERE conditions are placed:
// either a base table (scan chosen later) or a finished node.
type fromItem struct {
	entry *rangeEntry // base table or single subquery: its entry; nil for joins
	table *Table
	node  Node // for non-table items
	// width is the number of columns it contributes, offset where they start.
	offset, width int
	quals         []expr.Expr // conditions on this item alone (joined-row indexes)
	lock          LockStrength
	wait          LockWait
	emitTID       bool
	// lateral: node reads the columns of the items before it (or of an
	// enclosing query) one level up, and runs once per row of them;
	// lateralMin is the lowest joined-row column of this level it reads.
	lateral    bool
	lateralMin int
}

// joinTree is the planned FROM clause: items joined left-deep in order.
type joinTree struct {
	items []*fromItem
	// joins[i] joins items[0..i] with items[i+1].
	joins []*joinStep
}

type joinStep struct {
	kind  JoinKind
	quals []expr.Expr // ON conditions (joined-row indexes)
}

// fromClause adds every FROM item to the scope and returns the join tree.
func (q *analyzer) fromClause(from []parser.TableExpr) (*joinTree, error) {
	jt := &joinTree{}
	sc := q.sc
	sc.inFrom = true
	defer func() { sc.inFrom = false }()
	for i, item := range from {
		if err := q.fromItem(jt, item, i > 0, JoinInner, nil); err != nil {
			return nil, err
		}
	}
	return jt, nil
}

// fromItem plans one item, joined to what precedes it with kind.
func (q *analyzer) fromItem(jt *joinTree, item parser.TableExpr, joined bool, kind JoinKind, on parser.Expr) error {
	sc := q.sc
	switch n := item.(type) {
	case *parser.JoinExpr:
		defer markInJoin(sc, len(sc.entries))
		if n.Alias != nil || n.UsingAlias != nil {
			return q.aliasedJoin(jt, n, joined)
		}
		return q.joinExpr(jt, n, joined)
	case *parser.RangeVar:
		fi, err := q.rangeVar(n)
		if err != nil {
			return err
		}
		return q.appendItem(jt, fi, joined, kind)
	case *parser.RangeSubselect:
		node, cols, lat, err := q.fromSubquery(n)
		if err != nil {
			return err
		}
		if n.Alias == nil {
			return pgerr.New(pgerr.SyntaxError, "subquery in FROM must have an alias")
		}
		if err := aliasFits(n.Alias.Name, len(cols), n.Alias); err != nil {
			return err
		}
		cols = renameCols(cols, n.Alias)
		e := &rangeEntry{alias: n.Alias.Name, cols: cols}
		sc.add(e)
		return q.appendItem(jt, &fromItem{entry: e, node: node, offset: e.offset, width: len(cols), lateral: lat.on, lateralMin: lat.min}, joined, kind)
	case *parser.RangeFunction:
		node, cols, alias, lat, err := q.rangeFunction(n)
		if err != nil {
			return err
		}
		e := &rangeEntry{alias: alias, cols: cols}
		e.scalar = len(cols) == 1 && !n.Ordinality && len(n.ColDefs) == 0 && len(n.Funcs) == 1
		sc.add(e)
		return q.appendItem(jt, &fromItem{entry: e, node: node, offset: e.offset, width: len(cols), lateral: lat.on, lateralMin: lat.min}, joined, kind)
	}
	return pgerr.New(pgerr.FeatureNotSupported, "FROM item %s is not supported yet", item.String())
}

func (q *analyzer) appendItem(jt *joinTree, fi *fromItem, joined bool, kind JoinKind) error {
	if len(jt.items) > 0 {
		jt.joins = append(jt.joins, &joinStep{kind: kind})
	}
	jt.items = append(jt.items, fi)
	return nil
}

// aliasFits refuses an alias naming more columns than a FROM item has.
func aliasFits(name string, ncols int, a *parser.Alias) error {
	if a != nil && len(a.Cols) > ncols {
		return pgerr.New(pgerr.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified", name, ncols, len(a.Cols))
	}
	return nil
}

func renameCols(cols []Column, a *parser.Alias) []Column {
	out := make([]Column, len(cols))
	copy(out, cols)
	if a != nil {
		for i, n := range a.Cols {
			if i < len(out) {
				out[i].Name = n
			}
		}
	}
	return out
}

// rangeVar resolves a table name (a CTE first, then the catalog).
func (q *analyzer) rangeVar(n *parser.RangeVar) (*fromItem, error) {
	sc := q.sc
	alias := n.Name
	if n.Alias != nil {
		alias = n.Alias.Name
	}
	if n.Schema == "" {
		if cte := q.findCTE(n.Name); cte != nil {
			node, cols, err := q.cteReference(cte)
			if err != nil {
				return nil, q.errAt(err, n.Location)
			}
			if err := aliasFits(alias, len(cols), n.Alias); err != nil {
				return nil, err
			}
			cols = renameCols(cols, n.Alias)
			e := &rangeEntry{alias: alias, cols: cols}
			sc.add(e)
			return &fromItem{entry: e, node: node, offset: e.offset, width: len(cols)}, nil
		}
	}
	t, err := q.openTable(n)
	if err != nil {
		return nil, err
	}
	q.require(t, acl.Select)
	if q.inView == 0 {
		q.noteDirect(t)
	}
	if t.Kind == 'v' {
		return q.viewReference(t, n, alias)
	}
	q.noteTable(t)
	cols := make([]Column, len(t.Cols))
	vis := make([]bool, len(t.Cols))
	for i, c := range t.Cols {
		cols[i] = Column{Name: c.Name, T: c.T, Table: t.Oid, Attnum: int16(i + 1)}
		vis[i] = !c.Dropped
		if c.Dropped {
			cols[i].Name = ""
		}
	}
	live := 0
	for _, c := range t.Cols {
		if !c.Dropped {
			live++
		}
	}
	if err := aliasFits(alias, live, n.Alias); err != nil {
		return nil, q.errAt(err, n.Location)
	}
	cols = renameCols(cols, n.Alias)
	if sc.findEntry("", alias) != nil {
		return nil, q.errAt(pgerr.New(pgerr.DuplicateAlias, "table name %q specified more than once", alias), n.Location)
	}
	e := &rangeEntry{alias: alias, schema: t.Schema, cols: cols, table: t, colsVis: vis, used: make([]bool, len(cols))}
	e.addSysCols(q.sysWanted())
	sc.add(e)
	q.noteRelation(n, t, e, sc)
	if q.inView == 0 {
		q.directEntries = append(q.directEntries, e)
	}
	if q.trackBases {
		q.bases = append(q.bases, e)
	}
	return &fromItem{entry: e, table: t, offset: e.offset, width: len(e.cols)}, nil
}

func (q *analyzer) noteTable(t *Table) {
	for _, x := range q.tables {
		if x == t {
			return
		}
	}
	q.tables = append(q.tables, t)
}

// joinKinds maps the parser's join kinds to the plan's.
var joinKinds = map[parser.JoinKind]JoinKind{
	parser.JoinInner: JoinInner, parser.JoinCross: JoinInner,
	parser.JoinLeft: JoinLeft, parser.JoinRight: JoinRight, parser.JoinFull: JoinFull,
}

// joinLeft plans the left side of join n (nullable under RIGHT and FULL
// joins) and returns where its columns start, the plan's kind of the
// join, and whether the right side is nullable.
func (q *analyzer) joinLeft(jt *joinTree, n *parser.JoinExpr, joined bool) (leftStart int, kind JoinKind, nullRight bool, err error) {
	leftStart = q.sc.width
	nullLeft := n.Kind == parser.JoinRight || n.Kind == parser.JoinFull
	q.nullableSide(nullLeft, 1)
	err = q.fromItem(jt, n.Left, joined, JoinInner, nil)
	q.nullableSide(nullLeft, -1)
	return leftStart, joinKinds[n.Kind], n.Kind == parser.JoinLeft || n.Kind == parser.JoinFull, err
}

// joinExpr plans a JOIN: its left side joins what precedes it (if any)
// as an inner item, its right side is joined with kind and ON.
func (q *analyzer) joinExpr(jt *joinTree, n *parser.JoinExpr, joined bool) error {
	if _, ok := n.Right.(*parser.JoinExpr); ok {
		// a JOIN (b JOIN c): plan the parenthesised join as its own tree.
		return q.nestedJoin(jt, n, joined)
	}
	leftStart, kind, nullRight, err := q.joinLeft(jt, n, joined)
	if err != nil {
		return err
	}
	leftEnd := q.sc.width
	undo := q.refuseLateral(kind, leftStart, leftEnd)
	q.nullableSide(nullRight, 1)
	err = q.fromItem(jt, n.Right, true, kind, nil)
	q.nullableSide(nullRight, -1)
	undo()
	if err != nil {
		return err
	}
	step := jt.joins[len(jt.joins)-1]
	step.kind = kind
	rightEntry := q.sc.entries[len(q.sc.entries)-1]
	var quals []expr.Expr
	switch {
	case n.Natural || len(n.Using) > 0:
		names := n.Using
		if n.Natural {
			names = q.commonNames(leftStart, leftEnd, rightEntry)
		}
		q.sc.usingSeq++
		seen := map[string]bool{}
		for _, name := range names {
			if seen[name] {
				return pgerr.New(pgerr.DuplicateColumn, "column name %q appears more than once in USING clause", name)
			}
			seen[name] = true
			lref, take, err := q.usingSide(name, leftStart, leftEnd)
			if err != nil {
				return err
			}
			r := -1
			for i, c := range rightEntry.cols {
				if c.Name == name && (rightEntry.colsVis == nil || rightEntry.colsVis[i]) {
					if r >= 0 {
						return pgerr.New(pgerr.AmbiguousColumn, "common column name %q appears more than once in right table", name)
					}
					r = i
				}
			}
			if r < 0 {
				return pgerr.New(pgerr.UndefinedColumn, "column %q specified in USING clause does not exist in right table", name)
			}
			rref := q.entryColumnRef(rightEntry, r)
			l, rv := lref(), rref()
			eq, err := q.operator("=", l, rv, -1)
			if err != nil {
				return err
			}
			quals = append(quals, eq)
			t, err := q.commonType([]expr.Expr{l, rv}, "JOIN/USING", nil)
			if err != nil {
				return err
			}
			// Both inputs' copies are now reachable only qualified.
			take()
			rightEntry.mergeColumn(r)
			q.sc.using = append(q.sc.using, &usingCol{name: name, start: leftStart, seq: q.sc.usingSeq, t: t, kind: kind, left: lref, right: rref})
		}
	case n.On != nil:
		x, err := q.joinCondition(n.On)
		if err != nil {
			return err
		}
		quals = conjuncts(x)
	}
	step.quals = quals
	return nil
}

// nullableSide counts, while the side of an outer join that it fills
// with NULLs is analysed, how deep in such sides the analysis is (a
// recursive WITH query may not read itself there).
func (q *analyzer) nullableSide(on bool, delta int) {
	if on {
		q.nullable += delta
	}
}

// aliasedJoin plans (a JOIN b ...) AS j: j names the join's columns, and
// the names of its inputs are no longer visible to unqualified lookup.
func (q *analyzer) aliasedJoin(jt *joinTree, n *parser.JoinExpr, joined bool) error {
	sc := q.sc
	startW, startE := sc.width, len(sc.entries)
	if err := q.joinExpr(jt, n, joined); err != nil {
		return err
	}
	if n.UsingAlias != nil {
		// JOIN ... USING (...) AS u: u names the join's merged columns.
		var cols []Column
		var exprs []func() expr.Expr
		for _, u := range sc.using {
			if u.seq == sc.usingSeq {
				u := u
				cols = append(cols, Column{Name: u.name, T: u.t})
				exprs = append(exprs, func() expr.Expr { return u.value(q) })
			}
		}
		if err := q.addJoinAlias(n.UsingAlias.Name, cols, nil, exprs, startW, n.UsingAlias); err != nil {
			return err
		}
		// Only qualified names reach it: SELECT * lists the join's columns.
		sc.entries[len(sc.entries)-1].hidden = true
	}
	if n.Alias == nil {
		return nil
	}
	merged := sc.usingAt(startW, sc.width)
	var cols []Column
	var vis []bool
	var exprs []func() expr.Expr
	var mergedFlags []bool
	skippedSys := false
	for _, u := range merged {
		u := u
		cols = append(cols, Column{Name: u.name, T: u.t})
		vis = append(vis, true)
		exprs = append(exprs, func() expr.Expr { return u.value(q) })
		mergedFlags = append(mergedFlags, true)
	}
	for _, e := range sc.entries[startE:] {
		if e.hidden || e.exprs != nil {
			continue // an alias inside this join, or inputs it hides
		}
		for i, c := range e.cols {
			if e.isMerged(i) {
				continue
			}
			if e.isSys(i) {
				skippedSys = true // the join has no system columns
				continue
			}
			cols = append(cols, c)
			vis = append(vis, e.colsVis == nil || e.colsVis[i])
			exprs = append(exprs, q.entryColumnRef(e, i))
			mergedFlags = append(mergedFlags, false)
		}
	}
	for _, e := range sc.entries[startE:] {
		e.hidden, e.aliased = true, true
	}
	if len(merged) == 0 && !skippedSys {
		exprs, mergedFlags = nil, nil // the columns lie at their offsets
	}
	if err := q.addJoinAlias(n.Alias.Name, cols, vis, exprs, startW, n.Alias); err != nil {
		return err
	}
	if mergedFlags != nil {
		// Unqualified, a merged column is the join's USING column.
		sc.entries[len(sc.entries)-1].merged = mergedFlags
	}
	return nil
}

// addJoinAlias adds the FROM entry naming a join's columns (exprs nil:
// they lie at offset, in order).
func (q *analyzer) addJoinAlias(alias string, cols []Column, vis []bool, exprs []func() expr.Expr, offset int, a *parser.Alias) error {
	sc := q.sc
	for _, e := range sc.entries {
		if e.alias == alias {
			return pgerr.New(pgerr.DuplicateAlias, "table name %q specified more than once", alias)
		}
	}
	if err := aliasFits(alias, len(cols), a); err != nil {
		return err
	}
	if exprs == nil {
		for _, e := range sc.entries {
			if e.offset >= offset && e.table != nil {
				// Reads through the alias are not tracked per column.
				for i := range e.cols {
					e.markUsed(i)
				}
				q.columnRead(e)
			}
		}
	}
	sc.entries = append(sc.entries, &rangeEntry{alias: alias, cols: renameCols(cols, a), colsVis: vis, exprs: exprs, offset: offset})
	return nil
}

// nestedJoin handles a join whose right side is itself a join: that join
// is planned to a node first, then joined as one item.
func (q *analyzer) nestedJoin(jt *joinTree, n *parser.JoinExpr, joined bool) error {
	leftStart, kind, nullRight, err := q.joinLeft(jt, n, joined)
	if err != nil {
		return err
	}
	start := q.sc.width
	sub := &joinTree{}
	undo := q.refuseLateral(kind, leftStart, start)
	q.nullableSide(nullRight, 1)
	err = q.fromItem(sub, n.Right, false, JoinInner, nil)
	q.nullableSide(nullRight, -1)
	undo()
	if err != nil {
		return err
	}
	node, err := q.buildFrom(sub, nil, start)
	if err != nil {
		return err
	}
	fi := &fromItem{node: node, offset: start, width: q.sc.width - start}
	jt.joins = append(jt.joins, &joinStep{kind: kind})
	jt.items = append(jt.items, fi)
	if n.On != nil {
		x, err := q.joinCondition(n.On)
		if err != nil {
			return err
		}
		jt.joins[len(jt.joins)-1].quals = conjuncts(x)
	} else if n.Natural || len(n.Using) > 0 {
		return pgerr.New(pgerr.FeatureNotSupported, "USING with a parenthesised join is not supported yet")
	}
	return nil
}

// rangeFunction plans a function in FROM (generate_series, unnest...),
// or several side by side (ROWS FROM (...), or unnest with several
// arrays, which PostgreSQL reads as ROWS FROM of one unnest per array).
// Its arguments may read the items before it (a function in FROM is
// implicitly LATERAL); lateral reports whether they do.
func (q *analyzer) rangeFunction(n *parser.RangeFunction) (_ Node, _ []Column, _ string, lateral lateralUse, _ error) {
	calls, err := rangeFuncCalls(n)
	if err != nil {
		return nil, nil, "", lateralUse{}, err
	}
	names := make([]string, len(calls))
	for i, fc := range calls {
		if names[i], err = funcName(fc.Name); err != nil {
			return nil, nil, "", lateralUse{}, q.errAt(err, fc.Location)
		}
	}
	args := make([][]expr.Expr, len(calls))
	lateral, err = q.lateralArgs(func() error {
		for k, fc := range calls {
			args[k] = make([]expr.Expr, len(fc.Args))
			for i, a := range fc.Args {
				var err error
				if args[k][i], err = q.transform(a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, "", lateralUse{}, err
	}
	alias := names[0]
	if n.Alias != nil {
		alias = n.Alias.Name
	}
	if len(calls) == 1 {
		node, cols, err := q.oneRangeFunction(n, calls[0], names[0], args[0])
		return node, cols, alias, lateral, err
	}
	scan := &FunctionScan{Ordinality: n.Ordinality}
	var cols []Column
	for k, fc := range calls {
		res, err := q.resolveRangeCall(fc, names[k], args[k])
		if err != nil {
			return nil, nil, "", lateralUse{}, err
		}
		if !res.Func.RetSet {
			return nil, nil, "", lateralUse{}, q.errAt(pgerr.New(pgerr.FeatureNotSupported,
				"a function that is not set-returning in ROWS FROM is not supported yet"), fc.Location)
		}
		fcols := funcColumns(res, names[k], nil)
		cols = append(cols, fcols...)
		if k == 0 {
			scan.Fn, scan.Args = res.Func, args[k]
			continue
		}
		scan.More = append(scan.More, RangeFunc{Fn: res.Func, Args: args[k], Width: len(fcols)})
	}
	scan.Width = len(cols) - sumWidths(scan.More)
	if n.Ordinality {
		cols = append(cols, Column{Name: "ordinality", T: int8T})
	}
	scan.Cols = renameCols(cols, n.Alias)
	return scan, scan.Cols, alias, lateral, nil
}

// rangeFuncCalls lists the calls of a FROM function item.
func rangeFuncCalls(n *parser.RangeFunction) ([]*parser.FuncCall, error) {
	calls := make([]*parser.FuncCall, len(n.Funcs))
	for i, it := range n.Funcs {
		fc, ok := it.Func.(*parser.FuncCall)
		if !ok {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "this FROM function form is not supported yet")
		}
		calls[i] = fc
	}
	if len(calls) == 1 && !n.RowsFrom && len(n.ColDefs) == 0 {
		fc := calls[0]
		if len(fc.Args) > 1 && isUnnest(fc) {
			split := make([]*parser.FuncCall, len(fc.Args))
			for i, a := range fc.Args {
				one := *fc
				one.Args = []parser.Expr{a}
				split[i] = &one
			}
			return split, nil
		}
	}
	return calls, nil
}

// isUnnest reports a call of unnest (unqualified or pg_catalog's) with
// plain arguments.
func isUnnest(fc *parser.FuncCall) bool {
	switch {
	case fc.Star || fc.Distinct || fc.Variadic || len(fc.OrderBy) > 0 || fc.Filter != nil || fc.Over != nil:
		return false
	case len(fc.Name) == 1:
		return fc.Name[0] == "unnest"
	case len(fc.Name) == 2:
		return fc.Name[0] == "pg_catalog" && fc.Name[1] == "unnest"
	}
	return false
}

func sumWidths(fs []RangeFunc) int {
	n := 0
	for _, f := range fs {
		n += f.Width
	}
	return n
}

// resolveRangeCall resolves a FROM function call over its analysed
// arguments and coerces them in place.
func (q *analyzer) resolveRangeCall(fc *parser.FuncCall, name string, args []expr.Expr) (*funcs.Resolved, error) {
	ats := make([]types.T, len(args))
	for i, a := range args {
		ats[i] = a.Type()
	}
	res, err := resolveFunc(name, ats, fc.Variadic)
	if err != nil {
		return nil, q.errAt(err, fc.Location)
	}
	for i := range args {
		if args[i], err = q.coerce(args[i], res.ArgTypes[i], types.CastImplicit, fc.Location); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// funcColumns are the columns a FROM function yields: its output
// columns, or one named after the function (or the item's alias).
func funcColumns(res *funcs.Resolved, name string, alias *parser.Alias) []Column {
	var cols []Column
	if len(res.Func.Out) > 0 {
		for _, c := range res.Func.Out {
			cols = append(cols, Column{Name: c.Name, T: outColumnType(c.Type, res.ArgTypes)})
		}
		return cols
	}
	if alias != nil {
		name = alias.Name
	}
	return []Column{{Name: name, T: res.Result}}
}

// oneRangeFunction plans a FROM item of one function.
func (q *analyzer) oneRangeFunction(n *parser.RangeFunction, fc *parser.FuncCall, name string, args []expr.Expr) (Node, []Column, error) {
	res, err := q.resolveRangeCall(fc, name, args)
	if err != nil {
		return nil, nil, err
	}
	returnsRecord := res.Func.Result == types.RecordOid && len(res.Func.Out) == 0
	switch {
	case len(n.ColDefs) > 0 && !returnsRecord:
		return nil, nil, q.errAt(pgerr.New(pgerr.SyntaxError, "a column definition list is only allowed for functions returning \"record\""), fc.Location)
	case len(n.ColDefs) == 0 && returnsRecord:
		return nil, nil, q.errAt(pgerr.New(pgerr.SyntaxError, "a column definition list is required for functions returning \"record\""), fc.Location)
	case returnsRecord:
		return q.recordFunction(n, res, args, fc)
	}
	cols := funcColumns(res, name, n.Alias)
	if n.Ordinality {
		cols = append(cols, Column{Name: "ordinality", T: int8T})
	}
	cols = renameCols(cols, n.Alias)
	if !res.Func.RetSet {
		// A scalar function in FROM yields one row.
		call, err := q.callResolved(res, args, fc.Location)
		if err != nil {
			return nil, nil, err
		}
		return &Values{Rows: [][]expr.Expr{{call}}, Cols: cols}, cols, nil
	}
	return &FunctionScan{Fn: res.Func, Args: args, Ordinality: n.Ordinality, Cols: cols}, cols, nil
}

// conjuncts splits an AND tree.
func conjuncts(x expr.Expr) []expr.Expr {
	if a, ok := x.(*expr.And); ok {
		var out []expr.Expr
		for _, c := range a.Args {
			out = append(out, conjuncts(c)...)
		}
		return out
	}
	return []expr.Expr{x}
}

func andOf(xs []expr.Expr) expr.Expr {
	switch len(xs) {
	case 0:
		return nil
	case 1:
		return xs[0]
	}
	return &expr.And{Args: xs}
}

// viewReference plans a view in FROM as the sub-query it stands for.
func (q *analyzer) viewReference(t *Table, n *parser.RangeVar, alias string) (*fromItem, error) {
	stmts, err := parser.Parse(t.ViewDef)
	if err != nil {
		return nil, err
	}
	sel, ok := stmts[0].(*parser.SelectStmt)
	if !ok || len(stmts) != 1 {
		return nil, pgerr.New(pgerr.InternalError, "view %q has no SELECT", t.Name)
	}
	// The view's query is analysed in its own text, with no outer scope.
	// Its literals are its own, never the statement's (generic planning).
	// Its tables are read with its owner's privileges.
	saved, savedSQL, savedLits, savedAs := q.sc, q.sql, q.lits, q.checkAs
	q.sc, q.sql, q.lits, q.checkAs = nil, t.ViewDef, nil, t.Owner
	q.inView++
	node, cols, err := q.selectStmt(sel)
	q.inView--
	q.sc, q.sql, q.lits, q.checkAs = saved, savedSQL, savedLits, savedAs
	if err != nil {
		return nil, err
	}
	for i := range cols {
		if i < len(t.Cols) {
			cols[i].Name = t.Cols[i].Name
		}
		cols[i].Table, cols[i].Attnum = 0, 0
	}
	cols = renameCols(cols, n.Alias)
	e := &rangeEntry{alias: alias, schema: t.Schema, cols: cols}
	q.sc.add(e)
	q.noteRelation(n, t, e, q.sc)
	return &fromItem{entry: e, node: node, offset: e.offset, width: len(cols)}, nil
}

// ViewColumns analyses a view's query and returns its output columns
// (CREATE VIEW) and the tables and views its text names (not those of
// the views it reads): the view's dependencies.
func ViewColumns(sel *parser.SelectStmt, sql string, cat Catalog, env *types.Env) ([]Column, []*Table, []ColumnUse, error) {
	q := &analyzer{cat: cat, sql: sql, env: env}
	_, cols, err := q.selectStmt(sel)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := q.paramTypes(); err != nil {
		return nil, nil, nil, err
	}
	if len(q.params) > 0 {
		return nil, nil, nil, pgerr.New(pgerr.UndefinedParameter, "there is no parameter $1")
	}
	return cols, q.direct, q.columnUses(), nil
}

// ColumnUse is a column of a table that a statement's own text reads.
type ColumnUse struct {
	Table  uint32
	Attnum int16
}

// columnUses lists the columns of the tables the statement's text names
// that it reads, each once, in order.
func (q *analyzer) columnUses() []ColumnUse {
	var out []ColumnUse
	seen := map[ColumnUse]bool{}
	for _, e := range q.directEntries {
		for i, u := range e.used {
			c := ColumnUse{Table: e.table.Oid, Attnum: int16(i + 1)}
			if u && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// noteDirect records a relation the statement's own text names.
func (q *analyzer) noteDirect(t *Table) {
	for _, x := range q.direct {
		if x.Oid == t.Oid {
			return
		}
	}
	q.direct = append(q.direct, t)
}

// recordFunction plans a function returning record in FROM: its columns
// are the column definition list's.
func (q *analyzer) recordFunction(n *parser.RangeFunction, res *funcs.Resolved, args []expr.Expr, fc *parser.FuncCall) (Node, []Column, error) {
	if res.Func.RecordSRF == nil {
		return nil, nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "function %s returning record is not supported in FROM yet", res.Func.Name), fc.Location)
	}
	scan := &FunctionScan{Fn: res.Func, Args: args, Ordinality: n.Ordinality}
	var cols []Column
	for _, cd := range n.ColDefs {
		t, err := q.typeName(cd.Type)
		if err != nil {
			return nil, nil, err
		}
		cols = append(cols, Column{Name: cd.Name, T: t})
		scan.RecordCols = append(scan.RecordCols, funcs.Column{Name: cd.Name, Type: t.Oid})
		scan.RecordTypes = append(scan.RecordTypes, t)
	}
	if n.Ordinality {
		cols = append(cols, Column{Name: "ordinality", T: int8T})
	}
	scan.Cols = renameCols(cols, n.Alias)
	return scan, scan.Cols, nil
}
