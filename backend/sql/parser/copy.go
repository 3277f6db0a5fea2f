package parser

import "ringpg/pgerr"

// copyStmt parses COPY in its current form and the older option syntaxes
// (COPY BINARY t, USING DELIMITERS, WITH CSV HEADER ...), which it turns
// into the same options.
func (p *parser) copyStmt() Stmt {
	p.advance()
	s := &CopyStmt{}
	if p.is('(') {
		p.advance()
		s.Query = p.preparableStmt()
		p.expect(')')
		p.expect(kwTo)
	} else {
		if p.is(kwBinary) {
			s.Options = append(s.Options, &DefElem{Name: "format", Arg: &AConst{Kind: ConstString, Val: "binary", Location: p.tok().start}, Location: p.tok().start})
			p.advance()
		}
		s.Relation = p.qualifiedName()
		if p.is('(') {
			s.Cols = p.parenNameList()
		}
		switch {
		case p.accept(kwFrom):
			s.IsFrom = true
		default:
			p.expect(kwTo)
		}
	}
	s.IsProgram = p.accept(kwProgram)
	switch {
	case p.accept(kwStdin), p.accept(kwStdout):
		if s.IsProgram {
			p.err = pgerr.New(pgerr.SyntaxError, "STDIN/STDOUT not allowed with PROGRAM")
			return s
		}
	default:
		s.Filename = p.sconst()
	}
	if s.Query == nil {
		// copy_delimiter: [USING] DELIMITERS 'x'
		if p.is(kwUsing) || p.is(kwDelimiters) {
			if p.accept(kwUsing) && !p.is(kwDelimiters) {
				p.syntaxError()
				return s
			}
			loc := p.advance().start
			sl := p.tok().start
			s.Options = append(s.Options, &DefElem{Name: "delimiter", Arg: &AConst{Kind: ConstString, Val: p.sconst(), Location: sl}, Location: loc})
		}
	}
	p.accept(kwWith)
	if p.is('(') {
		p.advance()
		s.Options = append(s.Options, p.copyGenericOptions()...)
		p.expect(')')
	} else {
		s.Options = append(s.Options, p.copyOldOptions()...)
	}
	if s.Query == nil && p.is(kwWhere) {
		loc := p.advance().start
		s.Where = p.aExpr()
		if !s.IsFrom {
			p.errorAt(pgerr.SyntaxError, "WHERE clause not allowed with COPY TO", loc)
		}
	}
	return s
}

// copyGenericOptions parses copy_generic_opt_list.
func (p *parser) copyGenericOptions() []*DefElem {
	var l []*DefElem
	for !p.failed() {
		t := p.tok()
		loc := t.start
		name := p.colLabel()
		d := &DefElem{Name: name, Location: loc}
		switch k := p.tok().kind; {
		case k == ',' || k == ')':
		case k == '*':
			p.advance()
			d.Arg = &Star{}
		case k == '(':
			p.advance()
			la := &ListArg{}
			for !p.failed() {
				la.Items = append(la.Items, p.booleanOrString())
				if !p.accept(',') {
					break
				}
			}
			p.expect(')')
			d.Arg = la
		case k == tIConst || k == tFConst || k == '+' || k == '-':
			d.Arg = p.numericOnly()
		default:
			d.Arg = p.booleanOrString()
		}
		l = append(l, d)
		if !p.accept(',') {
			break
		}
	}
	return l
}

