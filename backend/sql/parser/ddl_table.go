package parser

import "ringpg/pgerr"

// createStmt dispatches the CREATE statements.
func (p *parser) createStmt() Stmt {
	createTok := p.advance()
	replace := false
	if p.is(kwOr) {
		p.advance()
		p.expect(kwReplace)
		replace = true
	}
	pers := p.optTemp(true)
	t := p.tok()
	switch t.kind {
	case kwTable:
		if !replace {
			return p.createTable(pers)
		}
	case kwView, kwRecursive:
		return p.createView(replace, pers)
	case kwSequence:
		if !replace {
			return p.createSequence(pers)
		}
	case kwUnique, kwIndex:
		if !replace && pers == Permanent {
			return p.createIndex()
		}
	case kwMaterialized:
		if !replace && pers != Temporary {
			return p.createMatView(pers)
		}
	case kwSchema:
		if !replace && pers == Permanent {
			return p.createSchema()
		}
	case kwDatabase:
		if !replace && pers == Permanent {
			return p.createDatabase()
		}
	case kwRole, kwUser, kwGroup:
		if !replace && pers == Permanent {
			return p.createRole()
		}
	case kwType:
		if !replace && pers == Permanent {
			return p.createType(createTok)
		}
	case kwDomain:
		if !replace && pers == Permanent {
			return p.createDomain()
		}
	case kwFunction, kwProcedure, kwTrigger, kwExtension, kwAggregate,
		kwOperator, kwCast, kwCollation, kwConversion, kwPolicy, kwPublication,
		kwSubscription, kwRule, kwServer, kwStatistics, kwTablespace, kwLanguage,
		kwEvent, kwForeign, kwAccess, kwTransform, kwText, kwConstraint, kwDefault:
		p.errorAt(pgerr.FeatureNotSupported, "CREATE "+upperASCII(t.str)+" is not supported", createTok.start)
		return &CheckpointStmt{}
	}
	p.syntaxError()
	return &CheckpointStmt{}
}

// createTable parses CREATE [TEMP|UNLOGGED] TABLE, including CREATE TABLE AS.
func (p *parser) createTable(pers Persistence) Stmt {
	p.advance()
	ifNot := p.ifNotExists()
	rel := p.qualifiedName()
	rel.Persistence = pers
	if p.is(kwPartition) || p.is(kwOf) {
		what := "OF"
		if p.is(kwPartition) {
			what = "PARTITION OF"
		}
		p.errorAt(pgerr.FeatureNotSupported, "CREATE TABLE ... "+what+" is not supported", p.tok().start)
		return &CreateStmt{}
	}
	if !p.is('(') || p.columnListAhead() {
		return p.createTableAs(rel, ifNot)
	}
	s := &CreateStmt{Relation: rel, IfNotExists: ifNot}
	p.expect('(')
	if !p.is(')') {
		for !p.failed() {
			s.Elements = append(s.Elements, p.tableElement())
			if !p.accept(',') {
				break
			}
		}
	}
	p.expect(')')
	if p.accept(kwInherits) {
		p.expect('(')
		s.Inherits = p.qualifiedNameList()
		p.expect(')')
	}
	if p.is(kwPartition) {
		p.errorAt(pgerr.FeatureNotSupported, "PARTITION BY is not supported", p.tok().start)
		return s
	}
	if p.accept(kwUsing) {
		s.AccessMethod = p.colID()
	}
	s.Options = p.optWith()
	s.OnCommit = p.onCommitOption()
	if p.accept(kwTablespace) {
		s.Tablespace = p.colID()
	}
	return s
}

// columnListAhead reports whether the '(' at the current token opens a
// plain column name list (CREATE TABLE AS) rather than table elements.
func (p *parser) columnListAhead() bool {
	t := p.peek(1)
	if !isColID(t) {
		return false
	}
	switch t.kind {
	case kwConstraint, kwCheck, kwUnique, kwPrimary, kwForeign, kwExclude, kwLike:
		return false
	}
	k := p.peekKind(2)
	return k == ',' || k == ')'
}

