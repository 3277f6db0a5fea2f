package parser

// specialFunc parses the functions with their own syntax (gram.y's
// func_expr_common_subexpr): COALESCE, GREATEST, LEAST, NULLIF, EXISTS,
// ROW, GROUPING, EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY, NORMALIZE and
// COLLATION FOR. Their keywords are column-name keywords, so when no '('
// follows they are plain column references and ok is false.
func (p *parser) specialFunc() (Expr, bool) {
	t := p.tok()
	if p.peekKind(1) != '(' {
		return nil, false
	}
	loc := t.start
	sys := func(name string, args []Expr) *FuncCall {
		return &FuncCall{Name: []string{"pg_catalog", name}, Args: args, SQLSyntax: true, Location: loc}
	}
	switch t.kind {
	case kwCoalesce, kwGreatest, kwLeast:
		p.advance()
		p.advance()
		args := p.exprList()
		p.expect(')')
		switch t.kind {
		case kwCoalesce:
			return &CoalesceExpr{Args: args, Location: loc}, true
		case kwGreatest:
			return &MinMaxExpr{Op: Greatest, Args: args, Location: loc}, true
		}
		return &MinMaxExpr{Op: Least, Args: args, Location: loc}, true
	case kwNullif:
		p.advance()
		p.advance()
		a := p.aExpr()
		p.expect(',')
		b := p.aExpr()
		p.expect(')')
		return &AExpr{Kind: AExprNullIf, Name: []string{"="}, Left: a, Right: b, Location: loc}, true
	case kwExists:
		p.advance()
		sel := p.selectWithParens()
		return &SubLink{Kind: ExistsSubLink, Select: sel, Location: loc}, true
	case kwRow:
		p.advance()
		p.advance()
		r := &RowExpr{Explicit: true, Location: loc}
		if !p.is(')') {
			r.Args = p.exprList()
		}
		p.expect(')')
		return r, true
	case kwGrouping:
		p.advance()
		p.advance()
		args := p.exprList()
		p.expect(')')
		return &GroupingFunc{Args: args, Location: loc}, true
	case kwExtract:
		p.advance()
		p.advance()
		ft := p.tok()
		var field string
		switch {
		case ft.kind == tIdent, ft.kind == tSConst,
			ft.kind == kwYear, ft.kind == kwMonth, ft.kind == kwDay,
			ft.kind == kwHour, ft.kind == kwMinute, ft.kind == kwSecond:
			field = ft.str
		default:
			p.syntaxError()
			return nil, true
		}
		fl := p.advance().start
		p.expect(kwFrom)
		arg := p.aExpr()
		p.expect(')')
		return sys("extract", []Expr{&AConst{Kind: ConstString, Val: field, Location: fl}, arg}), true
	case kwNormalize:
		p.advance()
		p.advance()
		args := []Expr{p.aExpr()}
		if p.accept(',') {
			ft := p.tok()
			switch ft.kind {
			case kwNfc, kwNfd, kwNfkc, kwNfkd:
				p.advance()
				args = append(args, &AConst{Kind: ConstString, Val: upperASCII(ft.str), Location: ft.start})
			default:
				p.syntaxError()
			}
		}
		p.expect(')')
		return sys("normalize", args), true
	case kwPosition:
		p.advance()
		p.advance()
		a := p.bExpr()
		p.expect(kwIn)
		b := p.bExpr()
		p.expect(')')
		return sys("position", []Expr{b, a}), true
	case kwOverlay:
		p.advance()
		p.advance()
		if p.plainCallArgsAhead() {
			return p.plainSpecialCall("overlay", loc), true
		}
		a := p.aExpr()
		if !p.accept(kwPlacing) {
			return p.finishPlainSpecialCall("overlay", a, loc), true
		}
		b := p.aExpr()
		p.expect(kwFrom)
		c := p.aExpr()
		args := []Expr{a, b, c}
		if p.accept(kwFor) {
			args = append(args, p.aExpr())
		}
		p.expect(')')
		return sys("overlay", args), true
	case kwSubstring:
		p.advance()
		p.advance()
		if p.plainCallArgsAhead() {
			return p.plainSpecialCall("substring", loc), true
		}
		save := p.substrCtx
		p.substrCtx = true
		a := p.aExpr()
		p.substrCtx = save
		switch {
		case p.accept(kwFrom):
			b := p.aExpr()
			args := []Expr{a, b}
			if p.accept(kwFor) {
				args = append(args, p.aExpr())
			}
			p.expect(')')
			return sys("substring", args), true
		case p.accept(kwFor):
			c := p.aExpr()
			var b Expr = &AConst{Kind: ConstInteger, Val: "1", Ival: 1, Location: -1}
			if p.accept(kwFrom) {
				b = p.aExpr()
			}
			p.expect(')')
			return sys("substring", []Expr{a, b, c}), true
		case p.accept(kwSimilar):
			b := p.aExpr()
			p.expect(kwEscape)
			c := p.aExpr()
			p.expect(')')
			return sys("substring", []Expr{a, b, c}), true
		}
		return p.finishPlainSpecialCall("substring", a, loc), true
	case kwTrim:
		p.advance()
		p.advance()
		fn := "btrim"
		switch {
		case p.accept(kwBoth):
		case p.accept(kwLeading):
			fn = "ltrim"
		case p.accept(kwTrailing):
			fn = "rtrim"
		}
		var args []Expr
		if p.accept(kwFrom) {
			args = p.exprList()
		} else {
			first := p.aExpr()
			if p.accept(kwFrom) {
				args = append(p.exprList(), first)
			} else {
				args = []Expr{first}
				for p.accept(',') {
					args = append(args, p.aExpr())
				}
			}
		}
		p.expect(')')
		return sys(fn, args), true
	}
	return nil, false
}

