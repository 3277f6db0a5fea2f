package funcs

import "ringpg/backend/sql/types"

// Win describes a window function (row_number, rank, lag, nth_value...).
// The executor sorts a partition, then for every row of it calls Call with
// a Partition positioned on that row.
type Win struct {
	Call func(c *Ctx, p Partition) (types.Datum, error)
}

// Partition is the executor's view of the current window partition while a
// window function computes one row. Rows are numbered 0..Rows()-1 in the
// window's ORDER BY order. Bounds are half-open: [start, end).
type Partition interface {
	// Rows is the number of rows in the partition.
	Rows() int
	// Current is the index of the row being computed.
	Current() int
	// Peers returns the bounds of the current row's peer group (the rows
	// equal to it under the window's ORDER BY; the whole partition when
	// there is no ORDER BY).
	Peers() (start, end int)
	// Frame returns the bounds of the current row's window frame. With
	// EXCLUDE clauses a frame can have holes: InFrame says whether a row
	// of [start, end) belongs to it.
	Frame() (start, end int)
	InFrame(row int) bool
	// Arg evaluates the function's argument i on partition row row
	// (lag(x, 2) evaluates x on row Current()-2 and its offset on the
	// current row).
	Arg(i, row int) (types.Datum, error)
}
