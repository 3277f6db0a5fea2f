package parser

import "ringpg/pgerr"

// selectStart reports whether the current token begins an unparenthesised
// select (select_no_parens).
func (p *parser) selectStart() bool {
	switch p.tok().kind {
	case kwSelect, kwWith, tWithLA, kwTable:
		return true
	case kwValues:
		return p.peekKind(1) == '('
	}
	return false
}

// selectNoParens parses select_no_parens, which may also begin with a
// parenthesised select.
func (p *parser) selectNoParens() *SelectStmt {
	defer p.leave()
	if !p.enter() {
		return &SelectStmt{}
	}
	var with *WithClause
	if p.is(kwWith) || p.is(tWithLA) {
		with = p.withClause()
	}
	body := p.setOps(p.selectClause(), 1)
	p.selectTail(body, with)
	return body
}

// continueSelect finishes a select_no_parens whose first select_clause,
// a parenthesised select, has already been parsed.
func (p *parser) continueSelect(first *SelectStmt) *SelectStmt {
	body := p.setOps(first, 1)
	p.selectTail(body, nil)
	return body
}

// selectContinues reports whether the current token continues a select
// after a parenthesised select_clause.
func (p *parser) selectContinues() bool {
	switch p.tok().kind {
	case kwUnion, kwIntersect, kwExcept, kwOrder, kwLimit, kwOffset, kwFetch, kwFor:
		return true
	}
	return false
}

// selectWithParens parses '(' select ')'.
func (p *parser) selectWithParens() *SelectStmt {
	defer p.leave()
	if !p.enter() {
		return &SelectStmt{}
	}
	p.expect('(')
	s := p.selectNoParens()
	p.expect(')')
	return s
}

// selectClause parses simple_select or select_with_parens.
func (p *parser) selectClause() *SelectStmt {
	switch p.tok().kind {
	case '(':
		return p.selectWithParens()
	case kwSelect:
		return p.simpleSelect()
	case kwValues:
		return p.valuesClause()
	case kwTable:
		loc := p.advance().start
		rv := p.relationExpr()
		return &SelectStmt{
			Targets:  []*ResTarget{{Val: &ColumnRef{Star: true, Location: -1}, Location: -1}},
			From:     []TableExpr{rv},
			StmtSpan: StmtSpan{Location: loc},
		}
	}
	p.syntaxError()
	return &SelectStmt{}
}

// setOps parses UNION/EXCEPT (left-associative) and INTERSECT (binding
// tighter) after left.
func (p *parser) setOps(left *SelectStmt, minPrec int) *SelectStmt {
	for !p.failed() {
		var op SetOp
		prec := 1
		switch p.tok().kind {
		case kwUnion:
			op = Union
		case kwExcept:
			op = Except
		case kwIntersect:
			op, prec = Intersect, 2
		default:
			return left
		}
		if prec < minPrec {
			return left
		}
		p.advance()
		all := false
		if p.accept(kwAll) {
			all = true
		} else {
			p.accept(kwDistinct)
		}
		right := p.setOps(p.selectClause(), prec+1)
		left = &SelectStmt{Op: op, All: all, Left: left, Right: right}
	}
	return left
}

// selectTail parses the ORDER BY, LIMIT/OFFSET/FETCH and locking clauses
// that follow a select_clause, and attaches them and the WITH clause to s
// the way insertSelectOptions does.
func (p *parser) selectTail(s *SelectStmt, with *WithClause) {
	if p.is(kwOrder) {
		order := p.orderByClause()
		if p.failed() {
			return
		}
		if s.OrderBy != nil {
			p.errorAt(pgerr.SyntaxError, "multiple ORDER BY clauses not allowed", order[0].exprLoc())
			return
		}
		s.OrderBy = order
	}
	var locking []*LockingClause
	if p.is(kwFor) {
		locking = p.lockingClause()
		p.limitClauses(s)
	} else {
		p.limitClauses(s)
		if p.is(kwFor) {
			locking = p.lockingClause()
		}
	}
	s.Locking = append(s.Locking, locking...)
	if with != nil {
		if s.With != nil {
			p.errorAt(pgerr.SyntaxError, "multiple WITH clauses not allowed", with.Location)
			return
		}
		s.With = with
	}
	if s.WithTies {
		if s.OrderBy == nil && !p.failed() {
			p.err = pgerr.New(pgerr.SyntaxError, "WITH TIES cannot be specified without ORDER BY clause")
			return
		}
		for _, l := range s.Locking {
			if l.Wait == LockWaitSkip && !p.failed() {
				p.err = pgerr.New(pgerr.SyntaxError, "SKIP LOCKED and WITH TIES options cannot be used together")
				return
			}
		}
	}
}

