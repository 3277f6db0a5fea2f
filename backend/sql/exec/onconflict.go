package exec

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// onConflict looks for a live row whose key in an arbiter index equals the
// proposed row's. handled reports that the row was dealt with (skipped by
// DO NOTHING or a failing WHERE, or the existing row updated, then done);
// otherwise the caller inserts it.
//
// There is no speculative insertion: a conflicting row inserted between
// this check and the insertion makes the insertion fail with 23505.
func (o *insertOp) onConflict(row []types.Datum) (ret []types.Datum, handled, done bool, err error) {
	oc := o.n.OnConflict
	t := o.n.Table
	arbiters := t.Indexes
	if oc.Arbiter != nil {
		arbiters = []*plan.Index{oc.Arbiter}
	}
	for _, ix := range arbiters {
		if !ix.Unique {
			continue
		}
		var f *expr.Frame
		if ix.Exprs != nil || ix.Pred != nil {
			f = &o.frame
			in, err := indexCovers(ix, row, f)
			if err != nil {
				return nil, false, false, err
			}
			if !in {
				continue
			}
		}
		key, hasNull, err := indexKeyEval(o.key[:0], ix, row, f)
		if err != nil {
			return nil, false, false, err
		}
		o.key = key
		if hasNull {
			continue
		}
		b := o.s.env.Index(t, ix)
	retry:
		o.tids, err = b.Lookup(key, o.tids[:0])
		if err != nil {
			return nil, false, false, err
		}
		for _, bt := range o.tids {
			ds := dirtySnapshot{txn: o.s.env.Txn}
			v, found, err := o.h.HotFetch(&ds, tuple.TID{Block: bt.Block, Offset: bt.Offset})
			if err != nil {
				return nil, false, false, err
			}
			if !found {
				continue
			}
			if ds.wait != 0 {
				if err := o.s.env.Txn.WaitXid(ds.wait); err != nil {
					return nil, false, false, err
				}
				goto retry
			}
			if txn := o.s.env.Txn; !txn.IsolationRC() && !txn.Snapshot().Visible(&v.Header) {
				// The conflicting row committed after this transaction's
				// snapshot: neither skipping nor updating it is
				// serializable.
				return nil, false, false, serializationFailure(false)
			}
			if !oc.DoUpdate {
				return nil, true, false, nil
			}
			if txn := o.s.env.Txn; v.Header.Xmin == txn.Xid() && v.Header.Cid >= txn.Cid() {
				// Inserted or updated by this very command.
				return nil, false, false, errSecondTime()
			}
			if err := o.upd.codec.deform(v.Data, o.upd.cur); err != nil {
				return nil, false, false, err
			}
			nr, outcome, err := o.upd.update(v.TID, copyRow(o.upd.cur), func(old []types.Datum, _ bool) ([]types.Datum, bool, error) {
				return o.conflictSet(old, row)
			})
			if err != nil {
				return nil, false, false, err
			}
			switch outcome {
			case rowChanged:
				o.count++
				o.updated = true
				return nr, true, true, nil
			case rowRejected:
				return nil, true, false, nil
			case rowSelfModified:
				return nil, false, false, errSecondTime()
			}
			// Deleted meanwhile: look again.
			goto retry
		}
	}
	return nil, false, false, nil
}

// conflictSet evaluates DO UPDATE's WHERE and SET over the existing row
// followed by the proposed one (EXCLUDED).
func (o *insertOp) conflictSet(existing, proposed []types.Datum) ([]types.Datum, bool, error) {
	oc := o.n.OnConflict
	o.conflict = append(append(o.conflict[:0], existing...), proposed...)
	o.frame.Row = o.conflict
	ok, err := evalQual(oc.Where, &o.frame)
	if err != nil || !ok {
		return nil, false, err
	}
	nr := make([]types.Datum, len(oc.Set))
	for i, e := range oc.Set {
		if nr[i], err = e.Eval(&o.frame); err != nil {
			return nil, false, err
		}
	}
	return nr, true, nil
}

func errSecondTime() error {
	return pgerr.New(pgerr.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time").
		WithHint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values.")
}
