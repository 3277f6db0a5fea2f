package exec

import (
	"slices"

	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// aggOp groups its input by hashing the group keys (groups come out in the
// order they first appeared, so sorted input stays sorted) and feeds each
// group's aggregate states.
type aggOp struct {
	s      *state
	n      *plan.Agg
	in     op
	frame  expr.Frame
	groups []*aggGroup
	index  map[uint64][]*aggGroup
	pos    int
	out    []types.Datum
	keys   []types.Datum
	args   [][]types.Datum
	karena rowArena
	aggSpill
	growing []bool // per call: its state grows with its input
}

// aggGroup is one group: its keys and one state per aggregate call, plus
// the buffered inputs of calls with DISTINCT or ORDER BY.
type aggGroup struct {
	keys     []types.Datum
	states   []funcs.AggState
	buffered [][]aggInput
}

// aggInput is one buffered row of a DISTINCT or ORDER BY aggregate call.
type aggInput struct {
	args  []types.Datum
	order []types.Datum
}

func (s *state) newAgg(n *plan.Agg) (op, error) {
	in, err := s.build(n.Input)
	if err != nil {
		return nil, err
	}
	if len(n.KeyTypes) < len(n.GroupKeys) {
		return nil, pgerr.New(pgerr.InternalError, "aggregate plan has %d group keys and %d key types", len(n.GroupKeys), len(n.KeyTypes))
	}
	o := &aggOp{s: s, n: n, in: in, out: make([]types.Datum, len(n.GroupKeys)+len(n.Aggs)), keys: make([]types.Datum, len(n.GroupKeys))}
	o.args = make([][]types.Datum, len(n.Aggs))
	for i := range n.Aggs {
		a := &n.Aggs[i]
		if a.Fn == nil || a.Fn.Agg == nil || a.Fn.Agg.New == nil {
			return nil, pgerr.New(pgerr.InternalError, "function %s is not an aggregate", fnName(a.Fn))
		}
		o.args[i] = make([]types.Datum, len(a.Args))
	}
	o.growing = make([]bool, len(n.Aggs))
	for i := range n.Aggs {
		o.growing[i] = growingAggs[n.Aggs[i].Fn.Name]
	}
	return o, nil
}

func fnName(f *funcs.Func) string {
	if f == nil {
		return "(nil)"
	}
	return f.Name
}

func (o *aggOp) newGroup(keys []types.Datum) *aggGroup {
	g := &aggGroup{keys: o.karena.copy(keys), states: make([]funcs.AggState, len(o.n.Aggs))}
	for i := range o.n.Aggs {
		a := &o.n.Aggs[i]
		g.states[i] = a.Fn.Agg.New(o.s.env.Ctx, a.ArgTypes, a.Result)
		if oi, ok := g.states[i].(funcs.OrderedInput); ok {
			desc, nullsFirst := make([]bool, len(a.OrderBy)), make([]bool, len(a.OrderBy))
			for k, key := range a.OrderBy {
				desc[k], nullsFirst[k] = key.Desc, key.NullsFirst
			}
			oi.SetOrder(desc, nullsFirst)
		}
		if a.Distinct || len(a.OrderBy) > 0 {
			if g.buffered == nil {
				g.buffered = make([][]aggInput, len(o.n.Aggs))
			}
		}
	}
	return g
}

func (o *aggOp) lookup(keys []types.Datum) *aggGroup {
	if len(keys) == 0 {
		if len(o.groups) == 0 {
			o.groups = append(o.groups, o.newGroup(nil))
		}
		return o.groups[0]
	}
	h := hashKeys(o.n.KeyTypes, keys)
	for _, g := range o.index[h] {
		if keysEqual(o.n.KeyTypes, g.keys, keys) {
			return g
		}
	}
	if o.spilling {
		o.spillHash = h
		return nil
	}
	g := o.newGroup(keys)
	o.index[h] = append(o.index[h], g)
	o.groups = append(o.groups, g)
	o.grew(spill.RowSize(keys) + groupCost*int64(1+len(o.n.Aggs)))
	return g
}

// keysEqual compares key vectors with NULLs equal to each other (the
// grouping rule, not the comparison one).
func keysEqual(ts []types.T, a, b []types.Datum) bool {
	for i := range a {
		if a[i].Null || b[i].Null {
			if a[i].Null != b[i].Null {
				return false
			}
			continue
		}
		if !equalDatum(ts[i], a[i], b[i]) {
			return false
		}
	}
	return true
}

func (o *aggOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.groups, o.pos = o.groups[:0], 0
	o.index = make(map[uint64][]*aggGroup)
	o.karena = rowArena{}
	o.resetSpill()
	if err := o.in.open(outer); err != nil {
		return err
	}
	for {
		row, err := o.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		if err := o.add(row); err != nil {
			return err
		}
	}
	if len(o.n.GroupKeys) == 0 && len(o.groups) == 0 {
		o.lookup(nil)
	}
	return o.finishGroups()
}

// finishGroups feeds the buffered inputs of the table's groups.
func (o *aggOp) finishGroups() error {
	for _, g := range o.groups {
		if err := o.finishBuffered(g); err != nil {
			return err
		}
	}
	return nil
}

func (o *aggOp) add(row []types.Datum) error {
	o.frame.Row = row
	for i, e := range o.n.GroupKeys {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return err
		}
		o.keys[i] = v
	}
	g := o.lookup(o.keys)
	if g == nil {
		return o.spillRow(o.spillHash)
	}
	for i := range o.n.Aggs {
		a := &o.n.Aggs[i]
		if a.Filter != nil {
			ok, err := evalQual(a.Filter, &o.frame)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
		}
		args := o.args[i]
		for j, e := range a.Args {
			v, err := e.Eval(&o.frame)
			if err != nil {
				return err
			}
			args[j] = v
		}
		if a.Distinct || len(a.OrderBy) > 0 {
			in := aggInput{args: copyRow(args)}
			if len(a.OrderBy) > 0 {
				k, err := evalKeys(a.OrderBy, &o.frame, nil)
				if err != nil {
					return err
				}
				in.order = k
			}
			g.buffered[i] = append(g.buffered[i], in)
			o.grew(spill.RowSize(in.args) + spill.RowSize(in.order))
			continue
		}
		if o.growing[i] {
			o.grew(argsCost(args))
		}
		if err := g.states[i].Add(args); err != nil {
			return err
		}
	}
	return nil
}

