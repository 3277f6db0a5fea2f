package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// mergeJoinOp joins two inputs sorted ascending (NULLs last) on their
// keys. It keeps the current group of right rows with equal keys (and
// which of them found a partner, for RIGHT and FULL joins) and one right
// row of look-ahead; each left row is matched against the group, and the
// group moves on when the left keys pass it. Rows with a NULL key never
// match: a left one is emitted alone at once, right ones (sorted last)
// when the left side ends.
//
// Output is produced one left row (or one finished group) at a time into
// a queue, so that next stays a simple loop.
type mergeJoinOp struct {
	s           *state
	n           *plan.MergeJoin
	left, right op
	frame       expr.Frame
	lw, rw      int

	lkeys    []types.Datum
	group    [][]types.Datum // right rows whose keys equal gkeys
	gkeys    []types.Datum
	gmatched []bool
	hasGroup bool
	garena   rowArena

	peek      []types.Datum // the next right row, nil when none is read
	peekKeys  []types.Datum
	rightDone bool
	parena    rowArena

	queue    [][]types.Datum
	qpos     int
	qarena   rowArena
	leftDone bool
	finished bool
}

func (s *state) newMergeJoin(n *plan.MergeJoin) (op, error) {
	if len(n.LeftKeys) != len(n.RightKeys) || len(n.KeyTypes) < len(n.LeftKeys) || len(n.LeftKeys) == 0 {
		return nil, pgerr.New(pgerr.InternalError, "merge join plan has %d left keys, %d right keys and %d key types", len(n.LeftKeys), len(n.RightKeys), len(n.KeyTypes))
	}
	left, err := s.build(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := s.build(n.Right)
	if err != nil {
		return nil, err
	}
	k := len(n.LeftKeys)
	return &mergeJoinOp{s: s, n: n, left: left, right: right, lw: len(n.Left.Columns()), rw: len(n.Right.Columns()),
		lkeys: make([]types.Datum, k), gkeys: make([]types.Datum, k), peekKeys: make([]types.Datum, k)}, nil
}

func (o *mergeJoinOp) keepsRight() bool {
	return o.n.Kind == plan.JoinRight || o.n.Kind == plan.JoinFull
}
func (o *mergeJoinOp) keepsLeft() bool { return o.n.Kind == plan.JoinLeft || o.n.Kind == plan.JoinFull }

func (o *mergeJoinOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.group, o.gmatched, o.hasGroup = o.group[:0], o.gmatched[:0], false
	o.garena, o.parena, o.qarena = rowArena{}, rowArena{}, rowArena{}
	o.peek, o.rightDone = nil, false
	o.queue, o.qpos, o.leftDone, o.finished = o.queue[:0], 0, false, false
	if err := o.right.open(outer); err != nil {
		return err
	}
	if err := o.left.open(outer); err != nil {
		return err
	}
	return o.advanceRight()
}

// evalKeys evaluates keys over row into dst.
func (o *mergeJoinOp) evalKeys(keys []expr.Expr, row, dst []types.Datum) error {
	o.frame.Row = row
	for i, e := range keys {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return err
		}
		dst[i] = v
	}
	return nil
}

// advanceRight reads the next right row into peek (a copy).
func (o *mergeJoinOp) advanceRight() error {
	o.peek = nil
	if o.rightDone {
		return nil
	}
	r, err := o.right.next()
	if err != nil {
		return err
	}
	if r == nil {
		o.rightDone = true
		return nil
	}
	if err := o.s.tick(); err != nil {
		return err
	}
	o.peek = o.parena.copy(r)
	return o.evalKeys(o.n.RightKeys, o.peek, o.peekKeys)
}

