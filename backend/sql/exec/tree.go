package exec

import (
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// maxTrees bounds the operator trees an Env keeps; past it they are all
// dropped (plans come and go with the plan cache, which has its own
// bound, so this only keeps a forgotten plan from being held forever).
const maxTrees = 256

// execTree is the operators built for one plan and their shared state:
// built once, reused by every execution of the plan while no other cursor
// holds it.
type execTree struct {
	q    *plan.Query
	s    *state
	root op
	// pre reads the data-modifying CTEs (Query.Modifying) to their end
	// before root runs; they share their stores with root's references.
	pre []op
}

func (e *Env) takeTree(q *plan.Query) *execTree {
	ts := e.trees[q]
	if len(ts) == 0 {
		return nil
	}
	t := ts[len(ts)-1]
	e.trees[q] = ts[:len(ts)-1]
	e.ntrees--
	return t
}

func (e *Env) putTree(t *execTree) {
	if t == nil {
		return
	}
	if e.trees == nil || e.ntrees >= maxTrees {
		e.trees = make(map[*plan.Query][]*execTree)
		e.ntrees = 0
	}
	e.trees[t.q] = append(e.trees[t.q], t)
	e.ntrees++
}

// reset prepares the state for an execution with params: what one
// execution computed (CTE rows, uncorrelated sub-query results) must not
// leak into the next.
func (s *state) reset(params []types.Datum) {
	s.params = params
	s.ticks = 0
	for _, c := range s.stores {
		c.rows, c.arena, c.done, c.open = c.rows[:0], rowArena{}, false, false
	}
	for _, st := range s.subtrees {
		st.busy = false
	}
}

// closeStores closes the inputs of kept rows that were not read to the
// end (a CTE or sub-query a LIMIT or EXISTS stopped early).
func (s *state) closeStores() {
	for _, c := range s.stores {
		if c.open && !c.done {
			c.in.close()
			c.done = true
		}
		c.rows, c.arena = nil, rowArena{}
	}
	s.removeTemps()
}
