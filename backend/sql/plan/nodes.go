package plan

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/colstats"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// Node is a plan node. Nodes are immutable once planned: a cached plan is
// shared by every execution, which keeps its own state in the executor.
// Every node produces rows of the shape Columns describes; expressions
// above a node read its row through expr.Var{Level: 0, Index: i}.
type Node interface {
	Columns() []Column
}

// Column is one column of a node's output.
type Column struct {
	Name string
	T    types.T
	// Table and Attnum identify a column taken straight from a table
	// (RowDescription's table OID and attribute number); zero otherwise.
	Table  uint32
	Attnum int16
	// Fields are the fields of a record-typed column when they are known
	// (recordfield.go); nil otherwise.
	Fields []funcs.Column
}

// Table is what the executor needs to know about a table: where its
// tuples live, how they are laid out, and the indexes to maintain.
type Table struct {
	Oid         uint32
	Relfilenode uint32
	DB          uint32 // database oid (0 for a shared catalog)
	Name        string // for messages
	Schema      string
	Cols        []TableColumn
	Desc        *tuple.Desc
	FillFactor  int
	Toast       *Table // out-of-line values, nil when the table has none
	Indexes     []*Index
	Checks      []Check
	// Kind is the relation kind: 'r' table, 'S' sequence, 'v' view.
	Kind byte
	// Owner is the relation's owner (pg_class.relowner).
	Owner uint32
	// ViewDef is a view's defining query, as SQL text.
	ViewDef string
	// FKs are this table's foreign keys; RefBy the foreign keys of other
	// tables (or this one) that reference it.
	FKs   []*ForeignKey
	RefBy []*ForeignKey
	// Rows is the row count ANALYZE or VACUUM last recorded
	// (pg_class.reltuples); Stats the columns' statistics from
	// pg_statistic by position, nil when ANALYZE never ran (an entry is
	// nil for a column without statistics). The planner keeps its
	// statistics-free choices when Stats is nil.
	Rows  float64
	Stats []*colstats.Stats
}

// ForeignKey is a FOREIGN KEY constraint from table From (columns Cols)
// to table To (columns RefCols, which RefIndex, a unique index, covers in
// its order). FromIndex, when not nil, is an index of From whose leading
// columns are Cols, for finding referencing rows.
type ForeignKey struct {
	Name      string
	From      *Table
	Cols      []int
	To        *Table
	RefCols   []int
	RefIndex  *Index
	FromIndex *Index
	OnDelete  byte // 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default
	OnUpdate  byte
	// MatchFull refuses a key with some columns NULL and others not.
	MatchFull bool
	// Defaults are the defaults of Cols (a NULL constant where a column
	// has none), for SET DEFAULT; nil when neither action is SET DEFAULT.
	Defaults []expr.Expr
}

// TableColumn is one attribute of a Table (dropped columns included, so
// that positions equal attnum-1).
type TableColumn struct {
	Name    string
	T       types.T
	NotNull bool
	Dropped bool
	// Identity is 'a' for GENERATED ALWAYS AS IDENTITY, 'd' for BY
	// DEFAULT, 0 otherwise.
	Identity byte
	// Generated is a stored generated column's expression (SQL text over
	// the table's columns), "" for other columns.
	Generated string
	// Domain checks the values of a column whose type is a domain (T is
	// then the domain's base type); nil for other columns.
	Domain *Domain
}

// Check is a CHECK constraint, evaluated on the new row (expr.Var index =
// column position).
type Check struct {
	Name string
	Expr expr.Expr
}

// Index is a B-tree index of a Table.
type Index struct {
	Oid         uint32
	Relfilenode uint32
	Name        string
	// Cols are the key columns' positions in the table row (attnum-1),
	// -1 for a key computed by an expression (exprindex.go).
	Cols       []int
	Types      []types.T
	Desc       []bool
	NullsFirst []bool
	Unique     bool
	Primary    bool
	// ConstraintName names the constraint in 23505 messages (the index
	// name unless a constraint says otherwise).
	ConstraintName string
	// Exprs, when not nil, holds per key the expression over the table
	// row that computes it where Cols is -1 (nil for a column key);
	// KeyNames are the keys as 23505's DETAIL and EXPLAIN print them.
	Exprs    []expr.Expr
	KeyNames []string
	// Pred, when not nil, is a partial index's predicate over the table
	// row: only rows for which it is true have entries.
	Pred expr.Expr
	// Reads marks the table columns the expressions and the predicate
	// read (nil without either): an update changing one is not HOT.
	Reads []bool
}

