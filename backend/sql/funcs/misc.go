package funcs

import (
	"ringpg/backend/sql/types"
)

// Functions about values themselves: pg_typeof, num_nulls, num_nonnulls.

func init() {
	defSpec("pg_typeof", "any", func(argTypes []types.T, _ types.T) (CallFunc, error) {
		oid := int64(argTypes[0].Oid)
		return func(_ *Ctx, _ []types.Datum) (types.Datum, error) { return types.Datum{I: oid}, nil }, nil
	})
	def("num_nulls", "any", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		n := 0
		for _, d := range a {
			if d.Null {
				n++
			}
		}
		return i64(int64(n)), nil
	})
	def("num_nonnulls", "any", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		n := 0
		for _, d := range a {
			if !d.Null {
				n++
			}
		}
		return i64(int64(n)), nil
	})
}
