package plan

import (
	"errors"
	"ringpg/backend/catalog/acl"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// analyzer carries the state of analysing one statement.
type analyzer struct {
	cat    Catalog
	sql    string
	env    *types.Env
	sc     *scope
	params []*paramInfo
	nextID int // Materialize/RecursiveUnion ids
	// subVars lists, per sub-query in an expression, the columns of the
	// enclosing level it reads (aboveAgg re-points them at the grouped row).
	subVars map[*expr.SubLink][]*expr.Var
	// outerAggs are the columns standing for an enclosing query's
	// aggregates in a sub-query (outerAggCall); lifted the columns moved
	// into such an aggregate's arguments, which aboveAgg leaves alone.
	outerAggs map[*expr.Var]*aggRef
	lifted    map[*expr.Var]bool
	// sublinks counts the sub-queries in expressions being analysed;
	// nullable the outer joins' NULL-filled sides (nullableSide).
	sublinks, nullable int
	tables             []*Table
	// direct are the tables and views the statement's own text names
	// (not those of the views it expands): a view's dependencies.
	// inView counts the view expansions under way.
	direct []*Table
	// directEntries are the FROM entries of the tables the statement's
	// own text names, whose used columns a view depends on.
	directEntries []*rangeEntry
	inView        int
	// bases are, when trackBases is set, the base-table entries of FROM
	// lists, whose used marks tell which columns the statement reads
	// (ColumnsRead).
	bases      []*rangeEntry
	trackBases bool

	// perms are the privileges the statement needs (RelPerm); checkAs is
	// the owner of the view being expanded, 0 outside views.
	perms   []RelPerm
	checkAs uint32
	funcs   []uint32 // functions called (EXECUTE is checked), no repeats

	// insertHint are INSERT ... SELECT's target column types for the
	// select list of insertHintFor, that INSERT's own SELECT.
	insertHint    []types.T
	insertHintFor *parser.SelectStmt
	// keepUnknownFor is a set operation's branch being analysed: its
	// select list keeps untyped literals unknown, to be typed by the set
	// operation's column type (PostgreSQL's resolution of UNION types).
	keepUnknownFor *parser.SelectStmt

	// srfOK allows set-returning function calls (while the select list
	// is analysed); srfs collects them.
	srfOK bool
	srfs  []*srfRef

	// Generic planning (generic.go): the lifted literals by location, and
	// what became of each.
	lits   map[int]int
	litSrc []parser.Const
	litOut []LiteralParam
	// swappedJoins maps the projection over a hash join whose inputs
	// traded places for the build side (estimate.go) to the join as it
	// was first built.
	swappedJoins map[*Project]*HashJoin
	// Data-modifying statements in WITH (with.go): their nodes and target
	// tables; levels counts the query levels being analysed (a WITH with
	// one is allowed only at the top), inCTE that a CTE body is.
	modifying []*Materialize
	modified  []*Table
	levels    int
	inCTE     bool
	withCTEs  map[string]*cteInfo // the CTEs a data-modifying one sees
	// literalLoc is where each string literal of unknown type was
	// written: an error reading it as the type it meets points there.
	literalLoc map[*expr.Const]int

	// sysList caches sysWanted for the text sysFor (syscols.go).
	sysFor  string
	sysList []SysAttr
	sysDone bool

	// trace, when set, records what the names of a view's query resolve
	// to (viewrefs.go).
	trace *refTrace
}

// require notes that the statement needs mode on t.
func (q *analyzer) require(t *Table, mode acl.Mode) {
	for i := range q.perms {
		p := &q.perms[i]
		if p.Table == t && p.AsOwner == q.checkAs {
			p.Mode |= mode
			return
		}
	}
	q.perms = append(q.perms, RelPerm{Table: t, Mode: mode, AsOwner: q.checkAs})
}

// noteFunc notes a call of function oid (0: not a pg_proc function).
func (q *analyzer) noteFunc(oid uint32) {
	if oid == 0 {
		return
	}
	for _, f := range q.funcs {
		if f == oid {
			return
		}
	}
	q.funcs = append(q.funcs, oid)
}

// columnRead notes a reference to a column of e: reading a table's
// columns needs SELECT on it (the target of an UPDATE or DELETE needs it
// only when its columns are read).
func (q *analyzer) columnRead(e *rangeEntry) {
	if e.table != nil && !e.noPerm {
		q.require(e.table, acl.Select)
	}
}

// paramInfo is what is known of $n: its type (UnknownOid until a use
// decides it) and the nodes that refer to it.
type paramInfo struct {
	t     types.T
	fixed bool // given by the client
	// domain is the domain a parameter is described as (declared so by
	// the client, or assigned to a column of the domain); t is then its
	// base type.
	domain types.Oid
	nodes  []*expr.Param
}

// errAt attaches a query position to an error that has none.
func (q *analyzer) errAt(err error, loc int) error {
	var pe *pgerr.Error
	if loc >= 0 && errors.As(err, &pe) && pe.Position == 0 {
		cp := *pe
		cp.Position = parser.CharPosition(q.sql, loc)
		return &cp
	}
	return err
}

func (q *analyzer) param(n, loc int) (expr.Expr, error) {
	if n < 1 || n > 65535 {
		return nil, q.errAt(pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", n), loc)
	}
	for len(q.params) < n {
		q.params = append(q.params, &paramInfo{t: types.Of(types.UnknownOid)})
	}
	p := q.params[n-1]
	node := &expr.Param{Index: n - 1, T: p.t}
	p.nodes = append(p.nodes, node)
	return node, nil
}

// setParamType decides the type of an unknown parameter from its first use.
func (q *analyzer) setParamType(idx int, t types.T) {
	p := q.params[idx]
	p.t = t
	for _, n := range p.nodes {
		n.T = t
	}
}

// paramTypes returns the parameters' final types; one never decided is
// an error, as in PostgreSQL.
func (q *analyzer) paramTypes() ([]types.T, error) {
	out := make([]types.T, len(q.params))
	for i, p := range q.params {
		if p.t.Oid == types.UnknownOid {
			if len(p.nodes) == 0 && !p.fixed {
				// $n never used: PostgreSQL reports it too.
				return nil, pgerr.New(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
			}
			if !p.fixed {
				q.setParamType(i, types.Of(types.TextOid))
			}
		}
		out[i] = p.t
	}
	return out, nil
}