// SeqScan reads every visible row of a table and keeps those Qual accepts
// (nil: all). Output: the table's columns in order (dropped ones as NULL).
type SeqScan struct {
	Table *Table
	Qual  expr.Expr
	Cols  []Column
	// EmitTID appends the row's TID as one more column (UPDATE, DELETE).
	EmitTID bool
	// Sys are system columns appended after the table's (and the TID):
	// the row version's ctid, xmin, cmin, xmax or cmax.
	Sys []SysAttr
	// TID, when set, makes this a TID scan (WHERE ctid = TID): it reads
	// only the version at that TID, if the snapshot sees it, then Qual.
	TID expr.Expr
	// Lock, when not 0, locks each returned row (SELECT ... FOR UPDATE).
	Lock LockStrength
	Wait LockWait
	// Used marks the columns anything reads (nil: all); the others are
	// never converted and read as NULL.
	Used []bool
}

// IndexScan reads the rows of a table whose index key is in a range, in
// index order (Backward: reverse order), then applies Qual. The bounds are
// expressions evaluated once at the start of each scan (constants,
// parameters, or outer references in a nested loop): Eq fixes a prefix of the
// key columns; Lower/Upper optionally bound the next column.
type IndexScan struct {
	Table    *Table
	Index    *Index
	Eq       []expr.Expr
	Lower    expr.Expr // nil: unbounded
	LowerInc bool
	Upper    expr.Expr
	UpperInc bool
	Backward bool
	Qual     expr.Expr
	Cols     []Column
	EmitTID  bool
	Sys      []SysAttr // as SeqScan's
	Lock     LockStrength
	Wait     LockWait
	Used     []bool // as SeqScan's
}

// LockStrength is the row lock of SELECT ... FOR ...; 0 means none.
type LockStrength uint8

const (
	LockNone LockStrength = iota
	LockForKeyShare
	LockForShare
	LockForNoKeyUpdate
	LockForUpdate
)

// LockWait is what a row lock does when the row is locked by another.
type LockWait uint8

const (
	WaitBlock LockWait = iota
	WaitSkip           // SKIP LOCKED
	WaitError          // NOWAIT
)

// Values produces constant-shaped rows (VALUES, and SELECT without FROM as
// one row of no input).
type Values struct {
	Rows [][]expr.Expr
	Cols []Column
	// Datums, when Rows is nil, gives the rows as values (COPY FROM):
	// each row's column i is Datums[row][i], or, where Defaults[i] is not
	// nil, that expression evaluated for the row.
	Datums   [][]types.Datum
	Defaults []expr.Expr
	// Pos, when set, receives the index in Datums of the row produced
	// last, so that COPY FROM can name the line of a row that fails.
	Pos *int
}

// Filter passes the rows of Input that Qual accepts.
type Filter struct {
	Input Node
	Qual  expr.Expr
}

// Project computes Exprs over each row of Input.
type Project struct {
	Input Node
	Exprs []expr.Expr
	Cols  []Column
}

// JoinKind is the kind of a join node.
type JoinKind uint8

const (
	JoinInner JoinKind = iota
	JoinLeft           // left rows without a match get NULLs on the right
	JoinRight          // right rows without a match get NULLs on the left
	JoinFull
	JoinSemi // left rows with at least one match, once, left columns only
	JoinAnti // left rows with no match, left columns only
)

// NestLoop joins by running Right once per Left row. When Param is set,
// Right refers to the Left row as expr.Var{Level: 1} (a parameterised
// inner scan: the executor pushes the left row as the outer frame of
// Right, so that the enclosing query's row is Level 2 there); otherwise
// Right's Level 1 is the enclosing query's row, as for Left. Qual is
// evaluated on the concatenated row (left columns, then right).
type NestLoop struct {
	Kind  JoinKind
	Left  Node
	Right Node
	Qual  expr.Expr
	Cols  []Column
	Param bool
}

// HashJoin builds a hash table on Right's rows keyed by RightKeys and
// probes it with LeftKeys of each Left row; keys compare with types.Equal
// of KeyTypes (NULL keys never match). Qual is evaluated on the
// concatenated row for each key match.
type HashJoin struct {
	Kind      JoinKind
	Left      Node
	Right     Node
	LeftKeys  []expr.Expr
	RightKeys []expr.Expr
	KeyTypes  []types.T
	Qual      expr.Expr
	Cols      []Column
}

