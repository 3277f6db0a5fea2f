package parser

// ColumnRef is a possibly qualified column name, t.* or *.
type ColumnRef struct {
	Fields   []string // name parts, folded; empty for a bare *
	Star     bool     // ends in * (t.* or *)
	Location int
}

// ParamRef is $n.
type ParamRef struct {
	Number   int
	Location int
}

// ConstKind says what a literal is.
type ConstKind uint8

const (
	ConstInteger   ConstKind = iota // integer that fits in int32; Ival holds it
	ConstFloat                      // any other number, as written (Val)
	ConstString                     // Val is the unescaped string
	ConstBitString                  // Val is "b0101" or "x1F" as PostgreSQL stores it
	ConstBool                       // TRUE/FALSE; Bool holds it
	ConstNull                       // NULL
)

// AConst is a literal (PostgreSQL's A_Const). A leading minus sign is
// folded into numeric literals as PostgreSQL's grammar does, so "-5" is one
// AConst.
type AConst struct {
	Kind     ConstKind
	Val      string // number text, string value, bit string
	Ival     int64  // ConstInteger
	Bool     bool   // ConstBool
	Location int
}

// TypeCast is expr::type, CAST(expr AS type) and typed literals
// (DATE '2001-01-01' is a cast of a string constant).
type TypeCast struct {
	Arg      Expr
	Type     *TypeName
	Location int
}

// CollateExpr is expr COLLATE name.
type CollateExpr struct {
	Arg       Expr
	Collation []string
	Location  int
}

// AExprKind is the kind of an operator expression.
type AExprKind uint8

const (
	AExprOp          AExprKind = iota // Left op Right, or op Right when Left is nil
	AExprOpAny                        // Left op ANY (Right), Right an array
	AExprOpAll                        // Left op ALL (Right)
	AExprDistinct                     // Left IS DISTINCT FROM Right
	AExprNotDistinct                  // Left IS NOT DISTINCT FROM Right
	AExprNullIf                       // NULLIF(Left, Right)
)

// AExpr is an operator application. Name is the operator, with its schema
// when written OPERATOR(schema.op); != is stored as <>.
type AExpr struct {
	Kind     AExprKind
	Name     []string
	Left     Expr
	Right    Expr
	Location int
}

// InExpr is expr [NOT] IN (list). IN with a sub-select is a SubLink.
type InExpr struct {
	Arg      Expr
	List     []Expr
	Not      bool
	Location int
}

// LikeKind is LIKE, ILIKE or SIMILAR TO.
type LikeKind uint8

const (
	Like LikeKind = iota
	ILike
	SimilarTo
)

// LikeExpr is expr [NOT] LIKE|ILIKE|SIMILAR TO pattern [ESCAPE escape].
type LikeExpr struct {
	Kind     LikeKind
	Not      bool
	Arg      Expr
	Pattern  Expr
	Escape   Expr // nil when absent
	Location int
}

// BetweenExpr is expr [NOT] BETWEEN [SYMMETRIC] lower AND upper.
type BetweenExpr struct {
	Arg       Expr
	Lower     Expr
	Upper     Expr
	Not       bool
	Symmetric bool
	Location  int
}

// BoolOp is AND, OR or NOT.
type BoolOp uint8

const (
	AndOp BoolOp = iota
	OrOp
	NotOp
)

// BoolExpr is a chain of ANDs or ORs (flattened from the left, as
// PostgreSQL does) or a NOT with one argument.
type BoolExpr struct {
	Op       BoolOp
	Args     []Expr
	Location int
}

// NullTest is expr IS [NOT] NULL (also ISNULL, NOTNULL).
type NullTest struct {
	Arg      Expr
	Not      bool
	Location int
}

// BoolTestKind is the test of a BooleanTest.
type BoolTestKind uint8

const (
	IsTrue BoolTestKind = iota
	IsNotTrue
	IsFalse
	IsNotFalse
	IsUnknown
	IsNotUnknown
)

// BooleanTest is expr IS [NOT] TRUE|FALSE|UNKNOWN.
type BooleanTest struct {
	Arg      Expr
	Test     BoolTestKind
	Location int
}

// SubLinkKind is how a sub-select is used.
type SubLinkKind uint8

const (
	ExistsSubLink SubLinkKind = iota // EXISTS (select)
	AnySubLink                       // Test op ANY (select); IN is "= ANY"
	AllSubLink                       // Test op ALL (select)
	ExprSubLink                      // (select) as a scalar
	ArraySubLink                     // ARRAY(select)
)

