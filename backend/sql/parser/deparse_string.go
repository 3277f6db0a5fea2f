package parser

// String methods: every node spells itself as SQL (see format).

// String returns the node as SQL.
func (n *AConst) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AccessPriv) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *Alias) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AlterRoleStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AlterSeqStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AlterTableCmd) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *AlterTableStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ArrayExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *BetweenExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *BoolExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *BooleanTest) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CTECycleClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CTESearchClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CaseExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CaseWhen) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CheckpointStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CoalesceExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CollateExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ColumnDef) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ColumnRef) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CommonTableExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *Constraint) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CopyStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CreateRoleStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CreateSchemaStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CreateSeqStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CreateStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CreateTableAsStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CreatedbStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *CurrentOf) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DeallocateStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DefElem) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DeleteStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DiscardStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DoStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DropRoleStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DropStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *DropdbStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ExecuteStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ExplainStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n FrameBound) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *FuncCall) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *GrantRoleStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *GrantStmt) String() string { return nodeString(n) }

func (n *AlterDefaultPrivilegesStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *GroupingFunc) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *GroupingSet) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *InExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *IndexElem) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *IndexStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *Indirection) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *InferClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *InsertStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *IntoClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *JoinExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *LikeExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ListArg) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ListenStmt) String() string  { return nodeString(n) }
func (n *ReindexStmt) String() string { return nodeString(n) }
func (n *ClusterStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *LockStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *LockingClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *MinMaxExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *NameList) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *NamedArgExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *NotifyStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *NullTest) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *OnConflictClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ParamRef) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *PrepareStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RangeFunction) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RangeFunctionItem) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RangeSubselect) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RangeTableSample) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RangeVar) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RenameStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ResTarget) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RoleSpec) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *RowExpr) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *SQLValueFunction) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *SelectStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *SetClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *SetToDefault) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *SortBy) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *Star) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *SubLink) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *TableLikeClause) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n TableLikeOption) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *TransactionStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *TruncateStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *TypeCast) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *TypeName) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *UnlistenStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *UpdateStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *VacuumRelation) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *VacuumStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *VariableSetStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *VariableShowStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ViewStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *WindowDef) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *WindowFrame) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *WithClause) String() string { return nodeString(n) }
