package plan

import (
	"strconv"
	"strings"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

var (
	unknownT = types.Of(types.UnknownOid)
	boolT    = types.Of(types.BoolOid)
	textT    = types.Of(types.TextOid)
	int4T    = types.Of(types.Int4Oid)
	int8T    = types.Of(types.Int8Oid)
	tidT     = types.Of(types.TidOid)
)

// transform analyses one value expression in the current scope.
func (q *analyzer) transform(e parser.Expr) (expr.Expr, error) {
	switch n := e.(type) {
	case *parser.AConst:
		return q.constant(n)
	case *parser.ColumnRef:
		return q.columnRef(n)
	case *parser.ParamRef:
		return q.param(n.Number, n.Location)
	case *parser.TypeCast:
		return q.typeCast(n)
	case *parser.AExpr:
		return q.aexpr(n)
	case *parser.BoolExpr:
		return q.boolExpr(n)
	case *parser.NullTest:
		arg, err := q.transform(n.Arg)
		if err != nil {
			return nil, err
		}
		return &expr.IsNull{Arg: arg, Not: n.Not}, nil
	case *parser.BooleanTest:
		arg, err := q.transformBool(n.Arg, "IS TRUE")
		if err != nil {
			return nil, err
		}
		return &expr.BoolTest{Arg: arg, Test: expr.BoolTestKind(n.Test)}, nil
	case *parser.FuncCall:
		return q.funcCall(n)
	case *parser.CaseExpr:
		return q.caseExpr(n)
	case *parser.CoalesceExpr:
		args, t, err := q.commonArgs(n.Args, "COALESCE", n.Location)
		if err != nil {
			return nil, err
		}
		return &expr.Coalesce{Args: args, T: t}, nil
	case *parser.MinMaxExpr:
		name := "GREATEST"
		if n.Op == parser.Least {
			name = "LEAST"
		}
		args, t, err := q.commonArgs(n.Args, name, n.Location)
		if err != nil {
			return nil, err
		}
		return &expr.MinMax{Greatest: n.Op == parser.Greatest, Args: args, T: t}, nil
	case *parser.InExpr:
		return q.inExpr(n)
	case *parser.BetweenExpr:
		return q.between(n)
	case *parser.LikeExpr:
		return q.like(n)
	case *parser.SubLink:
		return q.subLink(n)
	case *parser.SQLValueFunction:
		return q.sqlValueFunction(n)
	case *parser.ArrayExpr:
		return q.arrayExpr(n, types.T{})
	case *parser.RowExpr:
		return q.rowExpr(n)
	case *parser.CollateExpr:
		return q.collate(n)
	case *parser.Indirection:
		return q.indirection(n)
	case *parser.SetToDefault:
		return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "DEFAULT is not allowed in this context"), n.Location)
	case *parser.NamedArgExpr:
		return q.transform(n.Arg)
	case *parser.GroupingFunc:
		return q.groupingFunc(n)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "expression %s is not supported yet", e.String())
}

// transformBool analyses an expression that must be boolean (WHERE,
// HAVING, JOIN ON, AND/OR/NOT operands).
func (q *analyzer) transformBool(e parser.Expr, clause string) (expr.Expr, error) {
	x, err := q.transform(e)
	if err != nil {
		return nil, err
	}
	return q.coerceBool(x, clause, exprLoc(e))
}

func (q *analyzer) coerceBool(x expr.Expr, clause string, loc int) (expr.Expr, error) {
	t := x.Type()
	if t.Oid == types.BoolOid {
		return x, nil
	}
	if t.Oid == types.UnknownOid {
		return q.coerce(x, boolT, types.CastAssignment, loc)
	}
	return nil, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s", clause, types.FormatType(t)), loc)
}

