package engine

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Expression and partial indexes (see plan/exprindex.go): CREATE INDEX
// stores each key expression and the predicate as SQL text in pg_index
// (indexprs, indpred), as CHECK constraints are stored; planTable
// analyses them again for the planner and the executor, and loadIndex
// evaluates them over the existing rows.

// indexKeySpecs fills spec with the keys and predicate of CREATE INDEX n
// on table rel, and the columns they read. An expression that is a bare column ("(a)") is a column key,
// as in PostgreSQL.
func (s *Session) indexKeySpecs(rel *catalog.Relation, n *parser.IndexStmt, spec *catalog.IndexSpec) error {
	var t *plan.Table
	table := func() (*plan.Table, error) {
		if t != nil {
			return t, nil
		}
		var err error
		t, err = s.planTable(rel)
		return t, err
	}
	var reads []bool
	read := func(x expr.Expr) {
		if reads == nil {
			reads = make([]bool, len(t.Cols))
		}
		plan.ExprReads(x, reads)
	}
	for _, el := range n.Params {
		k := catalog.IndexKey{Column: el.Name, Desc: el.Dir == parser.SortDesc}
		k.NullsFirst = el.Nulls == parser.NullsFirst || (el.Nulls == parser.NullsDefault && k.Desc)
		if el.Name == "" {
			if el.Expr == nil {
				return pgerr.New(pgerr.SyntaxError, "index key has neither a column nor an expression")
			}
			t, err := table()
			if err != nil {
				return err
			}
			src := el.Expr.String()
			x, err := plan.ParseIndexExpr(src, t, sessionCatalog{s}, s.env, false)
			if err != nil {
				return err
			}
			read(x)
			if col, ok := plan.IndexKeyVar(x); ok {
				k.Column = t.Cols[col].Name
			} else {
				k.Expr, k.ExprType = src, x.Type()
				if _, ok := types.KeyType(k.ExprType); !ok {
					return pgerr.New(pgerr.UndefinedObject, "data type %s has no default operator class for access method \"btree\"", types.FormatType(k.ExprType)).
						WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
				}
			}
		}
		spec.Keys = append(spec.Keys, k)
	}
	if n.Where != nil {
		t, err := table()
		if err != nil {
			return err
		}
		src := n.Where.String()
		x, err := plan.ParseIndexExpr(src, t, sessionCatalog{s}, s.env, true)
		if err != nil {
			return err
		}
		read(x)
		spec.Predicate = src
	}
	for col, r := range reads {
		if r {
			spec.ExprColumns = append(spec.ExprColumns, t.Cols[col].Name)
		}
	}
	return nil
}

// planIndexExprs fills the expression keys and the predicate of pix (an
// index of rel, whose planner description t is being built) from the
// catalog's text.
func (s *Session) planIndexExprs(rel *catalog.Relation, t *plan.Table, ix *catalog.Index, pix *plan.Index) error {
	if len(ix.Exprs) == 0 && ix.Predicate == "" {
		return nil
	}
	cat := sessionCatalog{s}
	pix.Reads = make([]bool, len(t.Cols))
	n := 0
	for k, key := range ix.Keys {
		if key > 0 {
			pix.Exprs = append(pix.Exprs, nil)
			pix.KeyNames = append(pix.KeyNames, t.Cols[key-1].Name)
			continue
		}
		if n >= len(ix.Exprs) {
			return pgerr.New(pgerr.InternalError, "index %q has no expression for key column %d", ix.Name, k+1)
		}
		src := ix.Exprs[n]
		n++
		x, err := plan.ParseIndexExpr(src, t, cat, s.env, false)
		if err != nil {
			return err
		}
		plan.ExprReads(x, pix.Reads)
		pix.Types[k] = x.Type()
		pix.Exprs = append(pix.Exprs, x)
		pix.KeyNames = append(pix.KeyNames, s.indexExprLabel(x, src))
	}
	if len(ix.Exprs) == 0 {
		pix.Exprs, pix.KeyNames = nil, nil
	}
	if ix.Predicate != "" {
		x, err := plan.ParseIndexExpr(ix.Predicate, t, cat, s.env, true)
		if err != nil {
			return err
		}
		plan.ExprReads(x, pix.Reads)
		pix.Pred = x
	}
	return nil
}

// indexExprText prints an index key expression as pg_get_indexdef does:
// deparsed, and parenthesised unless it is a bare function call.
func (s *Session) indexExprText(rel *catalog.Relation, src string, pretty bool) string {
	out, ok := s.deparseIndexExpr(rel, src, pretty)
	if !ok {
		out = src
	}
	if looksLikeFunction(out) {
		return out
	}
	return "(" + out + ")"
}

// indexExprLabel prints analysed key expression x (stored as src) as
// pg_get_indexdef does in pretty mode, for messages. It works on x
// because it runs while the table's description is being built.
func (s *Session) indexExprLabel(x expr.Expr, src string) string {
	d := &deparser{s: s, pretty: true, ok: true, argCasts: true}
	out := d.top(x)
	if !d.ok || lostCall(src, out) {
		out = src
	}
	if looksLikeFunction(out) {
		return out
	}
	return "(" + out + ")"
}

// deparseIndexExpr is deparseTyped for an index expression, whose
// function arguments show their implicit casts.
func (s *Session) deparseIndexExpr(rel *catalog.Relation, src string, pretty bool) (string, bool) {
	t, err := s.planTable(rel)
	if err != nil {
		return "", false
	}
	x, err := plan.ParseExpr(src, t, sessionCatalog{s}, s.env)
	if err != nil {
		return "", false
	}
	d := &deparser{s: s, pretty: pretty, ok: true, argCasts: true}
	out := d.top(x)
	return out, d.ok && !lostCall(src, out)
}

