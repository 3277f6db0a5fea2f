package parser

import (
	"strconv"

	"ringpg/pgerr"
)

// Operator precedence, lowest first, as in gram.y's precedence table.
// Comparison, IS and the LIKE/IN/BETWEEN group are non-associative.
const (
	precOr = 1 + iota
	precAnd
	precNot
	precIs
	precCmp
	precLike // BETWEEN IN LIKE ILIKE SIMILAR, NOT before them
	precEscape
	precOp // any other operator, OPERATOR(...)
	precAdd
	precMul
	precExp
	precAt
	precCollate
	precUnary
	precTypecast
	precPrimary
)

// aExpr parses a_expr.
func (p *parser) aExpr() Expr { return p.exprPrec(precOr, false) }

// bExpr parses b_expr: the restricted expression used where AND, IN, LIKE
// and the like would be ambiguous (BETWEEN's lower bound, column DEFAULT).
func (p *parser) bExpr() Expr { return p.exprPrec(precOr, true) }

// exprList parses a_expr (',' a_expr)*.
func (p *parser) exprList() []Expr {
	l := []Expr{p.aExpr()}
	for p.accept(',') {
		l = append(l, p.aExpr())
	}
	return l
}

func (p *parser) exprPrec(minPrec int, b bool) Expr {
	label := p.labelCtx
	p.labelCtx = false
	defer p.leave()
	if !p.enter() {
		return &AConst{Kind: ConstNull}
	}
	left := p.prefixExpr(b)
	return p.climb(left, minPrec, b, label)
}

// prefixExpr parses the prefix operators and then a primary expression.
func (p *parser) prefixExpr(b bool) Expr {
	t := p.tok()
	loc := t.start
	switch t.kind {
	case kwNot, tNotLA:
		// NOT_LA a_expr is in the grammar too: NOT BETWEEN ... reads
		// "between" as a column.
		if b {
			break
		}
		p.advance()
		arg := p.exprPrec(precNot, false)
		return &BoolExpr{Op: NotOp, Args: []Expr{arg}, Location: loc}
	case '-':
		p.advance()
		arg := p.exprPrec(precUnary, b)
		return negate(arg, loc)
	case '+':
		p.advance()
		arg := p.exprPrec(precUnary, b)
		return &AExpr{Kind: AExprOp, Name: []string{"+"}, Right: arg, Location: loc}
	case tOp:
		p.advance()
		arg := p.exprPrec(precOp+1, b)
		return &AExpr{Kind: AExprOp, Name: []string{t.str}, Right: arg, Location: loc}
	case kwOperator:
		if p.isQualOp() {
			name := p.qualOp()
			arg := p.exprPrec(precOp+1, b)
			return &AExpr{Kind: AExprOp, Name: name, Right: arg, Location: loc}
		}
	}
	return p.primary(b)
}

// negate folds a minus sign into a numeric constant (doNegate), or builds
// the unary minus operator.
func negate(e Expr, loc int) Expr {
	if c, ok := e.(*AConst); ok {
		switch c.Kind {
		case ConstInteger:
			c.Ival = -c.Ival
			c.Val = strconv.FormatInt(c.Ival, 10)
			c.Location = loc
			return c
		case ConstFloat:
			if len(c.Val) > 0 && c.Val[0] == '-' {
				c.Val = c.Val[1:]
			} else {
				c.Val = "-" + c.Val
			}
			c.Location = loc
			return c
		}
	}
	return &AExpr{Kind: AExprOp, Name: []string{"-"}, Right: e, Location: loc}
}

// isQualOp reports whether OPERATOR '(' starts a qualified operator.
func (p *parser) isQualOp() bool {
	return p.is(kwOperator) && p.peekKind(1) == '('
}

// qualOp parses OPERATOR '(' any_operator ')'.
func (p *parser) qualOp() []string {
	p.expect(kwOperator)
	p.expect('(')
	var names []string
	for isColID(p.tok()) && !p.failed() {
		names = append(names, p.advance().str)
		p.expect('.')
	}
	names = append(names, p.allOp())
	p.expect(')')
	return names
}

// allOp parses all_Op: Op or one of the single-character and named
// comparison operators.
func (p *parser) allOp() string {
	t := p.tok()
	if s := opName(t); s != "" {
		p.advance()
		return s
	}
	p.syntaxError()
	return ""
}

