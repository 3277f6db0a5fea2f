package tuple

import "ringpg/pgerr"

// Attribute alignments (attalign).
const (
	AlignChar   byte = 'c' // 1 byte
	AlignShort  byte = 's' // 2 bytes
	AlignInt    byte = 'i' // 4 bytes
	AlignDouble byte = 'd' // 8 bytes
)

// Varlena storage strategies (attstorage), as PostgreSQL's TYPSTORAGE_*.
const (
	StoragePlain    byte = 'p' // never compressed, never moved out, never given a short header
	StorageExternal byte = 'e' // may be moved out of line, never compressed
	StorageMain     byte = 'm' // may be compressed; moved out only as a last resort
	StorageExtended byte = 'x' // may be compressed and moved out of line
)

// VarlenaLen is the Len of a variable-length attribute.
const VarlenaLen = -1

// Attr describes one attribute (the part of pg_attribute that the tuple
// format needs).
type Attr struct {
	Name    string
	Len     int  // VarlenaLen, or the fixed length: 1, 2, 4, 8 by value, any N > 0 by reference
	Align   byte // AlignChar, AlignShort, AlignInt or AlignDouble
	ByVal   bool // passed by value: Len is 1, 2, 4 or 8
	Storage byte // for a varlena: StoragePlain, StorageExternal, StorageMain or StorageExtended
}

// alignment returns the attribute's alignment in bytes.
func (a *Attr) alignment() int {
	switch a.Align {
	case AlignShort:
		return 2
	case AlignInt:
		return 4
	case AlignDouble:
		return 8
	}
	return 1
}

// Desc describes the attributes of a relation's tuples (TupleDesc).
type Desc struct {
	Attrs []Attr

	hasVarlena bool
	// missing holds, per attribute, the value a tuple formed before the
	// attribute was added reads for it (pg_attribute.attmissingval); a
	// nil entry reads as null. nil when no attribute has one, so the
	// common case costs Deform one nil check per absent attribute.
	missing [][]byte
}

// NewDesc returns a descriptor of attrs, checking each: a valid
// alignment, a by-value length of 1, 2, 4 or 8, a varlena storage
// strategy (defaulting to StorageExtended), at most MaxHeapAttrs of them.
func NewDesc(attrs ...Attr) (*Desc, error) {
	if len(attrs) > MaxHeapAttrs {
		return nil, pgerr.New("54011", "tables can have at most %d columns", MaxHeapAttrs)
	}
	d := &Desc{Attrs: append([]Attr(nil), attrs...)}
	for i := range d.Attrs {
		a := &d.Attrs[i]
		switch a.Align {
		case AlignChar, AlignShort, AlignInt, AlignDouble:
		default:
			return nil, badValue("attribute %d (%q) has invalid alignment %q", i+1, a.Name, a.Align)
		}
		switch {
		case a.Len == VarlenaLen:
			if a.ByVal {
				return nil, badValue("attribute %d (%q) is a varlena passed by value", i+1, a.Name)
			}
			if a.Storage == 0 {
				a.Storage = StorageExtended
			}
			switch a.Storage {
			case StoragePlain, StorageExternal, StorageMain, StorageExtended:
			default:
				return nil, badValue("attribute %d (%q) has invalid storage %q", i+1, a.Name, a.Storage)
			}
			d.hasVarlena = true
		case a.Len <= 0:
			return nil, badValue("attribute %d (%q) has invalid length %d", i+1, a.Name, a.Len)
		case a.ByVal && a.Len != 1 && a.Len != 2 && a.Len != 4 && a.Len != 8:
			return nil, badValue("attribute %d (%q) is passed by value with length %d", i+1, a.Name, a.Len)
		default:
			a.Storage = StoragePlain
		}
	}
	return d, nil
}

// MustDesc is NewDesc for descriptors known to be valid (tests, built-in
// relations); it panics on an invalid one.
func MustDesc(attrs ...Attr) *Desc {
	d, err := NewDesc(attrs...)
	if err != nil {
		panic(err)
	}
	return d
}

