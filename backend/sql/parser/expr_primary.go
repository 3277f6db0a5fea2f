package parser

import "ringpg/pgerr"

// primary parses c_expr, AexprConst, func_expr and DEFAULT.
func (p *parser) primary(b bool) Expr {
	t := p.tok()
	loc := t.start
	switch t.kind {
	case tIConst:
		p.advance()
		return &AConst{Kind: ConstInteger, Val: t.str, Ival: t.ival, Location: loc}
	case tFConst:
		p.advance()
		return &AConst{Kind: ConstFloat, Val: t.str, Location: loc}
	case tSConst:
		p.advance()
		return &AConst{Kind: ConstString, Val: t.str, Location: loc}
	case tBConst, tXConst:
		p.advance()
		return &AConst{Kind: ConstBitString, Val: t.str, Location: loc}
	case tParam:
		p.advance()
		var e Expr = &ParamRef{Number: int(t.ival), Location: loc}
		return p.withIndirection(e)
	case '(':
		p.advance()
		sel, list := p.parenBody(true)
		if sel != nil {
			return p.withIndirection(&SubLink{Kind: ExprSubLink, Select: sel, Location: loc})
		}
		if len(list) > 1 {
			return &RowExpr{Args: list, Location: loc}
		}
		return p.withIndirection(list[0])
	case kwTrue, kwFalse:
		p.advance()
		return &AConst{Kind: ConstBool, Bool: t.kind == kwTrue, Location: loc}
	case kwNull:
		p.advance()
		return &AConst{Kind: ConstNull, Location: loc}
	case kwDefault:
		if !b {
			p.advance()
			return &SetToDefault{Location: loc}
		}
	case kwCase:
		return p.caseExpr()
	case kwUnique:
		if !b {
			// The grammar has the SQL UNIQUE predicate only to reject it.
			p.advance()
			p.uniqueNullTreatment()
			p.selectWithParens()
			if !p.failed() {
				p.errorAt(pgerr.FeatureNotSupported, "UNIQUE predicate is not yet implemented", loc)
			}
			return &AConst{Kind: ConstNull, Location: loc}
		}
	case kwCast:
		p.advance()
		p.expect('(')
		arg := p.aExpr()
		p.expect(kwAs)
		typ := p.typeName()
		p.expect(')')
		return &TypeCast{Arg: arg, Type: typ, Location: loc}
	case kwArray:
		p.advance()
		if p.is('(') {
			sel := p.selectWithParens()
			return &SubLink{Kind: ArraySubLink, Select: sel, Location: loc}
		}
		return p.arrayExpr(loc)
	case kwCurrentDate, kwCurrentTime, kwCurrentTimestamp, kwLocaltime, kwLocaltimestamp,
		kwCurrentRole, kwCurrentUser, kwSessionUser, kwUser, kwCurrentCatalog:
		return p.sqlValueFunction()
	case kwCurrentSchema:
		if p.peekKind(1) != '(' {
			return p.sqlValueFunction()
		}
	}
	if cat, kw := t.category(); !kw && t.kind != tIdent || kw && cat == catReserved {
		// Nothing else starts with this token; fail before looking
		// further ahead than PostgreSQL does.
		p.syntaxError()
		return &AConst{Kind: ConstNull, Location: loc}
	}
	if e, ok := p.specialFunc(); ok {
		return e
	}
	if e, ok := p.constTypeLiteral(); ok {
		return e
	}
	if isColID(t) || isTypeFuncName(t) {
		return p.nameExpr()
	}
	p.syntaxError()
	return &AConst{Kind: ConstNull, Location: loc}
}

// withIndirection applies an optional indirection to e.
func (p *parser) withIndirection(e Expr) Expr {
	if !p.is('.') && !p.is('[') {
		return e
	}
	path := p.indirection()
	p.checkIndirection(path)
	return &Indirection{Arg: e, Path: path}
}

// indirection parses indirection_el*.
func (p *parser) indirection() []IndirectionElem {
	var path []IndirectionElem
	for !p.failed() {
		switch p.tok().kind {
		case '.':
			p.advance()
			if p.accept('*') {
				path = append(path, IndirectionElem{Kind: IndStar})
				continue
			}
			path = append(path, IndirectionElem{Kind: IndField, Name: p.colLabel()})
			continue
		case '[':
			p.advance()
			el := IndirectionElem{Kind: IndSubscript}
			if !p.is(':') {
				el.Lower = p.aExpr()
			}
			if p.accept(':') {
				el.IsSlice = true
				if !p.is(']') {
					el.Upper = p.aExpr()
				}
			}
			p.expect(']')
			path = append(path, el)
			continue
		}
		break
	}
	return path
}

