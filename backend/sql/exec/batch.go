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
		r := heap.Row{Values: make([][]byte, len(values)), Nulls: append([]bool(nil), nulls...)}
		for i, v := range values {
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
	return nil
}
