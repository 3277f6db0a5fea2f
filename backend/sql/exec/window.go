package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// SQLSTATE of bad frame offsets (not in pgerr yet).
const invalidPrecedingOrFollowingSize = "22013"

// windowOp computes window functions one partition at a time: it reads a
// partition's rows (the input is sorted by the partition keys, then the
// window's ORDER BY), computes every function for every row, and returns
// the rows with their values appended.
type windowOp struct {
	s     *state
	n     *plan.Window
	in    op
	frame expr.Frame
	width int // input columns

	pending []types.Datum // the first row of the next partition
	inDone  bool

	part   partition
	out    [][]types.Datum
	pos    int
	arena  rowArena
	pkeys  []types.Datum
	pkNext []types.Datum
}

func (s *state) newWindow(n *plan.Window) (op, error) {
	in, err := s.build(n.Input)
	if err != nil {
		return nil, err
	}
	for i := range n.Funcs {
		f := &n.Funcs[i]
		switch {
		case f.Fn == nil:
			return nil, pgerr.New(pgerr.InternalError, "window function without a function")
		case f.IsAgg && (f.Fn.Agg == nil || f.Fn.Agg.New == nil):
			return nil, pgerr.New(pgerr.InternalError, "function %s is not an aggregate", f.Fn.Name)
		case !f.IsAgg && (f.Fn.Win == nil || f.Fn.Win.Call == nil):
			return nil, pgerr.New(pgerr.InternalError, "function %s is not a window function", f.Fn.Name)
		}
	}
	if len(n.PartTypes) < len(n.PartitionBy) {
		return nil, pgerr.New(pgerr.InternalError, "window plan has %d partition keys and %d key types", len(n.PartitionBy), len(n.PartTypes))
	}
	o := &windowOp{s: s, n: n, in: in, width: len(n.Input.Columns())}
	o.part.o = o
	return o, nil
}

func (o *windowOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.part.frame = o.s.frame(outer)
	o.pending, o.inDone, o.out, o.pos = nil, false, nil, 0
	return o.in.open(outer)
}

func (o *windowOp) next() ([]types.Datum, error) {
	for o.pos >= len(o.out) {
		if o.inDone && o.pending == nil {
			return nil, nil
		}
		if err := o.readPartition(); err != nil {
			return nil, err
		}
		if err := o.compute(); err != nil {
			return nil, err
		}
	}
	o.pos++
	return o.out[o.pos-1], nil
}

func (o *windowOp) partKeys(row []types.Datum, dst []types.Datum) ([]types.Datum, error) {
	o.frame.Row = row
	dst = dst[:0]
	for _, e := range o.n.PartitionBy {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

// readPartition reads the rows of the next partition into o.part.
func (o *windowOp) readPartition() error {
	p := &o.part
	p.rows, p.keys = p.rows[:0], p.keys[:0]
	o.arena = rowArena{}
	var karena rowArena
	add := func(row []types.Datum) error {
		o.frame.Row = row
		var scratch [4]types.Datum
		k, err := evalKeys(o.n.OrderBy, &o.frame, scratch[:0])
		if err != nil {
			return err
		}
		p.rows = append(p.rows, row)
		p.keys = append(p.keys, karena.copy(k))
		return nil
	}
	if o.pending != nil {
		var err error
		if o.pkeys, err = o.partKeys(o.pending, o.pkeys); err != nil {
			return err
		}
		if err := add(o.pending); err != nil {
			return err
		}
		o.pending = nil
	}
	for !o.inDone {
		row, err := o.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			o.inDone = true
			break
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		kept := o.arena.copy(row)
		if len(p.rows) == 0 {
			if o.pkeys, err = o.partKeys(kept, o.pkeys); err != nil {
				return err
			}
		} else if len(o.n.PartitionBy) > 0 {
			if o.pkNext, err = o.partKeys(kept, o.pkNext); err != nil {
				return err
			}
			if !keysEqual(o.n.PartTypes, o.pkeys, o.pkNext) {
				o.pending = kept
				break
			}
		}
		if err := add(kept); err != nil {
			return err
		}
	}
	return nil
}

// compute fills o.out with the partition's rows and their functions'
// values.
func (o *windowOp) compute() error {
	p := &o.part
	n := len(p.rows)
	o.out, o.pos = o.out[:0], 0
	if n == 0 {
		return nil
	}
	p.peerGroups()
	nf := len(o.n.Funcs)
	var out rowArena
	for _, r := range p.rows {
		row := out.copy(append(r[:o.width:o.width], make([]types.Datum, nf)...))
		o.out = append(o.out, row)
	}
	for fi := range o.n.Funcs {
		wf := &o.n.Funcs[fi]
		p.wf = wf
		p.fr = frameOf(wf)
		p.err = nil
		if err := p.offsets(); err != nil {
			return err
		}
		if wf.IsAgg {
			if err := p.aggregate(fi, o.out, o.width); err != nil {
				return err
			}
			continue
		}
		for i := 0; i < n; i++ {
			if err := o.s.tick(); err != nil {
				return err
			}
			p.cur = i
			p.start, p.end = p.frameBounds(i)
			if p.err != nil {
				return p.err
			}
			v, err := wf.Fn.Win.Call(o.s.env.Ctx, p)
			if err != nil {
				return err
			}
			o.out[i][o.width+fi] = v
		}
	}
	return nil
}

func (o *windowOp) close() {
	o.in.close()
	o.out, o.arena, o.pending = nil, rowArena{}, nil
	o.part.rows, o.part.keys = nil, nil
}
