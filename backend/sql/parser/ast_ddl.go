package parser

// ObjectType is the kind of object a DDL statement acts on.
type ObjectType uint8

const (
	ObjTable ObjectType = iota
	ObjSequence
	ObjView
	ObjMatView
	ObjIndex
	ObjForeignTable
	ObjType
	ObjDomain
	ObjCollation
	ObjSchema
	ObjExtension
	ObjDatabase
	ObjRole
	ObjColumn
	ObjTabConstraint
	ObjFunction
	ObjTablespace
)

// OnCommitAction is CREATE TEMP TABLE's ON COMMIT clause.
type OnCommitAction uint8

const (
	OnCommitNoop OnCommitAction = iota // not given
	OnCommitPreserveRows
	OnCommitDeleteRows
	OnCommitDrop
)

// TableElement is an element of CREATE TABLE's list: *ColumnDef,
// *Constraint or *TableLikeClause.
type TableElement interface {
	Node
	tableElement()
}

func (*ColumnDef) tableElement()       {}
func (*Constraint) tableElement()      {}
func (*TableLikeClause) tableElement() {}

// CreateStmt is CREATE TABLE.
type CreateStmt struct {
	StmtSpan
	Relation     *RangeVar // Persistence says TEMP or UNLOGGED
	Elements     []TableElement
	Inherits     []*RangeVar
	AccessMethod string
	Options      []*DefElem // WITH (...)
	OnCommit     OnCommitAction
	Tablespace   string
	IfNotExists  bool
}

// ColumnDef is a column definition.
type ColumnDef struct {
	Name        string
	Type        *TypeName
	Collation   []string
	Constraints []*Constraint
	Location    int
}

// TableLikeClause is LIKE table [INCLUDING|EXCLUDING option ...].
type TableLikeClause struct {
	Relation *RangeVar
	Options  []TableLikeOption
}

// TableLikeOption is one INCLUDING or EXCLUDING option of LIKE.
type TableLikeOption struct {
	Including bool
	Option    string // comments, compression, constraints, defaults, generated, identity, indexes, statistics, storage, all
}

// ConstrType is the kind of a constraint.
type ConstrType uint8

const (
	ConstrNull ConstrType = iota
	ConstrNotNull
	ConstrDefault
	ConstrIdentity
	ConstrGenerated
	ConstrCheck
	ConstrPrimary
	ConstrUnique
	ConstrForeign
	// Attributes written after a column constraint; like PostgreSQL's
	// grammar the parser keeps them as separate entries and leaves
	// attaching them to the constraint before to the analyzer.
	ConstrAttrDeferrable
	ConstrAttrNotDeferrable
	ConstrAttrDeferred
	ConstrAttrImmediate
)

// GeneratedWhen is ALWAYS or BY DEFAULT.
type GeneratedWhen uint8

const (
	GeneratedAlways GeneratedWhen = iota
	GeneratedByDefault
)

// FKAction is a foreign key's referential action.
type FKAction uint8

const (
	FKNoAction FKAction = iota
	FKRestrict
	FKCascade
	FKSetNull
	FKSetDefault
)

// FKMatch is a foreign key's MATCH type.
type FKMatch uint8

const (
	MatchSimple FKMatch = iota
	MatchFull
	MatchPartial
)

// Constraint is a column or table constraint.
type Constraint struct {
	Type         ConstrType
	Name         string
	Deferrable   bool
	InitDeferred bool
	NotValid     bool
	NoInherit    bool

	Expr Expr // CHECK, DEFAULT, GENERATED ... AS (expr) STORED

	// PRIMARY KEY and UNIQUE
	Keys             []string // table constraint columns
	Include          []string
	NullsNotDistinct bool
	Options          []*DefElem // WITH (...); sequence options for IDENTITY
	IndexName        string     // USING INDEX name
	IndexTablespace  string     // USING INDEX TABLESPACE name

	GeneratedWhen GeneratedWhen // IDENTITY

	// FOREIGN KEY / REFERENCES
	PkTable      *RangeVar
	FkAttrs      []string
	PkAttrs      []string
	MatchType    FKMatch
	OnUpdate     FKAction
	OnDelete     FKAction
	FkDelSetCols []string // ON DELETE SET NULL|DEFAULT (cols)

	Location int
}

// CreateTableAsStmt is CREATE TABLE ... AS query, CREATE MATERIALIZED VIEW,
// and SELECT ... INTO.
type CreateTableAsStmt struct {
	StmtSpan
	Query        *SelectStmt
	Into         *IntoClause
	ObjType      ObjectType // ObjTable or ObjMatView
	IfNotExists  bool
	IsSelectInto bool
}

// IndexElem is a key of an index, ON CONFLICT target or EXCLUDE list.
type IndexElem struct {
	Name        string // a column, or "" for an expression
	Expr        Expr
	Collation   []string
	Opclass     []string
	OpclassOpts []*DefElem // opclass (name = value, ...)
	Dir         SortDir
	Nulls       NullsOrder
}

