package parser

import "strconv"

// String returns the node as SQL.
func (n *DeclareCursorStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *FetchStmt) String() string { return nodeString(n) }

// String returns the node as SQL.
func (n *ClosePortalStmt) String() string { return nodeString(n) }

func (n *DeclareCursorStmt) format(w *writer) {
	w.str("DECLARE ")
	w.ident(n.Name)
	for _, o := range []struct {
		bit  CursorOptions
		word string
	}{{CursorBinary, " BINARY"}, {CursorAsensitive, " ASENSITIVE"}, {CursorInsensitive, " INSENSITIVE"},
		{CursorScroll, " SCROLL"}, {CursorNoScroll, " NO SCROLL"}} {
		if n.Options&o.bit != 0 {
			w.str(o.word)
		}
	}
	w.str(" CURSOR")
	if n.Options&CursorHold != 0 {
		w.str(" WITH HOLD")
	}
	w.str(" FOR ")
	if n.Query != nil {
		n.Query.format(w)
	}
}

func (n *FetchStmt) format(w *writer) {
	if n.Move {
		w.str("MOVE ")
	} else {
		w.str("FETCH ")
	}
	switch n.Direction {
	case FetchForward:
		w.str("FORWARD ")
	case FetchBackward:
		w.str("BACKWARD ")
	case FetchAbsolute:
		w.str("ABSOLUTE ")
	case FetchRelative:
		w.str("RELATIVE ")
	}
	if n.Count == FetchAll && (n.Direction == FetchForward || n.Direction == FetchBackward) {
		w.str("ALL")
	} else {
		w.str(strconv.FormatInt(n.Count, 10))
	}
	w.str(" FROM ")
	w.ident(n.Name)
}

func (n *ClosePortalStmt) format(w *writer) {
	if n.Name == "" {
		w.str("CLOSE ALL")
		return
	}
	w.str("CLOSE ")
	w.ident(n.Name)
}
