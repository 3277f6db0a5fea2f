package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// cteStore holds the rows of a Materialize node, shared by every
// Materialize of the same ID in one execution. Rows are read from the
// input on demand, so a reader that stops early (LIMIT) does not force the
// whole input.
type cteStore struct {
	in    op
	rows  [][]types.Datum
	arena rowArena
	done  bool
	open  bool
	// correlated: the input reads an outer row (a CTE inside a
	// correlated sub-query), so every open starts it again.
	correlated bool
}

// fill reads input rows until there are more than n or the input ends.
func (c *cteStore) fill(s *state, n int) error {
	for !c.done && len(c.rows) <= n {
		row, err := c.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			c.done = true
			c.in.close()
			break
		}
		if err := s.tick(); err != nil {
			return err
		}
		c.rows = append(c.rows, c.arena.copy(row))
	}
	return nil
}

// materializeOp reads a cteStore from the start at each open.
type materializeOp struct {
	s     *state
	n     *plan.Materialize
	store *cteStore
	pos   int
}

func (s *state) newMaterialize(n *plan.Materialize) (op, error) {
	if s.ctes == nil {
		s.ctes = make(map[int]*cteStore)
	}
	st := s.ctes[n.ID]
	if st == nil || n.ID == 0 {
		in, err := s.build(n.Input)
		if err != nil {
			return nil, err
		}
		st = &cteStore{in: in, correlated: nodeRefsOuter(n.Input, 0)}
		switch n.Input.(type) {
		case *plan.Insert, *plan.Update, *plan.Delete:
			// A data-modifying WITH is at the top level: it runs once.
			st.correlated = false
		}
		if n.ID != 0 {
			s.ctes[n.ID] = st
		}
		s.stores = append(s.stores, st)
	}
	return &materializeOp{s: s, n: n, store: st}, nil
}

func (o *materializeOp) open(outer *expr.Frame) error {
	o.pos = 0
	if st := o.store; st.correlated && st.open {
		if !st.done {
			st.in.close()
		}
		st.rows, st.done, st.open = st.rows[:0], false, false
	}
	if !o.store.open {
		o.store.open = true
		return o.store.in.open(outer)
	}
	return nil
}

func (o *materializeOp) next() ([]types.Datum, error) {
	if err := o.store.fill(o.s, o.pos); err != nil {
		return nil, err
	}
	if o.pos >= len(o.store.rows) {
		return nil, nil
	}
	if err := o.s.tick(); err != nil { // a re-read of kept rows
		return nil, err
	}
	o.pos++
	return o.store.rows[o.pos-1], nil
}

// close leaves the store to the statement's end (closeStores): another
// reader of a shared CTE may still need its input.
func (o *materializeOp) close() {}

// recursiveUnionOp evaluates WITH RECURSIVE: the seed's rows, then rounds
// of the step over the previous round's rows (the work table) until a
// round adds nothing.
type recursiveUnionOp struct {
	s          *state
	n          *plan.RecursiveUnion
	seed, step op
	outer      *expr.Frame
	ts         []types.T
	work       [][]types.Datum // the previous round, read by WorkTableScan
	nextWork   [][]types.Datum
	seen       map[uint64][][]types.Datum
	arena      rowArena
	inStep     bool
	done       bool
}

func (s *state) newRecursiveUnion(n *plan.RecursiveUnion) (op, error) {
	o := &recursiveUnionOp{s: s, n: n}
	if s.worktab == nil {
		s.worktab = make(map[int]*[][]types.Datum)
	}
	s.worktab[n.ID] = &o.work
	var err error
	if o.seed, err = s.build(n.Seed); err != nil {
		return nil, err
	}
	if o.step, err = s.build(n.Step); err != nil {
		return nil, err
	}
	cols := n.Cols
	if cols == nil {
		cols = n.Seed.Columns()
	}
	o.ts = make([]types.T, len(cols))
	for i, c := range cols {
		o.ts[i] = c.T
	}
	return o, nil
}

func (o *recursiveUnionOp) open(outer *expr.Frame) error {
	o.outer = outer
	o.work, o.nextWork = o.work[:0], nil
	o.seen = make(map[uint64][][]types.Datum)
	o.arena = rowArena{}
	o.inStep, o.done = false, false
	return o.seed.open(outer)
}

// keep records row for the next round; it reports false for a duplicate
// (UNION without ALL).
func (o *recursiveUnionOp) keep(row []types.Datum) ([]types.Datum, bool) {
	if !o.n.All {
		h := hashKeys(o.ts, row)
		for _, r := range o.seen[h] {
			if keysEqual(o.ts, r, row) {
				return nil, false
			}
		}
		k := o.arena.copy(row)
		o.seen[h] = append(o.seen[h], k)
		o.nextWork = append(o.nextWork, k)
		return k, true
	}
	k := o.arena.copy(row)
	o.nextWork = append(o.nextWork, k)
	return k, true
}

func (o *recursiveUnionOp) next() ([]types.Datum, error) {
	for !o.done {
		in := o.seed
		if o.inStep {
			in = o.step
		}
		row, err := in.next()
		if err != nil {
			return nil, err
		}
		if row != nil {
			if err := o.s.tick(); err != nil {
				return nil, err
			}
			if k, ok := o.keep(row); ok {
				return k, nil
			}
			continue
		}
		// The round is over: the next one reads what this one added.
		if len(o.nextWork) == 0 {
			o.done = true
			break
		}
		o.work = append(o.work[:0], o.nextWork...)
		o.nextWork = o.nextWork[:0]
		o.inStep = true
		if err := o.step.open(o.outer); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

func (o *recursiveUnionOp) close() {
	o.seed.close()
	o.step.close()
	o.work, o.nextWork, o.seen, o.arena = nil, nil, nil, rowArena{}
}

// workScanOp reads the work table of the enclosing recursive union.
type workScanOp struct {
	s   *state
	id  int
	pos int
}

func (o *workScanOp) open(*expr.Frame) error {
	o.pos = 0
	return nil
}

func (o *workScanOp) next() ([]types.Datum, error) {
	w := o.s.worktab[o.id]
	if w == nil || o.pos >= len(*w) {
		return nil, nil
	}
	if err := o.s.tick(); err != nil {
		return nil, err
	}
	o.pos++
	return (*w)[o.pos-1], nil
}

func (o *workScanOp) close() {}