// Natts returns the number of attributes.
func (d *Desc) Natts() int { return len(d.Attrs) }

// WithMissing returns a copy of d in which a tuple that lacks attribute i
// (it was formed before the attribute was added) reads missing[i] for it
// instead of null, as PostgreSQL's attmissingval. missing[i] holds the
// attribute bytes as Deform returns them (a varlena with its header, not
// compressed or external) and is shared, never copied: callers must not
// change it. Entries past len(missing), and nil ones, read as null.
func (d *Desc) WithMissing(missing [][]byte) (*Desc, error) {
	nd := &Desc{Attrs: d.Attrs, hasVarlena: d.hasVarlena}
	if len(missing) > len(d.Attrs) {
		return nil, badValue("%d missing values for %d attributes", len(missing), len(d.Attrs))
	}
	for i, v := range missing {
		if v == nil {
			continue
		}
		if err := d.checkMissing(i, v); err != nil {
			return nil, err
		}
		if nd.missing == nil {
			nd.missing = make([][]byte, len(d.Attrs))
		}
		nd.missing[i] = v[:len(v):len(v)]
	}
	return nd, nil
}

// checkMissing checks that v can be attribute i's value.
func (d *Desc) checkMissing(i int, v []byte) error {
	a := &d.Attrs[i]
	if a.Len > 0 {
		if len(v) != a.Len {
			return badValue("missing value of attribute %d (%q) has %d bytes, not %d", i+1, a.Name, len(v), a.Len)
		}
		return nil
	}
	kind, n, err := VarInfo(v)
	if err != nil {
		return err
	}
	if n != len(v) || kind == VarCompressed || kind == VarExternal {
		return badValue("missing value of attribute %d (%q) is not a whole inline varlena", i+1, a.Name)
	}
	return nil
}

// Missing returns the value a tuple without attribute i reads for it
// (see WithMissing), nil for null.
func (d *Desc) Missing(i int) []byte {
	if d.missing == nil || i < 0 || i >= len(d.missing) {
		return nil
	}
	return d.missing[i]
}

// HasMissing reports whether any attribute has a missing value.
func (d *Desc) HasMissing() bool { return d.missing != nil }

// SameMissing reports whether d and o give absent attributes the same
// values (byte for byte).
func (d *Desc) SameMissing(o *Desc) bool {
	if d.missing == nil || o.missing == nil {
		return d.missing == nil && o.missing == nil
	}
	if len(d.missing) != len(o.missing) {
		return false
	}
	for i := range d.missing {
		if (d.missing[i] == nil) != (o.missing[i] == nil) || string(d.missing[i]) != string(o.missing[i]) {
			return false
		}
	}
	return true
}

// Common attribute kinds, as PostgreSQL's types declare them.

// BoolAttr is a bool column.
func BoolAttr(name string) Attr { return Attr{Name: name, Len: 1, Align: AlignChar, ByVal: true} }

// Int2Attr is an int2 (smallint) column.
func Int2Attr(name string) Attr { return Attr{Name: name, Len: 2, Align: AlignShort, ByVal: true} }

// Int4Attr is an int4 (integer) column.
func Int4Attr(name string) Attr { return Attr{Name: name, Len: 4, Align: AlignInt, ByVal: true} }

// Int8Attr is an int8 (bigint) column; float8 and timestamp look the same.
func Int8Attr(name string) Attr { return Attr{Name: name, Len: 8, Align: AlignDouble, ByVal: true} }

// TextAttr is a text (or varchar, bytea) column: a varlena, 'i'-aligned,
// extended storage.
func TextAttr(name string) Attr {
	return Attr{Name: name, Len: VarlenaLen, Align: AlignInt, Storage: StorageExtended}
}

// FixedAttr is a fixed-length column passed by reference (uuid: 16, 'c';
// name: 64, 'c').
func FixedAttr(name string, n int, align byte) Attr {
	return Attr{Name: name, Len: n, Align: align}
}
