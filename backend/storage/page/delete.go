package page

import "encoding/binary"

// DeleteItem removes item off and its line pointer, as
// PageIndexTupleDelete does for index pages: the line pointers after it
// move down one slot (so their offset numbers drop by one) and the items
// stored below it move up to close the gap, keeping the free space in one
// piece. The item must have storage.
//
// It panics with a *pgerr.Error, before changing anything, if off is not a
// line pointer of the page (XX000) or the page is corrupted (XX001).
func (p Page) DeleteItem(off OffsetNumber) {
	if !p.pointersSane() {
		panic(p.corruptPointers())
	}
	maxOff := p.MaxOffset()
	if off == InvalidOffset || off > maxOff {
		panic(badArgument("invalid index offnum: %d", off))
	}
	lpOff, lpLen, _ := p.ItemID(off)
	upper, special := p.Upper(), p.SpecialOffset()
	if lpLen == 0 || lpOff < upper || lpOff+lpLen > special || lpOff != MaxAlign(lpOff) {
		panic(corrupted("corrupted line pointer: offset = %d, size = %d", lpOff, lpLen))
	}
	size := MaxAlign(lpLen)

	// Drop the line pointer.
	lower := p.Lower()
	pos := itemIDPos(off)
	copy(p[pos:lower-ItemIDSize], p[pos+ItemIDSize:lower])
	clear(p[lower-ItemIDSize : lower])
	lower -= ItemIDSize

	// Slide everything stored between pd_upper and the item up by its
	// size, then fix the pointers of what moved.
	copy(p[upper+size:lpOff+size], p[upper:lpOff])
	clear(p[upper : upper+size])
	p.setU16(offLower, lower)
	p.setU16(offUpper, upper+size)
	for o := FirstOffset; o < maxOff; o++ {
		w := p.rawItemID(o)
		o2, l2, f2 := unpackItemID(w)
		if l2 > 0 && o2 <= lpOff {
			p.setRawItemID(o, packItemID(o2+size, l2, f2))
		}
	}
}

// DeleteItems removes several items and their line pointers at once, as
// PageIndexMultiDelete does: offs must be ascending, without duplicates,
// and name line pointers with storage. The remaining line pointers keep
// their order (renumbered densely) and the remaining items are compacted
// against the special space.
//
// It panics with a *pgerr.Error, before changing anything, on an invalid
// or unsorted offset (XX000) or a corrupted page (XX001).
func (p Page) DeleteItems(offs []OffsetNumber) {
	if len(offs) == 0 {
		return
	}
	if !p.pointersSane() {
		panic(p.corruptPointers())
	}
	maxOff := p.MaxOffset()
	prev := InvalidOffset
	for _, o := range offs {
		if o <= prev || o > maxOff {
			panic(badArgument("incorrect index offsets supplied"))
		}
		prev = o
	}
	if err := p.checkStorage(); err != nil {
		panic(err)
	}

	// Rebuild the line pointer array without the deleted ones, in place:
	// the write index never passes the read index.
	w := FirstOffset
	next := 0
	for o := FirstOffset; o <= maxOff; o++ {
		if next < len(offs) && offs[next] == o {
			next++
			continue
		}
		p.setRawItemID(w, p.rawItemID(o))
		w++
	}
	p.setU16(offLower, HeaderSize+int(w-1)*ItemIDSize)
	p.compact()
}

// Repair compacts the storage of every item that has any (Normal items,
// and Dead ones that kept theirs) against the special space, keeping
// every line pointer and its number, as PageRepairFragmentation does after
// heap pruning. Unlike PageRepairFragmentation it moves only the items
// below the new pd_upper, into the holes (fillHoles), so the storage is
// not left in line pointer order. Unused line pointers are normalised to zero and set the
// FlagHasFreeLines hint (cleared when there are none).
//
// It panics with a *pgerr.Error (XX001), before changing anything, if the
// page is corrupted.
func (p Page) Repair() {
	if !p.pointersSane() {
		panic(p.corruptPointers())
	}
	if err := p.checkStorage(); err != nil {
		panic(err)
	}
	maxOff := p.MaxOffset()
	unused := false
	for o := FirstOffset; o <= maxOff; o++ {
		if _, _, f := unpackItemID(p.rawItemID(o)); f == Unused {
			p.setRawItemID(o, 0)
			unused = true
		}
	}
	if !p.fillHoles() {
		p.compact()
	}
	p.setFlag(FlagHasFreeLines, unused)
}