func (s *SortBy) exprLoc() int { return exprLocation(s.Expr) }

// limitClauses parses select_limit: LIMIT/FETCH and OFFSET, one of each in
// either order.
func (p *parser) limitClauses(s *SelectStmt) {
	switch p.tok().kind {
	case kwLimit, kwFetch:
		p.limitClause(s)
		if p.is(kwOffset) {
			p.offsetClause(s)
		}
	case kwOffset:
		p.offsetClause(s)
		if p.is(kwLimit) || p.is(kwFetch) {
			p.limitClause(s)
		}
	}
}

func (p *parser) limitClause(s *SelectStmt) {
	t := p.advance()
	var count Expr
	withTies := false
	if t.kind == kwLimit {
		if p.is(kwAll) {
			count = &AConst{Kind: ConstNull, Location: p.advance().start}
		} else {
			count = p.aExpr()
		}
		if p.is(',') {
			p.errorAt(pgerr.SyntaxError, "LIMIT #,# syntax is not supported", t.start).
				WithHint("Use separate LIMIT and OFFSET clauses.")
			return
		}
	} else {
		if !p.accept(kwFirst) {
			p.expect(kwNext)
		}
		if p.is(kwRow) || p.is(kwRows) {
			count = intConst(1, -1)
		} else {
			count = p.fetchFirstValue()
		}
		if !p.accept(kwRow) {
			p.expect(kwRows)
		}
		if p.is(kwWith) {
			p.advance()
			p.expect(kwTies)
			withTies = true
		} else {
			p.expect(kwOnly)
		}
	}
	if p.failed() {
		return
	}
	if s.LimitCount != nil {
		p.errorAt(pgerr.SyntaxError, "multiple LIMIT clauses not allowed", exprLocation(count))
		return
	}
	s.LimitCount = count
	s.WithTies = withTies
}

// fetchFirstValue parses select_fetch_first_value: c_expr, or a signed
// numeric constant.
func (p *parser) fetchFirstValue() Expr {
	t := p.tok()
	if t.kind == '+' || t.kind == '-' {
		p.advance()
		n := p.tok()
		if n.kind != tIConst && n.kind != tFConst {
			p.syntaxError()
			return intConst(1, -1)
		}
		c := p.primary(true)
		if t.kind == '-' {
			return negate(c, t.start)
		}
		return &AExpr{Kind: AExprOp, Name: []string{"+"}, Right: c, Location: t.start}
	}
	// c_expr, which has no DEFAULT.
	return p.primary(true)
}

func (p *parser) offsetClause(s *SelectStmt) {
	p.advance()
	off := p.aExpr()
	if !p.accept(kwRow) {
		p.accept(kwRows)
	}
	if p.failed() {
		return
	}
	if s.LimitOffset != nil {
		p.errorAt(pgerr.SyntaxError, "multiple OFFSET clauses not allowed", exprLocation(off))
		return
	}
	s.LimitOffset = off
}

