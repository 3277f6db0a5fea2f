package exec

import (
	"slices"

	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// sortOp reads its whole input, then returns it ordered by the keys (a
// stable sort, so equal rows keep their input order).
type sortOp struct {
	s     *state
	in    op
	keys  []plan.SortKey
	frame expr.Frame
	rows  []sortRow
	pos   int
	arena rowArena
	// bound, when positive, is how many rows the consumer will read at
	// most (a LIMIT above): only that many of the best rows are kept.
	bound int64
	// mem estimates the bytes of rows kept; past work_mem they are
	// written out as a sorted run and merged at the end (sort_spill.go).
	mem   int64
	runs  []*spill.File
	merge *sortMerge
}

// sortRow is a kept input row and its keys' values; seq is its input
// position (bounded sorts order ties by it to stay stable).
type sortRow struct {
	row  []types.Datum
	keys []types.Datum
	seq  int64
}

// compareKeys orders two key vectors under keys.
func compareKeys(keys []plan.SortKey, a, b []types.Datum) int {
	for i := range keys {
		if c := compareKey(&keys[i], a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func compareKey(k *plan.SortKey, a, b types.Datum) int {
	switch {
	case a.Null && b.Null:
		return 0
	case a.Null:
		if k.NullsFirst {
			return -1
		}
		return 1
	case b.Null:
		if k.NullsFirst {
			return 1
		}
		return -1
	}
	c := compareDatum(k.Expr.Type(), a, b)
	if k.Desc {
		return -c
	}
	return c
}

// evalKeys appends the values of keys over f to dst.
func evalKeys(keys []plan.SortKey, f *expr.Frame, dst []types.Datum) ([]types.Datum, error) {
	for i := range keys {
		v, err := keys[i].Expr.Eval(f)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func (o *sortOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.rows, o.pos = o.rows[:0], 0
	o.closeRuns()
	if err := o.in.open(outer); err != nil {
		return err
	}
	if o.bound > 0 {
		return o.topN()
	}
	var keyArena rowArena
	for {
		row, err := o.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		kept := o.arena.copy(row)
		o.frame.Row = kept
		var scratch [8]types.Datum
		k, err := evalKeys(o.keys, &o.frame, scratch[:0])
		if err != nil {
			return err
		}
		o.rows = append(o.rows, sortRow{row: kept, keys: keyArena.copy(k)})
		o.mem += spill.RowSize(kept) + spill.RowSize(k)
		if o.mem > o.s.workMem() {
			if err := o.writeRun(); err != nil {
				return err
			}
			keyArena = rowArena{}
		}
	}
	slices.SortStableFunc(o.rows, func(a, b sortRow) int { return compareKeys(o.keys, a.keys, b.keys) })
	if len(o.runs) > 0 {
		return o.startMerge()
	}
	return nil
}

// topN keeps the o.bound best rows in a max-heap (worst on top), copying
// a row only when it displaces one: ORDER BY ... LIMIT n over many rows
// holds n of them.
func (o *sortOp) topN() error {
	less := func(a, b *sortRow) bool {
		if c := compareKeys(o.keys, a.keys, b.keys); c != 0 {
			return c < 0
		}
		return a.seq < b.seq
	}
	h := o.rows[:0]
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && less(&h[l], &h[r]) {
				l = r
			}
			if !less(&h[i], &h[l]) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	var keys []types.Datum
	for seq := int64(0); ; seq++ {
		row, err := o.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		o.frame.Row = row
		if keys, err = evalKeys(o.keys, &o.frame, keys[:0]); err != nil {
			return err
		}
		cand := sortRow{keys: keys, seq: seq}
		if int64(len(h)) < o.bound {
			cand.row, cand.keys = copyRow(row), copyRow(keys)
			h = append(h, cand)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !less(&h[p], &h[i]) {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			continue
		}
		if !less(&cand, &h[0]) {
			continue
		}
		// Replace the worst kept row, reusing its slices.
		top := &h[0]
		top.row = append(top.row[:0], row...)
		top.keys = append(top.keys[:0], keys...)
		top.seq = seq
		down(0)
	}
	o.rows = h
	slices.SortFunc(o.rows, func(a, b sortRow) int {
		if c := compareKeys(o.keys, a.keys, b.keys); c != 0 {
			return c
		}
		return int(a.seq - b.seq)
	})
	return nil
}

func (o *sortOp) next() ([]types.Datum, error) {
	if o.merge != nil {
		return o.merge.next()
	}
	if o.pos >= len(o.rows) {
		return nil, nil
	}
	r := o.rows[o.pos].row
	o.pos++
	return r, nil
}

func (o *sortOp) close() {
	o.in.close()
	o.rows, o.arena = nil, rowArena{}
	o.closeRuns()
}