// SubLink is a sub-select inside an expression.
type SubLink struct {
	Kind     SubLinkKind
	Test     Expr     // left operand of ANY/ALL
	Op       []string // operator of ANY/ALL
	Select   *SelectStmt
	Location int
}

// FuncCall is a function call, including aggregates and window calls.
type FuncCall struct {
	Name        []string // possibly qualified
	Args        []Expr   // *NamedArgExpr for name => value
	OrderBy     []*SortBy
	WithinGroup bool // OrderBy came from WITHIN GROUP (...)
	Filter      Expr
	Over        *WindowDef
	Star        bool // count(*)
	Distinct    bool
	Variadic    bool // the last argument was marked VARIADIC
	// SQLSyntax marks calls the grammar builds from SQL's special syntax
	// (EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY, AT TIME ZONE, ...),
	// always in schema pg_catalog; String spells them that way again.
	SQLSyntax bool
	Location  int
}

// NamedArgExpr is name => value (or name := value) in a call.
type NamedArgExpr struct {
	Name     string
	Arg      Expr
	Location int
}

// CaseExpr is CASE [arg] WHEN ... THEN ... [ELSE ...] END.
type CaseExpr struct {
	Arg      Expr // nil for a searched CASE
	Whens    []*CaseWhen
	Default  Expr
	Location int
}

// CaseWhen is one WHEN cond THEN result.
type CaseWhen struct {
	Cond     Expr
	Result   Expr
	Location int
}

// ArrayExpr is ARRAY[...]; inner [...] lists of a multi-dimensional
// constructor are ArrayExprs too.
type ArrayExpr struct {
	Elements []Expr
	Location int
}

// RowExpr is ROW(...) or an implicit row (a, b).
type RowExpr struct {
	Args     []Expr
	Explicit bool // written with ROW
	Location int
}

// IndirectionKind is the kind of an IndirectionElem.
type IndirectionKind uint8

const (
	IndField     IndirectionKind = iota // .name
	IndStar                             // .*
	IndSubscript                        // [i] or [lower:upper]
)

// IndirectionElem is one step of field selection or subscripting.
type IndirectionElem struct {
	Kind    IndirectionKind
	Name    string
	IsSlice bool
	Lower   Expr // nil when omitted in a slice, or the index
	Upper   Expr // nil when omitted in a slice
}

// Indirection applies field selections and subscripts to an expression:
// (expr).field, col[1], $1[2:3].
type Indirection struct {
	Arg  Expr
	Path []IndirectionElem
}

// CoalesceExpr is COALESCE(...).
type CoalesceExpr struct {
	Args     []Expr
	Location int
}

// MinMaxOp is GREATEST or LEAST.
type MinMaxOp uint8

const (
	Greatest MinMaxOp = iota
	Least
)

// MinMaxExpr is GREATEST(...) or LEAST(...).
type MinMaxExpr struct {
	Op       MinMaxOp
	Args     []Expr
	Location int
}

// SVFOp is the function of an SQLValueFunction.
type SVFOp uint8

const (
	SVFCurrentDate SVFOp = iota
	SVFCurrentTime
	SVFCurrentTimestamp
	SVFLocalTime
	SVFLocalTimestamp
	SVFCurrentRole
	SVFCurrentUser
	SVFUser
	SVFSessionUser
	SVFCurrentCatalog
	SVFCurrentSchema
)

// SQLValueFunction is one of SQL's parameterless functions: CURRENT_DATE,
// CURRENT_TIMESTAMP(p), CURRENT_USER, ...
type SQLValueFunction struct {
	Op       SVFOp
	Typmod   int // precision, -1 when not given
	Location int
}

// SetToDefault is DEFAULT as a value in INSERT or UPDATE.
type SetToDefault struct {
	Location int
}

// GroupingFunc is GROUPING(...).
type GroupingFunc struct {
	Args     []Expr
	Location int
}

// GroupingSetKind is the kind of a GroupingSet.
type GroupingSetKind uint8

const (
	GroupingEmpty  GroupingSetKind = iota // ()
	GroupingSimple                        // (a, b) inside GROUPING SETS
	GroupingRollup
	GroupingCube
	GroupingSets
)

// GroupingSet is (), ROLLUP(...), CUBE(...) or GROUPING SETS(...) in GROUP BY.
type GroupingSet struct {
	Kind     GroupingSetKind
	Content  []Expr
	Location int
}

// CurrentOf is WHERE CURRENT OF cursor in UPDATE and DELETE.
type CurrentOf struct {
	Cursor string
}
