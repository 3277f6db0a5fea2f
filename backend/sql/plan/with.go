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
			return err
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
	cols := renameCols(seedCols, &parser.Alias{Cols: info.def.ColNames})
	info.cols = cols
	info.work = &WorkTableScan{ID: info.id, Cols: cols}
	info.workRefs = 0
	step, stepCols, err := q.cteBody(sel.Right)
	info.work = nil
	if err != nil {
		return err
	}
	if len(stepCols) != len(cols) {
		return pgerr.New(pgerr.SyntaxError, "each UNION query must have the same number of columns")
	}
	exprs := make([]expr.Expr, len(cols))
	need := false
	for i := range cols {
		var x expr.Expr = &expr.Var{Index: i, T: stepCols[i].T}
		if stepCols[i].T.Oid != cols[i].T.Oid {
			need = true
			if x, err = q.coerce(x, cols[i].T, types.CastAssignment, -1); err != nil {
				return pgerr.New(pgerr.DatatypeMismatch, "recursive query %q column %d has type %s in non-recursive term but type %s overall", info.def.Name, i+1, types.FormatType(cols[i].T), types.FormatType(stepCols[i].T))
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
