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

// deleteOp deletes the rows its input identifies, with the same handling
// of concurrent changes as UPDATE.
type deleteOp struct {
	s      *state
	n      *plan.Delete
	in     op
	h      *heap.Heap
	codec  *rowCodec
	frame  expr.Frame
	inrow  []types.Datum
	cur    []types.Datum
	out    []types.Datum
	retrow []types.Datum // RETURNING's row with ReturnInput or ReturnSys
	count  int64
	stats  *pgstat.Counts // the table's n_tup_del
	delTID tuple.TID      // the version the last deleteRow deleted
}

func (s *state) newDelete(n *plan.Delete) (op, error) {
	in, err := s.build(n.Input)
	if err != nil {
		return nil, err
	}
	h, err := s.env.Heap(n.Table)
	if err != nil {
		return nil, err
	}
	return &deleteOp{s: s, n: n, in: in, h: h, codec: newRowCodec(n.Table, h),
		cur: make([]types.Datum, len(n.Table.Cols)), out: make([]types.Datum, len(n.Returning)),
		stats: s.env.counts(n.Table.DB, n.Table.Oid)}, nil
}

func (o *deleteOp) affected() int64 { return o.count }

func (o *deleteOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.count = 0
	return o.in.open(outer)
}

// deleteRow deletes the row whose version is at tid; ok is false when it
// was skipped. The row's values (for RETURNING) are then in o.inrow at
// TableOff.
func (o *deleteOp) deleteRow(tid tuple.TID) (bool, error) {
	txn := o.s.env.Txn
	t := o.n.Table
	for {
		if err := o.s.ssiWillWrite(); err != nil {
			return false, err
		}
		res, err := o.h.Delete(txn, tid)
		if err != nil {
			return false, err
		}
		switch res.Status {
		case heap.TMOk:
			if err := o.s.ssiWrite(t, tid); err != nil {
				return false, err
			}
			o.delTID = tid
			o.s.env.touch(o.stats)
			o.stats.Deleted++
			return true, nil
		case heap.TMSelfModified:
			return false, nil
		case heap.TMBeingModified:
			if err := txn.WaitXid(res.Xmax); err != nil {
				return false, err
			}
		case heap.TMUpdated:
			if !txn.IsolationRC() {
				return false, serializationFailure(false)
			}
			if !res.Ctid.Valid() || res.Ctid == tid {
				return false, nil
			}
			tid = res.Ctid
			v, found, err := o.h.Fetch(anySnapshot{}, tid)
			if err != nil || !found {
				return false, err
			}
			if err := o.codec.deform(v.Data, o.cur); err != nil {
				return false, err
			}
			copy(o.inrow[o.n.TableOff:o.n.TableOff+len(t.Cols)], o.cur)
			o.frame.Row = o.inrow
			ok, err := evalQual(o.n.Qual, &o.frame)
			if err != nil || !ok {
				return false, err
			}
		case heap.TMDeleted:
			if !txn.IsolationRC() {
				return false, serializationFailure(true)
			}
			return false, nil
		default:
			return false, pgerr.New(pgerr.InternalError, "unexpected heap delete status %s", res.Status)
		}
	}
}

func (o *deleteOp) next() ([]types.Datum, error) {
	t := o.n.Table
	for {
		row, err := o.in.next()
		if row == nil && err == nil {
			err = o.s.checkNoAction()
		}
		if row == nil || err != nil {
			return nil, err
		}
		if err := o.s.tick(); err != nil {
			return nil, err
		}
		o.inrow = append(o.inrow[:0], row...)
		ok, err := o.deleteRow(datumTID(row[o.n.TIDCol]))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if len(t.RefBy) > 0 {
			o.s.deferNoAction = true
			err := o.s.checkFKsIn(t, o.inrow[o.n.TableOff:o.n.TableOff+len(t.Cols)], nil)
			o.s.deferNoAction = false
			if err != nil {
				return nil, err
			}
		}
		o.count++
		if len(o.n.Returning) == 0 {
			continue
		}
		o.frame.Row = o.inrow[o.n.TableOff : o.n.TableOff+len(t.Cols)]
		if o.n.ReturnInput || len(o.n.ReturnSys) > 0 {
			o.retrow, err = returnSys(o.h, append(o.retrow[:0], o.frame.Row...), o.n.ReturnSys, o.delTID)
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

func (o *deleteOp) close() { o.in.close() }
