package parser

import "ringpg/pgerr"

// The grammar's name classes differ in which keywords they admit:
//
//	ColId              IDENT, unreserved, col_name
//	type_function_name IDENT, unreserved, type_func_name
//	NonReservedWord    IDENT, unreserved, col_name, type_func_name
//	ColLabel           IDENT, any keyword
//	BareColLabel       IDENT, keywords marked bare-label

func (t token) category() (keywordCategory, bool) {
	if !t.kind.isKeyword() {
		return 0, false
	}
	return kwInfo(t.kind).cat, true
}

func isColID(t token) bool {
	if t.kind == tIdent {
		return true
	}
	c, ok := t.category()
	return ok && (c == catUnreserved || c == catColName)
}

func isTypeFuncName(t token) bool {
	if t.kind == tIdent {
		return true
	}
	c, ok := t.category()
	return ok && (c == catUnreserved || c == catTypeFuncName)
}

func isNonReservedWord(t token) bool {
	if t.kind == tIdent {
		return true
	}
	c, ok := t.category()
	return ok && c != catReserved
}

func isColLabel(t token) bool { return t.kind == tIdent || t.kind.isKeyword() }

func isBareColLabel(t token) bool {
	return t.kind == tIdent || t.kind.isKeyword() && kwInfo(t.kind).bareLabel
}

func (p *parser) nameOf(pred func(token) bool) string {
	t := p.tok()
	if !pred(t) {
		p.syntaxError()
		return ""
	}
	return p.advance().str
}

func (p *parser) colID() string           { return p.nameOf(isColID) }
func (p *parser) colLabel() string        { return p.nameOf(isColLabel) }
func (p *parser) nonReservedWord() string { return p.nameOf(isNonReservedWord) }
func (p *parser) typeFuncName() string    { return p.nameOf(isTypeFuncName) }

// attrs parses ('.' ColLabel)* after a first name.
func (p *parser) attrs(names []string) []string {
	for p.is('.') {
		p.advance()
		names = append(names, p.colLabel())
		if p.failed() {
			break
		}
	}
	return names
}

// anyName is ColId attrs.
func (p *parser) anyName() []string {
	return p.attrs([]string{p.colID()})
}

// anyNameList is any_name (',' any_name)*.
func (p *parser) anyNameList() [][]string {
	l := [][]string{p.anyName()}
	for p.accept(',') {
		l = append(l, p.anyName())
	}
	return l
}

// nameList is ColId (',' ColId)*.
func (p *parser) nameList() []string {
	l := []string{p.colID()}
	for p.accept(',') {
		l = append(l, p.colID())
	}
	return l
}

// parenNameList is '(' name_list ')'.
func (p *parser) parenNameList() []string {
	p.expect('(')
	l := p.nameList()
	p.expect(')')
	return l
}

// qualifiedName parses qualified_name into a RangeVar. Like the grammar
// it reads a full indirection after the first name and then rejects
// anything but attribute names (check_qualified_name), so errors land
// where PostgreSQL reports them.
func (p *parser) qualifiedName() *RangeVar {
	loc := p.tok().start
	names := []string{p.colID()}
	if p.is('.') || p.is('[') {
		for _, el := range p.indirection() {
			if el.Kind != IndField {
				p.syntaxError()
				break
			}
			names = append(names, el.Name)
		}
	}
	return p.rangeVarFromNames(names, loc)
}

// rangeVarFromNames is makeRangeVarFromQualifiedName.
func (p *parser) rangeVarFromNames(names []string, loc int) *RangeVar {
	rv := &RangeVar{Location: loc}
	switch len(names) {
	case 1:
		rv.Name = names[0]
	case 2:
		rv.Schema, rv.Name = names[0], names[1]
	case 3:
		rv.Catalog, rv.Schema, rv.Name = names[0], names[1], names[2]
	default:
		p.errorAt(pgerr.SyntaxError, "improper qualified name (too many dotted names): "+joinNames(names), loc)
	}
	return rv
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += "."
		}
		s += n
	}
	return s
}

// qualifiedNameList is qualified_name (',' qualified_name)*.
func (p *parser) qualifiedNameList() []*RangeVar {
	l := []*RangeVar{p.qualifiedName()}
	for p.accept(',') {
		l = append(l, p.qualifiedName())
	}
	return l
}

// relationExpr is relation_expr: qualified_name ['*'] | ONLY qualified_name
// | ONLY '(' qualified_name ')'.
func (p *parser) relationExpr() *RangeVar {
	if p.accept(kwOnly) {
		if p.accept('(') {
			rv := p.qualifiedName()
			p.expect(')')
			rv.Only = true
			return rv
		}
		rv := p.qualifiedName()
		rv.Only = true
		return rv
	}
	rv := p.qualifiedName()
	p.accept('*')
	return rv
}

func (p *parser) relationExprList() []*RangeVar {
	l := []*RangeVar{p.relationExpr()}
	for p.accept(',') {
		l = append(l, p.relationExpr())
	}
	return l
}

// roleSpec is RoleSpec: NonReservedWord | CURRENT_ROLE | CURRENT_USER |
// SESSION_USER; "public" is RolePublic.
func (p *parser) roleSpec() *RoleSpec {
	t := p.tok()
	loc := t.start
	switch t.kind {
	case kwCurrentRole:
		p.advance()
		return &RoleSpec{Kind: RoleCurrentRole, Location: loc}
	case kwCurrentUser:
		p.advance()
		return &RoleSpec{Kind: RoleCurrentUser, Location: loc}
	case kwSessionUser:
		p.advance()
		return &RoleSpec{Kind: RoleSessionUser, Location: loc}
	}
	name := p.nonReservedWord()
	// Like PostgreSQL, match the name even when it was quoted.
	if name == "public" {
		return &RoleSpec{Kind: RolePublic, Location: loc}
	}
	if name == "none" {
		p.errorAt(codeReservedName, "role name \"none\" is reserved", loc)
	}
	return &RoleSpec{Kind: RoleName, Name: name, Location: loc}
}

func (p *parser) roleList() []*RoleSpec {
	l := []*RoleSpec{p.roleSpec()}
	for p.accept(',') {
		l = append(l, p.roleSpec())
	}
	return l
}

// optDropBehavior parses [CASCADE | RESTRICT].
func (p *parser) optDropBehavior() DropBehavior {
	switch {
	case p.accept(kwCascade):
		return DropCascade
	case p.accept(kwRestrict):
		return DropRestrict
	}
	return DropDefault
}

// ifExists parses [IF EXISTS].
func (p *parser) ifExists() bool {
	return p.acceptSeq(kwIf, kwExists)
}

// ifNotExists parses [IF NOT EXISTS].
func (p *parser) ifNotExists() bool {
	if p.is(kwIf) && p.peekKind(1) == kwNot {
		p.advance()
		p.advance()
		p.expect(kwExists)
		return true
	}
	return false
}

// sconst parses a string literal.
func (p *parser) sconst() string {
	if !p.is(tSConst) {
		p.syntaxError()
		return ""
	}
	return p.advance().str
}

// iconst parses an integer literal.
func (p *parser) iconst() int64 {
	if !p.is(tIConst) {
		p.syntaxError()
		return 0
	}
	return p.advance().ival
}