// opName returns the operator a token stands for, or "".
func opName(t token) string {
	switch t.kind {
	case tOp:
		return t.str
	case '+', '-', '*', '/', '%', '^', '<', '>', '=':
		return string(rune(t.kind))
	case tLessEquals:
		return "<="
	case tGreaterEquals:
		return ">="
	case tNotEquals:
		return "<>"
	}
	return ""
}

// infixPrec returns the precedence of a token that continues an
// expression, or 0.
func (p *parser) infixPrec(t token, b bool) int {
	switch t.kind {
	case kwOr:
		if !b {
			return precOr
		}
	case kwAnd:
		if !b {
			return precAnd
		}
	case kwIs:
		return precIs
	case kwIsnull, kwNotnull:
		if !b {
			return precIs
		}
	case '<', '>', '=', tLessEquals, tGreaterEquals, tNotEquals:
		return precCmp
	case kwBetween, kwIn, kwLike, kwIlike:
		if !b {
			return precLike
		}
	case kwSimilar:
		if !b && (!p.substrCtx || p.peekKind(1) == kwTo) {
			return precLike
		}
	case tNotLA:
		if !b {
			return precLike
		}
	case tOp:
		return precOp
	case kwOperator:
		return precOp
	case '+', '-':
		return precAdd
	case '*', '/', '%':
		return precMul
	case '^':
		return precExp
	case kwAt:
		if !b {
			return precAt
		}
	case kwCollate:
		if !b {
			return precCollate
		}
	case tTypecast:
		return precTypecast
	case kwOverlaps:
		if !b {
			return precCmp
		}
	}
	return 0
}

// continuesAsOperator decides, for a keyword that is both an operator and
// a bare column label, whether it continues the expression (LR(1) does the
// same by looking at the token after it).
func (p *parser) continuesAsOperator(t token) bool {
	next := p.peek(1)
	switch t.kind {
	case kwAnd, kwOr, kwLike, kwIlike:
		if t.kind == kwLike || t.kind == kwIlike {
			switch next.kind {
			case kwAny, kwSome, kwAll:
				return true
			}
		}
		return canStartExpr(next)
	case kwIs:
		switch next.kind {
		case kwNot, kwNull, kwTrue, kwFalse, kwUnknown, kwDistinct, kwDocument,
			kwNormalized, kwNfc, kwNfd, kwNfkc, kwNfkd:
			return true
		}
		return false
	case kwBetween:
		return next.kind == kwSymmetric || next.kind == kwAsymmetric || canStartExpr(next)
	case kwIn:
		return next.kind == '('
	case kwSimilar:
		return next.kind == kwTo
	case kwAt:
		return next.kind == kwTime
	case kwOperator:
		return next.kind == '('
	case kwCollate:
		return isColID(next)
	}
	return true
}

// canStartExpr reports whether a token can begin an a_expr.
func canStartExpr(t token) bool {
	switch t.kind {
	case tIdent, tIConst, tFConst, tSConst, tBConst, tXConst, tParam, tOp,
		'(', '-', '+':
		return true
	case kwNot, tNotLA, kwNull, kwTrue, kwFalse, kwCase, kwCast, kwArray, kwDefault, kwUnique,
		kwCurrentDate, kwCurrentTime, kwCurrentTimestamp, kwLocaltime,
		kwLocaltimestamp, kwCurrentRole, kwCurrentUser, kwSessionUser, kwUser,
		kwCurrentCatalog:
		return true
	}
	if c, ok := t.category(); ok {
		return c != catReserved
	}
	return false
}

