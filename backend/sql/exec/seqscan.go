package exec

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// seqScanOp reads a whole table through a bulk-read ring (heap.Scan).
type seqScanOp struct {
	s     *state
	n     *plan.SeqScan
	h     *heap.Heap
	codec *rowCodec
	scan  *heap.Scan
	row   []types.Datum
	frame expr.Frame
	// qualCols are the columns the qual reads (nil: all, or unknown).
	qualCols []bool
	stats    *pgstat.Counts // the table's seq_scan and seq_tup_read
}

func (s *state) newSeqScan(n *plan.SeqScan) (op, error) {
	h, err := s.env.Heap(n.Table)
	if err != nil {
		return nil, err
	}
	if n.TID != nil {
		return s.newTidScan(n, h), nil
	}
	width := scanWidth(n.Table, n.EmitTID, n.Sys)
	codec := newRowCodec(n.Table, h)
	codec.readOnly(n.Used)
	return &seqScanOp{s: s, n: n, h: h, codec: codec, row: make([]types.Datum, width),
		qualCols: columnsRead(n.Qual, len(n.Table.Cols)), stats: s.env.counts(n.Table.DB, n.Table.Oid)}, nil
}

func (o *seqScanOp) open(outer *expr.Frame) error {
	o.close()
	o.frame = o.s.frame(outer)
	sc, err := o.h.Scan(o.s.env.Txn.Snapshot())
	if err != nil {
		return err
	}
	if p := o.s.env.SSI; p != nil {
		if err := p.ReadRelation(o.n.Table.DB, o.n.Table.Relfilenode); err != nil {
			return err
		}
	}
	o.scan = sc
	o.s.env.touch(o.stats)
	o.stats.NumScans++
	return nil
}

func (o *seqScanOp) next() ([]types.Datum, error) {
	if o.scan == nil {
		return nil, nil
	}
	for o.scan.Next() {
		if err := o.s.tick(); err != nil {
			return nil, err
		}
		if err := o.s.ssiErr(); err != nil {
			return nil, err
		}
		t := o.scan.Tuple()
		o.stats.TuplesReturned++
		ok, err := o.emit(t.TID, t.Data)
		if err != nil {
			return nil, err
		}
		if ok {
			return o.row, nil
		}
	}
	err := o.scan.Err()
	o.scan.Close()
	o.scan = nil
	if err == nil {
		err = o.s.ssiErr()
	}
	return nil, err
}

// emit deforms the version at tid into o.row, applies the qual and takes
// the row lock; ok reports whether the row is to be returned.
func (o *seqScanOp) emit(tid tuple.TID, data []byte) (bool, error) {
	return emitTableRow(o.s, o.h, o.n.Table, o.codec, &o.frame, o.row, tid, data, o.n.Qual, o.qualCols, o.n.EmitTID, o.n.Sys, o.n.Lock, o.n.Wait)
}

// emitTableRow is the common end of both scans: deform, qual, row lock
// (with the re-check of a newer version under READ COMMITTED).
//
// qualCols, when not nil, are the columns the qual reads: only those are
// converted before it runs, the others once it has accepted the row.
func emitTableRow(s *state, h *heap.Heap, t *plan.Table, codec *rowCodec, f *expr.Frame, row []types.Datum,
	tid tuple.TID, data []byte, qual expr.Expr, qualCols []bool, emitTID bool, sys []plan.SysAttr, lock plan.LockStrength, wait plan.LockWait) (bool, error) {
	if err := codec.split(data); err != nil {
		return false, err
	}
	if qual == nil {
		qualCols = nil
	}
	if err := codec.convert(row, qualCols, false); err != nil {
		return false, err
	}
	if emitTID {
		row[len(t.Cols)] = tidDatum(tid)
	}
	if err := fillSys(row, sysAt(t, emitTID), sys, tid, data); err != nil {
		return false, err
	}
	f.Row = row
	ok, err := evalQual(qual, f)
	if err != nil || !ok {
		return false, err
	}
	if qualCols != nil {
		if err := codec.convert(row, qualCols, true); err != nil {
			return false, err
		}
	}
	if lock == plan.LockNone {
		return true, nil
	}
	locked, ok, err := s.lockRow(h, t, tid, lock, wait)
	if err != nil || !ok {
		return false, err
	}
	if locked == tid {
		return true, nil
	}
	nt, found, err := h.Fetch(anySnapshot{}, locked)
	if err != nil || !found {
		return false, err
	}
	if err := codec.deform(nt.Data, row); err != nil {
		return false, err
	}
	if emitTID {
		row[len(t.Cols)] = tidDatum(locked)
	}
	if err := fillSys(row, sysAt(t, emitTID), sys, locked, nt.Data); err != nil {
		return false, err
	}
	return evalQual(qual, f)
}

func (o *seqScanOp) close() {
	if o.scan != nil {
		o.scan.Close()
		o.scan = nil
	}
}
