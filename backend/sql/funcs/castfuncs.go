package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// pg_proc's cast functions are named after their result type (int4(float8),
// text(boolean), numeric(integer)) and its length-coercion functions take a
// typmod (numeric(numeric, integer), varchar(varchar, integer, boolean)).
// They run through the types package's casts, so a function-style call
// behaves as the explicit cast it is.

// castImpl returns the implementation of a cast-function row, or nil when
// r is not one.
func castImpl(r *procRow) CallFunc {
	if r.kind != KindFunc || r.retset || len(r.args) == 0 || typname(r.result) != r.name {
		return nil
	}
	to := types.Of(r.result)
	if types.Lookup(r.result) == nil || isPolymorphic(r.args[0]) || r.args[0] == types.AnyOid {
		return nil
	}
	from := types.Of(r.args[0])
	switch {
	case len(r.args) == 1:
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			return types.Cast(a[0], from, to, true, c.env())
		}
	case r.args[0] == r.result && r.args[1] == types.Int4Oid:
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			if a[1].I > maxFieldSize && (r.result == types.BPCharOid || r.result == types.VarcharOid) {
				// Padding that far would need more memory than a value may have.
				return types.Datum{}, pgerr.New(pgerr.InternalError, "invalid memory alloc request size %d", a[1].I)
			}
			explicit := len(a) > 2 && a[2].I != 0
			return types.ApplyTypmod(types.T{Oid: r.result, Mod: int32(a[1].I)}, a[0], explicit)
		}
	}
	return nil
}

// env returns the session's settings for value I/O (nil is the default).
func (c *Ctx) env() *types.Env {
	if c == nil {
		return nil
	}
	return c.Env
}