// climb continues an expression whose first operand is left with every
// operator of at least minPrec (precedence climbing).
func (p *parser) climb(left Expr, minPrec int, b bool, label bool) Expr {
	lastNonassoc := 0
	for !p.failed() {
		t := p.tok()
		prec := p.infixPrec(t, b)
		if prec == 0 || prec < minPrec {
			break
		}
		if prec == lastNonassoc {
			// a < b < c: bison refuses the second operator of a
			// non-associative level.
			p.syntaxError()
			break
		}
		if label && t.kind.isKeyword() && kwInfo(t.kind).bareLabel && !p.continuesAsOperator(t) {
			break
		}
		lastNonassoc = 0
		loc := t.start
		switch t.kind {
		case kwOr, kwAnd:
			op := OrOp
			if t.kind == kwAnd {
				op = AndOp
			}
			p.advance()
			right := p.exprPrec(prec+1, false)
			left = makeBool(op, left, right, loc)
		case kwIs:
			var nonassoc bool
			left, nonassoc = p.isExpr(left, b)
			if nonassoc {
				lastNonassoc = precIs
			}
		case kwIsnull, kwNotnull:
			p.advance()
			left = &NullTest{Arg: left, Not: t.kind == kwNotnull, Location: loc}
		case tNotLA, kwBetween, kwIn, kwLike, kwIlike, kwSimilar:
			var nonassoc bool
			left, nonassoc = p.likeGroup(left)
			if nonassoc {
				lastNonassoc = precLike
			}
		case kwAt:
			p.advance()
			p.expect(kwTime)
			p.expect(kwZone)
			zone := p.exprPrec(precAt+1, false)
			left = &FuncCall{Name: []string{"pg_catalog", "timezone"}, Args: []Expr{zone, left}, SQLSyntax: true, Location: loc}
		case kwOverlaps:
			left = p.overlaps(left, loc)
			lastNonassoc = precCmp
		case kwCollate:
			p.advance()
			left = &CollateExpr{Arg: left, Collation: p.anyName(), Location: loc}
		case tTypecast:
			p.advance()
			left = &TypeCast{Arg: left, Type: p.typeName(), Location: loc}
		default:
			// A binary operator, possibly applied to ANY/ALL (...).
			var name []string
			if t.kind == kwOperator {
				name = p.qualOp()
			} else {
				name = []string{opName(t)}
				p.advance()
			}
			if e, ok := p.subqueryOp(left, name, loc); ok {
				left = e
				break
			}
			right := p.exprPrec(prec+1, b)
			left = &AExpr{Kind: AExprOp, Name: name, Left: left, Right: right, Location: loc}
			if prec == precCmp {
				lastNonassoc = precCmp
			}
		}
	}
	return left
}

// overlaps parses row OVERLAPS row, two rows of two values each, into
// the call overlaps(a, b, c, d) as PostgreSQL's grammar does.
func (p *parser) overlaps(left Expr, loc int) Expr {
	l, ok := left.(*RowExpr)
	if !ok {
		p.syntaxError()
		return left
	}
	p.advance()
	right := p.exprPrec(precCmp+1, false)
	r, ok := right.(*RowExpr)
	if !ok {
		if !p.failed() {
			p.syntaxError()
		}
		return left
	}
	if len(l.Args) != 2 {
		p.errorAt(pgerr.SyntaxError, "wrong number of parameters on left side of OVERLAPS expression", l.Location)
		return left
	}
	if len(r.Args) != 2 {
		p.errorAt(pgerr.SyntaxError, "wrong number of parameters on right side of OVERLAPS expression", r.Location)
		return left
	}
	return &FuncCall{Name: []string{"pg_catalog", "overlaps"}, Args: append(append([]Expr{}, l.Args...), r.Args...), SQLSyntax: true, Location: loc}
}

// makeBool builds AND/OR, flattening a left operand of the same kind as
// PostgreSQL's makeAndExpr/makeOrExpr do.
func makeBool(op BoolOp, left, right Expr, loc int) Expr {
	if l, ok := left.(*BoolExpr); ok && l.Op == op {
		l.Args = append(l.Args, right)
		return l
	}
	return &BoolExpr{Op: op, Args: []Expr{left, right}, Location: loc}
}

// subqueryOp parses ANY|SOME|ALL (...) after an operator, if present.
func (p *parser) subqueryOp(left Expr, name []string, loc int) (Expr, bool) {
	k := p.tok().kind
	if k != kwAny && k != kwSome && k != kwAll {
		return nil, false
	}
	p.advance()
	p.expect('(')
	sel, list := p.parenBody(false)
	all := k == kwAll
	if sel != nil {
		kind := AnySubLink
		if all {
			kind = AllSubLink
		}
		return &SubLink{Kind: kind, Test: left, Op: name, Select: sel, Location: loc}, true
	}
	kind := AExprOpAny
	if all {
		kind = AExprOpAll
	}
	var right Expr
	if len(list) > 0 {
		right = list[0]
	}
	return &AExpr{Kind: kind, Name: name, Left: left, Right: right, Location: loc}, true
}

