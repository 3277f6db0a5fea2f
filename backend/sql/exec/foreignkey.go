package exec

import (
	"strings"

	"ringpg/backend/access/btree"
	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Foreign keys are checked row by row as rows change (PostgreSQL checks
// them at the end of the statement, which only differs for a statement
// that inserts a referencing row before the row it references):
//   - a new or changed referencing row must find its key in the referenced
//     table, whose row is then locked FOR KEY SHARE so that it cannot be
//     deleted until this transaction ends;
//   - a deleted referenced row, or one whose key changes, must not be
//     referenced any more (NO ACTION and RESTRICT), or its referencing rows
//     are deleted (CASCADE) or have their key set to NULL (SET NULL) or
//     to the columns' defaults (SET DEFAULT).

// checkFKsOut checks the foreign keys of a new or updated row of t. old
// is the row before an update (nil for an insert): keys that did not
// change are not checked again.
func (s *state) checkFKsOut(t *plan.Table, row, old []types.Datum) error {
	for _, fk := range t.FKs {
		if fkKeyHasNull(fk.Cols, row) {
			if fk.MatchFull && !fkKeyAllNull(fk.Cols, row) {
				return pgerr.New(pgerr.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", t.Name, fk.Name).
					WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.").
					WithConstraint(t.Schema, t.Name, fk.Name)
			}
			continue
		}
		if old != nil && !fkKeyChanged(t, fk.Cols, row, old) {
			continue
		}
		ok, err := s.referencedRowExists(fk, row)
		if err != nil {
			return err
		}
		if !ok {
			return pgerr.New(pgerr.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", t.Name, fk.Name).
				WithDetail("Key (%s)=(%s) is not present in table \"%s\".", colNames(t, fk.Cols), keyValues(s, t, fk.Cols, row), fk.To.Name).
				WithConstraint(t.Schema, t.Name, fk.Name)
		}
	}
	return nil
}

// checkFKsIn applies the foreign keys that reference t to a deleted row of
// t (new nil) or one whose key changed: NO ACTION and RESTRICT refuse while
// a referencing row exists; CASCADE deletes the referencing rows (on
// delete) or moves them to the new key (on update); SET NULL and SET
// DEFAULT change their key columns.
func (s *state) checkFKsIn(t *plan.Table, old, new []types.Datum) error {
	for _, fk := range t.RefBy {
		if fkKeyHasNull(fk.RefCols, old) || new != nil && !fkKeyChanged(t, fk.RefCols, new, old) {
			continue
		}
		action := fk.OnDelete
		if new != nil {
			action = fk.OnUpdate
		}
		var err error
		switch action {
		case 'c':
			if new == nil {
				err = s.cascadeDelete(fk, old)
			} else {
				err = s.setReferencing(fk, old, func(row []types.Datum) {
					for k, c := range fk.Cols {
						row[c] = new[fk.RefCols[k]]
					}
				})
			}
		case 'n':
			err = s.setReferencing(fk, old, func(row []types.Datum) {
				for _, c := range fk.Cols {
					row[c] = types.Null
				}
			})
		case 'd':
			var defs []types.Datum
			if defs, err = s.keyDefaultValues(fk); err != nil {
				break
			}
			err = s.setReferencing(fk, old, func(row []types.Datum) {
				for k, c := range fk.Cols {
					row[c] = defs[k]
				}
			})
			// A default equal to the old key still references it.
			if err == nil {
				err = s.stillReferenced(t, fk, old)
			}
		default:
			if action == 'a' && s.deferNoAction {
				s.noAction = append(s.noAction, pendingFK{t: t, fk: fk, old: append([]types.Datum(nil), old...)})
				break
			}
			err = s.stillReferenced(t, fk, old)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// pendingFK is a NO ACTION check of a deleted key, made once the
// statement has deleted all its rows: a row referencing the key may be
// deleted by the same statement (a self-referencing table emptied).
type pendingFK struct {
	t   *plan.Table
	fk  *plan.ForeignKey
	old []types.Datum
}

// checkNoAction makes the NO ACTION checks put off until now.
func (s *state) checkNoAction() error {
	pending := s.noAction
	s.noAction = nil
	for _, p := range pending {
		if err := s.stillReferenced(p.t, p.fk, p.old); err != nil {
			return err
		}
	}
	return nil
}

// stillReferenced fails with 23503 while a row of fk.From references
// key old of t.
func (s *state) stillReferenced(t *plan.Table, fk *plan.ForeignKey, old []types.Datum) error {
	found, err := s.forReferencing(fk, old, func(tuple.TID, []types.Datum) (bool, error) { return false, nil })
	if err == nil && found {
		err = pgerr.New(pgerr.ForeignKeyViolation, "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", t.Name, fk.Name, fk.From.Name).
			WithDetail("Key (%s)=(%s) is still referenced from table \"%s\".", colNames(t, fk.RefCols), keyValues(s, t, fk.RefCols, old), fk.From.Name).
			WithConstraint(fk.From.Schema, fk.From.Name, fk.Name)
	}
	return err
}

// keyDefaultValues evaluates the defaults of fk's referencing columns.
func (s *state) keyDefaultValues(fk *plan.ForeignKey) ([]types.Datum, error) {
	out := make([]types.Datum, len(fk.Cols))
	for i := range fk.Cols {
		if i >= len(fk.Defaults) {
			out[i] = types.Null
			continue
		}
		v, err := fk.Defaults[i].Eval(&expr.Frame{Ctx: s.env.Ctx})
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// cascadeDelete deletes the rows that reference the deleted key, and
// applies their own referencing foreign keys in turn.
func (s *state) cascadeDelete(fk *plan.ForeignKey, old []types.Datum) error {
	h, err := s.env.Heap(fk.From)
	if err != nil {
		return err
	}
	var rows [][]types.Datum
	var tids []tuple.TID
	if _, err := s.forReferencing(fk, old, func(tid tuple.TID, row []types.Datum) (bool, error) {
		rows = append(rows, append([]types.Datum(nil), row...))
		tids = append(tids, tid)
		return true, nil
	}); err != nil {
		return err
	}
	txn := s.env.Txn
	for i, tid := range tids {
		for {
			if err := s.ssiWillWrite(); err != nil {
				return err
			}
			res, err := h.Delete(txn, tid)
			if err != nil {
				return err
			}
			if res.Status == heap.TMBeingModified {
				if err := txn.WaitXid(res.Xmax); err != nil {
					return err
				}
				continue
			}
			if res.Status == heap.TMOk {
				if err := s.ssiWrite(fk.From, tid); err != nil {
					return err
				}
				s.env.counts(fk.From.DB, fk.From.Oid).Deleted++
				if err := s.checkFKsIn(fk.From, rows[i], nil); err != nil {
					return err
				}
			} else if res.Status == heap.TMUpdated && !txn.IsolationRC() {
				return serializationFailure(false)
			}
			break
		}
	}
	return nil
}

// setReferencing rewrites the key of every row referencing old with set.
func (s *state) setReferencing(fk *plan.ForeignKey, old []types.Datum, set func(row []types.Datum)) error {
	h, err := s.env.Heap(fk.From)
	if err != nil {
		return err
	}
	var rows [][]types.Datum
	var tids []tuple.TID
	if _, err := s.forReferencing(fk, old, func(tid tuple.TID, row []types.Datum) (bool, error) {
		rows = append(rows, append([]types.Datum(nil), row...))
		tids = append(tids, tid)
		return true, nil
	}); err != nil {
		return err
	}
	u := newRowUpdater(s, fk.From, h)
	for i, tid := range tids {
		_, _, err := u.update(tid, rows[i], func(cur []types.Datum, _ bool) ([]types.Datum, bool, error) {
			nr := append([]types.Datum(nil), cur...)
			set(nr)
			return nr, true, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func fkKeyHasNull(cols []int, row []types.Datum) bool {
	for _, c := range cols {
		if row[c].Null {
			return true
		}
	}
	return false
}

func fkKeyAllNull(cols []int, row []types.Datum) bool {
	for _, c := range cols {
		if !row[c].Null {
			return false
		}
	}
	return true
}

func fkKeyChanged(t *plan.Table, cols []int, a, b []types.Datum) bool {
	for _, c := range cols {
		if a[c].Null != b[c].Null || !a[c].Null && !types.Equal(t.Cols[c].T, a[c], b[c]) {
			return true
		}
	}
	return false
}

func colNames(t *plan.Table, cols []int) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = t.Cols[c].Name
	}
	return strings.Join(names, ", ")
}

func keyValues(s *state, t *plan.Table, cols []int, row []types.Datum) string {
	vals := make([]string, len(cols))
	for i, c := range cols {
		vals[i] = types.Output(t.Cols[c].T, row[c], s.env.Ctx.Env)
	}
	return strings.Join(vals, ", ")
}

// referencedRowExists looks the key up in the referenced table's unique
// index and locks the live row it finds FOR KEY SHARE.
func (s *state) referencedRowExists(fk *plan.ForeignKey, row []types.Datum) (bool, error) {
	ix := fk.RefIndex
	var key []byte
	for k, refCol := range fk.RefCols {
		v := row[fk.Cols[k]]
		t := fk.To.Cols[refCol].T
		if from := fk.From.Cols[fk.Cols[k]].T; from != t {
			cv, err := types.Cast(v, from, t, false, s.env.Ctx.Env)
			if err != nil {
				return false, err
			}
			v = cv
		}
		var err error
		if key, err = types.AppendKey(key, t, v, keyenc.Order{Desc: ix.Desc[k], NullsFirst: ix.NullsFirst[k]}); err != nil {
			return false, err
		}
	}
	h, err := s.env.Heap(fk.To)
	if err != nil {
		return false, err
	}
	tids, err := s.env.Index(fk.To, ix).Lookup(key, nil)
	if err != nil {
		return false, err
	}
	for _, tid := range tids {
		live, err := s.lockIfVisible(h, tuple.TID{Block: tid.Block, Offset: tid.Offset})
		if err != nil || live {
			return live, err
		}
	}
	return false, nil
}

// OwnWritesSnapshotter is implemented by a Txn that can give a snapshot
// seeing the current command's own writes too: foreign-key checks need it,
// as PostgreSQL's run after the statement (a cascaded update of a key
// points at the row the statement just wrote).
type OwnWritesSnapshotter interface {
	SnapshotWithOwnWrites() heap.Snapshot
}

func (s *state) fkSnapshot() heap.Snapshot {
	if o, ok := s.env.Txn.(OwnWritesSnapshotter); ok {
		return o.SnapshotWithOwnWrites()
	}
	return s.env.Txn.LatestSnapshot()
}

// lockIfVisible locks the newest visible version of the row at tid FOR KEY
// SHARE, waiting for a transaction that is changing it; it reports whether
// a live row was locked. A version updated by a committed transaction is
// followed to its successor, which is locked as it is, whatever the
// snapshot says (as PostgreSQL's row locking follows the update chain to
// its last version): the successor's transaction may have committed after
// the snapshot was taken, or may still be making its commit durable.
func (s *state) lockIfVisible(h *heap.Heap, tid tuple.TID) (bool, error) {
	var next tuple.TID // the successor to lock next; none while Block is InvalidBlock
	next.Block = heap.InvalidBlock
	for attempt := 0; attempt < 100; attempt++ {
		cur := next
		if cur.Block == heap.InvalidBlock {
			t, found, err := h.HotFetch(s.fkSnapshot(), tid)
			if err != nil || !found {
				return false, err
			}
			if t.Header.Xmin == s.env.Txn.Xid() && t.Header.Xmax == 0 {
				// Written by this very statement: no one else can see it,
				// let alone delete it, before this transaction ends.
				return true, nil
			}
			cur = t.TID
		}
		res, err := h.LockTuple(s.env.Txn, cur, heap.LockKeyShare)
		if err != nil {
			return false, err
		}
		switch res.Status {
		case heap.TMOk, heap.TMSelfModified:
			return true, nil
		case heap.TMBeingModified:
			if err := s.env.Txn.WaitXid(res.Xmax); err != nil {
				return false, err
			}
			next = cur // look at the same version again
		case heap.TMUpdated:
			if res.Ctid == cur {
				return false, nil // deleted
			}
			next = res.Ctid
		default:
			return false, nil
		}
	}
	return false, pgerr.New(pgerr.InternalError, "could not lock the referenced row")
}

// forReferencing calls visit for each row of the referencing table that
// the transaction sees now and that holds the key of old; visit returns
// whether to go on. found reports whether there was any.
func (s *state) forReferencing(fk *plan.ForeignKey, old []types.Datum, visit func(tid tuple.TID, row []types.Datum) (bool, error)) (found bool, err error) {
	h, err := s.env.Heap(fk.From)
	if err != nil {
		return false, err
	}
	want := make([]types.Datum, len(fk.From.Cols))
	for k, c := range fk.Cols {
		want[c] = old[fk.RefCols[k]]
	}
	matches := func(row []types.Datum) bool {
		for _, c := range fk.Cols {
			if row[c].Null || !types.Equal(fk.From.Cols[c].T, row[c], want[c]) {
				return false
			}
		}
		return true
	}
	snap := s.fkSnapshot()
	codec := newRowCodec(fk.From, h)
	if ix := fk.FromIndex; ix != nil {
		var key []byte
		for k := range fk.Cols {
			if key, err = types.AppendKey(key, ix.Types[k], want[ix.Cols[k]], keyenc.Order{Desc: ix.Desc[k], NullsFirst: ix.NullsFirst[k]}); err != nil {
				return false, err
			}
		}
		sc := s.env.Index(fk.From, ix).Scan(btree.ScanSpec{Lower: key, Upper: key, NoPin: true})
		defer sc.Close()
		row := make([]types.Datum, len(fk.From.Cols))
		for sc.Next() {
			tid := sc.TID()
			t, found, err := h.HotFetch(snap, tuple.TID{Block: tid.Block, Offset: tid.Offset})
			if err != nil {
				return false, err
			}
			if !found {
				continue
			}
			if err := codec.deform(t.Data, row); err != nil {
				return found, err
			}
			if matches(row) {
				found = true
				if more, err := visit(t.TID, row); err != nil || !more {
					return found, err
				}
			}
		}
		return found, sc.Err()
	}
	scan, err := h.Scan(snap)
	if err != nil {
		return false, err
	}
	defer scan.Close()
	row := make([]types.Datum, len(fk.From.Cols))
	for scan.Next() {
		tup := scan.Tuple()
		if err := codec.deform(tup.Data, row); err != nil {
			return found, err
		}
		if matches(row) {
			found = true
			if more, err := visit(tup.TID, row); err != nil || !more {
				return found, err
			}
		}
	}
	return found, scan.Err()
}