func (q *analyzer) constant(n *parser.AConst) (expr.Expr, error) {
	if p, ok := q.literalParam(n); ok {
		return p, nil
	}
	switch n.Kind {
	case parser.ConstInteger:
		return &expr.Const{T: int4T, Value: types.Int(n.Ival)}, nil
	case parser.ConstFloat:
		if isIntegerText(n.Val) {
			if v, err := strconv.ParseInt(n.Val, 10, 64); err == nil {
				if v == int64(int32(v)) {
					return &expr.Const{T: int4T, Value: types.Int(v)}, nil // -2147483648
				}
				return &expr.Const{T: int8T, Value: types.Int(v)}, nil
			}
		}
		t := types.Of(types.NumericOid)
		d, err := types.Input(t, n.Val, q.env)
		if err != nil {
			return nil, q.errAt(err, n.Location)
		}
		return &expr.Const{T: t, Value: d}, nil
	case parser.ConstString:
		c := &expr.Const{T: unknownT, Value: types.String(n.Val)}
		if q.literalLoc == nil {
			q.literalLoc = map[*expr.Const]int{}
		}
		q.literalLoc[c] = n.Location
		return c, nil
	case parser.ConstBool:
		return &expr.Const{T: boolT, Value: types.Bool(n.Bool)}, nil
	case parser.ConstNull:
		return &expr.Const{T: unknownT, Value: types.Null}, nil
	case parser.ConstBitString:
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "bit strings are not supported yet"), n.Location)
	}
	return nil, pgerr.New(pgerr.InternalError, "unknown constant kind %d", n.Kind)
}

func isIntegerText(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (q *analyzer) columnRef(n *parser.ColumnRef) (expr.Expr, error) {
	if q.trace != nil {
		defer q.traceRef(n)()
	}
	if n.Star && len(n.Fields) == 1 && q.sc != nil {
		// alias.* as a value (an argument): the whole row.
		if x, err := q.sc.lookupWholeRow(n.Fields[0], n.Location); x != nil || err != nil {
			return x, err
		}
	}
	if n.Star {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "row expansion via \"*\" is not supported here"), n.Location)
	}
	if q.sc == nil {
		return nil, q.columnMissing(n.Fields, n.Location)
	}
	return q.sc.lookupColumn(n.Fields, n.Location)
}

// typeName resolves a type as written; a domain resolves to its base
// type (typeNameDomain tells it).
func (q *analyzer) typeName(tn *parser.TypeName) (types.T, error) {
	t, _, err := q.typeNameDomain(tn)
	return t, err
}

// typeNameDomain resolves a type as written, and returns the domain's
// description when it names a domain (t is then the base type).
func (q *analyzer) typeNameDomain(tn *parser.TypeName) (types.T, *types.Info, error) {
	t, info, err := q.resolveTypeName(tn)
	if err != nil || info == nil || info.Domain == nil {
		return t, nil, err
	}
	if len(tn.Typmods) > 0 {
		return types.T{}, nil, q.errAt(pgerr.New(pgerr.SyntaxError, "type modifier is not allowed for type \"%s\"", info.Name), tn.Location)
	}
	return info.Domain.Base, info, nil
}

// resolveTypeName resolves a type as written; info is the named type's
// description (before array brackets are applied).
func (q *analyzer) resolveTypeName(tn *parser.TypeName) (types.T, *types.Info, error) {
	name := tn.Name()
	if tn.PctType {
		return types.T{}, nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "%%TYPE is not supported yet"), tn.Location)
	}
	var info *types.Info
	ok := false
	if len(tn.Names) == 1 || len(tn.Names) == 2 && tn.Names[0] == "pg_catalog" {
		lookup := name
		if name == "char" {
			// The grammar turned CHAR into bpchar: a name char left here
			// was written "char", the one-byte type.
			lookup = `"char"`
		}
		info, ok = types.LookupName(lookup)
	}
	if !ok && len(tn.Names) <= 2 {
		// A type created by CREATE TYPE (an enum).
		schema := ""
		if len(tn.Names) == 2 {
			schema = tn.Names[0]
		}
		u, err := types.LookupUserType(schema, name)
		if err != nil {
			return types.T{}, nil, q.errAt(err, tn.Location)
		}
		info, ok = u, u != nil
	}
	if !ok {
		return types.T{}, nil, q.errAt(pgerr.New(pgerr.UndefinedObject, "type %q does not exist", strings.Join(tn.Names, ".")), tn.Location)
	}
	t := types.T{Oid: info.Oid, Mod: -1}
	if len(tn.Typmods) > 0 && info.Domain == nil {
		mods := make([]int32, 0, len(tn.Typmods))
		for _, m := range tn.Typmods {
			c, ok := m.(*parser.AConst)
			if !ok || c.Kind != parser.ConstInteger {
				return types.T{}, nil, q.errAt(pgerr.New(pgerr.SyntaxError, "type modifiers must be simple constants or identifiers"), tn.Location)
			}
			mods = append(mods, int32(c.Ival))
		}
		mod, err := types.Typmod(info, mods)
		if err != nil {
			return types.T{}, nil, q.errAt(err, tn.Location)
		}
		t.Mod = mod
	}
	if info.Domain != nil {
		if len(tn.ArrayBounds) > 0 {
			return types.T{}, nil, q.errAt(pgerr.New(pgerr.UndefinedObject, "type \"%s[]\" does not exist", name), tn.Location)
		}
		return t, info, nil
	}
	if len(tn.ArrayBounds) > 0 {
		arr := types.ArrayOf(t.Oid)
		if arr == 0 {
			return types.T{}, nil, q.errAt(pgerr.New(pgerr.UndefinedObject, "type \"%s[]\" does not exist", name), tn.Location)
		}
		t.Oid = arr
	}
	return t, info, nil
}

