package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
	"strconv"
)

// scalarArrayOp is left op ANY|ALL (array expression).
func (q *analyzer) scalarArrayOp(n *parser.AExpr, left expr.Expr) (expr.Expr, error) {
	var arr expr.Expr
	var err error
	if a, ok := n.Right.(*parser.ArrayExpr); ok {
		arr, err = q.arrayExpr(a, types.T{})
	} else {
		arr, err = q.transform(n.Right)
	}
	if err != nil {
		return nil, err
	}
	at := arr.Type()
	elem := types.ElemType(at.Oid)
	if at.Oid == types.UnknownOid {
		// '{1,2}' literal: an array of the left side's type.
		lt := left.Type()
		if arrOid := types.ArrayOf(lt.Oid); arrOid != 0 {
			if arr, err = q.coerce(arr, types.Of(arrOid), types.CastImplicit, n.Location); err != nil {
				return nil, err
			}
			elem = lt.Oid
		}
	}
	if elem == 0 {
		return nil, q.errAt(pgerr.New(pgerr.WrongObjectType, "op ANY/ALL (array) requires array on right side"), n.Location)
	}
	test, err := q.operator(opName(n.Name), left, &expr.Const{T: types.Of(elem), Value: types.Null}, n.Location)
	if err != nil {
		return nil, err
	}
	if test.Args[1].Type().Oid != elem {
		want := types.ArrayOf(test.Args[1].Type().Oid)
		if arr, err = q.coerce(arr, types.Of(want), types.CastImplicit, n.Location); err != nil {
			return nil, err
		}
	}
	if test.T.Oid != types.BoolOid {
		return nil, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "op ANY/ALL (array) requires operator to yield boolean"), n.Location)
	}
	return &expr.ArrayOp{Test: test, Left: test.Args[0], Array: arr, All: n.Kind == parser.AExprOpAll}, nil
}

// arrayExpr is ARRAY[...]; want, when set, is the array type a cast asks for.
func (q *analyzer) arrayExpr(n *parser.ArrayExpr, want types.T) (expr.Expr, error) {
	elems := make([]expr.Expr, len(n.Elements))
	for i, e := range n.Elements {
		var x expr.Expr
		var err error
		if sub, ok := e.(*parser.ArrayExpr); ok {
			x, err = q.arrayExpr(sub, want)
		} else {
			x, err = q.transform(e)
		}
		if err != nil {
			return nil, err
		}
		elems[i] = x
	}
	var et types.T
	if want.Oid != 0 {
		et = types.T{Oid: types.ElemType(want.Oid), Mod: -1}
		if len(elems) > 0 && types.ElemType(elems[0].Type().Oid) != 0 {
			et = want
		}
	} else {
		if len(elems) == 0 {
			return nil, q.errAt(pgerr.New(pgerr.IndeterminateDatatype, "cannot determine type of empty array"), n.Location)
		}
		t, err := q.commonType(elems, "ARRAY", n.Elements)
		if err != nil {
			return nil, err
		}
		et = t
	}
	// Under a cast (ARRAY[...]::int4[]) each element is cast explicitly,
	// as PostgreSQL does; otherwise only implicit coercions apply.
	ctx := types.CastImplicit
	if want.Oid != 0 {
		ctx = types.CastExplicit
	}
	for i := range elems {
		c, err := q.coerce(elems[i], et, ctx, exprLoc(n.Elements[i]))
		if err != nil {
			return nil, err
		}
		elems[i] = c
	}
	at := et
	if types.ElemType(et.Oid) == 0 {
		at = types.T{Oid: types.ArrayOf(et.Oid), Mod: -1}
		if at.Oid == 0 {
			return nil, q.errAt(pgerr.New(pgerr.UndefinedObject, "could not find array type for data type %s", types.FormatType(et)), n.Location)
		}
	}
	return &expr.ArrayCtor{Elems: elems, T: at}, nil
}

func (q *analyzer) rowExpr(n *parser.RowExpr) (expr.Expr, error) {
	fields, err := q.rowFields(n)
	if err != nil {
		return nil, err
	}
	for i, x := range fields {
		if x.Type().Oid == types.UnknownOid {
			if fields[i], err = q.coerce(x, textT, types.CastImplicit, n.Location); err != nil {
				return nil, err
			}
		}
	}
	return &expr.RowCtor{Fields: fields, T: types.Of(types.RecordOid)}, nil
}

// rowFields analyses a ROW constructor's fields: ROW(t.*) has t's
// columns as its fields.
func (q *analyzer) rowFields(n *parser.RowExpr) ([]expr.Expr, error) {
	fields := make([]expr.Expr, 0, len(n.Args))
	for _, a := range n.Args {
		if cr, ok := a.(*parser.ColumnRef); ok && cr.Star && len(cr.Fields) > 0 {
			exprs, _, err := q.sc.starColumns(cr.Fields[len(cr.Fields)-1], cr.Location)
			if err != nil {
				return nil, err
			}
			fields = append(fields, exprs...)
			continue
		}
		x, err := q.transform(a)
		if err != nil {
			return nil, err
		}
		fields = append(fields, x)
	}
	return fields, nil
}

