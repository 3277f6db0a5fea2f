package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Field selection from a record value whose fields are known while the
// statement is planned: the whole row of a set-returning function with
// several output columns, ROW(...) with names, or a column of a
// sub-select that holds one of these, (sub.r).name. Column.Fields carries
// the fields from a sub-select to the query above it.

// recordField is the hidden function (record, i) -> field i of record.
var recordField = &funcs.Func{Name: "record_field", Strict: true, Volatility: funcs.Immutable, Kind: funcs.KindFunc,
	Call: func(_ *funcs.Ctx, a []types.Datum) (types.Datum, error) {
		r := a[0].AsRecord()
		i := int(a[1].I)
		if r == nil || i < 0 || i >= len(r.Values) {
			return types.Null, nil
		}
		return r.Values[i], nil
	}}

// recordFields returns the fields of record-valued x when they are known
// here, nil otherwise.
func (q *analyzer) recordFields(x expr.Expr) []funcs.Column {
	if x.Type().Oid != types.RecordOid {
		return nil
	}
	switch n := x.(type) {
	case *srfRef:
		if n.field >= 0 || len(n.fn.Out) < 2 {
			return nil
		}
		return n.fn.Out // with concrete types (concreteOut)
	case *expr.RowCtor:
		if n.Names == nil {
			return nil
		}
		out := make([]funcs.Column, len(n.Fields))
		for i, f := range n.Fields {
			out[i] = funcs.Column{Name: n.Names[i], Type: f.Type().Oid}
		}
		return out
	case *expr.Var:
		if n.Level == 0 && q.sc != nil {
			if c := q.sc.columnAt(n.Index); c != nil {
				return c.Fields
			}
		}
	}
	return nil
}

// outColumnType is the type of a function's output column declared t
// for arguments of types args: t, or for anyelement the element type of
// the first array argument.
func outColumnType(t types.Oid, args []types.T) types.T {
	if t == types.AnyElementOid {
		for _, a := range args {
			if et := types.ElemType(a.Oid); et != 0 {
				return types.Of(et)
			}
		}
	}
	return types.Of(t)
}

// concreteOut returns fn, or, when some of its output columns are
// polymorphic, a copy of it whose output columns have the types this
// call's arguments give them.
func concreteOut(fn *funcs.Func, args []types.T) *funcs.Func {
	poly := false
	for _, c := range fn.Out {
		poly = poly || c.Type == types.AnyElementOid
	}
	if !poly {
		return fn
	}
	cp := *fn
	cp.Out = make([]funcs.Column, len(fn.Out))
	for i, c := range fn.Out {
		cp.Out[i] = funcs.Column{Name: c.Name, Type: outColumnType(c.Type, args).Oid}
	}
	return &cp
}

// selectRecordField is (x).name on a record whose fields are known, or
// ok=false.
func (q *analyzer) selectRecordField(x expr.Expr, name string, loc int) (expr.Expr, bool, error) {
	fs := q.recordFields(x)
	if fs == nil {
		return nil, false, nil
	}
	for i, f := range fs {
		if f.Name == name {
			idx := &expr.Const{T: int4T, Value: types.Int(int64(i))}
			return expr.NewCall(recordField, []expr.Expr{x, idx}, types.Of(f.Type)), true, nil
		}
	}
	return nil, true, q.errAt(pgerr.New(pgerr.UndefinedColumn, "could not identify column \"%s\" in record data type", name), loc)
}
