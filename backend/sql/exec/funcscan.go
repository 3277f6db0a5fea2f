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
}

func (o *funcScanOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.rows, o.ord = nil, 0
	fn := o.n.Fn
	if fn == nil || fn.SRF == nil {
		return pgerr.New(pgerr.InternalError, "function %s is not set-returning", fnName(fn))
	}
	if cap(o.args) < len(o.n.Args) {
		o.args = make([]types.Datum, len(o.n.Args))
	}
	args := o.args[:len(o.n.Args)]
	for i, e := range o.n.Args {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return err
		}
		if v.Null && fn.Strict {
			return nil // a strict function of a NULL returns no rows
		}
		args[i] = v
	}
	rows, err := fn.SRF(o.s.env.Ctx, args)
	if err != nil {
		return err
	}
	o.rows = rows
	return nil
}

func (o *funcScanOp) next() ([]types.Datum, error) {
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

func (o *funcScanOp) close() { o.rows = nil }
