package parser

import (
	"strings"

	"ringpg/pgerr"
)

// parseStmt parses one statement, dispatching on its first keyword.
func (p *parser) parseStmt() Stmt {
	t := p.tok()
	switch t.kind {
	case kwSelect, kwValues, kwTable, '(':
		return p.selectStmt()
	case kwWith, tWithLA, kwInsert, kwUpdate, kwDelete:
		return p.preparableStmt()
	case kwBegin, kwStart, kwCommit, kwEnd, kwRollback, kwAbort, kwSavepoint, kwRelease:
		return p.transactionStmt()
	case kwPrepare:
		if p.peekKind(1) == kwTransaction {
			return p.transactionStmt()
		}
		return p.prepareStmt()
	case kwSet:
		return p.setStmt()
	case kwShow:
		return p.showStmt()
	case kwReset:
		return p.resetStmt()
	case kwExecute:
		return p.executeStmt()
	case kwDeallocate:
		return p.deallocateStmt()
	case kwExplain:
		return p.explainStmt()
	case kwCreate:
		return p.createStmt()
	case kwAlter:
		return p.alterStmt()
	case kwDrop:
		return p.dropStmt()
	case kwTruncate:
		return p.truncateStmt()
	case kwCopy:
		return p.copyStmt()
	case kwVacuum, kwAnalyze, kwAnalyse:
		return p.vacuumStmt()
	case kwLock:
		return p.lockStmt()
	case kwCheckpoint:
		p.advance()
		return &CheckpointStmt{}
	case kwDiscard:
		return p.discardStmt()
	case kwGrant, kwRevoke:
		return p.grantStmt()
	case kwListen:
		p.advance()
		return &ListenStmt{Channel: p.colID()}
	case kwUnlisten:
		p.advance()
		if p.accept('*') {
			return &UnlistenStmt{}
		}
		return &UnlistenStmt{Channel: p.colID()}
	case kwNotify:
		p.advance()
		s := &NotifyStmt{Channel: p.colID()}
		if p.accept(',') {
			s.Payload = p.sconst()
		}
		return s
	case kwDo:
		return p.doStmt()
	case kwDeclare:
		return p.declareCursorStmt()
	case kwFetch, kwMove:
		return p.fetchStmt()
	case kwClose:
		return p.closePortalStmt()
	case kwComment:
		return p.commentStmt()
	case kwReindex:
		return p.reindexStmt()
	case kwCluster:
		return p.clusterStmt()
	case kwCall, kwRefresh, kwSecurity, kwLoad,
		kwImport, kwMerge, kwReassign:
		return p.unsupported(t)
	}
	p.syntaxError()
	return &CheckpointStmt{}
}

// reindexStmt parses REINDEX [(VERBOSE)] {INDEX | TABLE | SCHEMA |
// DATABASE | SYSTEM} [CONCURRENTLY] name.
func (p *parser) reindexStmt() Stmt {
	p.advance()
	s := &ReindexStmt{}
	if p.accept('(') {
		for !p.failed() {
			if !p.accept(kwVerbose) {
				p.syntaxError()
				return s
			}
			s.Verbose = true
			if !p.accept(',') {
				break
			}
		}
		p.expect(')')
	}
	switch t := p.tok(); t.kind {
	case kwIndex, kwTable, kwSchema, kwDatabase, kwSystem:
		p.advance()
		s.Kind = upperASCII(t.str)
	default:
		p.syntaxError()
		return s
	}
	s.Concurrently = p.accept(kwConcurrently)
	if s.Kind == "INDEX" || s.Kind == "TABLE" {
		s.Relation = p.qualifiedName()
	} else {
		s.Name = p.colID()
	}
	return s
}

// clusterStmt parses CLUSTER [VERBOSE] [table [USING index]].
func (p *parser) clusterStmt() Stmt {
	p.advance()
	s := &ClusterStmt{Verbose: p.accept(kwVerbose)}
	if p.is(tEOF) || p.is(';') {
		return s
	}
	s.Relation = p.qualifiedName()
	if p.accept(kwUsing) {
		s.Index = p.colID()
	}
	return s
}

// unsupported reports a statement PostgreSQL accepts but this parser does
// not build yet, rather than calling valid SQL a syntax error.
func (p *parser) unsupported(t token) Stmt {
	p.errorAt(pgerr.FeatureNotSupported, strings.ToUpper(t.str)+" is not supported", t.start)
	return &CheckpointStmt{}
}

