package parser

// insertStmt parses INSERT INTO ...
func (p *parser) insertStmt() *InsertStmt {
	p.expect(kwInsert)
	p.expect(kwInto)
	s := &InsertStmt{}
	s.Relation = p.qualifiedName()
	if p.accept(kwAs) {
		s.Relation.Alias = &Alias{Name: p.colID()}
	}
	if p.is(kwDefault) {
		p.advance()
		p.expect(kwValues)
	} else {
		if p.is('(') && !p.parenSelectAhead() {
			p.advance()
			for !p.failed() {
				loc := p.tok().start
				rt := &ResTarget{Name: p.colID(), Location: loc}
				if p.is('.') || p.is('[') {
					rt.Indirection = p.indirection()
					p.checkIndirection(rt.Indirection)
				}
				s.Cols = append(s.Cols, rt)
				if !p.accept(',') {
					break
				}
			}
			p.expect(')')
		}
		if p.accept(kwOverriding) {
			switch {
			case p.accept(kwUser):
				s.Overriding = OverridingUserValue
			case p.accept(kwSystem):
				s.Overriding = OverridingSystemValue
			default:
				p.syntaxError()
			}
			p.expect(kwValue)
		}
		s.Select = p.selectStmt()
	}
	if p.is(kwOn) {
		s.OnConflict = p.onConflict()
	}
	if p.accept(kwReturning) {
		s.Returning = p.targetList()
	}
	return s
}

// parenSelectAhead reports whether the '(' at the current token opens a
// parenthesised select rather than a column list.
func (p *parser) parenSelectAhead() bool {
	switch p.peekKind(1) {
	case kwSelect, kwWith, tWithLA, kwTable, '(':
		return true
	case kwValues:
		return p.peekKind(2) == '('
	}
	return false
}

// selectStmt parses SelectStmt: select_no_parens or select_with_parens.
func (p *parser) selectStmt() *SelectStmt {
	return p.selectNoParens()
}

func (p *parser) onConflict() *OnConflictClause {
	oc := &OnConflictClause{Location: p.advance().start}
	p.expect(kwConflict)
	if p.is('(') {
		ic := &InferClause{Location: p.advance().start}
		ic.Elems = p.indexParams()
		p.expect(')')
		if p.accept(kwWhere) {
			ic.Where = p.aExpr()
		}
		oc.Infer = ic
	} else if p.is(kwOn) {
		ic := &InferClause{Location: p.advance().start}
		p.expect(kwConstraint)
		ic.Constraint = p.colID()
		oc.Infer = ic
	}
	p.expect(kwDo)
	if p.accept(kwNothing) {
		oc.Action = OnConflictNothing
		return oc
	}
	p.expect(kwUpdate)
	p.expect(kwSet)
	oc.Action = OnConflictUpdate
	oc.Set = p.setClauseList()
	if p.accept(kwWhere) {
		oc.Where = p.aExpr()
	}
	return oc
}

// setClauseList parses set_clause_list.
func (p *parser) setClauseList() []*SetClause {
	var l []*SetClause
	for !p.failed() {
		sc := &SetClause{}
		if p.is('(') {
			p.advance()
			sc.Multi = true
			for !p.failed() {
				sc.Targets = append(sc.Targets, p.setTarget())
				if !p.accept(',') {
					break
				}
			}
			p.expect(')')
		} else {
			sc.Targets = []*ResTarget{p.setTarget()}
		}
		p.expect('=')
		sc.Value = p.aExpr()
		l = append(l, sc)
		if !p.accept(',') {
			break
		}
	}
	return l
}

func (p *parser) setTarget() *ResTarget {
	loc := p.tok().start
	rt := &ResTarget{Name: p.colID(), Location: loc}
	if p.is('.') || p.is('[') {
		rt.Indirection = p.indirection()
		p.checkIndirection(rt.Indirection)
	}
	return rt
}

// relationExprOptAlias parses relation_expr_opt_alias; SET is never an
// alias, so that UPDATE t SET works.
func (p *parser) relationExprOptAlias() *RangeVar {
	rv := p.relationExpr()
	if p.accept(kwAs) {
		rv.Alias = &Alias{Name: p.colID()}
	} else if isColID(p.tok()) && !p.is(kwSet) {
		rv.Alias = &Alias{Name: p.advance().str}
	}
	return rv
}

// whereOrCurrent parses [WHERE a_expr | WHERE CURRENT OF cursor].
func (p *parser) whereOrCurrent() Expr {
	if !p.accept(kwWhere) {
		return nil
	}
	if p.is(kwCurrent) && p.peekKind(1) == kwOf {
		p.advance()
		p.advance()
		return &CurrentOf{Cursor: p.colID()}
	}
	return p.aExpr()
}

// updateStmt parses UPDATE ...
func (p *parser) updateStmt() *UpdateStmt {
	p.expect(kwUpdate)
	s := &UpdateStmt{}
	s.Relation = p.relationExprOptAlias()
	p.expect(kwSet)
	s.Set = p.setClauseList()
	if p.accept(kwFrom) {
		s.From = p.fromList()
	}
	s.Where = p.whereOrCurrent()
	if p.accept(kwReturning) {
		s.Returning = p.targetList()
	}
	return s
}

// deleteStmt parses DELETE FROM ...
func (p *parser) deleteStmt() *DeleteStmt {
	p.expect(kwDelete)
	p.expect(kwFrom)
	s := &DeleteStmt{}
	s.Relation = p.relationExprOptAlias()
	if p.accept(kwUsing) {
		s.Using = p.fromList()
	}
	s.Where = p.whereOrCurrent()
	if p.accept(kwReturning) {
		s.Returning = p.targetList()
	}
	return s
}
