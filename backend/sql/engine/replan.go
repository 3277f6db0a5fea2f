package engine

import (
	"fmt"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/pgerr"
)

// refreshPlan plans a portal's statement again when another backend
// committed catalog changes while the statement waited for its table
// locks (lockQuery): a TRUNCATE or a rewriting ALTER TABLE gives the
// table new files, ALTER TABLE new columns, CREATE INDEX a new index,
// and a plan made before would read or write the files that are gone or
// miss the index. PostgreSQL locks before planning and plans again when
// the catalog moved; here the statement is planned again after its locks,
// which comes to the same. A statement whose result columns would change
// (RowDescription is already sent) fails as PostgreSQL's cached plans do.
// Statements of the server's own (no SQL text) keep their plan.
func (s *Session) refreshPlan(p *Portal) error {
	if p.st.SQL == "" || !s.cat.Moved() && !s.filesMaybeMoved(p.st.Query) {
		// (filesMoved: a TRUNCATE or a rewriting ALTER TABLE committed
		// since the statement was planned, not while it waited.)
		return nil
	}
	old := p.st
	stmts, err := parser.Parse(old.SQL)
	if err != nil || len(stmts) != 1 || !plannable(stmts[0]) {
		return nil // not a statement of its own (a cursor's query, EXECUTE's)
	}
	// literal: a simple-protocol statement planned generically, its
	// literals bound as parameters; planned again with them in place.
	literal := old.ParamTypes == nil && old.bound != nil
	ast := old.AST
	switch {
	case ast == nil:
		ast = stmts[0]
	case fmt.Sprintf("%T", ast) != fmt.Sprintf("%T", stmts[0]):
		return nil
	case !literal && len(old.Query.Params) != len(old.ParamTypes):
		return nil
	}
	var oids []uint32
	if !literal {
		for _, t := range old.ParamTypes {
			oids = append(oids, t.Oid)
		}
	}
	st, err := s.Prepare(old.SQL, ast, oids)
	if err != nil {
		return err
	}
	if st.Query == nil || !sameColumns(st.Cols, old.Cols) {
		if !s.filesMoved(old.Query) {
			// The old plan still reads the right files: it runs, with
			// the columns it was planned with.
			return nil
		}
		return pgerr.New(pgerr.FeatureNotSupported, "cached plan must not change result type")
	}
	if literal {
		p.params = nil
	} else {
		if old.bound != nil {
			st.bound = old.bound
		}
		// A named statement keeps the new plan (same parameters, same
		// columns), so that its later executions are not planned again.
		old.Query = st.Query
	}
	p.st = st
	return s.lockQuery(st.Query)
}

// sameColumns reports whether two row shapes have the same names and
// types.
func sameColumns(a, b []plan.Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].T != b[i].T {
			return false
		}
	}
	return true
}

// filesMaybeMoved is filesMoved taking no snapshot while the catalog
// cache holds the query's tables (no DDL since it was filled).
func (s *Session) filesMaybeMoved(q *plan.Query) bool {
	for _, t := range q.Tables {
		cur := s.cat.CachedRelation(t.Oid)
		if cur == nil {
			return s.filesMoved(q)
		}
		if cur.Relfilenode != t.Relfilenode {
			return true
		}
	}
	return false
}

// filesMoved reports whether a table q was planned from now has other
// files (TRUNCATE, a rewrite) or is gone.
func (s *Session) filesMoved(q *plan.Query) bool {
	snap := s.snapshot()
	for _, t := range q.Tables {
		cur, err := s.cat.Relation(snap, t.Oid)
		if err != nil || cur.Relfilenode != t.Relfilenode {
			return true
		}
	}
	return false
}
