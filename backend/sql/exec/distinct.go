package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// distinctOp drops rows equal to an earlier one (all columns, NULLs equal),
// or with On, rows equal to the previous one on the first On columns
// (DISTINCT ON over input sorted by them).
type distinctOp struct {
	s     *state
	in    op
	on    int
	cols  []plan.Column
	ts    []types.T
	seen  map[uint64][][]types.Datum
	arena rowArena
	prev  []types.Datum
	first bool
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
	return o.in.open(outer)
}

func (o *distinctOp) next() ([]types.Datum, error) {
	for {
		row, err := o.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		if o.on > 0 {
			k := row[:o.on]
			if !o.first && keysEqual(o.ts[:o.on], o.prev, k) {
				continue
			}
			o.first = false
			o.prev = append(o.prev[:0], k...)
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
		o.seen[h] = append(o.seen[h], o.arena.copy(row))
		return row, nil
	}
}

func (o *distinctOp) close() {
	o.in.close()
	o.seen, o.arena = nil, rowArena{}
}
