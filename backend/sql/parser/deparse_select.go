package parser

import "strings"

// hasOptions reports whether a select carries clauses that, as an operand
// of a set operation, require parentheses.
func (s *SelectStmt) hasOptions() bool {
	return s.With != nil || s.OrderBy != nil || s.LimitCount != nil || s.LimitOffset != nil ||
		s.Locking != nil || s.Into != nil
}

func setOpPrec(op SetOp) int {
	if op == Intersect {
		return 2
	}
	return 1
}

func (s *SelectStmt) format(w *writer) {
	save := w.bexpr
	w.bexpr = false
	defer func() { w.bexpr = save }()
	if s.With != nil {
		s.With.format(w)
		w.byte(' ')
	}
	switch {
	case s.Op != SetOpNone:
		left, right := s.Left, s.Right
		if left == nil || right == nil {
			break
		}
		lp := left.hasOptions() || left.Op != SetOpNone && setOpPrec(left.Op) < setOpPrec(s.Op)
		rp := right.hasOptions() || right.Op != SetOpNone && setOpPrec(right.Op) <= setOpPrec(s.Op)
		w.setOperand(left, lp)
		w.str([...]string{"", " UNION ", " INTERSECT ", " EXCEPT "}[s.Op%4])
		if s.All {
			w.str("ALL ")
		}
		w.setOperand(right, rp)
	case s.Values != nil:
		w.str("VALUES ")
		for i, row := range s.Values {
			if i > 0 {
				w.str(", ")
			}
			w.byte('(')
			w.exprs(row)
			w.byte(')')
		}
	default:
		s.formatSimple(w)
	}
	if len(s.OrderBy) > 0 {
		w.str(" ORDER BY ")
		w.sortList(s.OrderBy)
	}
	if s.LimitCount != nil {
		if s.WithTies {
			w.str(" FETCH FIRST ")
			if precOf(s.LimitCount) == precPrimary || precOf(s.LimitCount) == precUnary && isNumConst(s.LimitCount) {
				w.expr(s.LimitCount)
			} else {
				w.byte('(')
				w.expr(s.LimitCount)
				w.byte(')')
			}
			w.str(" ROWS WITH TIES")
		} else {
			w.str(" LIMIT ")
			w.expr(s.LimitCount)
		}
	}
	if s.LimitOffset != nil {
		w.str(" OFFSET ")
		w.expr(s.LimitOffset)
	}
	for _, l := range s.Locking {
		w.byte(' ')
		l.format(w)
	}
}

func isNumConst(e Expr) bool {
	c, ok := e.(*AConst)
	return ok && (c.Kind == ConstInteger || c.Kind == ConstFloat)
}

// constExpr writes an AexprConst: a literal, or a typed literal in the
// type 'string' form (the only place where :: is not allowed).
func (w *writer) constExpr(e Expr) {
	tc, ok := e.(*TypeCast)
	if !ok {
		w.expr(e)
		return
	}
	c, ok := tc.Arg.(*AConst)
	if !ok || c.Kind != ConstString {
		w.expr(e)
		return
	}
	t := tc.Type
	if t.Name() == "interval" && len(t.Names) == 2 && t.Names[0] == "pg_catalog" {
		if sp, ok := intervalSpelling(t.Typmods); ok {
			rest := sp[len("interval"):]
			if strings.HasPrefix(rest, "(") {
				w.str("INTERVAL" + rest + " " + QuoteString(c.Val))
			} else {
				w.str("INTERVAL " + QuoteString(c.Val) + rest)
			}
			return
		}
	}
	t.format(w)
	w.byte(' ')
	w.str(QuoteString(c.Val))
}

func (w *writer) setOperand(s *SelectStmt, paren bool) {
	if paren {
		w.byte('(')
	}
	s.format(w)
	if paren {
		w.byte(')')
	}
}

