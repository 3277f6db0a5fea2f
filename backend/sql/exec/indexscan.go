package exec

import (
	"ringpg/backend/access/btree"
	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// valueMarker is keyenc's marker byte of a non-NULL column: a bound made
// of a prefix and this byte covers exactly the entries whose next column
// is not NULL, whatever its direction.
const valueMarker = 0x02

// indexScanOp reads a key range of a B-tree and fetches each entry's
// visible heap version.
type indexScanOp struct {
	s     *state
	n     *plan.IndexScan
	h     *heap.Heap
	ix    *btree.Index
	codec *rowCodec
	row   []types.Datum
	frame expr.Frame
	snap  heap.Snapshot

	lower, upper []byte
	scan         *btree.Scan
	// point holds the TIDs of an equality lookup on every key column.
	point []btree.TID
	pos   int
	isPt  bool
	done  bool
	// qualCols are the columns the qual reads (nil: all, or unknown).
	qualCols []bool
	stats    *pgstat.Counts // the index's idx_scan, idx_tup_read and idx_tup_fetch
}

func (s *state) newIndexScan(n *plan.IndexScan) (op, error) {
	h, err := s.env.Heap(n.Table)
	if err != nil {
		return nil, err
	}
	width := scanWidth(n.Table, n.EmitTID, n.Sys)
	codec := newRowCodec(n.Table, h)
	codec.readOnly(n.Used)
	return &indexScanOp{s: s, n: n, h: h, ix: s.env.Index(n.Table, n.Index), codec: codec, row: make([]types.Datum, width),
		qualCols: columnsRead(n.Qual, len(n.Table.Cols)), stats: s.env.counts(n.Table.DB, n.Index.Oid)}, nil
}

func keyOrder(ix *plan.Index, i int) keyenc.Order {
	var o keyenc.Order
	if i < len(ix.Desc) {
		o.Desc = ix.Desc[i]
	}
	if i < len(ix.NullsFirst) {
		o.NullsFirst = ix.NullsFirst[i]
	}
	return o
}

// boundValue evaluates a bound and converts it to the key column's type.
// null reports a NULL bound: no entry can match it.
func (s *state) boundValue(e expr.Expr, t types.T, f *expr.Frame) (types.Datum, bool, error) {
	v, err := e.Eval(f)
	if err != nil || v.Null {
		return v, v.Null, err
	}
	if et := e.Type(); et.Oid != t.Oid {
		v, err = types.Cast(v, et, t, false, s.env.Ctx.Env)
		if err != nil {
			return v, false, err
		}
	}
	return v, false, nil
}

func (o *indexScanOp) open(outer *expr.Frame) error {
	o.close()
	o.frame = o.s.frame(outer)
	o.snap = o.s.env.Txn.Snapshot()
	o.done, o.isPt, o.pos = false, false, 0
	o.s.env.touch(o.stats)
	o.stats.NumScans++
	n, ix := o.n, o.n.Index
	prefix := o.lower[:0]
	for i, e := range n.Eq {
		v, null, err := o.s.boundValue(e, ix.Types[i], &o.frame)
		if err != nil {
			return err
		}
		if null {
			o.done = true
			return nil
		}
		if prefix, err = appendKey(prefix, ix.Types[i], v, keyOrder(ix, i)); err != nil {
			return err
		}
	}
	k := len(n.Eq)
	if n.Lower == nil && n.Upper == nil {
		if k == len(ix.Cols) && ix.Unique && !n.Backward {
			o.lower, o.isPt = prefix, true
			var err error
			o.point, err = o.ix.Lookup(prefix, o.point[:0])
			return err
		}
		o.lower = prefix
		spec := btree.ScanSpec{Backward: n.Backward, NoPin: true}
		if k > 0 {
			spec.Lower, spec.Upper = prefix, prefix
		}
		o.scan = o.ix.Scan(spec)
		return nil
	}
	// A range on column k: each side is either the bound's encoding or,
	// when absent, the column's non-NULL entries.
	ord := keyOrder(ix, k)
	plen := len(prefix)
	lo := append(prefix, valueMarker)
	loExcl := false
	if n.Lower != nil {
		v, null, err := o.s.boundValue(n.Lower, ix.Types[k], &o.frame)
		if err != nil {
			return err
		}
		if null {
			o.done = true
			return nil
		}
		if lo, err = appendKey(prefix[:plen:plen], ix.Types[k], v, ord); err != nil {
			return err
		}
		loExcl = !n.LowerInc
	}
	up := append(append(make([]byte, 0, plen+16), prefix...), valueMarker)
	upExcl := false
	if n.Upper != nil {
		v, null, err := o.s.boundValue(n.Upper, ix.Types[k], &o.frame)
		if err != nil {
			return err
		}
		if null {
			o.done = true
			return nil
		}
		if up, err = appendKey(up[:plen], ix.Types[k], v, ord); err != nil {
			return err
		}
		upExcl = !n.UpperInc
	}
	if ord.Desc {
		// On a DESC column the greater values come first in key order.
		lo, up = up, lo
		loExcl, upExcl = upExcl, loExcl
	}
	o.lower, o.upper = lo, up
	o.scan = o.ix.Scan(btree.ScanSpec{Lower: lo, Upper: up, LowerExclusive: loExcl, UpperExclusive: upExcl, Backward: n.Backward, NoPin: true})
	return nil
}

func (o *indexScanOp) next() ([]types.Datum, error) {
	if o.done {
		return nil, nil
	}
	for {
		var tid btree.TID
		if o.isPt {
			if o.pos >= len(o.point) {
				o.done = true
				return nil, nil
			}
			tid = o.point[o.pos]
			o.pos++
		} else {
			if o.scan == nil || !o.scan.Next() {
				var err error
				if o.scan != nil {
					err = o.scan.Err()
				}
				o.done = true
				o.close()
				return nil, err
			}
			tid = o.scan.TID()
		}
		if err := o.s.tick(); err != nil {
			return nil, err
		}
		o.stats.TuplesReturned++
		t, found, err := o.h.HotFetch(o.snap, tuple.TID{Block: tid.Block, Offset: tid.Offset})
		if err == nil {
			err = o.s.ssiErr()
		}
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		if p := o.s.env.SSI; p != nil {
			if err := p.ReadTuple(o.n.Table.DB, o.n.Table.Relfilenode, t.TID, t.Header.Xmin); err != nil {
				return nil, err
			}
		}
		o.stats.TuplesFetched++
		ok, err := emitTableRow(o.s, o.h, o.n.Table, o.codec, &o.frame, o.row, t.TID, t.Data, o.n.Qual, o.qualCols, o.n.EmitTID, o.n.Sys, o.n.Lock, o.n.Wait)
		if err != nil {
			return nil, err
		}
		if ok {
			return o.row, nil
		}
	}
}

func (o *indexScanOp) close() {
	if o.scan != nil {
		o.scan.Close()
		o.scan = nil
	}
}
