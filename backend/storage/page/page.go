package page

import (
	"encoding/binary"
)

// Page geometry, as PostgreSQL's defaults (BLCKSZ, SizeOfPageHeaderData,
// sizeof(ItemIdData), PG_PAGE_LAYOUT_VERSION, MAXIMUM_ALIGNOF).
const (
	Size          = 8192
	HeaderSize    = 24
	ItemIDSize    = 4
	LayoutVersion = 4
	MaxAlignment  = 8
)

// MaxItemsPerPage bounds the number of line pointers any page can hold
// (MaxOffsetNumber in PostgreSQL).
const MaxItemsPerPage = (Size - HeaderSize) / ItemIDSize

// OffsetNumber numbers the line pointers of a page from 1.
type OffsetNumber uint16

// InvalidOffset means "no line pointer"; FirstOffset is the first one.
const InvalidOffset, FirstOffset OffsetNumber = 0, 1

// Page header flag bits (pd_flags).
const (
	// FlagHasFreeLines hints that some line pointer is unused; AddItem
	// looks for one to reuse only when it is set.
	FlagHasFreeLines uint16 = 0x0001
	// FlagPageFull hints that an update found no room on the page.
	FlagPageFull uint16 = 0x0002
	// FlagAllVisible says every tuple on the page is visible to everyone.
	FlagAllVisible uint16 = 0x0004
	// validFlags are the bits PostgreSQL accepts when it verifies a page.
	validFlags uint16 = 0x0007
)

// Byte offsets of the header fields. pd_lsn is stored as PostgreSQL's
// PageXLogRecPtr, two 32-bit halves with the high half (xlogid) first, so
// the 8 bytes are not one little-endian uint64.
const (
	offLSNHi       = 0
	offLSNLo       = 4
	offChecksum    = 8
	offFlags       = 10
	offLower       = 12
	offUpper       = 14
	offSpecial     = 16
	offSizeVersion = 18
	offPruneXID    = 20
)

// Page is one page image, exactly Size bytes.
type Page []byte

// MaxAlign rounds n up to a multiple of MaxAlignment (MAXALIGN).
func MaxAlign(n int) int { return (n + MaxAlignment - 1) &^ (MaxAlignment - 1) }

func (p Page) u16(off int) int          { return int(binary.LittleEndian.Uint16(p[off:])) }
func (p Page) setU16(off int, v int)    { binary.LittleEndian.PutUint16(p[off:], uint16(v)) }
func (p Page) u32(off int) uint32       { return binary.LittleEndian.Uint32(p[off:]) }
func (p Page) setU32(off int, v uint32) { binary.LittleEndian.PutUint32(p[off:], v) }

// Init formats p as an empty page with specialSize bytes (rounded up to
// MaxAlignment) of zeroed special space at the end, as PageInit does. A
// special space that leaves no room for the header is a programming
// error: it panics with an XX000 *pgerr.Error.
func (p Page) Init(specialSize int) {
	specialSize = MaxAlign(specialSize)
	if specialSize < 0 || specialSize > Size-HeaderSize {
		panic(badArgument("page: special space of %d bytes does not fit in a page", specialSize))
	}
	clear(p[:Size])
	p.setU16(offLower, HeaderSize)
	p.setU16(offUpper, Size-specialSize)
	p.setU16(offSpecial, Size-specialSize)
	p.setU16(offSizeVersion, Size|LayoutVersion)
}

// IsNew reports whether the page has never been initialised (pd_upper is
// zero, as on an all-zero page just added by a relation extension).
func (p Page) IsNew() bool { return p.u16(offUpper) == 0 }

// IsEmpty reports whether the page has no line pointers.
func (p Page) IsEmpty() bool { return p.u16(offLower) <= HeaderSize }

// LSN returns pd_lsn, the end of the last WAL record that changed the page.
func (p Page) LSN() uint64 { return uint64(p.u32(offLSNHi))<<32 | uint64(p.u32(offLSNLo)) }

// SetLSN sets pd_lsn.
func (p Page) SetLSN(lsn uint64) {
	p.setU32(offLSNHi, uint32(lsn>>32))
	p.setU32(offLSNLo, uint32(lsn))
}

// StoredChecksum returns pd_checksum as stored (compare with Checksum).
func (p Page) StoredChecksum() uint16 { return uint16(p.u16(offChecksum)) }

// Flags returns pd_flags.
func (p Page) Flags() uint16 { return uint16(p.u16(offFlags)) }

// SetFlags sets pd_flags.
func (p Page) SetFlags(f uint16) { p.setU16(offFlags, int(f)) }

// Lower returns pd_lower, the end of the line pointer array.
func (p Page) Lower() int { return p.u16(offLower) }

// Upper returns pd_upper, the start of the item storage.
func (p Page) Upper() int { return p.u16(offUpper) }

// SpecialOffset returns pd_special, the start of the special space.
func (p Page) SpecialOffset() int { return p.u16(offSpecial) }

// Special returns the special space (nil when pd_special is out of range).
func (p Page) Special() []byte {
	s := p.SpecialOffset()
	if s > Size || s < HeaderSize {
		return nil
	}
	return p[s:Size:Size]
}

// PageSizeVersion returns pd_pagesize_version (Size|LayoutVersion on an
// initialised page).
func (p Page) PageSizeVersion() uint16 { return uint16(p.u16(offSizeVersion)) }

// PruneXID returns pd_prune_xid, the oldest XID that may make pruning the
// page worthwhile (0: none).
func (p Page) PruneXID() uint32 { return p.u32(offPruneXID) }

// SetPruneXID sets pd_prune_xid.
func (p Page) SetPruneXID(xid uint32) { p.setU32(offPruneXID, xid) }

// MaxOffset returns the number of line pointers, which is also the highest
// valid OffsetNumber (0 on an empty or new page). It is derived from
// pd_lower and capped to what fits in a page, so it is safe on garbage.
func (p Page) MaxOffset() OffsetNumber {
	l := p.u16(offLower)
	if l <= HeaderSize {
		return 0
	}
	if l > Size {
		l = Size
	}
	return OffsetNumber((l - HeaderSize) / ItemIDSize)
}

// FreeSpace returns the room for one more item, its new line pointer
// deducted (PageGetFreeSpace); never negative.
func (p Page) FreeSpace() int {
	n := p.ExactFreeSpace() - ItemIDSize
	if n < 0 {
		return 0
	}
	return n
}

// ExactFreeSpace returns pd_upper - pd_lower, or 0 if that is negative.
func (p Page) ExactFreeSpace() int {
	n := p.Upper() - p.Lower()
	if n < 0 {
		return 0
	}
	return n
}

// HasFreeLinePointers reports the FlagHasFreeLines hint.
func (p Page) HasFreeLinePointers() bool { return p.Flags()&FlagHasFreeLines != 0 }

func (p Page) setFlag(f uint16, on bool) {
	if on {
		p.SetFlags(p.Flags() | f)
	} else {
		p.SetFlags(p.Flags() &^ f)
	}
}