// checkIndirection rejects '*' anywhere but last, as check_indirection does.
func (p *parser) checkIndirection(path []IndirectionElem) {
	for i, el := range path {
		if el.Kind == IndStar && i != len(path)-1 {
			p.errorNear(`improper use of "*"`)
			return
		}
	}
}

// nameExpr parses what starts with a name: a column reference, a function
// call or a generic typed literal (type_name 'string').
func (p *parser) nameExpr() Expr {
	first := p.advance()
	loc := first.start
	var path []IndirectionElem
	if p.is('.') || p.is('[') {
		if !isColID(first) {
			// Only a ColId can be qualified or subscripted.
			p.syntaxError()
			return &AConst{Kind: ConstNull, Location: loc}
		}
		path = p.indirection()
	}
	if p.is('(') || p.is(tSConst) {
		// func_name: type_function_name, or ColId followed by attribute names.
		ok := len(path) == 0 && isTypeFuncName(first) || len(path) > 0 && isColID(first)
		for _, el := range path {
			if el.Kind != IndField {
				ok = false
			}
		}
		if !ok {
			p.syntaxError()
			return &AConst{Kind: ConstNull, Location: loc}
		}
		names := []string{first.str}
		for _, el := range path {
			names = append(names, el.Name)
		}
		if p.is(tSConst) {
			s := p.advance()
			typ := &TypeName{Names: canonicalTypeNames(names), Location: loc}
			return &TypeCast{Arg: &AConst{Kind: ConstString, Val: s.str, Location: s.start}, Type: typ, Location: -1}
		}
		return p.funcExpr(names, loc)
	}
	if !isColID(first) {
		p.syntaxError()
		return &AConst{Kind: ConstNull, Location: loc}
	}
	p.checkIndirection(path)
	cr := &ColumnRef{Fields: []string{first.str}, Location: loc}
	i := 0
	for ; i < len(path); i++ {
		el := path[i]
		if el.Kind == IndField {
			cr.Fields = append(cr.Fields, el.Name)
		} else if el.Kind == IndStar {
			cr.Star = true
		} else {
			break
		}
	}
	if i < len(path) {
		return &Indirection{Arg: cr, Path: path[i:]}
	}
	return cr
}

// funcExpr parses a call of name after its name: func_application with
// WITHIN GROUP, FILTER and OVER, or a typed literal name(typmods) 'string'.
func (p *parser) funcExpr(name []string, loc int) Expr {
	fc, orderLoc := p.funcApplication(name, loc)
	if p.is(tSConst) && len(fc.Args) > 0 && !fc.Star && !fc.Distinct && !fc.Variadic {
		for _, a := range fc.Args {
			if na, ok := a.(*NamedArgExpr); ok {
				p.errorAt(pgerr.SyntaxError, "type modifier cannot have parameter name", na.Location)
				return fc
			}
		}
		if fc.OrderBy != nil {
			p.errorAt(pgerr.SyntaxError, "type modifier cannot have ORDER BY", orderLoc)
			return fc
		}
		s := p.advance()
		typ := &TypeName{Names: canonicalTypeNames(name), Typmods: fc.Args, Location: loc}
		return &TypeCast{Arg: &AConst{Kind: ConstString, Val: s.str, Location: s.start}, Type: typ, Location: -1}
	}
	withinLoc := -1
	if p.is(kwWithin) {
		withinLoc = p.advance().start
		p.expect(kwGroup)
		p.expect('(')
		order := p.sortClause()
		p.expect(')')
		if fc.OrderBy != nil {
			p.errorAt(pgerr.SyntaxError, "cannot use multiple ORDER BY clauses with WITHIN GROUP", withinLoc)
		} else if fc.Distinct {
			p.errorAt(pgerr.SyntaxError, "cannot use DISTINCT with WITHIN GROUP", withinLoc)
		} else if fc.Variadic {
			p.errorAt(pgerr.SyntaxError, "cannot use VARIADIC with WITHIN GROUP", withinLoc)
		}
		fc.OrderBy = order
		fc.WithinGroup = true
	}
	if p.is(kwFilter) {
		p.advance()
		p.expect('(')
		p.expect(kwWhere)
		fc.Filter = p.aExpr()
		p.expect(')')
	}
	if p.is(kwOver) {
		p.advance()
		if p.is('(') {
			fc.Over = p.windowSpec()
		} else {
			wloc := p.tok().start
			fc.Over = &WindowDef{Name: p.colID(), Location: wloc}
		}
	}
	return fc
}