// transactionStmt parses the transaction control statements.
func (p *parser) transactionStmt() Stmt {
	t := p.advance()
	s := &TransactionStmt{}
	optTransaction := func() {
		if !p.accept(kwWork) {
			p.accept(kwTransaction)
		}
	}
	chain := func() {
		if p.is(kwAnd) {
			p.advance()
			if p.accept(kwNo) {
				p.expect(kwChain)
				return
			}
			p.expect(kwChain)
			s.Chain = true
		}
	}
	switch t.kind {
	case kwBegin:
		s.Kind = TransBegin
		optTransaction()
		s.Options = p.transactionModes(false)
	case kwStart:
		p.expect(kwTransaction)
		s.Kind = TransStart
		s.Options = p.transactionModes(false)
	case kwCommit:
		if p.accept(kwPrepared) {
			s.Kind = TransCommitPrepared
			s.GID = p.sconst()
			return s
		}
		s.Kind = TransCommit
		optTransaction()
		chain()
	case kwEnd:
		s.Kind = TransCommit
		optTransaction()
		chain()
	case kwAbort:
		s.Kind = TransRollback
		optTransaction()
		chain()
	case kwRollback:
		if p.accept(kwPrepared) {
			s.Kind = TransRollbackPrepared
			s.GID = p.sconst()
			return s
		}
		s.Kind = TransRollback
		optTransaction()
		if p.accept(kwTo) {
			p.optSavepointKeyword()
			s.Kind = TransRollbackTo
			s.Savepoint = p.colID()
			return s
		}
		chain()
	case kwSavepoint:
		s.Kind = TransSavepoint
		s.Savepoint = p.colID()
	case kwRelease:
		s.Kind = TransRelease
		p.optSavepointKeyword()
		s.Savepoint = p.colID()
	case kwPrepare:
		p.expect(kwTransaction)
		s.Kind = TransPrepare
		s.GID = p.sconst()
	}
	return s
}

// optSavepointKeyword consumes the optional SAVEPOINT keyword before a
// savepoint name; SAVEPOINT alone is the name itself.
func (p *parser) optSavepointKeyword() {
	if p.is(kwSavepoint) && isColID(p.peek(1)) {
		p.advance()
	}
}

// transactionModes parses transaction_mode_list (items separated by commas
// or just white space); required says the list must not be empty.
func (p *parser) transactionModes(required bool) []*DefElem {
	var l []*DefElem
	for !p.failed() {
		t := p.tok()
		loc := t.start
		var d *DefElem
		switch {
		case t.kind == kwIsolation:
			p.advance()
			p.expect(kwLevel)
			var level string
			switch {
			case p.accept(kwSerializable):
				level = "serializable"
			case p.accept(kwRepeatable):
				p.expect(kwRead)
				level = "repeatable read"
			case p.accept(kwRead):
				if p.accept(kwCommitted) {
					level = "read committed"
				} else {
					p.expect(kwUncommitted)
					level = "read uncommitted"
				}
			default:
				p.syntaxError()
			}
			d = &DefElem{Name: "transaction_isolation", Arg: &AConst{Kind: ConstString, Val: level, Location: loc}, Location: loc}
		case t.kind == kwRead:
			p.advance()
			ro := true
			if p.accept(kwWrite) {
				ro = false
			} else {
				p.expect(kwOnly)
			}
			d = &DefElem{Name: "transaction_read_only", Arg: &AConst{Kind: ConstBool, Bool: ro, Location: loc}, Location: loc}
		case t.kind == kwDeferrable:
			p.advance()
			d = &DefElem{Name: "transaction_deferrable", Arg: &AConst{Kind: ConstBool, Bool: true, Location: loc}, Location: loc}
		case t.kind == kwNot:
			p.advance()
			p.expect(kwDeferrable)
			d = &DefElem{Name: "transaction_deferrable", Arg: &AConst{Kind: ConstBool, Bool: false, Location: loc}, Location: loc}
		default:
			if required {
				p.syntaxError()
			}
			return l
		}
		l = append(l, d)
		if p.accept(',') {
			required = true
			continue
		}
		required = false
	}
	return l
}

// varName parses var_name: ColId ('.' ColId)*.
func (p *parser) varName() string {
	name := p.colID()
	for p.accept('.') {
		name += "." + p.colID()
	}
	return name
}

