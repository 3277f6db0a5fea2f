package exec

import (
	"fmt"
	"runtime/debug"

	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
	"ringpg/serverlog"
)

// Cursor is a running statement: a portal can fetch some of its rows,
// suspend, and resume later with Next.
//
// INSERT, UPDATE and DELETE run to completion on the first Next, as
// PostgreSQL runs them whatever the fetch size; their RETURNING rows are
// kept and handed out afterwards.
type Cursor struct {
	s      *state
	root   op
	ncols  int
	modify bool
	done   bool
	closed bool

	rows     int64
	buffered [][]types.Datum
	pos      int
	tree     *execTree
}

// Start begins executing q with params bound to $1..$n.
//
// The operators built for a plan are kept in env when the cursor is
// closed and reused by the plan's next execution (a prepared statement run
// again builds nothing).
func Start(env *Env, q *plan.Query, params []types.Datum) (c *Cursor, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, panicError(r)
		}
	}()
	t := env.takeTree(q)
	if t == nil {
		s := &state{env: env}
		var pre []op
		for _, m := range q.Modifying {
			o, err := s.build(m)
			if err != nil {
				return nil, err
			}
			pre = append(pre, o)
		}
		root, err := s.build(q.Root)
		if err != nil {
			return nil, err
		}
		t = &execTree{q: q, s: s, root: root, pre: pre}
	}
	s, root := t.s, t.root
	s.reset(params)
	c = &Cursor{s: s, root: root, ncols: len(q.Cols), tree: t}
	for _, o := range t.pre {
		if err := runToEnd(o); err != nil {
			c.Close()
			return nil, err
		}
	}
	switch q.Root.(type) {
	case *plan.Insert, *plan.Update, *plan.Delete:
		c.modify = true
	}
	if err := root.open(nil); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// runToEnd opens o and reads every row it has (a data-modifying CTE,
// whose rows its store keeps for the statement's readers).
func runToEnd(o op) error {
	if err := o.open(nil); err != nil {
		return err
	}
	for {
		row, err := o.next()
		if err != nil || row == nil {
			return err
		}
	}
}

// Next returns the next row, or ok false at the end. The row holds the
// query's columns (plan.Query.Cols); it may be reused by the following
// call, so a caller that keeps it must copy it.
func (c *Cursor) Next() (row []types.Datum, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			row, ok, err = nil, false, panicError(r)
			c.tree = nil // its operators' state is unknown: never reuse them
		}
	}()
	if c.closed || c.done && !c.modify {
		return nil, false, nil
	}
	if c.modify {
		if !c.done {
			if err := c.runModify(); err != nil {
				return nil, false, err
			}
		}
		if c.pos >= len(c.buffered) {
			return nil, false, nil
		}
		row = c.buffered[c.pos]
		c.buffered[c.pos] = nil
		c.pos++
		return c.trim(row), true, nil
	}
	row, err = c.root.next()
	if err != nil {
		return nil, false, err
	}
	if row == nil {
		c.done = true
		return nil, false, nil
	}
	c.rows++
	return c.trim(row), true, nil
}

func (c *Cursor) trim(row []types.Datum) []types.Datum {
	if c.ncols < len(row) {
		return row[:c.ncols]
	}
	return row
}

// runModify runs an INSERT, UPDATE or DELETE to its end.
func (c *Cursor) runModify() error {
	c.done = true
	m := c.root.(modifier)
	for {
		row, err := c.root.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if c.ncols > 0 {
			c.buffered = append(c.buffered, copyRow(row))
		}
	}
	c.rows = m.affected()
	return nil
}

// RowsAffected is the count of the command tag: rows returned so far by a
// SELECT, rows inserted, updated or deleted by a modification.
func (c *Cursor) RowsAffected() int64 { return c.rows }

// Done reports whether every row has been returned.
func (c *Cursor) Done() bool {
	if c.modify {
		return c.done && c.pos >= len(c.buffered)
	}
	return c.done
}

// Close ends the statement and releases its operators.
func (c *Cursor) Close() {
	if c.closed {
		return
	}
	c.closed = true
	c.root.close()
	c.s.closeStores()
	c.buffered = nil
	c.s.env.putTree(c.tree)
	c.tree = nil
}

// Run executes q to completion, calling emit with each row (which emit must
// copy to keep), and returns the command tag's row count.
func Run(env *Env, q *plan.Query, params []types.Datum, emit func(row []types.Datum) error) (int64, error) {
	c, err := Start(env, q, params)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	for {
		row, ok, err := c.Next()
		if err != nil {
			return c.RowsAffected(), err
		}
		if !ok {
			return c.RowsAffected(), nil
		}
		if emit != nil {
			if err := emit(row); err != nil {
				return c.RowsAffected(), err
			}
		}
	}
}

// modifier is implemented by the INSERT, UPDATE and DELETE operators.
type modifier interface {
	affected() int64
}

// panicError turns a failure inside the executor (a plan that does not
// match its tables, a bug) into an internal error for the client instead
// of taking the backend down; the stack goes to the server log.
func panicError(r any) error {
	serverlog.Errorf("executor failure: %v\n%s", r, debug.Stack())
	return pgerr.New(pgerr.InternalError, "executor failure: %s", fmt.Sprint(r))
}
