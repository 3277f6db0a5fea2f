package exec

import (
	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// distinctOp drops rows equal to an earlier one (all columns, NULLs equal),
// or with On, rows equal to the previous one on the first On columns
// (DISTINCT ON over input sorted by them).
type distinctOp struct {
	s      *state
	in     op
	on     int
	onCols []int // with on: the columns compared
	cols   []plan.Column
	ts     []types.T
	seen   map[uint64][][]types.Datum
	arena  rowArena
	prev   []types.Datum
	first  bool
	// Spilling past hash memory (hashspill.go): rows not in the full
	// table go to partitions, read afterwards one by one from cur.
	dmem     int64
	spilling bool
	parts    hashParts
	pending  []partFile
	cur      *spill.File
	buf      []types.Datum
}

func (o *distinctOp) open(outer *expr.Frame) error {
	if o.ts == nil {
		o.ts = make([]types.T, len(o.cols))
		for i, c := range o.cols {
			o.ts[i] = c.T
		}
	}
	o.seen = make(map[uint64][][]types.Datum)
	o.arena = rowArena{}
	o.prev, o.first = o.prev[:0], true
	o.resetSpill()
	return o.in.open(outer)
}

func (o *distinctOp) next() ([]types.Datum, error) {
	for {
		row, err := o.source()
		if err != nil {
			return nil, err
		}
		if row == nil {
			if more, err := o.nextPart(); !more || err != nil {
				return nil, err
			}
			continue
		}
		if o.on > 0 {
			if !o.first && o.sameOn(row) {
				continue
			}
			o.first = false
			o.prev = o.prev[:0]
			for _, c := range o.onCols {
				o.prev = append(o.prev, row[c])
			}
			return row, nil
		}
		h := hashKeys(o.ts, row)
		dup := false
		for _, r := range o.seen[h] {
			if keysEqual(o.ts, r, row) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		if o.spilling {
			if err := o.parts.write(o.s, h, row); err != nil {
				return nil, err
			}
			continue
		}
		o.seen[h] = append(o.seen[h], o.arena.copy(row))
		if o.dmem += spill.RowSize(row) + 16; o.dmem > o.s.hashMem() {
			o.spilling = true
		}
		return row, nil
	}
}

// sameOn reports whether row equals the previous row kept on the DISTINCT
// ON columns.
func (o *distinctOp) sameOn(row []types.Datum) bool {
	for i, c := range o.onCols {
		a, b := o.prev[i], row[c]
		if a.Null != b.Null || (!a.Null && !equalDatum(o.ts[c], a, b)) {
			return false
		}
	}
	return true
}

func (o *distinctOp) close() {
	o.resetSpill()
	o.in.close()
	o.seen, o.arena = nil, rowArena{}
}

// source returns the next row to consider: from the input, then from the
// partition being read.
func (o *distinctOp) source() ([]types.Datum, error) {
	if o.cur == nil {
		return o.in.next()
	}
	if err := o.s.tick(); err != nil {
		return nil, err
	}
	row, err := o.cur.Read(o.buf)
	if row != nil {
		o.buf = row
	}
	return row, err
}

// nextPart starts reading the next partition with an empty table.
func (o *distinctOp) nextPart() (bool, error) {
	if o.cur != nil {
		o.cur.Close()
		o.cur = nil
	}
	if err := o.parts.drain(&o.pending); err != nil {
		return false, err
	}
	if len(o.pending) == 0 {
		return false, nil
	}
	pf := o.pending[len(o.pending)-1]
	o.pending = o.pending[:len(o.pending)-1]
	o.cur = pf.f
	o.seen, o.arena = make(map[uint64][][]types.Datum), rowArena{}
	o.dmem, o.spilling, o.parts.depth = 0, false, pf.depth
	return true, nil
}

func (o *distinctOp) resetSpill() {
	if o.cur != nil {
		o.cur.Close()
		o.cur = nil
	}
	o.parts.close()
	o.pending = closePending(o.pending)
	o.dmem, o.spilling, o.parts.depth = 0, false, 0
}
