package plan

import (
	"ringpg/backend/sql/expr"
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
