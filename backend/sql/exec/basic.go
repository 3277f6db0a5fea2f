package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// valuesOp evaluates the rows of a VALUES list.
type valuesOp struct {
	s     *state
	n     *plan.Values
	frame expr.Frame
	pos   int
	row   []types.Datum
}

func (o *valuesOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.pos = 0
	return nil
}

func (o *valuesOp) next() ([]types.Datum, error) {
	if o.n.Rows == nil && o.n.Datums != nil {
		return o.nextDatums()
	}
	if o.pos >= len(o.n.Rows) {
		return nil, nil
	}
	if err := o.s.tick(); err != nil {
		return nil, err
	}
	exprs := o.n.Rows[o.pos]
	o.pos++
	if o.row == nil || cap(o.row) < len(exprs) { // a zero-width row must still be non-nil: nil ends the rows
		o.row = make([]types.Datum, len(exprs))
	}
	row := o.row[:len(exprs)]
	for i, e := range exprs {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return nil, err
		}
		row[i] = v
	}
	return row, nil
}

// nextDatums returns the next row of a Values given as values, its
// defaulted columns evaluated.
func (o *valuesOp) nextDatums() ([]types.Datum, error) {
	if o.pos >= len(o.n.Datums) {
		return nil, nil
	}
	vals := o.n.Datums[o.pos]
	if o.n.Pos != nil {
		*o.n.Pos = o.pos
	}
	o.pos++
	if cap(o.row) < len(vals) || o.row == nil {
		o.row = make([]types.Datum, len(vals))
	}
	row := o.row[:len(vals)]
	copy(row, vals)
	for i, e := range o.n.Defaults {
		if e == nil {
			continue
		}
		v, err := e.Eval(&o.frame)
		if err != nil {
			return nil, err
		}
		row[i] = v
	}
	return row, nil
}

func (o *valuesOp) close() {}

// filterOp passes the rows its qual accepts.
type filterOp struct {
	s     *state
	in    op
	qual  expr.Expr
	frame expr.Frame
}

func (o *filterOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	return o.in.open(outer)
}

func (o *filterOp) next() ([]types.Datum, error) {
	for {
		row, err := o.in.next()
		if row == nil || err != nil {
			return nil, err
		}
		o.frame.Row = row
		ok, err := evalQual(o.qual, &o.frame)
		if err != nil {
			return nil, err
		}
		if ok {
			return row, nil
		}
		if err := o.s.tick(); err != nil {
			return nil, err
		}
	}
}

func (o *filterOp) close() { o.in.close() }

// projectOp computes its expressions over each input row into one reused
// output row.
type projectOp struct {
	s     *state
	in    op
	exprs []expr.Expr
	out   []types.Datum
	frame expr.Frame
}

func (o *projectOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	return o.in.open(outer)
}

func (o *projectOp) next() ([]types.Datum, error) {
	row, err := o.in.next()
	if row == nil || err != nil {
		return nil, err
	}
	o.frame.Row = row
	for i, e := range o.exprs {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return nil, err
		}
		o.out[i] = v
	}
	return o.out, nil
}

func (o *projectOp) close() { o.in.close() }