// setStmt parses SET.
func (p *parser) setStmt() Stmt {
	p.advance()
	s := &VariableSetStmt{}
	if p.is(kwLocal) || p.is(kwSession) {
		switch k := p.peekKind(1); {
		case isSetAssign(k) || k == '.':
			// SET local = ...: the word is the setting's name.
		case p.is(kwLocal):
			p.advance()
			s.Local = true
		case k != kwAuthorization && k != kwCharacteristics:
			p.advance()
		}
	}
	t := p.tok()
	switch {
	case t.kind == kwTransaction && p.peekKind(1) == kwSnapshot:
		p.advance()
		p.advance()
		s.Kind = VarSetMulti
		s.Name = "TRANSACTION SNAPSHOT"
		loc := p.tok().start
		s.Args = []Expr{&AConst{Kind: ConstString, Val: p.sconst(), Location: loc}}
	case t.kind == kwTransaction:
		p.advance()
		s.Kind = VarSetMulti
		s.Name = "TRANSACTION"
		s.TxnModes = p.transactionModes(true)
	case t.kind == kwSession && p.peekKind(1) == kwCharacteristics:
		p.advance()
		p.advance()
		p.expect(kwAs)
		p.expect(kwTransaction)
		s.Kind = VarSetMulti
		s.Name = "SESSION CHARACTERISTICS"
		s.TxnModes = p.transactionModes(true)
	case t.kind == kwSession && p.peekKind(1) == kwAuthorization:
		p.advance()
		p.advance()
		s.Name = "session_authorization"
		if p.accept(kwDefault) {
			s.Kind = VarSetDefault
		} else {
			s.Args = []Expr{p.wordOrString()}
		}
	case t.kind == kwTime && p.peekKind(1) == kwZone:
		p.advance()
		p.advance()
		s.Name = "timezone"
		p.zoneValue(s)
	case t.kind == kwCatalog && p.peekKind(1) == tSConst:
		p.advance()
		p.errorAt(pgerr.FeatureNotSupported, "current database cannot be changed", p.tok().start)
	case t.kind == kwSchema && p.peekKind(1) == tSConst:
		p.advance()
		s.Name = "search_path"
		s.Args = []Expr{p.wordOrString()}
	case t.kind == kwNames && !isSetAssign(p.peekKind(1)):
		p.advance()
		s.Name = "client_encoding"
		if p.is(tSConst) {
			s.Args = []Expr{p.wordOrString()}
		} else {
			p.accept(kwDefault)
			s.Kind = VarSetDefault
		}
	case t.kind == kwRole && !isSetAssign(p.peekKind(1)):
		p.advance()
		s.Name = "role"
		s.Args = []Expr{p.wordOrString()}
	case t.kind == kwXml && p.peekKind(1) == kwOption:
		p.advance()
		p.advance()
		s.Name = "xmloption"
		loc := p.tok().start
		switch {
		case p.accept(kwDocument):
			s.Args = []Expr{&AConst{Kind: ConstString, Val: "DOCUMENT", Location: loc}}
		default:
			p.expect(kwContent)
			s.Args = []Expr{&AConst{Kind: ConstString, Val: "CONTENT", Location: loc}}
		}
	default:
		s.Name = p.varName()
		if p.is(kwFrom) {
			p.advance()
			p.expect(kwCurrent)
			s.Kind = VarSetCurrent
			return s
		}
		if !p.accept(kwTo) {
			p.expect('=')
		}
		if p.accept(kwDefault) {
			s.Kind = VarSetDefault
			return s
		}
		s.Args = p.varList()
	}
	return s
}

func isSetAssign(k tokKind) bool { return k == kwTo || k == '=' }

// varList parses var_value (',' var_value)*.
func (p *parser) varList() []Expr {
	l := []Expr{p.varValue()}
	for p.accept(',') {
		l = append(l, p.varValue())
	}
	return l
}

// varValue parses var_value: a boolean word, a NonReservedWord or string,
// or a signed number.
func (p *parser) varValue() Expr {
	t := p.tok()
	switch t.kind {
	case tIConst, tFConst, '+', '-':
		return p.numericOnly()
	}
	return p.booleanOrString()
}

// booleanOrString parses opt_boolean_or_string into a string constant:
// TRUE, FALSE, ON, or NonReservedWord_or_Sconst.
func (p *parser) booleanOrString() *AConst {
	t := p.tok()
	switch t.kind {
	case kwTrue, kwFalse, kwOn:
		p.advance()
		return &AConst{Kind: ConstString, Val: t.str, Location: t.start}
	}
	return p.wordOrString()
}

