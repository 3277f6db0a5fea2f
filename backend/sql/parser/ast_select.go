package parser

// SetOp is the set operation of a SelectStmt.
type SetOp uint8

const (
	SetOpNone SetOp = iota
	Union
	Intersect
	Except
)

// SelectStmt is a SELECT, a VALUES list, or a set operation of two selects.
// A simple SELECT uses the fields from Distinct to Windows, VALUES uses
// Values, a set operation Op, All, Left and Right; With, OrderBy, the limits
// and Locking apply to the whole.
type SelectStmt struct {
	StmtSpan

	With *WithClause

	Distinct      bool
	DistinctOn    []Expr
	Targets       []*ResTarget
	Into          *IntoClause
	From          []TableExpr
	Where         Expr
	GroupBy       []Expr // may hold *GroupingSet
	GroupDistinct bool
	Having        Expr
	Windows       []*WindowDef

	Values [][]Expr

	Op    SetOp
	All   bool
	Left  *SelectStmt
	Right *SelectStmt

	OrderBy     []*SortBy
	LimitOffset Expr
	LimitCount  Expr // LIMIT ALL is a NULL constant, as in PostgreSQL
	WithTies    bool // FETCH ... WITH TIES
	Locking     []*LockingClause
}

// ResTarget is an item of a select list (Name is the alias), an INSERT
// column (Name and Indirection) or the target of an UPDATE SET.
type ResTarget struct {
	Name        string
	Indirection []IndirectionElem
	Val         Expr
	Location    int
}

// IntoClause is the target of SELECT INTO and CREATE TABLE AS.
type IntoClause struct {
	Rel          *RangeVar
	ColNames     []string
	AccessMethod string
	Options      []*DefElem
	OnCommit     OnCommitAction
	Tablespace   string
	WithNoData   bool
}

// Persistence is a relation's persistence.
type Persistence uint8

const (
	Permanent Persistence = iota
	Temporary
	Unlogged
)

// RangeVar names a relation, with its alias when used in FROM.
type RangeVar struct {
	Catalog     string
	Schema      string
	Name        string
	Only        bool // ONLY: no inheritance children
	Persistence Persistence
	Alias       *Alias
	Location    int
}

// Alias is AS name [(cols)].
type Alias struct {
	Name string
	Cols []string
}

// RangeSubselect is a sub-select in FROM.
type RangeSubselect struct {
	Lateral  bool
	Subquery *SelectStmt
	Alias    *Alias
}

// RangeFunction is a function (or ROWS FROM(...)) in FROM.
type RangeFunction struct {
	Lateral    bool
	Ordinality bool
	RowsFrom   bool
	Funcs      []*RangeFunctionItem
	Alias      *Alias
	ColDefs    []*ColumnDef // AS alias (col type, ...)
}

// RangeFunctionItem is one function of a RangeFunction; ColDefs is the
// per-function column definition list of ROWS FROM.
type RangeFunctionItem struct {
	Func    Expr
	ColDefs []*ColumnDef
}

// RangeTableSample is relation TABLESAMPLE method(args) [REPEATABLE (seed)].
type RangeTableSample struct {
	Relation   *RangeVar // with its alias
	Method     []string
	Args       []Expr
	Repeatable Expr
	Location   int
}

// JoinKind is the kind of a join.
type JoinKind uint8

const (
	JoinInner JoinKind = iota
	JoinLeft
	JoinFull
	JoinRight
	JoinCross
)

// JoinExpr is a join in FROM.
type JoinExpr struct {
	Kind       JoinKind
	Natural    bool
	Left       TableExpr
	Right      TableExpr
	Using      []string
	UsingAlias *Alias // JOIN ... USING (a) AS x
	On         Expr
	Alias      *Alias // (a JOIN b ...) AS x
}

// SortDir is the direction of a sort key.
type SortDir uint8

const (
	SortDefault SortDir = iota
	SortAsc
	SortDesc
	SortUsing
)

