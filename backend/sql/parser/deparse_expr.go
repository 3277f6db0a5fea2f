package parser

func (n *ColumnRef) format(w *writer) {
	w.names(n.Fields)
	if n.Star {
		if len(n.Fields) > 0 {
			w.byte('.')
		}
		w.byte('*')
	}
}

func (n *ParamRef) format(w *writer) {
	w.byte('$')
	w.str(formatInt(int64(n.Number)))
}

func (n *AConst) format(w *writer) {
	switch n.Kind {
	case ConstInteger:
		w.str(formatInt(n.Ival))
	case ConstFloat:
		w.str(n.Val)
	case ConstString:
		w.str(QuoteString(n.Val))
	case ConstBitString:
		if n.Val == "" {
			w.str("B''")
			return
		}
		if n.Val[0] == 'x' || n.Val[0] == 'X' {
			w.byte('X')
		} else {
			w.byte('B')
		}
		w.str(QuoteString(n.Val[1:]))
	case ConstBool:
		if n.Bool {
			w.str("true")
		} else {
			w.str("false")
		}
	default:
		w.str("NULL")
	}
}

func (n *TypeCast) format(w *writer) {
	w.exprPrec(n.Arg, precTypecast)
	w.str("::")
	n.Type.format(w)
}

func (n *CollateExpr) format(w *writer) {
	w.exprPrec(n.Arg, precCollate)
	w.str(" COLLATE ")
	w.names(n.Collation)
}

func (n *AExpr) format(w *writer) {
	switch n.Kind {
	case AExprNullIf:
		save := w.bexpr
		w.bexpr = false
		w.str("NULLIF(")
		w.expr(n.Left)
		w.str(", ")
		w.expr(n.Right)
		w.byte(')')
		w.bexpr = save
		return
	case AExprDistinct, AExprNotDistinct:
		w.exprPrec(n.Left, precIs+1)
		if n.Kind == AExprDistinct {
			w.str(" IS DISTINCT FROM ")
		} else {
			w.str(" IS NOT DISTINCT FROM ")
		}
		w.exprPrec(n.Right, precIs+1)
		return
	case AExprOpAny, AExprOpAll:
		prec := opPrec(n.Name)
		w.exprPrec(n.Left, prec+1)
		w.byte(' ')
		w.str(opSpelling(n.Name))
		if n.Kind == AExprOpAny {
			w.str(" ANY (")
		} else {
			w.str(" ALL (")
		}
		save := w.bexpr
		w.bexpr = false
		w.expr(n.Right)
		w.bexpr = save
		w.byte(')')
		return
	}
	if n.Left == nil {
		if n.foldsIntoConst() || len(n.Name) == 1 && isMathOp(n.Name[0]) && n.Name[0] != "+" && n.Name[0] != "-" {
			// Only Op tokens and + - are prefix operators in the grammar.
			w.str("OPERATOR(" + n.Name[0] + ")")
		} else {
			w.str(opSpelling(n.Name))
		}
		w.byte(' ')
		if precOf(n) == precUnary {
			w.exprPrec(n.Right, precUnary)
		} else {
			w.exprPrec(n.Right, precOp+1)
		}
		return
	}
	prec := opPrec(n.Name)
	left := prec
	if prec == precCmp {
		left = prec + 1
	}
	w.exprPrec(n.Left, left)
	w.byte(' ')
	w.str(opSpelling(n.Name))
	w.byte(' ')
	w.exprPrec(n.Right, prec+1)
}

func (n *InExpr) format(w *writer) {
	w.exprPrec(n.Arg, precLike+1)
	if n.Not {
		w.str(" NOT")
	}
	w.str(" IN (")
	w.exprs(n.List)
	w.byte(')')
}

func (n *LikeExpr) format(w *writer) {
	w.exprPrec(n.Arg, precLike+1)
	if n.Not {
		w.str(" NOT")
	}
	switch n.Kind {
	case Like:
		w.str(" LIKE ")
	case ILike:
		w.str(" ILIKE ")
	default:
		w.str(" SIMILAR TO ")
	}
	w.exprPrec(n.Pattern, precLike+1)
	if n.Escape != nil {
		w.str(" ESCAPE ")
		w.exprPrec(n.Escape, precLike+1)
	}
}

func (n *BetweenExpr) format(w *writer) {
	w.exprPrec(n.Arg, precLike+1)
	if n.Not {
		w.str(" NOT")
	}
	w.str(" BETWEEN ")
	if n.Symmetric {
		w.str("SYMMETRIC ")
	}
	w.bexprOf(n.Lower)
	w.str(" AND ")
	w.exprPrec(n.Upper, precLike+1)
}