// wordOrString parses NonReservedWord_or_Sconst.
func (p *parser) wordOrString() *AConst {
	t := p.tok()
	if t.kind == tSConst || isNonReservedWord(t) {
		p.advance()
		return &AConst{Kind: ConstString, Val: t.str, Location: t.start}
	}
	p.syntaxError()
	return &AConst{Kind: ConstString, Location: t.start}
}

// numericOnly parses NumericOnly: a number with an optional sign.
func (p *parser) numericOnly() *AConst {
	t := p.tok()
	loc := t.start
	sign := byte(0)
	if t.kind == '+' || t.kind == '-' {
		sign = byte(t.kind)
		p.advance()
		t = p.tok()
	}
	var c *AConst
	switch t.kind {
	case tIConst:
		c = &AConst{Kind: ConstInteger, Val: t.str, Ival: t.ival, Location: t.start}
	case tFConst:
		c = &AConst{Kind: ConstFloat, Val: t.str, Location: t.start}
	default:
		p.syntaxError()
		return &AConst{Kind: ConstInteger, Val: "0", Location: loc}
	}
	p.advance()
	if sign == '-' {
		negate(c, loc)
	}
	return c
}

// zoneValue parses zone_value for SET TIME ZONE.
func (p *parser) zoneValue(s *VariableSetStmt) {
	t := p.tok()
	switch t.kind {
	case tSConst, tIdent:
		p.advance()
		s.Args = []Expr{&AConst{Kind: ConstString, Val: t.str, Location: t.start}}
	case kwDefault, kwLocal:
		p.advance()
		s.Kind = VarSetDefault
	case kwInterval:
		p.advance()
		typ := &TypeName{Names: sysType("interval"), Location: t.start}
		if p.accept('(') {
			pl := p.tok().start
			prec := p.iconst()
			p.expect(')')
			typ.Typmods = []Expr{intConst(IntervalFullRange, -1), intConst(prec, pl)}
			st := p.tok()
			str := p.sconst()
			s.Args = []Expr{&TypeCast{Arg: &AConst{Kind: ConstString, Val: str, Location: st.start}, Type: typ, Location: -1}}
			return
		}
		st := p.tok()
		str := p.sconst()
		typ.Typmods = p.optInterval()
		s.Args = []Expr{&TypeCast{Arg: &AConst{Kind: ConstString, Val: str, Location: st.start}, Type: typ, Location: -1}}
	case tIConst, tFConst, '+', '-':
		s.Args = []Expr{p.numericOnly()}
	default:
		p.syntaxError()
	}
}

// showStmt parses SHOW.
func (p *parser) showStmt() Stmt {
	p.advance()
	return &VariableShowStmt{Name: p.specialVarName(true)}
}

// specialVarName parses the variable of SHOW and RESET, including the
// multi-word names and ALL.
func (p *parser) specialVarName(show bool) string {
	switch {
	case p.is(kwTime) && p.peekKind(1) == kwZone:
		p.advance()
		p.advance()
		return "timezone"
	case p.is(kwTransaction) && p.peekKind(1) == kwIsolation:
		p.advance()
		p.advance()
		p.expect(kwLevel)
		return "transaction_isolation"
	case p.is(kwSession) && p.peekKind(1) == kwAuthorization:
		p.advance()
		p.advance()
		return "session_authorization"
	case p.is(kwAll):
		p.advance()
		return "all"
	}
	return p.varName()
}

// resetStmt parses RESET.
func (p *parser) resetStmt() Stmt {
	p.advance()
	name := p.specialVarName(false)
	if name == "all" {
		return &VariableSetStmt{Kind: VarResetAll}
	}
	return &VariableSetStmt{Kind: VarReset, Name: name}
}

// prepareStmt parses PREPARE name [(types)] AS statement.
func (p *parser) prepareStmt() Stmt {
	p.advance()
	s := &PrepareStmt{Name: p.colID()}
	if p.accept('(') {
		s.ArgTypes = p.typeList()
		p.expect(')')
	}
	p.expect(kwAs)
	s.Query = p.preparableStmt()
	return s
}

// executeStmt parses EXECUTE name [(params)].
func (p *parser) executeStmt() Stmt {
	p.advance()
	s := &ExecuteStmt{Name: p.colID()}
	if p.accept('(') {
		s.Params = p.exprList()
		p.expect(')')
	}
	return s
}

// deallocateStmt parses DEALLOCATE [PREPARE] name | ALL.
func (p *parser) deallocateStmt() Stmt {
	p.advance()
	if p.is(kwPrepare) && (isColID(p.peek(1)) || p.peekKind(1) == kwAll) {
		p.advance()
	}
	if p.accept(kwAll) {
		return &DeallocateStmt{}
	}
	return &DeallocateStmt{Name: p.colID()}
}

