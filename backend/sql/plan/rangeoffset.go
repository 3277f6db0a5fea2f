package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// inRangeOffsets are, per ORDER BY column type (a B-tree operator class's
// input type), the offset types of its in_range support functions in
// pg_amproc order (by right type oid).
var inRangeOffsets = map[types.Oid][]types.Oid{
	types.Int8Oid:        {types.Int8Oid},
	types.Int2Oid:        {types.Int8Oid, types.Int2Oid, types.Int4Oid},
	types.Int4Oid:        {types.Int8Oid, types.Int2Oid, types.Int4Oid},
	types.Float4Oid:      {types.Float8Oid},
	types.Float8Oid:      {types.Float8Oid},
	types.NumericOid:     {types.NumericOid},
	types.DateOid:        {types.IntervalOid},
	types.TimeOid:        {types.IntervalOid},
	1266:                 {types.IntervalOid}, // timetz
	types.TimestampOid:   {types.IntervalOid},
	types.TimestampTZOid: {types.IntervalOid},
	types.IntervalOid:    {types.IntervalOid},
}

// rangeOffset analyses the offset of a RANGE frame bound as PostgreSQL's
// transformFrameOffset does: it picks the in_range function for the ORDER
// BY column's type that the offset can be coerced to (preferring the
// offset's own type, or the column's for an unknown literal) and coerces
// the offset to its offset type.
func (q *analyzer) rangeOffset(off parser.Expr, order []SortKey) (expr.Expr, error) {
	loc := exprLoc(off)
	if len(order) != 1 {
		return nil, q.errAt(pgerr.New(pgerr.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column"), loc)
	}
	x, err := q.transform(off)
	if err != nil {
		return nil, err
	}
	if err := q.varFree(x, "RANGE", loc); err != nil {
		return nil, err
	}
	colT := order[0].Expr.Type()
	col := colT.Oid
	if col == types.VarcharOid {
		col = types.TextOid // varchar sorts with text's operator class
	}
	cands := inRangeOffsets[col]
	if len(cands) == 0 {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
			types.FormatType(types.Of(col))), loc)
	}
	nodeT := x.Type().Oid
	preferred := nodeT
	if nodeT == types.UnknownOid {
		preferred = col
	}
	var selected types.Oid
	matches := 0
	for _, c := range cands {
		if !types.CanCoerce(nodeT, c, types.CastImplicit) {
			continue
		}
		matches++
		if selected != preferred {
			selected = c
		}
	}
	if matches == 0 {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s and offset type %s",
			types.FormatType(types.Of(col)), types.FormatType(x.Type())).
			WithHint("Cast the offset value to an appropriate type."), loc)
	}
	if matches != 1 && selected != preferred {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING has multiple interpretations for column type %s and offset type %s",
			types.FormatType(types.Of(col)), types.FormatType(x.Type())).
			WithHint("Cast the offset value to the exact intended type."), loc)
	}
	return q.coerce(x, types.Of(selected), types.CastImplicit, loc)
}

// rowsOffset analyses the offset of a ROWS or GROUPS frame bound: a
// bigint, as PostgreSQL coerces it (in assignment context, so 1.5 is 2).
func (q *analyzer) rowsOffset(off parser.Expr, mode parser.FrameMode) (expr.Expr, error) {
	x, err := q.transform(off)
	if err != nil {
		return nil, err
	}
	loc := exprLoc(off)
	clause := "ROWS"
	if mode == parser.FrameGroups {
		clause = "GROUPS"
	}
	if err := q.varFree(x, clause, loc); err != nil {
		return nil, err
	}
	if x.Type().Oid == types.Int8Oid {
		return x, nil
	}
	if !types.CanCoerce(x.Type().Oid, types.Int8Oid, types.CastAssignment) {
		return nil, q.errAt(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type %s, not type %s",
			clause, types.FormatType(types.Of(types.Int8Oid)), types.FormatType(x.Type())), loc)
	}
	return q.coerce(x, types.Of(types.Int8Oid), types.CastAssignment, loc)
}

// varFree refuses a frame offset that reads a column of the query.
func (q *analyzer) varFree(x expr.Expr, clause string, loc int) error {
	found := false
	mutate(x, func(e expr.Expr) (expr.Expr, bool) {
		if v, ok := e.(*expr.Var); ok {
			found = found || v.Level == 0
			return e, true
		}
		return nil, false
	})
	if found {
		return q.errAt(pgerr.New(pgerr.InvalidColumnReference, "argument of %s must not contain variables", clause), loc)
	}
	return nil
}
