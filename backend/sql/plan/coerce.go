package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// coerce converts x to type t if the cast context allows it
// (coerce_to_target_type). An unknown literal is read by t's input
// function now, so its errors carry the literal's position; an unknown
// parameter takes type t.
func (q *analyzer) coerce(x expr.Expr, t types.T, ctx types.CastContext, loc int) (expr.Expr, error) {
	from := x.Type()
	if t.Oid == 0 || t.Oid == types.AnyOid {
		return x, nil
	}
	if from.Oid == t.Oid {
		if t.Mod < 0 || from.Mod == t.Mod {
			return x, nil
		}
		return q.foldCast(&expr.Cast{Arg: x, To: t, Explicit: ctx == types.CastExplicit}, loc)
	}
	if from.Oid == types.UnknownOid {
		switch c := x.(type) {
		case *expr.Const:
			if c.Value.Null {
				return &expr.Const{T: t, Value: types.Null}, nil
			}
			// An explicit cast truncates to the typmod (varchar(2)) where
			// the input function, like an assignment, would refuse.
			in := t
			if ctx == types.CastExplicit && t.Oid != types.IntervalOid {
				// (interval's input reads the fields of its typmod:
				// interval '12' hour is twelve hours.)
				in = types.Of(t.Oid)
			}
			d, err := types.Input(in, c.Value.S, q.env)
			if err == nil && in != t {
				d, err = types.ApplyTypmod(t, d, true)
			}
			if err != nil {
				if at, ok := q.literalLoc[c]; ok {
					loc = at
				}
				return nil, q.errAt(err, loc)
			}
			return &expr.Const{T: t, Value: d}, nil
		case *expr.Param:
			if t.Oid == types.IntervalOid && t.Mod >= 0 && q.literalParamIndex(c.Index) {
				// A literal typed interval with fields is read by the
				// input function with them: keep its text.
				q.setParamType(c.Index, textT)
				return &expr.Cast{Arg: c, To: t, Explicit: true}, nil
			}
			q.setParamType(c.Index, types.T{Oid: t.Oid, Mod: -1})
			if t.Mod >= 0 {
				return &expr.Cast{Arg: c, To: t, Explicit: ctx == types.CastExplicit}, nil
			}
			return c, nil
		}
		// Other unknown-typed expressions (a sub-select of a literal)
		// convert through text.
		return &expr.Cast{Arg: &retype{x, textT}, To: t, Explicit: true}, nil
	}
	cctx, ok := types.CastPath(from.Oid, t.Oid)
	if !ok || !cctx.Allows(ctx) {
		return nil, q.cannotCoerce(from, t, ctx, loc)
	}
	return q.foldCast(&expr.Cast{Arg: x, To: t, Explicit: ctx == types.CastExplicit}, loc)
}

func (q *analyzer) cannotCoerce(from, to types.T, ctx types.CastContext, loc int) error {
	if ctx == types.CastExplicit {
		return q.errAt(pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", types.FormatType(from), types.FormatType(to)), loc)
	}
	e := pgerr.New(pgerr.DatatypeMismatch, "cannot cast type %s to %s", types.FormatType(from), types.FormatType(to))
	return q.errAt(e, loc)
}

// foldCast evaluates a cast of a constant now.
func (q *analyzer) foldCast(c *expr.Cast, loc int) (expr.Expr, error) {
	k, ok := c.Arg.(*expr.Const)
	if !ok {
		return c, nil
	}
	if k.Value.Null {
		return &expr.Const{T: c.To, Value: types.Null}, nil
	}
	d, err := types.Cast(k.Value, k.T, c.To, c.Explicit, q.env)
	if err != nil {
		return nil, q.errAt(err, loc)
	}
	return &expr.Const{T: c.To, Value: d}, nil
}

// retype presents an expression under another type with the same
// representation (unknown as text).
type retype struct {
	expr.Expr
	t types.T
}

func (r *retype) Type() types.T { return r.t }

// coerceAssign coerces a value stored in column col to the column's type
// t, with PostgreSQL's message when no assignment cast exists.
func (q *analyzer) coerceAssign(x expr.Expr, t types.T, col string, loc int) (expr.Expr, error) {
	return q.coerceStored(x, t, loc, func(from types.T) *pgerr.Error {
		return pgerr.New(pgerr.DatatypeMismatch, "column %q is of type %s but expression is of type %s", col, types.FormatType(t), types.FormatType(from))
	})
}

// coerceStored coerces x to t by an assignment cast; when none exists it
// fails with mismatch's error and PostgreSQL's hint.
func (q *analyzer) coerceStored(x expr.Expr, t types.T, loc int, mismatch func(from types.T) *pgerr.Error) (expr.Expr, error) {
	from := x.Type()
	if from.Oid != types.UnknownOid && from.Oid != t.Oid {
		if cctx, ok := types.CastPath(from.Oid, t.Oid); !ok || !cctx.Allows(types.CastAssignment) {
			e := mismatch(from)
			e.Hint = "You will need to rewrite or cast the expression."
			return nil, q.errAt(e, loc)
		}
	}
	return q.coerce(x, t, types.CastAssignment, loc)
}
