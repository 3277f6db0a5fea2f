package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// rightSource yields the candidate right rows for one left row: every
// right row for a nested loop, the rows with equal keys for a hash join.
// idx is the row's position in the kept right rows, or -1 when the
// source does not keep them (then RIGHT and FULL joins are impossible).
type rightSource interface {
	start(lrow []types.Datum) error
	nextRight() (row []types.Datum, idx int, err error)
	// kept returns the kept right rows, for the unmatched ones of RIGHT
	// and FULL joins.
	kept() [][]types.Datum
}

// joinCore is what both join methods share: the join kinds' rules for
// emitting matched and unmatched rows.
type joinCore struct {
	s        *state
	kind     plan.JoinKind
	left     op
	src      rightSource
	qual     expr.Expr
	frame    expr.Frame
	lw, rw   int
	out      []types.Datum
	lrow     []types.Datum
	haveLeft bool
	lmatched bool
	leftDone bool
	rmatched []bool
	upos     int
}

func (j *joinCore) init(s *state, kind plan.JoinKind, left op, src rightSource, qual expr.Expr, lw, rw int) {
	j.s, j.kind, j.left, j.src, j.qual, j.lw, j.rw = s, kind, left, src, qual, lw, rw
	j.out = make([]types.Datum, lw+rw)
}

func (j *joinCore) reset(outer *expr.Frame) {
	j.frame = j.s.frame(outer)
	j.haveLeft, j.leftDone, j.upos = false, false, 0
	j.rmatched = j.rmatched[:0]
}

func (j *joinCore) keepsRight() bool { return j.kind == plan.JoinRight || j.kind == plan.JoinFull }

func (j *joinCore) next() ([]types.Datum, error) {
	for {
		if !j.haveLeft {
			if j.leftDone {
				return j.nextUnmatchedRight(), nil
			}
			lrow, err := j.left.next()
			if err != nil {
				return nil, err
			}
			if lrow == nil {
				j.leftDone = true
				if j.keepsRight() {
					continue
				}
				return nil, nil
			}
			if err := j.s.tick(); err != nil {
				return nil, err
			}
			j.lrow, j.haveLeft, j.lmatched = lrow, true, false
			if err := j.src.start(lrow); err != nil {
				return nil, err
			}
		}
		rrow, idx, err := j.src.nextRight()
		if err == nil && rrow != nil {
			err = j.s.tick() // an inner side whose rows the qual rejects
		}
		if err != nil {
			return nil, err
		}
		if rrow == nil {
			j.haveLeft = false
			if j.lmatched {
				continue
			}
			switch j.kind {
			case plan.JoinLeft, plan.JoinFull:
				copy(j.out, j.lrow)
				for i := j.lw; i < len(j.out); i++ {
					j.out[i] = types.Null
				}
				return j.out, nil
			case plan.JoinAnti:
				return j.lrow, nil
			}
			continue
		}
		copy(j.out, j.lrow)
		copy(j.out[j.lw:], rrow)
		j.frame.Row = j.out
		ok, err := evalQual(j.qual, &j.frame)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		j.lmatched = true
		if idx >= 0 && j.keepsRight() {
			for len(j.rmatched) <= idx {
				j.rmatched = append(j.rmatched, false)
			}
			j.rmatched[idx] = true
		}
		switch j.kind {
		case plan.JoinSemi:
			j.haveLeft = false
			return j.lrow, nil
		case plan.JoinAnti:
			j.haveLeft = false
			continue
		}
		return j.out, nil
	}
}

func (j *joinCore) nextUnmatchedRight() []types.Datum {
	if !j.keepsRight() {
		return nil
	}
	rows := j.src.kept()
	for j.upos < len(rows) {
		i := j.upos
		j.upos++
		if i < len(j.rmatched) && j.rmatched[i] {
			continue
		}
		for k := 0; k < j.lw; k++ {
			j.out[k] = types.Null
		}
		copy(j.out[j.lw:], rows[i])
		return j.out
	}
	return nil
}

// nestLoopOp runs its right side once per left row, with the left row as
// the right side's outer frame; RIGHT and FULL joins read the right side
// once and keep it.
type nestLoopOp struct {
	joinCore
	n     *plan.NestLoop
	right op
	rf    expr.Frame
	outer *expr.Frame
	// kept right rows (RIGHT and FULL joins)
	rows  [][]types.Datum
	arena rowArena
	pos   int
}

func (s *state) newNestLoop(n *plan.NestLoop) (op, error) {
	left, err := s.build(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := s.build(n.Right)
	if err != nil {
		return nil, err
	}
	o := &nestLoopOp{n: n, right: right}
	o.init(s, n.Kind, left, o, n.Qual, len(n.Left.Columns()), len(n.Right.Columns()))
	return o, nil
}

func (o *nestLoopOp) open(outer *expr.Frame) error {
	o.reset(outer)
	o.outer = outer
	o.rf = o.s.frame(outer)
	if o.keepsRight() {
		o.rows = o.rows[:0]
		o.arena = rowArena{}
		if err := o.right.open(outer); err != nil {
			return err
		}
		for {
			r, err := o.right.next()
			if err != nil {
				return err
			}
			if r == nil {
				break
			}
			o.rows = append(o.rows, o.arena.copy(r))
		}
	}
	return o.left.open(outer)
}

func (o *nestLoopOp) start(lrow []types.Datum) error {
	if o.keepsRight() {
		o.pos = 0
		return nil
	}
	if !o.n.Param {
		return o.right.open(o.outer)
	}
	o.rf.Row = lrow
	return o.right.open(&o.rf)
}

func (o *nestLoopOp) nextRight() ([]types.Datum, int, error) {
	if o.keepsRight() {
		if o.pos >= len(o.rows) {
			return nil, -1, nil
		}
		o.pos++
		return o.rows[o.pos-1], o.pos - 1, nil
	}
	r, err := o.right.next()
	return r, -1, err
}

func (o *nestLoopOp) kept() [][]types.Datum { return o.rows }

func (o *nestLoopOp) close() {
	o.left.close()
	o.right.close()
	o.rows, o.arena, o.rmatched = nil, rowArena{}, nil
}