// SortKey is one key of a sort: an expression over the input row.
type SortKey struct {
	Expr       expr.Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders Input's rows (a stable sort).
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Limit skips Offset rows then passes at most Count (nil: no limit).
// Both are evaluated once per execution; NULL means none. WithTies keeps
// the rows equal to the last one under TiesKeys.
type Limit struct {
	Input    Node
	Offset   expr.Expr
	Count    expr.Expr
	WithTies bool
	TiesKeys []SortKey
}

// AggCall is one aggregate computed by an Agg node.
type AggCall struct {
	Fn       *funcs.Func
	Args     []expr.Expr // over the input row
	ArgTypes []types.T
	Result   types.T
	Distinct bool
	Filter   expr.Expr // nil: every row
	OrderBy  []SortKey // ORDER BY inside the call
	Star     bool      // count(*)
}

// Agg groups Input's rows by GroupKeys and computes Aggs per group. Its
// output row is the group keys' values followed by the aggregates'
// results. With no GroupKeys it yields exactly one row, even for no input
// (unless GroupingEmpty is false, as for GROUP BY () with HAVING false...).
type Agg struct {
	Input     Node
	GroupKeys []expr.Expr
	KeyTypes  []types.T
	Aggs      []AggCall
	Cols      []Column
}

// Distinct removes duplicate rows (all columns compared with
// types.Equal, NULLs equal to each other). With On set it keeps the first
// row of each group of rows equal on the first On columns (DISTINCT ON;
// the input is sorted by them).
type Distinct struct {
	Input  Node
	On     int   // 0: all columns
	OnCols []int // with On: the columns compared (the DISTINCT ON targets)
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind uint8

const (
	Union SetOpKind = iota
	Intersect
	Except
)

// SetOp combines two inputs of the same shape. UNION ALL keeps every row;
// the others follow SQL's multiset rules with All, set rules without.
type SetOp struct {
	Op    SetOpKind
	All   bool
	Left  Node
	Right Node
	Cols  []Column
}

// FunctionScan runs a set-returning function once per execution (or per
// outer row when Args refer to Level 1) and yields its rows; Ordinality
// appends a bigint row number.
type FunctionScan struct {
	Fn         *funcs.Func
	Args       []expr.Expr
	Ordinality bool
	Cols       []Column
	// More are the further functions of ROWS FROM (...), run side by side
	// with Fn: a row has each function's next row, NULLs for one that
	// has finished, until all have. Width is then the number of Fn's
	// columns.
	More  []RangeFunc
	Width int
	// RecordCols and RecordTypes are the column definition list of a
	// function returning record (Fn.RecordSRF), nil otherwise.
	RecordCols  []funcs.Column
	RecordTypes []types.T
}

// RangeFunc is one further set-returning function of a FunctionScan, with
// the number of columns it yields.
type RangeFunc struct {
	Fn    *funcs.Func
	Args  []expr.Expr
	Width int
}

// WindowFunc is one window function or aggregate computed over a window.
type WindowFunc struct {
	Fn       *funcs.Func
	Args     []expr.Expr
	ArgTypes []types.T
	Result   types.T
	Filter   expr.Expr
	IsAgg    bool
	Frame    Frame
}

// FrameMode is ROWS, RANGE or GROUPS.
type FrameMode uint8

const (
	FrameRange FrameMode = iota
	FrameRows
	FrameGroups
)

// BoundKind is the kind of a frame bound.
type BoundKind uint8

const (
	UnboundedPreceding BoundKind = iota
	OffsetPreceding
	CurrentRow
	OffsetFollowing
	UnboundedFollowing
)

// Frame is a window frame; the default is RANGE UNBOUNDED PRECEDING to
// CURRENT ROW.
type Frame struct {
	Mode        FrameMode
	Start, End  BoundKind
	StartOffset expr.Expr
	EndOffset   expr.Expr
	Exclude     uint8 // 0 no others, 1 current row, 2 group, 3 ties
}

// Window computes window functions over partitions of its input: the
// input arrives sorted by PartitionBy then OrderBy. Its output row is the
// input row followed by one value per Funcs entry.
type Window struct {
	Input       Node
	PartitionBy []expr.Expr
	PartTypes   []types.T
	OrderBy     []SortKey
	Funcs       []WindowFunc
	Cols        []Column
}

// Materialize keeps its input's rows for re-reading (a CTE referenced
// several times, the inner side of a nested loop). ID identifies the
// shared result within one statement: every Materialize with the same ID
// reads the same rows (WITH queries).
type Materialize struct {
	Input Node
	ID    int
}

// RecursiveUnion evaluates WITH RECURSIVE: Seed's rows, then Step run
// repeatedly over the rows the previous round produced (WorkTableScan with
// the same ID) until it produces none. Without All, rows already produced
// are discarded.
type RecursiveUnion struct {
	Seed Node
	Step Node
	ID   int
	All  bool
	Cols []Column
}

// WorkTableScan reads the previous round's rows of a RecursiveUnion.
type WorkTableScan struct {
	ID   int
	Cols []Column
}

// ProjectSet computes a select list that calls set-returning functions:
// for each input row it runs the calls side by side and yields a row while
// any still has rows, the exhausted ones giving NULL (as PostgreSQL 10 and
// later do). Exprs are evaluated over the input row extended with the
// calls' current values (SRF i at index len(input columns)+i).
type ProjectSet struct {
	Input Node
	Exprs []expr.Expr
	SRFs  []SRFCall
	Cols  []Column
}

// SRFCall is one set-returning function call of a ProjectSet; its
// arguments are evaluated over the input row.
type SRFCall struct {
	Fn   *funcs.Func
	Args []expr.Expr
	// Field is the output column the call's value is, or -1: the value is
	// the function's whole row (one column, or a record of Fn.Out).
	Field int
}
