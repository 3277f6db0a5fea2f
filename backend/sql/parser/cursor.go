package parser

// declareCursorStmt parses DECLARE name cursor_options CURSOR opt_hold
// FOR SelectStmt.
func (p *parser) declareCursorStmt() Stmt {
	p.advance()
	s := &DeclareCursorStmt{Name: p.colID()}
	for !p.failed() {
		switch {
		case p.accept(kwBinary):
			s.Options |= CursorBinary
		case p.accept(kwScroll):
			s.Options |= CursorScroll
		case p.accept(kwInsensitive):
			s.Options |= CursorInsensitive
		case p.accept(kwAsensitive):
			s.Options |= CursorAsensitive
		case p.is(kwNo):
			p.advance()
			p.expect(kwScroll)
			s.Options |= CursorNoScroll
		default:
			p.expect(kwCursor)
			if p.accept(kwWith) {
				p.expect(kwHold)
				s.Options |= CursorHold
			} else if p.accept(kwWithout) {
				p.expect(kwHold)
			}
			p.expect(kwFor)
			if p.failed() {
				return s
			}
			s.Query = p.selectStmt()
			return s
		}
	}
	return s
}

// fetchStmt parses FETCH fetch_args and MOVE fetch_args.
func (p *parser) fetchStmt() Stmt {
	s := &FetchStmt{Move: p.advance().kind == kwMove, Count: 1}
	// A direction keyword directly before the end of the statement is
	// the cursor's name (FETCH next), as bison resolves it.
	if isColID(p.tok()) && p.endsStatement(1) {
		s.Name = p.colID()
		return s
	}
	switch p.kind() {
	case kwNext:
		p.advance()
	case kwPrior:
		p.advance()
		s.Direction = FetchBackward
	case kwFirst:
		p.advance()
		s.Direction = FetchAbsolute
	case kwLast:
		p.advance()
		s.Direction, s.Count = FetchAbsolute, -1
	case kwAbsolute, kwRelative:
		if p.advance().kind == kwAbsolute {
			s.Direction = FetchAbsolute
		} else {
			s.Direction = FetchRelative
		}
		s.Count = p.signedIconst()
	case kwAll:
		p.advance()
		s.Count = FetchAll
	case kwForward, kwBackward:
		if p.advance().kind == kwBackward {
			s.Direction = FetchBackward
		}
		switch {
		case p.accept(kwAll):
			s.Count = FetchAll
		case p.is(tIConst) || p.is('+') || p.is('-'):
			s.Count = p.signedIconst()
		}
	case tIConst, '+', '-':
		s.Count = p.signedIconst()
	case kwFrom, kwIn:
		p.advance()
		s.Name = p.colID()
		return s
	default:
		s.Name = p.colID()
		return s
	}
	if !p.accept(kwFrom) {
		p.accept(kwIn)
	}
	s.Name = p.colID()
	return s
}

// endsStatement reports whether the token n ahead ends the statement.
func (p *parser) endsStatement(n int) bool {
	k := p.peekKind(n)
	return k == ';' || k == tEOF
}

// signedIconst parses SignedIconst: an integer literal with an optional
// sign.
func (p *parser) signedIconst() int64 {
	switch {
	case p.accept('+'):
		return p.iconst()
	case p.accept('-'):
		return -p.iconst()
	}
	return p.iconst()
}

// closePortalStmt parses CLOSE name | ALL.
func (p *parser) closePortalStmt() Stmt {
	p.advance()
	if p.accept(kwAll) {
		return &ClosePortalStmt{}
	}
	return &ClosePortalStmt{Name: p.colID()}
}
