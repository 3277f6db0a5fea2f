package parser

import "ringpg/pgerr"

func roleStmtType(k tokKind) RoleStmtType {
	switch k {
	case kwUser:
		return RoleStmtUser
	case kwGroup:
		return RoleStmtGroup
	}
	return RoleStmtRole
}

// roleID parses RoleId: a role name that is not one of the special roles.
func (p *parser) roleID() string {
	loc := p.tok().start
	r := p.roleSpec()
	switch r.Kind {
	case RolePublic:
		p.errorAt(codeReservedName, `role name "public" is reserved`, loc)
	case RoleSessionUser:
		p.errorAt(codeReservedName, "SESSION_USER cannot be used as a role name here", loc)
	case RoleCurrentUser:
		p.errorAt(codeReservedName, "CURRENT_USER cannot be used as a role name here", loc)
	case RoleCurrentRole:
		p.errorAt(codeReservedName, "CURRENT_ROLE cannot be used as a role name here", loc)
	}
	return r.Name
}

// createRole parses CREATE ROLE|USER|GROUP name [WITH] options.
func (p *parser) createRole() Stmt {
	t := p.advance()
	s := &CreateRoleStmt{StmtType: roleStmtType(t.kind)}
	s.Role = p.roleID()
	p.accept(kwWith)
	s.Options = p.roleOptions(true)
	return s
}

// alterRole parses ALTER ROLE|USER|GROUP name [WITH] options, and
// ALTER ROLE name RENAME TO new.
func (p *parser) alterRole() Stmt {
	t := p.advance()
	if p.is(kwAll) {
		p.errorAt(pgerr.FeatureNotSupported, "ALTER ROLE ALL is not supported", p.tok().start)
		return &CheckpointStmt{}
	}
	role := p.roleSpec()
	if p.accept(kwRename) {
		p.expect(kwTo)
		return &RenameStmt{ObjType: ObjRole, Object: role.Name, NewName: p.roleID()}
	}
	if p.is(kwSet) || p.is(kwReset) || p.is(kwIn) {
		p.errorAt(pgerr.FeatureNotSupported, "ALTER ROLE ... SET is not supported", p.tok().start)
		return &CheckpointStmt{}
	}
	s := &AlterRoleStmt{StmtType: roleStmtType(t.kind), Role: role}
	p.accept(kwWith)
	s.Options = p.roleOptions(false)
	return s
}

// roleOptions parses OptRoleList (create) or AlterOptRoleList.
func (p *parser) roleOptions(create bool) []*DefElem {
	var l []*DefElem
	boolOpt := func(name string, v bool, loc int) *DefElem {
		return &DefElem{Name: name, Arg: &AConst{Kind: ConstBool, Bool: v, Location: loc}, Location: loc}
	}
	roles := func(name string, loc int) *DefElem {
		la := &ListArg{}
		for _, r := range p.roleList() {
			la.Items = append(la.Items, r)
		}
		return &DefElem{Name: name, Arg: la, Location: loc}
	}
	for !p.failed() {
		t := p.tok()
		loc := t.start
		var d *DefElem
		switch t.kind {
		case kwPassword:
			p.advance()
			if p.is(kwNull) {
				d = &DefElem{Name: "password", Arg: &AConst{Kind: ConstNull, Location: p.advance().start}, Location: loc}
			} else {
				sl := p.tok().start
				d = &DefElem{Name: "password", Arg: &AConst{Kind: ConstString, Val: p.sconst(), Location: sl}, Location: loc}
			}
		case kwEncrypted:
			p.advance()
			p.expect(kwPassword)
			sl := p.tok().start
			d = &DefElem{Name: "password", Arg: &AConst{Kind: ConstString, Val: p.sconst(), Location: sl}, Location: loc}
		case kwUnencrypted:
			p.advance()
			p.expect(kwPassword)
			p.sconst()
			if !p.failed() {
				p.errorAt(pgerr.FeatureNotSupported, "UNENCRYPTED PASSWORD is no longer supported", loc).
					WithHint("Remove UNENCRYPTED to store the password in encrypted form instead.")
			}
			return l
		case kwInherit:
			p.advance()
			d = boolOpt("inherit", true, loc)
		case kwConnection:
			p.advance()
			p.expect(kwLimit)
			d = &DefElem{Name: "connectionlimit", Arg: p.numericOnly(), Location: loc}
		case kwValid:
			p.advance()
			p.expect(kwUntil)
			sl := p.tok().start
			d = &DefElem{Name: "validUntil", Arg: &AConst{Kind: ConstString, Val: p.sconst(), Location: sl}, Location: loc}
		case kwUser:
			p.advance()
			d = roles("rolemembers", loc)
		case tIdent:
			var name string
			v := true
			switch t.str {
			case "superuser", "nosuperuser":
				name = "superuser"
			case "createrole", "nocreaterole":
				name = "createrole"
			case "replication", "noreplication":
				name = "isreplication"
			case "createdb", "nocreatedb":
				name = "createdb"
			case "login", "nologin":
				name = "canlogin"
			case "bypassrls", "nobypassrls":
				name = "bypassrls"
			case "noinherit":
				name = "inherit"
			default:
				p.errorAt(pgerr.SyntaxError, `unrecognized role option "`+t.str+`"`, loc)
				return l
			}
			if len(t.str) > 2 && t.str[:2] == "no" && t.str != "noinherit" || t.str == "noinherit" {
				v = false
			}
			p.advance()
			d = boolOpt(name, v, loc)
		default:
			if !create {
				return l
			}
			switch t.kind {
			case kwSysid:
				p.advance()
				d = &DefElem{Name: "sysid", Arg: p.numericOnly(), Location: loc}
			case kwAdmin:
				p.advance()
				d = roles("adminmembers", loc)
			case kwRole:
				p.advance()
				d = roles("rolemembers", loc)
			case kwIn:
				p.advance()
				if !p.accept(kwRole) {
					p.expect(kwGroup)
				}
				d = roles("addroleto", loc)
			default:
				return l
			}
		}
		l = append(l, d)
	}
	return l
}