// TruncateLinePointers drops the run of unused line pointers at the end
// of the array, always keeping the first one (as
// PageTruncateLinePointerArray does, so a heap page never looks
// uninitialised), and sets or clears FlagHasFreeLines according to whether
// unused pointers remain before that run.
func (p Page) TruncateLinePointers() {
	maxOff := p.MaxOffset()
	keep := maxOff
	for keep > FirstOffset {
		if _, _, f := unpackItemID(p.rawItemID(keep)); f != Unused {
			break
		}
		keep--
	}
	anyUnused := false
	for o := FirstOffset; o <= keep; o++ {
		if _, _, f := unpackItemID(p.rawItemID(o)); f == Unused {
			anyUnused = true
			break
		}
	}
	if keep < maxOff {
		clear(p[HeaderSize+int(keep)*ItemIDSize : HeaderSize+int(maxOff)*ItemIDSize])
		p.setU16(offLower, HeaderSize+int(keep)*ItemIDSize)
	}
	p.setFlag(FlagHasFreeLines, anyUnused)
}

// checkStorage verifies, before a compaction trusts them, that every line
// pointer with storage lies inside [pd_upper, pd_special) and that their
// aligned lengths fit in the space available. The caller has checked the
// header pointers.
func (p Page) checkStorage() error {
	upper, special := p.Upper(), p.SpecialOffset()
	total := 0
	maxOff := p.MaxOffset()
	for o := FirstOffset; o <= maxOff; o++ {
		lpOff, lpLen, f := unpackItemID(p.rawItemID(o))
		if f == Unused || f == Redirect || lpLen == 0 {
			continue
		}
		if lpOff < upper || lpOff+lpLen > special {
			return corrupted("corrupted line pointer: offset = %d, size = %d", lpOff, lpLen)
		}
		total += MaxAlign(lpLen)
	}
	if total > special-p.Lower() {
		return corrupted("corrupted item lengths: total %d, available space %d", total, special-p.Lower())
	}
	return nil
}

// compact rewrites the item storage so that the items with storage sit
// back to back below pd_special in line pointer order (the first line
// pointer's item nearest the special space), updates their lp_off and
// pd_upper, and zeroes the freed space. The caller has run checkStorage.
func (p Page) compact() {
	special := p.SpecialOffset()
	maxOff := p.MaxOffset()

	// When the items already lie in descending offset order (the usual
	// case: they were added in line pointer order), each can be slid up
	// in place, highest first, without touching one not yet moved. That
	// holds only if their aligned extents do not overlap either; anything
	// else goes through a copy of the page.
	presorted := true
	last := special
	for o := FirstOffset; o <= maxOff; o++ {
		lpOff, lpLen, f := unpackItemID(p.rawItemID(o))
		if f == Unused || f == Redirect || lpLen == 0 {
			continue
		}
		if lpOff+MaxAlign(lpLen) > last {
			presorted = false
			break
		}
		last = lpOff
	}

	var scratch [Size]byte // on the stack: the page methods never allocate
	if !presorted {
		copy(scratch[:], p[:Size])
	}
	upper := special
	for o := FirstOffset; o <= maxOff; o++ {
		lpOff, lpLen, f := unpackItemID(p.rawItemID(o))
		if f == Unused || f == Redirect || lpLen == 0 {
			continue
		}
		upper -= MaxAlign(lpLen)
		if presorted {
			copy(p[upper:upper+lpLen], p[lpOff:lpOff+lpLen])
		} else {
			copy(p[upper:upper+lpLen], scratch[lpOff:lpOff+lpLen])
		}
		clear(p[upper+lpLen : upper+MaxAlign(lpLen)])
		p.setRawItemID(o, packItemID(upper, lpLen, f))
	}
	clear(p[p.Lower():upper])
	p.setU16(offUpper, upper)
}

func (p Page) rawItemID(o OffsetNumber) uint32 {
	return binary.LittleEndian.Uint32(p[HeaderSize+(int(o)-1)*ItemIDSize:])
}

func (p Page) setRawItemID(o OffsetNumber, w uint32) {
	binary.LittleEndian.PutUint32(p[HeaderSize+(int(o)-1)*ItemIDSize:], w)
}
