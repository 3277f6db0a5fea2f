package parser

import "ringpg/pgerr"

// fromList parses from_list: table_ref (',' table_ref)*.
func (p *parser) fromList() []TableExpr {
	var l []TableExpr
	for !p.failed() {
		l = append(l, p.tableRef())
		if !p.accept(',') {
			break
		}
	}
	return l
}

// tableRef parses a table_ref with the joins that follow it.
func (p *parser) tableRef() TableExpr {
	defer p.leave()
	if !p.enter() {
		return &RangeVar{}
	}
	return p.joins(p.tableRefPrimary())
}

// joins parses joined_table continuations after left. Joins associate to
// the left; a qualified join's right side takes any joins that come before
// its ON/USING, as bison does.
func (p *parser) joins(left TableExpr) TableExpr {
	for !p.failed() {
		switch p.tok().kind {
		case kwCross:
			p.advance()
			p.expect(kwJoin)
			right := p.tableRefPrimary()
			left = &JoinExpr{Kind: JoinCross, Left: left, Right: right}
		case kwNatural:
			p.advance()
			kind := p.joinType()
			p.expect(kwJoin)
			right := p.tableRefPrimary()
			left = &JoinExpr{Kind: kind, Natural: true, Left: left, Right: right}
		case kwJoin, kwInner, kwLeft, kwRight, kwFull:
			kind := p.joinType()
			p.expect(kwJoin)
			right := p.tableRef()
			j := &JoinExpr{Kind: kind, Left: left, Right: right}
			p.joinQual(j)
			left = j
		default:
			return left
		}
	}
	return left
}

// joinType parses [INNER | LEFT|RIGHT|FULL [OUTER]].
func (p *parser) joinType() JoinKind {
	switch p.tok().kind {
	case kwInner:
		p.advance()
		return JoinInner
	case kwLeft, kwRight, kwFull:
		k := p.advance().kind
		p.accept(kwOuter)
		switch k {
		case kwLeft:
			return JoinLeft
		case kwRight:
			return JoinRight
		}
		return JoinFull
	}
	return JoinInner
}

// joinQual parses USING (cols) [AS alias] | ON a_expr.
func (p *parser) joinQual(j *JoinExpr) {
	if p.accept(kwUsing) {
		j.Using = p.parenNameList()
		if p.accept(kwAs) {
			j.UsingAlias = &Alias{Name: p.colID()}
		}
		return
	}
	p.expect(kwOn)
	j.On = p.aExpr()
}

// tableRefPrimary parses a table_ref other than an unparenthesised join.
func (p *parser) tableRefPrimary() TableExpr {
	t := p.tok()
	loc := t.start
	switch t.kind {
	case kwLateral:
		p.advance()
		if p.is('(') {
			sloc := p.tok().start
			sel := p.selectWithParens()
			return p.subselectRef(sel, true, sloc)
		}
		rf := p.funcTable()
		rf.Lateral = true
		return rf
	case '(':
		p.advance()
		sel, tbl := p.parenFrom()
		if sel != nil {
			return p.subselectRef(sel, false, loc)
		}
		if j, ok := tbl.(*JoinExpr); ok && p.aliasAhead() {
			j.Alias = p.aliasClause()
		}
		return tbl
	case kwRows:
		if p.peekKind(1) == kwFrom {
			return p.funcTable()
		}
	}
	if p.funcTableAhead() {
		return p.funcTable()
	}
	rv := p.relationExpr()
	if p.aliasAhead() {
		rv.Alias = p.aliasClause()
	}
	if p.is(kwTablesample) {
		ts := &RangeTableSample{Relation: rv, Location: p.advance().start}
		if p.peekKind(1) == '.' {
			ts.Method = p.attrs([]string{p.colID()})
		} else {
			ts.Method = []string{p.typeFuncName()}
		}
		p.expect('(')
		ts.Args = p.exprList()
		p.expect(')')
		if p.accept(kwRepeatable) {
			p.expect('(')
			ts.Repeatable = p.aExpr()
			p.expect(')')
		}
		return ts
	}
	return rv
}

