package engine

import (
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Moving a cursor: FETCH and MOVE in every direction over the rows the
// executor hands out one at a time, and over the store of rows already
// read (cursor.go says what is kept when).

// pullRow returns the executor's next row (ok false at the end), reading
// through the transaction and snapshot of the DECLARE.
func (s *Session) pullRow(c *cursor) ([]types.Datum, bool, error) {
	if c.done || c.portal == nil || c.portal.cur == nil {
		c.done = true
		return nil, false, nil
	}
	p := c.portal
	s.e.exec.Txn, s.e.exec.Ctx = p.txn, s.fctx
	row, ok, err := p.cur.Next()
	if err != nil {
		return nil, false, err
	}
	if !ok {
		c.done = true
		c.endRun()
		return nil, false, nil
	}
	c.produced++
	return row, true, nil
}

// step moves the executor one row forward or backward and returns that
// row (ok false when it moves off either end).
func (s *Session) step(c *cursor, forward bool) ([]types.Datum, bool, error) {
	if !forward {
		if c.idx <= 1 {
			c.idx = 0
			return nil, false, nil
		}
		row, err := c.store.get(c.idx - 2 - c.base)
		if err != nil {
			return nil, false, err
		}
		c.idx--
		return row, true, nil
	}
	if c.done && c.idx > c.produced {
		return nil, false, nil
	}
	next := c.idx + 1
	if next <= c.base+c.store.len() && next > c.base {
		row, err := c.store.get(next - 1 - c.base)
		if err != nil {
			return nil, false, err
		}
		c.idx = next
		return row, true, nil
	}
	if c.held {
		c.idx = c.base + c.store.len() + 1
		return nil, false, nil
	}
	row, ok, err := s.pullRow(c)
	if err != nil {
		return nil, false, err
	}
	if !ok {
		c.idx = c.produced + 1
		return nil, false, nil
	}
	if c.scroll {
		if err := c.store.add(row); err != nil {
			return nil, false, err
		}
	}
	c.idx = next
	return row, true, nil
}

// runSelect moves count rows (0: all) in one direction, emitting each
// (emit nil: MOVE), and updates the position as PostgreSQL's
// PortalRunSelect does. It returns the rows moved over.
func (s *Session) runSelect(c *cursor, forward bool, count int64, emit func([]types.Datum) error) (int64, error) {
	if !forward && !c.scroll {
		return 0, forwardOnlyErr()
	}
	move := !(forward && c.atEnd || !forward && c.atStart || count <= 0)
	if !move || count == parser.FetchAll {
		count = 0
	}
	var n int64
	for move && (count == 0 || n < count) {
		if err := s.checkInterrupts(); err != nil {
			return n, err
		}
		row, ok, err := s.step(c, forward)
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		n++
		if emit != nil {
			if err := emit(row); err != nil {
				return n, err
			}
		}
	}
	if !move {
		return 0, nil
	}
	if forward {
		if n > 0 {
			c.atStart = false
		}
		if count == 0 || n < count {
			c.atEnd = true
		}
		c.pos += n
		return n, nil
	}
	if n > 0 && c.atEnd {
		c.atEnd = false
		c.pos++
	}
	if count == 0 || n < count {
		c.atStart, c.pos = true, 0
	} else {
		c.pos -= n
	}
	return n, nil
}

// rewind goes back before the first row.
func (c *cursor) rewind() error {
	if c.atStart && !c.atEnd {
		return nil
	}
	if !c.scroll {
		return forwardOnlyErr()
	}
	c.idx = 0
	c.atStart, c.atEnd, c.pos = true, false, 0
	return nil
}

// runFetch carries out FETCH or MOVE as PostgreSQL's PortalRunFetch does,
// returning the count of the command tag.
func (s *Session) runFetch(c *cursor, f *parser.FetchStmt, emit func([]types.Datum) error) (int64, error) {
	if f.Move {
		emit = nil
	}
	dir, count := f.Direction, f.Count
	switch dir {
	case parser.FetchForward:
		if count < 0 {
			dir, count = parser.FetchBackward, -count
		}
	case parser.FetchBackward:
		if count < 0 {
			dir, count = parser.FetchForward, -count
		}
	case parser.FetchAbsolute:
		switch {
		case count > 0:
			if count-1 <= c.pos/2 {
				if err := c.rewind(); err != nil {
					return 0, err
				}
				if count > 1 {
					if _, err := s.runSelect(c, true, count-1, nil); err != nil {
						return 0, err
					}
				}
			} else {
				pos := c.pos
				if c.atEnd {
					pos++
				}
				var err error
				if count <= pos {
					_, err = s.runSelect(c, false, pos-count+1, nil)
				} else if count > pos+1 {
					_, err = s.runSelect(c, true, count-pos-1, nil)
				}
				if err != nil {
					return 0, err
				}
			}
			return s.runSelect(c, true, 1, emit)
		case count < 0:
			if _, err := s.runSelect(c, true, parser.FetchAll, nil); err != nil {
				return 0, err
			}
			if count < -1 {
				if _, err := s.runSelect(c, false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return s.runSelect(c, false, 1, emit)
		default:
			if err := c.rewind(); err != nil {
				return 0, err
			}
			return s.runSelect(c, true, 0, emit)
		}
	case parser.FetchRelative:
		switch {
		case count > 0:
			if count > 1 {
				if _, err := s.runSelect(c, true, count-1, nil); err != nil {
					return 0, err
				}
			}
			return s.runSelect(c, true, 1, emit)
		case count < 0:
			if count < -1 {
				if _, err := s.runSelect(c, false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return s.runSelect(c, false, 1, emit)
		}
		dir = parser.FetchForward
	}
	forward := dir == parser.FetchForward
	if count == 0 {
		onRow := !c.atStart && !c.atEnd
		if emit == nil {
			if onRow {
				return 1, nil
			}
			return 0, nil
		}
		if onRow {
			if _, err := s.runSelect(c, false, 1, nil); err != nil {
				return 0, err
			}
			count, forward = 1, true
		}
	}
	if !forward && count == parser.FetchAll && emit == nil {
		// MOVE BACKWARD ALL: a rewind.
		n := c.pos
		if n > 0 && !c.atEnd {
			n--
		}
		if err := c.rewind(); err != nil {
			return 0, err
		}
		return n, nil
	}
	return s.runSelect(c, forward, count, emit)
}

// fetchCursor runs FETCH or MOVE as a portal's execution: the rows go to
// emit, the tag is FETCH n or MOVE n.
func (s *Session) fetchCursor(p *Portal, f *parser.FetchStmt, emit func([]types.Datum) error) (string, error) {
	if s.failed {
		return "", failedError()
	}
	s.begin()
	s.cat.BeginStatement()
	s.startStatement()
	n, err := s.fetchFrom(f, p.st.Cols, emit)
	if err != nil {
		s.statementFailed()
		return "", err
	}
	verb := "FETCH"
	if f.Move {
		verb = "MOVE"
	}
	return commandTag(verb, n), nil
}

func (s *Session) fetchFrom(f *parser.FetchStmt, cols []plan.Column, emit func([]types.Datum) error) (int64, error) {
	c, ok := s.cursors[f.Name]
	if !ok {
		return 0, cursorErr(f.Name)
	}
	if c.failed {
		return 0, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "portal %q cannot be run", f.Name)
	}
	if !f.Move && !sameShape(cols, c.cols) {
		return 0, pgerr.New(pgerr.FeatureNotSupported, "cached plan must not change result type")
	}
	n, err := s.runFetch(c, f, emit)
	if err != nil {
		c.failed = true
		c.endRun()
		return 0, err
	}
	return n, nil
}

func sameShape(a, b []plan.Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].T.Oid != b[i].T.Oid {
			return false
		}
	}
	return true
}

// fetchCols is the row shape of FETCH from a cursor (nil: MOVE, or no
// such cursor yet), and whether its rows go out in binary.
func (s *Session) fetchCols(f *parser.FetchStmt) ([]plan.Column, bool) {
	c, ok := s.cursors[f.Name]
	if f.Move || !ok {
		return nil, false
	}
	return c.cols, c.opts&parser.CursorBinary != 0
}

func copyDatums(row []types.Datum) []types.Datum {
	return append([]types.Datum(nil), row...)
}