// funcApplication parses '(' [args] ')' of a call. It returns the
// location of an ORDER BY inside the parentheses, or -1.
func (p *parser) funcApplication(name []string, loc int) (*FuncCall, int) {
	fc := &FuncCall{Name: name, Location: loc}
	orderLoc := -1
	p.expect('(')
	if p.accept(')') {
		return fc, orderLoc
	}
	if p.is('*') {
		p.advance()
		fc.Star = true
		p.expect(')')
		return fc, orderLoc
	}
	quantified := false
	if p.accept(kwAll) {
		quantified = true
	} else if p.accept(kwDistinct) {
		fc.Distinct = true
		quantified = true
	}
	for !p.failed() {
		if p.is(kwVariadic) && !quantified {
			p.advance()
			fc.Args = append(fc.Args, p.funcArgExpr())
			fc.Variadic = true
			break
		}
		fc.Args = append(fc.Args, p.funcArgExpr())
		if !p.accept(',') {
			break
		}
	}
	if p.is(kwOrder) {
		orderLoc = p.tok().start
		fc.OrderBy = p.orderByClause()
	}
	p.expect(')')
	return fc, orderLoc
}

// funcArgExpr parses func_arg_expr: a_expr or name => a_expr.
func (p *parser) funcArgExpr() Expr {
	t := p.tok()
	if isTypeFuncName(t) {
		if k := p.peekKind(1); k == tEqualsGreater || k == tColonEquals {
			p.advance()
			p.advance()
			return &NamedArgExpr{Name: t.str, Arg: p.aExpr(), Location: t.start}
		}
	}
	return p.aExpr()
}

// funcArgList parses func_arg_expr (',' func_arg_expr)*.
func (p *parser) funcArgList() []Expr {
	l := []Expr{p.funcArgExpr()}
	for p.accept(',') {
		l = append(l, p.funcArgExpr())
	}
	return l
}

// caseExpr parses CASE ... END.
func (p *parser) caseExpr() Expr {
	loc := p.advance().start
	c := &CaseExpr{Location: loc}
	if !p.is(kwWhen) {
		c.Arg = p.aExpr()
	}
	for p.is(kwWhen) {
		wloc := p.advance().start
		cond := p.aExpr()
		p.expect(kwThen)
		res := p.aExpr()
		c.Whens = append(c.Whens, &CaseWhen{Cond: cond, Result: res, Location: wloc})
	}
	if len(c.Whens) == 0 {
		p.syntaxError()
		return c
	}
	if p.accept(kwElse) {
		c.Default = p.aExpr()
	}
	p.expect(kwEnd)
	return c
}

// arrayExpr parses '[' ... ']' after ARRAY (or nested inside one).
func (p *parser) arrayExpr(loc int) Expr {
	defer p.leave()
	if !p.enter() {
		return &ArrayExpr{}
	}
	a := &ArrayExpr{Location: loc}
	p.expect('[')
	if p.accept(']') {
		return a
	}
	if p.is('[') {
		for !p.failed() {
			a.Elements = append(a.Elements, p.arrayExpr(p.tok().start))
			if !p.accept(',') {
				break
			}
		}
	} else {
		a.Elements = p.exprList()
	}
	p.expect(']')
	return a
}

// sqlValueFunction parses CURRENT_DATE and its kin.
func (p *parser) sqlValueFunction() Expr {
	t := p.advance()
	f := &SQLValueFunction{Typmod: -1, Location: t.start}
	precision := false
	switch t.kind {
	case kwCurrentDate:
		f.Op = SVFCurrentDate
	case kwCurrentTime:
		f.Op, precision = SVFCurrentTime, true
	case kwCurrentTimestamp:
		f.Op, precision = SVFCurrentTimestamp, true
	case kwLocaltime:
		f.Op, precision = SVFLocalTime, true
	case kwLocaltimestamp:
		f.Op, precision = SVFLocalTimestamp, true
	case kwCurrentRole:
		f.Op = SVFCurrentRole
	case kwCurrentUser:
		f.Op = SVFCurrentUser
	case kwSessionUser:
		f.Op = SVFSessionUser
	case kwUser:
		f.Op = SVFUser
	case kwCurrentCatalog:
		f.Op = SVFCurrentCatalog
	case kwCurrentSchema:
		f.Op = SVFCurrentSchema
	}
	if precision && p.is('(') {
		p.advance()
		f.Typmod = int(p.iconst())
		p.expect(')')
	}
	return f
}
