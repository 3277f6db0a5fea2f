package parser

import "ringpg/pgerr"

// createIndex parses CREATE [UNIQUE] INDEX.
func (p *parser) createIndex() Stmt {
	s := &IndexStmt{}
	s.Unique = p.accept(kwUnique)
	p.expect(kwIndex)
	s.Concurrently = p.accept(kwConcurrently)
	if p.ifNotExists() {
		s.IfNotExists = true
		s.Name = p.colID()
	} else if !p.is(kwOn) {
		s.Name = p.colID()
	}
	p.expect(kwOn)
	s.Relation = p.relationExpr()
	if p.accept(kwUsing) {
		s.AccessMethod = p.colID()
	}
	p.expect('(')
	s.Params = p.indexParams()
	p.expect(')')
	if p.accept(kwInclude) {
		p.expect('(')
		s.Include = p.indexParams()
		p.expect(')')
	}
	s.NullsNotDistinct = p.uniqueNullTreatment()
	if p.accept(kwWith) {
		s.Options = p.relOptions()
	}
	if p.accept(kwTablespace) {
		s.Tablespace = p.colID()
	}
	if p.accept(kwWhere) {
		s.Where = p.aExpr()
	}
	return s
}

// createSchema parses CREATE SCHEMA.
func (p *parser) createSchema() Stmt {
	p.advance()
	s := &CreateSchemaStmt{IfNotExists: p.ifNotExists()}
	if p.accept(kwAuthorization) {
		s.AuthRole = p.roleSpec()
		p.noSchemaElements()
		return s
	}
	s.Name = p.colID()
	if p.accept(kwAuthorization) {
		s.AuthRole = p.roleSpec()
	}
	p.noSchemaElements()
	return s
}

// noSchemaElements rejects the statements CREATE SCHEMA may embed, which
// are not supported.
func (p *parser) noSchemaElements() {
	switch p.kind() {
	case kwCreate, kwGrant:
		p.errorAt(pgerr.FeatureNotSupported, "CREATE SCHEMA with schema elements is not supported", p.tok().start)
	}
}

// createSequence parses CREATE [TEMP] SEQUENCE.
func (p *parser) createSequence(pers Persistence) Stmt {
	p.advance()
	s := &CreateSeqStmt{IfNotExists: p.ifNotExists()}
	s.Sequence = p.qualifiedName()
	s.Sequence.Persistence = pers
	s.Options = p.seqOptList()
	return s
}

// seqOptList parses SeqOptElem*. Like the grammar it accepts SEQUENCE NAME
// everywhere; only identity columns may use it, which analysis checks.
func (p *parser) seqOptList() []*DefElem {
	var l []*DefElem
	for !p.failed() {
		t := p.tok()
		loc := t.start
		d := &DefElem{Location: loc}
		switch t.kind {
		case kwAs:
			p.advance()
			d.Name = "as"
			d.Arg = p.simpleTypeName(false)
		case kwCache:
			p.advance()
			d.Name = "cache"
			d.Arg = p.numericOnly()
		case kwCycle:
			p.advance()
			d.Name = "cycle"
			d.Arg = &AConst{Kind: ConstBool, Bool: true, Location: loc}
		case kwIncrement:
			p.advance()
			p.accept(kwBy)
			d.Name = "increment"
			d.Arg = p.numericOnly()
		case kwMaxvalue, kwMinvalue:
			p.advance()
			d.Name = t.str
			d.Arg = p.numericOnly()
		case kwNo:
			p.advance()
			switch {
			case p.accept(kwCycle):
				d.Name = "cycle"
				d.Arg = &AConst{Kind: ConstBool, Bool: false, Location: loc}
			case p.accept(kwMaxvalue):
				d.Name = "maxvalue"
			case p.accept(kwMinvalue):
				d.Name = "minvalue"
			default:
				p.syntaxError()
				return l
			}
		case kwOwned:
			p.advance()
			p.expect(kwBy)
			d.Name = "owned_by"
			d.Arg = &NameList{Names: p.anyName()}
		case kwSequence:
			p.advance()
			p.expect(kwName)
			d.Name = "sequence_name"
			d.Arg = &NameList{Names: p.anyName()}
		case kwStart:
			p.advance()
			p.accept(kwWith)
			d.Name = "start"
			d.Arg = p.numericOnly()
		case kwRestart:
			p.advance()
			d.Name = "restart"
			if p.accept(kwWith) || p.is(tIConst) || p.is(tFConst) || p.is('-') || p.is('+') {
				d.Arg = p.numericOnly()
			}
		default:
			return l
		}
		l = append(l, d)
	}
	return l
}

