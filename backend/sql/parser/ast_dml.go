package parser

// OverridingKind is INSERT's OVERRIDING clause.
type OverridingKind uint8

const (
	OverridingNotSet OverridingKind = iota
	OverridingUserValue
	OverridingSystemValue
)

// InsertStmt is INSERT INTO. Select is nil for DEFAULT VALUES; a VALUES
// list is a SelectStmt with Values.
type InsertStmt struct {
	StmtSpan
	With       *WithClause
	Relation   *RangeVar // with its AS alias
	Cols       []*ResTarget
	Overriding OverridingKind
	Select     *SelectStmt
	OnConflict *OnConflictClause
	Returning  []*ResTarget
}

// OnConflictAction is DO NOTHING or DO UPDATE.
type OnConflictAction uint8

const (
	OnConflictNothing OnConflictAction = iota
	OnConflictUpdate
)

// OnConflictClause is ON CONFLICT [target] DO NOTHING | DO UPDATE SET ... [WHERE].
type OnConflictClause struct {
	Action   OnConflictAction
	Infer    *InferClause // nil when no conflict target is given
	Set      []*SetClause
	Where    Expr
	Location int
}

// InferClause is the conflict target: (index elems) [WHERE] or ON CONSTRAINT name.
type InferClause struct {
	Elems      []*IndexElem
	Where      Expr
	Constraint string
	Location   int
}

// SetClause is one assignment of UPDATE SET: col = value, or the
// multiple-column form (a, b) = (row or sub-select) when Multi is set.
type SetClause struct {
	Targets []*ResTarget // Name and Indirection of each column
	Value   Expr
	Multi   bool
}

// UpdateStmt is UPDATE.
type UpdateStmt struct {
	StmtSpan
	With      *WithClause
	Relation  *RangeVar
	Set       []*SetClause
	From      []TableExpr
	Where     Expr // may be *CurrentOf
	Returning []*ResTarget
}

// DeleteStmt is DELETE FROM.
type DeleteStmt struct {
	StmtSpan
	With      *WithClause
	Relation  *RangeVar
	Using     []TableExpr
	Where     Expr // may be *CurrentOf
	Returning []*ResTarget
}