// plainCallArgsAhead reports whether the argument list of OVERLAY(...) or
// SUBSTRING(...) is certainly the plain function-call form: empty, or
// starting with a named argument.
func (p *parser) plainCallArgsAhead() bool {
	if p.is(')') {
		return true
	}
	k := p.peekKind(1)
	return isTypeFuncName(p.tok()) && (k == tEqualsGreater || k == tColonEquals)
}

// plainSpecialCall parses the plain call form name(args) of a special
// function whose '(' has been consumed.
func (p *parser) plainSpecialCall(name string, loc int) Expr {
	fc := &FuncCall{Name: []string{name}, Location: loc}
	if !p.is(')') {
		fc.Args = p.funcArgList()
	}
	p.expect(')')
	return fc
}

// finishPlainSpecialCall continues the plain call form after its first
// argument.
func (p *parser) finishPlainSpecialCall(name string, first Expr, loc int) Expr {
	fc := &FuncCall{Name: []string{name}, Args: []Expr{first}, Location: loc}
	for p.accept(',') {
		fc.Args = append(fc.Args, p.funcArgExpr())
	}
	p.expect(')')
	return fc
}

// collationFor parses COLLATION FOR '(' a_expr ')'.
func (p *parser) collationFor() Expr {
	loc := p.advance().start
	p.expect(kwFor)
	p.expect('(')
	a := p.aExpr()
	p.expect(')')
	return &FuncCall{Name: []string{"pg_catalog", "pg_collation_for"}, Args: []Expr{a}, SQLSyntax: true, Location: loc}
}

// constTypeLiteral parses a literal of an SQL-spelled type, such as
// INTEGER '1', TIMESTAMP(3) WITH TIME ZONE 'now', INTERVAL '1' DAY. Those
// type keywords are column-name keywords, so when no literal follows the
// keyword is a column reference and ok is false.
func (p *parser) constTypeLiteral() (Expr, bool) {
	t := p.tok()
	next := p.peekKind(1)
	switch t.kind {
	case kwInt, kwInteger, kwSmallint, kwBigint, kwReal, kwBoolean:
		if next != tSConst {
			return nil, false
		}
	case kwFloat, kwDecimal, kwDec, kwNumeric, kwVarchar:
		if next != tSConst && next != '(' {
			return nil, false
		}
	case kwDouble:
		if next != kwPrecision {
			return nil, false
		}
	case kwBit, kwCharacter, kwChar, kwNchar:
		if next != tSConst && next != '(' && next != kwVarying {
			return nil, false
		}
	case kwNational:
		if next != kwCharacter && next != kwChar {
			return nil, false
		}
	case kwTime, kwTimestamp:
		if next != tSConst && next != '(' && next != tWithLA && next != kwWithout {
			return nil, false
		}
	case kwInterval:
		if next != tSConst && next != '(' {
			return nil, false
		}
	case kwCollation:
		if next == kwFor {
			return p.collationFor(), true
		}
		return nil, false
	default:
		return nil, false
	}
	loc := t.start
	if t.kind == kwInterval {
		p.advance()
		typ := &TypeName{Names: sysType("interval"), Location: loc}
		if p.accept('(') {
			pl := p.tok().start
			prec := p.iconst()
			p.expect(')')
			s := p.tok()
			str := p.sconst()
			typ.Typmods = []Expr{intConst(IntervalFullRange, -1), intConst(prec, pl)}
			return &TypeCast{Arg: &AConst{Kind: ConstString, Val: str, Location: s.start}, Type: typ, Location: -1}, true
		}
		s := p.tok()
		str := p.sconst()
		typ.Typmods = p.optInterval()
		return &TypeCast{Arg: &AConst{Kind: ConstString, Val: str, Location: s.start}, Type: typ, Location: -1}, true
	}
	typ := p.simpleTypeName(true)
	s := p.tok()
	str := p.sconst()
	return &TypeCast{Arg: &AConst{Kind: ConstString, Val: str, Location: s.start}, Type: typ, Location: -1}, true
}

func intConst(v int64, loc int) *AConst {
	c := &AConst{Kind: ConstInteger, Ival: v, Location: loc}
	c.Val = itoa(v)
	return c
}
