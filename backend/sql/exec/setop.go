package exec

import (
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
		h := hashKeys(o.ts, row)
		var e *setEntry
		for _, c := range o.index[h] {
			if keysEqual(o.ts, c.row, row) {
				e = c
				break
			}
		}
		if e == nil {
			e = &setEntry{row: o.arena.copy(row)}
			o.index[h] = append(o.index[h], e)
			o.entries = append(o.entries, e)
		}
		if right {
			e.right++
		} else {
			e.left++
		}
	}
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
	for o.pos < len(o.entries) {
		e := o.entries[o.pos]
		if o.emitted < o.times(e.left, e.right) {
			o.emitted++
			return e.row, nil
		}
		o.pos++
		o.emitted = 0
	}
	return nil, nil
}

func (o *setOpOp) outerFrame() *expr.Frame { return o.outer }

func (o *setOpOp) close() {
	o.left.close()
	o.right.close()
	o.entries, o.index, o.arena = nil, nil, rowArena{}
}