func (q *analyzer) indirection(n *parser.Indirection) (expr.Expr, error) {
	x, err := q.transform(n.Arg)
	if err != nil {
		return nil, err
	}
	path := n.Path
	for len(path) > 0 {
		if path[0].Kind != parser.IndSubscript {
			alias := ""
			if c, ok := n.Arg.(*parser.ColumnRef); ok && len(c.Fields) == 1 && !c.Star {
				alias = c.Fields[0]
			}
			if x, err = q.fieldSelect(x, alias, path[0].Name, exprLoc(n.Arg)); err != nil {
				return nil, err
			}
			path = path[1:]
			continue
		}
		k := 0
		for k < len(path) && path[k].Kind == parser.IndSubscript {
			k++
		}
		if x, err = q.subscripts(x, path[:k]); err != nil {
			return nil, err
		}
		path = path[k:]
	}
	return x, nil
}

// subscripts applies a run of subscripts [i][j] or slices [a:b] to x.
func (q *analyzer) subscripts(x expr.Expr, subs []parser.IndirectionElem) (expr.Expr, error) {
	if x.Type().Oid == types.JSONBOid {
		return q.jsonbSubscripts(x, subs)
	}
	et := types.ElemType(x.Type().Oid)
	if et == 0 {
		return nil, errNotSubscriptable(x.Type())
	}
	slice := false
	for _, p := range subs {
		slice = slice || p.IsSlice
	}
	bound := func(e parser.Expr) (expr.Expr, error) {
		if e == nil {
			return nil, nil
		}
		b, err := q.transform(e)
		if err != nil {
			return nil, err
		}
		return q.coerce(b, int4T, types.CastImplicit, exprLoc(e))
	}
	out := &expr.ArraySub{Arr: x, Slice: slice, T: types.Of(et)}
	if slice {
		out.T = types.T{Oid: x.Type().Oid, Mod: -1}
	}
	for _, p := range subs {
		lo, err := bound(p.Lower)
		if err != nil {
			return nil, err
		}
		var hi expr.Expr
		if p.IsSlice {
			if hi, err = bound(p.Upper); err != nil {
				return nil, err
			}
		} else if slice {
			lo, hi = &expr.Const{T: int4T, Value: types.Int(1)}, lo // [n] among slices is [1:n]
		}
		out.Lower = append(out.Lower, lo)
		out.Upper = append(out.Upper, hi)
	}
	return out, nil
}

// fieldSelect is (x).name on a row whose fields are known here: a
// whole-row reference or ROW(...) (fields f1, f2, ...).
func (q *analyzer) fieldSelect(x expr.Expr, alias, name string, loc int) (expr.Expr, error) {
	if row, ok := x.(*expr.RowCtor); ok {
		for i, f := range row.Fields {
			fname := "f" + strconv.Itoa(i+1)
			if row.Names != nil {
				fname = row.Names[i]
			}
			if fname == name {
				return f, nil
			}
		}
		if alias != "" {
			return nil, q.errAt(pgerr.New(pgerr.UndefinedColumn, "column %s.%s does not exist", alias, name), loc)
		}
		return nil, q.errAt(pgerr.New(pgerr.UndefinedColumn, "could not identify column \"%s\" in record data type", name), loc)
	}
	if r, ok := x.(*srfRef); ok && r.field < 0 && len(r.fn.Out) > 1 {
		// (f(...)).name: the call yields that output column.
		for i, c := range r.fn.Out {
			if c.Name == name {
				r.field, r.t = i, types.Of(c.Type)
				return r, nil
			}
		}
		return nil, q.errAt(pgerr.New(pgerr.UndefinedColumn, "could not identify column \"%s\" in record data type", name), loc)
	}
	if f, ok, err := q.selectRecordField(x, name, loc); ok {
		return f, err
	}
	return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "field selection from a value of type %s is not supported yet", types.FormatType(x.Type())), loc)
}

