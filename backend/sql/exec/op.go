package exec

import (
	"fmt"

	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// op is one running plan node.
//
// open starts (or restarts) the node with outer as the frame its
// expressions see at Level 1 and beyond; next returns the next row, or nil
// at the end; close releases what the node holds. A row returned by next
// stays valid only until the next call to next, open or close.
type op interface {
	open(outer *expr.Frame) error
	next() ([]types.Datum, error)
	close()
}

// state is one execution of a statement: what every operator of it
// shares.
type state struct {
	env    *Env
	params []types.Datum
	// ctes holds the rows of shared Materialize nodes and the work
	// tables of recursive unions, by plan ID.
	ctes      map[int]*cteStore
	stores    []*cteStore // every Materialize's rows, shared or not
	worktab   map[int]*[][]types.Datum
	subcache  map[any]*cteStore // uncorrelated sub-queries' rows
	subcorrel map[any]bool
	subtrees  map[any]*subTree
	ticks     int
	// temps are the temporary files the statement created; they are
	// removed when it ends (spillmem.go).
	temps []*spill.File
	// deferNoAction is set while a DELETE applies the foreign keys that
	// reference its rows: NO ACTION checks then wait in noAction until
	// its last row is deleted (foreignkey.go).
	deferNoAction bool
	noAction      []pendingFK
}

// frame returns an evaluation frame with outer as its enclosing frame.
func (s *state) frame(outer *expr.Frame) expr.Frame {
	return expr.Frame{Outer: outer, Params: s.params, Ctx: s.env.Ctx, Sub: s}
}

// tick is called once per row by the operators that read storage or loop
// over many rows; every 256th call checks for cancellation.
func (s *state) tick() error {
	s.ticks++
	if s.ticks&255 == 0 && s.env.Txn != nil {
		return s.env.Txn.CheckInterrupts()
	}
	return nil
}

// build makes the operator of node n.
func (s *state) build(n plan.Node) (op, error) {
	switch n := n.(type) {
	case *plan.SeqScan:
		return s.newSeqScan(n)
	case *plan.IndexScan:
		return s.newIndexScan(n)
	case *plan.Values:
		return &valuesOp{s: s, n: n}, nil
	case *plan.Filter:
		in, err := s.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &filterOp{s: s, in: in, qual: n.Qual}, nil
	case *plan.Project:
		in, err := s.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &projectOp{s: s, in: in, exprs: n.Exprs, out: make([]types.Datum, len(n.Exprs))}, nil
	case *plan.NestLoop:
		return s.newNestLoop(n)
	case *plan.HashJoin:
		return s.newHashJoin(n)
	case *plan.MergeJoin:
		return s.newMergeJoin(n)
	case *plan.Sort:
		in, err := s.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &sortOp{s: s, in: in, keys: n.Keys}, nil
	case *plan.Limit:
		in, err := s.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &limitOp{s: s, in: in, n: n}, nil
	case *plan.Agg:
		return s.newAgg(n)
	case *plan.Distinct:
		in, err := s.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &distinctOp{s: s, in: in, on: n.On, onCols: distinctOnCols(n), cols: n.Input.Columns()}, nil
	case *plan.SetOp:
		return s.newSetOp(n)
	case *plan.FunctionScan:
		return &funcScanOp{s: s, n: n}, nil
	case *plan.ProjectSet:
		return s.newProjectSet(n)
	case *plan.Window:
		return s.newWindow(n)
	case *plan.Materialize:
		return s.newMaterialize(n)
	case *plan.RecursiveUnion:
		return s.newRecursiveUnion(n)
	case *plan.WorkTableScan:
		return &workScanOp{s: s, id: n.ID}, nil
	case *plan.Insert:
		return s.newInsert(n)
	case *plan.Update:
		return s.newUpdate(n)
	case *plan.Delete:
		return s.newDelete(n)
	}
	return nil, pgerr.New(pgerr.InternalError, "unrecognized plan node type: %s", fmt.Sprintf("%T", n))
}

// isTrue reports whether a qual's value accepts the row (NULL does not).
func isTrue(d types.Datum) bool { return !d.Null && d.I != 0 }

// evalQual evaluates q on f; a nil qual accepts everything.
func evalQual(q expr.Expr, f *expr.Frame) (bool, error) {
	if q == nil {
		return true, nil
	}
	v, err := q.Eval(f)
	if err != nil {
		return false, err
	}
	return isTrue(v), nil
}

// copyRow returns a copy of row that the caller may keep.
func copyRow(row []types.Datum) []types.Datum {
	return append([]types.Datum(nil), row...)
}

// rowArena hands out kept copies of rows from large blocks, so that
// operators that store many rows allocate once per block, not per row.
type rowArena struct {
	buf []types.Datum
}

func (a *rowArena) copy(row []types.Datum) []types.Datum {
	n := len(row)
	if n == 0 {
		return []types.Datum{}
	}
	if len(a.buf)+n > cap(a.buf) {
		size := 1024
		if n > size/4 {
			size = n * 4
		}
		a.buf = make([]types.Datum, 0, size)
	}
	start := len(a.buf)
	a.buf = append(a.buf, row...)
	return a.buf[start : start+n : start+n]
}

// distinctOnCols returns the columns DISTINCT ON compares: OnCols, or the
// first On columns of a plan that does not name them.
func distinctOnCols(n *plan.Distinct) []int {
	if n.OnCols != nil || n.On == 0 {
		return n.OnCols
	}
	cols := make([]int, n.On)
	for i := range cols {
		cols[i] = i
	}
	return cols
}
