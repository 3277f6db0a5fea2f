package page

import "encoding/binary"

// ItemFlags is the state of a line pointer (lp_flags).
type ItemFlags uint8

// Line pointer states, as PostgreSQL's LP_UNUSED, LP_NORMAL, LP_REDIRECT
// and LP_DEAD.
const (
	Unused   ItemFlags = 0 // free for reuse; lp_off and lp_len are zero
	Normal   ItemFlags = 1 // in use; lp_len > 0
	Redirect ItemFlags = 2 // HOT redirect; lp_off holds the target offset, lp_len 0
	Dead     ItemFlags = 3 // dead; may or may not still have storage
)

// A line pointer is one little-endian 32-bit word holding three C
// bitfields, allocated from the least significant bit as GCC does on
// x86-64: lp_off in bits 0-14, lp_flags in bits 15-16, lp_len in 17-31.
const (
	lpOffMask   = 0x7fff
	lpFlagsMask = 0x3
	lpFlagShift = 15
	lpLenShift  = 17
	lpMaxValue  = 0x7fff // the largest lp_off or lp_len a pointer can hold
)

func packItemID(lpOff, lpLen int, flags ItemFlags) uint32 {
	return uint32(lpOff)&lpOffMask | uint32(flags&lpFlagsMask)<<lpFlagShift | uint32(lpLen)&lpOffMask<<lpLenShift
}

func unpackItemID(w uint32) (lpOff, lpLen int, flags ItemFlags) {
	return int(w & lpOffMask), int(w >> lpLenShift), ItemFlags(w >> lpFlagShift & lpFlagsMask)
}

// itemIDPos returns the byte offset of line pointer off, or -1 when off is
// 0 or its slot would lie beyond the page.
func itemIDPos(off OffsetNumber) int {
	pos := HeaderSize + (int(off)-1)*ItemIDSize
	if off == InvalidOffset || pos+ItemIDSize > Size {
		return -1
	}
	return pos
}

// ItemID returns line pointer off. It reads the slot whether or not off is
// below MaxOffset; for 0 or a slot past the end of the page it returns
// zeros (an unused pointer).
func (p Page) ItemID(off OffsetNumber) (lpOff, lpLen int, flags ItemFlags) {
	pos := itemIDPos(off)
	if pos < 0 || pos+ItemIDSize > len(p) {
		return 0, 0, Unused
	}
	return unpackItemID(binary.LittleEndian.Uint32(p[pos:]))
}

// SetItemID writes line pointer off, which must lie inside the page.
// lpOff and lpLen must fit in 15 bits.
func (p Page) SetItemID(off OffsetNumber, lpOff, lpLen int, flags ItemFlags) {
	pos := itemIDPos(off)
	if pos < 0 || uint(lpOff) > lpMaxValue || uint(lpLen) > lpMaxValue {
		panic(badArgument("line pointer %d (off %d, len %d) out of range", off, lpOff, lpLen))
	}
	binary.LittleEndian.PutUint32(p[pos:], packItemID(lpOff, lpLen, flags))
}

// Item returns the bytes of item off as a view into the page (capacity
// capped at its length, so an append cannot overwrite a neighbour). It
// returns nil when off is not a line pointer of the page, the pointer has
// no storage (unused, redirect, or dead without storage), or its bounds
// fall outside the page; Normal and Dead-with-storage items are returned.
func (p Page) Item(off OffsetNumber) []byte {
	if off == InvalidOffset || off > p.MaxOffset() || len(p) < Size {
		return nil
	}
	lpOff, lpLen, flags := p.ItemID(off)
	if lpLen == 0 || flags == Redirect || flags == Unused || lpOff < HeaderSize || lpOff+lpLen > Size {
		return nil
	}
	return p[lpOff : lpOff+lpLen : lpOff+lpLen]
}

// SetUnused marks line pointer off unused (no storage; the item's bytes
// stay where they are until Repair) and sets the FlagHasFreeLines hint so
// AddItem looks for it.
func (p Page) SetUnused(off OffsetNumber) {
	p.SetItemID(off, 0, 0, Unused)
	p.setFlag(FlagHasFreeLines, true)
}

// SetDead marks line pointer off dead without storage (ItemIdSetDead), as
// heap pruning does; Repair reclaims the item's bytes.
func (p Page) SetDead(off OffsetNumber) { p.SetItemID(off, 0, 0, Dead) }

// MarkDead sets line pointer off's state to Dead but keeps its storage
// (ItemIdMarkDead), as index scans do to hint that an entry is dead.
func (p Page) MarkDead(off OffsetNumber) {
	lpOff, lpLen, _ := p.ItemID(off)
	p.SetItemID(off, lpOff, lpLen, Dead)
}

// SetRedirect makes line pointer off a redirect to line pointer to (the
// start of a HOT chain that has moved); it has no storage.
func (p Page) SetRedirect(off, to OffsetNumber) { p.SetItemID(off, int(to), 0, Redirect) }

// RedirectTarget returns where a Redirect pointer points.
func (p Page) RedirectTarget(off OffsetNumber) OffsetNumber {
	lpOff, _, _ := p.ItemID(off)
	return OffsetNumber(lpOff)
}