// subselectRef finishes a sub-select in FROM with its required alias.
func (p *parser) subselectRef(sel *SelectStmt, lateral bool, loc int) TableExpr {
	rs := &RangeSubselect{Lateral: lateral, Subquery: sel}
	if p.aliasAhead() {
		rs.Alias = p.aliasClause()
		return rs
	}
	if p.failed() {
		return rs
	}
	if sel.Values != nil && sel.Op == SetOpNone {
		p.errorAt(pgerr.SyntaxError, "VALUES in FROM must have an alias", loc).
			WithHint("For example, FROM (VALUES ...) [AS] foo.")
	} else {
		p.errorAt(pgerr.SyntaxError, "subquery in FROM must have an alias", loc).
			WithHint("For example, FROM (SELECT ...) [AS] foo.")
	}
	return rs
}

// parenFrom parses what follows '(' in FROM: a parenthesised select, or a
// parenthesised joined table, up to and including the matching ')'.
func (p *parser) parenFrom() (*SelectStmt, TableExpr) {
	defer p.leave()
	if !p.enter() {
		return &SelectStmt{}, nil
	}
	if p.selectStart() {
		sel := p.selectNoParens()
		p.expect(')')
		return sel, nil
	}
	var t TableExpr
	if p.is('(') {
		loc := p.advance().start
		sel, tbl := p.parenFrom()
		if sel != nil {
			if p.selectContinues() || p.is(')') {
				s := p.continueSelect(sel)
				p.expect(')')
				return s, nil
			}
			if !p.aliasAhead() && !p.joinAhead() {
				p.syntaxError()
				return nil, &RangeVar{}
			}
			t = p.subselectRef(sel, false, loc)
		} else {
			if j, ok := tbl.(*JoinExpr); ok && p.aliasAhead() {
				j.Alias = p.aliasClause()
			}
			t = tbl
		}
		t = p.joins(t)
	} else {
		t = p.tableRef()
	}
	if _, ok := t.(*JoinExpr); !ok {
		// '(' table_ref ')' is not a table_ref unless it is a join.
		p.syntaxError()
		return nil, t
	}
	p.expect(')')
	return nil, t
}

// joinAhead reports whether a join keyword follows.
func (p *parser) joinAhead() bool {
	switch p.kind() {
	case kwCross, kwNatural, kwJoin, kwInner, kwLeft, kwRight, kwFull:
		return true
	}
	return false
}

// aliasAhead reports whether an alias clause follows.
func (p *parser) aliasAhead() bool {
	return p.is(kwAs) || isColID(p.tok())
}

// aliasClause parses [AS] ColId ['(' name_list ')'].
func (p *parser) aliasClause() *Alias {
	p.accept(kwAs)
	a := &Alias{Name: p.colID()}
	if p.is('(') {
		a.Cols = p.parenNameList()
	}
	return a
}

// specialFuncAhead reports whether one of the SQL-syntax functions
// (func_expr_common_subexpr) starts here.
func (p *parser) specialFuncAhead() bool {
	switch p.tok().kind {
	case kwCurrentDate, kwCurrentTime, kwCurrentTimestamp, kwLocaltime, kwLocaltimestamp,
		kwCurrentRole, kwCurrentUser, kwSessionUser, kwUser, kwCurrentCatalog, kwCast:
		return true
	case kwCurrentSchema:
		return p.peekKind(1) != '('
	case kwCoalesce, kwGreatest, kwLeast, kwNullif, kwExtract, kwPosition, kwSubstring,
		kwTrim, kwOverlay, kwNormalize:
		return p.peekKind(1) == '('
	case kwCollation:
		return p.peekKind(1) == kwFor
	}
	return false
}

// funcTableAhead reports whether a function call (rather than a relation
// name) starts here.
func (p *parser) funcTableAhead() bool {
	if p.specialFuncAhead() {
		return true
	}
	t := p.tok()
	if !isColID(t) && !isTypeFuncName(t) {
		return false
	}
	if !isColID(t) {
		// A type_func_name keyword can only be a function name here.
		return true
	}
	i := 1
	for p.peekKind(i) == '.' && isColLabel(p.peek(i+1)) {
		i += 2
	}
	// An unqualified function name must be a type_function_name: a
	// column-name keyword followed by '(' is a relation name (and an error).
	return p.peekKind(i) == '(' && (i > 1 || isTypeFuncName(t))
}

