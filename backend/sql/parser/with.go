package parser

// withClause parses WITH [RECURSIVE] cte, ... (WITH_LA included: a CTE may
// be named "time" or "ordinality").
func (p *parser) withClause() *WithClause {
	w := &WithClause{Location: p.advance().start}
	if p.is(kwRecursive) && isColID(p.peek(1)) {
		// Otherwise RECURSIVE is the name of the first CTE.
		p.advance()
		w.Recursive = true
	}
	for !p.failed() {
		w.CTEs = append(w.CTEs, p.cte())
		if !p.accept(',') {
			break
		}
	}
	return w
}

func (p *parser) cte() *CommonTableExpr {
	c := &CommonTableExpr{Location: p.tok().start}
	c.Name = p.colID()
	if p.is('(') {
		c.ColNames = p.parenNameList()
	}
	p.expect(kwAs)
	if p.accept(kwMaterialized) {
		c.Materialized = CTEMaterializeAlways
	} else if p.accept(kwNot) {
		p.expect(kwMaterialized)
		c.Materialized = CTEMaterializeNever
	}
	p.expect('(')
	c.Query = p.preparableStmt()
	p.expect(')')
	if p.accept(kwSearch) {
		s := &CTESearchClause{}
		if p.accept(kwBreadth) {
			s.Breadth = true
		} else {
			p.expect(kwDepth)
		}
		p.expect(kwFirst)
		p.expect(kwBy)
		s.Cols = p.nameList()
		p.expect(kwSet)
		s.SeqColumn = p.colID()
		c.Search = s
	}
	if p.accept(kwCycle) {
		cy := &CTECycleClause{Cols: p.nameList()}
		p.expect(kwSet)
		cy.MarkColumn = p.colID()
		if p.accept(kwTo) {
			cy.MarkValue = p.cycleMarkConst()
			p.expect(kwDefault)
			cy.MarkDefault = p.cycleMarkConst()
		}
		p.expect(kwUsing)
		cy.PathColumn = p.colID()
		c.Cycle = cy
	}
	return c
}

// cycleMarkConst parses the AexprConst of a CYCLE clause.
func (p *parser) cycleMarkConst() Expr {
	switch p.kind() {
	case tIConst, tFConst, tSConst, tBConst, tXConst, kwTrue, kwFalse, kwNull:
		return p.primary(false)
	}
	if e, ok := p.constTypeLiteral(); ok {
		return e
	}
	if isTypeFuncName(p.tok()) {
		e := p.nameExpr()
		if _, ok := e.(*TypeCast); !ok {
			p.syntaxError()
		}
		return e
	}
	p.syntaxError()
	return &AConst{Kind: ConstNull}
}
