package parser

import (
	"strconv"
	"strings"
)

// writer accumulates deparsed SQL.
type writer struct {
	b strings.Builder
	// bexpr is set while writing operands of a b_expr context (BETWEEN's
	// lower bound, DEFAULT): anything that b_expr cannot spell is wrapped
	// in parentheses.
	bexpr bool
}

func (w *writer) str(s string) { w.b.WriteString(s) }

func (w *writer) byte(c byte) { w.b.WriteByte(c) }

func (w *writer) ident(s string) { w.str(QuoteIdent(s)) }

// names writes a dotted name.
func (w *writer) names(ns []string) {
	for i, n := range ns {
		if i > 0 {
			w.byte('.')
		}
		w.ident(n)
	}
}

// identList writes a comma-separated identifier list.
func (w *writer) identList(ns []string) {
	for i, n := range ns {
		if i > 0 {
			w.str(", ")
		}
		w.ident(n)
	}
}

// parenIdents writes (a, b, c).
func (w *writer) parenIdents(ns []string) {
	w.byte('(')
	w.identList(ns)
	w.byte(')')
}

// QuoteIdent quotes an identifier when PostgreSQL would need it quoted: it
// has characters other than lower-case letters, digits and underscores, or
// it is a keyword other than an unreserved one.
func QuoteIdent(s string) string {
	safe := s != ""
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9'
	}
	if safe {
		if cat, ok := isKeywordWord(s); !ok || cat == catUnreserved {
			return s
		}
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteString writes s as a standard SQL string literal.
func QuoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func nodeString(n Node) string {
	var w writer
	n.format(&w)
	return w.b.String()
}

// exprs writes a comma-separated expression list.
func (w *writer) exprs(l []Expr) {
	for i, e := range l {
		if i > 0 {
			w.str(", ")
		}
		w.expr(e)
	}
}

// expr writes a full a_expr.
func (w *writer) expr(e Expr) { w.exprPrec(e, precOr) }

// exprPrec writes e, in parentheses if it binds less tightly than min.
func (w *writer) exprPrec(e Expr, min int) {
	if e == nil {
		w.str("NULL")
		return
	}
	if w.bexpr {
		switch {
		case !bexprOK(e):
			w.bexpr = false
			w.byte('(')
			e.format(w)
			w.byte(')')
			w.bexpr = true
			return
		case !bexprOperator(e):
			w.bexpr = false
			w.exprPrec(e, min)
			w.bexpr = true
			return
		}
	}
	if precOf(e) < min {
		save := w.bexpr
		w.bexpr = false
		w.byte('(')
		e.format(w)
		w.byte(')')
		w.bexpr = save
		return
	}
	e.format(w)
}

// bexpr writes e where the grammar wants a b_expr.
func (w *writer) bexprOf(e Expr) {
	save := w.bexpr
	w.bexpr = true
	w.exprPrec(e, precOr)
	w.bexpr = save
}

// bexprOK reports whether e can be spelt as a b_expr at its top level.
func bexprOK(e Expr) bool {
	switch n := e.(type) {
	case *AExpr:
		return n.Kind == AExprOp || n.Kind == AExprDistinct || n.Kind == AExprNotDistinct || n.Kind == AExprNullIf
	case *TypeCast, *AConst:
		return true
	case *SetToDefault, *BoolExpr, *NullTest, *BooleanTest, *InExpr, *LikeExpr, *BetweenExpr, *CollateExpr:
		return false
	case *SubLink:
		return n.Kind != AnySubLink && n.Kind != AllSubLink
	case *FuncCall:
		return precOf(e) == precPrimary
	}
	return true
}

// bexprOperator reports whether e is a b_expr operator whose operands are
// b_exprs too.
func bexprOperator(e Expr) bool {
	switch n := e.(type) {
	case *AExpr:
		return n.Kind == AExprOp || n.Kind == AExprDistinct || n.Kind == AExprNotDistinct
	case *TypeCast:
		return true
	}
	return false
}

// opPrec is the precedence of a binary operator.
func opPrec(name []string) int {
	if len(name) != 1 {
		return precOp
	}
	switch name[0] {
	case "<", ">", "=", "<=", ">=", "<>":
		return precCmp
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	case "^":
		return precExp
	}
	return precOp
}

// precOf returns how tightly an expression binds when written out.
func precOf(e Expr) int {
	switch n := e.(type) {
	case *BoolExpr:
		switch n.Op {
		case OrOp:
			return precOr
		case AndOp:
			return precAnd
		}
		return precNot
	case *NullTest, *BooleanTest:
		return precIs
	case *AExpr:
		switch n.Kind {
		case AExprDistinct, AExprNotDistinct:
			return precIs
		case AExprNullIf:
			return precPrimary
		}
		if n.Left == nil {
			if len(n.Name) == 1 && (n.Name[0] == "-" || n.Name[0] == "+") && !n.foldsIntoConst() {
				return precUnary
			}
			return precOp
		}
		return opPrec(n.Name)
	case *SubLink:
		switch n.Kind {
		case AnySubLink, AllSubLink:
			if n.Kind == AnySubLink && isEq(n.Op) {
				return precLike
			}
			return opPrec(n.Op)
		}
		return precPrimary
	case *InExpr, *LikeExpr, *BetweenExpr:
		return precLike
	case *TypeCast:
		return precTypecast
	case *CollateExpr:
		return precCollate
	case *FuncCall:
		if n.SQLSyntax && len(n.Name) == 2 && n.Name[0] == "pg_catalog" {
			switch n.Name[1] {
			case "timezone":
				if len(n.Args) == 2 {
					return precAt
				}
			case "overlaps":
				if len(n.Args) == 4 {
					return precCmp
				}
			case "is_normalized":
				if len(n.Args) == 1 || len(n.Args) == 2 && isStringConst(n.Args[1]) {
					return precIs
				}
			}
		}
	case *AConst:
		if (n.Kind == ConstInteger || n.Kind == ConstFloat) && strings.HasPrefix(n.Val, "-") {
			return precUnary
		}
	case *SetToDefault:
		return precOr
	}
	return precPrimary
}

func isEq(name []string) bool { return len(name) == 1 && name[0] == "=" }

func isStringConst(e Expr) bool {
	c, ok := e.(*AConst)
	return ok && c.Kind == ConstString
}

// opSpelling writes an operator name, as OPERATOR(schema.op) when qualified.
func opSpelling(name []string) string {
	if len(name) == 1 {
		return name[0]
	}
	var b strings.Builder
	b.WriteString("OPERATOR(")
	for i, n := range name {
		if i > 0 {
			b.WriteByte('.')
		}
		if i == len(name)-1 {
			b.WriteString(n)
		} else {
			b.WriteString(QuoteIdent(n))
		}
	}
	b.WriteByte(')')
	return b.String()
}

func formatInt(v int64) string { return strconv.FormatInt(v, 10) }