// IndexStmt is CREATE INDEX.
type IndexStmt struct {
	StmtSpan
	Name             string // "" when not given
	Relation         *RangeVar
	AccessMethod     string // "" for the default
	Params           []*IndexElem
	Include          []*IndexElem
	Options          []*DefElem
	Tablespace       string
	Where            Expr
	Unique           bool
	NullsNotDistinct bool
	Concurrently     bool
	IfNotExists      bool
}

// CreateSchemaStmt is CREATE SCHEMA.
type CreateSchemaStmt struct {
	StmtSpan
	Name        string // "" when only AUTHORIZATION is given
	AuthRole    *RoleSpec
	IfNotExists bool
}

// CreateSeqStmt is CREATE SEQUENCE. Options are PostgreSQL's DefElems:
// as (TypeName), increment, minvalue, maxvalue, start, cache (Const; Arg
// nil for NO MINVALUE/NO MAXVALUE), cycle (bool Const), owned_by (NameList).
type CreateSeqStmt struct {
	StmtSpan
	Sequence    *RangeVar
	Options     []*DefElem
	IfNotExists bool
}

// AlterSeqStmt is ALTER SEQUENCE; restart may have a nil Arg.
type AlterSeqStmt struct {
	StmtSpan
	Sequence  *RangeVar
	Options   []*DefElem
	MissingOk bool
}

// ViewCheckOption is a view's WITH CHECK OPTION.
type ViewCheckOption uint8

const (
	NoCheckOption ViewCheckOption = iota
	LocalCheckOption
	CascadedCheckOption
)

// ViewStmt is CREATE [OR REPLACE] VIEW.
type ViewStmt struct {
	StmtSpan
	View        *RangeVar
	Aliases     []string
	Query       *SelectStmt
	Replace     bool
	Recursive   bool
	Options     []*DefElem
	CheckOption ViewCheckOption
}

// CreatedbStmt is CREATE DATABASE; options are named as PostgreSQL names
// them (owner, template, encoding, locale, lc_collate, connection_limit, ...).
type CreatedbStmt struct {
	StmtSpan
	Name    string
	Options []*DefElem
}

// DropdbStmt is DROP DATABASE.
type DropdbStmt struct {
	StmtSpan
	Name      string
	MissingOk bool
	Force     bool
}

// AlterTableStmt is ALTER TABLE (and ALTER INDEX/SEQUENCE/VIEW forms that
// share its commands).
type AlterTableStmt struct {
	StmtSpan
	Relation  *RangeVar
	Cmds      []*AlterTableCmd
	ObjType   ObjectType
	MissingOk bool
}

// AlterTableKind is the kind of an ALTER TABLE command.
type AlterTableKind uint8

const (
	ATAddColumn          AlterTableKind = iota // Column; MissingOk is IF NOT EXISTS
	ATDropColumn                               // Name; MissingOk is IF EXISTS
	ATAlterColumnType                          // Name, Type, Collation, Using
	ATColumnDefault                            // Name, Expr (nil: DROP DEFAULT)
	ATDropNotNull                              // Name
	ATSetNotNull                               // Name
	ATAddConstraint                            // Constraint
	ATDropConstraint                           // Name; MissingOk
	ATValidateConstraint                       // Name
	ATChangeOwner                              // NewOwner
	ATSetRelOptions                            // Options
	ATResetRelOptions                          // Options
	ATAddIdentity                              // Name, Constraint
	ATDropIdentity                             // Name; MissingOk
	ATSetLogged
	ATSetUnLogged
	ATSetStatistics // Name, Expr
	ATSetTablespace // Name is the tablespace
	ATSetIdentity   // Name, Options: "generated" ('a' or 'd' in an AConst string), "restart", sequence options
	ATSetSchema     // Name is the schema; always the statement's only command
)

// AlterTableCmd is one command of ALTER TABLE.
type AlterTableCmd struct {
	Kind       AlterTableKind
	Name       string
	Column     *ColumnDef
	Constraint *Constraint
	Type       *TypeName
	Collation  []string
	Using      Expr
	Expr       Expr
	NewOwner   *RoleSpec
	Options    []*DefElem
	Behavior   DropBehavior
	MissingOk  bool
}

// RenameStmt is ALTER ... RENAME.
type RenameStmt struct {
	StmtSpan
	ObjType      ObjectType // what is renamed
	RelationType ObjectType // for a column or constraint: the relation's kind
	Relation     *RangeVar  // for relations, columns and constraints
	Object       string     // for schemas, databases, roles
	SubName      string     // old column or constraint name
	NewName      string
	MissingOk    bool
}

// DropStmt is DROP TABLE/INDEX/VIEW/SEQUENCE/SCHEMA/TYPE/...
type DropStmt struct {
	StmtSpan
	ObjType      ObjectType
	Objects      [][]string
	MissingOk    bool
	Behavior     DropBehavior
	Concurrently bool
	// ArrayTypes marks, for DROP TYPE, the objects written as arrays
	// (mood[]); nil when there is none.
	ArrayTypes []bool
}

// TruncateStmt is TRUNCATE.
type TruncateStmt struct {
	StmtSpan
	Relations   []*RangeVar
	RestartSeqs bool
	Behavior    DropBehavior
}
