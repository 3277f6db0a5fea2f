package parser

import "ringpg/pgerr"

// CreateDomainStmt is CREATE DOMAIN name [AS] type [COLLATE c]
// [DEFAULT expr] [constraint ...]. Its clauses are parsed as a column's
// (PostgreSQL's ColQualList); the engine refuses those a domain cannot
// have.
type CreateDomainStmt struct {
	StmtSpan
	Name        []string
	Type        *TypeName
	Collation   []string
	Constraints []*Constraint // DEFAULT, NOT NULL, NULL, CHECK (and the refused kinds)
}

// AlterDomainKind is the action of an ALTER DOMAIN.
type AlterDomainKind int

// ALTER DOMAIN actions.
const (
	AlterDomainSetDefault AlterDomainKind = iota // SET DEFAULT Expr, or DROP DEFAULT (Expr nil)
	AlterDomainNotNull                           // SET NOT NULL (NotNull) or DROP NOT NULL
	AlterDomainAddConstraint
	AlterDomainDropConstraint
	AlterDomainValidateConstraint
	AlterDomainRenameConstraint
	AlterDomainRename
)

// AlterDomainStmt is ALTER DOMAIN name followed by one action.
type AlterDomainStmt struct {
	StmtSpan
	Name       []string
	Kind       AlterDomainKind
	Default    Expr        // SET DEFAULT's expression, nil for DROP DEFAULT
	NotNull    bool        // SET NOT NULL rather than DROP NOT NULL
	Constraint *Constraint // ADD CONSTRAINT
	ConName    string      // DROP, VALIDATE, RENAME CONSTRAINT's constraint
	NewName    string      // RENAME TO, RENAME CONSTRAINT's new name
	MissingOk  bool        // DROP CONSTRAINT IF EXISTS
	Behavior   DropBehavior
}

// String returns the node as SQL.
func (n *CreateDomainStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AlterDomainStmt) String() string { return nodeString(n) }

func (n *CreateDomainStmt) format(w *writer) {
	w.str("CREATE DOMAIN ")
	w.names(n.Name)
	w.str(" AS ")
	n.Type.format(w)
	w.collateAndConstraints(n.Collation, n.Constraints)
}

func (n *AlterDomainStmt) format(w *writer) {
	w.str("ALTER DOMAIN ")
	w.names(n.Name)
	switch n.Kind {
	case AlterDomainSetDefault:
		if n.Default == nil {
			w.str(" DROP DEFAULT")
			return
		}
		w.str(" SET DEFAULT ")
		w.str(n.Default.String())
	case AlterDomainNotNull:
		if n.NotNull {
			w.str(" SET NOT NULL")
		} else {
			w.str(" DROP NOT NULL")
		}
	case AlterDomainAddConstraint:
		w.str(" ADD ")
		n.Constraint.formatColumn(w)
		if n.Constraint.NotValid {
			w.str(" NOT VALID")
		}
	case AlterDomainDropConstraint:
		w.str(" DROP CONSTRAINT ")
		if n.MissingOk {
			w.str("IF EXISTS ")
		}
		w.ident(n.ConName)
		if n.Behavior == DropCascade {
			w.str(" CASCADE")
		}
	case AlterDomainValidateConstraint:
		w.str(" VALIDATE CONSTRAINT ")
		w.ident(n.ConName)
	case AlterDomainRenameConstraint:
		w.str(" RENAME CONSTRAINT ")
		w.ident(n.ConName)
		w.str(" TO ")
		w.ident(n.NewName)
	case AlterDomainRename:
		w.str(" RENAME TO ")
		w.ident(n.NewName)
	}
}

// createDomain parses CREATE DOMAIN after the DOMAIN keyword's token.
func (p *parser) createDomain() Stmt {
	p.advance()
	s := &CreateDomainStmt{Name: p.anyName()}
	if p.failed() {
		return s
	}
	p.accept(kwAs)
	s.Type = p.typeName()
	if p.failed() {
		return s
	}
	cd := &ColumnDef{}
	p.colQualList(cd)
	s.Collation, s.Constraints = cd.Collation, cd.Constraints
	return s
}

// alterDomain parses ALTER DOMAIN after the DOMAIN keyword's token.
func (p *parser) alterDomain() Stmt {
	p.advance()
	s := &AlterDomainStmt{Name: p.anyName()}
	if p.failed() {
		return s
	}
	switch {
	case p.is(kwSet) && p.peekKind(1) == kwDefault:
		p.advance()
		p.advance()
		s.Kind, s.Default = AlterDomainSetDefault, p.aExpr()
	case p.is(kwDrop) && p.peekKind(1) == kwDefault:
		p.advance()
		p.advance()
		s.Kind = AlterDomainSetDefault
	case (p.is(kwSet) || p.is(kwDrop)) && p.peekKind(1) == kwNot:
		s.NotNull = p.advance().kind == kwSet
		p.advance()
		p.expect(kwNull)
		s.Kind = AlterDomainNotNull
	case p.is(kwAdd):
		p.advance()
		s.Kind = AlterDomainAddConstraint
		loc := p.tok().start
		name := ""
		if p.accept(kwConstraint) {
			name = p.colID()
		}
		c := p.colConstraintElem()
		if c == nil {
			p.syntaxError()
			return s
		}
		c.Name, c.Location = name, loc
		if p.is(kwNot) && p.peekKind(1) == kwValid {
			p.advance()
			p.advance()
			c.NotValid = true
		}
		s.Constraint = c
	case p.is(kwDrop) && p.peekKind(1) == kwConstraint:
		p.advance()
		p.advance()
		s.Kind = AlterDomainDropConstraint
		s.MissingOk = p.ifExists()
		s.ConName = p.colID()
		s.Behavior = p.optDropBehavior()
	case p.is(kwValidate):
		p.advance()
		p.expect(kwConstraint)
		s.Kind, s.ConName = AlterDomainValidateConstraint, p.colID()
	case p.is(kwRename) && p.peekKind(1) == kwConstraint:
		p.advance()
		p.advance()
		s.Kind, s.ConName = AlterDomainRenameConstraint, p.colID()
		p.expect(kwTo)
		s.NewName = p.colID()
	case p.is(kwRename) && p.peekKind(1) == kwTo:
		p.advance()
		p.advance()
		s.Kind, s.NewName = AlterDomainRename, p.colID()
	case p.is(kwOwner) || p.is(kwSet) && p.peekKind(1) == kwSchema:
		p.errorAt(pgerr.FeatureNotSupported, "this form of ALTER DOMAIN is not supported", p.tok().start)
	default:
		p.syntaxError()
	}
	return s
}
