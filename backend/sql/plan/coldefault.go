package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// ColumnDefault analyses sqlText as the default of column col of type t,
// coerced the way INSERT coerces it (assignment), for ALTER TABLE ADD
// COLUMN. volatile reports a volatile function anywhere in it: such a
// default must be evaluated once per existing row (a table rewrite),
// any other once for all of them (the column's missing value). A
// sub-query is refused, as PostgreSQL refuses it in a default.
func ColumnDefault(sqlText string, t types.T, col string, cat Catalog, env *types.Env) (x expr.Expr, volatile bool, err error) {
	val, err := parseStored(sqlText)
	if err != nil {
		return nil, false, err
	}
	q := &analyzer{cat: cat, sql: sqlText, env: env}
	q.sc = &scope{q: q, noAggs: "DEFAULT expressions", noWins: "DEFAULT expressions", noCols: "DEFAULT expression"}
	if x, err = q.transform(val); err != nil {
		return nil, false, noPosition(err)
	}
	if info := types.Lookup(t.Oid); info != nil && info.Domain != nil {
		// A column of a domain: the value of its base type, checked.
		if x, err = q.coerceAssign(x, info.Domain.Base, col, -1); err != nil {
			return nil, false, noPosition(err)
		}
		d, err := CompileDomain(info, env)
		if err != nil {
			return nil, false, err
		}
		x = domainCheckCall(x, d)
	} else if x, err = q.coerceAssign(x, t, col, -1); err != nil {
		return nil, false, noPosition(err)
	}
	walk(x, func(e expr.Expr) bool {
		switch n := e.(type) {
		case *expr.SubLink:
			err = pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in DEFAULT expression")
		case *expr.Call:
			if n.Fn.Volatility == funcs.Volatile {
				volatile = true
			}
		}
		return err == nil
	})
	if err != nil {
		return nil, false, err
	}
	return x, volatile, nil
}