// createView parses CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW.
func (p *parser) createView(replace bool, pers Persistence) Stmt {
	s := &ViewStmt{Replace: replace}
	s.Recursive = p.accept(kwRecursive)
	p.expect(kwView)
	s.View = p.qualifiedName()
	s.View.Persistence = pers
	if p.is('(') {
		s.Aliases = p.parenNameList()
	}
	if p.accept(kwWith) {
		s.Options = p.relOptions()
	}
	p.expect(kwAs)
	s.Query = p.selectStmt()
	if p.accept(kwWith) {
		s.CheckOption = CascadedCheckOption
		if p.accept(kwLocal) {
			s.CheckOption = LocalCheckOption
		} else {
			p.accept(kwCascaded)
		}
		p.expect(kwCheck)
		p.expect(kwOption)
	}
	return s
}

// createMatView parses CREATE [UNLOGGED] MATERIALIZED VIEW ... AS query.
func (p *parser) createMatView(pers Persistence) Stmt {
	p.advance()
	p.expect(kwView)
	ifNot := p.ifNotExists()
	rel := p.qualifiedName()
	rel.Persistence = pers
	into := &IntoClause{Rel: rel}
	if p.is('(') {
		into.ColNames = p.parenNameList()
	}
	if p.accept(kwUsing) {
		into.AccessMethod = p.colID()
	}
	if p.accept(kwWith) {
		into.Options = p.relOptions()
	}
	if p.accept(kwTablespace) {
		into.Tablespace = p.colID()
	}
	p.expect(kwAs)
	q := p.selectStmt()
	into.WithNoData = p.optWithData()
	return &CreateTableAsStmt{Query: q, Into: into, ObjType: ObjMatView, IfNotExists: ifNot}
}

// createDatabase parses CREATE DATABASE name [WITH] options.
func (p *parser) createDatabase() Stmt {
	p.advance()
	s := &CreatedbStmt{Name: p.colID()}
	p.accept(kwWith)
	for !p.failed() {
		t := p.tok()
		loc := t.start
		var name string
		switch t.kind {
		case kwConnection:
			p.advance()
			p.expect(kwLimit)
			name = "connection_limit"
		case kwEncoding, kwLocation, kwOwner, kwTablespace, kwTemplate:
			p.advance()
			name = t.str
		case tIdent:
			p.advance()
			name = t.str
		default:
			return s
		}
		p.accept('=')
		d := &DefElem{Name: name, Location: loc}
		switch k := p.tok().kind; {
		case k == kwDefault:
			p.advance()
		case k == tIConst || k == tFConst || k == '+' || k == '-':
			d.Arg = p.numericOnly()
		default:
			d.Arg = p.booleanOrString()
		}
		s.Options = append(s.Options, d)
	}
	return s
}

// alterStmt dispatches the ALTER statements.
func (p *parser) alterStmt() Stmt {
	alterTok := p.advance()
	t := p.tok()
	switch t.kind {
	case kwTable:
		p.advance()
		return p.alterRelation(ObjTable)
	case kwIndex:
		p.advance()
		return p.alterRelation(ObjIndex)
	case kwSequence:
		p.advance()
		return p.alterSequence()
	case kwView:
		p.advance()
		return p.alterRelation(ObjView)
	case kwMaterialized:
		p.advance()
		p.expect(kwView)
		return p.alterRelation(ObjMatView)
	case kwSchema, kwDatabase:
		p.advance()
		name := p.colID()
		if !p.is(kwRename) && !p.failed() {
			p.errorAt(pgerr.FeatureNotSupported, "ALTER "+upperASCII(t.str)+" is not supported", alterTok.start)
			return &CheckpointStmt{}
		}
		p.expect(kwRename)
		p.expect(kwTo)
		ot := ObjSchema
		if t.kind == kwDatabase {
			ot = ObjDatabase
		}
		return &RenameStmt{ObjType: ot, Object: name, NewName: p.colID()}
	case kwRole, kwUser, kwGroup:
		return p.alterRole()
	case kwDefault:
		if p.peekKind(1) == kwPrivileges {
			return p.alterDefaultPrivileges()
		}
	case kwType:
		return p.alterType(alterTok)
	case kwDomain:
		return p.alterDomain()
	}
	switch t.kind {
	case kwSystem, kwFunction, kwProcedure, kwRoutine, kwAggregate, kwOperator, kwTrigger,
		kwRule, kwPolicy, kwExtension, kwEvent, kwServer, kwPublication,
		kwSubscription, kwStatistics, kwText, kwConversion, kwCollation, kwLanguage,
		kwForeign, kwTablespace, kwDefault, kwLarge, kwProcedural:
		p.errorAt(pgerr.FeatureNotSupported, "ALTER "+upperASCII(t.str)+" is not supported", alterTok.start)
	default:
		p.syntaxError()
	}
	return &CheckpointStmt{}
}