// lockingClause parses for_locking_clause.
func (p *parser) lockingClause() []*LockingClause {
	var l []*LockingClause
	if p.peekKind(1) == kwRead {
		p.advance()
		p.advance()
		p.expect(kwOnly)
		return nil
	}
	for p.is(kwFor) && !p.failed() {
		p.advance()
		lc := &LockingClause{}
		switch {
		case p.accept(kwUpdate):
			lc.Strength = ForUpdate
		case p.accept(kwShare):
			lc.Strength = ForShare
		case p.accept(kwNo):
			p.expect(kwKey)
			p.expect(kwUpdate)
			lc.Strength = ForNoKeyUpdate
		case p.accept(kwKey):
			p.expect(kwShare)
			lc.Strength = ForKeyShare
		default:
			p.syntaxError()
			return l
		}
		if p.accept(kwOf) {
			lc.Rels = p.qualifiedNameList()
		}
		if p.accept(kwNowait) {
			lc.Wait = LockWaitError
		} else if p.accept(kwSkip) {
			p.expect(kwLocked)
			lc.Wait = LockWaitSkip
		}
		l = append(l, lc)
	}
	return l
}

// simpleSelect parses SELECT ... [FROM ...] [WHERE ...] [GROUP BY ...]
// [HAVING ...] [WINDOW ...].
func (p *parser) simpleSelect() *SelectStmt {
	loc := p.advance().start
	s := &SelectStmt{StmtSpan: StmtSpan{Location: loc}}
	required := false
	if p.accept(kwAll) {
	} else if p.accept(kwDistinct) {
		s.Distinct = true
		required = true
		if p.accept(kwOn) {
			p.expect('(')
			s.DistinctOn = p.exprList()
			p.expect(')')
		}
	}
	if required || p.is('*') || canStartExpr(p.tok()) {
		s.Targets = p.targetList()
	}
	if p.is(kwInto) {
		s.Into = p.intoClause()
	}
	if p.accept(kwFrom) {
		s.From = p.fromList()
	}
	if p.accept(kwWhere) {
		s.Where = p.aExpr()
	}
	if p.is(kwGroup) {
		p.advance()
		p.expect(kwBy)
		if !p.accept(kwAll) && p.accept(kwDistinct) {
			s.GroupDistinct = true
		}
		s.GroupBy = p.groupByList()
	}
	if p.accept(kwHaving) {
		s.Having = p.aExpr()
	}
	if p.accept(kwWindow) {
		for !p.failed() {
			wloc := p.tok().start
			name := p.colID()
			p.expect(kwAs)
			w := p.windowSpec()
			w.Name = name
			w.Location = wloc
			s.Windows = append(s.Windows, w)
			if !p.accept(',') {
				break
			}
		}
	}
	return s
}

// targetList parses target_el (',' target_el)*.
func (p *parser) targetList() []*ResTarget {
	var l []*ResTarget
	for !p.failed() {
		l = append(l, p.targetEl())
		if !p.accept(',') {
			break
		}
	}
	return l
}

func (p *parser) targetEl() *ResTarget {
	loc := p.tok().start
	if p.is('*') {
		p.advance()
		return &ResTarget{Val: &ColumnRef{Star: true, Location: loc}, Location: loc}
	}
	p.labelCtx = true
	e := p.aExpr()
	p.labelCtx = false
	r := &ResTarget{Val: e, Location: loc}
	if p.accept(kwAs) {
		r.Name = p.colLabel()
	} else if isBareColLabel(p.tok()) {
		r.Name = p.advance().str
	}
	return r
}

// intoClause parses INTO [TEMP|UNLOGGED] [TABLE] name.
func (p *parser) intoClause() *IntoClause {
	p.advance()
	rv := p.optTempTableName()
	return &IntoClause{Rel: rv}
}

// optTempTableName parses OptTempTableName.
func (p *parser) optTempTableName() *RangeVar {
	pers := p.optTemp(false)
	p.accept(kwTable)
	rv := p.qualifiedName()
	rv.Persistence = pers
	return rv
}

