package exec

import (
	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// Hash join batching, a simple form of PostgreSQL's hybrid hash join: when
// the build (right) rows outgrow hash memory (work_mem ×
// hash_mem_multiplier), the number of batches doubles and every build row
// whose hash now names another batch than 0 moves to that batch's
// temporary file. Batch 0 stays in memory and is joined while the probe
// (left) side is read; left rows of other batches are written to their
// batch's file. Then each later batch is loaded from its file and joined
// with its left rows, the unmatched rows of outer joins coming out per
// batch. Rows with a NULL key never match and stay in batch 0, where the
// join kinds' rules for them apply unchanged.
//
// The batch count grows only while the build side is read; a later batch
// that still does not fit is loaded whole (skewed keys, as PostgreSQL
// also tolerates). Build rows written before the count grew may belong to
// a later batch: loading a batch forwards them there.

// maxBatches bounds the number of batches (each costs two file buffers).
const maxBatches = 1 << 14

// batches is a hash join's batching state.
type batches struct {
	bmem    int64 // estimated bytes of the in-memory build rows
	nbatch  int   // power of two; 1: no batching
	cur     int   // batch being joined
	noGrow  bool  // doubling stopped helping: keys are skewed
	inner   []*spill.File
	outer   []*spill.File
	real    op // the join's left input
	bleft   batchLeft
	bframe  expr.Frame
	bouter  *expr.Frame
	scratch []types.Datum
}

// batchOf names the batch of a key hash; it uses bits the hash table's
// own map does not depend on.
func batchOf(h uint64, nbatch int) int {
	return int((h*0x9e3779b97f4a7c15)>>40) & (nbatch - 1)
}

func (o *hashJoinOp) resetBatches(outer *expr.Frame) {
	o.closeBatches()
	if o.real == nil {
		o.real = o.left
	}
	o.left = o.real
	o.bmem, o.nbatch, o.cur, o.noGrow = 0, 1, 0, false
	o.bouter = outer
	o.bframe = o.s.frame(outer)
}

// closeBatches removes the batch files.
func (o *hashJoinOp) closeBatches() {
	for i := range o.inner {
		closeFile(&o.inner[i])
	}
	for i := range o.outer {
		closeFile(&o.outer[i])
	}
	o.inner, o.outer = o.inner[:0], o.outer[:0]
	if o.real != nil {
		o.left = o.real
	}
}

func closeFile(f **spill.File) {
	if *f != nil {
		(*f).Close()
		*f = nil
	}
}

// addInner takes one build row: into memory, or to its batch's file.
func (o *hashJoinOp) addInner(r, keys []types.Datum) error {
	if o.nbatch > 1 && !hasNull(keys) {
		if b := batchOf(hashKeys(o.n.KeyTypes, keys), o.nbatch); b != 0 {
			return o.writeBatch(&o.inner, b, r)
		}
	}
	o.insert(r, keys)
	o.bmem += spill.RowSize(r) + spill.RowSize(keys) + 16
	if o.bmem > o.s.hashMem() && !o.noGrow && o.nbatch < maxBatches {
		return o.growBatches()
	}
	return nil
}

// writeBatch appends row to batch b's file in files, creating it.
func (o *hashJoinOp) writeBatch(files *[]*spill.File, b int, row []types.Datum) error {
	for len(*files) <= b {
		*files = append(*files, nil)
	}
	f := (*files)[b]
	if f == nil {
		var err error
		if f, err = o.s.tempFile(); err != nil {
			return err
		}
		(*files)[b] = f
	}
	return f.Write(row)
}

// growBatches doubles the batch count and moves the in-memory build rows
// of batches other than 0 to their files.
func (o *hashJoinOp) growBatches() error {
	o.nbatch *= 2
	rows, rkeys := o.rows, o.rkeys
	o.clearTable()
	o.bmem = 0
	moved := 0
	for i, r := range rows {
		k := rkeys[i]
		if !hasNull(k) {
			if b := batchOf(hashKeys(o.n.KeyTypes, k), o.nbatch); b != 0 {
				if err := o.writeBatch(&o.inner, b, r); err != nil {
					return err
				}
				moved++
				continue
			}
		}
		o.insert(r, k)
		o.bmem += spill.RowSize(r) + spill.RowSize(k) + 16
	}
	if moved == 0 {
		o.noGrow = true
	}
	return nil
}

// startBatches, after the build, makes the join read its left side
// through the batch filter when there is more than one batch.
func (o *hashJoinOp) startBatches() {
	if o.nbatch == 1 {
		return
	}
	o.bleft = batchLeft{o: o}
	o.left = &o.bleft
}

// next returns the join's rows batch after batch.
func (o *hashJoinOp) next() ([]types.Datum, error) {
	for {
		row, err := o.joinCore.next()
		if row != nil || err != nil || o.nbatch == 1 {
			return row, err
		}
		more, err := o.nextBatch()
		if !more || err != nil {
			return nil, err
		}
	}
}

// nextBatch moves to the next batch that has rows on either side, loads
// its build rows and restarts the join over its left rows.
func (o *hashJoinOp) nextBatch() (bool, error) {
	for {
		if o.cur < len(o.inner) {
			closeFile(&o.inner[o.cur])
		}
		if o.cur < len(o.outer) {
			closeFile(&o.outer[o.cur])
		}
		o.cur++
		if o.cur >= o.nbatch {
			return false, nil
		}
		in, out := batchFile(o.inner, o.cur), batchFile(o.outer, o.cur)
		if in == nil && out == nil {
			continue
		}
		if in == nil && !o.emitsUnmatchedLeft() {
			continue
		}
		if err := o.loadBatch(in); err != nil {
			return false, err
		}
		if out != nil {
			if err := out.Rewind(); err != nil {
				return false, err
			}
		}
		o.bleft.file = out
		o.reset(o.bouter)
		return true, nil
	}
}

func batchFile(files []*spill.File, b int) *spill.File {
	if b < len(files) {
		return files[b]
	}
	return nil
}

// emitsUnmatchedLeft reports whether left rows without a match are
// output (so a batch with no build rows still matters).
func (o *hashJoinOp) emitsUnmatchedLeft() bool {
	switch o.kind {
	case plan.JoinLeft, plan.JoinFull, plan.JoinAnti:
		return true
	}
	return false
}

// loadBatch fills the hash table from build file f (nil: empty),
// forwarding rows that belong to a later batch.
func (o *hashJoinOp) loadBatch(f *spill.File) error {
	o.clearTable()
	if f == nil {
		return nil
	}
	if err := f.Rewind(); err != nil {
		return err
	}
	keys := make([]types.Datum, len(o.n.RightKeys))
	for {
		r, err := f.Read(o.scratch)
		if err != nil {
			return err
		}
		if r == nil {
			return nil
		}
		o.scratch = r
		if err := o.s.tick(); err != nil {
			return err
		}
		o.bframe.Row = r
		for i, e := range o.n.RightKeys {
			if keys[i], err = e.Eval(&o.bframe); err != nil {
				return err
			}
		}
		if b := batchOf(hashKeys(o.n.KeyTypes, keys), o.nbatch); b != o.cur {
			if err := o.writeBatch(&o.inner, b, r); err != nil {
				return err
			}
			continue
		}
		o.insert(r, keys)
	}
}

// mayHaveInner reports whether batch b can have build rows: in its own
// file or in the file of a batch that forwards to it (one that b was part
// of before the count last doubled). Batch 0 never forwards: its rows are
// redistributed in memory.
func (o *hashJoinOp) mayHaveInner(b int) bool {
	for nb := o.nbatch; nb >= 2; nb /= 2 {
		if a := b & (nb - 1); a != 0 && batchFile(o.inner, a) != nil {
			return true
		}
	}
	return false
}

// batchLeft is the join's left input while batching: in batch 0 the real
// left rows of batch 0 (others go to their files), later the rows of the
// current batch's file.
type batchLeft struct {
	o    *hashJoinOp
	file *spill.File
	buf  []types.Datum
	keys []types.Datum
}

func (b *batchLeft) open(outer *expr.Frame) error { return b.o.real.open(outer) }

func (b *batchLeft) close() { b.o.real.close() }

func (b *batchLeft) next() ([]types.Datum, error) {
	o := b.o
	if o.cur > 0 {
		if b.file == nil {
			return nil, nil
		}
		row, err := b.file.Read(b.buf)
		if row != nil {
			b.buf = row
		}
		return row, err
	}
	if b.keys == nil {
		b.keys = make([]types.Datum, len(o.n.LeftKeys))
	}
	for {
		row, err := o.real.next()
		if row == nil || err != nil {
			return nil, err
		}
		o.bframe.Row = row
		for i, e := range o.n.LeftKeys {
			if b.keys[i], err = e.Eval(&o.bframe); err != nil {
				return nil, err
			}
		}
		if hasNull(b.keys) {
			return row, nil
		}
		bt := batchOf(hashKeys(o.n.KeyTypes, b.keys), o.nbatch)
		if bt == 0 {
			return row, nil
		}
		if !o.mayHaveInner(bt) && !o.emitsUnmatchedLeft() {
			continue // nothing to match and nothing to output
		}
		if err := o.writeBatch(&o.outer, bt, row); err != nil {
			return nil, err
		}
	}
}
