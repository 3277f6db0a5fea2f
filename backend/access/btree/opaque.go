package btree

import (
	"encoding/binary"

	"ringpg/backend/storage/page"
)

// The special space of every page (PostgreSQL's BTPageOpaqueData, same
// size and field order), 16 bytes at pd_special:
//
//	0  prev   uint32  left sibling on the same level, 0 if leftmost
//	4  next   uint32  right sibling on the same level, 0 if rightmost
//	8  level  uint32  0 for leaves, parent = child + 1
//	12 flags  uint16  flag* bits below
//	14 cycle  uint16  reserved (PostgreSQL's vacuum cycle id), always 0
//
// Block 0 is the metapage, so 0 can mean "no sibling".
const (
	specialSize = 16
	offPrev     = 0
	offNext     = 4
	offLevel    = 8
	offFlags    = 12
)

// noBlock is "no page" in sibling links and the metapage.
const noBlock uint32 = 0

// Page flags, with PostgreSQL's bit values.
const (
	flagLeaf            uint16 = 1 << 0 // level 0: entries point to heap tuples
	flagRoot            uint16 = 1 << 1 // the page the metapage names as root
	flagDeleted         uint16 = 1 << 2 // reserved: page deletion is not built
	flagMeta            uint16 = 1 << 3 // the metapage
	flagHalfDead        uint16 = 1 << 4 // reserved: page deletion is not built
	flagHasGarbage      uint16 = 1 << 6 // some items are LP_DEAD (a hint)
	flagIncompleteSplit uint16 = 1 << 7 // right sibling has no downlink yet
	knownFlags                 = flagLeaf | flagRoot | flagDeleted | flagMeta | flagHalfDead | flagHasGarbage | flagIncompleteSplit
)

// Usable space of a tree page: everything between the header and the
// special space.
const pageCapacity = page.Size - page.HeaderSize - specialSize

// node is a B-tree page: a page.Page with the accessors for its special
// space and its items. It is a view; the caller holds the content lock.
type node struct{ page.Page }

func (n node) special() []byte { return n.Page[page.Size-specialSize:] }

func (n node) prev() uint32              { return binary.LittleEndian.Uint32(n.special()[offPrev:]) }
func (n node) next() uint32              { return binary.LittleEndian.Uint32(n.special()[offNext:]) }
func (n node) level() uint32             { return binary.LittleEndian.Uint32(n.special()[offLevel:]) }
func (n node) flags() uint16             { return binary.LittleEndian.Uint16(n.special()[offFlags:]) }
func (n node) setPrev(b uint32)          { binary.LittleEndian.PutUint32(n.special()[offPrev:], b) }
func (n node) setNext(b uint32)          { binary.LittleEndian.PutUint32(n.special()[offNext:], b) }
func (n node) setLevel(l uint32)         { binary.LittleEndian.PutUint32(n.special()[offLevel:], l) }
func (n node) setFlags(f uint16)         { binary.LittleEndian.PutUint16(n.special()[offFlags:], f) }
func (n node) has(f uint16) bool         { return n.flags()&f != 0 }
func (n node) isLeaf() bool              { return n.has(flagLeaf) }
func (n node) isRightmost() bool         { return n.next() == noBlock }
func (n node) isLeftmost() bool          { return n.prev() == noBlock }
func (n node) setFlag(f uint16)          { n.setFlags(n.flags() | f) }
func (n node) clearFlag(f uint16)        { n.setFlags(n.flags() &^ f) }
func (n node) maxOff() page.OffsetNumber { return n.MaxOffset() }

// initNode formats p as an empty tree page.
func initNode(p []byte, level uint32, flags uint16, prev, next uint32) node {
	n := node{page.Page(p)}
	n.Init(specialSize)
	n.setPrev(prev)
	n.setNext(next)
	n.setLevel(level)
	n.setFlags(flags)
	return n
}

// High key and first data item. On every page but the rightmost of its
// level, item 1 is the high key; data items follow it.
const hikeyOff page.OffsetNumber = 1

func (n node) firstData() page.OffsetNumber {
	if n.isRightmost() {
		return 1
	}
	return 2
}

// tuple returns item off. It decodes the line pointer itself rather than
// through page.Item: this is the innermost step of every binary search.
// An item whose pointer lies outside the page comes back nil.
func (n node) tuple(off page.OffsetNumber) tuple {
	pos := page.HeaderSize + (int(off)-1)*page.ItemIDSize
	if off == 0 || pos+page.ItemIDSize > n.Lower() {
		return nil
	}
	w := binary.LittleEndian.Uint32(n.Page[pos:])
	start, end := int(w&0x7fff), int(w&0x7fff)+int(w>>17)
	if end > page.Size || start < page.HeaderSize || w>>17 == 0 {
		return nil
	}
	return tuple(n.Page[start:end:end])
}

func (n node) highKey() tuple { return n.tuple(hikeyOff) }

// isDead reports whether item off carries the LP_DEAD hint.
func (n node) isDead(off page.OffsetNumber) bool {
	_, _, f := n.ItemID(off)
	return f == page.Dead
}

// sane reports whether the page looks like a tree page at all: initialised,
// with a special space of our size and no unknown flags. Anything reached
// through a link that fails this is corruption.
func (n node) sane() bool {
	return !n.IsNew() && n.SpecialOffset() == page.Size-specialSize && n.flags()&^knownFlags == 0 &&
		n.Lower() >= page.HeaderSize && n.Lower() <= n.Upper()
}
