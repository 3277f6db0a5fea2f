package tuple

import "strconv"

// TID addresses a tuple version: its page and line pointer
// (ItemPointerData). Offset 0 is no line pointer, so the zero TID is
// invalid.
type TID struct {
	Block  uint32
	Offset uint16
}

// Valid reports whether t names a line pointer (offset at least 1).
func (t TID) Valid() bool { return t.Offset != 0 }

// String formats t as PostgreSQL prints a ctid: (block,offset).
func (t TID) String() string {
	return "(" + strconv.FormatUint(uint64(t.Block), 10) + "," + strconv.FormatUint(uint64(t.Offset), 10) + ")"
}

// Less orders TIDs by block, then offset.
func (t TID) Less(u TID) bool {
	return t.Block < u.Block || t.Block == u.Block && t.Offset < u.Offset
}