func (q *analyzer) typeCast(n *parser.TypeCast) (expr.Expr, error) {
	t, dom, err := q.typeNameDomain(n.Type)
	if err != nil {
		return nil, err
	}
	if dom != nil {
		x, err := q.typeCastTo(n, t)
		if err != nil {
			return nil, err
		}
		d, err := CompileDomain(dom, q.env)
		if err != nil {
			return nil, err
		}
		return domainCheckCall(x, d), nil
	}
	return q.typeCastTo(n, t)
}

// typeCastTo converts a cast's argument to type t.
func (q *analyzer) typeCastTo(n *parser.TypeCast, t types.T) (expr.Expr, error) {
	var err error
	var arg expr.Expr
	if a, ok := n.Arg.(*parser.ArrayExpr); ok && types.ElemType(t.Oid) != 0 {
		arg, err = q.arrayExpr(a, t)
	} else {
		arg, err = q.transform(n.Arg)
	}
	if err != nil {
		return nil, err
	}
	// A cast that does not exist is reported at the cast (PostgreSQL's
	// TypeCast location); other errors at the start of the expression.
	if from := arg.Type(); from.Oid != t.Oid && from.Oid != types.UnknownOid && t.Oid != 0 && t.Oid != types.AnyOid {
		if _, ok := types.CastPath(from.Oid, t.Oid); !ok && n.Location >= 0 {
			return nil, q.cannotCoerce(from, t, types.CastExplicit, n.Location)
		}
	}
	loc := n.Location
	if l := exprLoc(n.Arg); l >= 0 && (loc < 0 || l < loc) {
		loc = l
	}
	return q.coerce(arg, t, types.CastExplicit, loc)
}

// operator resolves and builds a binary (or prefix, left nil) operator call.
func (q *analyzer) operator(name string, left, right expr.Expr, loc int) (*expr.Call, error) {
	var lt types.T
	if left != nil {
		lt = left.Type()
	}
	op, err := resolveOperator(name, lt, right.Type())
	if err != nil {
		return nil, q.errAt(err, loc)
	}
	var args []expr.Expr
	if left != nil {
		l, err := q.coerce(left, op.Left, types.CastImplicit, loc)
		if err != nil {
			return nil, err
		}
		args = append(args, l)
	}
	r, err := q.coerce(right, op.Right, types.CastImplicit, loc)
	if err != nil {
		return nil, err
	}
	args = append(args, r)
	c := expr.NewCall(specialize(op.Op.Func, op.Call, args, op.Prepare), args, op.Result)
	c.Op = name
	return c, nil
}

// specialize returns the function a call site runs: the resolution's
// implementation for these argument types, prepared for the arguments
// that are constants (a LIKE pattern compiled once). A preparation error
// is left to surface when the call runs, as it would in PostgreSQL.
func specialize(fn *funcs.Func, call funcs.CallFunc, args []expr.Expr, prepare func([]types.Datum, []bool) (funcs.CallFunc, error)) *funcs.Func {
	consts := make([]types.Datum, len(args))
	isConst := make([]bool, len(args))
	anyConst := false
	for i, a := range args {
		if k, ok := a.(*expr.Const); ok {
			consts[i], isConst[i], anyConst = k.Value, true, true
		}
	}
	if anyConst && prepare != nil {
		if p, err := prepare(consts, isConst); err == nil && p != nil {
			call = p
		}
	}
	if call == nil {
		return fn
	}
	cp := *fn
	cp.Call = call
	return &cp
}

func opName(names []string) string { return names[len(names)-1] }