// NullsOrder is NULLS FIRST/LAST.
type NullsOrder uint8

const (
	NullsDefault NullsOrder = iota
	NullsFirst
	NullsLast
)

// SortBy is a sort key of ORDER BY.
type SortBy struct {
	Expr     Expr
	Dir      SortDir
	Nulls    NullsOrder
	UsingOp  []string // for SortUsing
	Location int
}

// FrameMode is the unit of a window frame.
type FrameMode uint8

const (
	FrameRange FrameMode = iota
	FrameRows
	FrameGroups
)

// FrameBoundKind is the kind of a window frame bound.
type FrameBoundKind uint8

const (
	BoundUnboundedPreceding FrameBoundKind = iota
	BoundPreceding
	BoundCurrentRow
	BoundFollowing
	BoundUnboundedFollowing
)

// FrameBound is a window frame start or end.
type FrameBound struct {
	Kind   FrameBoundKind
	Offset Expr // for BoundPreceding and BoundFollowing
}

// FrameExclusion is a window frame's EXCLUDE option.
type FrameExclusion uint8

const (
	ExcludeNoOthers FrameExclusion = iota
	ExcludeCurrentRow
	ExcludeGroup
	ExcludeTies
)

// WindowFrame is a window's frame clause.
type WindowFrame struct {
	Mode    FrameMode
	Start   FrameBound
	End     *FrameBound // nil without BETWEEN
	Exclude FrameExclusion
}

// WindowDef is a window: a WINDOW clause entry (Name is its name), an
// OVER (...) specification, or OVER name (Name only).
type WindowDef struct {
	Name        string
	Refname     string // existing window this one copies
	PartitionBy []Expr
	OrderBy     []*SortBy
	Frame       *WindowFrame
	Location    int
}

// WithClause is WITH [RECURSIVE] ctes.
type WithClause struct {
	Recursive bool
	CTEs      []*CommonTableExpr
	Location  int
}

// CTEMaterialize is a CTE's [NOT] MATERIALIZED option.
type CTEMaterialize uint8

const (
	CTEMaterializeDefault CTEMaterialize = iota
	CTEMaterializeAlways
	CTEMaterializeNever
)

// CommonTableExpr is name [(cols)] AS [[NOT] MATERIALIZED] (query).
type CommonTableExpr struct {
	Name         string
	ColNames     []string
	Materialized CTEMaterialize
	Query        Stmt // *SelectStmt, *InsertStmt, *UpdateStmt or *DeleteStmt
	Search       *CTESearchClause
	Cycle        *CTECycleClause
	Location     int
}

// CTESearchClause is SEARCH DEPTH|BREADTH FIRST BY cols SET seqcol.
type CTESearchClause struct {
	Breadth   bool
	Cols      []string
	SeqColumn string
}

// CTECycleClause is CYCLE cols SET markcol [TO value DEFAULT value]
// USING pathcol.
type CTECycleClause struct {
	Cols        []string
	MarkColumn  string
	MarkValue   Expr // nil when TO ... DEFAULT ... is omitted
	MarkDefault Expr
	PathColumn  string
}

// LockStrength is the strength of a FOR UPDATE/SHARE clause.
type LockStrength uint8

const (
	ForKeyShare LockStrength = iota
	ForShare
	ForNoKeyUpdate
	ForUpdate
)

// LockWaitPolicy is what a locking clause does on a locked row.
type LockWaitPolicy uint8

const (
	LockWaitBlock LockWaitPolicy = iota
	LockWaitSkip                 // SKIP LOCKED
	LockWaitError                // NOWAIT
)

// LockingClause is FOR UPDATE|NO KEY UPDATE|SHARE|KEY SHARE [OF rels] [NOWAIT|SKIP LOCKED].
type LockingClause struct {
	Strength LockStrength
	Rels     []*RangeVar
	Wait     LockWaitPolicy
}
