package plan

import (
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/expr"
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
				return nil, err
			}
			cols = renameCols(cols, n.Alias)
			e := &rangeEntry{alias: alias, cols: cols}
			sc.add(e)
			return &fromItem{entry: e, node: node, offset: e.offset, width: len(cols)}, nil
		}
	}
	t, err := q.cat.LookupTable(n.Schema, n.Name)
	if err != nil {
		return nil, q.errAt(err, n.Location)
	}
	q.require(t, acl.Select)
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
	cols = renameCols(cols, n.Alias)
	if sc.findEntry("", alias) != nil {
		return nil, q.errAt(pgerr.New(pgerr.DuplicateAlias, "table name %q specified more than once", alias), n.Location)
	}
	e := &rangeEntry{alias: alias, schema: t.Schema, cols: cols, table: t, colsVis: vis, used: make([]bool, len(cols))}
	sc.add(e)
	if q.trackBases {
		q.bases = append(q.bases, e)
	}
	return &fromItem{entry: e, table: t, offset: e.offset, width: len(cols)}, nil
}

func (q *analyzer) noteTable(t *Table) {
	for _, x := range q.tables {
		if x == t {
			return
		}
	}
	q.tables = append(q.tables, t)
}

// joinExpr plans a JOIN: its left side joins what precedes it (if any)
// as an inner item, its right side is joined with kind and ON.
func (q *analyzer) joinExpr(jt *joinTree, n *parser.JoinExpr, joined bool) error {
	if _, ok := n.Right.(*parser.JoinExpr); ok {
		// a JOIN (b JOIN c): plan the parenthesised join as its own tree.
		return q.nestedJoin(jt, n, joined)
	}
	leftStart := q.sc.width
	if err := q.fromItem(jt, n.Left, joined, JoinInner, nil); err != nil {
		return err
	}
	leftEnd := q.sc.width
	kind := map[parser.JoinKind]JoinKind{
		parser.JoinInner: JoinInner, parser.JoinCross: JoinInner,
		parser.JoinLeft: JoinLeft, parser.JoinRight: JoinRight, parser.JoinFull: JoinFull,
	}[n.Kind]
	undo := q.refuseLateral(kind, leftStart, leftEnd)
	err := q.fromItem(jt, n.Right, true, kind, nil)
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
		for _, name := range names {
			l, err := q.columnInRange(name, leftStart, leftEnd)
			if err != nil {
				return err
			}
			r := -1
			for i, c := range rightEntry.cols {
				if c.Name == name {
					r = i
				}
			}
			if r < 0 {
				return pgerr.New(pgerr.UndefinedColumn, "column %q specified in USING clause does not exist in right table", name)
			}
			rv := &expr.Var{Index: rightEntry.offset + r, T: rightEntry.cols[r].T, Name: name}
			rightEntry.markUsed(r)
			eq, err := q.operator("=", l, rv, -1)
			if err != nil {
				return err
			}
			quals = append(quals, eq)
			// The right side's copy is hidden from unqualified lookup.
			if rightEntry.colsVis == nil {
				rightEntry.colsVis = make([]bool, len(rightEntry.cols))
				for i := range rightEntry.colsVis {
					rightEntry.colsVis[i] = true
				}
			}
			rightEntry.colsVis[r] = false
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

// nestedJoin handles a join whose right side is itself a join: that join
// is planned to a node first, then joined as one item.
func (q *analyzer) nestedJoin(jt *joinTree, n *parser.JoinExpr, joined bool) error {
	leftStart := q.sc.width
	if err := q.fromItem(jt, n.Left, joined, JoinInner, nil); err != nil {
		return err
	}
	kind := map[parser.JoinKind]JoinKind{
		parser.JoinInner: JoinInner, parser.JoinCross: JoinInner,
		parser.JoinLeft: JoinLeft, parser.JoinRight: JoinRight, parser.JoinFull: JoinFull,
	}[n.Kind]
	start := q.sc.width
	sub := &joinTree{}
	undo := q.refuseLateral(kind, leftStart, start)
	err := q.fromItem(sub, n.Right, false, JoinInner, nil)
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

func (q *analyzer) commonNames(start, end int, right *rangeEntry) []string {
	var out []string
	for _, e := range q.sc.entries {
		if e.offset < start || e.offset >= end {
			continue
		}
		for _, c := range e.cols {
			for _, rc := range right.cols {
				if c.Name != "" && c.Name == rc.Name {
					out = append(out, c.Name)
				}
			}
		}
	}
	return out
}

func (q *analyzer) columnInRange(name string, start, end int) (expr.Expr, error) {
	var found expr.Expr
	for _, e := range q.sc.entries {
		if e.offset < start || e.offset >= end {
			continue
		}
		for i, c := range e.cols {
			if c.Name == name {
				if found != nil {
					return nil, pgerr.New(pgerr.AmbiguousColumn, "common column name %q appears more than once in left table", name)
				}
				found = &expr.Var{Index: e.offset + i, T: c.T, Name: name}
				e.markUsed(i)
			}
		}
	}
	if found == nil {
		return nil, pgerr.New(pgerr.UndefinedColumn, "column %q specified in USING clause does not exist in left table", name)
	}
	return found, nil
}

// rangeFunction plans a function in FROM (generate_series, unnest...).
// Its arguments may read the items before it (a function in FROM is
// implicitly LATERAL); lateral reports whether they do.
func (q *analyzer) rangeFunction(n *parser.RangeFunction) (_ Node, _ []Column, _ string, lateral lateralUse, _ error) {
	if len(n.Funcs) != 1 {
		return nil, nil, "", lateralUse{}, pgerr.New(pgerr.FeatureNotSupported, "ROWS FROM is not supported yet")
	}
	fc, ok := n.Funcs[0].Func.(*parser.FuncCall)
	if !ok {
		return nil, nil, "", lateralUse{}, pgerr.New(pgerr.FeatureNotSupported, "this FROM function form is not supported yet")
	}
	name, err := funcName(fc.Name)
	if err != nil {
		return nil, nil, "", lateralUse{}, q.errAt(err, fc.Location)
	}
	args := make([]expr.Expr, len(fc.Args))
	ats := make([]types.T, len(fc.Args))
	lateral, err = q.lateralArgs(func() error {
		for i, a := range fc.Args {
			var err error
			if args[i], err = q.transform(a); err != nil {
				return err
			}
			ats[i] = args[i].Type()
		}
		return nil
	})
	if err != nil {
		return nil, nil, "", lateralUse{}, err
	}
	res, err := resolveFunc(name, ats, fc.Variadic)
	if err != nil {
		return nil, nil, "", lateralUse{}, q.errAt(err, fc.Location)
	}
	for i := range args {
		if args[i], err = q.coerce(args[i], res.ArgTypes[i], types.CastImplicit, fc.Location); err != nil {
			return nil, nil, "", lateralUse{}, err
		}
	}
	alias := name
	if n.Alias != nil {
		alias = n.Alias.Name
	}
	var cols []Column
	if len(res.Func.Out) > 0 {
		for _, c := range res.Func.Out {
			cols = append(cols, Column{Name: c.Name, T: types.Of(c.Type)})
		}
	} else {
		colName := name
		if n.Alias != nil {
			colName = n.Alias.Name
		}
		cols = []Column{{Name: colName, T: res.Result}}
	}
	if n.Ordinality {
		cols = append(cols, Column{Name: "ordinality", T: int8T})
	}
	cols = renameCols(cols, n.Alias)
	if !res.Func.RetSet {
		// A scalar function in FROM yields one row.
		call, err := q.callResolved(res, args, fc.Location)
		if err != nil {
			return nil, nil, "", lateralUse{}, err
		}
		return &Values{Rows: [][]expr.Expr{{call}}, Cols: cols}, cols, alias, lateral, nil
	}
	return &FunctionScan{Fn: res.Func, Args: args, Ordinality: n.Ordinality, Cols: cols}, cols, alias, lateral, nil
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
	node, cols, err := q.selectStmt(sel)
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
	return &fromItem{entry: e, node: node, offset: e.offset, width: len(cols)}, nil
}

// ViewColumns analyses a view's query and returns its output columns
// (CREATE VIEW) and the tables it reads.
func ViewColumns(sel *parser.SelectStmt, sql string, cat Catalog, env *types.Env) ([]Column, []*Table, error) {
	q := &analyzer{cat: cat, sql: sql, env: env}
	_, cols, err := q.selectStmt(sel)
	if err != nil {
		return nil, nil, err
	}
	if _, err := q.paramTypes(); err != nil {
		return nil, nil, err
	}
	if len(q.params) > 0 {
		return nil, nil, pgerr.New(pgerr.UndefinedParameter, "there is no parameter $1")
	}
	return cols, q.tables, nil
}