func (q *analyzer) aexpr(n *parser.AExpr) (expr.Expr, error) {
	if n.Kind == parser.AExprOp {
		l, lok := n.Left.(*parser.RowExpr)
		r, rok := n.Right.(*parser.RowExpr)
		if lok && rok {
			switch op := opName(n.Name); op {
			case "=", "<>", "<", "<=", ">", ">=":
				return q.rowComparison(op, l, r, n.Location)
			}
		}
	}
	var left expr.Expr
	var err error
	if n.Left != nil {
		if left, err = q.transform(n.Left); err != nil {
			return nil, err
		}
	}
	switch n.Kind {
	case parser.AExprOp:
		right, err := q.transform(n.Right)
		if err != nil {
			return nil, err
		}
		if left == nil {
			if c, ok := right.(*expr.Const); ok && opName(n.Name) == "-" {
				if f, ok := negateConst(c); ok {
					return f, nil
				}
			}
		}
		return q.operator(opName(n.Name), left, right, n.Location)
	case parser.AExprDistinct, parser.AExprNotDistinct:
		right, err := q.transform(n.Right)
		if err != nil {
			return nil, err
		}
		eq, err := q.operator("=", left, right, n.Location)
		if err != nil {
			return nil, err
		}
		return &expr.Distinct{Eq: eq, Not: n.Kind == parser.AExprNotDistinct}, nil
	case parser.AExprNullIf:
		right, err := q.transform(n.Right)
		if err != nil {
			return nil, err
		}
		eq, err := q.operator("=", left, right, n.Location)
		if err != nil {
			return nil, err
		}
		return &expr.NullIf{Eq: eq, T: eq.Args[0].Type()}, nil
	case parser.AExprOpAny, parser.AExprOpAll:
		return q.scalarArrayOp(n, left)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "operator expression %s is not supported yet", n.String())
}

// collate is expr COLLATE name. Every collation sorts as C here (the
// server's only locale); the name must still be one PostgreSQL has and
// the type collatable.
func (q *analyzer) collate(n *parser.CollateExpr) (expr.Expr, error) {
	x, err := q.transform(n.Arg)
	if err != nil {
		return nil, err
	}
	t := x.Type().Oid
	if e := types.ElemType(t); e != 0 {
		t = e
	}
	switch t {
	case types.TextOid, types.VarcharOid, types.BPCharOid, types.NameOid, types.UnknownOid:
	default:
		return nil, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "collations are not supported by type %s", types.FormatType(types.Of(x.Type().Oid))), n.Location)
	}
	name := n.Collation[len(n.Collation)-1]
	known := len(n.Collation) == 1 || len(n.Collation) == 2 && n.Collation[0] == "pg_catalog"
	if known {
		switch name {
		case "default", "C", "POSIX", "ucs_basic", "C.utf8":
		default:
			known = strings.HasSuffix(name, "-x-icu")
		}
	}
	if !known {
		return nil, q.errAt(pgerr.New(pgerr.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", strings.Join(n.Collation, ".")), n.Location)
	}
	return x, nil
}

// rowComparison is ROW(...) op ROW(...) compared field by field, as
// PostgreSQL rewrites it: = is the AND of the fields' equalities, <> the
// OR of their inequalities, and an ordering decides at the first unequal
// pair (expr.RowCompare), so NULL fields give NULL rather than a record
// comparison's answer.
func (q *analyzer) rowComparison(op string, l, r *parser.RowExpr, loc int) (expr.Expr, error) {
	la, err := q.rowFields(l)
	if err != nil {
		return nil, err
	}
	ra, err := q.rowFields(r)
	if err != nil {
		return nil, err
	}
	if len(la) != len(ra) {
		return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "unequal number of entries in row expressions"), loc)
	}
	if len(la) == 0 {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "cannot compare rows of zero length"), loc)
	}
	cmps := make([]*expr.Call, len(la))
	for i := range la {
		c, err := q.operator(op, la[i], ra[i], loc)
		if err != nil {
			return nil, err
		}
		if c.T.Oid != types.BoolOid {
			return nil, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "row comparison operator must yield type boolean, not type %s", types.FormatType(c.T)), loc)
		}
		cmps[i] = c
	}
	if len(cmps) == 1 {
		return cmps[0], nil
	}
	args := make([]expr.Expr, len(cmps))
	for i, c := range cmps {
		args[i] = c
	}
	switch op {
	case "=":
		return &expr.And{Args: args}, nil
	case "<>":
		return &expr.Or{Args: args}, nil
	}
	rc := &expr.RowCompare{Cmps: cmps, Eqs: make([]*funcs.Func, len(cmps)), OrEqual: op == "<=" || op == ">="}
	for i, c := range cmps {
		eq, err := q.operator("=", c.Args[0], c.Args[1], loc)
		if err != nil {
			return nil, q.errAt(pgerr.New(pgerr.UndefinedFunction, "could not determine interpretation of row comparison operator %s", op), loc)
		}
		rc.Eqs[i] = eq.Fn
	}
	return rc, nil
}

