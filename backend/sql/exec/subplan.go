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
		s.subcache = make(map[any][][]types.Datum)
	}
	correlated, known := s.subcorrel[p]
	if !known {
		correlated = nodeRefsOuter(root, 0)
		s.subcorrel[p] = correlated
	}
	if !correlated {
		rows, ok := s.subcache[p]
		if !ok {
			var err error
			if rows, err = s.collect(root, nil); err != nil {
				return err
			}
			s.subcache[p] = rows
		}
		for _, r := range rows {
			more, err := yield(r)
			if err != nil || !more {
				return err
			}
		}
		return nil
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

// collect runs a plan to its end and keeps its rows.
func (s *state) collect(root plan.Node, outer *expr.Frame) ([][]types.Datum, error) {
	o, err := s.build(root)
	if err != nil {
		return nil, err
	}
	defer o.close()
	if err := o.open(outer); err != nil {
		return nil, err
	}
	var rows [][]types.Datum
	var arena rowArena
	for {
		row, err := o.next()
		if err != nil {
			return nil, err
		}
		if row == nil {
			return rows, nil
		}
		rows = append(rows, arena.copy(row))
	}
}