// grantStmt parses GRANT and REVOKE, of privileges on objects or of roles.
func (p *parser) grantStmt() Stmt {
	isGrant := p.advance().kind == kwGrant
	grantOption := false
	if !isGrant {
		if p.accept(kwGrant) {
			p.expect(kwOption)
			p.expect(kwFor)
			grantOption = true
		} else if p.is(kwAdmin) && p.peekKind(1) == kwOption {
			p.advance()
			p.advance()
			p.expect(kwFor)
			return p.grantRoleRest(false, true)
		}
	}
	var privs []*AccessPriv
	all := false
	if p.is(kwAll) {
		p.advance()
		p.accept(kwPrivileges)
		all = true
		if p.is('(') {
			privs = []*AccessPriv{{Name: "all", Cols: p.parenNameList()}}
			all = false
		}
	} else {
		for !p.failed() {
			privs = append(privs, p.privilege())
			if !p.accept(',') {
				break
			}
		}
	}
	if !p.is(kwOn) {
		if all || grantOption {
			p.syntaxError()
			return &CheckpointStmt{}
		}
		// GRANT role, ... TO role: the privilege list was a role list.
		s := p.grantRoleRest(isGrant, false).(*GrantRoleStmt)
		for _, pr := range privs {
			if pr.Cols != nil && !p.failed() {
				// PostgreSQL reports this when it runs the statement.
				p.err = pgerr.New(codeInvalidGrantOperation, "column names cannot be included in GRANT/REVOKE ROLE")
			}
			s.Roles = append(s.Roles, pr.Name)
		}
		return s
	}
	p.advance()
	s := &GrantStmt{IsGrant: isGrant, Privileges: privs, GrantOption: grantOption}
	p.privilegeTarget(s)
	if isGrant {
		p.expect(kwTo)
	} else {
		p.expect(kwFrom)
	}
	s.Grantees = p.granteeList()
	if isGrant && p.is(kwWith) {
		p.advance()
		p.expect(kwGrant)
		p.expect(kwOption)
		s.GrantOption = true
	}
	if p.accept(kwGranted) {
		p.expect(kwBy)
		s.GrantedBy = p.roleSpec()
	}
	if !isGrant {
		s.Behavior = p.optDropBehavior()
	}
	return s
}

// grantRoleRest parses TO|FROM roles [WITH ADMIN OPTION] [GRANTED BY r]
// [CASCADE|RESTRICT] of GRANT/REVOKE role.
func (p *parser) grantRoleRest(isGrant, adminOpt bool) Stmt {
	s := &GrantRoleStmt{IsGrant: isGrant, AdminOption: adminOpt}
	if adminOpt {
		for !p.failed() {
			s.Roles = append(s.Roles, p.privilege().Name)
			if !p.accept(',') {
				break
			}
		}
	}
	if isGrant {
		p.expect(kwTo)
	} else {
		p.expect(kwFrom)
	}
	s.Grantees = p.roleList()
	if isGrant && p.is(kwWith) {
		p.advance()
		p.expect(kwAdmin)
		p.expect(kwOption)
		s.AdminOption = true
	}
	if p.accept(kwGranted) {
		p.expect(kwBy)
		s.GrantedBy = p.roleSpec()
	}
	if !isGrant {
		s.Behavior = p.optDropBehavior()
	}
	return s
}

// privilege parses SELECT|REFERENCES|CREATE|ColId [(cols)].
func (p *parser) privilege() *AccessPriv {
	t := p.tok()
	var name string
	switch t.kind {
	case kwSelect, kwReferences, kwCreate:
		name = p.advance().str
	default:
		name = p.colID()
	}
	a := &AccessPriv{Name: name}
	if p.is('(') {
		a.Cols = p.parenNameList()
	}
	return a
}

