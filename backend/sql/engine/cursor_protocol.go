package engine

import (
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Cursors seen from the extended protocol: a DECLAREd cursor is also a
// portal of its name, which Describe, Execute and Close reach when the
// protocol has no portal of that name (one namespace, as in PostgreSQL).

// CursorShape returns a cursor's columns and whether its rows are binary;
// ok is false when there is no such cursor.
func (s *Session) CursorShape(name string) (cols []plan.Column, binary, ok bool) {
	c, ok := s.cursors[name]
	if !ok {
		return nil, false, false
	}
	return c.cols, c.opts&parser.CursorBinary != 0, true
}

// ExecuteCursor runs Execute on a cursor's portal: at most max rows
// forward (0: all), suspended unless the cursor reached its end, with the
// tag SELECT n when it did.
func (s *Session) ExecuteCursor(name string, max int, emit func([]types.Datum) error) (suspended bool, tag string, err error) {
	c, ok := s.cursors[name]
	if !ok {
		return false, "", pgerr.New(pgerr.InvalidCursorName, "portal %q does not exist", name)
	}
	if s.failed {
		return false, "", failedError()
	}
	if c.failed {
		return false, "", pgerr.New(pgerr.ObjectNotInPrerequisiteState, "portal %q cannot be run", name)
	}
	s.begin()
	s.cat.BeginStatement()
	s.startStatement()
	count := int64(max)
	if count <= 0 {
		count = parser.FetchAll
	}
	n, err := s.runSelect(c, true, count, emit)
	if err != nil {
		c.failed = true
		c.endRun()
		s.statementFailed()
		return false, "", err
	}
	if !c.atEnd {
		return true, "", nil
	}
	return false, commandTag("SELECT", n), nil
}

// DropCursor closes a cursor for the protocol's Close, reporting whether
// it existed.
func (s *Session) DropCursor(name string) bool {
	c, ok := s.cursors[name]
	if ok {
		c.close()
		delete(s.cursors, name)
	}
	return ok
}

// SetProtocolPortals gives DECLARE the way to see the protocol's named
// portals, whose names a cursor may not take.
func (s *Session) SetProtocolPortals(exists func(name string) bool) { s.protocolPortal = exists }

// SetImplicitBlock says whether the statements that follow are those of a
// simple Query message holding several, which PostgreSQL runs as an
// implicit transaction block (DECLARE without HOLD is allowed there).
func (s *Session) SetImplicitBlock(on bool) { s.implicitBlock = on }