func (s *SelectStmt) formatSimple(w *writer) {
	w.str("SELECT")
	if s.Distinct {
		w.str(" DISTINCT")
		if s.DistinctOn != nil {
			w.str(" ON (")
			w.exprs(s.DistinctOn)
			w.byte(')')
		}
	}
	if len(s.Targets) > 0 {
		w.byte(' ')
		w.targets(s.Targets)
	}
	if s.Into != nil {
		w.str(" INTO ")
		s.Into.format(w)
	}
	if len(s.From) > 0 {
		w.str(" FROM ")
		w.fromList(s.From)
	}
	if s.Where != nil {
		w.str(" WHERE ")
		w.expr(s.Where)
	}
	if len(s.GroupBy) > 0 {
		w.str(" GROUP BY ")
		if s.GroupDistinct {
			w.str("DISTINCT ")
		}
		w.exprs(s.GroupBy)
	}
	if s.Having != nil {
		w.str(" HAVING ")
		w.expr(s.Having)
	}
	if len(s.Windows) > 0 {
		w.str(" WINDOW ")
		for i, win := range s.Windows {
			if i > 0 {
				w.str(", ")
			}
			w.ident(win.Name)
			w.str(" AS ")
			win.formatSpec(w)
		}
	}
}

// format writes SELECT INTO's target (CREATE TABLE AS writes its own).
func (n *IntoClause) format(w *writer) {
	if n.Rel == nil {
		return
	}
	w.persistence(n.Rel)
	w.str("TABLE ")
	w.rangeVarName(n.Rel)
}

// persistence writes TEMPORARY or UNLOGGED with a trailing space.
func (w *writer) persistence(rv *RangeVar) {
	switch rv.Persistence {
	case Temporary:
		w.str("TEMPORARY ")
	case Unlogged:
		w.str("UNLOGGED ")
	}
}

func (w *writer) targets(l []*ResTarget) {
	for i, t := range l {
		if i > 0 {
			w.str(", ")
		}
		t.format(w)
	}
}

func (n *ResTarget) format(w *writer) {
	w.expr(n.Val)
	if n.Name != "" {
		w.str(" AS ")
		w.ident(n.Name)
	}
}

// rangeVarName writes a relation's qualified name.
func (w *writer) rangeVarName(rv *RangeVar) {
	if rv.Catalog != "" {
		w.ident(rv.Catalog)
		w.byte('.')
	}
	if rv.Schema != "" {
		w.ident(rv.Schema)
		w.byte('.')
	}
	w.ident(rv.Name)
}

func (n *RangeVar) format(w *writer) {
	if n.Only {
		w.str("ONLY ")
	}
	w.rangeVarName(n)
	n.Alias.formatAs(w)
}

func (a *Alias) formatAs(w *writer) {
	if a == nil {
		return
	}
	w.str(" AS ")
	a.format(w)
}

func (a *Alias) format(w *writer) {
	w.ident(a.Name)
	if len(a.Cols) > 0 {
		w.parenIdents(a.Cols)
	}
}

func (w *writer) fromList(l []TableExpr) {
	for i, t := range l {
		if i > 0 {
			w.str(", ")
		}
		t.format(w)
	}
}

func (n *RangeSubselect) format(w *writer) {
	if n.Lateral {
		w.str("LATERAL ")
	}
	w.byte('(')
	n.Subquery.format(w)
	w.byte(')')
	n.Alias.formatAs(w)
}

func (n *RangeFunction) format(w *writer) {
	if n.Lateral {
		w.str("LATERAL ")
	}
	if n.RowsFrom {
		w.str("ROWS FROM (")
		for i, f := range n.Funcs {
			if i > 0 {
				w.str(", ")
			}
			f.format(w)
		}
		w.byte(')')
	} else if len(n.Funcs) > 0 {
		w.windowlessFunc(n.Funcs[0].Func)
	}
	if n.Ordinality {
		w.str(" WITH ORDINALITY")
	}
	if n.Alias != nil {
		w.str(" AS ")
		w.ident(n.Alias.Name)
		if len(n.ColDefs) > 0 {
			w.colDefList(n.ColDefs)
		} else if len(n.Alias.Cols) > 0 {
			w.parenIdents(n.Alias.Cols)
		}
	} else if len(n.ColDefs) > 0 {
		w.str(" AS ")
		w.colDefList(n.ColDefs)
	}
}

func (n *RangeFunctionItem) format(w *writer) {
	w.windowlessFunc(n.Func)
	if len(n.ColDefs) > 0 {
		w.str(" AS ")
		w.colDefList(n.ColDefs)
	}
}

