package engine

import (
	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/backend/storage/lmgr"
	"ringpg/pgerr"
)

// reindex runs REINDEX. B-trees here are maintained exactly as rows
// change, so there is nothing to rebuild: the statement checks its target
// as PostgreSQL does and succeeds.
func (s *Session) reindex(n *parser.ReindexStmt) (string, error) {
	snap := s.snapshot()
	switch n.Kind {
	case "INDEX", "TABLE":
		rel, err := s.cat.LookupRelation(snap, s.searchPath(), n.Relation.Schema, n.Relation.Name)
		if err != nil {
			return "", err
		}
		if n.Kind == "INDEX" && rel.Kind != catalog.KindIndex {
			return "", pgerr.New(pgerr.WrongObjectType, "%q is not an index", rel.Name)
		}
		if n.Kind == "TABLE" && rel.Kind != catalog.KindTable {
			return "", pgerr.New(pgerr.WrongObjectType, "%q is not a table or materialized view", rel.Name)
		}
		if err := s.checkRelOwner(rel); err != nil {
			return "", err
		}
	case "SCHEMA":
		if _, err := s.cat.NamespaceOid(snap, n.Name); err != nil {
			return "", err
		}
	default:
		if n.Name != s.dbName {
			return "", pgerr.New(pgerr.FeatureNotSupported, "can only reindex the currently open database")
		}
	}
	return "REINDEX", nil
}

// cluster runs CLUSTER: it records the index a table is clustered on
// (pg_index.indisclustered) but does not reorder the rows.
func (s *Session) cluster(n *parser.ClusterStmt) (string, error) {
	if n.Relation == nil {
		return "CLUSTER", nil
	}
	snap := s.snapshot()
	rel, err := s.cat.LookupRelation(snap, s.searchPath(), n.Relation.Schema, n.Relation.Name)
	if err != nil {
		return "", err
	}
	if rel.Kind != catalog.KindTable {
		return "", pgerr.New(pgerr.WrongObjectType, "cannot cluster a %s", map[byte]string{catalog.KindView: "view", catalog.KindSequence: "sequence", catalog.KindIndex: "index"}[rel.Kind])
	}
	if err := s.checkRelOwner(rel); err != nil {
		return "", err
	}
	if n.Index == "" {
		ix, err := s.cat.ClusteredIndex(snap, rel.Oid)
		if err != nil {
			return "", err
		}
		if ix == 0 {
			return "", pgerr.New(pgerr.UndefinedObject, "there is no previously clustered index for table %q", rel.Name)
		}
		return "CLUSTER", nil
	}
	var ix *catalog.Index
	for _, x := range rel.Indexes {
		if x.Name == n.Index {
			ix = x
		}
	}
	if ix == nil {
		return "", pgerr.New(pgerr.UndefinedObject, "index %q for table %q does not exist", n.Index, rel.Name)
	}
	s.didDDL = true
	if err := s.lockRelation(s.db, rel.Oid, lmgr.AccessExclusive); err != nil {
		return "", err
	}
	return "CLUSTER", s.cat.SetClustered(s.xact, snap, rel.Oid, ix.Oid)
}
