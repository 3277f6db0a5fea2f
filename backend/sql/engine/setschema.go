package engine

import (
	"reflect"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// setSchema runs ALTER TABLE/VIEW/SEQUENCE ... SET SCHEMA s on rel (the
// caller checked its owner and locked it): the relation moves with its
// indexes, owned sequences and constraints (catalog.SetRelationNamespace);
// views that read it keep reading it (their queries name it anew).
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
	if err := s.requalifyViews(rel, schema); err != nil {
		return err
	}
	return s.cat.SetRelationNamespace(s.xact, snap, rel.Oid, ns, schema)
}

// isTempSchemaName reports a temporary schema's name (pg_temp stands for
// the session's own).
func isTempSchemaName(name string) bool {
	return name == "pg_temp" || strings.HasPrefix(name, "pg_temp_") || strings.HasPrefix(name, "pg_toast_temp_")
}

// requalifyViews makes the views that read rel name it in schema to,
// where it is moving: their queries are kept as SQL text, which names
// relations, where PostgreSQL's rules hold their OIDs. A name the view
// gives unqualified is taken to mean rel when the search path finds rel
// by it now.
func (s *Session) requalifyViews(rel *catalog.Relation, to string) error {
	snap := s.snapshot()
	views, err := s.cat.DependentViews(snap, rel.Oid)
	if err != nil {
		return err
	}
	visible := false
	if r, err := s.cat.LookupRelation(snap, s.searchPath(), "", rel.Name); err == nil && r.Oid == rel.Oid {
		visible = true
	}
	for _, v := range views {
		vr, err := s.cat.Relation(snap, v)
		if err != nil {
			return err
		}
		st, err := parser.ParseOne(vr.ViewDef)
		if err != nil {
			return err
		}
		changed := false
		eachRangeVar(reflect.ValueOf(st), func(rv *parser.RangeVar) {
			if rv.Name == rel.Name && (rv.Schema == rel.NamespaceName || rv.Schema == "" && visible) {
				rv.Catalog, rv.Schema, changed = "", to, true
			}
		})
		if !changed {
			continue
		}
		if err := s.cat.SetViewQuery(s.xact, snap, v, st.String()); err != nil {
			return err
		}
	}
	return nil
}

var rangeVarType = reflect.TypeOf((*parser.RangeVar)(nil))

// eachRangeVar calls f on every *parser.RangeVar reachable from v, a
// parsed statement.
func eachRangeVar(v reflect.Value, f func(*parser.RangeVar)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Type() == rangeVarType {
			f(v.Interface().(*parser.RangeVar))
			return
		}
		eachRangeVar(v.Elem(), f)
	case reflect.Interface:
		if !v.IsNil() {
			eachRangeVar(v.Elem(), f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				eachRangeVar(v.Field(i), f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			eachRangeVar(v.Index(i), f)
		}
	}
}