// alterRelation parses ALTER TABLE/INDEX/VIEW [IF EXISTS] name followed by
// RENAME or a list of commands.
func (p *parser) alterRelation(ot ObjectType) Stmt {
	if p.is(kwAll) {
		loc := p.advance().start
		if p.is(kwIn) {
			p.errorAt(pgerr.FeatureNotSupported, "ALTER ... ALL IN TABLESPACE is not supported", loc)
		} else {
			p.syntaxError()
		}
		return &CheckpointStmt{}
	}
	missingOk := p.ifExists()
	rel := p.relationExpr()
	if p.is(kwRename) {
		return p.renameRelation(ot, rel, missingOk)
	}
	s := &AlterTableStmt{Relation: rel, ObjType: ot, MissingOk: missingOk}
	if p.setSchema(s) {
		return s
	}
	for !p.failed() {
		s.Cmds = append(s.Cmds, p.alterTableCmd())
		if !p.accept(',') {
			break
		}
	}
	return s
}

// setSchema parses SET SCHEMA name as the only command of s, as
// PostgreSQL's grammar takes it: a statement of its own, not one of a
// list of commands.
func (p *parser) setSchema(s *AlterTableStmt) bool {
	if s.ObjType == ObjIndex || !p.is(kwSet) || p.peekKind(1) != kwSchema {
		return false
	}
	p.advance()
	p.advance()
	s.Cmds = []*AlterTableCmd{{Kind: ATSetSchema, Name: p.colID()}}
	return true
}

// renameRelation parses RENAME TO name | RENAME [COLUMN] a TO b |
// RENAME CONSTRAINT a TO b.
func (p *parser) renameRelation(ot ObjectType, rel *RangeVar, missingOk bool) Stmt {
	p.advance()
	s := &RenameStmt{ObjType: ot, Relation: rel, MissingOk: missingOk}
	if ot == ObjIndex || ot == ObjSequence {
		p.expect(kwTo)
		s.NewName = p.colID()
		return s
	}
	switch {
	case p.accept(kwTo):
		s.NewName = p.colID()
		return s
	case p.accept(kwConstraint):
		s.ObjType = ObjTabConstraint
	default:
		p.accept(kwColumn)
		s.ObjType = ObjColumn
	}
	s.RelationType = ot
	s.SubName = p.colID()
	p.expect(kwTo)
	s.NewName = p.colID()
	return s
}

// alterTableCmd parses one ALTER TABLE command.
func (p *parser) alterTableCmd() *AlterTableCmd {
	t := p.advance()
	c := &AlterTableCmd{}
	switch t.kind {
	case kwAdd:
		switch p.tok().kind {
		case kwConstraint, kwCheck, kwUnique, kwPrimary, kwForeign, kwExclude:
			c.Kind = ATAddConstraint
			c.Constraint = p.tableConstraint()
			return c
		}
		p.accept(kwColumn)
		c.Kind = ATAddColumn
		c.MissingOk = p.ifNotExists()
		c.Column = p.columnDef()
	case kwDrop:
		if p.accept(kwConstraint) {
			c.Kind = ATDropConstraint
			c.MissingOk = p.ifExists()
			c.Name = p.colID()
			c.Behavior = p.optDropBehavior()
			return c
		}
		p.accept(kwColumn)
		c.Kind = ATDropColumn
		c.MissingOk = p.ifExists()
		c.Name = p.colID()
		c.Behavior = p.optDropBehavior()
	case kwAlter:
		p.accept(kwColumn)
		c.Name = p.colID()
		p.alterColumn(c)
	case kwValidate:
		p.expect(kwConstraint)
		c.Kind = ATValidateConstraint
		c.Name = p.colID()
	case kwOwner:
		p.expect(kwTo)
		c.Kind = ATChangeOwner
		c.NewOwner = p.roleSpec()
	case kwSet:
		switch {
		case p.is('('):
			c.Kind = ATSetRelOptions
			c.Options = p.relOptions()
		case p.accept(kwLogged):
			c.Kind = ATSetLogged
		case p.accept(kwUnlogged):
			c.Kind = ATSetUnLogged
		case p.accept(kwTablespace):
			c.Kind = ATSetTablespace
			c.Name = p.colID()
		default:
			p.syntaxError()
		}
	case kwReset:
		c.Kind = ATResetRelOptions
		c.Options = p.relOptions()
	case kwNot:
		if p.is(kwOf) {
			p.errorAt(pgerr.FeatureNotSupported, "ALTER TABLE ... NOT OF is not supported", t.start)
		} else {
			p.syntaxError()
		}
	case kwNo:
		if p.is(kwInherit) || p.is(kwForce) {
			p.errorAt(pgerr.FeatureNotSupported, "ALTER TABLE ... NO "+upperASCII(p.tok().str)+" is not supported", t.start)
		} else {
			p.syntaxError()
		}
	case kwEnable, kwDisable, kwCluster, kwInherit, kwReplica, kwForce, kwAttach, kwDetach, kwOf:
		p.errorAt(pgerr.FeatureNotSupported, "ALTER TABLE ... "+upperASCII(t.str)+" is not supported", t.start)
	default:
		p.syntaxErrorAt(t)
	}
	return c
}

