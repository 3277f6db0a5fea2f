package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// setSchema runs ALTER TABLE/VIEW/SEQUENCE ... SET SCHEMA s on rel (the
// caller checked its owner and locked it): the relation moves with its
// indexes, owned sequences and constraints (catalog.SetRelationNamespace);
// views that read it keep reading it (viewrename.go: their queries name
// it anew).
func (s *Session) setSchema(n *parser.AlterTableStmt, rel *catalog.Relation, schema string) error {
	switch {
	case n.ObjType == parser.ObjView && rel.Kind != catalog.KindView:
		return pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a view", rel.Name)
	case n.ObjType == parser.ObjSequence && rel.Kind != catalog.KindSequence:
		return pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a sequence", rel.Name)
	}
	snap := s.snapshot()
	if isTempSchemaName(schema) || isTempSchemaName(rel.NamespaceName) {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot move objects into or out of temporary schemas")
	}
	if schema == "pg_toast" || rel.NamespaceName == "pg_toast" {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot move objects into or out of TOAST schema")
	}
	ns, err := s.cat.NamespaceOid(snap, schema)
	if err != nil {
		return err
	}
	if rel.Kind == catalog.KindSequence {
		owner, err := s.cat.SequenceOwnerRel(snap, rel.Oid)
		if err != nil {
			return err
		}
		if owner != 0 {
			t, err := s.cat.Relation(snap, owner)
			if err != nil {
				return err
			}
			return pgerr.New(pgerr.FeatureNotSupported, "cannot move an owned sequence into another schema").
				WithDetail("Sequence \"%s\" is linked to table \"%s\".", rel.Name, t.Name)
		}
	}
	if ns == rel.Namespace {
		return nil
	}
	if err := s.checkNamespace(ns, acl.Create); err != nil {
		return err
	}
	texts, err := s.moveViews(rel, schema)
	if err != nil {
		return err
	}
	if err := s.cat.SetRelationNamespace(s.xact, snap, rel.Oid, ns, schema); err != nil {
		return err
	}
	return s.storeViews(texts)
}

// isTempSchemaName reports a temporary schema's name (pg_temp stands for
// the session's own).
func isTempSchemaName(name string) bool {
	return name == "pg_temp" || strings.HasPrefix(name, "pg_temp_") || strings.HasPrefix(name, "pg_toast_temp_")
}