// funcTable parses func_table [WITH ORDINALITY] and its alias.
func (p *parser) funcTable() *RangeFunction {
	rf := &RangeFunction{}
	if p.is(kwRows) {
		p.advance()
		p.advance()
		p.expect('(')
		rf.RowsFrom = true
		for !p.failed() {
			item := &RangeFunctionItem{Func: p.funcExprWindowless()}
			if p.accept(kwAs) {
				item.ColDefs = p.tableFuncElementList()
			}
			rf.Funcs = append(rf.Funcs, item)
			if !p.accept(',') {
				break
			}
		}
		p.expect(')')
	} else {
		rf.Funcs = []*RangeFunctionItem{{Func: p.funcExprWindowless()}}
	}
	if p.is(tWithLA) && p.peekKind(1) == kwOrdinality {
		p.advance()
		p.advance()
		rf.Ordinality = true
	}
	p.funcAliasClause(rf)
	return rf
}

// funcExprWindowless parses a function call without FILTER/OVER, or one of
// the special SQL functions.
func (p *parser) funcExprWindowless() Expr {
	if p.specialFuncAhead() {
		return p.primary(false)
	}
	loc := p.tok().start
	var names []string
	if p.peekKind(1) == '.' {
		names = p.attrs([]string{p.colID()})
	} else {
		names = []string{p.typeFuncName()}
	}
	fc, _ := p.funcApplication(names, loc)
	return fc
}

// funcAliasClause parses func_alias_clause: an alias, possibly with a
// column definition list.
func (p *parser) funcAliasClause(rf *RangeFunction) {
	hasAs := p.accept(kwAs)
	if hasAs && p.is('(') {
		rf.ColDefs = p.tableFuncElementList()
		return
	}
	if !hasAs && !isColID(p.tok()) {
		return
	}
	rf.Alias = &Alias{Name: p.colID()}
	if !p.is('(') {
		return
	}
	// name_list or TableFuncElementList: a column definition has a type
	// after its name.
	if k := p.peekKind(2); k == ',' || k == ')' {
		rf.Alias.Cols = p.parenNameList()
		return
	}
	rf.ColDefs = p.tableFuncElementList()
}

// tableFuncElementList parses '(' ColId Typename [COLLATE name], ... ')'.
func (p *parser) tableFuncElementList() []*ColumnDef {
	p.expect('(')
	var l []*ColumnDef
	for !p.failed() {
		loc := p.tok().start
		cd := &ColumnDef{Name: p.colID(), Location: loc}
		cd.Type = p.typeName()
		if p.accept(kwCollate) {
			cd.Collation = p.anyName()
		}
		l = append(l, cd)
		if !p.accept(',') {
			break
		}
	}
	p.expect(')')
	return l
}

// indexParams parses index_params: index_elem (',' index_elem)*.
func (p *parser) indexParams() []*IndexElem {
	var l []*IndexElem
	for !p.failed() {
		l = append(l, p.indexElem())
		if !p.accept(',') {
			break
		}
	}
	return l
}

// indexElem parses a column, function call or (expression), then
// [COLLATE name] [opclass] [ASC|DESC] [NULLS FIRST|LAST].
func (p *parser) indexElem() *IndexElem {
	ie := &IndexElem{}
	t := p.tok()
	switch {
	case t.kind == '(':
		p.advance()
		ie.Expr = p.aExpr()
		p.expect(')')
	case p.funcTableAhead():
		ie.Expr = p.funcExprWindowless()
	default:
		ie.Name = p.colID()
	}
	if p.accept(kwCollate) {
		ie.Collation = p.anyName()
	}
	if isColID(p.tok()) {
		ie.Opclass = p.anyName()
		if p.is('(') {
			ie.OpclassOpts = p.relOptions()
		}
	}
	switch {
	case p.accept(kwAsc):
		ie.Dir = SortAsc
	case p.accept(kwDesc):
		ie.Dir = SortDesc
	}
	ie.Nulls = p.optNullsOrder()
	return ie
}
