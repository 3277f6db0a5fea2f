package plan

import (
	"strings"

	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// searchCycle rewrites a recursive WITH query with SEARCH DEPTH FIRST or
// CYCLE into the plain recursive query that computes the same columns, as
// PostgreSQL does: the non-recursive term adds the ordering array (SEARCH)
// or the mark and path (CYCLE); the recursive term passes the work table's
// extra columns through a sub-select that extends them, and stops at rows
// marked as cycles. It returns the definition to plan instead of c.
func (q *analyzer) searchCycle(c *parser.CommonTableExpr, recursive bool) (*parser.CommonTableExpr, error) {
	sel, ok := c.Query.(*parser.SelectStmt)
	if !recursive || !ok || sel.Op != parser.Union {
		return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "WITH query is not recursive"), c.Location)
	}
	cols, err := cteColumnNames(c, sel)
	if err != nil {
		return nil, q.errAt(err, c.Location)
	}
	if err := checkSearchCycle(c, cols); err != nil {
		return nil, q.errAt(err, c.Location)
	}
	step := sel.Right
	ref := ""
	if step != nil && step.Op == parser.SetOpNone {
		ref = selfReference(step.From, c.Name)
	}
	if ref == "" {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "SEARCH or CYCLE with this recursive term is not supported yet"), c.Location)
	}
	var extra, seedX, stepX []string
	passed := *step
	passed.Targets = append([]*parser.ResTarget(nil), step.Targets...)
	pass := func(name string) {
		extra = append(extra, name)
		passed.Targets = append(passed.Targets, &parser.ResTarget{Val: &parser.ColumnRef{Fields: []string{ref, name}, Location: -1}, Location: -1})
	}
	cycleWhere := ""
	if s := c.Search; s != nil {
		pass(s.SeqColumn)
		seq := quoteIdent(s.SeqColumn)
		if s.Breadth {
			// The sequence is ROW(depth, columns...); the work row's depth
			// is read back from its text form, the record's first field.
			depth := "substring(x." + seq + "::text from '^\\((\\d+),')::int8 + 1"
			seedX = append(seedX, "ROW(0::int8, "+strings.TrimPrefix(rowOf("s", s.Cols), "ROW(")+" AS "+seq)
			stepX = append(stepX, "ROW("+depth+", "+strings.TrimPrefix(rowOf("x", s.Cols), "ROW(")+" AS "+seq)
		} else {
			seedX = append(seedX, "ARRAY["+rowOf("s", s.Cols)+"] AS "+seq)
			stepX = append(stepX, "x."+seq+" || "+rowOf("x", s.Cols)+" AS "+seq)
		}
	}
	if cy := c.Cycle; cy != nil {
		mark, def := "true", "false"
		if cy.MarkValue != nil {
			mark, def = cy.MarkValue.String(), cy.MarkDefault.String()
		}
		pass(cy.MarkColumn)
		pass(cy.PathColumn)
		seedX = append(seedX, def+" AS "+quoteIdent(cy.MarkColumn), "ARRAY["+rowOf("s", cy.Cols)+"] AS "+quoteIdent(cy.PathColumn))
		stepX = append(stepX,
			"CASE WHEN "+rowOf("x", cy.Cols)+" = ANY (x."+quoteIdent(cy.PathColumn)+") THEN "+mark+" ELSE "+def+" END AS "+quoteIdent(cy.MarkColumn),
			"x."+quoteIdent(cy.PathColumn)+" || "+rowOf("x", cy.Cols)+" AS "+quoteIdent(cy.PathColumn))
		cycleWhere = " WHERE x." + quoteIdent(cy.MarkColumn) + " IS DISTINCT FROM " + mark
	}
	colList := quoteIdents(cols)
	stepCols := make([]string, len(cols))
	for i, n := range cols {
		stepCols[i] = "x." + quoteIdent(n)
	}
	union := " UNION "
	if sel.All {
		union = " UNION ALL "
	}
	sql := "SELECT s.*, " + strings.Join(seedX, ", ") + " FROM (" + sel.Left.String() + ") AS s(" + colList + ")" +
		union + "SELECT " + strings.Join(append(stepCols, stepX...), ", ") + " FROM (" + passed.String() + ") AS x(" +
		colList + ", " + quoteIdents(extra) + ")" + cycleWhere
	stmts, err := parser.Parse(sql)
	if err != nil || len(stmts) != 1 {
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "SEARCH or CYCLE with this query is not supported yet"), c.Location)
	}
	out := *c
	out.Query = stmts[0]
	out.ColNames = append(append([]string(nil), cols...), extra...)
	out.Search, out.Cycle = nil, nil
	return &out, nil
}