// indexPredText prints a partial index's predicate as pg_get_indexdef
// does (deparsed; outside pretty mode an operator is parenthesised).
func (s *Session) indexPredText(rel *catalog.Relation, src string, pretty bool) string {
	if out, ok := s.deparseTyped(rel, src, pretty); ok {
		return out
	}
	if pretty {
		return src
	}
	return "(" + src + ")"
}

// indexKeyLabel names key k of pix in messages: the column, or the
// expression as pg_get_indexdef prints it.
func indexKeyLabel(t *plan.Table, pix *plan.Index, k int) string {
	if k < len(pix.KeyNames) {
		return pix.KeyNames[k]
	}
	if col := pix.Cols[k]; col >= 0 {
		return t.Cols[col].Name
	}
	return "?"
}

// indexRowEval evaluates an expression index's keys and predicate over
// the rows an index build reads.
type indexRowEval struct {
	pix   *plan.Index
	t     *plan.Table
	h     *heap.Heap
	row   []types.Datum
	frame expr.Frame
}

// newIndexRowEval returns nil for an index of plain columns.
func (s *Session) newIndexRowEval(t *plan.Table, pix *plan.Index, h *heap.Heap) *indexRowEval {
	if pix.Exprs == nil && pix.Pred == nil {
		return nil
	}
	return &indexRowEval{pix: pix, t: t, h: h, row: make([]types.Datum, len(t.Cols)),
		frame: expr.Frame{Ctx: s.fctx}}
}

// load converts the columns the expressions read from a heap tuple's
// stored values, and reports whether the row belongs in the index.
func (ev *indexRowEval) load(vals [][]byte, nulls []bool) (bool, error) {
	for col, read := range ev.pix.Reads {
		if !read {
			continue
		}
		d, err := storedColumn(ev.h, ev.t, col, vals, nulls)
		if err != nil {
			return false, err
		}
		ev.row[col] = d
	}
	ev.frame.Row = ev.row
	if ev.pix.Pred == nil {
		return true, nil
	}
	v, err := ev.pix.Pred.Eval(&ev.frame)
	if err != nil {
		return false, err
	}
	return !v.Null && v.I != 0, nil
}

// key evaluates expression key k over the row load read.
func (ev *indexRowEval) key(k int) (types.Datum, error) {
	if k >= len(ev.pix.Exprs) || ev.pix.Exprs[k] == nil {
		return types.Null, pgerr.New(pgerr.InternalError, "index %q has no expression for key column %d", ev.pix.Name, k+1)
	}
	return ev.pix.Exprs[k].Eval(&ev.frame)
}

// storedColumn converts column col of a deformed heap tuple, detoasting
// compressed and out-of-line values.
func storedColumn(h *heap.Heap, t *plan.Table, col int, vals [][]byte, nulls []bool) (types.Datum, error) {
	if col >= len(vals) || nulls[col] {
		return types.Null, nil
	}
	raw := vals[col]
	if t.Desc.Attrs[col].Len == tuple.VarlenaLen {
		kind, _, err := tuple.VarInfo(raw)
		if err != nil {
			return types.Null, err
		}
		if kind == tuple.VarCompressed || kind == tuple.VarExternal {
			p, err := h.Detoast(raw)
			if err != nil {
				return types.Null, err
			}
			raw = tuple.MakeVarlena(p)
		}
	}
	return types.FromStored(t.Cols[col].T, raw)
}

// renameIndexExprColumn rewrites the stored key expressions and
// predicates of rel's indexes that read column oldName so that they read
// newName: they are SQL text, which names columns. Each is re-printed
// from its analysed tree in the form pg_get_indexdef gives.
func (s *Session) renameIndexExprColumn(rel *catalog.Relation, oldName, newName string) error {
	col := -1
	for i, c := range rel.Columns {
		if !c.Dropped && c.Name == oldName {
			col = i
		}
	}
	if col < 0 {
		return nil // RenameColumn reports the missing column
	}
	var t *plan.Table
	for _, ix := range rel.Indexes {
		if len(ix.Exprs) == 0 && ix.Predicate == "" {
			continue
		}
		if t == nil {
			var err error
			if t, err = s.planTable(rel); err != nil {
				return err
			}
		}
		var exprs []string
		changed := false
		for _, src := range ix.Exprs {
			out, moved, err := s.renameInExpr(t, src, false, col, newName)
			if err != nil {
				return err
			}
			exprs = append(exprs, out)
			changed = changed || moved
		}
		pred := ""
		if ix.Predicate != "" {
			out, moved, err := s.renameInExpr(t, ix.Predicate, true, col, newName)
			if err != nil {
				return err
			}
			if moved {
				pred, changed = out, true
			}
		}
		if !changed {
			continue
		}
		if err := s.cat.SetIndexExprs(s.xact, s.snapshot(), ix.Oid, exprs, pred); err != nil {
			return err
		}
	}
	return nil
}

// renameInExpr re-prints stored expression src of table t with column
// col called name; moved is false when src does not read col.
func (s *Session) renameInExpr(t *plan.Table, src string, pred bool, col int, name string) (string, bool, error) {
	x, err := plan.ParseIndexExpr(src, t, sessionCatalog{s}, s.env, pred)
	if err != nil {
		return "", false, err
	}
	reads := make([]bool, len(t.Cols))
	plan.ExprReads(x, reads)
	if !reads[col] {
		return src, false, nil
	}
	plan.RenameVars(x, col, name)
	d := &deparser{s: s, ok: true, argCasts: true}
	out := d.top(x)
	if !d.ok || lostCall(src, out) {
		return "", false, pgerr.New(pgerr.FeatureNotSupported, "cannot rename column \"%s\": an index expression reading it cannot be rewritten", t.Cols[col].Name)
	}
	return out, true, nil
}