// windowlessFunc writes a function in FROM or an index, where casts must
// be spelt CAST(...).
func (w *writer) windowlessFunc(e Expr) {
	if tc, ok := e.(*TypeCast); ok {
		w.str("CAST(")
		w.expr(tc.Arg)
		w.str(" AS ")
		tc.Type.format(w)
		w.byte(')')
		return
	}
	e.format(w)
}

func (w *writer) colDefList(l []*ColumnDef) {
	w.byte('(')
	for i, c := range l {
		if i > 0 {
			w.str(", ")
		}
		w.ident(c.Name)
		w.byte(' ')
		c.Type.format(w)
		if c.Collation != nil {
			w.str(" COLLATE ")
			w.names(c.Collation)
		}
	}
	w.byte(')')
}

func (n *RangeTableSample) format(w *writer) {
	n.Relation.format(w)
	w.str(" TABLESAMPLE ")
	w.funcName(n.Method)
	w.byte('(')
	w.exprs(n.Args)
	w.byte(')')
	if n.Repeatable != nil {
		w.str(" REPEATABLE (")
		w.expr(n.Repeatable)
		w.byte(')')
	}
}

func (n *JoinExpr) format(w *writer) {
	if n.Alias != nil {
		w.byte('(')
	}
	n.Left.format(w)
	switch {
	case n.Kind == JoinCross:
		w.str(" CROSS JOIN ")
	default:
		if n.Natural {
			w.str(" NATURAL")
		}
		w.str([...]string{" JOIN ", " LEFT JOIN ", " FULL JOIN ", " RIGHT JOIN ", " JOIN "}[n.Kind%5])
	}
	if j, ok := n.Right.(*JoinExpr); ok && j.Alias == nil {
		w.byte('(')
		j.format(w)
		w.byte(')')
	} else {
		n.Right.format(w)
	}
	switch {
	case n.Using != nil:
		w.str(" USING ")
		w.parenIdents(n.Using)
		if n.UsingAlias != nil {
			w.str(" AS ")
			w.ident(n.UsingAlias.Name)
		}
	case n.On != nil:
		w.str(" ON ")
		w.expr(n.On)
	}
	if n.Alias != nil {
		w.byte(')')
		n.Alias.formatAs(w)
	}
}

func (w *writer) sortList(l []*SortBy) {
	for i, s := range l {
		if i > 0 {
			w.str(", ")
		}
		s.format(w)
	}
}

func (n *SortBy) format(w *writer) {
	w.expr(n.Expr)
	switch n.Dir {
	case SortAsc:
		w.str(" ASC")
	case SortDesc:
		w.str(" DESC")
	case SortUsing:
		w.str(" USING ")
		w.str(opSpelling(n.UsingOp))
	}
	switch n.Nulls {
	case NullsFirst:
		w.str(" NULLS FIRST")
	case NullsLast:
		w.str(" NULLS LAST")
	}
}

// formatSpec writes a window specification in parentheses.
func (n *WindowDef) formatSpec(w *writer) {
	w.byte('(')
	sep := ""
	if n.Refname != "" {
		w.ident(n.Refname)
		sep = " "
	}
	if len(n.PartitionBy) > 0 {
		w.str(sep + "PARTITION BY ")
		w.exprs(n.PartitionBy)
		sep = " "
	}
	if len(n.OrderBy) > 0 {
		w.str(sep + "ORDER BY ")
		w.sortList(n.OrderBy)
		sep = " "
	}
	if n.Frame != nil {
		w.str(sep)
		n.Frame.format(w)
	}
	w.byte(')')
}

func (f *WindowFrame) format(w *writer) {
	w.str([...]string{"RANGE ", "ROWS ", "GROUPS "}[f.Mode%3])
	if f.End != nil {
		w.str("BETWEEN ")
		f.Start.format(w)
		w.str(" AND ")
		f.End.format(w)
	} else {
		f.Start.format(w)
	}
	switch f.Exclude {
	case ExcludeCurrentRow:
		w.str(" EXCLUDE CURRENT ROW")
	case ExcludeGroup:
		w.str(" EXCLUDE GROUP")
	case ExcludeTies:
		w.str(" EXCLUDE TIES")
	}
}

