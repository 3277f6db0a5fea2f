package parser

// CreateEnumStmt is CREATE TYPE name AS ENUM ('label', ...).
type CreateEnumStmt struct {
	StmtSpan
	TypeName []string // possibly schema-qualified
	Labels   []string
}

// AlterEnumStmt is ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'new'
// [BEFORE|AFTER 'neighbor'] (OldVal empty) or ALTER TYPE name RENAME
// VALUE 'old' TO 'new'.
type AlterEnumStmt struct {
	StmtSpan
	TypeName       []string
	OldVal         string // RENAME VALUE's old label
	NewVal         string
	Neighbor       string // "" to add at the end
	After          bool   // AFTER Neighbor rather than BEFORE
	SkipIfNewValue bool   // IF NOT EXISTS
}

// AlterTypeRenameStmt is ALTER TYPE name RENAME TO new.
type AlterTypeRenameStmt struct {
	StmtSpan
	TypeName []string
	NewName  string
}

// String returns the node as SQL.
func (n *CreateEnumStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AlterEnumStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AlterTypeRenameStmt) String() string { return nodeString(n) }

func (n *CreateEnumStmt) format(w *writer) {
	w.str("CREATE TYPE ")
	w.names(n.TypeName)
	w.str(" AS ENUM (")
	for i, l := range n.Labels {
		if i > 0 {
			w.str(", ")
		}
		w.str(QuoteString(l))
	}
	w.byte(')')
}

func (n *AlterEnumStmt) format(w *writer) {
	w.str("ALTER TYPE ")
	w.names(n.TypeName)
	if n.OldVal != "" {
		w.str(" RENAME VALUE " + QuoteString(n.OldVal) + " TO " + QuoteString(n.NewVal))
		return
	}
	w.str(" ADD VALUE ")
	if n.SkipIfNewValue {
		w.str("IF NOT EXISTS ")
	}
	w.str(QuoteString(n.NewVal))
	if n.Neighbor != "" {
		if n.After {
			w.str(" AFTER ")
		} else {
			w.str(" BEFORE ")
		}
		w.str(QuoteString(n.Neighbor))
	}
}

func (n *AlterTypeRenameStmt) format(w *writer) {
	w.str("ALTER TYPE ")
	w.names(n.TypeName)
	w.str(" RENAME TO ")
	w.ident(n.NewName)
}

// createType parses CREATE TYPE name AS ENUM (...); the other forms of
// CREATE TYPE are not supported.
func (p *parser) createType(createTok token) Stmt {
	p.advance()
	s := &CreateEnumStmt{TypeName: p.anyName()}
	if p.failed() {
		return s
	}
	if !p.is(kwAs) || p.peekKind(1) != kwEnum {
		p.errorAt("0A000", "CREATE TYPE is supported only for enum types", createTok.start)
		return s
	}
	p.advance()
	p.advance()
	p.expect('(')
	if !p.is(')') {
		for !p.failed() {
			s.Labels = append(s.Labels, p.sconst())
			if !p.accept(',') {
				break
			}
		}
	}
	p.expect(')')
	return s
}

// alterType parses the ALTER TYPE forms of enum types: ADD VALUE,
// RENAME VALUE and RENAME TO.
func (p *parser) alterType(alterTok token) Stmt {
	p.advance()
	name := p.anyName()
	if p.failed() {
		return &CheckpointStmt{}
	}
	switch {
	case p.is(kwAdd) && p.peekKind(1) == kwValue:
		p.advance()
		p.advance()
		s := &AlterEnumStmt{TypeName: name, SkipIfNewValue: p.ifNotExists()}
		s.NewVal = p.sconst()
		if p.is(kwBefore) || p.is(kwAfter) {
			s.After = p.advance().kind == kwAfter
			s.Neighbor = p.sconst()
		}
		return s
	case p.is(kwRename) && p.peekKind(1) == kwValue:
		p.advance()
		p.advance()
		s := &AlterEnumStmt{TypeName: name, OldVal: p.sconst()}
		p.expect(kwTo)
		s.NewVal = p.sconst()
		return s
	case p.is(kwRename) && p.peekKind(1) == kwTo:
		p.advance()
		p.advance()
		return &AlterTypeRenameStmt{TypeName: name, NewName: p.colID()}
	}
	p.errorAt("0A000", "this form of ALTER TYPE is not supported", alterTok.start)
	return &CheckpointStmt{}
}
