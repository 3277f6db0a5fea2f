package exec

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// aggregate computes aggregate wf (function fi) over every row's frame,
// adding and removing rows as the frame moves when it can.
func (p *partition) aggregate(fi int, out [][]types.Datum, width int) error {
	wf := p.wf
	ctx := p.o.s.env.Ctx
	n := len(p.rows)
	args := make([]types.Datum, len(wf.Args))
	feed := func(st funcs.AggState, row int, remove bool) error {
		if err := p.o.s.tick(); err != nil { // frames recomputed per row
			return err
		}
		p.frame.Row = p.rows[row]
		if wf.Filter != nil {
			ok, err := evalQual(wf.Filter, &p.frame)
			if err != nil || !ok {
				return err
			}
		}
		for i, e := range wf.Args {
			v, err := e.Eval(&p.frame)
			if err != nil {
				return err
			}
			args[i] = v
		}
		if remove {
			return st.(funcs.AggRemover).Remove(args)
		}
		return st.Add(args)
	}
	var st funcs.AggState
	s, e := 0, 0
	_, canRemove := wf.Fn.Agg.New(ctx, wf.ArgTypes, wf.Result).(funcs.AggRemover)
	canRemove = canRemove && wf.Fn.Agg.Moving
	for i := 0; i < n; i++ {
		p.cur = i
		ns, ne := p.frameBounds(i)
		if p.err != nil {
			return p.err
		}
		p.start, p.end = ns, ne
		if wf.Frame.Exclude != 0 {
			st = wf.Fn.Agg.New(ctx, wf.ArgTypes, wf.Result)
			for j := ns; j < ne; j++ {
				if p.excluded(j) {
					continue
				}
				if err := feed(st, j, false); err != nil {
					return err
				}
			}
		} else if st == nil || ns < s || ne < e || ns > s && !canRemove || ns >= e {
			st = wf.Fn.Agg.New(ctx, wf.ArgTypes, wf.Result)
			for j := ns; j < ne; j++ {
				if err := feed(st, j, false); err != nil {
					return err
				}
			}
			s, e = ns, ne
		} else {
			for ; e < ne; e++ {
				if err := feed(st, e, false); err != nil {
					return err
				}
			}
			for ; s < ns; s++ {
				if err := feed(st, s, true); err != nil {
					return err
				}
			}
		}
		v, err := st.Result()
		if err != nil {
			return err
		}
		out[i][width+fi] = v
	}
	return nil
}
