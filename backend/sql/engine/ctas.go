package engine

import (
	"fmt"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// createTableAs runs CREATE TABLE ... AS and SELECT ... INTO: a table
// whose columns are the query's output columns (renamed by the column
// list when there is one; an unknown literal's column is text), filled
// with the query's rows in the same transaction unless WITH NO DATA.
func (s *Session) createTableAs(n *parser.CreateTableAsStmt) (string, error) {
	if n.ObjType == parser.ObjMatView {
		return "", pgerr.New(pgerr.FeatureNotSupported, "materialized views are not supported yet")
	}
	into := n.Into
	q, err := plan.Plan(n.Query, s.utilitySQL, sessionCatalog{s}, s.env, nil)
	if err != nil {
		return "", err
	}
	if len(into.ColNames) > len(q.Cols) {
		return "", pgerr.New(pgerr.SyntaxError, "too many column names were specified")
	}
	var ns, owner uint32
	persistence := catalog.PersistencePermanent
	if into.Rel.Persistence == parser.Temporary {
		persistence = catalog.PersistenceTemp
		ns, owner, err = s.tempNamespace(into.Rel.Schema)
	} else {
		ns, owner, err = s.creationNamespace(into.Rel.Schema)
	}
	if err != nil {
		return "", s.errAt(err, into.Rel.Location)
	}
	snap := s.snapshot()
	if oid, err := s.cat.RelationIn(snap, ns, into.Rel.Name); err != nil {
		return "", err
	} else if oid != 0 {
		if n.IfNotExists {
			s.queueNotice(fmt.Sprintf("relation %q already exists, skipping", into.Rel.Name))
			return "CREATE TABLE AS", nil
		}
		return "", pgerr.New(pgerr.DuplicateTable, "relation %q already exists", into.Rel.Name)
	}
	spec := catalog.RelationSpec{Namespace: ns, Name: into.Rel.Name, Owner: owner, Persistence: persistence}
	for i, c := range q.Cols {
		name, t := c.Name, c.T
		if i < len(into.ColNames) {
			name = into.ColNames[i]
		}
		if t.Oid == types.UnknownOid {
			t = types.Of(types.TextOid)
		}
		t = s.columnDomain(c, t)
		spec.Columns = append(spec.Columns, catalog.ColumnSpec{Name: name, Type: t})
	}
	s.didDDL = true
	rel, err := s.cat.CreateRelation(s.xact, snap, spec)
	if err != nil {
		return "", err
	}
	s.noteOnCommit(rel.Oid, into.OnCommit)
	if err := s.nextCommand(); err != nil {
		return "", err
	}
	if into.WithNoData {
		return "CREATE TABLE AS", nil
	}
	nsName, err := s.cat.NamespaceName(s.snapshot(), rel.Namespace)
	if err != nil {
		return "", err
	}
	ins := &parser.InsertStmt{Relation: &parser.RangeVar{Schema: nsName, Name: rel.Name, Location: -1}, Select: n.Query}
	iq, err := plan.Plan(ins, s.utilitySQL, sessionCatalog{s}, s.env, nil)
	if err != nil {
		return "", err
	}
	p, err := s.Bind(&Stmt{SQL: s.utilitySQL, Query: iq}, nil)
	if err != nil {
		return "", err
	}
	if _, _, err := s.Fetch(p, 0, func([]types.Datum) error { return nil }); err != nil {
		return "", err
	}
	return fmt.Sprintf("SELECT %d", p.count), nil
}