// negateConst folds -constant for numbers so that -2147483648 stays an int4.
func negateConst(c *expr.Const) (expr.Expr, bool) {
	if c.Value.Null {
		return nil, false
	}
	switch c.T.Oid {
	case types.Int4Oid, types.Int8Oid:
		if c.Value.I == -c.Value.I && c.Value.I != 0 {
			return nil, false
		}
		return &expr.Const{T: c.T, Value: types.Int(-c.Value.I)}, true
	case types.Float8Oid:
		return &expr.Const{T: c.T, Value: types.Float(-c.Value.F)}, true
	}
	return nil, false
}

func (q *analyzer) boolExpr(n *parser.BoolExpr) (expr.Expr, error) {
	clause := map[parser.BoolOp]string{parser.AndOp: "AND", parser.OrOp: "OR", parser.NotOp: "NOT"}[n.Op]
	args := make([]expr.Expr, 0, len(n.Args))
	for _, a := range n.Args {
		x, err := q.transformBool(a, clause)
		if err != nil {
			return nil, err
		}
		args = append(args, x)
	}
	switch n.Op {
	case parser.AndOp:
		return &expr.And{Args: args}, nil
	case parser.OrOp:
		return &expr.Or{Args: args}, nil
	}
	return &expr.Not{Arg: args[0]}, nil
}

func (q *analyzer) caseExpr(n *parser.CaseExpr) (expr.Expr, error) {
	var subject expr.Expr
	var err error
	if n.Arg != nil {
		if subject, err = q.transform(n.Arg); err != nil {
			return nil, err
		}
		// An unknown-type literal subject is text, as in PostgreSQL's
		// transformCaseExpr.
		if subject.Type().Oid == types.UnknownOid {
			if subject, err = q.coerce(subject, textT, types.CastImplicit, exprLoc(n.Arg)); err != nil {
				return nil, err
			}
		}
	}
	results := make([]parser.Expr, 0, len(n.Whens)+1)
	conds := make([]expr.Expr, len(n.Whens))
	for i, w := range n.Whens {
		if subject != nil {
			v, err := q.transform(w.Cond)
			if err != nil {
				return nil, err
			}
			eq, err := q.operator("=", &expr.CaseTestValue{T: subject.Type()}, v, w.Location)
			if err != nil {
				return nil, err
			}
			conds[i] = eq
		} else if conds[i], err = q.transformBool(w.Cond, "CASE/WHEN"); err != nil {
			return nil, err
		}
		results = append(results, w.Result)
	}
	// The ELSE result goes first, as in PostgreSQL's transformCaseExpr:
	// it is preferred when choosing the common type, and a type mismatch
	// names it first.
	if n.Default != nil {
		results = append([]parser.Expr{n.Default}, results...)
	}
	rs, t, err := q.commonArgs(results, "CASE", n.Location)
	if err != nil {
		return nil, err
	}
	c := &expr.Case{Subject: subject, T: t, Else: &expr.Const{T: t, Value: types.Null}}
	if n.Default != nil {
		c.Else, rs = rs[0], rs[1:]
	}
	for i := range n.Whens {
		c.Whens = append(c.Whens, expr.When{Cond: conds[i], Result: rs[i]})
	}
	return c, nil
}

// commonArgs analyses expressions that must share one type (CASE
// results, COALESCE, GREATEST, VALUES columns, UNION columns) and coerces
// them to it (select_common_type).
func (q *analyzer) commonArgs(in []parser.Expr, context string, loc int) ([]expr.Expr, types.T, error) {
	args := make([]expr.Expr, len(in))
	for i, a := range in {
		x, err := q.transform(a)
		if err != nil {
			return nil, types.T{}, err
		}
		args[i] = x
	}
	t, err := q.commonType(args, context, in)
	if err != nil {
		return nil, t, err
	}
	for i := range args {
		if args[i], err = q.coerce(args[i], t, types.CastImplicit, exprLoc(in[i])); err != nil {
			return nil, t, err
		}
	}
	return args, t, nil
}

