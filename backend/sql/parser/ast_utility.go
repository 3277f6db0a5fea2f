package parser

// TransactionKind is the kind of a TransactionStmt.
type TransactionKind uint8

const (
	TransBegin    TransactionKind = iota // BEGIN
	TransStart                           // START TRANSACTION
	TransCommit                          // COMMIT, END
	TransRollback                        // ROLLBACK, ABORT
	TransSavepoint
	TransRelease
	TransRollbackTo
	TransPrepare
	TransCommitPrepared
	TransRollbackPrepared
)

// TransactionStmt is a transaction control statement. Options are the
// transaction modes as PostgreSQL's DefElems: transaction_isolation
// (string Const), transaction_read_only and transaction_deferrable (bool
// Const), in the order written.
type TransactionStmt struct {
	StmtSpan
	Kind      TransactionKind
	Options   []*DefElem
	Savepoint string
	GID       string
	Chain     bool
}

// VarSetKind is the kind of a VariableSetStmt.
type VarSetKind uint8

const (
	VarSetValue   VarSetKind = iota // SET name TO values
	VarSetDefault                   // SET name TO DEFAULT
	VarSetCurrent                   // SET name FROM CURRENT
	VarSetMulti                     // SET TRANSACTION / SESSION CHARACTERISTICS / TRANSACTION SNAPSHOT
	VarReset                        // RESET name
	VarResetAll                     // RESET ALL
)

// VariableSetStmt is SET and RESET. Special forms are mapped to the
// setting they change, as PostgreSQL does: SET TIME ZONE to timezone,
// SET NAMES to client_encoding, SET SCHEMA to search_path, SET ROLE to
// role, SET SESSION AUTHORIZATION to session_authorization. For VarSetMulti,
// Name is "TRANSACTION", "SESSION CHARACTERISTICS" or "TRANSACTION SNAPSHOT".
type VariableSetStmt struct {
	StmtSpan
	Kind     VarSetKind
	Name     string
	Args     []Expr // *Const values (identifiers become strings); a TypeCast for SET TIME ZONE INTERVAL
	TxnModes []*DefElem
	Local    bool
}

// VariableShowStmt is SHOW name (SHOW ALL has name "all").
type VariableShowStmt struct {
	StmtSpan
	Name string
}

// PrepareStmt is PREPARE name [(types)] AS statement.
type PrepareStmt struct {
	StmtSpan
	Name     string
	ArgTypes []*TypeName
	Query    Stmt
}

// ExecuteStmt is EXECUTE name [(params)].
type ExecuteStmt struct {
	StmtSpan
	Name   string
	Params []Expr
}

// DeallocateStmt is DEALLOCATE [PREPARE] name | ALL; Name is "" for ALL.
type DeallocateStmt struct {
	StmtSpan
	Name string
}

// ExplainStmt is EXPLAIN. The old-style ANALYZE and VERBOSE keywords become
// options like the parenthesised ones.
type ExplainStmt struct {
	StmtSpan
	Query   Stmt
	Options []*DefElem
}

// CopyStmt is COPY. Relation or Query is set; Filename "" means STDIN or
// STDOUT. Old-style options (BINARY, CSV, DELIMITER 'x', ...) become
// DefElems named as in the WITH (...) form.
type CopyStmt struct {
	StmtSpan
	Relation  *RangeVar
	Query     Stmt
	Cols      []string
	IsFrom    bool
	IsProgram bool
	Filename  string
	Options   []*DefElem
	Where     Expr
}

// VacuumStmt is VACUUM or ANALYZE. Old-style keywords (FULL, FREEZE,
// VERBOSE, ANALYZE) become options.
type VacuumStmt struct {
	StmtSpan
	IsVacuum bool
	Options  []*DefElem
	Rels     []*VacuumRelation
}

// VacuumRelation is a table to vacuum or analyze, with optional columns.
type VacuumRelation struct {
	Relation *RangeVar
	Cols     []string
}

// LockMode is a table lock mode, numbered as PostgreSQL numbers them.
type LockMode uint8

const (
	AccessShareLock LockMode = iota + 1
	RowShareLock
	RowExclusiveLock
	ShareUpdateExclusiveLock
	ShareLock
	ShareRowExclusiveLock
	ExclusiveLock
	AccessExclusiveLock
)

// LockStmt is LOCK [TABLE].
type LockStmt struct {
	StmtSpan
	Relations []*RangeVar
	Mode      LockMode
	NoWait    bool
}

// CheckpointStmt is CHECKPOINT.
type CheckpointStmt struct {
	StmtSpan
}

// DiscardTarget is what DISCARD discards.
type DiscardTarget uint8

const (
	DiscardAll DiscardTarget = iota
	DiscardPlans
	DiscardSequences
	DiscardTemp
)

