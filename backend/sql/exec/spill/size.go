package spill

import (
	"unsafe"

	"ringpg/backend/sql/types"
)

// datumSize is the in-memory size of a Datum value itself.
const datumSize = int64(unsafe.Sizeof(types.Datum{}))

// rowOverhead is what keeping a row costs beyond its datums: its slice
// header and the bookkeeping of the operator that keeps it.
const rowOverhead = 48

// RowSize estimates the memory a kept copy of row takes: the datums, the
// bytes of their strings and of the values they point to. Like
// PostgreSQL's accounting of work_mem it is an estimate, meant to be
// compared with the setting, not an exact count of the Go heap.
func RowSize(row []types.Datum) int64 {
	n := rowOverhead + datumSize*int64(len(row))
	for i := range row {
		n += extraSize(&row[i])
	}
	return n
}

// extraSize is what d holds outside itself.
func extraSize(d *types.Datum) int64 {
	n := int64(len(d.S))
	switch p := d.P.(type) {
	case nil:
	case *types.Array:
		if p != nil {
			n += 64 + RowSize(p.Elems)
		}
	case *types.Record:
		if p != nil {
			n += 64 + 8*int64(len(p.Types)) + RowSize(p.Values)
		}
	default:
		n += 48
	}
	return n
}
