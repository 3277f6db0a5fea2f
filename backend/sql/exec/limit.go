package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// limitOp skips OFFSET rows and passes at most LIMIT, and with WITH TIES
// the rows after the last one that equal it under the ties keys.
type limitOp struct {
	s      *state
	in     op
	n      *plan.Limit
	frame  expr.Frame
	skip   int64
	left   int64 // -1: no limit
	last   []types.Datum
	lastOK bool
	done   bool
}

func (o *limitOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.skip, o.left, o.done, o.lastOK = 0, -1, false, false
	if o.n.Offset != nil {
		v, err := o.n.Offset.Eval(&o.frame)
		if err != nil {
			return err
		}
		if !v.Null {
			if v.I < 0 {
				return pgerr.New(pgerr.InvalidRowCountInResultOffs, "OFFSET must not be negative")
			}
			o.skip = v.I
		}
	}
	if o.n.Count != nil {
		v, err := o.n.Count.Eval(&o.frame)
		if err != nil {
			return err
		}
		if !v.Null {
			if v.I < 0 {
				return pgerr.New(pgerr.InvalidRowCountInLimit, "LIMIT must not be negative")
			}
			o.left = v.I
		}
	}
	if o.left == 0 && !o.n.WithTies {
		o.done = true
		return nil
	}
	if so, ok := o.in.(*sortOp); ok {
		// A sort under a limit need keep only the rows the limit passes.
		so.bound = 0
		if o.left > 0 && !o.n.WithTies && o.skip <= 1<<40 && o.left <= 1<<40 {
			so.bound = o.skip + o.left
		}
	}
	return o.in.open(outer)
}

func (o *limitOp) next() ([]types.Datum, error) {
	if o.done {
		return nil, nil
	}
	for o.skip > 0 {
		row, err := o.in.next()
		if row == nil || err != nil {
			o.done = true
			return nil, err
		}
		if err := o.s.tick(); err != nil {
			return nil, err
		}
		o.skip--
	}
	row, err := o.in.next()
	if row == nil || err != nil {
		o.done = true
		return nil, err
	}
	if o.left < 0 {
		return row, nil
	}
	if o.left == 0 {
		// Only WITH TIES gets here: keep rows equal to the last one.
		if !o.lastOK {
			o.done = true
			return nil, nil
		}
		eq, err := o.sameKeys(row)
		if err != nil || !eq {
			o.done = true
			return nil, err
		}
		return row, nil
	}
	o.left--
	if o.left == 0 {
		if !o.n.WithTies {
			o.done = true // stop without reading further
			return row, nil
		}
		o.last = o.keyValues(o.last[:0], row)
		if o.last == nil {
			return nil, nil
		}
		o.lastOK = true
	}
	return row, nil
}

// keyValues appends the ties keys' values over row to dst.
func (o *limitOp) keyValues(dst []types.Datum, row []types.Datum) []types.Datum {
	o.frame.Row = row
	for _, k := range o.n.TiesKeys {
		v, err := k.Expr.Eval(&o.frame)
		if err != nil {
			v = types.Null
		}
		dst = append(dst, v)
	}
	if dst == nil {
		dst = []types.Datum{}
	}
	return dst
}

func (o *limitOp) sameKeys(row []types.Datum) (bool, error) {
	o.frame.Row = row
	for i, k := range o.n.TiesKeys {
		v, err := k.Expr.Eval(&o.frame)
		if err != nil {
			return false, err
		}
		a := o.last[i]
		if a.Null != v.Null {
			return false, nil
		}
		if !a.Null && compareDatum(k.Expr.Type(), a, v) != 0 {
			return false, nil
		}
	}
	return true, nil
}

func (o *limitOp) close() { o.in.close() }