// DiscardStmt is DISCARD.
type DiscardStmt struct {
	StmtSpan
	Target DiscardTarget
}

// ListenStmt is LISTEN channel.
type ListenStmt struct {
	StmtSpan
	Channel string
}

// UnlistenStmt is UNLISTEN channel | *; Channel is "" for *.
type UnlistenStmt struct {
	StmtSpan
	Channel string
}

// NotifyStmt is NOTIFY channel [, payload].
type NotifyStmt struct {
	StmtSpan
	Channel string
	Payload string
}

// DoStmt is DO [LANGUAGE lang] code.
type DoStmt struct {
	StmtSpan
	Code     string
	Language string // "" when not given
}

// RoleStmtType says which keyword a role statement used.
type RoleStmtType uint8

const (
	RoleStmtRole RoleStmtType = iota
	RoleStmtUser
	RoleStmtGroup
)

// CreateRoleStmt is CREATE ROLE|USER|GROUP. Options are PostgreSQL's
// DefElems: superuser, createdb, createrole, inherit, canlogin,
// isreplication, bypassrls (bool Const), connectionlimit (int), password
// (string or NULL Const), validUntil, sysid, and the role lists addroleto
// (IN ROLE), rolemembers (ROLE), adminmembers (ADMIN) as *ListArg of *RoleSpec.
type CreateRoleStmt struct {
	StmtSpan
	StmtType RoleStmtType
	Role     string
	Options  []*DefElem
}

// AlterRoleStmt is ALTER ROLE|USER name [WITH] options.
type AlterRoleStmt struct {
	StmtSpan
	StmtType RoleStmtType
	Role     *RoleSpec
	Options  []*DefElem
}

// DropRoleStmt is DROP ROLE|USER|GROUP.
type DropRoleStmt struct {
	StmtSpan
	StmtType  RoleStmtType
	Roles     []*RoleSpec
	MissingOk bool
}

// GrantTargetType is how GRANT names its objects.
type GrantTargetType uint8

const (
	GrantObject      GrantTargetType = iota // ON [TABLE] a, b
	GrantAllInSchema                        // ON ALL TABLES IN SCHEMA s
	GrantDefaults                           // ON TABLES (ALTER DEFAULT PRIVILEGES): no objects
)

// AccessPriv is a privilege, optionally on columns.
type AccessPriv struct {
	Name string // lower case: select, insert, ...
	Cols []string
}

// GrantStmt is GRANT or REVOKE of privileges on objects. Privileges is nil
// for ALL [PRIVILEGES].
type GrantStmt struct {
	StmtSpan
	IsGrant    bool
	Privileges []*AccessPriv
	TargetType GrantTargetType
	ObjType    ObjectType
	Objects    [][]string // qualified names; schema names for GrantAllInSchema
	// FuncArgs are the argument types of ON FUNCTION's objects, by
	// object; nil for one named without an argument list.
	FuncArgs    [][]*TypeName
	Grantees    []*RoleSpec
	GrantOption bool // WITH GRANT OPTION, or REVOKE GRANT OPTION FOR
	GrantedBy   *RoleSpec
	Behavior    DropBehavior
}

// AlterDefaultPrivilegesStmt is ALTER DEFAULT PRIVILEGES: the privileges
// objects created later by Roles (nil: the current role) in Schemas (nil:
// anywhere) get. Action's TargetType is GrantDefaults and its ObjType
// ObjTable, ObjSequence, ObjFunction, ObjType or ObjSchema.
type AlterDefaultPrivilegesStmt struct {
	StmtSpan
	Roles   []*RoleSpec
	Schemas []string
	Action  *GrantStmt
}

// GrantRoleStmt is GRANT role TO role or REVOKE role FROM role.
type GrantRoleStmt struct {
	StmtSpan
	IsGrant     bool
	Roles       []string
	Grantees    []*RoleSpec
	AdminOption bool
	GrantedBy   *RoleSpec
	Behavior    DropBehavior
}

// ReindexStmt is REINDEX {INDEX | TABLE | SCHEMA | DATABASE | SYSTEM}
// [CONCURRENTLY] name.
type ReindexStmt struct {
	StmtSpan
	Kind         string    // INDEX, TABLE, SCHEMA, DATABASE or SYSTEM
	Relation     *RangeVar // INDEX and TABLE
	Name         string    // SCHEMA, DATABASE, SYSTEM
	Concurrently bool
	Verbose      bool
}

// ClusterStmt is CLUSTER [VERBOSE] [table [USING index]].
type ClusterStmt struct {
	StmtSpan
	Relation *RangeVar // nil: every previously clustered table
	Index    string
	Verbose  bool
}