// createTableAs parses the rest of CREATE TABLE name [(cols)] AS query.
func (p *parser) createTableAs(rel *RangeVar, ifNot bool) Stmt {
	into := &IntoClause{Rel: rel}
	if p.is('(') {
		into.ColNames = p.parenNameList()
	}
	if p.accept(kwUsing) {
		into.AccessMethod = p.colID()
	}
	into.Options = p.optWith()
	into.OnCommit = p.onCommitOption()
	if p.accept(kwTablespace) {
		into.Tablespace = p.colID()
	}
	p.expect(kwAs)
	if p.is(kwExecute) {
		p.errorAt(pgerr.FeatureNotSupported, "CREATE TABLE AS EXECUTE is not supported", p.tok().start)
		return &CreateTableAsStmt{}
	}
	q := p.selectStmt()
	into.WithNoData = p.optWithData()
	return &CreateTableAsStmt{Query: q, Into: into, ObjType: ObjTable, IfNotExists: ifNot}
}

// optWithData parses [WITH [NO] DATA]; it reports WITH NO DATA.
func (p *parser) optWithData() bool {
	if p.accept(kwWith) {
		if p.accept(kwNo) {
			p.expect(kwData)
			return true
		}
		p.expect(kwData)
	}
	return false
}

// optWith parses OptWith: WITH (reloptions) | WITHOUT OIDS.
func (p *parser) optWith() []*DefElem {
	if p.accept(kwWith) {
		return p.relOptions()
	}
	if p.accept(kwWithout) {
		p.expect(kwOids)
	}
	return nil
}

// onCommitOption parses [ON COMMIT DROP | DELETE ROWS | PRESERVE ROWS].
func (p *parser) onCommitOption() OnCommitAction {
	if !p.accept(kwOn) {
		return OnCommitNoop
	}
	p.expect(kwCommit)
	switch {
	case p.accept(kwDrop):
		return OnCommitDrop
	case p.accept(kwDelete):
		p.expect(kwRows)
		return OnCommitDeleteRows
	case p.accept(kwPreserve):
		p.expect(kwRows)
		return OnCommitPreserveRows
	}
	p.syntaxError()
	return OnCommitNoop
}

// relOptions parses reloptions: '(' name [= value], ... ')', where a name
// may carry a namespace (toast.fillfactor).
func (p *parser) relOptions() []*DefElem {
	p.expect('(')
	var l []*DefElem
	for !p.failed() {
		loc := p.tok().start
		d := &DefElem{Name: p.colLabel(), Location: loc}
		if p.accept('.') {
			d.Namespace = d.Name
			d.Name = p.colLabel()
		}
		if p.accept('=') {
			d.Arg = p.defArg()
		}
		l = append(l, d)
		if !p.accept(',') {
			break
		}
	}
	p.expect(')')
	return l
}

// defArg parses def_arg as a constant: a signed number, a string, or a
// word (a type name, keyword or NONE), which becomes a string.
func (p *parser) defArg() Expr {
	t := p.tok()
	switch t.kind {
	case tIConst, tFConst, '+', '-':
		return p.numericOnly()
	case tSConst:
		p.advance()
		return &AConst{Kind: ConstString, Val: t.str, Location: t.start}
	}
	if op := opName(t); op != "" {
		// qual_all_Op; kept as its spelling.
		p.advance()
		return &AConst{Kind: ConstString, Val: op, Location: t.start}
	}
	if isColLabel(t) {
		p.advance()
		return &AConst{Kind: ConstString, Val: t.str, Location: t.start}
	}
	p.syntaxError()
	return &AConst{Kind: ConstString, Location: t.start}
}

// tableElement parses a column definition, table constraint or LIKE.
func (p *parser) tableElement() TableElement {
	switch p.tok().kind {
	case kwLike:
		p.advance()
		lc := &TableLikeClause{Relation: p.qualifiedName()}
		for p.is(kwIncluding) || p.is(kwExcluding) {
			inc := p.advance().kind == kwIncluding
			t := p.tok()
			switch t.kind {
			case kwComments, kwCompression, kwConstraints, kwDefaults, kwIdentity,
				kwGenerated, kwIndexes, kwStatistics, kwStorage, kwAll:
				p.advance()
				lc.Options = append(lc.Options, TableLikeOption{Including: inc, Option: t.str})
			default:
				p.syntaxError()
				return lc
			}
		}
		return lc
	case kwConstraint, kwCheck, kwUnique, kwPrimary, kwForeign, kwExclude:
		return p.tableConstraint()
	}
	return p.columnDef()
}

