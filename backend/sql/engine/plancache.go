package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// The plan cache serves the simple query protocol: a statement is keyed by
// parser.Normalize (its tokens with the literals lifted out), planned once
// as a generic plan whose literals are parameters (plan.PlanGeneric), and
// later statements with the same key skip parsing and planning: their
// literals are bound to the plan's parameters.
//
// A cached plan is used only while it is still right:
//   - every relation it was planned from is still the catalog's current
//     description (the catalog hands out new descriptions after any DDL, its
//     own transaction's included, so a pointer comparison is enough), under
//     the same search_path;
//   - the literals the plan depends on by value (an ORDER BY position, a
//     type modifier) are the same, and every other literal still has the
//     type the plan expects (an integer literal that grew past int4 does not
//     fit an int4 parameter);
//   - the current role is the one it was planned for (its privileges
//     are checked again at every execution in any case);
//   - binding succeeds; a literal that does not convert is planned again
//     the ordinary way, so that its error carries PostgreSQL's position.
//
// The cache belongs to the backend (it outlives sessions) and is keyed by
// database; it holds at most planCacheSize plans and is emptied when full.
const planCacheSize = 512

type planKey struct {
	db  uint32
	key uint64
}

type cachedPlan struct {
	query      *plan.Query
	cols       []plan.Column
	lits       []plan.LiteralParam
	baked      []string // literal text the plan depends on, by literal index ("" for bound ones)
	rels       []*catalog.Relation
	searchPath string
	role       string // current_user when planned: names resolve by the schemas a role may use
	paramTypes []types.T
}

// CachedSimple returns a ready statement for sql from the plan cache, or
// nil. consts is scratch space the caller may reuse.
func (s *Session) CachedSimple(sql string) *Stmt {
	if s.failed || strings.IndexByte(sql, '$') >= 0 {
		return nil
	}
	key, consts, err := parser.AppendNormalize(s.litBuf[:0], sql)
	s.litBuf = consts[:0]
	if err != nil {
		return nil
	}
	e := s.e.plans[planKey{s.db, key}]
	if e == nil || len(e.lits) != len(consts) || e.searchPath != s.set.SearchPath() || e.role != s.currentUser() {
		return nil
	}
	vals := make([]types.Datum, len(e.paramTypes))
	for i, c := range consts {
		lp := e.lits[i]
		if lp.Param < 0 || lp.Pinned {
			if c.Text != e.baked[i] {
				return nil
			}
			if lp.Param < 0 {
				continue
			}
		}
		v, err := c.Value()
		if err != nil {
			return nil
		}
		if lp.Neg {
			v = "-" + v
		}
		if c.Kind != parser.ConstString && plan.LiteralType(c.Kind, v) != lp.T {
			return nil
		}
		d, err := types.Input(e.paramTypes[lp.Param], v, s.env)
		if err != nil {
			return nil
		}
		vals[lp.Param] = d
	}
	// The relations must not have changed: this needs a transaction to
	// read the catalog under.
	s.begin()
	s.cat.BeginStatement()
	snap := s.snapshot()
	for _, r := range e.rels {
		cur, err := s.cat.Relation(snap, r.Oid)
		if err != nil || cur != r {
			delete(s.e.plans, planKey{s.db, key})
			return nil
		}
	}
	return &Stmt{SQL: sql, Query: e.query, ParamTypes: nil, Cols: e.cols, bound: vals}
}

// PrepareSimple plans a single statement of a simple Query message,
// through the plan cache when it can be.
func (s *Session) PrepareSimple(sql string, ast parser.Stmt) (*Stmt, error) {
	if !plannable(ast) || s.failed || strings.IndexByte(sql, '$') >= 0 {
		return s.Prepare(sql, ast, nil)
	}
	key, consts, err := parser.Normalize(sql)
	if err != nil {
		return s.Prepare(sql, ast, nil)
	}
	s.begin()
	s.cat.BeginStatement()
	rec := &recordingCatalog{sessionCatalog: sessionCatalog{s}}
	names := s.userTypeNames
	q, lits, err := plan.PlanGeneric(ast, sql, rec, s.env, consts)
	if err != nil || s.userTypeNames != names {
		// The ordinary path reports the error, with its position; a
		// statement naming a user type is not cached.
		return s.Prepare(sql, ast, nil)
	}
	vals := make([]types.Datum, len(q.Params))
	baked := make([]string, len(consts))
	for i, c := range consts {
		lp := lits[i]
		if lp.Param < 0 || lp.Pinned {
			baked[i] = c.Text
			if lp.Param < 0 {
				continue
			}
		}
		v, err := c.Value()
		if err == nil {
			if lp.Neg {
				v = "-" + v
			}
			vals[lp.Param], err = types.Input(q.Params[lp.Param], v, s.env)
		}
		if err != nil {
			return s.Prepare(sql, ast, nil)
		}
	}
	st := &Stmt{SQL: sql, AST: ast, Query: q, bound: vals}
	if len(q.Cols) > 0 || q.Tag == "SELECT" {
		// A SELECT of no columns still describes its (empty) row.
		st.Cols = append(make([]plan.Column, 0, len(q.Cols)), q.Cols...)
	}
	if len(s.e.plans) >= planCacheSize {
		s.e.plans = map[planKey]*cachedPlan{}
		s.e.exec.ForgetPlans()
	}
	s.e.plans[planKey{s.db, key}] = &cachedPlan{query: q, cols: st.Cols, lits: lits, baked: baked,
		rels: rec.rels, searchPath: s.set.SearchPath(), role: s.currentUser(), paramTypes: q.Params}
	return st, nil
}

// recordingCatalog notes every relation a plan was made from.
type recordingCatalog struct {
	sessionCatalog
	rels []*catalog.Relation
}

func (c *recordingCatalog) LookupTable(schema, name string) (*plan.Table, error) {
	s := c.s
	rel, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), schema, name)
	if err != nil {
		return nil, err
	}
	c.rels = append(c.rels, rel)
	return s.planTable(rel)
}