// commonType is PostgreSQL's select_common_type: the first non-unknown
// type, moved to a later one of the same category when that one is
// preferred or the earlier converts to it implicitly and not back.
func (q *analyzer) commonType(args []expr.Expr, context string, src []parser.Expr) (types.T, error) {
	var pt types.T
	found := false
	for i, a := range args {
		t := a.Type()
		if t.Oid == types.UnknownOid {
			continue
		}
		if !found {
			pt, found = t, true
			continue
		}
		if t.Oid == pt.Oid {
			if t.Mod != pt.Mod {
				pt.Mod = -1
			}
			continue
		}
		pcat, ncat := types.Category(pt.Oid), types.Category(t.Oid)
		if pcat != ncat {
			loc := -1
			if src != nil {
				loc = exprLoc(src[i])
			}
			return pt, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched", context, types.FormatType(pt), types.FormatType(t)), loc)
		}
		if !types.IsPreferred(pt.Oid) && types.CanCoerce(pt.Oid, t.Oid, types.CastImplicit) && !types.CanCoerce(t.Oid, pt.Oid, types.CastImplicit) {
			pt = types.T{Oid: t.Oid, Mod: -1}
		}
	}
	if !found {
		return textT, nil
	}
	// The typmod survives only when every input has the chosen type and
	// that typmod (PostgreSQL's select_common_typmod).
	for _, a := range args {
		if t := a.Type(); t.Oid != pt.Oid || t.Mod != pt.Mod {
			pt.Mod = -1
			break
		}
	}
	return pt, nil
}

func (q *analyzer) inExpr(n *parser.InExpr) (expr.Expr, error) {
	left, err := q.transform(n.Arg)
	if err != nil {
		return nil, err
	}
	items := make([]expr.Expr, len(n.List))
	for i, it := range n.List {
		if items[i], err = q.transform(it); err != nil {
			return nil, err
		}
	}
	// Resolve "=" once over the common type of all, as PostgreSQL does
	// when the list's types agree; otherwise per item.
	all := append([]expr.Expr{left}, items...)
	ct, cerr := q.commonType(all, "IN", nil)
	in := &expr.InList{Not: n.Not}
	if cerr == nil {
		if left, err = q.coerce(left, ct, types.CastImplicit, n.Location); err != nil {
			return nil, err
		}
	}
	in.Left = left
	for i, it := range items {
		if cerr == nil {
			if it, err = q.coerce(it, ct, types.CastImplicit, exprLoc(n.List[i])); err != nil {
				return nil, err
			}
		}
		eq, err := q.operator("=", left, it, n.Location)
		if err != nil {
			return nil, err
		}
		in.Items = append(in.Items, eq)
	}
	if len(in.Items) > 0 {
		// Every item's call shares the (coerced) left side.
		in.Left = in.Items[0].Args[0]
	}
	return in, nil
}

func (q *analyzer) between(n *parser.BetweenExpr) (expr.Expr, error) {
	build := func(lo, hi parser.Expr) (expr.Expr, error) {
		a, err := q.transform(n.Arg)
		if err != nil {
			return nil, err
		}
		l, err := q.transform(lo)
		if err != nil {
			return nil, err
		}
		h, err := q.transform(hi)
		if err != nil {
			return nil, err
		}
		if n.Not {
			ge, err := q.operator("<", a, l, n.Location)
			if err != nil {
				return nil, err
			}
			a2, _ := q.transform(n.Arg)
			le, err := q.operator(">", a2, h, n.Location)
			if err != nil {
				return nil, err
			}
			return &expr.Or{Args: []expr.Expr{ge, le}}, nil
		}
		ge, err := q.operator(">=", a, l, n.Location)
		if err != nil {
			return nil, err
		}
		a2, _ := q.transform(n.Arg)
		le, err := q.operator("<=", a2, h, n.Location)
		if err != nil {
			return nil, err
		}
		return &expr.And{Args: []expr.Expr{ge, le}}, nil
	}
	x, err := build(n.Lower, n.Upper)
	if err != nil || !n.Symmetric {
		return x, err
	}
	y, err := build(n.Upper, n.Lower)
	if err != nil {
		return nil, err
	}
	if n.Not {
		return &expr.And{Args: []expr.Expr{x, y}}, nil
	}
	return &expr.Or{Args: []expr.Expr{x, y}}, nil
}

