package exec

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// updateOutcome is how an attempt to change one row ended.
type updateOutcome uint8

const (
	rowChanged      updateOutcome = iota
	rowSelfModified               // already changed by this statement: skipped
	rowGone                       // deleted meanwhile (READ COMMITTED): skipped
	rowRejected                   // the newest version fails the re-check
)

// rowUpdater replaces versions of one table, with PostgreSQL's handling of
// concurrent changes: wait for a transaction in progress, and under READ
// COMMITTED move on to the newest version of a row a committed transaction
// updated, re-checking it (EvalPlanQual); under REPEATABLE READ that is
// 40001.
type rowUpdater struct {
	s     *state
	t     *plan.Table
	h     *heap.Heap
	codec *rowCodec
	iw    indexWriter
	cur   []types.Datum
	frame expr.Frame
	stats *pgstat.Counts // the table's n_tup_upd and n_tup_hot_upd
	// newTID is where the last successful update put the new version.
	newTID tuple.TID
}

func newRowUpdater(s *state, t *plan.Table, h *heap.Heap) *rowUpdater {
	return &rowUpdater{s: s, t: t, h: h, codec: newRowCodec(t, h), iw: indexWriter{s: s, t: t, h: h},
		cur: make([]types.Datum, len(t.Cols)), frame: s.frame(nil), stats: s.env.counts(t.DB, t.Oid)}
}

// computeFunc gives the new values for a row whose current values are old
// (refetched: a newer version than the one first read); ok false rejects
// the row.
type computeFunc func(old []types.Datum, refetched bool) (newRow []types.Datum, ok bool, err error)

// refetch reads the version at tid into u.cur.
func (u *rowUpdater) refetch(tid tuple.TID) (bool, error) {
	t, found, err := u.h.Fetch(anySnapshot{}, tid)
	if err != nil || !found {
		return false, err
	}
	return true, u.codec.deform(t.Data, u.cur)
}

// update changes the row whose version at tid has the values old.
func (u *rowUpdater) update(tid tuple.TID, old []types.Datum, compute computeFunc) ([]types.Datum, updateOutcome, error) {
	txn := u.s.env.Txn
	refetched := false
	for {
		nr, ok, err := compute(old, refetched)
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			return nil, rowRejected, nil
		}
		nr = nr[:len(u.t.Cols)]
		if err := u.s.checkRow(u.t, nr, &u.frame); err != nil {
			return nil, 0, err
		}
		changed := false
		for _, ix := range u.t.Indexes {
			if keyChanged(u.t, ix, old, nr) {
				changed = true
				break
			}
		}
		values, nulls := u.codec.form(nr)
		if u.t.Toast != nil {
			if err := u.carryStored(tid, old, nr, values, nulls); err != nil {
				return nil, 0, err
			}
		}
		if err := u.s.ssiWillWrite(); err != nil {
			return nil, 0, err
		}
		res, err := u.h.Update(txn, tid, values, nulls, changed)
		if err != nil {
			return nil, 0, err
		}
		switch res.Status {
		case heap.TMOk:
			if err := u.s.ssiWrite(u.t, tid); err != nil {
				return nil, 0, err
			}
			u.newTID = res.NewTID
			u.s.env.touch(u.stats)
			u.stats.Updated++
			if res.HOT {
				u.stats.HotUpdated++
			}
			if !res.HOT {
				if err := u.iw.insert(nr, old, res.NewTID); err != nil {
					return nil, 0, err
				}
			}
			if len(u.t.FKs) > 0 {
				if err := u.s.checkFKsOut(u.t, nr, old); err != nil {
					return nil, 0, err
				}
			}
			if len(u.t.RefBy) > 0 {
				if err := u.s.checkFKsIn(u.t, old, nr); err != nil {
					return nil, 0, err
				}
			}
			return nr, rowChanged, nil
		case heap.TMSelfModified:
			return nil, rowSelfModified, nil
		case heap.TMBeingModified:
			if err := txn.WaitXid(res.Xmax); err != nil {
				return nil, 0, err
			}
		case heap.TMUpdated:
			if !txn.IsolationRC() {
				return nil, 0, serializationFailure(false)
			}
			if !res.Ctid.Valid() || res.Ctid == tid {
				return nil, rowGone, nil
			}
			tid = res.Ctid
			found, err := u.refetch(tid)
			if err != nil {
				return nil, 0, err
			}
			if !found {
				return nil, rowGone, nil
			}
			old, refetched = u.cur, true
		case heap.TMDeleted:
			if !txn.IsolationRC() {
				return nil, 0, serializationFailure(true)
			}
			return nil, rowGone, nil
		default:
			return nil, 0, pgerr.New(pgerr.InternalError, "unexpected heap update status %s", res.Status)
		}
	}
}

