package engine

import (
	"sort"

	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// pg_cursor() is pg_cursors' function: one row per cursor the session
// has DECLAREd (protocol-level portals are not listed, as in PostgreSQL).
func init() {
	out := []funcs.Column{{Name: "name", Type: types.TextOid}, {Name: "statement", Type: types.TextOid},
		{Name: "is_holdable", Type: types.BoolOid}, {Name: "is_binary", Type: types.BoolOid},
		{Name: "is_scrollable", Type: types.BoolOid}, {Name: "creation_time", Type: types.TimestampTZOid}}
	funcs.Register(&funcs.Func{Oid: 2511, Name: "pg_cursor", Result: types.RecordOid, RetSet: true, Out: out,
		Volatility: funcs.Stable, Strict: true,
		SRF: func(c *funcs.Ctx, _ []types.Datum) (funcs.Rows, error) {
			s := sessionOf(c)
			if s == nil {
				return &cursorRowsSRF{}, nil
			}
			return &cursorRowsSRF{rows: s.cursorRows()}, nil
		}})
}

// cursorRowsSRF serves pg_cursor()'s rows.
type cursorRowsSRF struct {
	rows [][]types.Datum
}

func (r *cursorRowsSRF) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	if len(r.rows) == 0 {
		return nil, false, nil
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, true, nil
}

// backwardScannable reports whether a plan can be read backward without
// a store of its rows, as PostgreSQL's ExecSupportsBackwardScan decides
// for its own plan of the query: a cursor declared with neither SCROLL
// nor NO SCROLL is scrollable when it can (pg_cursors.is_scrollable).
// Here every scrollable cursor keeps the rows it has read, so the answer
// only decides what a client may do, never how rows are produced.
func backwardScannable(n plan.Node) bool {
	switch n := n.(type) {
	case *plan.SeqScan:
		return n.Lock == plan.LockNone
	case *plan.IndexScan:
		return n.Lock == plan.LockNone
	case *plan.Sort:
		// PostgreSQL plans a cursor for its first rows
		// (cursor_tuple_fraction): an ordered join then usually comes
		// from an index through a nested loop or merge join, which
		// cannot go back, rather than from a sort.
		return !hasJoin(n.Input)
	case *plan.FunctionScan, *plan.Materialize:
		return true
	case *plan.Values:
		// A SELECT without FROM is PostgreSQL's Result node, which
		// cannot go back; a VALUES list can.
		return !(n.Cols == nil && len(n.Rows) == 1 && len(n.Rows[0]) == 0)
	case *plan.Project:
		return backwardScannable(n.Input)
	case *plan.Filter:
		return backwardScannable(n.Input)
	case *plan.Limit:
		return backwardScannable(n.Input)
	case *plan.SetOp:
		// UNION ALL is PostgreSQL's Append.
		return n.Op == plan.Union && n.All && backwardScannable(n.Left) && backwardScannable(n.Right)
	}
	return false
}

// hasJoin reports a join under the row-by-row nodes at the top of a plan.
func hasJoin(n plan.Node) bool {
	switch n := n.(type) {
	case *plan.NestLoop, *plan.HashJoin, *plan.MergeJoin:
		return true
	case *plan.Project:
		return hasJoin(n.Input)
	case *plan.Filter:
		return hasJoin(n.Input)
	}
	return false
}

// cursorRows are pg_cursors' rows, by name.
func (s *Session) cursorRows() [][]types.Datum {
	names := make([]string, 0, len(s.cursors))
	for n := range s.cursors {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([][]types.Datum, 0, len(names))
	for _, n := range names {
		c := s.cursors[n]
		out = append(out, []types.Datum{types.String(c.name), types.String(c.sql),
			types.Bool(c.opts&parser.CursorHold != 0), types.Bool(c.opts&parser.CursorBinary != 0),
			types.Bool(c.scroll), types.Int(micros2000(c.created))})
	}
	return out
}