// finishBuffered feeds the buffered inputs of DISTINCT and ORDER BY calls
// to their states: sorted by the call's ORDER BY, duplicates (of all
// arguments, NULLs equal) dropped for DISTINCT.
func (o *aggOp) finishBuffered(g *aggGroup) error {
	if g.buffered == nil {
		return nil
	}
	for i, ins := range g.buffered {
		a := &o.n.Aggs[i]
		if !a.Distinct && len(a.OrderBy) == 0 {
			continue
		}
		switch {
		case a.Distinct:
			// PostgreSQL sorts a DISTINCT call's input by its ORDER BY
			// and then by every argument, so the values reach the
			// aggregate in ascending order even without ORDER BY.
			slices.SortStableFunc(ins, func(x, y aggInput) int {
				if c := compareKeys(a.OrderBy, x.order, y.order); c != 0 {
					return c
				}
				return compareArgs(a.Args, x.args, y.args)
			})
		case len(a.OrderBy) > 0:
			slices.SortStableFunc(ins, func(x, y aggInput) int { return compareKeys(a.OrderBy, x.order, y.order) })
		}
		var seen map[uint64][][]types.Datum
		if a.Distinct {
			seen = make(map[uint64][][]types.Datum)
		}
	rows:
		for _, in := range ins {
			if a.Distinct {
				h := hashKeys(a.ArgTypes, in.args)
				for _, s := range seen[h] {
					if keysEqual(a.ArgTypes, s, in.args) {
						continue rows
					}
				}
				seen[h] = append(seen[h], in.args)
			}
			if err := g.states[i].Add(in.args); err != nil {
				return err
			}
		}
		g.buffered[i] = nil
	}
	return nil
}

// compareArgs orders two argument lists ascending, NULLs last.
func compareArgs(args []expr.Expr, a, b []types.Datum) int {
	for i, e := range args {
		switch {
		case a[i].Null && b[i].Null:
			continue
		case a[i].Null:
			return 1
		case b[i].Null:
			return -1
		}
		if c := compareDatum(e.Type(), a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func (o *aggOp) next() ([]types.Datum, error) {
	for o.pos >= len(o.groups) {
		more, err := o.nextPass()
		if !more || err != nil {
			return nil, err
		}
	}
	g := o.groups[o.pos]
	o.pos++
	copy(o.out, g.keys)
	nk := len(o.n.GroupKeys)
	for i, st := range g.states {
		v, err := st.Result()
		if err != nil {
			return nil, err
		}
		o.out[nk+i] = v
	}
	return o.out, nil
}

func (o *aggOp) close() {
	o.in.close()
	// Kept operators must not hold a statement's groups until the plan
	// runs again.
	o.groups, o.index, o.karena = nil, nil, rowArena{}
	o.resetSpill()
}