// copyOldOptions parses copy_opt_list, the pre-9.0 option syntax.
func (p *parser) copyOldOptions() []*DefElem {
	var l []*DefElem
	str := func(name string, loc int) *DefElem {
		p.accept(kwAs)
		sl := p.tok().start
		return &DefElem{Name: name, Arg: &AConst{Kind: ConstString, Val: p.sconst(), Location: sl}, Location: loc}
	}
	word := func(name, val string, loc int) *DefElem {
		return &DefElem{Name: name, Arg: &AConst{Kind: ConstString, Val: val, Location: loc}, Location: loc}
	}
	// FREEZE and HEADER become the string "true", as the same options
	// written in the parenthesised form do.
	yes := func(name string, loc int) *DefElem {
		return &DefElem{Name: name, Arg: &AConst{Kind: ConstString, Val: "true", Location: loc}, Location: loc}
	}
	cols := func(name string, loc int) *DefElem {
		if p.accept('*') {
			return &DefElem{Name: name, Arg: &Star{}, Location: loc}
		}
		names := p.nameList()
		la := &ListArg{}
		for _, n := range names {
			la.Items = append(la.Items, &AConst{Kind: ConstString, Val: n, Location: -1})
		}
		return &DefElem{Name: name, Arg: la, Location: loc}
	}
	for !p.failed() {
		t := p.tok()
		loc := t.start
		switch t.kind {
		case kwBinary:
			p.advance()
			l = append(l, word("format", "binary", loc))
		case kwFreeze:
			p.advance()
			l = append(l, yes("freeze", loc))
		case kwDelimiter:
			p.advance()
			l = append(l, str("delimiter", loc))
		case kwNull:
			p.advance()
			l = append(l, str("null", loc))
		case kwCsv:
			p.advance()
			l = append(l, word("format", "csv", loc))
		case kwHeader:
			p.advance()
			l = append(l, yes("header", loc))
		case kwQuote:
			p.advance()
			l = append(l, str("quote", loc))
		case kwEscape:
			p.advance()
			l = append(l, str("escape", loc))
		case kwEncoding:
			p.advance()
			l = append(l, str("encoding", loc))
		case kwForce:
			p.advance()
			switch {
			case p.accept(kwQuote):
				l = append(l, cols("force_quote", loc))
			case p.accept(kwNot):
				p.expect(kwNull)
				l = append(l, cols("force_not_null", loc))
			case p.accept(kwNull):
				l = append(l, cols("force_null", loc))
			default:
				p.syntaxError()
			}
		default:
			return l
		}
	}
	return l
}

// vacuumStmt parses VACUUM and ANALYZE.
func (p *parser) vacuumStmt() Stmt {
	t := p.advance()
	s := &VacuumStmt{IsVacuum: t.kind == kwVacuum}
	if p.is('(') {
		p.advance()
		s.Options = p.utilityOptionList()
		p.expect(')')
	} else if s.IsVacuum {
		for _, kw := range []tokKind{kwFull, kwFreeze, kwVerbose} {
			if p.is(kw) {
				s.Options = append(s.Options, &DefElem{Name: p.tok().str, Location: p.advance().start})
			}
		}
		if p.is(kwAnalyze) || p.is(kwAnalyse) {
			s.Options = append(s.Options, &DefElem{Name: "analyze", Location: p.advance().start})
		}
	} else if p.is(kwVerbose) {
		s.Options = append(s.Options, &DefElem{Name: "verbose", Location: p.advance().start})
	}
	if isColID(p.tok()) {
		for !p.failed() {
			vr := &VacuumRelation{Relation: p.qualifiedName()}
			if p.is('(') {
				vr.Cols = p.parenNameList()
			}
			s.Rels = append(s.Rels, vr)
			if !p.accept(',') {
				break
			}
		}
	}
	return s
}

// truncateStmt parses TRUNCATE [TABLE] names [RESTART|CONTINUE IDENTITY] [CASCADE|RESTRICT].
func (p *parser) truncateStmt() Stmt {
	p.advance()
	p.accept(kwTable)
	s := &TruncateStmt{Relations: p.relationExprList()}
	if p.accept(kwRestart) {
		p.expect(kwIdentity)
		s.RestartSeqs = true
	} else if p.accept(kwContinue) {
		p.expect(kwIdentity)
	}
	s.Behavior = p.optDropBehavior()
	return s
}