// alterColumn parses the actions of ALTER [COLUMN] name.
func (p *parser) alterColumn(c *AlterTableCmd) {
	switch {
	case p.is(kwRestart) || p.is(kwSet) && (p.peek(1).kind == kwGenerated || isSeqOptionStart(p.peek(1).kind)):
		p.identityOptions(c)
	case p.accept(kwSet):
		switch {
		case p.accept(kwDefault):
			c.Kind = ATColumnDefault
			c.Expr = p.aExpr()
		case p.accept(kwNot):
			p.expect(kwNull)
			c.Kind = ATSetNotNull
		case p.accept(kwStatistics):
			c.Kind = ATSetStatistics
			c.Expr = p.numericOnly()
		case p.accept(kwData):
			p.expect(kwType)
			p.alterColumnType(c)
		default:
			p.syntaxError()
		}
	case p.accept(kwDrop):
		switch {
		case p.accept(kwDefault):
			c.Kind = ATColumnDefault
		case p.accept(kwNot):
			p.expect(kwNull)
			c.Kind = ATDropNotNull
		case p.accept(kwIdentity):
			c.Kind = ATDropIdentity
			if p.accept(kwIf) {
				p.expect(kwExists)
				c.MissingOk = true
			}
		default:
			p.syntaxError()
		}
	case p.is(kwAdd):
		p.advance()
		if !p.is(kwGenerated) {
			p.syntaxError()
			return
		}
		c.Kind = ATAddIdentity
		con := p.colConstraintElem()
		if con != nil && con.Type != ConstrIdentity && !p.failed() {
			p.syntaxError()
		}
		c.Constraint = con
	case p.accept(kwType):
		p.alterColumnType(c)
	default:
		p.syntaxError()
	}
}

// isSeqOptionStart reports a keyword that starts an option ALTER COLUMN
// ... SET may change on an identity column's sequence.
func isSeqOptionStart(k tokKind) bool {
	switch k {
	case kwAs, kwCache, kwCycle, kwIncrement, kwMaxvalue, kwMinvalue, kwNo, kwOwned, kwSequence, kwStart:
		return true
	}
	return false
}

// identityOptions parses an identity column's changes: SET GENERATED
// {ALWAYS | BY DEFAULT}, SET sequence_option, RESTART [[WITH] n], one or
// more.
func (p *parser) identityOptions(c *AlterTableCmd) {
	c.Kind = ATSetIdentity
	for !p.failed() {
		loc := p.tok().start
		switch {
		case p.is(kwRestart):
			c.Options = append(c.Options, p.seqOptList()...)
			continue
		case p.is(kwSet) && p.peek(1).kind == kwGenerated:
			p.advance()
			p.advance()
			d := &DefElem{Name: "generated", Location: loc}
			if p.accept(kwAlways) {
				d.Arg = &AConst{Kind: ConstString, Val: "a", Location: loc}
			} else {
				p.expect(kwBy)
				p.expect(kwDefault)
				d.Arg = &AConst{Kind: ConstString, Val: "d", Location: loc}
			}
			c.Options = append(c.Options, d)
			continue
		case p.is(kwSet) && isSeqOptionStart(p.peek(1).kind):
			p.advance()
			l := p.seqOptList()
			if len(l) == 0 {
				p.syntaxError()
				return
			}
			c.Options = append(c.Options, l...)
			continue
		}
		return
	}
}

func (p *parser) alterColumnType(c *AlterTableCmd) {
	c.Kind = ATAlterColumnType
	c.Type = p.typeName()
	if p.accept(kwCollate) {
		c.Collation = p.anyName()
	}
	if p.accept(kwUsing) {
		c.Using = p.aExpr()
	}
}

