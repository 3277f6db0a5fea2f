package engine

import (
	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// comment runs COMMENT ON: pg_description (pg_shdescription for databases
// and roles) gets, or loses, the object's text. Only the object's owner
// (or a member of the owning role, or a superuser) may comment on it.
func (s *Session) comment(n *parser.CommentStmt) (string, error) {
	text := ""
	if n.Comment != nil {
		text = *n.Comment
	}
	snap := s.snapshot()
	s.didDDL = true
	switch n.Kind {
	case "SCHEMA":
		oid, err := s.cat.NamespaceOid(snap, n.Object[0])
		if err != nil {
			return "", err
		}
		ns, err := s.cat.Namespace(snap, oid)
		if err != nil {
			return "", err
		}
		if err := s.mustOwn(ns.Owner, "schema", ns.Name); err != nil {
			return "", err
		}
		return "COMMENT", s.cat.SetDescription(s.xact, snap, oid, catalog.PgNamespace, 0, text)
	case "DATABASE":
		d, err := s.cat.Database(snap, n.Object[0])
		if err != nil {
			return "", err
		}
		if err := s.mustOwn(d.Owner, "database", d.Name); err != nil {
			return "", err
		}
		return "COMMENT", s.cat.SetSharedDescription(s.xact, snap, d.Oid, catalog.PgDatabase, text)
	case "ROLE":
		r, err := s.cat.Role(snap, n.Object[0])
		if err != nil {
			return "", err
		}
		if me, err := s.currentRole(); err != nil {
			return "", err
		} else if !me.Super && !me.CreateRole && me.Oid != r.Oid {
			return "", pgerr.New(pgerr.InsufficientPrivilege, "must have CREATEROLE privilege")
		}
		return "COMMENT", s.cat.SetSharedDescription(s.xact, snap, r.Oid, catalog.PgAuthid, text)
	case "CONSTRAINT":
		rel, err := s.cat.LookupRelation(snap, s.searchPath(), n.Table.Schema, n.Table.Name)
		if err != nil {
			return "", err
		}
		for _, c := range rel.Constraints {
			if c.Name == n.Object[0] {
				if err := s.checkRelOwner(rel); err != nil {
					return "", err
				}
				return "COMMENT", s.cat.SetDescription(s.xact, snap, c.Oid, catalog.PgConstraint, 0, text)
			}
		}
		return "", pgerr.New(pgerr.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", n.Object[0], rel.Name)
	case "COLUMN":
		if len(n.Object) < 2 {
			return "", pgerr.New(pgerr.SyntaxError, "column name must be qualified")
		}
		rel, err := s.commentRelation(n.Object[:len(n.Object)-1])
		if err != nil {
			return "", err
		}
		name := n.Object[len(n.Object)-1]
		col := rel.Column(name)
		if col == nil || col.Dropped {
			return "", pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, rel.Name)
		}
		if err := s.checkRelOwner(rel); err != nil {
			return "", err
		}
		return "COMMENT", s.cat.SetComment(s.xact, snap, rel.Oid, col.Num, text)
	}
	rel, err := s.commentRelation(n.Object)
	if err != nil {
		return "", err
	}
	want := map[string]byte{"TABLE": catalog.KindTable, "VIEW": catalog.KindView, "INDEX": catalog.KindIndex,
		"SEQUENCE": catalog.KindSequence, "MATERIALIZED VIEW": 'm'}[n.Kind]
	if rel.Kind != want {
		word := map[string]string{"TABLE": "a table", "VIEW": "a view", "INDEX": "an index",
			"SEQUENCE": "a sequence", "MATERIALIZED VIEW": "a materialized view"}[n.Kind]
		return "", pgerr.New(pgerr.WrongObjectType, "\"%s\" is not %s", rel.Name, word)
	}
	if err := s.checkRelOwner(rel); err != nil {
		return "", err
	}
	return "COMMENT", s.cat.SetComment(s.xact, snap, rel.Oid, 0, text)
}

// commentRelation finds the relation a COMMENT names ([schema.]name).
func (s *Session) commentRelation(names []string) (*catalog.Relation, error) {
	schema, name := "", names[len(names)-1]
	if len(names) >= 2 {
		schema = names[len(names)-2]
	}
	return s.cat.LookupRelation(s.snapshot(), s.searchPath(), schema, name)
}

// mustOwn is 42501 must be owner of kind name unless the current role
// has the owner's privileges.
func (s *Session) mustOwn(owner uint32, kind, name string) error {
	ok, err := s.isOwner(owner)
	if err != nil || ok {
		return err
	}
	return notOwner(kind, name)
}
