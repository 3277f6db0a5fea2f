package page

import "slices"

// fillMaxItems bounds the line pointers of a page fillHoles handles, so
// that its work arrays fit on the stack: a heap page holds at most 291
// tuples (MaxHeapTuplesPerPage).
const fillMaxItems = 292

// ext is an item's extent: its line pointer, offset and aligned length
// (16 bits each: the work arrays stay small).
type ext struct {
	o        OffsetNumber
	off, len uint16
}

// fillHoles is compact's result (every item with storage back to back
// below pd_special, the rest of the page zeroed, pd_upper set) reached by
// moving as few bytes as it can: items that already lie in the part of
// the page the storage will occupy stay where they are, and only those
// below it move, each into a hole the removed items left. After pruning
// a page of equal-sized versions that is one version moved per removed
// one, where compact shifts every item below the first hole (half a page
// on average); the WAL delta of the page shrinks with it, and so does the
// work of computing it.
//
// It reports false, having changed nothing, when the holes cannot take
// the items to move (an item straddles the new pd_upper, or sizes do not
// fit) or the page has more than fillMaxItems items: compact then does
// the work. The caller has run checkStorage.
func (p Page) fillHoles() bool {
	special := p.SpecialOffset()
	maxOff := p.MaxOffset()
	if int(maxOff) > fillMaxItems {
		return false
	}
	var buf [fillMaxItems]ext
	items := buf[:0]
	total := 0
	for o := FirstOffset; o <= maxOff; o++ {
		lpOff, lpLen, f := unpackItemID(p.rawItemID(o))
		if f == Unused || f == Redirect || lpLen == 0 {
			continue
		}
		items = append(items, ext{o, uint16(lpOff), uint16(MaxAlign(lpLen))})
		total += MaxAlign(lpLen)
	}
	upper := special - total
	u16 := uint16(upper)

	// Holes: the stretches of [upper, special) no staying item covers.
	var staying, movers [fillMaxItems]ext
	st, mv := staying[:0], movers[:0]
	for _, it := range items {
		switch {
		case it.off >= u16:
			st = append(st, it)
		case it.off+it.len > u16:
			return false // straddles the new pd_upper
		default:
			mv = append(mv, it)
		}
	}
	slices.SortFunc(st, func(a, b ext) int { return int(a.off) - int(b.off) })
	var holeBuf [fillMaxItems + 1]ext // off, len of each hole
	holes := holeBuf[:0]
	at := u16
	for _, it := range st {
		if it.off > at {
			holes = append(holes, ext{off: at, len: it.off - at})
		}
		at = it.off + it.len
	}
	if int(at) < special {
		holes = append(holes, ext{off: at, len: uint16(special) - at})
	}

	// Place the biggest movers first, each at the start of the first hole
	// it fits. The holes add up to the movers' total, so success fills
	// them exactly.
	slices.SortFunc(mv, func(a, b ext) int { return int(b.len) - int(a.len) })
	var destBuf [fillMaxItems]uint16
	dest := destBuf[:len(mv)]
	for i, it := range mv {
		h := slices.IndexFunc(holes, func(h ext) bool { return h.len >= it.len })
		if h < 0 {
			return false
		}
		dest[i] = holes[h].off
		holes[h].off += it.len
		holes[h].len -= it.len
	}

	// Every source lies below upper and every destination at or above
	// it: no move overwrites a byte another move still has to read.
	for i, it := range mv {
		_, lpLen, f := unpackItemID(p.rawItemID(it.o))
		d, src := int(dest[i]), int(it.off)
		copy(p[d:d+lpLen], p[src:src+lpLen])
		clear(p[d+lpLen : d+int(it.len)])
		p.setRawItemID(it.o, packItemID(d, lpLen, f))
	}
	clear(p[p.Lower():upper])
	p.setU16(offUpper, upper)
	return true
}
