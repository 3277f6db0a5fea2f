package parser

import "strings"

// CommentStmt is COMMENT ON kind name IS 'text' | NULL. Kind is the
// object kind as written (TABLE, COLUMN, VIEW, INDEX, SEQUENCE,
// MATERIALIZED VIEW, SCHEMA, DATABASE, ROLE, CONSTRAINT); Object its
// qualified name (for a COLUMN, the last part is the column); for a
// CONSTRAINT, Object is the constraint's name and Table its table.
type CommentStmt struct {
	StmtSpan
	Kind    string
	Object  []string
	Table   *RangeVar
	Comment *string // nil: IS NULL, the comment is removed
}

func (n *CommentStmt) String() string { return nodeString(n) }

func (n *CommentStmt) format(w *writer) {
	w.str("COMMENT ON " + n.Kind + " ")
	w.names(n.Object)
	if n.Table != nil {
		w.str(" ON ")
		n.Table.format(w)
	}
	w.str(" IS ")
	if n.Comment == nil {
		w.str("NULL")
	} else {
		w.str(QuoteString(*n.Comment))
	}
}

// commentStmt parses COMMENT ON ... IS ....
func (p *parser) commentStmt() Stmt {
	p.advance() // COMMENT
	p.expect(kwOn)
	n := &CommentStmt{}
	t := p.tok()
	switch t.kind {
	case kwTable, kwColumn, kwView, kwIndex, kwSequence, kwSchema, kwDatabase, kwRole, kwConstraint:
		p.advance()
		n.Kind = strings.ToUpper(t.str)
	case kwMaterialized:
		p.advance()
		p.expect(kwView)
		n.Kind = "MATERIALIZED VIEW"
	default:
		return p.unsupported(t)
	}
	switch n.Kind {
	case "SCHEMA", "DATABASE", "ROLE":
		n.Object = []string{p.colID()}
	case "CONSTRAINT":
		n.Object = []string{p.colID()}
		p.expect(kwOn)
		n.Table = p.qualifiedName()
	default:
		n.Object = p.anyName()
	}
	p.expect(kwIs)
	if p.accept(kwNull) {
		return n
	}
	s := p.sconst()
	n.Comment = &s
	return n
}
