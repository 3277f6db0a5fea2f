package parser

import "math"

// CursorOptions are DECLARE's options, as bits (PostgreSQL's CURSOR_OPT_*).
type CursorOptions uint8

const (
	CursorBinary CursorOptions = 1 << iota
	CursorScroll
	CursorNoScroll
	CursorInsensitive
	CursorAsensitive
	CursorHold // WITH HOLD; WITHOUT HOLD is the default and sets nothing
)

// DeclareCursorStmt is DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE]
// [[NO] SCROLL] CURSOR [{WITH | WITHOUT} HOLD] FOR query. The options may
// come in any order and repeat, as PostgreSQL's grammar allows; the
// engine rejects contradictory ones.
type DeclareCursorStmt struct {
	StmtSpan
	Name    string
	Options CursorOptions
	Query   *SelectStmt
}

// FetchDirection is the kind of movement of FETCH and MOVE.
type FetchDirection uint8

const (
	FetchForward  FetchDirection = iota // Count rows forward (negative: backward)
	FetchBackward                       // Count rows backward (negative: forward)
	FetchAbsolute                       // to row Count (negative: from the end)
	FetchRelative                       // Count rows from the current one
)

// FetchAll is the count of ALL, FORWARD ALL and BACKWARD ALL.
const FetchAll int64 = math.MaxInt64

// FetchStmt is FETCH or MOVE (Move set). NEXT is FORWARD 1, PRIOR
// BACKWARD 1, FIRST ABSOLUTE 1, LAST ABSOLUTE -1, a bare count FORWARD n.
type FetchStmt struct {
	StmtSpan
	Move      bool
	Direction FetchDirection
	Count     int64
	Name      string
}

// ClosePortalStmt is CLOSE name | ALL; Name is "" for ALL.
type ClosePortalStmt struct {
	StmtSpan
	Name string
}
