package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// cteInfo is a WITH query visible by name. A non-recursive CTE is planned
// once and materialised, so every reference reads the same rows; a
// recursive one becomes a RecursiveUnion.
type cteInfo struct {
	def      *parser.CommonTableExpr
	node     Node
	cols     []Column
	id       int
	planning bool
	// work is set while the recursive term is planned: references then
	// read the work table.
	work *WorkTableScan
	// workRefs counts the references to the work table in the recursive
	// term (at most one is allowed).
	workRefs int
	// sublinks is the analyzer's sub-query depth where the recursive term
	// is analysed: a recursive reference inside a deeper one is refused.
	sublinks int
	// nullable is the analyzer's depth in outer joins' NULL-filled sides
	// there: a recursive reference inside a deeper one is refused.
	nullable int
	// modifying: the body is INSERT, UPDATE or DELETE (its RETURNING
	// rows are the CTE's).
	modifying bool
}

func (q *analyzer) withClause(w *parser.WithClause) error {
	sc := q.sc
	ctes := map[string]*cteInfo{}
	for k, v := range sc.ctes {
		ctes[k] = v
	}
	sc.ctes = ctes
	for _, c := range w.CTEs {
		if _, dup := ctes[c.Name]; dup && ctes[c.Name].def != nil && containsCTE(w, ctes[c.Name]) {
			return q.errAt(pgerr.New(pgerr.DuplicateAlias, "WITH query name %q specified more than once", c.Name), c.Location)
		}
		if c.Search != nil || c.Cycle != nil {
			rc, err := q.searchCycle(c, w.Recursive)
			if err != nil {
				return err
			}
			c = rc
		}
		sel, ok := c.Query.(*parser.SelectStmt)
		info := &cteInfo{def: c}
		q.nextID++
		info.id = q.nextID
		if !ok {
			if err := q.modifyingCTE(info, c); err != nil {
				return err
			}
			ctes[c.Name] = info
			continue
		}
		ctes[c.Name] = info
		if w.Recursive && sel.Op == parser.Union {
			if err := q.recursiveCTE(info, sel); err != nil {
				return err
			}
			continue
		}
		if !w.Recursive {
			delete(ctes, c.Name) // a CTE does not see itself
		}
		node, cols, err := q.cteBody(sel)
		ctes[c.Name] = info
		if err != nil {
			if pe, ok := err.(*pgerr.Error); ok && pe.Code == pgerr.InvalidRecursion && sel.Op != parser.SetOpNone {
				return q.errAt(pgerr.New(pgerr.InvalidRecursion, "recursive query %q does not have the form non-recursive-term UNION [ALL] recursive-term", c.Name), c.Location)
			}
			return err
		}
		if err := cteColsFit(c, len(cols)); err != nil {
			return q.errAt(err, c.Location)
		}
		info.cols = renameCols(cols, &parser.Alias{Cols: c.ColNames})
		info.node = &Materialize{Input: node, ID: info.id}
	}
	return nil
}

// cteBody plans a CTE's query. Its node runs inside the plan of the query
// that has the WITH, so it is a level of that query's own, like a FROM
// sub-select: its outer references are one level up from there.
func (q *analyzer) cteBody(sel *parser.SelectStmt) (Node, []Column, error) {
	var parent *scope
	if q.sc != nil {
		parent = q.sc.parent
	}
	saved := q.inCTE
	q.inCTE = true
	defer func() { q.inCTE = saved }()
	return q.selectIn(sel, &scope{parent: parent})
}

// modifyingCTE plans INSERT, UPDATE or DELETE in WITH: allowed only in
// the statement's own WITH, it runs once, to completion, whether the
// query reads its RETURNING rows or not (Query.Modifying), and like
// every part of the statement it sees the table as the statement began.
func (q *analyzer) modifyingCTE(info *cteInfo, c *parser.CommonTableExpr) error {
	if q.levels > 1 || q.inCTE {
		return q.errAt(pgerr.New(pgerr.FeatureNotSupported, "WITH clause containing a data-modifying statement must be at the top level"), c.Location)
	}
	saved, savedCTE, savedWith := q.sc, q.inCTE, q.withCTEs
	q.inCTE, q.withCTEs = true, saved.ctes
	defer func() { q.sc, q.inCTE, q.withCTEs = saved, savedCTE, savedWith }()
	var node Node
	var cols []Column
	var err error
	var target *Table
	switch s := c.Query.(type) {
	case *parser.InsertStmt:
		node, cols, err = q.insertStmt(s)
		if err == nil {
			target = node.(*Insert).Table
		}
	case *parser.UpdateStmt:
		node, cols, err = q.updateStmt(s)
		if err == nil {
			target = node.(*Update).Table
		}
	case *parser.DeleteStmt:
		node, cols, err = q.deleteStmt(s)
		if err == nil {
			target = node.(*Delete).Table
		}
	default:
		return q.errAt(pgerr.New(pgerr.FeatureNotSupported, "this statement is not supported in WITH"), c.Location)
	}
	if err != nil {
		return err
	}
	info.cols = renameCols(cols, &parser.Alias{Cols: c.ColNames})
	info.modifying = true
	m := &Materialize{Input: node, ID: info.id}
	info.node = m
	q.modifying = append(q.modifying, m)
	q.modified = append(q.modified, target)
	return nil
}