// explainStmt parses EXPLAIN.
func (p *parser) explainStmt() Stmt {
	p.advance()
	s := &ExplainStmt{}
	switch {
	case p.is('(') && !p.parenSelectAhead():
		p.advance()
		s.Options = p.utilityOptionList()
		p.expect(')')
	case p.is(kwAnalyze) || p.is(kwAnalyse):
		s.Options = append(s.Options, &DefElem{Name: "analyze", Location: p.advance().start})
		if p.is(kwVerbose) {
			s.Options = append(s.Options, &DefElem{Name: "verbose", Location: p.advance().start})
		}
	case p.is(kwVerbose):
		s.Options = append(s.Options, &DefElem{Name: "verbose", Location: p.advance().start})
	}
	s.Query = p.explainableStmt()
	return s
}

// explainableStmt parses a statement EXPLAIN accepts.
func (p *parser) explainableStmt() Stmt {
	switch p.tok().kind {
	case kwSelect, kwValues, kwTable, '(', kwWith, tWithLA, kwInsert, kwUpdate, kwDelete:
		return p.preparableStmt()
	case kwExecute:
		return p.executeStmt()
	case kwCreate:
		return p.createStmt()
	}
	p.syntaxError()
	return &CheckpointStmt{}
}

// utilityOptionList parses the parenthesised options of EXPLAIN, VACUUM
// and ANALYZE: name [value], ...
func (p *parser) utilityOptionList() []*DefElem {
	var l []*DefElem
	for !p.failed() {
		t := p.tok()
		if !isNonReservedWord(t) && t.kind != kwAnalyze && t.kind != kwAnalyse {
			p.syntaxError()
			return l
		}
		p.advance()
		name := t.str
		if t.kind == kwAnalyse {
			name = "analyze"
		}
		d := &DefElem{Name: name, Location: t.start}
		switch k := p.tok().kind; {
		case k == ',' || k == ')':
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

// discardStmt parses DISCARD ALL|PLANS|SEQUENCES|TEMP.
func (p *parser) discardStmt() Stmt {
	p.advance()
	switch {
	case p.accept(kwAll):
		return &DiscardStmt{Target: DiscardAll}
	case p.accept(kwPlans):
		return &DiscardStmt{Target: DiscardPlans}
	case p.accept(kwSequences):
		return &DiscardStmt{Target: DiscardSequences}
	case p.accept(kwTemp), p.accept(kwTemporary):
		return &DiscardStmt{Target: DiscardTemp}
	}
	p.syntaxError()
	return &DiscardStmt{}
}

// doStmt parses DO [LANGUAGE lang] 'code' (in either order).
func (p *parser) doStmt() Stmt {
	p.advance()
	s := &DoStmt{}
	items := 0
	for !p.failed() {
		switch {
		case p.is(tSConst):
			s.Code = p.advance().str
			items++
			continue
		case p.accept(kwLanguage):
			s.Language = p.wordOrString().Val
			items++
			continue
		}
		break
	}
	if items == 0 {
		p.syntaxError()
	}
	return s
}

// lockStmt parses LOCK [TABLE] names [IN mode MODE] [NOWAIT].
func (p *parser) lockStmt() Stmt {
	p.advance()
	p.accept(kwTable)
	s := &LockStmt{Relations: p.relationExprList(), Mode: AccessExclusiveLock}
	if p.accept(kwIn) {
		switch {
		case p.accept(kwAccess):
			if p.accept(kwShare) {
				s.Mode = AccessShareLock
			} else {
				p.expect(kwExclusive)
			}
		case p.accept(kwRow):
			if p.accept(kwShare) {
				s.Mode = RowShareLock
			} else {
				p.expect(kwExclusive)
				s.Mode = RowExclusiveLock
			}
		case p.accept(kwShare):
			s.Mode = ShareLock
			switch {
			case p.accept(kwUpdate):
				p.expect(kwExclusive)
				s.Mode = ShareUpdateExclusiveLock
			case p.accept(kwRow):
				p.expect(kwExclusive)
				s.Mode = ShareRowExclusiveLock
			}
		case p.accept(kwExclusive):
			s.Mode = ExclusiveLock
		default:
			p.syntaxError()
		}
		p.expect(kwMode)
	}
	s.NoWait = p.accept(kwNowait)
	return s
}