// optTemp parses OptTemp: [LOCAL|GLOBAL] TEMP[ORARY] | UNLOGGED. When
// strict, LOCAL and GLOBAL must be followed by TEMP (in CREATE they cannot
// be anything else; after INTO they may be a table name).
func (p *parser) optTemp(strict bool) Persistence {
	if !strict {
		// After INTO these words may be the table's name.
		if next := p.peek(1); next.kind != kwTable && !isColID(next) {
			switch p.kind() {
			case kwTemp, kwTemporary, kwUnlogged:
				return Permanent
			}
		}
	}
	switch p.tok().kind {
	case kwTemp, kwTemporary:
		p.advance()
		return Temporary
	case kwLocal, kwGlobal:
		if k := p.peekKind(1); k == kwTemp || k == kwTemporary || strict {
			p.advance()
			if !p.accept(kwTemp) {
				p.expect(kwTemporary)
			}
			return Temporary
		}
	case kwUnlogged:
		p.advance()
		return Unlogged
	}
	return Permanent
}

// valuesClause parses VALUES (row), (row) ...
func (p *parser) valuesClause() *SelectStmt {
	loc := p.advance().start
	s := &SelectStmt{StmtSpan: StmtSpan{Location: loc}}
	for !p.failed() {
		p.expect('(')
		s.Values = append(s.Values, p.exprList())
		p.expect(')')
		if !p.accept(',') {
			break
		}
	}
	return s
}

// groupByList parses group_by_list.
func (p *parser) groupByList() []Expr {
	var l []Expr
	for !p.failed() {
		l = append(l, p.groupByItem())
		if !p.accept(',') {
			break
		}
	}
	return l
}

func (p *parser) groupByItem() Expr {
	t := p.tok()
	loc := t.start
	switch t.kind {
	case '(':
		if p.peekKind(1) == ')' {
			p.advance()
			p.advance()
			return &GroupingSet{Kind: GroupingEmpty, Location: loc}
		}
	case kwCube, kwRollup:
		if p.peekKind(1) == '(' {
			p.advance()
			p.advance()
			l := p.exprList()
			p.expect(')')
			kind := GroupingCube
			if t.kind == kwRollup {
				kind = GroupingRollup
			}
			return &GroupingSet{Kind: kind, Content: l, Location: loc}
		}
	case kwGrouping:
		if p.peekKind(1) == kwSets {
			p.advance()
			p.advance()
			p.expect('(')
			l := p.groupByList()
			p.expect(')')
			return &GroupingSet{Kind: GroupingSets, Content: l, Location: loc}
		}
	}
	return p.aExpr()
}

// preparableStmt parses a SELECT, INSERT, UPDATE or DELETE, as allowed in a
// CTE, PREPARE and EXPLAIN.
func (p *parser) preparableStmt() Stmt {
	var with *WithClause
	if p.is(kwWith) || p.is(tWithLA) {
		with = p.withClause()
	}
	switch p.tok().kind {
	case kwInsert:
		s := p.insertStmt()
		s.With = with
		return s
	case kwUpdate:
		s := p.updateStmt()
		s.With = with
		return s
	case kwDelete:
		s := p.deleteStmt()
		s.With = with
		return s
	}
	body := p.setOps(p.selectClause(), 1)
	p.selectTail(body, with)
	return body
}

// parenBody parses what follows a '(' in an expression: a parenthesised
// select (returned as sel), or a list of expressions up to the matching
// ')' (a single one unless allowList).
func (p *parser) parenBody(allowList bool) (*SelectStmt, []Expr) {
	defer p.leave()
	if !p.enter() {
		return nil, []Expr{&AConst{Kind: ConstNull}}
	}
	if p.selectStart() {
		sel := p.selectNoParens()
		p.expect(')')
		return sel, nil
	}
	var first Expr
	if p.is('(') {
		loc := p.advance().start
		sel, list := p.parenBody(true)
		if sel != nil {
			if p.selectContinues() || p.is(')') {
				s := p.continueSelect(sel)
				p.expect(')')
				return s, nil
			}
			first = p.withIndirection(&SubLink{Kind: ExprSubLink, Select: sel, Location: loc})
		} else if len(list) > 1 {
			first = &RowExpr{Args: list, Location: loc}
		} else {
			first = p.withIndirection(list[0])
		}
		first = p.climb(first, precOr, false, false)
	} else {
		first = p.aExpr()
	}
	list := []Expr{first}
	for allowList && p.accept(',') {
		list = append(list, p.aExpr())
	}
	p.expect(')')
	return nil, list
}
