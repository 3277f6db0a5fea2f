package parser

// Node is any node of the syntax tree. String spells the node as SQL that
// parses back to an equal tree (locations aside).
type Node interface {
	String() string
	format(w *writer)
}

// Stmt is a top-level statement.
type Stmt interface {
	Node
	// Span returns the statement's byte offset in the query string and its
	// length: src[loc:loc+length] is the statement's text, from its first
	// token to the end of its last, without the terminating semicolon.
	Span() (loc, length int)
	setSpan(loc, length int)
}

// Expr is a value expression.
type Expr interface {
	Node
	exprNode()
}

// TableExpr is an item of a FROM list: *RangeVar, *RangeSubselect,
// *RangeFunction, *RangeTableSample or *JoinExpr.
type TableExpr interface {
	Node
	tableExprNode()
}

// StmtSpan is embedded in every statement to remember where it was.
type StmtSpan struct {
	Location int // byte offset of the first token
	Length   int // bytes up to the end of the last token
}

// Span implements Stmt.
func (s *StmtSpan) Span() (int, int) { return s.Location, s.Length }

func (s *StmtSpan) setSpan(loc, length int) { s.Location, s.Length = loc, length }

// DefElem is a generic "name [=] value" option: reloptions, COPY, EXPLAIN,
// sequence, role, database and transaction options. Arg is nil for a bare
// option name, else a *Const, *TypeName, *NameList, *ListArg, *RoleSpec,
// *Star or an Expr, depending on the option.
type DefElem struct {
	Namespace string // reloption namespace ("toast" in toast.fillfactor)
	Name      string
	Arg       Node
	Location  int
}

// NameList is a possibly qualified name used as an option value
// (OWNED BY t.c, a type or operator name).
type NameList struct {
	Names []string
}

// ListArg is a parenthesised list of option values.
type ListArg struct {
	Items []Node
}

// Star is '*' used as an option value (FORCE_QUOTE *).
type Star struct{}

// DropBehavior is CASCADE or RESTRICT.
type DropBehavior uint8

const (
	DropDefault DropBehavior = iota
	DropRestrict
	DropCascade
)

// RoleSpecKind distinguishes role names from the special role keywords.
type RoleSpecKind uint8

const (
	RoleName RoleSpecKind = iota
	RoleCurrentRole
	RoleCurrentUser
	RoleSessionUser
	RolePublic
)

// RoleSpec names a role.
type RoleSpec struct {
	Kind     RoleSpecKind
	Name     string // for RoleName
	Location int
}

func (*ColumnRef) exprNode()        {}
func (*ParamRef) exprNode()         {}
func (*AConst) exprNode()           {}
func (*TypeCast) exprNode()         {}
func (*CollateExpr) exprNode()      {}
func (*AExpr) exprNode()            {}
func (*InExpr) exprNode()           {}
func (*LikeExpr) exprNode()         {}
func (*BetweenExpr) exprNode()      {}
func (*BoolExpr) exprNode()         {}
func (*NullTest) exprNode()         {}
func (*BooleanTest) exprNode()      {}
func (*SubLink) exprNode()          {}
func (*FuncCall) exprNode()         {}
func (*NamedArgExpr) exprNode()     {}
func (*CaseExpr) exprNode()         {}
func (*ArrayExpr) exprNode()        {}
func (*RowExpr) exprNode()          {}
func (*Indirection) exprNode()      {}
func (*CoalesceExpr) exprNode()     {}
func (*MinMaxExpr) exprNode()       {}
func (*SQLValueFunction) exprNode() {}
func (*SetToDefault) exprNode()     {}
func (*GroupingFunc) exprNode()     {}
func (*GroupingSet) exprNode()      {}
func (*CurrentOf) exprNode()        {}

func (*RangeVar) tableExprNode()         {}
func (*RangeSubselect) tableExprNode()   {}
func (*RangeFunction) tableExprNode()    {}
func (*RangeTableSample) tableExprNode() {}
func (*JoinExpr) tableExprNode()         {}