// cteColumnNames are a WITH query's column names: its column list, else
// the names of its non-recursive term's select list.
func cteColumnNames(c *parser.CommonTableExpr, sel *parser.SelectStmt) ([]string, error) {
	if len(c.ColNames) > 0 {
		return c.ColNames, nil
	}
	seed := sel.Left
	if seed == nil || seed.Op != parser.SetOpNone {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SEARCH or CYCLE needs a column list for this WITH query")
	}
	var out []string
	for _, t := range seed.Targets {
		name := t.Name
		if cr, ok := t.Val.(*parser.ColumnRef); ok && name == "" && !cr.Star && len(cr.Fields) > 0 {
			name = cr.Fields[len(cr.Fields)-1]
		}
		if name == "" {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "SEARCH or CYCLE needs a column list for this WITH query")
		}
		out = append(out, name)
	}
	return out, nil
}

// checkSearchCycle refuses SEARCH and CYCLE clauses naming columns the
// query lacks, or new columns whose names collide.
func checkSearchCycle(c *parser.CommonTableExpr, cols []string) error {
	has := func(n string) bool {
		for _, x := range cols {
			if x == n {
				return true
			}
		}
		return false
	}
	if s := c.Search; s != nil {
		for _, n := range s.Cols {
			if !has(n) {
				return pgerr.New(pgerr.SyntaxError, "search column %q not in WITH query column list", n)
			}
		}
		if has(s.SeqColumn) {
			return pgerr.New(pgerr.SyntaxError, "search sequence column name %q already used in WITH query column list", s.SeqColumn)
		}
	}
	if cy := c.Cycle; cy != nil {
		for _, n := range cy.Cols {
			if !has(n) {
				return pgerr.New(pgerr.SyntaxError, "cycle column %q not in WITH query column list", n)
			}
		}
		switch {
		case has(cy.MarkColumn):
			return pgerr.New(pgerr.SyntaxError, "cycle mark column name %q already used in WITH query column list", cy.MarkColumn)
		case has(cy.PathColumn):
			return pgerr.New(pgerr.SyntaxError, "cycle path column name %q already used in WITH query column list", cy.PathColumn)
		case cy.MarkColumn == cy.PathColumn:
			return pgerr.New(pgerr.SyntaxError, "cycle mark column name and cycle path column name are the same")
		}
		if s := c.Search; s != nil {
			switch s.SeqColumn {
			case cy.MarkColumn:
				return pgerr.New(pgerr.SyntaxError, "search sequence column name and cycle mark column name are the same")
			case cy.PathColumn:
				return pgerr.New(pgerr.SyntaxError, "search sequence column name and cycle path column name are the same")
			}
		}
	}
	return nil
}

// selfReference returns the name under which a FROM list (joins
// included) reads the WITH query called name, or "".
func selfReference(from []parser.TableExpr, name string) string {
	for _, it := range from {
		switch n := it.(type) {
		case *parser.RangeVar:
			if n.Schema == "" && n.Name == name {
				if n.Alias != nil {
					return n.Alias.Name
				}
				return n.Name
			}
		case *parser.JoinExpr:
			if r := selfReference([]parser.TableExpr{n.Left, n.Right}, name); r != "" {
				return r
			}
		}
	}
	return ""
}

func rowOf(alias string, cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = alias + "." + quoteIdent(c)
	}
	return "ROW(" + strings.Join(parts, ", ") + ")"
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteIdents(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = quoteIdent(n)
	}
	return strings.Join(out, ", ")
}