// alterSequence parses ALTER SEQUENCE: options, or commands shared with
// ALTER TABLE (OWNER TO ...), or RENAME.
func (p *parser) alterSequence() Stmt {
	missingOk := p.ifExists()
	rel := p.qualifiedName()
	switch p.tok().kind {
	case kwRename:
		return p.renameRelation(ObjSequence, rel, missingOk)
	case kwAs, kwCache, kwCycle, kwIncrement, kwMaxvalue, kwMinvalue, kwNo, kwOwned,
		kwRestart, kwStart, kwSequence:
	default:
		s := &AlterTableStmt{Relation: rel, ObjType: ObjSequence, MissingOk: missingOk}
		if p.setSchema(s) {
			return s
		}
		for !p.failed() {
			s.Cmds = append(s.Cmds, p.alterTableCmd())
			if !p.accept(',') {
				break
			}
		}
		return s
	}
	s := &AlterSeqStmt{Sequence: rel, MissingOk: missingOk}
	s.Options = p.seqOptList()
	if len(s.Options) == 0 {
		p.syntaxError()
	}
	return s
}

// dropStmt parses the DROP statements.
func (p *parser) dropStmt() Stmt {
	dropTok := p.advance()
	t := p.tok()
	s := &DropStmt{}
	switch t.kind {
	case kwTable:
		s.ObjType = ObjTable
	case kwSequence:
		s.ObjType = ObjSequence
	case kwView:
		s.ObjType = ObjView
	case kwIndex:
		s.ObjType = ObjIndex
		p.advance()
		s.Concurrently = p.accept(kwConcurrently)
		s.MissingOk = p.ifExists()
		s.Objects = p.anyNameList()
		s.Behavior = p.optDropBehavior()
		return s
	case kwMaterialized:
		p.advance()
		if !p.is(kwView) {
			p.syntaxError()
			return s
		}
		s.ObjType = ObjMatView
	case kwForeign:
		p.advance()
		if !p.is(kwTable) {
			p.syntaxError()
			return s
		}
		s.ObjType = ObjForeignTable
	case kwType:
		s.ObjType = ObjType
	case kwDomain:
		s.ObjType = ObjDomain
	case kwCollation:
		s.ObjType = ObjCollation
	case kwSchema:
		s.ObjType = ObjSchema
	case kwExtension:
		s.ObjType = ObjExtension
	case kwDatabase:
		p.advance()
		d := &DropdbStmt{MissingOk: p.ifExists()}
		d.Name = p.colID()
		if p.is(kwWith) || p.is('(') {
			p.accept(kwWith)
			p.expect('(')
			for !p.failed() {
				p.expect(kwForce)
				d.Force = true
				if !p.accept(',') {
					break
				}
			}
			p.expect(')')
		}
		return d
	case kwRole, kwUser, kwGroup:
		p.advance()
		d := &DropRoleStmt{StmtType: roleStmtType(t.kind), MissingOk: p.ifExists()}
		d.Roles = p.roleList()
		return d
	case kwFunction, kwProcedure, kwRoutine, kwAggregate, kwOperator, kwTrigger, kwRule,
		kwPolicy, kwCast, kwTransform, kwLanguage, kwEvent, kwServer, kwPublication,
		kwSubscription, kwStatistics, kwText, kwConversion, kwAccess, kwOwned, kwTablespace,
		kwProcedural:
		p.errorAt(pgerr.FeatureNotSupported, "DROP "+upperASCII(t.str)+" is not supported", dropTok.start)
		return s
	default:
		p.syntaxError()
		return s
	}
	p.advance()
	s.MissingOk = p.ifExists()
	if s.ObjType == ObjType || s.ObjType == ObjDomain {
		// DROP TYPE takes type names, so any spelling of a type works.
		tns := p.typeList()
		for i, t := range tns {
			s.Objects = append(s.Objects, t.Names)
			if len(t.ArrayBounds) > 0 {
				if s.ArrayTypes == nil {
					s.ArrayTypes = make([]bool, len(tns))
				}
				s.ArrayTypes[i] = true
			}
		}
		s.Behavior = p.optDropBehavior()
		return s
	}
	if s.ObjType == ObjSchema || s.ObjType == ObjExtension {
		for _, n := range p.nameList() {
			s.Objects = append(s.Objects, []string{n})
		}
	} else {
		s.Objects = p.anyNameList()
	}
	s.Behavior = p.optDropBehavior()
	return s
}
