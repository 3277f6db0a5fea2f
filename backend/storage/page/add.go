package page

// AddItem places a copy of item on the page and returns its offset
// number, as PageAddItem does.
//
// With off == InvalidOffset (heap style) it reuses the first unused line
// pointer when the FlagHasFreeLines hint says there may be one (clearing
// the hint if there is none), else appends a new line pointer. With a
// valid off (index style) it inserts at off, moving the line pointers from
// off on up by one; off may be at most MaxOffset()+1.
//
// The item's bytes go just below pd_upper, MAXALIGNed, with the alignment
// padding zeroed. It returns ErrNoSpace when the item plus any new line
// pointer does not fit, an XX000 error for an offset beyond
// MaxOffset()+1, and an XX001 error for a corrupted header; in every
// error case the page is unchanged.
func (p Page) AddItem(item []byte, off OffsetNumber) (OffsetNumber, error) {
	return p.AddItemLimit(item, off, MaxItemsPerPage)
}

// AddItemLimit is AddItem that refuses to create an offset above limit:
// a heap page passes its MaxHeapTuplesPerPage, since heap line pointer
// numbers must fit in its visibility structures.
func (p Page) AddItemLimit(item []byte, off OffsetNumber, limit OffsetNumber) (OffsetNumber, error) {
	if !p.pointersSane() {
		return InvalidOffset, p.corruptPointers()
	}
	maxOff := p.MaxOffset()
	next := maxOff + 1 // the first slot past the array
	shuffle := false
	switch {
	case off == InvalidOffset:
		off = next
		if p.HasFreeLinePointers() {
			for o := FirstOffset; o <= maxOff; o++ {
				if _, lpLen, flags := p.ItemID(o); flags == Unused && lpLen == 0 {
					off = o
					break
				}
			}
			if off == next {
				// The hint was stale; PostgreSQL clears it here too.
				p.setFlag(FlagHasFreeLines, false)
			}
		}
	case off > next:
		return InvalidOffset, badArgument("specified item offset %d is too large (page has %d line pointers)", off, maxOff)
	case off < next:
		shuffle = true
	}
	if off > limit {
		return InvalidOffset, badArgument("cannot put more than %d items in a page", limit)
	}
	if len(item) == 0 {
		return InvalidOffset, badArgument("cannot add an empty item")
	}
	if len(item) > lpMaxValue {
		return InvalidOffset, ErrNoSpace
	}

	lower := p.Lower()
	if off == next || shuffle {
		lower += ItemIDSize
	}
	aligned := MaxAlign(len(item))
	upper := p.Upper() - aligned
	if lower > upper {
		return InvalidOffset, ErrNoSpace
	}

	pos := itemIDPos(off)
	if shuffle {
		copy(p[pos+ItemIDSize:lower], p[pos:lower-ItemIDSize])
	}
	copy(p[upper:], item)
	clear(p[upper+len(item) : upper+aligned])
	p.SetItemID(off, upper, len(item), Normal)
	p.setU16(offLower, lower)
	p.setU16(offUpper, upper)
	return off, nil
}

// OverwriteItem replaces the bytes of Normal item off with item, which
// must be no longer than the current item. The item stays where it is and
// no other item moves (so it is safe on a heap page that others have
// pinned); when it shrinks, the bytes it gave up stay unused until Repair
// or a compacting delete.
func (p Page) OverwriteItem(off OffsetNumber, item []byte) error {
	if off == InvalidOffset || off > p.MaxOffset() {
		return badArgument("invalid item offset %d (page has %d line pointers)", off, p.MaxOffset())
	}
	lpOff, lpLen, flags := p.ItemID(off)
	if flags != Normal {
		return badArgument("cannot overwrite item %d: line pointer is not in use", off)
	}
	if lpOff < p.Upper() || lpOff+lpLen > p.SpecialOffset() || p.SpecialOffset() > Size {
		return corrupted("corrupted line pointer: offset = %d, size = %d", lpOff, lpLen)
	}
	if len(item) > lpLen {
		return badArgument("cannot overwrite item %d of %d bytes with %d bytes", off, lpLen, len(item))
	}
	if len(item) == 0 {
		return badArgument("cannot overwrite item %d with an empty item", off)
	}
	copy(p[lpOff:], item)
	clear(p[lpOff+len(item) : lpOff+lpLen])
	p.SetItemID(off, lpOff, len(item), Normal)
	return nil
}
