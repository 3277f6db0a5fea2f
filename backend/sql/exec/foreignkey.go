package exec

import (
	"strings"

	"ringpg/backend/access/btree"
	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
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
//     referenced any more (NO ACTION and RESTRICT; other actions answer
//     0A000 for now).

// checkFKsOut checks the foreign keys of a new or updated row of t. old
// is the row before an update (nil for an insert): keys that did not
// change are not checked again.
func (s *state) checkFKsOut(t *plan.Table, row, old []types.Datum) error {
	for _, fk := range t.FKs {
		if fkKeyHasNull(fk.Cols, row) || old != nil && !fkKeyChanged(t, fk.Cols, row, old) {
			continue
		}
		ok, err := s.referencedRowExists(fk, row)
		if err != nil {
			return err
		}
		if !ok {
			return pgerr.New(pgerr.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", t.Name, fk.Name).
				WithDetail("Key (%s)=(%s) is not present in table \"%s\".", colNames(t, fk.Cols), keyValues(s, t, fk.Cols, row), fk.To.Name)
		}
	}
	return nil
}

// checkFKsIn checks that a deleted row of t (or one whose key changed, new
// non-nil) is no longer referenced.
func (s *state) checkFKsIn(t *plan.Table, old, new []types.Datum) error {
	for _, fk := range t.RefBy {
		if fkKeyHasNull(fk.RefCols, old) || new != nil && !fkKeyChanged(t, fk.RefCols, new, old) {
			continue
		}
		action := fk.OnDelete
		if new != nil {
			action = fk.OnUpdate
		}
		if action != 'a' && action != 'r' && action != 0 {
			return pgerr.New(pgerr.FeatureNotSupported, "foreign key actions other than NO ACTION and RESTRICT are not supported yet (constraint \"%s\")", fk.Name)
		}
		found, err := s.referencingRowExists(fk, old)
		if err != nil {
			return err
		}
		if found {
			return pgerr.New(pgerr.ForeignKeyViolation, "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", t.Name, fk.Name, fk.From.Name).
				WithDetail("Key (%s)=(%s) is still referenced from table \"%s\".", colNames(t, fk.RefCols), keyValues(s, t, fk.RefCols, old), fk.From.Name)
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

// lockIfVisible locks the newest visible version of the row at tid FOR KEY
// SHARE, waiting for a transaction that is changing it; it reports whether
// a live row was locked.
func (s *state) lockIfVisible(h *heap.Heap, tid tuple.TID) (bool, error) {
	for attempt := 0; attempt < 100; attempt++ {
		t, found, err := h.HotFetch(s.env.Txn.LatestSnapshot(), tid)
		if err != nil || !found {
			return false, err
		}
		res, err := h.LockTuple(s.env.Txn, t.TID, heap.LockKeyShare)
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
		case heap.TMUpdated:
			tid = res.Ctid
		default:
			return false, nil
		}
	}
	return false, pgerr.New(pgerr.InternalError, "could not lock the referenced row")
}

// referencingRowExists reports whether a row of the referencing table that
// the transaction can see (or that a running transaction is inserting)
// holds the key.
func (s *state) referencingRowExists(fk *plan.ForeignKey, old []types.Datum) (bool, error) {
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
	snap := s.env.Txn.LatestSnapshot()
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
				return false, err
			}
			if matches(row) {
				return true, nil
			}
		}
		return false, sc.Err()
	}
	scan, err := h.Scan(snap)
	if err != nil {
		return false, err
	}
	defer scan.Close()
	row := make([]types.Datum, len(fk.From.Cols))
	for scan.Next() {
		if err := codec.deform(scan.Tuple().Data, row); err != nil {
			return false, err
		}
		if matches(row) {
			return true, nil
		}
	}
	return false, scan.Err()
}
