package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"ringpg/backend/sql/exec"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Stmt is a prepared statement: planned if it runs through the executor,
// else a utility command run when executed.
type Stmt struct {
	SQL        string
	AST        parser.Stmt
	Query      *plan.Query // nil for utility commands
	ParamTypes []types.T
	Cols       []plan.Column // nil when the statement returns no rows
	// bound holds EXECUTE's parameter values, which Bind uses.
	bound []types.Datum
	// BinaryRows says the rows go out in binary whatever the client asked
	// (FETCH from a BINARY cursor).
	BinaryRows bool
	// explain holds EXPLAIN's lines; analyze says the statement runs too.
	explain []string
	analyze bool
}

// sqlPrepared is a statement of PREPARE: kept as syntax and planned again
// at each EXECUTE, so that it follows the catalog.
type sqlPrepared struct {
	sql    string
	ast    parser.Stmt
	params []uint32
	// For pg_prepared_statements: the PREPARE's text, when it ran, and
	// how many times EXECUTE ran it.
	source   string
	prepared time.Time
	execs    int64
}

// Portal is a statement bound to parameters, possibly half fetched.
type Portal struct {
	st     *Stmt
	params []types.Datum
	cur    *exec.Cursor
	done   bool
	tag    string
	count  int64
	txn    *xactTxn
}

// plannable reports statements that run through the planner.
func plannable(st parser.Stmt) bool {
	switch n := st.(type) {
	case *parser.SelectStmt:
		return n.Into == nil // SELECT INTO creates a table: a utility
	case *parser.InsertStmt, *parser.UpdateStmt, *parser.DeleteStmt:
		return true
	}
	return false
}

// Prepare analyses and plans a statement (utility commands are only
// checked for the failed-transaction state when run).
func (s *Session) Prepare(sql string, ast parser.Stmt, paramOids []uint32) (*Stmt, error) {
	if ex, ok := ast.(*parser.ExecuteStmt); ok {
		return s.prepareExecute(sql, ex)
	}
	if ex, ok := ast.(*parser.ExplainStmt); ok {
		return s.prepareExplain(sql, ex, paramOids)
	}
	st := &Stmt{SQL: sql, AST: ast}
	if f, ok := ast.(*parser.FetchStmt); ok && !s.failed {
		st.Cols, st.BinaryRows = s.fetchCols(f)
	}
	if d, ok := ast.(*parser.DeclareCursorStmt); ok && !s.failed && (len(paramOids) > 0 || strings.IndexByte(sql, '$') >= 0) {
		return s.prepareDeclare(st, d, paramOids)
	}
	if !plannable(ast) {
		for _, o := range paramOids {
			st.ParamTypes = append(st.ParamTypes, types.Of(o))
		}
		return st, nil
	}
	if s.failed {
		return nil, failedError()
	}
	implicit := s.xact == nil
	s.begin()
	s.cat.BeginStatement()
	q, err := plan.Plan(ast, sql, sessionCatalog{s}, s.env, paramOids)
	if err != nil {
		if implicit && !s.inBlock {
			s.abort()
		}
		return nil, err
	}
	st.Query, st.ParamTypes = q, q.Params
	if len(q.Cols) > 0 || q.Tag == "SELECT" {
		// A SELECT of no columns still describes its (empty) row.
		st.Cols = append(make([]plan.Column, 0, len(q.Cols)), q.Cols...)
	}
	return st, nil
}

// Bind makes a portal of a statement with its parameter values.
func (s *Session) Bind(st *Stmt, params []types.Datum) (*Portal, error) {
	if st.bound != nil {
		params = st.bound
	}
	return &Portal{st: st, params: params}, nil
}

// prepareExecute plans EXECUTE name(args): the prepared statement planned
// again, with the arguments as its parameter values.
func (s *Session) prepareExecute(sql string, ex *parser.ExecuteStmt) (*Stmt, error) {
	p, ok := s.prepared[ex.Name]
	if ok {
		p.execs++
	}
	if !ok {
		return nil, pgerr.New(pgerr.InvalidSQLStatementName, "prepared statement %q does not exist", ex.Name)
	}
	if len(ex.Params) != len(p.params) {
		return nil, pgerr.New(pgerr.SyntaxError, "wrong number of parameters for prepared statement %q", ex.Name).
			WithDetail("Expected %d parameters but got %d.", len(p.params), len(ex.Params))
	}
	st, err := s.Prepare(p.sql, p.ast, p.params)
	if err != nil {
		return nil, err
	}
	want := st.ParamTypes
	vals, err := plan.ConstValues(ex.Params, want, sql, sessionCatalog{s}, s.env, s.fctx)
	if err != nil {
		if s.xact != nil && !s.inBlock {
			s.abort()
		}
		return nil, err
	}
	if vals == nil {
		vals = []types.Datum{}
	}
	st.bound = vals
	return st, nil
}

// Cols returns the portal's row shape (nil: no rows).
func (p *Portal) Cols() []plan.Column { return p.st.Cols }