// updateOp updates the rows its input identifies.
type updateOp struct {
	s      *state
	n      *plan.Update
	in     op
	u      *rowUpdater
	frame  expr.Frame
	inrow  []types.Datum
	newr   []types.Datum
	old    []types.Datum
	out    []types.Datum
	retrow []types.Datum // RETURNING's row with ReturnInput
	count  int64
}

func (s *state) newUpdate(n *plan.Update) (op, error) {
	in, err := s.build(n.Input)
	if err != nil {
		return nil, err
	}
	h, err := s.env.Heap(n.Table)
	if err != nil {
		return nil, err
	}
	return &updateOp{s: s, n: n, in: in, u: newRowUpdater(s, n.Table, h),
		newr: make([]types.Datum, len(n.Set)), out: make([]types.Datum, len(n.Returning))}, nil
}

func (o *updateOp) affected() int64 { return o.count }

func (o *updateOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.u.frame = o.s.frame(outer)
	o.count = 0
	return o.in.open(outer)
}

// compute evaluates Set over the input row; for a newer version it first
// puts that version's values in the row and re-checks Qual.
func (o *updateOp) compute(old []types.Datum, refetched bool) ([]types.Datum, bool, error) {
	if refetched {
		copy(o.inrow[o.n.TableOff:], old)
		o.frame.Row = o.inrow
		ok, err := evalQual(o.n.Qual, &o.frame)
		if err != nil || !ok {
			return nil, false, err
		}
	}
	o.frame.Row = o.inrow
	for i, e := range o.n.Set {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return nil, false, err
		}
		o.newr[i] = v
	}
	return o.newr, true, nil
}

func (o *updateOp) next() ([]types.Datum, error) {
	t := o.n.Table
	for {
		row, err := o.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		if err := o.s.tick(); err != nil {
			return nil, err
		}
		o.inrow = append(o.inrow[:0], row...)
		tid := datumTID(row[o.n.TIDCol])
		old := o.inrow[o.n.TableOff : o.n.TableOff+len(t.Cols)]
		o.old = append(o.old[:0], old...)
		nr, outcome, err := o.u.update(tid, o.old, o.compute)
		if err != nil {
			return nil, err
		}
		if outcome != rowChanged {
			continue
		}
		o.count++
		if len(o.n.Returning) == 0 {
			continue
		}
		o.frame.Row = nr
		if o.n.ReturnInput || len(o.n.ReturnSys) > 0 {
			o.retrow, err = returnSys(o.u.h, append(o.retrow[:0], nr...), o.n.ReturnSys, o.u.newTID)
			if err != nil {
				return nil, err
			}
			if o.n.ReturnInput {
				o.retrow = append(o.retrow, o.inrow...)
			}
			o.frame.Row = o.retrow
		}
		for i, e := range o.n.Returning {
			v, err := e.Eval(&o.frame)
			if err != nil {
				return nil, err
			}
			o.out[i] = v
		}
		return o.out, nil
	}
}

func (o *updateOp) close() { o.in.close() }
