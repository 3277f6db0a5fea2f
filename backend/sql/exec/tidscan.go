package exec

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// tidScanOp reads the one row version a TID names (WHERE ctid = value),
// if the statement's snapshot sees it: PostgreSQL's TID scan. It follows
// no update chain, as heap_fetch does not.
type tidScanOp struct {
	s        *state
	n        *plan.SeqScan
	h        *heap.Heap
	codec    *rowCodec
	row      []types.Datum
	frame    expr.Frame
	qualCols []bool
	done     bool
}

func (s *state) newTidScan(n *plan.SeqScan, h *heap.Heap) *tidScanOp {
	codec := newRowCodec(n.Table, h)
	codec.readOnly(n.Used)
	return &tidScanOp{s: s, n: n, h: h, codec: codec, row: make([]types.Datum, scanWidth(n.Table, n.EmitTID, n.Sys)),
		qualCols: columnsRead(n.Qual, len(n.Table.Cols))}
}

func (o *tidScanOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.done = false
	return nil
}

func (o *tidScanOp) next() ([]types.Datum, error) {
	if o.done {
		return nil, nil
	}
	o.done = true
	v, err := o.n.TID.Eval(&o.frame)
	if err != nil || v.Null {
		return nil, err
	}
	tid := datumTID(v)
	t, found, err := o.h.Fetch(o.s.env.Txn.Snapshot(), tid)
	if err == nil {
		err = o.s.ssiErr()
	}
	if err != nil || !found {
		return nil, err
	}
	if p := o.s.env.SSI; p != nil {
		if err := p.ReadTuple(o.n.Table.DB, o.n.Table.Relfilenode, t.TID, t.Header.Xmin); err != nil {
			return nil, err
		}
	}
	ok, err := emitTableRow(o.s, o.h, o.n.Table, o.codec, &o.frame, o.row, t.TID, t.Data, o.n.Qual, o.qualCols, o.n.EmitTID, o.n.Sys, o.n.Lock, o.n.Wait)
	if err != nil || !ok {
		return nil, err
	}
	return o.row, nil
}

func (o *tidScanOp) close() {}