func (n *WindowDef) format(w *writer) {
	if n.Name != "" {
		w.ident(n.Name)
		w.str(" AS ")
	}
	n.formatSpec(w)
}

func (b FrameBound) format(w *writer) {
	switch b.Kind {
	case BoundUnboundedPreceding:
		w.str("UNBOUNDED PRECEDING")
	case BoundUnboundedFollowing:
		w.str("UNBOUNDED FOLLOWING")
	case BoundCurrentRow:
		w.str("CURRENT ROW")
	default:
		if isNumConst(b.Offset) || precOf(b.Offset) != precPrimary {
			w.exprPrec(b.Offset, precOr)
		} else {
			w.byte('(')
			w.expr(b.Offset)
			w.byte(')')
		}
		if b.Kind == BoundPreceding {
			w.str(" PRECEDING")
		} else {
			w.str(" FOLLOWING")
		}
	}
}

func (n *WithClause) format(w *writer) {
	w.str("WITH ")
	if n.Recursive {
		w.str("RECURSIVE ")
	}
	for i, c := range n.CTEs {
		if i > 0 {
			w.str(", ")
		}
		c.format(w)
	}
}

func (n *CommonTableExpr) format(w *writer) {
	w.ident(n.Name)
	if len(n.ColNames) > 0 {
		w.parenIdents(n.ColNames)
	}
	w.str(" AS ")
	switch n.Materialized {
	case CTEMaterializeAlways:
		w.str("MATERIALIZED ")
	case CTEMaterializeNever:
		w.str("NOT MATERIALIZED ")
	}
	w.byte('(')
	if n.Query != nil {
		n.Query.format(w)
	}
	w.byte(')')
	if n.Search != nil {
		w.byte(' ')
		n.Search.format(w)
	}
	if n.Cycle != nil {
		w.byte(' ')
		n.Cycle.format(w)
	}
}

func (s *CTESearchClause) format(w *writer) {
	if s.Breadth {
		w.str("SEARCH BREADTH FIRST BY ")
	} else {
		w.str("SEARCH DEPTH FIRST BY ")
	}
	w.identList(s.Cols)
	w.str(" SET ")
	w.ident(s.SeqColumn)
}

func (c *CTECycleClause) format(w *writer) {
	w.str("CYCLE ")
	w.identList(c.Cols)
	w.str(" SET ")
	w.ident(c.MarkColumn)
	if c.MarkValue != nil {
		w.str(" TO ")
		w.constExpr(c.MarkValue)
		w.str(" DEFAULT ")
		w.constExpr(c.MarkDefault)
	}
	w.str(" USING ")
	w.ident(c.PathColumn)
}

func (n *LockingClause) format(w *writer) {
	w.str([...]string{"FOR KEY SHARE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR UPDATE"}[n.Strength%4])
	if len(n.Rels) > 0 {
		w.str(" OF ")
		for i, r := range n.Rels {
			if i > 0 {
				w.str(", ")
			}
			w.rangeVarName(r)
		}
	}
	switch n.Wait {
	case LockWaitError:
		w.str(" NOWAIT")
	case LockWaitSkip:
		w.str(" SKIP LOCKED")
	}
}

func (n *InsertStmt) format(w *writer) {
	if n.With != nil {
		n.With.format(w)
		w.byte(' ')
	}
	w.str("INSERT INTO ")
	w.rangeVarName(n.Relation)
	if n.Relation.Alias != nil {
		w.str(" AS ")
		w.ident(n.Relation.Alias.Name)
	}
	if len(n.Cols) > 0 {
		w.str(" (")
		for i, c := range n.Cols {
			if i > 0 {
				w.str(", ")
			}
			w.ident(c.Name)
			w.indirection(c.Indirection)
		}
		w.byte(')')
	}
	switch n.Overriding {
	case OverridingUserValue:
		w.str(" OVERRIDING USER VALUE")
	case OverridingSystemValue:
		w.str(" OVERRIDING SYSTEM VALUE")
	}
	if n.Select == nil {
		w.str(" DEFAULT VALUES")
	} else {
		w.byte(' ')
		n.Select.format(w)
	}
	if n.OnConflict != nil {
		w.byte(' ')
		n.OnConflict.format(w)
	}
	w.returning(n.Returning)
}

