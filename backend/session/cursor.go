package session

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/backend/sql/types"
)

// A cursor DECLAREd in SQL is also a portal of its name for the extended
// protocol, as in PostgreSQL: Describe shows its row shape, Execute
// fetches forward from it, Close closes it. The engine keeps the cursor;
// these helpers are reached when the protocol has no portal of the name.

// hasPortal reports a named protocol portal (the engine's DECLARE may not
// take its name).
func (s *Session) hasPortal(name string) bool {
	_, ok := s.portals[name]
	return ok && name != ""
}

// isCursor reports a DECLAREd cursor called name.
func (s *Session) isCursor(name string) bool {
	if s.sql == nil || name == "" {
		return false
	}
	_, _, ok := s.sql.CursorShape(name)
	return ok
}

// cursorFormats are a cursor's result formats: all binary for a BINARY
// cursor, else all text.
func cursorFormats(n int, binary bool) []int16 {
	if binary {
		return binaryFormats(n)
	}
	return make([]int16, n)
}

func (s *Session) describeCursor(name string) {
	cols, binary, _ := s.sql.CursorShape(name)
	s.sendShape(fieldsOf(cols), cursorFormats(len(cols), binary))
}

// executeCursor runs Execute on a cursor's portal.
func (s *Session) executeCursor(m *pgproto3.Execute) error {
	cols, binary, _ := s.sql.CursorShape(m.Portal)
	formats := cursorFormats(len(cols), binary)
	suspended, tag, err := s.sql.ExecuteCursor(m.Portal, int(m.MaxRows), func(row []types.Datum) error {
		return s.sendRow(row, cols, formats)
	})
	s.sendNotices()
	if err != nil {
		return err
	}
	if suspended {
		s.be.Send(&pgproto3.PortalSuspended{})
		return nil
	}
	s.sendComplete(tag)
	return nil
}
