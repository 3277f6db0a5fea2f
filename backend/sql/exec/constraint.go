package exec

import (
	"errors"
	"strings"

	"ringpg/backend/access/btree"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// failingRow renders a row for a constraint violation's DETAIL, as
// PostgreSQL does: its columns' text forms, null for NULL, dropped
// columns left out.
func (s *state) failingRow(t *plan.Table, row []types.Datum) string {
	var b strings.Builder
	b.WriteString("Failing row contains (")
	first := true
	for i, c := range t.Cols {
		if c.Dropped {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		if i >= len(row) || row[i].Null {
			b.WriteString("null")
			continue
		}
		b.WriteString(types.Output(c.T, row[i], s.env.Ctx.Env))
	}
	b.WriteString(").")
	return b.String()
}

// checkRow enforces NOT NULL and CHECK constraints on a new row of t
// (CHECK passes on true and on NULL).
func (s *state) checkRow(t *plan.Table, row []types.Datum, f *expr.Frame) error {
	for i, c := range t.Cols {
		if c.Domain != nil && !c.Dropped {
			if err := c.Domain.Check(row[i], f.Ctx); err != nil {
				return err
			}
		}
	}
	for i, c := range t.Cols {
		if c.NotNull && !c.Dropped && row[i].Null {
			return pgerr.New(pgerr.NotNullViolation, "null value in column \"%s\" of relation \"%s\" violates not-null constraint", c.Name, t.Name).
				WithDetail("%s", s.failingRow(t, row)).
				WithColumn(t.Schema, t.Name, c.Name)
		}
	}
	if len(t.Checks) == 0 {
		return nil
	}
	saved := f.Row
	f.Row = row
	defer func() { f.Row = saved }()
	for _, ck := range t.Checks {
		v, err := ck.Expr.Eval(f)
		if err != nil {
			return err
		}
		if !v.Null && v.I == 0 {
			return pgerr.New(pgerr.CheckViolation, "new row for relation \"%s\" violates check constraint \"%s\"", t.Name, ck.Name).
				WithDetail("%s", s.failingRow(t, row)).
				WithConstraint(t.Schema, t.Name, ck.Name)
		}
	}
	return nil
}

// indexKey appends index ix's key for row to dst; hasNull reports a NULL
// key column (such keys never conflict). Expression keys need
// indexKeyEval.
func indexKey(dst []byte, ix *plan.Index, row []types.Datum) (key []byte, hasNull bool, err error) {
	return indexKeyEval(dst, ix, row, nil)
}

// indexKeyEval is indexKey computing expression keys with frame f.
func indexKeyEval(dst []byte, ix *plan.Index, row []types.Datum, f *expr.Frame) (key []byte, hasNull bool, err error) {
	for i := range ix.Cols {
		v, err := keyValue(ix, i, row, f)
		if err != nil {
			return nil, false, err
		}
		if v.Null {
			hasNull = true
		}
		if dst, err = appendKey(dst, ix.Types[i], v, keyOrder(ix, i)); err != nil {
			return nil, false, err
		}
	}
	return dst, hasNull, nil
}

// keyValue is key column i of index ix for row: the column's value, or
// its expression evaluated over row with frame f.
func keyValue(ix *plan.Index, i int, row []types.Datum, f *expr.Frame) (types.Datum, error) {
	if col := ix.Cols[i]; col >= 0 {
		return row[col], nil
	}
	if f == nil || i >= len(ix.Exprs) || ix.Exprs[i] == nil {
		return types.Null, pgerr.New(pgerr.InternalError, "index %q: no expression for key column %d", ix.Name, i+1)
	}
	return evalOver(ix.Exprs[i], row, f)
}

// evalOver evaluates x with f.Row set to row.
func evalOver(x expr.Expr, row []types.Datum, f *expr.Frame) (types.Datum, error) {
	saved := f.Row
	f.Row = row
	v, err := x.Eval(f)
	f.Row = saved
	return v, err
}

// indexCovers reports whether row has an entry in index ix: always, but
// for a partial index only when its predicate is true.
func indexCovers(ix *plan.Index, row []types.Datum, f *expr.Frame) (bool, error) {
	if ix.Pred == nil {
		return true, nil
	}
	if f == nil {
		return false, pgerr.New(pgerr.InternalError, "index %q: predicate without a frame", ix.Name)
	}
	v, err := evalOver(ix.Pred, row, f)
	if err != nil {
		return false, err
	}
	return !v.Null && v.I != 0, nil
}

// keyChanged reports whether index ix's columns differ between two rows of
// t, counting every column its expressions and predicate read.
func keyChanged(t *plan.Table, ix *plan.Index, a, b []types.Datum) bool {
	for i, col := range ix.Cols {
		if col >= 0 && datumChanged(ix.Types[i], a[col], b[col]) {
			return true
		}
	}
	for col, read := range ix.Reads {
		if read && datumChanged(t.Cols[col].T, a[col], b[col]) {
			return true
		}
	}
	return false
}

// datumChanged reports whether two values of type t differ.
func datumChanged(t types.T, x, y types.Datum) bool {
	if x.Null || y.Null {
		return x.Null != y.Null
	}
	if !equalDatum(t, x, y) {
		return true
	}
	// Equal values may still differ in storage (numeric scale): the
	// index would keep the old ones, which is what PostgreSQL's binary
	// comparison avoids. Compare the stored forms too.
	return t.Oid == types.NumericOid && types.Output(t, x, nil) != types.Output(t, y, nil)
}

// dirtySnapshot sees the versions a unique check must consider: live ones,
// and those a running transaction is inserting or deleting (whose xid it
// notes, to wait for).
type dirtySnapshot struct {
	txn  Txn
	wait uint64
}

func (d *dirtySnapshot) Visible(h *tuple.Header) bool {
	live, w := d.txn.TupleLive(h)
	if w != 0 {
		d.wait = w
		return true
	}
	return live
}

// isLive is the unique check's view of a heap TID: whether the HOT chain
// it roots has a live member, or one in flux.
func (w *indexWriter) isLive(tid btree.TID) (bool, uint64, error) {
	w.ds = dirtySnapshot{txn: w.s.env.Txn}
	_, found, err := w.h.HotFetch(&w.ds, tuple.TID{Block: tid.Block, Offset: tid.Offset})
	if err != nil || !found {
		return false, 0, err
	}
	if w.ds.wait != 0 {
		return false, w.ds.wait, nil
	}
	return true, 0, nil
}

// indexWriter inserts a table's index entries for new versions.
type indexWriter struct {
	s    *state
	t    *plan.Table
	h    *heap.Heap
	key  []byte
	live btree.IsLive // w.isLive, bound once: a method value per insertion would allocate
	ds   dirtySnapshot
	// frame evaluates expression keys and predicates (set on first use).
	frame    expr.Frame
	hasFrame bool
}

// exprFrame is the frame for index expressions, made on first use.
func (w *indexWriter) exprFrame() *expr.Frame {
	if !w.hasFrame {
		w.frame, w.hasFrame = w.s.frame(nil), true
	}
	return &w.frame
}

// insert adds row's entries, for a version at tid, to every index. With
// old (a non-HOT update's previous values), a unique index whose key did
// not change needs no check: the old version is this statement's own.
func (w *indexWriter) insert(row, old []types.Datum, tid tuple.TID) error {
	bt := btree.TID{Block: tid.Block, Offset: tid.Offset}
	for _, ix := range w.t.Indexes {
		var f *expr.Frame
		if ix.Exprs != nil || ix.Pred != nil {
			f = w.exprFrame()
			in, err := indexCovers(ix, row, f)
			if err != nil {
				return err
			}
			if !in {
				continue
			}
		}
		key, hasNull, err := indexKeyEval(w.key[:0], ix, row, f)
		if err != nil {
			return err
		}
		w.key = key
		b := w.s.env.Index(w.t, ix)
		if !ix.Unique || hasNull || old != nil && !keyChanged(w.t, ix, old, row) {
			if err := b.Insert(key, bt); err != nil {
				return err
			}
			continue
		}
		if err := w.insertUnique(b, ix, key, bt, row); err != nil {
			return err
		}
	}
	return nil
}

// insertUnique inserts a unique index entry, waiting for transactions
// that are inserting or deleting an equal key to end.
func (w *indexWriter) insertUnique(b *btree.Index, ix *plan.Index, key []byte, tid btree.TID, row []types.Datum) error {
	for {
		if w.live == nil {
			w.live = w.isLive
		}
		err := b.InsertUnique(key, tid, w.live)
		if err == nil {
			return nil
		}
		var ip *btree.InProgressError
		if errors.As(err, &ip) {
			if err := w.s.env.Txn.WaitXid(ip.Xid); err != nil {
				return err
			}
			continue
		}
		var pe *pgerr.Error
		if errors.As(err, &pe) && pe.Code == pgerr.UniqueViolation {
			return w.s.uniqueViolation(w.t, ix, row)
		}
		return err
	}
}

// uniqueViolation is 23505 for row's key in ix.
func (s *state) uniqueViolation(t *plan.Table, ix *plan.Index, row []types.Datum) error {
	name := ix.ConstraintName
	if name == "" {
		name = ix.Name
	}
	var f *expr.Frame
	if ix.Exprs != nil {
		fr := s.frame(nil)
		f = &fr
	}
	var cols, vals strings.Builder
	for i, col := range ix.Cols {
		if i > 0 {
			cols.WriteString(", ")
			vals.WriteString(", ")
		}
		if i < len(ix.KeyNames) {
			cols.WriteString(ix.KeyNames[i])
		} else if col >= 0 {
			cols.WriteString(t.Cols[col].Name)
		}
		v, err := keyValue(ix, i, row, f)
		if err != nil {
			return err
		}
		if v.Null {
			vals.WriteString("null")
		} else {
			vals.WriteString(types.Output(ix.Types[i], v, s.env.Ctx.Env))
		}
	}
	return pgerr.New(pgerr.UniqueViolation, "duplicate key value violates unique constraint \"%s\"", name).
		WithDetail("Key (%s)=(%s) already exists.", cols.String(), vals.String()).
		WithConstraint(t.Schema, t.Name, name)
}
