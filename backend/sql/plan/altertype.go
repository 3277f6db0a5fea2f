package plan

import (
	"errors"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// ALTER TABLE ... ALTER COLUMN ... TYPE. The engine asks here how each
// stored value of the column becomes a value of the new type: an
// expression over the table row as it is stored (the old types), the
// column itself coerced by assignment when there is no USING clause.
// Whether the table must be rewritten is decided from that expression,
// as PostgreSQL decides it: not when it is the column itself, possibly
// through a binary-compatible coercion or a type modifier that only
// widens (types.NoRewrite).

// ColumnConversion analyses the conversion of column col (an index into
// t.Cols) of table t to type to: using (nil without a USING clause)
// analysed over t's row and coerced by assignment. rewrite reports that
// every row must be stored again.
func ColumnConversion(t *Table, col int, to types.T, using parser.Expr, cat Catalog, env *types.Env) (x expr.Expr, rewrite bool, err error) {
	c := t.Cols[col]
	q := &analyzer{cat: cat, env: env}
	const clause = "transform expressions"
	q.sc = &scope{q: q, noAggs: clause, noWins: clause}
	q.sc.add(tableEntry(t, t.Name, nil))
	self := &expr.Var{Index: col, T: c.T, Name: c.Name}
	if using == nil {
		x, err := q.coerce(self, to, types.CastAssignment, -1)
		if err != nil || x == nil {
			e := pgerr.New(pgerr.DatatypeMismatch, "column \"%s\" cannot be cast automatically to type %s", c.Name, types.FormatType(to))
			e.Hint = "You might need to specify \"USING " + parser.QuoteIdent(c.Name) + "::" + types.FormatType(to) + "\"."
			return nil, false, e
		}
		return x, !types.NoRewrite(c.T, to), nil
	}
	x, err = q.transform(using)
	if err != nil {
		return nil, false, noPosition(err)
	}
	walk(x, func(e expr.Expr) bool {
		if _, ok := e.(*expr.SubLink); ok && err == nil {
			err = pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in transform expression")
		}
		return err == nil
	})
	if err != nil {
		return nil, false, err
	}
	from := x.Type()
	if from.Oid != types.UnknownOid && !types.CanCoerce(from.Oid, to.Oid, types.CastAssignment) {
		e := pgerr.New(pgerr.DatatypeMismatch, "result of USING clause for column \"%s\" cannot be cast automatically to type %s", c.Name, types.FormatType(to))
		e.Hint = "You might need to add an explicit cast."
		return nil, false, e
	}
	if x, err = q.coerce(x, to, types.CastAssignment, -1); err != nil {
		return nil, false, noPosition(err)
	}
	if v, ok := x.(*expr.Var); ok && v.Index == col && v.Level == 0 {
		return x, !types.NoRewrite(c.T, to), nil
	}
	return x, true, nil
}

// DefaultConversion checks that a column's default (SQL text), as the
// column's type changes to to, can be coerced to it by assignment: 42804
// as PostgreSQL's otherwise.
func DefaultConversion(sqlText string, col string, to types.T, cat Catalog, env *types.Env) error {
	x, err := ParseExpr(sqlText, nil, cat, env)
	if err != nil {
		return err
	}
	x = stripImplicitCasts(x)
	from := x.Type()
	if from.Oid != types.UnknownOid && !types.CanCoerce(from.Oid, to.Oid, types.CastAssignment) {
		return pgerr.New(pgerr.DatatypeMismatch, "default for column \"%s\" cannot be cast automatically to type %s", col, types.FormatType(to))
	}
	q := &analyzer{cat: cat, sql: sqlText, env: env}
	_, err = q.coerce(x, to, types.CastAssignment, -1)
	return noPosition(err)
}

// stripImplicitCasts removes the casts the analysis of a default added
// on top of it, as PostgreSQL strips the implicit coercions of the old
// column type before coercing a default to the new one.
func stripImplicitCasts(x expr.Expr) expr.Expr {
	for {
		c, ok := x.(*expr.Cast)
		if !ok || c.Explicit {
			return x
		}
		x = c.Arg
	}
}

// noPosition drops an error's cursor position: the expression was
// analysed apart from the statement's text.
func noPosition(err error) error {
	var pe *pgerr.Error
	if errors.As(err, &pe) && pe.Position != 0 {
		cp := *pe
		cp.Position = 0
		return &cp
	}
	return err
}

// ColumnsRead analyses a view's query (SQL text) and reports, for each
// table it reads (views it reads expanded), which columns it reads: the
// column dependencies PostgreSQL records for a view's rule.
func ColumnsRead(sqlText string, cat Catalog, env *types.Env) (map[uint32][]bool, error) {
	stmts, err := parser.Parse(sqlText)
	if err != nil {
		return nil, err
	}
	sel, ok := stmts[0].(*parser.SelectStmt)
	if !ok || len(stmts) != 1 {
		return nil, pgerr.New(pgerr.InternalError, "view query is not a SELECT")
	}
	q := &analyzer{cat: cat, sql: sqlText, env: env, trackBases: true}
	if _, _, err := q.selectStmt(sel); err != nil {
		return nil, err
	}
	out := map[uint32][]bool{}
	for _, e := range q.bases {
		reads := out[e.table.Oid]
		if reads == nil {
			reads = make([]bool, len(e.used))
			out[e.table.Oid] = reads
		}
		for i, u := range e.used {
			if u && i < len(reads) {
				reads[i] = true
			}
		}
	}
	return out, nil
}
