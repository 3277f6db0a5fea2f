package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Subscripted assignment (UPDATE ... SET a[2] = x, j['k'] = v; INSERT INTO
// t (a[1], a[2])) and jsonb subscripting. An assignment to part of a column
// becomes an expression computing the column's whole new value from its
// old one: UPDATE passes the row's current value, INSERT a NULL, and a
// second assignment to the same column in one statement starts from the
// first one's result, so SET a[1] = 1, a[3] = 3 nests two calls.

var jsonbT = types.Of(types.JSONBOid)

// errNotSubscriptable is the error for subscripting a type that has no
// subscripts.
func errNotSubscriptable(t types.T) error {
	return pgerr.New(pgerr.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", types.FormatType(t))
}

// errDefaultIndirection is the error for DEFAULT assigned to part of a
// column.
func errDefaultIndirection(ind []parser.IndirectionElem) error {
	if ind[0].Kind == parser.IndSubscript {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot set an array element to DEFAULT")
	}
	return pgerr.New(pgerr.FeatureNotSupported, "cannot set a subfield to DEFAULT")
}

// assignIndirect returns the new value of column col (type colT) after
// storing val at the column's indirection ind, starting from base (its
// value before this assignment).
func (q *analyzer) assignIndirect(base expr.Expr, col string, colT types.T, ind []parser.IndirectionElem, val expr.Expr, loc int) (expr.Expr, error) {
	for _, p := range ind {
		if p.Kind != parser.IndSubscript {
			return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "assignment to a field of a composite column is not supported yet"), loc)
		}
	}
	if colT.Oid == types.JSONBOid {
		return q.assignJSONB(base, col, ind, val, loc)
	}
	et := types.ElemType(colT.Oid)
	if et == 0 {
		return nil, q.errAt(errNotSubscriptable(colT), loc)
	}
	slice := false
	for _, p := range ind {
		slice = slice || p.IsSlice
	}
	args := []expr.Expr{base, nil}
	var given []bool
	bound := func(e parser.Expr) error {
		if e == nil {
			args = append(args, &expr.Const{T: int4T, Value: types.Null})
			given = append(given, false)
			return nil
		}
		b, err := q.arraySubscript(e)
		if err != nil {
			return err
		}
		args, given = append(args, b), append(given, true)
		return nil
	}
	for _, p := range ind {
		var err error
		switch {
		case !slice:
			err = bound(p.Lower)
		case p.IsSlice:
			if err = bound(p.Lower); err == nil {
				err = bound(p.Upper)
			}
		default: // [n] among slices is [1:n]
			args, given = append(args, &expr.Const{T: int4T, Value: types.Int(1)}), append(given, true)
			err = bound(p.Lower)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(ind) > types.MaxArrayDims {
		return nil, q.errAt(pgerr.New(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", len(ind), types.MaxArrayDims), loc)
	}
	target := types.T{Oid: et, Mod: colT.Mod}
	if slice {
		target = colT
	}
	v, err := q.coerceSubscripted(val, target, col, loc)
	if err != nil {
		return nil, err
	}
	args[1] = v
	return expr.NewCall(funcs.ArrayAssign(et, slice, given), args, colT), nil
}

// arraySubscript analyses an array subscript, coerced to integer as an
// assignment would.
func (q *analyzer) arraySubscript(e parser.Expr) (expr.Expr, error) {
	b, err := q.transform(e)
	if err != nil {
		return nil, err
	}
	from := b.Type().Oid
	if from != types.UnknownOid {
		if cctx, ok := types.CastPath(from, types.Int4Oid); !ok || !cctx.Allows(types.CastAssignment) {
			return nil, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "array subscript must have type integer"), exprLoc(e))
		}
	}
	return q.coerce(b, int4T, types.CastAssignment, exprLoc(e))
}

// coerceSubscripted coerces the value assigned to part of column col to
// the type that part has.
func (q *analyzer) coerceSubscripted(x expr.Expr, t types.T, col string, loc int) (expr.Expr, error) {
	return q.coerceStored(x, t, loc, func(from types.T) *pgerr.Error {
		return pgerr.New(pgerr.DatatypeMismatch, "subscripted assignment to %q requires type %s but expression is of type %s", col, types.FormatType(t), types.FormatType(from))
	})
}

// assignJSONB is assignIndirect for a jsonb column.
func (q *analyzer) assignJSONB(base expr.Expr, col string, ind []parser.IndirectionElem, val expr.Expr, loc int) (expr.Expr, error) {
	subs, isInt, err := q.jsonbSubscriptArgs(ind)
	if err != nil {
		return nil, err
	}
	v, err := q.coerceSubscripted(val, jsonbT, col, loc)
	if err != nil {
		return nil, err
	}
	args := append([]expr.Expr{base, v}, subs...)
	return expr.NewCall(funcs.JSONBSubscriptAssign(isInt), args, jsonbT), nil
}

// jsonbSubscripts reads j[s1][s2]...
func (q *analyzer) jsonbSubscripts(x expr.Expr, ind []parser.IndirectionElem) (expr.Expr, error) {
	subs, isInt, err := q.jsonbSubscriptArgs(ind)
	if err != nil {
		return nil, err
	}
	return expr.NewCall(funcs.JSONBSubscriptFetch(isInt), append([]expr.Expr{x}, subs...), jsonbT), nil
}

// jsonbSubscriptArgs analyses jsonb subscripts: each must be coercible to
// exactly one of integer and text (an unknown literal is text); isInt says
// which each became. jsonb has no slices.
func (q *analyzer) jsonbSubscriptArgs(ind []parser.IndirectionElem) ([]expr.Expr, []bool, error) {
	var subs []expr.Expr
	var isInt []bool
	for _, p := range ind {
		if p.IsSlice {
			e := p.Upper
			if e == nil {
				e = p.Lower
			}
			return nil, nil, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "jsonb subscript does not support slices"), exprLoc(e))
		}
		x, err := q.transform(p.Lower)
		if err != nil {
			return nil, nil, err
		}
		target := textT
		if from := x.Type().Oid; from != types.UnknownOid {
			toInt := implicitlyCoercible(from, types.Int4Oid)
			toText := implicitlyCoercible(from, types.TextOid)
			if toInt == toText {
				hint := "jsonb subscript must be coercible to either integer or text."
				if toInt {
					hint = "jsonb subscript must be coercible to only one type, integer or text."
				}
				e := pgerr.New(pgerr.DatatypeMismatch, "subscript type %s is not supported", types.FormatType(x.Type()))
				e.Hint = hint
				return nil, nil, q.errAt(e, exprLoc(p.Lower))
			}
			if toInt {
				target = int4T
			}
		}
		if x, err = q.coerce(x, target, types.CastImplicit, exprLoc(p.Lower)); err != nil {
			return nil, nil, err
		}
		subs, isInt = append(subs, x), append(isInt, target.Oid == types.Int4Oid)
	}
	return subs, isInt, nil
}

