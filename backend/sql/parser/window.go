package parser

// windowSpec parses window_specification.
func (p *parser) windowSpec() *WindowDef {
	w := &WindowDef{Location: p.expect('(').start}
	if t := p.tok(); isColID(t) {
		switch t.kind {
		case kwPartition, kwRange, kwRows, kwGroups:
		default:
			w.Refname = p.advance().str
		}
	}
	if p.is(kwPartition) {
		p.advance()
		p.expect(kwBy)
		w.PartitionBy = p.exprList()
	}
	if p.is(kwOrder) {
		w.OrderBy = p.orderByClause()
	}
	switch p.tok().kind {
	case kwRange, kwRows, kwGroups:
		w.Frame = p.frameClause()
	}
	p.expect(')')
	return w
}

// frameClause parses RANGE|ROWS|GROUPS frame_extent [EXCLUDE ...] and
// rejects the frames PostgreSQL's grammar rejects.
func (p *parser) frameClause() *WindowFrame {
	f := &WindowFrame{}
	switch p.advance().kind {
	case kwRows:
		f.Mode = FrameRows
	case kwGroups:
		f.Mode = FrameGroups
	default:
		f.Mode = FrameRange
	}
	if p.is(kwBetween) && p.betweenIsFrameKeyword() {
		p.advance()
		startLoc := p.tok().start
		f.Start = p.frameBound()
		p.expect(kwAnd)
		endLoc := p.tok().start
		end := p.frameBound()
		f.End = &end
		if p.failed() {
			return f
		}
		switch {
		case f.Start.Kind == BoundUnboundedFollowing:
			p.errorAt(codeWindowingError, "frame start cannot be UNBOUNDED FOLLOWING", startLoc)
		case end.Kind == BoundUnboundedPreceding:
			p.errorAt(codeWindowingError, "frame end cannot be UNBOUNDED PRECEDING", endLoc)
		case f.Start.Kind == BoundCurrentRow && end.Kind == BoundPreceding:
			p.errorAt(codeWindowingError, "frame starting from current row cannot have preceding rows", endLoc)
		case f.Start.Kind == BoundFollowing && (end.Kind == BoundPreceding || end.Kind == BoundCurrentRow):
			p.errorAt(codeWindowingError, "frame starting from following row cannot have preceding rows", endLoc)
		}
	} else {
		startLoc := p.tok().start
		f.Start = p.frameBound()
		if p.failed() {
			return f
		}
		switch f.Start.Kind {
		case BoundUnboundedFollowing:
			p.errorAt(codeWindowingError, "frame start cannot be UNBOUNDED FOLLOWING", startLoc)
		case BoundFollowing:
			p.errorAt(codeWindowingError, "frame starting from following row cannot end with current row", startLoc)
		}
	}
	if p.accept(kwExclude) {
		switch {
		case p.accept(kwCurrent):
			p.expect(kwRow)
			f.Exclude = ExcludeCurrentRow
		case p.accept(kwGroup):
			f.Exclude = ExcludeGroup
		case p.accept(kwTies):
			f.Exclude = ExcludeTies
		case p.accept(kwNo):
			p.expect(kwOthers)
		default:
			p.syntaxError()
		}
	}
	return f
}

// betweenIsFrameKeyword reports whether BETWEEN after ROWS/RANGE/GROUPS
// starts BETWEEN bound AND bound; otherwise it is a column named "between"
// in a single frame bound, as bison decides by the token after it.
func (p *parser) betweenIsFrameKeyword() bool {
	next := p.peek(1)
	return next.kind == kwUnbounded || next.kind == kwCurrent || canStartExpr(next)
}

func (p *parser) frameBound() FrameBound {
	if p.is(kwUnbounded) {
		switch p.peekKind(1) {
		case kwPreceding:
			p.advance()
			p.advance()
			return FrameBound{Kind: BoundUnboundedPreceding}
		case kwFollowing:
			p.advance()
			p.advance()
			return FrameBound{Kind: BoundUnboundedFollowing}
		}
	}
	if p.is(kwCurrent) && p.peekKind(1) == kwRow {
		p.advance()
		p.advance()
		return FrameBound{Kind: BoundCurrentRow}
	}
	off := p.aExpr()
	if p.accept(kwPreceding) {
		return FrameBound{Kind: BoundPreceding, Offset: off}
	}
	p.expect(kwFollowing)
	return FrameBound{Kind: BoundFollowing, Offset: off}
}

// orderByClause parses ORDER BY sortby_list.
func (p *parser) orderByClause() []*SortBy {
	p.expect(kwOrder)
	p.expect(kwBy)
	return p.sortList()
}

// sortClause is orderByClause; WITHIN GROUP uses it.
func (p *parser) sortClause() []*SortBy { return p.orderByClause() }

func (p *parser) sortList() []*SortBy {
	var l []*SortBy
	for !p.failed() {
		l = append(l, p.sortBy())
		if !p.accept(',') {
			break
		}
	}
	return l
}

func (p *parser) sortBy() *SortBy {
	s := &SortBy{Expr: p.aExpr(), Location: -1}
	switch {
	case p.is(kwUsing):
		s.Location = p.advance().end
		s.Dir = SortUsing
		if p.is(kwOperator) {
			s.UsingOp = p.qualOp()
		} else {
			s.UsingOp = []string{p.allOp()}
		}
	case p.accept(kwAsc):
		s.Dir = SortAsc
	case p.accept(kwDesc):
		s.Dir = SortDesc
	}
	s.Nulls = p.optNullsOrder()
	return s
}

// optNullsOrder parses [NULLS FIRST|LAST].
func (p *parser) optNullsOrder() NullsOrder {
	if p.is(tNullsLA) {
		switch p.peekKind(1) {
		case kwFirst:
			p.advance()
			p.advance()
			return NullsFirst
		case kwLast:
			p.advance()
			p.advance()
			return NullsLast
		}
	}
	return NullsDefault
}