// columnDef parses ColId Typename [constraints].
func (p *parser) columnDef() *ColumnDef {
	loc := p.tok().start
	cd := &ColumnDef{Name: p.colID(), Location: loc}
	cd.Type = p.typeName()
	p.colQualList(cd)
	return cd
}

// colQualList parses a column's constraints and COLLATE clause.
func (p *parser) colQualList(cd *ColumnDef) {
	for !p.failed() {
		t := p.tok()
		loc := t.start
		switch t.kind {
		case kwCollate:
			p.advance()
			names := p.anyName()
			if cd.Collation != nil {
				p.errorAt(pgerr.SyntaxError, "multiple COLLATE clauses not allowed", loc)
				return
			}
			cd.Collation = names
			continue
		case kwConstraint:
			p.advance()
			name := p.colID()
			c := p.colConstraintElem()
			if c == nil {
				p.syntaxError()
				return
			}
			c.Name = name
			c.Location = loc
			cd.Constraints = append(cd.Constraints, c)
			continue
		case kwDeferrable:
			p.advance()
			cd.Constraints = append(cd.Constraints, &Constraint{Type: ConstrAttrDeferrable, Location: loc})
			continue
		case kwInitially:
			p.advance()
			if p.accept(kwDeferred) {
				cd.Constraints = append(cd.Constraints, &Constraint{Type: ConstrAttrDeferred, Location: loc})
			} else {
				p.expect(kwImmediate)
				cd.Constraints = append(cd.Constraints, &Constraint{Type: ConstrAttrImmediate, Location: loc})
			}
			continue
		case kwNot:
			if p.peekKind(1) == kwDeferrable {
				p.advance()
				p.advance()
				cd.Constraints = append(cd.Constraints, &Constraint{Type: ConstrAttrNotDeferrable, Location: loc})
				continue
			}
		}
		c := p.colConstraintElem()
		if c == nil {
			return
		}
		cd.Constraints = append(cd.Constraints, c)
	}
}

// colConstraintElem parses ColConstraintElem, or returns nil when none
// starts here.
func (p *parser) colConstraintElem() *Constraint {
	t := p.tok()
	c := &Constraint{Location: t.start}
	switch t.kind {
	case kwNot:
		p.advance()
		p.expect(kwNull)
		c.Type = ConstrNotNull
	case kwNull:
		p.advance()
		c.Type = ConstrNull
	case kwUnique:
		p.advance()
		c.Type = ConstrUnique
		c.NullsNotDistinct = p.uniqueNullTreatment()
		p.indexOptions(c)
	case kwPrimary:
		p.advance()
		p.expect(kwKey)
		c.Type = ConstrPrimary
		p.indexOptions(c)
	case kwCheck:
		p.advance()
		c.Type = ConstrCheck
		p.expect('(')
		c.Expr = p.aExpr()
		p.expect(')')
		if p.accept(kwNo) {
			p.expect(kwInherit)
			c.NoInherit = true
		}
	case kwDefault:
		p.advance()
		c.Type = ConstrDefault
		c.Expr = p.bExpr()
	case kwGenerated:
		p.advance()
		whenLoc := p.tok().start
		if p.accept(kwAlways) {
			c.GeneratedWhen = GeneratedAlways
		} else {
			p.expect(kwBy)
			p.expect(kwDefault)
			c.GeneratedWhen = GeneratedByDefault
		}
		p.expect(kwAs)
		if p.accept(kwIdentity) {
			c.Type = ConstrIdentity
			if p.is('(') {
				p.advance()
				c.Options = p.seqOptList()
				p.expect(')')
			}
			break
		}
		c.Type = ConstrGenerated
		p.expect('(')
		c.Expr = p.aExpr()
		p.expect(')')
		p.expect(kwStored)
		if c.GeneratedWhen != GeneratedAlways && !p.failed() {
			p.errorAt(pgerr.SyntaxError, "for a generated column, GENERATED ALWAYS must be specified", whenLoc)
		}
	case kwReferences:
		p.advance()
		c.Type = ConstrForeign
		c.PkTable = p.qualifiedName()
		if p.is('(') {
			c.PkAttrs = p.parenNameList()
		}
		p.keyMatch(c)
		p.keyActions(c)
	default:
		return nil
	}
	return c
}

