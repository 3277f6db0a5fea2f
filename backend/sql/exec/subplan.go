package exec

import (
	"fmt"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// RunSubPlan runs a sub-query (expr.SubLink's Plan: a plan.Node or a
// *plan.Query) with f as its outer frame. A sub-query that refers to no
// outer frame gives the same rows every time: they are computed once per
// execution and kept.
func (s *state) RunSubPlan(p any, f *expr.Frame, yield func(row []types.Datum) (bool, error)) error {
	var root plan.Node
	switch p := p.(type) {
	case *plan.Query:
		root = p.Root
	case plan.Node:
		root = p
	default:
		return pgerr.New(pgerr.InternalError, "unrecognized sub-plan type: %s", fmt.Sprintf("%T", p))
	}
	if s.subcorrel == nil {
		s.subcorrel = make(map[any]bool)
		s.subcache = make(map[any]*cteStore)
	}
	correlated, known := s.subcorrel[p]
	if !known {
		correlated = nodeRefsOuter(root, 0)
		s.subcorrel[p] = correlated
	}
	if !correlated {
		// The rows are read once, on demand (EXISTS stops at the
		// first), and kept for the next evaluation.
		st := s.subcache[p]
		if st == nil {
			o, err := s.build(root)
			if err != nil {
				return err
			}
			st = &cteStore{in: o}
			s.subcache[p] = st
			s.stores = append(s.stores, st)
		}
		if !st.open {
			st.open = true
			if err := st.in.open(nil); err != nil {
				return err
			}
		}
		for i := 0; ; i++ {
			if err := st.fill(s, i); err != nil {
				return err
			}
			if i >= len(st.rows) {
				return nil
			}
			if err := s.tick(); err != nil {
				return err
			}
			more, err := yield(st.rows[i])
			if err != nil || !more {
				return err
			}
		}
	}
	st := s.subtrees[p]
	if st == nil || st.busy {
		o, err := s.build(root)
		if err != nil {
			return err
		}
		st = &subTree{root: o}
		if s.subtrees == nil {
			s.subtrees = make(map[any]*subTree)
		}
		if s.subtrees[p] == nil {
			s.subtrees[p] = st
		}
	}
	st.busy = true
	o := st.root
	defer func() {
		o.close()
		st.busy = false
	}()
	if err := o.open(f); err != nil {
		return err
	}
	for {
		row, err := o.next()
		if err != nil || row == nil {
			return err
		}
		more, err := yield(row)
		if err != nil || !more {
			return err
		}
	}
}

// subTree is the operators of a correlated sub-query, reused from one
// outer row to the next; busy while it runs (a second, nested use of the
// same sub-plan builds its own).
type subTree struct {
	root op
	busy bool
}