func (q *analyzer) like(n *parser.LikeExpr) (expr.Expr, error) {
	op := map[parser.LikeKind][2]string{
		parser.Like:      {"~~", "!~~"},
		parser.ILike:     {"~~*", "!~~*"},
		parser.SimilarTo: {"~", "!~"},
	}[n.Kind]
	name := op[0]
	if n.Not {
		name = op[1]
	}
	arg, err := q.transform(n.Arg)
	if err != nil {
		return nil, err
	}
	pat, err := q.transform(n.Pattern)
	if err != nil {
		return nil, err
	}
	if n.Kind == parser.SimilarTo {
		// arg ~ similar_to_escape(pattern [, escape]), as PostgreSQL
		// rewrites it.
		args := []expr.Expr{pat}
		if n.Escape != nil {
			esc, err := q.transform(n.Escape)
			if err != nil {
				return nil, err
			}
			args = append(args, esc)
		}
		argTypes := make([]types.T, len(args))
		for i, a := range args {
			argTypes[i] = a.Type()
		}
		res, err := resolveFunc("similar_to_escape", argTypes, false)
		if err != nil {
			return nil, q.errAt(err, n.Location)
		}
		if pat, err = q.callResolved(res, args, n.Location); err != nil {
			return nil, err
		}
		if pat, err = q.foldCall(pat, n.Location); err != nil {
			return nil, err
		}
		return q.operator(name, arg, pat, n.Location)
	}
	if n.Escape != nil {
		esc, err := q.transform(n.Escape)
		if err != nil {
			return nil, err
		}
		res, err := resolveFunc("like_escape", []types.T{pat.Type(), esc.Type()}, false)
		if err != nil {
			return nil, q.errAt(err, n.Location)
		}
		if pat, err = q.callResolved(res, []expr.Expr{pat, esc}, n.Location); err != nil {
			return nil, err
		}
	}
	return q.operator(name, arg, pat, n.Location)
}

// callResolved coerces arguments as a resolution says and builds the call.
func (q *analyzer) callResolved(res *funcs.Resolved, args []expr.Expr, loc int) (expr.Expr, error) {
	out := make([]expr.Expr, len(args))
	for i, a := range args {
		c, err := q.coerce(a, res.ArgTypes[i], types.CastImplicit, loc)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	if res.VariadicAt >= 0 && res.VariadicAt <= len(out) {
		arr := &expr.ArrayCtor{Elems: out[res.VariadicAt:], T: types.T{Oid: types.ArrayOf(res.VariadicElem.Oid), Mod: -1}}
		out = append(out[:res.VariadicAt:res.VariadicAt], arr)
	}
	q.noteFunc(res.Func.Oid)
	fn := res.Func
	if res.Func.Kind == funcs.KindFunc && !res.Func.RetSet {
		fn = specialize(res.Func, res.Call, out, res.Prepare)
	}
	return expr.NewCall(fn, out, res.Result), nil
}

func exprLoc(e parser.Expr) int {
	switch n := e.(type) {
	case *parser.AConst:
		return n.Location
	case *parser.ColumnRef:
		return n.Location
	case *parser.ParamRef:
		return n.Location
	case *parser.TypeCast:
		if l := exprLoc(n.Arg); l >= 0 {
			return l
		}
		return n.Location
	case *parser.AExpr:
		if n.Left != nil {
			if l := exprLoc(n.Left); l >= 0 {
				return l
			}
		}
		return n.Location
	case *parser.FuncCall:
		return n.Location
	case *parser.BoolExpr:
		return n.Location
	case *parser.CaseExpr:
		return n.Location
	case *parser.SubLink:
		return n.Location
	case *parser.NullTest:
		return n.Location
	case *parser.InExpr:
		return n.Location
	case *parser.LikeExpr:
		return n.Location
	case *parser.ArrayExpr:
		return n.Location
	case *parser.RowExpr:
		return n.Location
	case *parser.CoalesceExpr:
		return n.Location
	case *parser.SQLValueFunction:
		return n.Location
	}
	return -1
}

// ResolveTypeName resolves a type as written in statement sql (GRANT ON
// FUNCTION's argument types).
func ResolveTypeName(tn *parser.TypeName, sql string) (types.T, error) {
	q := &analyzer{sql: sql}
	return q.typeName(tn)
}
