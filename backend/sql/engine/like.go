package engine

import (
	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// likeSpecs expands CREATE TABLE's LIKE source: its columns with their
// types and NOT NULL, and per INCLUDING option their defaults, identity,
// CHECK constraints (under their names) and PRIMARY KEY and UNIQUE
// constraints (named anew). idents are the positions, among the columns
// returned, of identity columns that need a sequence.
func (s *Session) likeSpecs(e *parser.TableLikeClause) (cols []catalog.ColumnSpec, cons []catalog.ConstraintSpec, idents []int, err error) {
	rel, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), e.Relation.Schema, e.Relation.Name)
	if err != nil {
		return nil, nil, nil, err
	}
	if rel.Kind == catalog.KindIndex || rel.Kind == catalog.KindSequence {
		return nil, nil, nil, pgerr.New(pgerr.WrongObjectType, "%q is not a table, view, materialized view, composite type, or foreign table", rel.Name)
	}
	inc := map[string]bool{}
	for _, o := range e.Options {
		if o.Option == "all" {
			for _, k := range []string{"comments", "compression", "constraints", "defaults", "generated", "identity", "indexes", "statistics", "storage"} {
				inc[k] = o.Including
			}
			continue
		}
		inc[o.Option] = o.Including
	}
	names := map[int16]string{}
	for _, c := range rel.Columns {
		if c.Dropped {
			continue
		}
		names[c.Num] = c.Name
		cs := catalog.ColumnSpec{Name: c.Name, Type: c.Type, NotNull: c.NotNull}
		if inc["defaults"] && c.Identity == 0 {
			cs.Default = c.Default
		}
		if inc["identity"] && c.Identity != 0 {
			cs.Identity = c.Identity
			idents = append(idents, len(cols))
		}
		cols = append(cols, cs)
	}
	for _, con := range rel.Constraints {
		switch {
		case con.Type == 'c' && inc["constraints"]:
			cons = append(cons, catalog.ConstraintSpec{Name: con.Name, Type: 'c', Check: con.Check})
		case (con.Type == 'p' || con.Type == 'u') && inc["indexes"]:
			var keys []string
			for _, k := range con.Keys {
				keys = append(keys, names[k])
			}
			cons = append(cons, catalog.ConstraintSpec{Type: con.Type, Columns: keys})
		}
	}
	return cols, cons, idents, nil
}