// isExpr parses the IS forms after left. nonassoc is set for the binary
// IS [NOT] DISTINCT FROM.
func (p *parser) isExpr(left Expr, b bool) (Expr, bool) {
	loc := p.advance().start
	not := p.accept(kwNot)
	t := p.tok()
	if b && t.kind != kwDistinct {
		p.syntaxError()
		return left, false
	}
	switch t.kind {
	case kwNull:
		p.advance()
		return &NullTest{Arg: left, Not: not, Location: loc}, false
	case kwTrue, kwFalse, kwUnknown:
		p.advance()
		var k BoolTestKind
		switch t.kind {
		case kwTrue:
			k = IsTrue
		case kwFalse:
			k = IsFalse
		default:
			k = IsUnknown
		}
		if not {
			k++
		}
		return &BooleanTest{Arg: left, Test: k, Location: loc}, false
	case kwDistinct:
		p.advance()
		p.expect(kwFrom)
		right := p.exprPrec(precIs+1, b)
		kind := AExprDistinct
		if not {
			kind = AExprNotDistinct
		}
		return &AExpr{Kind: kind, Name: []string{"="}, Left: left, Right: right, Location: loc}, true
	case kwNormalized, kwNfc, kwNfd, kwNfkc, kwNfkd:
		args := []Expr{left}
		if t.kind != kwNormalized {
			form := p.advance()
			args = append(args, &AConst{Kind: ConstString, Val: upperASCII(form.str), Location: form.start})
		}
		p.expect(kwNormalized)
		var e Expr = &FuncCall{Name: []string{"pg_catalog", "is_normalized"}, Args: args, SQLSyntax: true, Location: loc}
		if not {
			e = &BoolExpr{Op: NotOp, Args: []Expr{e}, Location: loc}
		}
		return e, false
	}
	p.syntaxError()
	return left, false
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// likeGroup parses [NOT] BETWEEN|IN|LIKE|ILIKE|SIMILAR TO after left.
func (p *parser) likeGroup(left Expr) (Expr, bool) {
	loc := p.tok().start
	not := p.accept(tNotLA)
	t := p.advance()
	switch t.kind {
	case kwBetween:
		sym := false
		if p.accept(kwSymmetric) {
			sym = true
		} else {
			p.accept(kwAsymmetric)
		}
		lower := p.bExpr()
		p.expect(kwAnd)
		upper := p.exprPrec(precLike+1, false)
		return &BetweenExpr{Arg: left, Lower: lower, Upper: upper, Not: not, Symmetric: sym, Location: loc}, true
	case kwIn:
		if !p.is('(') {
			p.syntaxError()
			return left, false
		}
		p.advance()
		sel, list := p.parenBody(true)
		if sel != nil {
			var e Expr = &SubLink{Kind: AnySubLink, Test: left, Op: []string{"="}, Select: sel, Location: loc}
			if not {
				e = &BoolExpr{Op: NotOp, Args: []Expr{e}, Location: loc}
			}
			return e, false
		}
		return &InExpr{Arg: left, List: list, Not: not, Location: loc}, false
	case kwLike, kwIlike:
		kind := Like
		op := "~~"
		if t.kind == kwIlike {
			kind = ILike
			op = "~~*"
		}
		if not {
			op = "!" + op
		}
		if e, ok := p.subqueryOp(left, []string{op}, loc); ok {
			return e, false
		}
		pat := p.exprPrec(precLike+1, false)
		var esc Expr
		if p.accept(kwEscape) {
			esc = p.exprPrec(precLike+1, false)
		}
		return &LikeExpr{Kind: kind, Not: not, Arg: left, Pattern: pat, Escape: esc, Location: loc}, true
	case kwSimilar:
		p.expect(kwTo)
		pat := p.exprPrec(precLike+1, false)
		var esc Expr
		if p.accept(kwEscape) {
			esc = p.exprPrec(precLike+1, false)
		}
		return &LikeExpr{Kind: SimilarTo, Not: not, Arg: left, Pattern: pat, Escape: esc, Location: loc}, true
	}
	p.syntaxErrorAt(t)
	return left, false
}
