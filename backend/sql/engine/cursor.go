package engine

import (
	"time"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// SQL-level cursors (DECLARE, FETCH, MOVE, CLOSE). A cursor is a named
// Portal of this session: its rows come from the executor one FETCH at a
// time through the portal's exec.Cursor, read under the snapshot of the
// DECLARE. Rows are kept only where going back needs them: a scrollable
// cursor remembers the rows read so far, and a WITH HOLD cursor is
// materialised at its transaction's commit (the rest of its rows read into
// its store), after which it needs neither the transaction nor the
// executor. The store (cursor_store.go) keeps rows in memory up to
// work_mem and in temporary files beyond.
//
// Lifetime follows PostgreSQL's portals: at commit a cursor without HOLD
// is closed and one WITH HOLD materialised; a rollback closes every cursor
// the transaction declared (held-over ones survive); ROLLBACK TO SAVEPOINT
// closes those declared since the savepoint; the session's end closes all.
//
// Position follows PostgreSQL's portal too (atStart, atEnd and pos, the
// number of the current row), so that every direction counts and ends
// where PostgreSQL's does.

// cursor is one DECLAREd cursor.
type cursor struct {
	name    string
	sql     string // the query string that declared it (pg_cursors.statement)
	opts    parser.CursorOptions
	scroll  bool // backward movement allowed (SCROLL, or a plan that can)
	created time.Time
	cols    []plan.Column

	portal *Portal // the executor's run; nil once every row has been read
	failed bool    // an error interrupted a FETCH: the cursor cannot run again

	// held: materialised at commit, the cursor belongs to no transaction.
	// sub is the savepoint depth that declared it (len(savepoints)).
	held bool
	sub  int

	// The portal's position, as PostgreSQL keeps it.
	atStart, atEnd bool
	pos            int64

	// The executor's position: 0 before the first row, k on row k,
	// produced+1 after the last once it has been reached.
	idx      int64
	produced int64 // rows the executor has returned so far
	done     bool  // the executor has returned its last row
	// store holds rows base+1 .. base+store.len(): every row read so far
	// for a scrollable cursor, the rows not yet read at commit for a held
	// one that cannot scroll.
	store rowStore
	base  int64
}

// invalidCursorDefinition is the SQLSTATE of contradictory DECLARE options.
const invalidCursorDefinition = "42P11"

// cursorErr is 34000 for a cursor name that is not declared.
func cursorErr(name string) error {
	return pgerr.New(pgerr.InvalidCursorName, "cursor %q does not exist", name)
}

func forwardOnlyErr() error {
	return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cursor can only scan forward").
		WithHint("Declare it with SCROLL option to enable backward scan.")
}

// declareCursor runs DECLARE: plan the query, start it, name the portal.
// paramTypes and params are the types and values of its $n (Bind's).
func (s *Session) declareCursor(n *parser.DeclareCursorStmt, paramTypes []types.T, params []types.Datum) (string, error) {
	o := n.Options
	if err := checkCursorQuery(n); err != nil {
		return "", err
	}
	q, err := plan.Plan(n.Query, s.utilitySQL, sessionCatalog{s}, s.env, typeOids(paramTypes))
	if err != nil {
		return "", err
	}
	if err := checkCursorLocking(n); err != nil {
		return "", err
	}
	if len(q.Params) > len(params) {
		return "", pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", len(params)+1)
	}
	if o&parser.CursorHold == 0 && !s.inBlock && !s.implicitBlock {
		return "", pgerr.New(pgerr.NoActiveSQLTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if _, ok := s.cursors[n.Name]; ok || s.protocolPortal != nil && s.protocolPortal(n.Name) {
		return "", pgerr.New(pgerr.DuplicateCursor, "cursor %q already exists", n.Name)
	}
	c := &cursor{name: n.Name, sql: s.utilitySQL, opts: o, created: timeNow(), cols: q.Cols,
		sub: len(s.savepoints), atStart: true, store: newRowStore(s.e.exec.Temp, s.set.WorkMemBytes())}
	switch {
	case o&parser.CursorScroll != 0:
		c.scroll = true
	case o&parser.CursorNoScroll == 0:
		c.scroll = len(n.Query.Locking) == 0 && backwardScannable(q.Root)
	}
	c.portal = &Portal{st: &Stmt{SQL: s.utilitySQL, AST: n.Query, Query: q, Cols: q.Cols}, params: params}
	s.startStatement()
	if err := s.startPortal(c.portal); err != nil {
		c.portal.close()
		return "", err
	}
	if s.cursors == nil {
		s.cursors = map[string]*cursor{}
	}
	s.cursors[n.Name] = c
	return "DECLARE CURSOR", nil
}

// prepareDeclare types the parameters of a DECLARE prepared by the
// extended protocol, from its query's analysis; the query is planned again
// when the cursor is declared.
func (s *Session) prepareDeclare(st *Stmt, n *parser.DeclareCursorStmt, paramOids []uint32) (*Stmt, error) {
	if n.Query == nil {
		return st, nil
	}
	implicit := s.xact == nil
	s.begin()
	s.cat.BeginStatement()
	q, err := plan.Plan(n.Query, st.SQL, sessionCatalog{s}, s.env, paramOids)
	if err != nil {
		if implicit && !s.inBlock {
			s.abort()
		}
		return nil, err
	}
	st.ParamTypes = q.Params
	return st, nil
}

func typeOids(ts []types.T) []uint32 {
	if len(ts) == 0 {
		return nil
	}
	out := make([]uint32, len(ts))
	for i, t := range ts {
		out[i] = t.Oid
	}
	return out
}

// checkCursorQuery rejects contradictory options and a query that
// changes data.
func checkCursorQuery(n *parser.DeclareCursorStmt) error {
	o := n.Options
	if o&parser.CursorScroll != 0 && o&parser.CursorNoScroll != 0 {
		return pgerr.New(invalidCursorDefinition, "cannot specify both SCROLL and NO SCROLL")
	}
	if o&parser.CursorAsensitive != 0 && o&parser.CursorInsensitive != 0 {
		return pgerr.New(invalidCursorDefinition, "cannot specify both ASENSITIVE and INSENSITIVE")
	}
	if n.Query == nil {
		return pgerr.New(pgerr.SyntaxError, "DECLARE CURSOR needs a query")
	}
	if modifyingCTE(n.Query) {
		return pgerr.New(pgerr.FeatureNotSupported, "DECLARE CURSOR must not contain data-modifying statements in WITH")
	}
	return nil
}

// checkCursorLocking rejects FOR UPDATE and the like in a cursor that is
// not simply read forward in its transaction (after the query's analysis,
// as in PostgreSQL).
func checkCursorLocking(n *parser.DeclareCursorStmt) error {
	o := n.Options
	if len(n.Query.Locking) == 0 {
		return nil
	}
	lock := lockingName(n.Query.Locking[0])
	switch {
	case o&parser.CursorHold != 0:
		return pgerr.New(pgerr.FeatureNotSupported, "DECLARE CURSOR WITH HOLD ... %s is not supported", lock).
			WithDetail("Holdable cursors must be READ ONLY.")
	case o&parser.CursorScroll != 0:
		return pgerr.New(pgerr.FeatureNotSupported, "DECLARE SCROLL CURSOR ... %s is not supported", lock).
			WithDetail("Scrollable cursors must be READ ONLY.")
	case o&parser.CursorInsensitive != 0:
		return pgerr.New(invalidCursorDefinition, "DECLARE INSENSITIVE CURSOR ... %s is not valid", lock).
			WithDetail("Insensitive cursors must be READ ONLY.")
	}
	return nil
}

// modifyingCTE reports a WITH INSERT, UPDATE or DELETE at the top of a
// cursor's query.
func modifyingCTE(q *parser.SelectStmt) bool {
	if q.With == nil {
		return false
	}
	for _, c := range q.With.CTEs {
		if _, ok := c.Query.(*parser.SelectStmt); !ok {
			return true
		}
	}
	return false
}

func lockingName(l *parser.LockingClause) string {
	switch l.Strength {
	case parser.ForKeyShare:
		return "FOR KEY SHARE"
	case parser.ForShare:
		return "FOR SHARE"
	case parser.ForNoKeyUpdate:
		return "FOR NO KEY UPDATE"
	}
	return "FOR UPDATE"
}

// closeCursor runs CLOSE name | ALL.
func (s *Session) closeCursor(n *parser.ClosePortalStmt) (string, error) {
	if n.Name == "" {
		s.closeCursors(func(*cursor) bool { return true })
		return "CLOSE CURSOR ALL", nil
	}
	c, ok := s.cursors[n.Name]
	if !ok {
		return "", cursorErr(n.Name)
	}
	c.close()
	delete(s.cursors, n.Name)
	return "CLOSE CURSOR", nil
}

func (c *cursor) close() {
	if c.portal != nil {
		c.portal.close()
		c.portal = nil
	}
	c.store.close()
}

// closeCursors closes the cursors for which drop is true.
func (s *Session) closeCursors(drop func(*cursor) bool) {
	for name, c := range s.cursors {
		if drop(c) {
			c.close()
			delete(s.cursors, name)
		}
	}
}

// cursorsAtCommit materialises the transaction's WITH HOLD cursors and
// closes the others, before the commit.
func (s *Session) cursorsAtCommit() error {
	for name, c := range s.cursors {
		if c.held {
			continue
		}
		if c.opts&parser.CursorHold == 0 || c.failed {
			c.close()
			delete(s.cursors, name)
			continue
		}
		if err := s.holdCursor(c); err != nil {
			c.close()
			delete(s.cursors, name)
			return err
		}
	}
	return nil
}

// holdCursor reads the rest of a cursor's rows into its store and ends
// its executor run: it no longer needs the transaction.
func (s *Session) holdCursor(c *cursor) error {
	if !c.scroll {
		// Rows already read are never read again: keep only the rest.
		c.base = c.produced
	}
	for !c.done {
		row, ok, err := s.pullRow(c)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := c.store.add(row); err != nil {
			return err
		}
	}
	c.endRun()
	c.held, c.sub = true, -1
	return nil
}

// endRun ends the executor run but keeps the stored rows.
func (c *cursor) endRun() {
	if c.portal != nil {
		c.portal.close()
		c.portal = nil
	}
}

// cursorsAtAbort closes every cursor the transaction declared.
func (s *Session) cursorsAtAbort() {
	s.closeCursors(func(c *cursor) bool { return !c.held })
}

// cursorsAtSubAbort closes the cursors declared at savepoint depth depth
// or deeper (ROLLBACK TO the savepoint at that depth).
func (s *Session) cursorsAtSubAbort(depth int) {
	s.closeCursors(func(c *cursor) bool { return !c.held && c.sub >= depth })
}

// cursorsAtSubCommit hands the cursors of released savepoints to the
// savepoint at depth depth.
func (s *Session) cursorsAtSubCommit(depth int) {
	for _, c := range s.cursors {
		if !c.held && c.sub > depth {
			c.sub = depth
		}
	}
}