func (n *BoolExpr) format(w *writer) {
	if n.Op == NotOp {
		w.str("NOT ")
		if len(n.Args) > 0 {
			w.exprPrec(n.Args[0], precNot)
		}
		return
	}
	op, prec := " AND ", precAnd
	if n.Op == OrOp {
		op, prec = " OR ", precOr
	}
	for i, a := range n.Args {
		if i > 0 {
			w.str(op)
		}
		w.exprPrec(a, prec+1)
	}
}

func (n *NullTest) format(w *writer) {
	w.exprPrec(n.Arg, precIs+1)
	if n.Not {
		w.str(" IS NOT NULL")
	} else {
		w.str(" IS NULL")
	}
}

func (n *BooleanTest) format(w *writer) {
	w.exprPrec(n.Arg, precIs+1)
	w.str([...]string{" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE", " IS UNKNOWN", " IS NOT UNKNOWN"}[n.Test%6])
}

func (n *SubLink) format(w *writer) {
	save := w.bexpr
	defer func() { w.bexpr = save }()
	switch n.Kind {
	case ExistsSubLink:
		w.bexpr = false
		w.str("EXISTS (")
		n.Select.format(w)
		w.byte(')')
	case AnySubLink, AllSubLink:
		if n.Kind == AnySubLink && isEq(n.Op) {
			w.exprPrec(n.Test, precLike+1)
			w.str(" IN (")
		} else {
			w.exprPrec(n.Test, opPrec(n.Op)+1)
			w.byte(' ')
			w.str(opSpelling(n.Op))
			if n.Kind == AnySubLink {
				w.str(" ANY (")
			} else {
				w.str(" ALL (")
			}
		}
		w.bexpr = false
		n.Select.format(w)
		w.byte(')')
	case ArraySubLink:
		w.bexpr = false
		w.str("ARRAY(")
		n.Select.format(w)
		w.byte(')')
	default:
		w.bexpr = false
		w.byte('(')
		n.Select.format(w)
		w.byte(')')
	}
}

func (n *FuncCall) format(w *writer) {
	save := w.bexpr
	defer func() { w.bexpr = save }()
	if n.SQLSyntax && n.formatSQLSyntax(w) {
		return
	}
	w.bexpr = false
	w.funcName(n.Name)
	w.byte('(')
	if n.Star {
		w.byte('*')
	} else {
		if n.Distinct {
			w.str("DISTINCT ")
		}
		for i, a := range n.Args {
			if i > 0 {
				w.str(", ")
			}
			if n.Variadic && i == len(n.Args)-1 {
				w.str("VARIADIC ")
			}
			w.expr(a)
		}
		if len(n.OrderBy) > 0 && !n.WithinGroup {
			w.str(" ORDER BY ")
			w.sortList(n.OrderBy)
		}
	}
	w.byte(')')
	if n.WithinGroup {
		w.str(" WITHIN GROUP (ORDER BY ")
		w.sortList(n.OrderBy)
		w.byte(')')
	}
	if n.Filter != nil {
		w.str(" FILTER (WHERE ")
		w.expr(n.Filter)
		w.byte(')')
	}
	if n.Over != nil {
		w.str(" OVER ")
		if n.Over.Name != "" && n.Over.Refname == "" && n.Over.PartitionBy == nil && n.Over.OrderBy == nil && n.Over.Frame == nil {
			w.ident(n.Over.Name)
		} else {
			n.Over.formatSpec(w)
		}
	}
}

// funcName writes a function name so that it parses back as a plain
// function call: special-syntax keywords (COALESCE, EXTRACT, ...) are
// quoted because QuoteIdent quotes every keyword that is not unreserved.
func (w *writer) funcName(name []string) {
	if len(name) == 1 && name[0] == "operator" {
		w.str(`"operator"`)
		return
	}
	w.names(name)
}

