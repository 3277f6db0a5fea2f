package funcs

import (
	"strings"

	"ringpg/backend/sql/types"
)

// The B-tree support and GREATEST/LEAST helpers of pg_proc follow from a
// comparator: btint4cmp, date_cmp, numeric_cmp... return -1, 0 or 1, and
// int4larger, text_smaller... return one of their arguments.

func cmpFamilyImpl(r *procRow) CallFunc {
	if r.kind != KindFunc || r.retset || len(r.args) != 2 {
		return nil
	}
	cmp := comparator(r.args[0], r.args[1])
	if cmp == nil {
		return nil
	}
	switch {
	case strings.HasSuffix(r.name, "cmp") && r.result == types.Int4Oid:
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			switch v := cmp(c, a[0], a[1]); {
			case v < 0:
				return i64(-1), nil
			case v > 0:
				return i64(1), nil
			}
			return i64(0), nil
		}
	case strings.HasSuffix(r.name, "larger") && r.args[0] == r.args[1] && r.result == r.args[0]:
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			if cmp(c, a[0], a[1]) > 0 {
				return a[0], nil
			}
			return a[1], nil
		}
	case strings.HasSuffix(r.name, "smaller") && r.args[0] == r.args[1] && r.result == r.args[0]:
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			if cmp(c, a[0], a[1]) < 0 {
				return a[0], nil
			}
			return a[1], nil
		}
	}
	return nil
}
