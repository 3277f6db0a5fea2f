package exec

import (
	"ringpg/backend/access/btree"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// insertOp inserts its input's rows; next returns the RETURNING row of
// each, or runs to the end and returns nil without RETURNING.
type insertOp struct {
	s     *state
	n     *plan.Insert
	in    op
	h     *heap.Heap
	codec *rowCodec
	iw    indexWriter
	frame expr.Frame
	out   []types.Datum
	count int64
	// ON CONFLICT DO UPDATE
	upd      *rowUpdater
	conflict []types.Datum
	tids     []btree.TID
	key      []byte
	// Batching (batch.go): rows formed and waiting for InsertMulti.
	batched  bool
	batch    []heap.Row
	arena    []byte   // the batch's values
	rowVals  [][]byte // the batch's Row.Values (batchRow)
	rowNulls []bool   // the batch's Row.Nulls (batchRow)
	heapTIDs []tuple.TID
	stats    *pgstat.Counts // the table's n_tup_ins
	lastTID  tuple.TID      // where insertRow put the last row
	// updated: the last row was ON CONFLICT DO UPDATE's (RETURNING xmax);
	// retx is RETURNING's row with xmax after the columns.
	updated bool
	retx    []types.Datum
}

func (s *state) newInsert(n *plan.Insert) (op, error) {
	in, err := s.build(n.Input)
	if err != nil {
		return nil, err
	}
	h, err := s.env.Heap(n.Table)
	if err != nil {
		return nil, err
	}
	o := &insertOp{s: s, n: n, in: in, h: h, codec: newRowCodec(n.Table, h), out: make([]types.Datum, len(n.Returning))}
	o.batched = n.OnConflict == nil && len(n.Returning) == 0 && len(n.Table.Indexes) == 0 && len(n.Table.FKs) == 0
	if n.Frozen && !o.batched {
		return nil, pgerr.New(pgerr.InternalError, "COPY FREEZE into a table with indexes or foreign keys is not supported")
	}
	o.iw = indexWriter{s: s, t: n.Table, h: h}
	o.stats = s.env.counts(n.Table.DB, n.Table.Oid)
	if n.OnConflict != nil && n.OnConflict.DoUpdate {
		o.upd = newRowUpdater(s, n.Table, h)
	}
	return o, nil
}

func (o *insertOp) affected() int64 { return o.count }

func (o *insertOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.count = 0
	if o.upd != nil {
		o.upd.frame = o.s.frame(outer)
	}
	return o.in.open(outer)
}

func (o *insertOp) next() ([]types.Datum, error) {
	if o.batched {
		return nil, o.insertBatched()
	}
	for {
		row, err := o.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		if err := o.s.tick(); err != nil {
			return nil, err
		}
		ret, done, err := o.insertRow(row)
		if err != nil {
			return nil, err
		}
		if !done || len(o.n.Returning) == 0 {
			continue
		}
		o.frame.Row = ret
		if len(o.n.ReturnSys) > 0 {
			tid := o.lastTID
			if o.updated {
				tid = o.upd.newTID
			}
			if o.retx, err = returnSys(o.h, append(o.retx[:0], ret...), o.n.ReturnSys, tid); err != nil {
				return nil, err
			}
			if o.updated {
				// PostgreSQL's new version keeps the conflict's row lock
				// in xmax (the idiom "xmax = 0" tells inserted rows).
				for k, a := range o.n.ReturnSys {
					if a == plan.SysXmax && o.retx[len(ret)+k].I == 0 {
						o.retx[len(ret)+k] = types.Int(int64(uint32(o.s.env.Txn.Xid())))
					}
				}
			}
			o.frame.Row = o.retx
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

// insertRow inserts one row, or handles its conflict; done is false when
// ON CONFLICT skipped it. ret is the row RETURNING sees.
func (o *insertOp) insertRow(row []types.Datum) (ret []types.Datum, done bool, err error) {
	t := o.n.Table
	row = row[:len(t.Cols)]
	o.updated = false
	if err := o.s.checkRow(t, row, &o.frame); err != nil {
		return nil, false, err
	}
	if oc := o.n.OnConflict; oc != nil {
		ret, handled, done, err := o.onConflict(row)
		if err != nil || handled {
			return ret, done, err
		}
	}
	values, nulls := o.codec.form(row)
	if err := o.s.ssiInsert(t); err != nil {
		return nil, false, err
	}
	tid, err := o.h.Insert(o.s.env.Txn, values, nulls)
	if err != nil {
		return nil, false, err
	}
	o.lastTID = tid
	o.s.env.touch(o.stats)
	o.stats.Inserted++
	if err := o.iw.insert(row, nil, tid); err != nil {
		return nil, false, err
	}
	if len(t.FKs) > 0 {
		if err := o.s.checkFKsOut(t, row, nil); err != nil {
			return nil, false, err
		}
	}
	o.count++
	return row, true, nil
}

func (o *insertOp) close() { o.in.close() }