func implicitlyCoercible(from, to types.Oid) bool {
	cctx, ok := types.CastPath(from, to)
	return ok && cctx.Allows(types.CastImplicit)
}

// insertTarget is the value INSERT stores in column ci for its j-th
// target, x: x itself coerced to the column, or, for a target with
// subscripts, x stored into prev (the value of an earlier target of the
// same column) or into NULL.
func (q *analyzer) insertTarget(t *Table, ci int, targetInd [][]parser.IndirectionElem, j int, prev, x expr.Expr, loc int) (expr.Expr, error) {
	c := t.Cols[ci]
	if targetInd == nil || len(targetInd[j]) == 0 {
		q.noteParamDomain(x, c)
		return q.coerceAssign(x, c.T, c.Name, loc)
	}
	if prev == nil {
		prev = &expr.Const{T: c.T, Value: types.Null}
	}
	return q.assignIndirect(prev, c.Name, c.T, targetInd[j], x, loc)
}

// subscriptedType is the type of the part of a column of type t that the
// subscripts ind name: an element or a slice of an array, or jsonb.
func subscriptedType(t types.T, ind []parser.IndirectionElem) types.T {
	if t.Oid == types.JSONBOid {
		return jsonbT
	}
	et := types.ElemType(t.Oid)
	if et == 0 {
		return t
	}
	for _, p := range ind {
		if p.IsSlice {
			return t
		}
	}
	return types.T{Oid: et, Mod: t.Mod}
}