// formatSQLSyntax writes the calls that the grammar built from special
// syntax back in that syntax. It reports false when the call does not
// have the shape the grammar produces.
func (n *FuncCall) formatSQLSyntax(w *writer) bool {
	if len(n.Name) != 2 || n.Name[0] != "pg_catalog" || n.Star || n.Distinct || n.Variadic ||
		n.OrderBy != nil || n.Filter != nil || n.Over != nil {
		return false
	}
	a := n.Args
	for _, x := range a {
		if _, ok := x.(*NamedArgExpr); ok {
			return false
		}
	}
	switch n.Name[1] {
	case "overlaps":
		if len(a) != 4 {
			return false
		}
		w.str("(")
		w.expr(a[0])
		w.str(", ")
		w.expr(a[1])
		w.str(") OVERLAPS (")
		w.expr(a[2])
		w.str(", ")
		w.expr(a[3])
		w.str(")")
		return true
	case "timezone":
		if len(a) != 2 {
			return false
		}
		w.exprPrec(a[1], precAt)
		w.str(" AT TIME ZONE ")
		w.exprPrec(a[0], precAt+1)
		return true
	case "is_normalized":
		if len(a) == 2 && !isStringConst(a[1]) || len(a) < 1 || len(a) > 2 {
			return false
		}
		if len(a) == 2 && !isNormalForm(a[1].(*AConst).Val) {
			return false
		}
		w.exprPrec(a[0], precIs+1)
		w.str(" IS ")
		if len(a) == 2 {
			w.str(a[1].(*AConst).Val)
			w.byte(' ')
		}
		w.str("NORMALIZED")
		return true
	}
	w.bexpr = false
	switch n.Name[1] {
	case "extract":
		if len(a) != 2 || !isStringConst(a[0]) {
			return false
		}
		w.str("EXTRACT(")
		field := a[0].(*AConst).Val
		if extractFieldWord(field) {
			w.str(field)
		} else {
			w.str(QuoteString(field))
		}
		w.str(" FROM ")
		w.expr(a[1])
		w.byte(')')
	case "normalize":
		if len(a) < 1 || len(a) > 2 || len(a) == 2 && (!isStringConst(a[1]) || !isNormalForm(a[1].(*AConst).Val)) {
			return false
		}
		w.str("NORMALIZE(")
		w.expr(a[0])
		if len(a) == 2 {
			w.str(", ")
			w.str(a[1].(*AConst).Val)
		}
		w.byte(')')
	case "overlay":
		if len(a) != 3 && len(a) != 4 {
			return false
		}
		w.str("OVERLAY(")
		w.expr(a[0])
		w.str(" PLACING ")
		w.expr(a[1])
		w.str(" FROM ")
		w.expr(a[2])
		if len(a) == 4 {
			w.str(" FOR ")
			w.expr(a[3])
		}
		w.byte(')')
	case "position":
		if len(a) != 2 {
			return false
		}
		w.str("POSITION(")
		w.bexprOf(a[1])
		w.str(" IN ")
		w.bexprOf(a[0])
		w.byte(')')
	case "substring":
		if len(a) != 2 && len(a) != 3 {
			return false
		}
		w.str("SUBSTRING(")
		w.expr(a[0])
		w.str(" FROM ")
		w.expr(a[1])
		if len(a) == 3 {
			w.str(" FOR ")
			w.expr(a[2])
		}
		w.byte(')')
	case "btrim", "ltrim", "rtrim":
		if len(a) < 1 {
			return false
		}
		w.str("TRIM(")
		w.str(map[string]string{"btrim": "BOTH", "ltrim": "LEADING", "rtrim": "TRAILING"}[n.Name[1]])
		if len(a) == 2 {
			w.byte(' ')
			w.expr(a[1])
			w.str(" FROM ")
			w.expr(a[0])
		} else {
			w.str(" FROM ")
			w.exprs(a)
		}
		w.byte(')')
	case "pg_collation_for":
		if len(a) != 1 {
			return false
		}
		w.str("COLLATION FOR (")
		w.expr(a[0])
		w.byte(')')
	default:
		return false
	}
	return true
}

// foldsIntoConst reports whether a prefix minus applied to a numeric
// constant would be folded into the constant if written "- 5", which is
// how the grammar treats a minus sign; it must then be written
// OPERATOR(-) 5 to survive a round trip.
func (n *AExpr) foldsIntoConst() bool {
	if n.Kind != AExprOp || n.Left != nil || len(n.Name) != 1 || n.Name[0] != "-" {
		return false
	}
	return isNumConst(n.Right)
}

// isMathOp reports whether an operator name is one of the grammar's
// MathOp tokens rather than a generic Op.
func isMathOp(s string) bool {
	switch s {
	case "+", "-", "*", "/", "%", "^", "<", ">", "=", "<=", ">=", "<>":
		return true
	}
	return false
}

func isNormalForm(s string) bool {
	return s == "NFC" || s == "NFD" || s == "NFKC" || s == "NFKD"
}

// extractFieldWord reports whether an EXTRACT field can be written as a
// bare word (an identifier, or one of the field keywords).
func extractFieldWord(s string) bool {
	switch s {
	case "year", "month", "day", "hour", "minute", "second":
		return true
	}
	if QuoteIdent(s) != s {
		return false
	}
	_, kw := isKeywordWord(s)
	return !kw
}

func (n *NamedArgExpr) format(w *writer) {
	w.ident(n.Name)
	w.str(" => ")
	w.expr(n.Arg)
}

func (n *CaseExpr) format(w *writer) {
	save := w.bexpr
	w.bexpr = false
	w.str("CASE")
	if n.Arg != nil {
		w.byte(' ')
		w.expr(n.Arg)
	}
	for _, c := range n.Whens {
		w.byte(' ')
		c.format(w)
	}
	if n.Default != nil {
		w.str(" ELSE ")
		w.expr(n.Default)
	}
	w.str(" END")
	w.bexpr = save
}

