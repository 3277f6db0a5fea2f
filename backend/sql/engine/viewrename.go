package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/pgerr"
)

// A view's query is stored as SQL text (pg_rewrite.ev_action), which
// names what it reads; PostgreSQL's rules hold OIDs and attribute numbers
// and follow renames by themselves. So every rename of a relation, a
// column or a schema a view reads rewrites the view's text in the same
// transaction: rewriteViews analyses each dependent view against the
// catalog before the change (plan.RenameInView edits exactly the parse
// nodes that resolve to the renamed object), the caller changes the
// catalog, then storeViews writes the new texts.

// rewriteViews returns the new query texts of the views that read one of
// rels (pg_depend) and whose text names something renames changes. It
// runs before the catalog changes; a view whose text does not analyse
// now is left as it is.
func (s *Session) rewriteViews(rels []uint32, renames []plan.ViewRename) ([]catalog.ViewQuery, error) {
	views, err := s.cat.DependentViews(s.snapshot(), rels...)
	if err != nil {
		return nil, err
	}
	var out []catalog.ViewQuery
	for _, v := range views {
		st, err := parser.ParseOne(v.SQL)
		if err != nil {
			continue
		}
		sel, ok := st.(*parser.SelectStmt)
		if !ok {
			continue
		}
		changed, err := plan.RenameInView(sel, v.SQL, sessionCatalog{s}, s.env, renames)
		if err != nil || !changed {
			continue
		}
		out = append(out, catalog.ViewQuery{View: v.View, SQL: sel.String()})
	}
	return out, nil
}

// storeViews writes the texts rewriteViews made, once the catalog holds
// the new names.
func (s *Session) storeViews(texts []catalog.ViewQuery) error {
	return s.cat.SetViewQueries(s.xact, s.snapshot(), texts)
}

// renameRelation is ALTER TABLE/VIEW/SEQUENCE/INDEX ... RENAME TO for
// rel, with the views that read it.
func (s *Session) renameRelation(rel *catalog.Relation, newName string) error {
	var texts []catalog.ViewQuery
	if rel.Kind != catalog.KindIndex {
		var err error
		texts, err = s.rewriteViews([]uint32{rel.Oid}, []plan.ViewRename{{Rel: rel.Oid, Name: newName}})
		if err != nil {
			return err
		}
	}
	if err := s.cat.RenameRelation(s.xact, s.snapshot(), rel.Oid, newName); err != nil {
		return err
	}
	return s.storeViews(texts)
}

// renameColumn is ALTER TABLE/VIEW ... RENAME COLUMN of rel, with the
// views that read the column.
func (s *Session) renameColumn(rel *catalog.Relation, oldName, newName string) error {
	var texts []catalog.ViewQuery
	if col := rel.Column(oldName); col != nil && !col.Dropped {
		var err error
		texts, err = s.rewriteViews([]uint32{rel.Oid}, []plan.ViewRename{{Rel: rel.Oid, Attnum: col.Num, Name: newName}})
		if err != nil {
			return err
		}
	}
	if err := s.cat.RenameColumn(s.xact, s.snapshot(), rel.Oid, oldName, newName); err != nil {
		return err
	}
	return s.storeViews(texts)
}

// moveViews rewrites the views that read rel (or a sequence it owns,
// which moves with it) for rel's move to schema to; the caller stores
// them after the move.
func (s *Session) moveViews(rel *catalog.Relation, to string) ([]catalog.ViewQuery, error) {
	rels := []uint32{rel.Oid}
	if rel.Kind == catalog.KindTable {
		seqs, err := s.cat.OwnedSequences(s.snapshot(), rel.Oid)
		if err != nil {
			return nil, err
		}
		rels = append(rels, seqs...)
	}
	renames := make([]plan.ViewRename, len(rels))
	for i, r := range rels {
		renames[i] = plan.ViewRename{Rel: r, Schema: to}
	}
	return s.rewriteViews(rels, renames)
}

// renameSchema is ALTER SCHEMA ... RENAME TO: the views that read a
// relation of the schema name it in the new one.
func (s *Session) renameSchema(n *parser.RenameStmt) (string, error) {
	snap := s.snapshot()
	oid, err := s.cat.NamespaceOid(snap, n.Object)
	if err != nil {
		return "", err
	}
	if _, err := s.ownedNamespace(snap, oid); err != nil {
		return "", err
	}
	if err := s.checkDatabase(acl.Create); err != nil {
		return "", err
	}
	if _, err := s.cat.NamespaceOid(snap, n.NewName); err == nil {
		return "", pgerr.New(pgerr.DuplicateSchema, "schema \"%s\" already exists", n.NewName)
	}
	if strings.HasPrefix(n.NewName, "pg_") {
		return "", pgerr.New("42939", "unacceptable schema name \"%s\"", n.NewName).
			WithDetail("The prefix \"pg_\" is reserved for system schemas.")
	}
	oids, err := s.cat.NamespaceRelations(snap, oid)
	if err != nil {
		return "", err
	}
	renames := make([]plan.ViewRename, len(oids))
	for i, r := range oids {
		renames[i] = plan.ViewRename{Rel: r, Schema: n.NewName}
	}
	texts, err := s.rewriteViews(oids, renames)
	if err != nil {
		return "", err
	}
	s.didDDL = true
	if err := s.cat.RenameNamespace(s.xact, snap, oid, n.NewName); err != nil {
		return "", err
	}
	if err := s.storeViews(texts); err != nil {
		return "", err
	}
	return "ALTER SCHEMA", nil
}
