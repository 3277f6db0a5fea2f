package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// projectSetOp runs a select list with set-returning function calls: for
// each input row it starts every call, then yields rows while any call
// still produces one, a finished call giving NULL; the select list is
// evaluated over the input row followed by the calls' current values
// (plan.ProjectSet).
type projectSetOp struct {
	s     *state
	n     *plan.ProjectSet
	in    op
	frame expr.Frame
	rows  []funcs.Rows // per call, nil once finished
	ext   []types.Datum
	width int
	out   []types.Datum
	args  []types.Datum
}

func (s *state) newProjectSet(n *plan.ProjectSet) (op, error) {
	in, err := s.build(n.Input)
	if err != nil {
		return nil, err
	}
	w := len(n.Input.Columns())
	return &projectSetOp{s: s, n: n, in: in, rows: make([]funcs.Rows, len(n.SRFs)), width: w,
		ext: make([]types.Datum, w+len(n.SRFs)), out: make([]types.Datum, len(n.Exprs))}, nil
}

func (o *projectSetOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	for i := range o.rows {
		o.rows[i] = nil
	}
	return o.in.open(outer)
}

// startRow starts every call for one input row.
func (o *projectSetOp) startRow(row []types.Datum) error {
	copy(o.ext, row)
	o.frame.Row = row
	for i, c := range o.n.SRFs {
		o.rows[i] = nil
		args := o.args[:0]
		null := false
		for _, a := range c.Args {
			v, err := a.Eval(&o.frame)
			if err != nil {
				return err
			}
			null = null || v.Null
			args = append(args, v)
		}
		o.args = args
		if null && c.Fn.Strict {
			continue
		}
		rows, err := c.Fn.SRF(o.s.env.Ctx, args)
		if err != nil {
			return err
		}
		o.rows[i] = rows
	}
	return nil
}

func (o *projectSetOp) next() ([]types.Datum, error) {
	for {
		produced := false
		for i := range o.n.SRFs {
			o.ext[o.width+i] = types.Null
			if o.rows[i] == nil {
				continue
			}
			r, ok, err := o.rows[i].Next(o.s.env.Ctx)
			if err != nil {
				return nil, err
			}
			if !ok {
				o.rows[i] = nil
				continue
			}
			o.ext[o.width+i], produced = srfValue(&o.n.SRFs[i], r), true
		}
		if produced {
			if err := o.s.tick(); err != nil {
				return nil, err
			}
			o.frame.Row = o.ext
			for i, e := range o.n.Exprs {
				v, err := e.Eval(&o.frame)
				if err != nil {
					return nil, err
				}
				o.out[i] = v
			}
			return o.out, nil
		}
		row, err := o.in.next()
		if err != nil || row == nil {
			return nil, err
		}
		if err := o.startRow(row); err != nil {
			return nil, err
		}
	}
}

func (o *projectSetOp) close() {
	for i := range o.rows {
		o.rows[i] = nil
	}
	o.in.close()
}

// srfValue is a call's value for one of its rows: the column it selects,
// or the row as a record when the function has several output columns.
func srfValue(c *plan.SRFCall, r []types.Datum) types.Datum {
	switch {
	case c.Field >= 0 && c.Field < len(r):
		return r[c.Field]
	case len(c.Fn.Out) > 1:
		rec := &types.Record{Types: make([]types.T, len(c.Fn.Out)), Values: append([]types.Datum(nil), r...),
			Names: make([]string, len(c.Fn.Out))}
		for i, col := range c.Fn.Out {
			rec.Types[i], rec.Names[i] = types.Of(col.Type), col.Name
		}
		return types.RecordDatum(rec)
	}
	return r[0]
}