func (n *CaseWhen) format(w *writer) {
	w.str("WHEN ")
	w.expr(n.Cond)
	w.str(" THEN ")
	w.expr(n.Result)
}

func (n IndirectionElem) format(w *writer) { w.indirection([]IndirectionElem{n}) }

// String returns the step as SQL: .name, .* or [subscript].
func (n IndirectionElem) String() string { return nodeString(n) }

func (n *ArrayExpr) format(w *writer) {
	w.str("ARRAY")
	n.formatBrackets(w)
}

func (n *ArrayExpr) formatBrackets(w *writer) {
	save := w.bexpr
	w.bexpr = false
	nested := len(n.Elements) > 0
	for _, e := range n.Elements {
		if _, ok := e.(*ArrayExpr); !ok {
			nested = false
		}
	}
	w.byte('[')
	for i, e := range n.Elements {
		if i > 0 {
			w.str(", ")
		}
		if nested {
			e.(*ArrayExpr).formatBrackets(w)
		} else {
			w.expr(e)
		}
	}
	w.byte(']')
	w.bexpr = save
}

func (n *RowExpr) format(w *writer) {
	save := w.bexpr
	w.bexpr = false
	if n.Explicit || len(n.Args) < 2 {
		w.str("ROW")
	}
	w.byte('(')
	w.exprs(n.Args)
	w.byte(')')
	w.bexpr = save
}

func (n *Indirection) format(w *writer) {
	switch a := n.Arg.(type) {
	case *ParamRef:
		a.format(w)
	case *ColumnRef:
		if !a.Star && len(n.Path) > 0 && n.Path[0].Kind == IndSubscript {
			a.format(w)
		} else {
			w.byte('(')
			a.format(w)
			w.byte(')')
		}
	case *SubLink:
		if a.Kind == ExprSubLink {
			a.format(w)
		} else {
			w.byte('(')
			a.format(w)
			w.byte(')')
		}
	default:
		save := w.bexpr
		w.bexpr = false
		w.byte('(')
		w.expr(n.Arg)
		w.byte(')')
		w.bexpr = save
	}
	w.indirection(n.Path)
}

// indirection writes .field, .* and [subscript] steps.
func (w *writer) indirection(path []IndirectionElem) {
	save := w.bexpr
	w.bexpr = false
	for _, el := range path {
		switch el.Kind {
		case IndField:
			w.byte('.')
			w.ident(el.Name)
		case IndStar:
			w.str(".*")
		default:
			w.byte('[')
			if el.Lower != nil {
				w.expr(el.Lower)
			}
			if el.IsSlice {
				w.byte(':')
				if el.Upper != nil {
					w.expr(el.Upper)
				}
			}
			w.byte(']')
		}
	}
	w.bexpr = save
}

func (n *CoalesceExpr) format(w *writer) { w.callLike("COALESCE", n.Args) }

func (n *MinMaxExpr) format(w *writer) {
	if n.Op == Greatest {
		w.callLike("GREATEST", n.Args)
	} else {
		w.callLike("LEAST", n.Args)
	}
}

func (n *GroupingFunc) format(w *writer) { w.callLike("GROUPING", n.Args) }

func (w *writer) callLike(name string, args []Expr) {
	save := w.bexpr
	w.bexpr = false
	w.str(name)
	w.byte('(')
	w.exprs(args)
	w.byte(')')
	w.bexpr = save
}

var svfNames = [...]string{"CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME",
	"LOCALTIMESTAMP", "CURRENT_ROLE", "CURRENT_USER", "USER", "SESSION_USER", "CURRENT_CATALOG",
	"CURRENT_SCHEMA"}

func (n *SQLValueFunction) format(w *writer) {
	if int(n.Op) < len(svfNames) {
		w.str(svfNames[n.Op])
	}
	if n.Typmod >= 0 {
		switch n.Op {
		case SVFCurrentTime, SVFCurrentTimestamp, SVFLocalTime, SVFLocalTimestamp:
			w.byte('(')
			w.str(formatInt(int64(n.Typmod)))
			w.byte(')')
		}
	}
}

func (n *SetToDefault) format(w *writer) { w.str("DEFAULT") }

func (n *GroupingSet) format(w *writer) {
	save := w.bexpr
	w.bexpr = false
	switch n.Kind {
	case GroupingEmpty:
		w.str("()")
	case GroupingRollup:
		w.callLike("ROLLUP", n.Content)
	case GroupingCube:
		w.callLike("CUBE", n.Content)
	case GroupingSets:
		w.str("GROUPING SETS (")
		w.exprs(n.Content)
		w.byte(')')
	default:
		w.byte('(')
		w.exprs(n.Content)
		w.byte(')')
	}
	w.bexpr = save
}

func (n *CurrentOf) format(w *writer) {
	w.str("CURRENT OF ")
	w.ident(n.Cursor)
}
