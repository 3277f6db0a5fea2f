package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Stored generated columns (GENERATED ALWAYS AS (expr) STORED) take the
// value of their expression over the row's other columns: INSERT computes
// it above the full-width input rows, UPDATE and ON CONFLICT DO UPDATE
// over the new values of the columns it reads.

// hasGenerated reports whether t has a stored generated column.
func hasGenerated(t *Table) bool {
	for _, c := range t.Cols {
		if c.Generated != "" && !c.Dropped {
			return true
		}
	}
	return false
}

// generatedExpr analyses column i's generation expression over the
// table's row (Var i = column i), coerced to the column's type.
func (q *analyzer) generatedExpr(t *Table, i int) (expr.Expr, error) {
	x, err := ParseExpr(t.Cols[i].Generated, t, q.cat, q.env)
	if err != nil {
		return nil, err
	}
	return q.coerceAssign(x, t.Cols[i].T, t.Cols[i].Name, -1)
}

// generatedError is the refusal of a value given for a generated column.
func generatedError(insert bool, col string) error {
	msg := "column %q can only be updated to DEFAULT"
	if insert {
		msg = "cannot insert a non-DEFAULT value into column %q"
	}
	return pgerr.New(pgerr.GeneratedAlways, msg, col).WithDetail("Column %q is a generated column.", col)
}

// insertGenerated computes the generated columns of full-width input rows.
func (q *analyzer) insertGenerated(t *Table, input Node) (Node, error) {
	if !hasGenerated(t) {
		return input, nil
	}
	exprs := make([]expr.Expr, len(t.Cols))
	for i, c := range t.Cols {
		if c.Generated == "" || c.Dropped {
			exprs[i] = &expr.Var{Index: i, T: c.T, Name: c.Name}
			continue
		}
		x, err := q.generatedExpr(t, i)
		if err != nil {
			return nil, err
		}
		exprs[i] = x
	}
	return &Project{Input: input, Exprs: exprs, Cols: tableColumns(t)}, nil
}

// setGenerated replaces the new values of generated columns in set (one
// per table column, over the row UPDATE reads) by their expressions over
// the other new values.
func (q *analyzer) setGenerated(t *Table, set []expr.Expr) error {
	if !hasGenerated(t) {
		return nil
	}
	for i, c := range t.Cols {
		if c.Generated == "" || c.Dropped {
			continue
		}
		x, err := q.generatedExpr(t, i)
		if err != nil {
			return err
		}
		set[i] = mutate(x, func(e expr.Expr) (expr.Expr, bool) {
			if v, ok := e.(*expr.Var); ok && v.Level == 0 && v.Index < len(set) {
				return set[v.Index], true
			}
			return nil, false
		})
	}
	return nil
}

// CheckGeneratedExpr analyses the generation expression of column col of
// table t (the column already among t.Cols), refusing what PostgreSQL
// refuses there: aggregates, window functions, sub-queries, system
// columns other than tableoid, whole-row references, other generated
// columns (or the column itself) and functions not marked IMMUTABLE. It
// returns the expression over the table row, coerced to the column's
// type.
func CheckGeneratedExpr(t *Table, col int, cat Catalog, env *types.Env) (expr.Expr, error) {
	src := t.Cols[col].Generated
	val, err := parseStored(src)
	if err != nil {
		return nil, err
	}
	const clause = "column generation expressions"
	q := &analyzer{cat: cat, sql: src, env: env}
	q.sc = &scope{q: q, noAggs: clause, noWins: clause, sysRefused: refuseInGenerated,
		wholeRowRefused: pgerr.New(pgerr.InvalidObjectDefinition, "cannot use whole-row variable in column generation expression").
			WithDetail("This would cause the generated column to depend on its own value.")}
	q.sc.add(tableEntry(t, t.Name, nil))
	x, err := q.transform(val)
	if err == nil {
		x, err = q.coerceAssign(x, t.Cols[col].T, t.Cols[col].Name, -1)
	}
	if err != nil {
		return nil, noPosition(err)
	}
	var bad error
	walk(x, func(e expr.Expr) bool {
		switch n := e.(type) {
		case *expr.SubLink:
			bad = pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in column generation expression")
		case *expr.Var:
			if n.Level == 0 && n.Index >= 0 && n.Index < len(t.Cols) && t.Cols[n.Index].Generated != "" {
				bad = pgerr.New(pgerr.InvalidObjectDefinition, "cannot use generated column %q in column generation expression", t.Cols[n.Index].Name).
					WithDetail("A generated column cannot reference another generated column.")
			}
		}
		return bad == nil
	})
	if bad != nil {
		return nil, bad
	}
	if mutableGenerated(x) {
		return nil, pgerr.New(pgerr.InvalidObjectDefinition, "generation expression is not immutable")
	}
	return x, nil
}

// mutableGenerated reports whether x calls a function not marked
// IMMUTABLE or a cast that depends on the session's settings. text ||
// anynonarray counts as its argument's cast to text: PostgreSQL inlines
// that SQL function before checking.
func mutableGenerated(x expr.Expr) bool {
	mutable := false
	walk(x, func(e expr.Expr) bool {
		switch n := e.(type) {
		case *expr.Call:
			if n.Fn == nil || n.Fn.Volatility == funcs.Immutable {
				break
			}
			if (n.Fn.Name == "textanycat" || n.Fn.Name == "anytextcat") && len(n.Args) == 2 {
				other := n.Args[1]
				if n.Fn.Name == "anytextcat" {
					other = n.Args[0]
				}
				if !settingDependentCast(other.Type().Oid, types.TextOid) {
					break
				}
			}
			mutable = true
		case *expr.Cast:
			if _, isConst := n.Arg.(*expr.Const); !isConst && settingDependentCast(n.Arg.Type().Oid, n.To.Oid) {
				mutable = true
			}
		}
		return !mutable
	})
	return mutable
}

// refuseInGenerated is the error for a system column other than tableoid
// in a generation expression.
func refuseInGenerated(name string) error {
	if name == "tableoid" {
		return nil
	}
	return pgerr.New(pgerr.InvalidColumnReference, "cannot use system column %q in column generation expression", name)
}
