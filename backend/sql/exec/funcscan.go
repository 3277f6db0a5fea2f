package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// funcScanOp runs a set-returning function for one row of arguments
// (evaluated at each open, so a lateral call sees its outer row).
type funcScanOp struct {
	s     *state
	n     *plan.FunctionScan
	frame expr.Frame
	rows  funcs.Rows
	args  []types.Datum
	out   []types.Datum
	ord   int64
	more  []funcs.Rows // ROWS FROM's further functions, nil once finished
}

func (o *funcScanOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.rows, o.ord = nil, 0
	rows, err := o.start(o.n.Fn, o.n.Args)
	if err != nil {
		return err
	}
	o.rows = rows
	if o.n.RecordCols != nil {
		return nil
	}
	if len(o.n.More) == 0 {
		return nil
	}
	o.more = make([]funcs.Rows, len(o.n.More))
	for i := range o.n.More {
		if o.more[i], err = o.start(o.n.More[i].Fn, o.n.More[i].Args); err != nil {
			return err
		}
	}
	return nil
}

// start evaluates a function's arguments and starts it; nil rows for a
// strict function of a NULL, which returns no rows.
func (o *funcScanOp) start(fn *funcs.Func, argExprs []expr.Expr) (funcs.Rows, error) {
	record := o.n.RecordCols != nil && fn == o.n.Fn
	if fn == nil || (fn.SRF == nil && !record) || (record && fn.RecordSRF == nil) {
		return nil, pgerr.New(pgerr.InternalError, "function %s is not set-returning", fnName(fn))
	}
	if cap(o.args) < len(argExprs) {
		o.args = make([]types.Datum, len(argExprs))
	}
	args := o.args[:len(argExprs)]
	for i, e := range argExprs {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return nil, err
		}
		if v.Null && fn.Strict {
			if record && !fn.RetSet {
				// A function in FROM that is not set-returning yields one
				// row even when it is NULL.
				return &nullRow{n: len(o.n.RecordCols)}, nil
			}
			return nil, nil
		}
		args[i] = v
	}
	if record {
		return fn.RecordSRF(o.s.env.Ctx, args, o.n.RecordCols, o.n.RecordTypes)
	}
	return fn.SRF(o.s.env.Ctx, args)
}

// nextSide is the next row of ROWS FROM's functions side by side.
func (o *funcScanOp) nextSide() ([]types.Datum, error) {
	o.out = o.out[:0]
	produced := false
	take := func(rows *funcs.Rows, width int) error {
		if *rows != nil {
			row, ok, err := (*rows).Next(o.s.env.Ctx)
			if err != nil {
				return err
			}
			if ok {
				o.out, produced = append(o.out, row...), true
				return nil
			}
			*rows = nil
		}
		for i := 0; i < width; i++ {
			o.out = append(o.out, types.Null)
		}
		return nil
	}
	if err := take(&o.rows, o.n.Width); err != nil {
		return nil, err
	}
	for i := range o.more {
		if err := take(&o.more[i], o.n.More[i].Width); err != nil {
			return nil, err
		}
	}
	if !produced {
		o.more = nil
		return nil, nil
	}
	if err := o.s.tick(); err != nil {
		return nil, err
	}
	if o.n.Ordinality {
		o.ord++
		o.out = append(o.out, types.Int(o.ord))
	}
	return o.out, nil
}

func (o *funcScanOp) next() ([]types.Datum, error) {
	if len(o.n.More) > 0 {
		if o.more == nil {
			return nil, nil
		}
		return o.nextSide()
	}
	if o.rows == nil {
		return nil, nil
	}
	row, ok, err := o.rows.Next(o.s.env.Ctx)
	if err != nil || !ok {
		o.rows = nil
		return nil, err
	}
	if err := o.s.tick(); err != nil {
		return nil, err
	}
	if !o.n.Ordinality {
		return row, nil
	}
	o.ord++
	o.out = append(append(o.out[:0], row...), types.Int(o.ord))
	return o.out, nil
}

func (o *funcScanOp) close() { o.rows, o.more = nil, nil }

// nullRow yields one row of n NULLs.
type nullRow struct {
	n    int
	done bool
}

func (r *nullRow) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	if r.done {
		return nil, false, nil
	}
	r.done = true
	row := make([]types.Datum, r.n)
	for i := range row {
		row[i] = types.Null
	}
	return row, true, nil
}
