package exec

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// rowCodec turns a table's stored tuples into rows of Datums and back,
// reusing its slices from row to row.
type rowCodec struct {
	t      *plan.Table
	h      *heap.Heap
	values [][]byte
	nulls  []bool
	buf    []byte
	offs   []int
	// skip marks the columns nothing reads (plan's Used): convert leaves
	// them NULL. nil: none. split deforms only the first prefix
	// attributes (past the last one read).
	skip   []bool
	prefix int
}

// readOnly makes the codec convert only the columns used marks (nil:
// all).
func (c *rowCodec) readOnly(used []bool) {
	c.skip, c.prefix = nil, len(c.values)
	if used == nil {
		return
	}
	c.skip = make([]bool, len(used))
	c.prefix = 0
	for i, u := range used {
		c.skip[i] = !u
		if u {
			c.prefix = i + 1
		}
	}
	for i := c.prefix; i < len(c.nulls); i++ {
		c.nulls[i] = true // never deformed: read as NULL
	}
}

func newRowCodec(t *plan.Table, h *heap.Heap) *rowCodec {
	n := t.Desc.Natts()
	return &rowCodec{t: t, h: h, values: make([][]byte, n), nulls: make([]bool, n), offs: make([]int, n+1), prefix: n}
}

// deform fills row[:len(t.Cols)] from the tuple bytes data (header
// included). Compressed and out-of-line values are detoasted.
func (c *rowCodec) deform(data []byte, row []types.Datum) error {
	if err := c.split(data); err != nil {
		return err
	}
	return c.convert(row, nil, false)
}

// split deforms data into the codec's raw attribute slices, which stay
// valid as long as data does.
func (c *rowCodec) split(data []byte) error {
	if c.prefix == 0 {
		return nil // nothing is read (count(*))
	}
	return tuple.DeformPrefix(c.t.Desc, data, c.values, c.nulls, c.prefix)
}

// convert fills the columns of row that want selects (nil: all) from the
// last split, or those it does not select when invert is set.
func (c *rowCodec) convert(row []types.Datum, want []bool, invert bool) error {
	attrs := c.t.Desc.Attrs
	for i := range c.t.Cols {
		if want != nil && want[i] == invert {
			continue
		}
		col := &c.t.Cols[i]
		if i >= len(c.values) || c.nulls[i] || col.Dropped || c.skip != nil && i < len(c.skip) && c.skip[i] {
			row[i] = types.Null
			continue
		}
		v := c.values[i]
		if attrs[i].Len == tuple.VarlenaLen {
			kind, _, err := tuple.VarInfo(v)
			if err != nil {
				return err
			}
			if kind == tuple.VarCompressed || kind == tuple.VarExternal {
				p, err := c.h.Detoast(v)
				if err != nil {
					return err
				}
				v = tuple.MakeVarlena(p)
			}
		}
		d, err := types.FromStored(col.T, v)
		if err != nil {
			return err
		}
		row[i] = d
	}
	return nil
}

// form returns the stored attribute bytes of row's table columns, in
// slices owned by the codec (valid until the next call).
func (c *rowCodec) form(row []types.Datum) ([][]byte, []bool) {
	c.buf = c.buf[:0]
	for i := range c.t.Cols {
		c.offs[i] = len(c.buf)
		if i >= len(row) || row[i].Null || c.t.Cols[i].Dropped {
			c.nulls[i] = true
			continue
		}
		c.nulls[i] = false
		c.buf = types.AppendStored(c.buf, c.t.Cols[i].T, row[i])
	}
	n := len(c.t.Cols)
	c.offs[n] = len(c.buf)
	for i := 0; i < n; i++ {
		if c.nulls[i] {
			c.values[i] = nil
		} else {
			c.values[i] = c.buf[c.offs[i]:c.offs[i+1]:c.offs[i+1]]
		}
	}
	for i := n; i < len(c.values); i++ {
		c.values[i], c.nulls[i] = nil, true
	}
	return c.values, c.nulls
}

// tidDatum is a TID as the hidden tid column carries it.
func tidDatum(t tuple.TID) types.Datum {
	return types.Datum{I: types.TidValue(t.Block, t.Offset)}
}

// datumTID reads the hidden tid column.
func datumTID(d types.Datum) tuple.TID {
	blk, off := types.TidParts(d.I)
	return tuple.TID{Block: blk, Offset: off}
}