// compareKeys orders two key vectors, a NULL above every value.
func (o *mergeJoinOp) compareKeys(a, b []types.Datum) int {
	for i, t := range o.n.KeyTypes[:len(a)] {
		switch {
		case a[i].Null && b[i].Null:
			continue
		case a[i].Null:
			return 1
		case b[i].Null:
			return -1
		}
		if c := types.Compare(t, a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// emit queues a result row: l and r side by side, either nil for NULLs.
func (o *mergeJoinOp) emit(l, r []types.Datum) {
	w := o.lw + o.rw
	if o.n.Kind == plan.JoinSemi || o.n.Kind == plan.JoinAnti {
		w = o.lw
	}
	row := o.qarena.copy(make([]types.Datum, w))
	for i := 0; i < o.lw; i++ {
		row[i] = types.Null
		if l != nil {
			row[i] = l[i]
		}
	}
	for i := o.lw; i < w; i++ {
		row[i] = types.Null
		if r != nil {
			row[i] = r[i-o.lw]
		}
	}
	o.queue = append(o.queue, row)
}

// flushGroup queues the group's unmatched rows (RIGHT and FULL joins)
// and forgets the group.
func (o *mergeJoinOp) flushGroup() {
	if o.keepsRight() {
		for i, r := range o.group {
			if !o.gmatched[i] {
				o.emit(nil, r)
			}
		}
	}
	o.group, o.gmatched, o.hasGroup = o.group[:0], o.gmatched[:0], false
	o.garena = rowArena{}
}

// loadGroup skips right rows below keys (queued unmatched for RIGHT and
// FULL joins) and gathers those equal to them as the new group.
func (o *mergeJoinOp) loadGroup(keys []types.Datum) error {
	for o.peek != nil && o.compareKeys(o.peekKeys, keys) < 0 {
		if o.keepsRight() {
			o.emit(nil, o.peek)
		}
		if err := o.advanceRight(); err != nil {
			return err
		}
	}
	copy(o.gkeys, keys)
	o.hasGroup = true
	for o.peek != nil && o.compareKeys(o.peekKeys, keys) == 0 {
		o.group = append(o.group, o.garena.copy(o.peek))
		o.gmatched = append(o.gmatched, false)
		if err := o.advanceRight(); err != nil {
			return err
		}
	}
	return nil
}

// matchLeft queues what left row l yields against the current group.
func (o *mergeJoinOp) matchLeft(l []types.Datum) error {
	matched := false
	joined := make([]types.Datum, o.lw+o.rw)
	for i, r := range o.group {
		if err := o.s.tick(); err != nil {
			return err
		}
		copy(joined, l)
		copy(joined[o.lw:], r)
		o.frame.Row = joined
		ok, err := evalQual(o.n.Qual, &o.frame)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		matched = true
		o.gmatched[i] = true
		switch o.n.Kind {
		case plan.JoinSemi:
			o.emit(l, nil)
			return nil
		case plan.JoinAnti:
			return nil
		}
		o.emit(l, r)
	}
	if !matched {
		o.unmatchedLeft(l)
	}
	return nil
}

func (o *mergeJoinOp) unmatchedLeft(l []types.Datum) {
	if o.keepsLeft() || o.n.Kind == plan.JoinAnti {
		o.emit(l, nil)
	}
}

// step fills the queue with the output of the next left row, or with
// the remaining right rows once the left side has ended.
func (o *mergeJoinOp) step() error {
	if o.leftDone {
		o.flushGroup()
		for o.peek != nil {
			if o.keepsRight() {
				o.emit(nil, o.peek)
			}
			if err := o.advanceRight(); err != nil {
				return err
			}
		}
		o.finished = true
		return nil
	}
	l, err := o.left.next()
	if err != nil {
		return err
	}
	if l == nil {
		o.leftDone = true
		return nil
	}
	if err := o.s.tick(); err != nil {
		return err
	}
	if err := o.evalKeys(o.n.LeftKeys, l, o.lkeys); err != nil {
		return err
	}
	if hasNull(o.lkeys) {
		o.unmatchedLeft(l)
		return nil
	}
	if !o.hasGroup || o.compareKeys(o.lkeys, o.gkeys) > 0 {
		o.flushGroup()
		if err := o.loadGroup(o.lkeys); err != nil {
			return err
		}
	} else if o.compareKeys(o.lkeys, o.gkeys) < 0 {
		return pgerr.New(pgerr.InternalError, "merge join input is not sorted on its keys")
	}
	return o.matchLeft(l)
}

func (o *mergeJoinOp) next() ([]types.Datum, error) {
	for {
		if o.qpos < len(o.queue) {
			r := o.queue[o.qpos]
			o.qpos++
			return r, nil
		}
		if o.finished {
			return nil, nil
		}
		o.queue, o.qpos = o.queue[:0], 0
		o.qarena = rowArena{}
		if err := o.step(); err != nil {
			return nil, err
		}
	}
}

func (o *mergeJoinOp) close() {
	o.left.close()
	o.right.close()
	o.group, o.gmatched, o.queue, o.peek = nil, nil, nil, nil
	o.garena, o.parena, o.qarena = rowArena{}, rowArena{}, rowArena{}
}
