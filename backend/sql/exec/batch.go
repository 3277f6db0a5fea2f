package exec

import (
	"ringpg/backend/access/heap"
)

// insertBatchRows is how many rows an INSERT or COPY hands the heap at
// once when it can batch them.
const insertBatchRows = 100

// insertBatched runs an INSERT whose rows need nothing after they are
// stored (no ON CONFLICT, no RETURNING, no index, no foreign key): rows
// are checked and formed one by one, then stored a batch at a time with
// InsertMulti, which fills each page under one lock, so that a page is
// logged once for all the rows it takes (a bulk load's pages, mostly
// once each) instead of once per row. What a statement does and the
// errors it raises do not change: a failure fails the statement, and
// rows of the same command are invisible to it either way.
func (o *insertOp) insertBatched() error {
	t := o.n.Table
	for {
		row, err := o.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			return o.flushBatch()
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		row = row[:len(t.Cols)]
		if err := o.s.checkRow(t, row, &o.frame); err != nil {
			return err
		}
		values, nulls := o.codec.form(row)
		// The codec reuses its buffers: keep a copy for the batch.
		r := o.batchRow(len(values))
		copy(r.Nulls, nulls)
		for i, v := range values {
			r.Values[i] = nil
			if v != nil {
				start := len(o.arena)
				o.arena = append(o.arena, v...)
				r.Values[i] = o.arena[start:len(o.arena):len(o.arena)]
			}
		}
		o.batch = append(o.batch, r)
		if len(o.batch) == insertBatchRows {
			if err := o.flushBatch(); err != nil {
				return err
			}
		}
	}
}

// batchRow returns a Row of n values and nulls for the batch, cut from
// slices that serve a whole batch and are reused by the next one, so
// that a row costs no allocation. Rows of a batch never share elements.
func (o *insertOp) batchRow(n int) heap.Row {
	if len(o.rowVals)+n > cap(o.rowVals) || len(o.rowNulls)+n > cap(o.rowNulls) {
		o.rowVals = make([][]byte, 0, insertBatchRows*n)
		o.rowNulls = make([]bool, 0, insertBatchRows*n)
	}
	if o.batch == nil {
		o.batch = make([]heap.Row, 0, insertBatchRows)
	}
	v, u := len(o.rowVals), len(o.rowNulls)
	o.rowVals = o.rowVals[:v+n]
	o.rowNulls = o.rowNulls[:u+n]
	return heap.Row{Values: o.rowVals[v : v+n : v+n], Nulls: o.rowNulls[u : u+n : u+n]}
}

// flushBatch stores the waiting rows.
func (o *insertOp) flushBatch() error {
	if len(o.batch) == 0 {
		return nil
	}
	var tx heap.Txn = o.s.env.Txn
	if o.n.Frozen {
		tx = heap.Frozen(tx)
	}
	if err := o.s.ssiInsert(o.n.Table); err != nil {
		return err
	}
	tids, err := o.h.InsertMulti(tx, o.batch, o.heapTIDs[:0])
	o.heapTIDs = tids[:0]
	if err != nil {
		return err
	}
	o.count += int64(len(o.batch))
	o.s.env.touch(o.stats)
	o.stats.Inserted += int64(len(o.batch))
	clear(o.batch)
	o.batch = o.batch[:0]
	// InsertMulti copied the rows: the arena can be written over.
	o.arena = o.arena[:0]
	clear(o.rowVals) // keep no reference to the arena's old bytes
	o.rowVals, o.rowNulls = o.rowVals[:0], o.rowNulls[:0]
	return nil
}