// uniqueNullTreatment parses [NULLS [NOT] DISTINCT] and reports NOT DISTINCT.
func (p *parser) uniqueNullTreatment() bool {
	if !p.accept(kwNulls) {
		return false
	}
	if p.accept(kwNot) {
		p.expect(kwDistinct)
		return true
	}
	p.expect(kwDistinct)
	return false
}

// indexOptions parses [INCLUDE (cols)] [WITH (options)] [USING INDEX
// TABLESPACE name] after PRIMARY KEY or UNIQUE.
func (p *parser) indexOptions(c *Constraint) {
	if p.is(kwInclude) {
		p.advance()
		c.Include = p.parenNameList()
	}
	if p.accept(kwWith) {
		c.Options = p.relOptions()
	}
	if p.accept(kwUsing) {
		p.expect(kwIndex)
		p.expect(kwTablespace)
		c.IndexTablespace = p.colID()
	}
}

// keyMatch parses [MATCH FULL|PARTIAL|SIMPLE].
func (p *parser) keyMatch(c *Constraint) {
	if !p.is(kwMatch) {
		return
	}
	loc := p.advance().start
	switch {
	case p.accept(kwFull):
		c.MatchType = MatchFull
	case p.accept(kwPartial):
		p.errorAt(pgerr.FeatureNotSupported, "MATCH PARTIAL not yet implemented", loc)
	case p.accept(kwSimple):
		c.MatchType = MatchSimple
	default:
		p.syntaxError()
	}
}

// keyActions parses ON UPDATE / ON DELETE actions in either order.
func (p *parser) keyActions(c *Constraint) {
	sawUpdate, sawDelete := false, false
	for p.is(kwOn) && !p.failed() {
		switch p.peekKind(1) {
		case kwUpdate:
			if sawUpdate {
				return
			}
			sawUpdate = true
			loc := p.advance().start
			p.advance()
			var cols []string
			c.OnUpdate, cols = p.keyAction()
			if cols != nil {
				p.errorAt(pgerr.FeatureNotSupported, "a column list with "+setActionName(c.OnUpdate)+" is only supported for ON DELETE actions", loc)
			}
		case kwDelete:
			if sawDelete {
				return
			}
			sawDelete = true
			p.advance()
			p.advance()
			c.OnDelete, c.FkDelSetCols = p.keyAction()
		default:
			// Nothing but ON UPDATE/DELETE can follow here.
			p.advance()
			p.syntaxError()
			return
		}
	}
}

func setActionName(a FKAction) string {
	if a == FKSetDefault {
		return "SET DEFAULT"
	}
	return "SET NULL"
}

// keyAction parses NO ACTION | RESTRICT | CASCADE | SET NULL|DEFAULT [(cols)].
func (p *parser) keyAction() (FKAction, []string) {
	switch {
	case p.accept(kwNo):
		p.expect(kwAction)
		return FKNoAction, nil
	case p.accept(kwRestrict):
		return FKRestrict, nil
	case p.accept(kwCascade):
		return FKCascade, nil
	case p.accept(kwSet):
		a := FKSetNull
		if p.accept(kwDefault) {
			a = FKSetDefault
		} else {
			p.expect(kwNull)
		}
		var cols []string
		if p.is('(') {
			cols = p.parenNameList()
		}
		return a, cols
	}
	p.syntaxError()
	return FKNoAction, nil
}

