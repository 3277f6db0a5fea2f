package exec

import (
	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// setOpOp computes UNION, INTERSECT and EXCEPT. UNION ALL streams both
// inputs; the others count each distinct row's occurrences on both sides
// and emit it as many times as SQL's multiset rules say (once without ALL),
// in the order rows first appeared.
type setOpOp struct {
	s           *state
	n           *plan.SetOp
	left, right op
	ts          []types.T
	onRight     bool
	outer       *expr.Frame

	entries []*setEntry
	index   map[uint64][]*setEntry
	arena   rowArena
	pos     int
	emitted int64
	// Spilling past hash memory (hashspill.go): rows of entries not in
	// the full table go to partitions with their side as an extra
	// column, and each partition is counted afterwards.
	smem     int64
	spilling bool
	parts    hashParts
	pending  []partFile
	rec      []types.Datum
}

type setEntry struct {
	row         []types.Datum
	left, right int64
}

func (s *state) newSetOp(n *plan.SetOp) (op, error) {
	l, err := s.build(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := s.build(n.Right)
	if err != nil {
		return nil, err
	}
	cols := n.Cols
	if cols == nil {
		cols = n.Left.Columns()
	}
	ts := make([]types.T, len(cols))
	for i, c := range cols {
		ts[i] = c.T
	}
	return &setOpOp{s: s, n: n, left: l, right: r, ts: ts}, nil
}

func (o *setOpOp) open(outer *expr.Frame) error {
	o.onRight, o.pos, o.emitted = false, 0, 0
	o.outer = outer
	o.entries = o.entries[:0]
	o.index = make(map[uint64][]*setEntry)
	o.arena = rowArena{}
	o.resetSpill()
	if err := o.left.open(outer); err != nil {
		return err
	}
	if o.n.Op == plan.Union && o.n.All {
		return nil
	}
	if err := o.count(o.left, false); err != nil {
		return err
	}
	if err := o.right.open(outer); err != nil {
		return err
	}
	return o.count(o.right, true)
}

func (o *setOpOp) count(in op, right bool) error {
	for {
		row, err := in.next()
		if err != nil {
			return err
		}
		if row == nil {
			return nil
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		if err := o.countRow(row, right); err != nil {
			return err
		}
	}
}

// countRow counts one row of a side: in its entry, or in a partition when
// the table is full and has none for it.
func (o *setOpOp) countRow(row []types.Datum, right bool) error {
	h := hashKeys(o.ts, row)
	var e *setEntry
	for _, c := range o.index[h] {
		if keysEqual(o.ts, c.row, row) {
			e = c
			break
		}
	}
	if e == nil {
		if o.spilling {
			o.rec = append(append(o.rec[:0], row...), types.Bool(right))
			return o.parts.write(o.s, h, o.rec)
		}
		e = &setEntry{row: o.arena.copy(row)}
		o.index[h] = append(o.index[h], e)
		o.entries = append(o.entries, e)
		if o.smem += spill.RowSize(row) + 32; o.smem > o.s.hashMem() {
			o.spilling = true
		}
	}
	if right {
		e.right++
	} else {
		e.left++
	}
	return nil
}

// times is how often a row counted l times on the left and r on the right
// appears in the result.
func (o *setOpOp) times(l, r int64) int64 {
	switch o.n.Op {
	case plan.Union:
		if o.n.All {
			return l + r
		}
		return 1
	case plan.Intersect:
		if l == 0 || r == 0 {
			return 0
		}
		if o.n.All {
			return min(l, r)
		}
		return 1
	}
	if o.n.All {
		return max(l-r, 0)
	}
	if l > 0 && r == 0 {
		return 1
	}
	return 0
}

func (o *setOpOp) next() ([]types.Datum, error) {
	if o.n.Op == plan.Union && o.n.All {
		if !o.onRight {
			row, err := o.left.next()
			if row != nil || err != nil {
				return row, err
			}
			o.onRight = true
			if err := o.right.open(o.outerFrame()); err != nil {
				return nil, err
			}
		}
		return o.right.next()
	}
	for {
		for o.pos < len(o.entries) {
			e := o.entries[o.pos]
			if o.emitted < o.times(e.left, e.right) {
				o.emitted++
				return e.row, nil
			}
			o.pos++
			o.emitted = 0
		}
		if more, err := o.nextPass(); !more || err != nil {
			return nil, err
		}
	}
}

// nextPass counts the next partition in an empty table.
func (o *setOpOp) nextPass() (bool, error) {
	if err := o.parts.drain(&o.pending); err != nil {
		return false, err
	}
	if len(o.pending) == 0 {
		return false, nil
	}
	pf := o.pending[len(o.pending)-1]
	o.pending = o.pending[:len(o.pending)-1]
	defer pf.f.Close()
	o.entries, o.pos, o.emitted = o.entries[:0], 0, 0
	o.index, o.arena = make(map[uint64][]*setEntry), rowArena{}
	o.smem, o.spilling, o.parts.depth = 0, false, pf.depth
	var buf []types.Datum
	for {
		rec, err := pf.f.Read(buf)
		if err != nil {
			return false, err
		}
		if rec == nil {
			return true, nil
		}
		buf = rec
		if err := o.s.tick(); err != nil {
			return false, err
		}
		n := len(rec) - 1
		if err := o.countRow(rec[:n:n], rec[n].AsBool()); err != nil {
			return false, err
		}
	}
}

func (o *setOpOp) resetSpill() {
	o.parts.close()
	o.pending = closePending(o.pending)
	o.smem, o.spilling, o.parts.depth = 0, false, 0
}

func (o *setOpOp) outerFrame() *expr.Frame { return o.outer }

func (o *setOpOp) close() {
	o.resetSpill()
	o.left.close()
	o.right.close()
	o.entries, o.index, o.arena = nil, nil, rowArena{}
}