// privilegeTarget parses the object list of GRANT/REVOKE ... ON.
func (p *parser) privilegeTarget(s *GrantStmt) {
	t := p.tok()
	if p.defaultPrivs {
		p.defaultsTarget(s)
		return
	}
	kind := t.kind
	if k := p.peekKind(1); k == kwTo || k == kwFrom || k == ',' {
		// ON SEQUENCE TO x grants on a table named "sequence".
		kind = tIdent
	}
	switch kind {
	case kwAll:
		p.advance()
		switch {
		case p.accept(kwTables):
			s.ObjType = ObjTable
		case p.accept(kwSequences):
			s.ObjType = ObjSequence
		case p.accept(kwFunctions):
			s.ObjType = ObjFunction
		default:
			p.syntaxError()
			return
		}
		p.expect(kwIn)
		p.expect(kwSchema)
		s.TargetType = GrantAllInSchema
		for _, n := range p.nameList() {
			s.Objects = append(s.Objects, []string{n})
		}
		return
	case kwTable:
		p.advance()
		s.ObjType = ObjTable
	case kwSequence:
		p.advance()
		s.ObjType = ObjSequence
	case kwDatabase, kwSchema, kwTablespace, kwLanguage:
		p.advance()
		switch t.kind {
		case kwDatabase:
			s.ObjType = ObjDatabase
		case kwSchema:
			s.ObjType = ObjSchema
		case kwTablespace:
			s.ObjType = ObjTablespace
		default:
			p.errorAt(pgerr.FeatureNotSupported, "GRANT ON LANGUAGE is not supported", t.start)
			return
		}
		for _, n := range p.nameList() {
			s.Objects = append(s.Objects, []string{n})
		}
		return
	case kwDomain, kwType:
		p.advance()
		s.ObjType = ObjType
		if t.kind == kwDomain {
			s.ObjType = ObjDomain
		}
		s.Objects = p.anyNameList()
		return
	case kwFunction, kwProcedure, kwRoutine:
		p.advance()
		s.ObjType = ObjFunction
		for !p.failed() {
			s.Objects = append(s.Objects, p.anyName())
			var args []*TypeName
			if p.accept('(') {
				args = []*TypeName{}
				for !p.failed() && !p.is(')') {
					args = append(args, p.typeName())
					if !p.accept(',') {
						break
					}
				}
				p.expect(')')
			}
			s.FuncArgs = append(s.FuncArgs, args)
			if !p.accept(',') {
				break
			}
		}
		return
	case kwForeign, kwLarge, kwParameter:
		p.errorAt(pgerr.FeatureNotSupported, "GRANT ON "+upperASCII(t.str)+" is not supported", t.start)
		return
	default:
		s.ObjType = ObjTable
	}
	for _, rv := range p.qualifiedNameList() {
		var names []string
		if rv.Catalog != "" {
			names = append(names, rv.Catalog)
		}
		if rv.Schema != "" {
			names = append(names, rv.Schema)
		}
		s.Objects = append(s.Objects, append(names, rv.Name))
	}
}

// granteeList parses grantee (',' grantee)*, where a grantee may be
// prefixed by GROUP.
func (p *parser) granteeList() []*RoleSpec {
	var l []*RoleSpec
	for !p.failed() {
		p.accept(kwGroup)
		l = append(l, p.roleSpec())
		if !p.accept(',') {
			break
		}
	}
	return l
}

// alterDefaultPrivileges parses ALTER DEFAULT PRIVILEGES [FOR ROLE|USER
// roles] [IN SCHEMA schemas] GRANT|REVOKE ... ON TABLES|... TO|FROM ...
func (p *parser) alterDefaultPrivileges() Stmt {
	p.advance() // DEFAULT
	p.advance() // PRIVILEGES
	s := &AlterDefaultPrivilegesStmt{}
	for !p.failed() {
		switch {
		case p.accept(kwFor):
			if !p.accept(kwRole) {
				p.expect(kwUser)
			}
			s.Roles = append(s.Roles, p.roleList()...)
			continue
		case p.is(kwIn):
			p.advance()
			p.expect(kwSchema)
			s.Schemas = append(s.Schemas, p.nameList()...)
			continue
		}
		break
	}
	if !p.is(kwGrant) && !p.is(kwRevoke) {
		p.syntaxError()
		return &CheckpointStmt{}
	}
	p.defaultPrivs = true
	g, ok := p.grantStmt().(*GrantStmt)
	p.defaultPrivs = false
	if !ok {
		p.syntaxError()
		return &CheckpointStmt{}
	}
	s.Action = g
	return s
}

// defaultsTarget parses the kind of object of ALTER DEFAULT PRIVILEGES'
// ON.
func (p *parser) defaultsTarget(s *GrantStmt) {
	s.TargetType = GrantDefaults
	switch p.tok().kind {
	case kwTables:
		s.ObjType = ObjTable
	case kwSequences:
		s.ObjType = ObjSequence
	case kwFunctions, kwRoutines:
		s.ObjType = ObjFunction
	case kwTypes:
		s.ObjType = ObjType
	case kwSchemas:
		s.ObjType = ObjSchema
	default:
		p.syntaxError()
		return
	}
	p.advance()
}