// tableConstraint parses [CONSTRAINT name] ConstraintElem.
func (p *parser) tableConstraint() *Constraint {
	loc := p.tok().start
	name := ""
	if p.accept(kwConstraint) {
		name = p.colID()
	}
	c := &Constraint{Name: name, Location: loc}
	t := p.tok()
	switch t.kind {
	case kwCheck:
		p.advance()
		c.Type = ConstrCheck
		p.expect('(')
		c.Expr = p.aExpr()
		p.expect(')')
		p.constraintAttributes(c, "CHECK")
	case kwUnique:
		p.advance()
		c.Type = ConstrUnique
		if p.accept(kwUsing) {
			p.expect(kwIndex)
			c.IndexName = p.colID()
		} else {
			c.NullsNotDistinct = p.uniqueNullTreatment()
			c.Keys = p.parenNameList()
			p.indexOptions(c)
		}
		p.constraintAttributes(c, "UNIQUE")
	case kwPrimary:
		p.advance()
		p.expect(kwKey)
		c.Type = ConstrPrimary
		if p.accept(kwUsing) {
			p.expect(kwIndex)
			c.IndexName = p.colID()
		} else {
			c.Keys = p.parenNameList()
			p.indexOptions(c)
		}
		p.constraintAttributes(c, "PRIMARY KEY")
	case kwForeign:
		p.advance()
		p.expect(kwKey)
		c.Type = ConstrForeign
		c.FkAttrs = p.parenNameList()
		p.expect(kwReferences)
		c.PkTable = p.qualifiedName()
		if p.is('(') {
			c.PkAttrs = p.parenNameList()
		}
		p.keyMatch(c)
		p.keyActions(c)
		p.constraintAttributes(c, "FOREIGN KEY")
	case kwExclude:
		p.errorAt(pgerr.FeatureNotSupported, "EXCLUDE constraints are not supported", t.start)
	default:
		p.syntaxError()
	}
	return c
}

// Constraint attribute bits, as gram.y's CAS_* flags.
const (
	casNotDeferrable = 1 << iota
	casDeferrable
	casInitiallyImmediate
	casInitiallyDeferred
	casNotValid
	casNoInherit
)

// constraintAttributes parses ConstraintAttributeSpec and applies it to c
// the way processCASbits does, rejecting what the constraint type forbids.
func (p *parser) constraintAttributes(c *Constraint, what string) {
	bits := 0
	for !p.failed() {
		loc := p.tok().start
		nb := 0
		switch {
		case p.accept(kwNot):
			switch {
			case p.accept(kwDeferrable):
				nb = casNotDeferrable
			case p.accept(kwValid):
				nb = casNotValid
			default:
				p.syntaxError()
				return
			}
		case p.accept(kwDeferrable):
			nb = casDeferrable
		case p.is(kwInitially):
			p.advance()
			if p.accept(kwDeferred) {
				nb = casInitiallyDeferred
			} else {
				p.expect(kwImmediate)
				nb = casInitiallyImmediate
			}
		case p.accept(kwNo):
			p.expect(kwInherit)
			nb = casNoInherit
		}
		if nb == 0 {
			break
		}
		nbits := bits | nb
		if nbits&(casNotDeferrable|casDeferrable) == casNotDeferrable|casDeferrable {
			p.errorAt(pgerr.SyntaxError, "conflicting constraint properties", loc)
			return
		}
		if nbits&(casInitiallyImmediate|casInitiallyDeferred) == casInitiallyImmediate|casInitiallyDeferred {
			p.errorAt(pgerr.SyntaxError, "conflicting constraint properties", loc)
			return
		}
		if nbits&(casNotDeferrable|casInitiallyDeferred) == casNotDeferrable|casInitiallyDeferred {
			p.errorAt(pgerr.SyntaxError, "constraint declared INITIALLY DEFERRED must be DEFERRABLE", loc)
			return
		}
		bits = nbits
	}
	if p.failed() || bits == 0 {
		return
	}
	// processCASbits reports these without a cursor position.
	fail := func(msg string) {
		p.err = pgerr.New(pgerr.FeatureNotSupported, "%s constraints cannot be marked %s", what, msg)
	}
	if bits&(casDeferrable|casInitiallyDeferred) != 0 {
		if c.Type == ConstrCheck {
			fail("DEFERRABLE")
			return
		}
		c.Deferrable = true
	}
	if bits&casInitiallyDeferred != 0 {
		c.InitDeferred = true
	}
	if bits&casNotValid != 0 {
		if c.Type != ConstrCheck && c.Type != ConstrForeign {
			fail("NOT VALID")
			return
		}
		c.NotValid = true
	}
	if bits&casNoInherit != 0 {
		if c.Type != ConstrCheck {
			fail("NO INHERIT")
			return
		}
		c.NoInherit = true
	}
}
