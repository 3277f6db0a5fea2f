package plan

import (
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
)

// TIDOid is the type of the hidden row-identifier column scans emit for
// UPDATE and DELETE (types.TidOid): Datum.I = block<<16 | offset.
//
// A SeqScan or IndexScan with EmitTID set appends it after the table's
// columns.

// Insert inserts each row of Input into Table. Input's rows are complete:
// one value per table column (dropped columns NULL), already coerced to the
// column types, defaults and identity values filled in. The executor checks
// NOT NULL and CHECK constraints, inserts index entries (unique ones checked)
// and evaluates Returning over the new row.
type Insert struct {
	Table      *Table
	Input      Node
	OnConflict *OnConflict
	Returning  []expr.Expr
	Cols       []Column // Returning's shape; nil without RETURNING
	// ReturnSys are the system columns Returning may read, whose values
	// follow the row's columns: those of the new row version (xmax 0 for
	// an inserted row, the transaction's id for a row ON CONFLICT DO
	// UPDATE changed: the idiom "xmax = 0").
	ReturnSys []SysAttr
	// Frozen stores the rows already frozen (COPY ... FREEZE into a table
	// created or truncated by this transaction): visible to everyone at
	// once, and never needing a hint bit.
	Frozen bool
}

// OnConflict is INSERT's ON CONFLICT clause. Arbiter is the unique index
// whose conflict it handles (nil: any unique index, DO NOTHING only). DO
// UPDATE evaluates Set over the concatenation of the existing row and the
// row proposed for insertion (EXCLUDED), in that order, if Where accepts it.
type OnConflict struct {
	Arbiter  *Index
	DoUpdate bool
	Set      []expr.Expr // one per table column
	Where    expr.Expr
}

// Update changes the rows of Table that Input identifies. Input's row holds
// the target row's columns at TableOff (len(Table.Cols) of them), other
// tables' columns for UPDATE ... FROM, and the target's TID at TIDCol. Set
// gives each table column's new value, evaluated over that row.
//
// When the target row turns out to have been updated by a transaction that
// committed meanwhile, READ COMMITTED re-reads the newest version, puts its
// columns at TableOff, and re-checks Qual (the WHERE clause's conditions on
// the target alone) before applying Set to it (PostgreSQL's EvalPlanQual).
type Update struct {
	Table     *Table
	Input     Node
	TableOff  int
	TIDCol    int
	Set       []expr.Expr
	Qual      expr.Expr
	Returning []expr.Expr // over the new row (table columns)
	Cols      []Column
	// ReturnInput: Returning reads the new row followed by the whole
	// input row (RETURNING naming the FROM items' columns).
	ReturnInput bool
	// ReturnSys: the new version's system columns follow the new row's
	// columns (before the input row).
	ReturnSys []SysAttr
}

// Delete deletes the rows of Table that Input identifies (see Update for
// the row layout and the re-check under READ COMMITTED).
type Delete struct {
	Table     *Table
	Input     Node
	TableOff  int
	TIDCol    int
	Qual      expr.Expr
	Returning []expr.Expr // over the deleted row (table columns)
	Cols      []Column
	// ReturnInput: Returning reads the deleted row followed by the whole
	// input row (RETURNING naming the USING items' columns).
	ReturnInput bool
	// ReturnSys: the deleted version's system columns follow its columns
	// (before the input row).
	ReturnSys []SysAttr
}

// Query is a planned statement that runs through the executor (SELECT,
// VALUES, INSERT, UPDATE, DELETE).
type Query struct {
	Root Node
	// Cols are the columns sent to the client; Root may produce more
	// (sort keys that are not selected), which are dropped.
	Cols []Column
	// Tag is the command tag's verb: SELECT, INSERT, UPDATE, DELETE.
	Tag string
	// Params are the types of $1..$n, inferred where the client left
	// them unspecified.
	Params []types.T
	// ParamDomains are the domains ParameterDescription reports for
	// parameters assigned to (or declared of) a domain, 0 for the
	// others; nil when there is none.
	ParamDomains []types.Oid
	// ReadOnly is set when the statement changes nothing.
	ReadOnly bool
	// Tables lists every table the plan reads or writes (for locks and
	// cache invalidation).
	Tables []*Table
	// Perms are the privileges the statement needs, checked before
	// every execution (a cached plan serves many roles); Funcs the
	// functions it calls, whose EXECUTE is checked too.
	Perms []RelPerm
	Funcs []uint32
	// Modifying are the data-modifying statements of the statement's WITH
	// (their Materialize nodes, shared by ID with the references in Root):
	// each runs to completion before Root's first row, whether or not
	// Root reads it. Modified are the tables they write.
	Modifying []*Materialize
	Modified  []*Table
}

// RelPerm is a privilege a statement needs on a relation: Mode for the
// role running it, or for AsOwner (a view's owner: the tables a view
// reads are checked against the view owner's privileges, as PostgreSQL's
// checkAsUser) when AsOwner is not 0.
type RelPerm struct {
	Table   *Table
	Mode    acl.Mode
	AsOwner uint32
}