// subLink plans a sub-query used in an expression.
func (q *analyzer) subLink(n *parser.SubLink) (expr.Expr, error) {
	var before int
	if q.sc != nil {
		before = len(q.sc.outerVars)
	}
	q.sublinks++
	sub, cols, err := q.subquery(n.Select)
	q.sublinks--
	if err != nil {
		return nil, err
	}
	sl := &expr.SubLink{Kind: expr.SubLinkKind(n.Kind), Plan: sub}
	if q.sc != nil && len(q.sc.outerVars) > before {
		if q.subVars == nil {
			q.subVars = map[*expr.SubLink][]*expr.Var{}
		}
		q.subVars[sl] = append([]*expr.Var(nil), q.sc.outerVars[before:]...)
	}
	switch n.Kind {
	case parser.ExistsSubLink:
		sl.T = boolT
	case parser.ExprSubLink:
		if len(cols) != 1 {
			return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "subquery must return only one column"), n.Location)
		}
		sl.T = cols[0].T
	case parser.ArraySubLink:
		if len(cols) != 1 {
			return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "subquery must return only one column"), n.Location)
		}
		sl.T = types.Of(types.ArrayOf(cols[0].T.Oid))
		if types.ElemType(cols[0].T.Oid) != 0 {
			// ARRAY(SELECT an array): one more dimension of that type.
			sl.T, sl.NestArrays = types.Of(cols[0].T.Oid), true
		}
	case parser.AnySubLink, parser.AllSubLink:
		if row, ok := n.Test.(*parser.RowExpr); ok && len(cols) > 1 {
			return q.rowSubLink(sl, row, n, cols)
		}
		if len(cols) != 1 {
			return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "subquery has too many columns"), n.Location)
		}
		left, err := q.transform(n.Test)
		if err != nil {
			return nil, err
		}
		op := "="
		if len(n.Op) > 0 {
			op = opName(n.Op)
		}
		test, err := q.operator(op, left, &expr.Const{T: cols[0].T, Value: types.Null}, n.Location)
		if err != nil {
			return nil, err
		}
		if test.Args[1].Type() != cols[0].T {
			if _, ok := test.Args[1].(*expr.Const); !ok {
				return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "sub-select comparison needing a coercion is not supported yet"), n.Location)
			}
		}
		sl.Left, sl.Test, sl.T = test.Args[0], test, boolT
	}
	return sl, nil
}

// rowSubLink is (a, b) op ANY/ALL (SELECT x, y ...): op compares each
// field with its column; = matches when all fields do, <> when any does.
func (q *analyzer) rowSubLink(sl *expr.SubLink, row *parser.RowExpr, n *parser.SubLink, cols []Column) (expr.Expr, error) {
	if len(row.Args) != len(cols) {
		msg := "subquery has too many columns"
		if len(row.Args) > len(cols) {
			msg = "subquery has too few columns"
		}
		return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "%s", msg), n.Location)
	}
	op := "="
	if len(n.Op) > 0 {
		op = opName(n.Op)
	}
	if op != "=" && op != "<>" {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "row comparison with %s against a sub-query is not supported yet", op), n.Location)
	}
	left := &expr.RowCtor{T: types.Of(types.RecordOid)}
	for i, a := range row.Args {
		x, err := q.transform(a)
		if err != nil {
			return nil, err
		}
		test, err := q.operator(op, x, &expr.Const{T: cols[i].T, Value: types.Null}, n.Location)
		if err != nil {
			return nil, err
		}
		if _, ok := test.Args[1].(*expr.Const); !ok && test.Args[1].Type() != cols[i].T {
			return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "sub-select comparison needing a coercion is not supported yet"), n.Location)
		}
		left.Fields = append(left.Fields, test.Args[0])
		sl.Tests = append(sl.Tests, test)
	}
	sl.Left, sl.T, sl.RowOr = left, boolT, op == "<>"
	return sl, nil
}

// windowCall records a window function (or an aggregate with OVER).
func (q *analyzer) windowCall(n *parser.FuncCall, res *funcs.Resolved, args []expr.Expr) (expr.Expr, error) {
	sc := q.sc
	if sc == nil || sc.wins == nil {
		clause := "this context"
		if sc != nil && sc.noWins != "" {
			clause = sc.noWins
		}
		return nil, q.errAt(pgerr.New(pgerr.WindowingError, "window functions are not allowed in %s", clause), n.Location)
	}
	if n.Distinct {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "DISTINCT is not implemented for window functions"), n.Location)
	}
	if len(n.OrderBy) > 0 {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "aggregate ORDER BY is not implemented for window functions"), n.Location)
	}
	wf := WindowFunc{Fn: res.Func, ArgTypes: res.ArgTypes, Result: res.Result, IsAgg: res.Func.Kind == funcs.KindAgg}
	for i, a := range args {
		c, err := q.coerce(a, res.ArgTypes[i], types.CastImplicit, n.Location)
		if err != nil {
			return nil, err
		}
		wf.Args = append(wf.Args, c)
	}
	if n.Filter != nil {
		f, err := q.filterClause(n.Filter)
		if err != nil {
			return nil, err
		}
		wf.Filter = f
	}
	ref := &winRef{idx: len(sc.wins.calls), t: res.Result}
	sc.wins.calls = append(sc.wins.calls, winCall{fn: wf, def: n.Over, ref: ref, loc: n.Location})
	return ref, nil
}