// Fetch runs the portal, emitting at most max rows (0: all). It returns
// suspended when rows remain, else the command tag.
func (s *Session) Fetch(p *Portal, max int, emit func(row []types.Datum) error) (suspended bool, tag string, err error) {
	if p.done {
		return false, p.tag, nil
	}
	if p.st.explain != nil {
		return s.fetchExplain(p, emit)
	}
	if f, ok := p.st.AST.(*parser.FetchStmt); ok {
		tag, err := s.fetchCursor(p, f, emit)
		p.done, p.tag = err == nil, tag
		return false, tag, err
	}
	if d, ok := p.st.AST.(*parser.DeclareCursorStmt); ok {
		tag, err := s.inUtility(p.st, func() (string, error) { return s.declareCursor(d, p.st.ParamTypes, p.params) })
		p.done, p.tag = true, tag
		return false, tag, err
	}
	if p.st.Query == nil {
		tag, err := s.utility(p.st)
		p.done, p.tag = true, tag
		return false, tag, err
	}
	defer func() {
		if err != nil {
			p.close()
			s.statementFailed()
		}
	}()
	if p.cur == nil {
		if s.failed {
			return false, "", failedError()
		}
		s.begin()
		s.cat.BeginStatement()
		s.startStatement()
		if err := s.startPortal(p); err != nil {
			return false, "", err
		}
	} else {
		// Another statement may have run since: the executor reads
		// through this portal's transaction and snapshot again.
		s.e.exec.Txn, s.e.exec.Ctx = p.txn, s.fctx
	}
	n := 0
	for max <= 0 || n < max {
		row, ok, err := p.cur.Next()
		if err != nil {
			return false, "", err
		}
		if !ok {
			p.count = p.cur.RowsAffected()
			p.close()
			p.done = true
			p.tag = commandTag(p.st.Query.Tag, p.count)
			if !p.st.Query.ReadOnly {
				if err := s.afterCommand(); err != nil {
					return false, "", err
				}
			}
			return false, p.tag, nil
		}
		n++
		if err := emit(row); err != nil {
			return false, "", err
		}
	}
	return true, "", nil
}

// startPortal locks the portal's tables, checks its privileges, takes
// its snapshot and starts the executor on it.
func (s *Session) startPortal(p *Portal) error {
	if s.readOnly && !p.st.Query.ReadOnly {
		return pgerr.New(pgerr.ReadOnlySQLTransaction, "cannot execute %s in a read-only transaction", p.st.Query.Tag)
	}
	if err := s.lockQuery(p.st.Query); err != nil {
		return err
	}
	if err := s.refreshPlan(p); err != nil {
		return err
	}
	if err := s.checkPerms(p.st.Query.Perms, p.st.Query.Funcs); err != nil {
		return err
	}
	txn := s.statementSnapshot()
	s.queried = true
	if err := s.ssiPending(); err != nil {
		return err
	}
	s.e.exec.Txn, s.e.exec.Ctx = txn, s.fctx
	cur, err := exec.Start(s.e.exec, p.st.Query, p.params)
	if err != nil {
		return err
	}
	p.cur, p.txn = cur, txn
	return nil
}

func (p *Portal) close() {
	if p.cur != nil {
		p.cur.Close()
		p.cur = nil
	}
}

// Close drops a portal that was not run to completion.
func (s *Session) ClosePortal(p *Portal) { p.close() }

func commandTag(verb string, n int64) string {
	c := strconv.FormatInt(n, 10)
	if verb == "INSERT" {
		return "INSERT 0 " + c
	}
	return verb + " " + c
}

// prepareExplain plans EXPLAIN's statement; its rows are the plan's lines.
func (s *Session) prepareExplain(sql string, ex *parser.ExplainStmt, paramOids []uint32) (*Stmt, error) {
	st := &Stmt{SQL: sql, AST: ex, Cols: []plan.Column{{Name: "QUERY PLAN", T: types.Of(types.TextOid)}}}
	for _, o := range ex.Options {
		if o.Name == "analyze" {
			st.analyze = true
			if c, ok := o.Arg.(*parser.AConst); ok && c.Kind == parser.ConstBool && !c.Bool {
				st.analyze = false
			}
		}
	}
	if !plannable(ex.Query) {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN of this statement is not supported")
	}
	inner, err := s.Prepare(sql, ex.Query, paramOids)
	if err != nil {
		return nil, err
	}
	st.Query, st.ParamTypes = inner.Query, inner.ParamTypes
	st.explain = plan.Explain(inner.Query)
	return st, nil
}

// fetchExplain runs EXPLAIN ANALYZE's statement, then sends the lines.
func (s *Session) fetchExplain(p *Portal, emit func(row []types.Datum) error) (bool, string, error) {
	lines := p.st.explain
	if p.st.analyze {
		start := timeNow()
		inner := &Portal{st: &Stmt{Query: p.st.Query, Cols: p.st.Cols}, params: p.params}
		if _, _, err := s.Fetch(inner, 0, func([]types.Datum) error { return nil }); err != nil {
			return false, "", err
		}
		ms := float64(timeNow().Sub(start).Microseconds()) / 1000
		lines = append(append([]string(nil), lines...), fmt.Sprintf("Execution Time: %.3f ms", ms))
	}
	row := make([]types.Datum, 1)
	for _, l := range lines {
		row[0] = types.String(l)
		if err := emit(row); err != nil {
			return false, "", err
		}
	}
	p.done, p.tag = true, "EXPLAIN"
	return false, "EXPLAIN", nil
}