func containsCTE(w *parser.WithClause, info *cteInfo) bool {
	for _, c := range w.CTEs {
		if c == info.def {
			return true
		}
	}
	return false
}

func (q *analyzer) recursiveCTE(info *cteInfo, sel *parser.SelectStmt) error {
	seed, seedCols, err := q.cteBody(sel.Left)
	if err != nil {
		return err
	}
	if err := cteColsFit(info.def, len(seedCols)); err != nil {
		return q.errAt(err, info.def.Location)
	}
	cols := renameCols(seedCols, &parser.Alias{Cols: info.def.ColNames})
	info.cols = cols
	info.work = &WorkTableScan{ID: info.id, Cols: cols}
	info.workRefs = 0
	info.sublinks, info.nullable = q.sublinks, q.nullable
	step, stepCols, err := q.cteBody(sel.Right)
	info.work = nil
	if err != nil {
		return err
	}
	if len(stepCols) != len(cols) {
		return pgerr.New(pgerr.SyntaxError, "each UNION query must have the same number of columns")
	}
	if hasAggNode(step) {
		return pgerr.New(pgerr.InvalidRecursion, "aggregate functions are not allowed in a recursive query's recursive term")
	}
	exprs := make([]expr.Expr, len(cols))
	need := false
	for i := range cols {
		var x expr.Expr = &expr.Var{Index: i, T: stepCols[i].T}
		if stepCols[i].T.Oid != cols[i].T.Oid {
			need = true
			seedVar := &expr.Var{Index: i, T: cols[i].T}
			overall, err := q.commonType([]expr.Expr{seedVar, x}, "UNION", nil)
			if err != nil {
				return err
			}
			if overall.Oid != cols[i].T.Oid {
				return pgerr.New(pgerr.DatatypeMismatch, "recursive query %q column %d has type %s in non-recursive term but type %s overall", info.def.Name, i+1, types.FormatType(cols[i].T), types.FormatType(overall)).
					WithHint("Cast the output of the non-recursive term to the correct type.")
			}
			if x, err = q.coerce(x, cols[i].T, types.CastAssignment, -1); err != nil {
				return err
			}
		}
		exprs[i] = x
	}
	if need {
		step = &Project{Input: step, Exprs: exprs, Cols: cols}
	}
	info.node = &Materialize{Input: &RecursiveUnion{Seed: seed, Step: step, ID: info.id, All: sel.All, Cols: cols}, ID: info.id}
	return nil
}

func (q *analyzer) findCTE(name string) *cteInfo {
	for sc := q.sc; sc != nil; sc = sc.parent {
		if c, ok := sc.ctes[name]; ok {
			return c
		}
	}
	return nil
}

func (q *analyzer) cteReference(c *cteInfo) (Node, []Column, error) {
	if c.work != nil {
		if q.sublinks > c.sublinks {
			return nil, nil, pgerr.New(pgerr.InvalidRecursion, "recursive reference to query %q must not appear within a subquery", c.def.Name)
		}
		if q.nullable > c.nullable {
			return nil, nil, pgerr.New(pgerr.InvalidRecursion, "recursive reference to query %q must not appear within an outer join", c.def.Name)
		}
		if c.workRefs++; c.workRefs > 1 {
			return nil, nil, pgerr.New(pgerr.InvalidRecursion, "recursive reference to query %q must not appear more than once", c.def.Name)
		}
		return c.work, c.cols, nil
	}
	if c.node == nil {
		return nil, nil, pgerr.New(pgerr.InvalidRecursion, "recursive reference to query %q must not appear within its non-recursive term", c.def.Name)
	}
	if c.modifying && len(c.cols) == 0 {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "WITH query \"%s\" does not have a RETURNING clause", c.def.Name)
	}
	return c.node, c.cols, nil
}

// cteColsFit refuses a WITH query naming more columns than its query has.
func cteColsFit(c *parser.CommonTableExpr, ncols int) error {
	if len(c.ColNames) > ncols {
		return pgerr.New(pgerr.InvalidColumnReference, "WITH query %q has %d columns available but %d columns specified", c.Name, ncols, len(c.ColNames))
	}
	return nil
}

// hasAggNode reports whether a query's own plan aggregates (looking
// through the nodes that sit above an Agg node of its level).
func hasAggNode(n Node) bool {
	for {
		switch x := n.(type) {
		case *Agg:
			return true
		case *Project:
			n = x.Input
		case *Filter:
			n = x.Input
		case *Sort:
			n = x.Input
		case *Limit:
			n = x.Input
		case *Distinct:
			n = x.Input
		default:
			return false
		}
	}
}