func (n *OnConflictClause) format(w *writer) {
	w.str("ON CONFLICT")
	if n.Infer != nil {
		w.byte(' ')
		n.Infer.format(w)
	}
	if n.Action == OnConflictNothing {
		w.str(" DO NOTHING")
		return
	}
	w.str(" DO UPDATE SET ")
	w.setClauses(n.Set)
	if n.Where != nil {
		w.str(" WHERE ")
		w.expr(n.Where)
	}
}

func (n *InferClause) format(w *writer) {
	if n.Constraint != "" {
		w.str("ON CONSTRAINT ")
		w.ident(n.Constraint)
		return
	}
	w.byte('(')
	w.indexElems(n.Elems)
	w.byte(')')
	if n.Where != nil {
		w.str(" WHERE ")
		w.expr(n.Where)
	}
}

func (w *writer) returning(l []*ResTarget) {
	if len(l) > 0 {
		w.str(" RETURNING ")
		w.targets(l)
	}
}

func (w *writer) setClauses(l []*SetClause) {
	for i, sc := range l {
		if i > 0 {
			w.str(", ")
		}
		sc.format(w)
	}
}

func (n *SetClause) format(w *writer) {
	if n.Multi {
		w.byte('(')
	}
	for j, t := range n.Targets {
		if j > 0 {
			w.str(", ")
		}
		w.ident(t.Name)
		w.indirection(t.Indirection)
	}
	if n.Multi {
		w.byte(')')
	}
	w.str(" = ")
	w.expr(n.Value)
}

// relationWithAlias writes [ONLY] name [AS alias] for UPDATE and DELETE.
func (w *writer) relationWithAlias(rv *RangeVar) {
	if rv.Only {
		w.str("ONLY ")
	}
	w.rangeVarName(rv)
	if rv.Alias != nil {
		w.str(" AS ")
		w.ident(rv.Alias.Name)
	}
}

func (n *UpdateStmt) format(w *writer) {
	if n.With != nil {
		n.With.format(w)
		w.byte(' ')
	}
	w.str("UPDATE ")
	w.relationWithAlias(n.Relation)
	w.str(" SET ")
	w.setClauses(n.Set)
	if len(n.From) > 0 {
		w.str(" FROM ")
		w.fromList(n.From)
	}
	w.where(n.Where)
	w.returning(n.Returning)
}

func (w *writer) where(e Expr) {
	if e != nil {
		w.str(" WHERE ")
		if c, ok := e.(*CurrentOf); ok {
			c.format(w)
		} else {
			w.expr(e)
		}
	}
}

func (n *DeleteStmt) format(w *writer) {
	if n.With != nil {
		n.With.format(w)
		w.byte(' ')
	}
	w.str("DELETE FROM ")
	w.relationWithAlias(n.Relation)
	if len(n.Using) > 0 {
		w.str(" USING ")
		w.fromList(n.Using)
	}
	w.where(n.Where)
	w.returning(n.Returning)
}

func (w *writer) indexElems(l []*IndexElem) {
	for i, e := range l {
		if i > 0 {
			w.str(", ")
		}
		e.format(w)
	}
}

func (n *IndexElem) format(w *writer) {
	switch e := n.Expr.(type) {
	case nil:
		w.ident(n.Name)
	case *FuncCall:
		if precOf(e) == precPrimary {
			e.format(w)
		} else {
			w.byte('(')
			w.expr(e)
			w.byte(')')
		}
	default:
		w.byte('(')
		w.expr(e)
		w.byte(')')
	}
	if n.Collation != nil {
		w.str(" COLLATE ")
		w.names(n.Collation)
	}
	if n.Opclass != nil {
		w.byte(' ')
		w.names(n.Opclass)
		if n.OpclassOpts != nil {
			w.byte(' ')
			w.relOptions(n.OpclassOpts)
		}
	}
	switch n.Dir {
	case SortAsc:
		w.str(" ASC")
	case SortDesc:
		w.str(" DESC")
	}
	switch n.Nulls {
	case NullsFirst:
		w.str(" NULLS FIRST")
	case NullsLast:
		w.str(" NULLS LAST")
	}
}
