package page

import (
	"encoding/binary"
	"math/bits"
	"sync"
)

// The search behind copy and fill fragments. A changed stretch of the new
// page is probed every 4 bytes: the 8 bytes at the probe are looked up in
// an index of the 8-byte-aligned words of the page before the change, and
// a hit is extended both ways as far as the bytes agree; a probe whose 8
// bytes are all one value is extended likewise as a fill. Items are
// MAXALIGNed in heap and B-tree pages, so a moved item and its source are
// both 8-aligned and a shifted line pointer array is off by 4: every
// probe-sized piece of either is found. A match becomes a fragment only
// if it saves bytes against the literals it replaces (a copy in the
// middle of a literal costs its own 6 bytes and the 4 of the literal that
// resumes after it), so the encoding is never longer than the literal one.

// minMatchRun is the shortest changed stretch AppendDelta searches.
const minMatchRun = 16

// matchTableBits sizes the index: 2048 slots for at most 1023 words.
const matchTableBits = 11

// matchTable indexes the 8-byte-aligned words of a page by a hash of
// their value. A slot holds gen<<16 | offset; slots of another generation
// are empty, so a table is reused without clearing.
type matchTable struct {
	gen  uint32
	slot [1 << matchTableBits]uint32
}

// matchTables recycles tables among the callers of AppendDelta, so the
// search allocates nothing.
var matchTables = sync.Pool{New: func() any { return new(matchTable) }}

// deltaEncoder is AppendDelta's state for one pair of pages.
type deltaEncoder struct {
	before, after []byte
	// copy sources and the gate of the search: see pageAreas.
	areas     pageAreas
	searching bool        // copies are searched for (tab is built)
	tab       *matchTable // the index of before, while searching
	shift     int         // the last copy's offset minus its source
	indexed   int         // before's words below this are in tab
}

// pageAreas are the parts of the page before the change that copies may
// read: its line pointers [HeaderSize, pd_lower) and its items
// [pd_upper, pd_special). The header (with pd_flags' hints) and the
// special space are left out, so only items and line pointers are ever
// copied, and so is the free space between them, which a full-page image
// leaves out. A page without the standard layout is one area from byte 10
// to the end.
type pageAreas struct {
	lpLo, lpHi     int // line pointers
	itemLo, itemHi int // items
	standard       bool
}

// areasOf returns the pageAreas of p.
func areasOf(p []byte) pageAreas {
	lower := int(binary.LittleEndian.Uint16(p[offLower:]))
	upper := int(binary.LittleEndian.Uint16(p[offUpper:]))
	special := int(binary.LittleEndian.Uint16(p[offSpecial:]))
	if lower >= HeaderSize && lower <= upper && upper <= special && special <= Size {
		return pageAreas{HeaderSize, lower, upper, special, true}
	}
	return pageAreas{deltaStart, Size, Size, Size, false}
}

// area returns the area that holds byte s of before: the items from their
// start on, else the line pointers (s may lie outside both).
func (a *pageAreas) area(s int) (lo, hi int) {
	if s >= a.itemLo {
		return a.itemLo, a.itemHi
	}
	return a.lpLo, a.lpHi
}

// suggestsCopies reports whether the changed stretch [start, end) hints
// that bytes of before moved: it changes an item as it was (at or above
// before's pd_upper, where an update marks the old version of a row and
// pruning moves items) or two line pointers or more (an index insert or
// delete shifts the array). On a page without the standard layout, any
// change past the header does.
func (e *deltaEncoder) suggestsCopies(start, end int) bool {
	a := &e.areas
	if !a.standard {
		return end > HeaderSize
	}
	return end > a.itemLo || min(end, a.lpHi)-max(start, HeaderSize) >= 2*ItemIDSize
}

// The index covers before's words near the changed stretches, from
// indexBehind bytes before one to indexAhead bytes after it: where the
// old version of an updated row starts (its header changes), the line
// pointers an insert shifted, the items pruning moved. A copy found there
// is then extended as far as the bytes agree, index or not.
const (
	indexBehind = 64
	indexAhead  = 512
)

// startSearch takes an index for the copy search. A page that has never
// been initialized (pd_upper 0, all zeroes when new) is not searched:
// nothing on it is worth copying.
func (e *deltaEncoder) startSearch() {
	if binary.LittleEndian.Uint16(e.before[offUpper:]) == 0 {
		return
	}
	e.searching = true
	t := matchTables.Get().(*matchTable)
	t.gen++
	if t.gen == 1<<16 {
		t.gen = 1
		clear(t.slot[:])
	}
	e.tab = t
}

// index adds to the index the 8-aligned words of before's areas near a
// batch of changed stretches. Later words replace earlier ones in a
// shared slot.
func (e *deltaEncoder) index(runs []deltaRun) {
	for _, r := range runs {
		from := max(e.indexed, (int(r.start)-indexBehind)&^7)
		to := min(int(r.end)+indexAhead, Size)
		if from >= to {
			continue
		}
		e.indexRange(max(from, e.areas.lpLo), min(to, e.areas.lpHi))
		e.indexRange(max(from, e.areas.itemLo), min(to, e.areas.itemHi))
		e.indexed = max(e.indexed, to&^7)
	}
}

// indexRange adds the 8-aligned words inside [from, to) to the index.
func (e *deltaEncoder) indexRange(from, to int) {
	t, b := e.tab, e.before
	tag := t.gen << 16
	for i := (from + 7) &^ 7; i+8 <= to; i += 8 {
		t.slot[matchHash(binary.LittleEndian.Uint64(b[i:]))] = tag | uint32(i)
	}
}

// release returns the index to the pool.
func (e *deltaEncoder) release() {
	if e.tab != nil {
		matchTables.Put(e.tab)
		e.tab = nil
	}
}

// matchHash is the index slot of a word (Fibonacci hashing).
func matchHash(w uint64) uint32 {
	return uint32((w * 0x9e3779b97f4a7c15) >> (64 - matchTableBits))
}

// deltaMatch is a candidate copy or fill fragment: [start, end) of the
// new page, and the bytes it saves against literals.
type deltaMatch struct {
	kind       int // fragCopy or fragFill; 0 for none
	start, end int
	src        int  // a copy's source
	val        byte // a fill's value
	saved      int
}

// appendRuns appends the fragments of a batch of changed stretches (in
// order, not empty): copies and fills where they are found and save
// bytes, literals for the rest. While searching, every stretch is probed
// and a copy or fill may reach over unchanged bytes into the stretches
// after it (the bytes it sets there are equal anyway), so that one copy
// carries a block of items that moved together; otherwise only long
// stretches are probed, for fills.
func (e *deltaEncoder) appendRuns(dst []byte, runs []deltaRun) []byte {
	a := e.after
	lit := 0 // the first byte not yet encoded
	for k := 0; k < len(runs); {
		start, end := max(int(runs[k].start), lit), int(runs[k].end)
		if start >= end {
			k++
			continue
		}
		lit = start
		var m deltaMatch
		if e.searching || end-start >= minMatchRun {
			m = e.probe(start, end, runs[k:])
		}
		switch m.kind {
		case 0:
			dst = appendLiteral(dst, a, lit, end)
			lit = end
			k++
			continue
		case fragCopy:
			dst = appendLiteral(dst, a, lit, m.start)
			dst = appendCopy(dst, m.start, m.end-m.start, m.src)
			e.shift = m.start - m.src
		case fragFill:
			dst = appendLiteral(dst, a, lit, m.start)
			dst = appendFill(dst, m.start, m.end-m.start, m.val)
		}
		lit = m.end
	}
	return dst
}

// probe looks for the first copy or fill that saves bytes in the stretch
// runs[0] from start (its first unencoded byte) to end, probing every 4
// bytes (8 when only fills are searched). At each probe it takes the
// better of a copy from the place the last copy came from (the same
// shift) or else from the index, and a fill if the 8 bytes there are one
// value. The fragment starts at or after start and ends where a stretch
// of runs ends. The checks that reject a probe come first and are cheap:
// most probes find nothing.
func (e *deltaEncoder) probe(start, end int, runs []deltaRun) deltaMatch {
	a := e.after
	p, step := start&^3, 4
	if !e.searching {
		// Fills only: every fill of 15 bytes or more covers an 8-aligned
		// word. Skip to the first word of one value.
		p, step = start&^7, 8
		for ; p < end && p+8 <= Size; p += step {
			if w := binary.LittleEndian.Uint64(a[p:]); w == (w&0xff)*0x0101010101010101 {
				break
			}
		}
	}
	for ; p < end && p+8 <= Size; p += step {
		w := binary.LittleEndian.Uint64(a[p:])
		var best deltaMatch
		if e.searching {
			s := -1
			if e.shift != 0 && e.isSource(w, p-e.shift) {
				s = p - e.shift
			} else if v := e.tab.slot[matchHash(w)]; v>>16 == e.tab.gen && e.isSource(w, int(v&0xffff)) {
				s = int(v & 0xffff)
			}
			if s >= 0 {
				best = e.copyAround(p, s, start, runs)
			}
		}
		if w == (w&0xff)*0x0101010101010101 {
			if f := fillAround(a, p, start, runs); f.saved > best.saved {
				best = f
			}
		}
		if best.saved > 0 {
			return best
		}
	}
	return deltaMatch{}
}

// isSource reports whether s is a place of before's areas that a copy
// may read, holding the 8 bytes w.
func (e *deltaEncoder) isSource(w uint64, s int) bool {
	lo, hi := e.areas.area(s)
	return s >= lo && s+8 <= hi && binary.LittleEndian.Uint64(e.before[s:]) == w
}

// copyAround extends the match of a[p:p+8] with before[s:s+8] both ways:
// back to lit at most, forward to the end of the batch at most, then
// trimmed to end where a stretch ends.
func (e *deltaEncoder) copyAround(p, s, lit int, runs []deltaRun) deltaMatch {
	a, b := e.after, e.before
	lo, hi := e.areas.area(s)
	start, src := p, s
	if p < lit {
		start, src = lit, s+lit-p
	}
	for start > lit && src > lo && a[start-1] == b[src-1] {
		start--
		src--
	}
	limit := max(int(runs[len(runs)-1].end), p+8)
	end := p + 8 + matchLen(a[p+8:limit], b[s+8:hi])
	m := deltaMatch{kind: fragCopy, start: start, src: src}
	m.end, m.saved = coverage(runs, lit, start, end)
	m.saved -= deltaCopySize
	return m
}

// fillAround extends the run of one value around a[p:p+8] (all that
// value) back to lit at most and forward to the end of the batch at most,
// then trims it to end where a stretch ends.
func fillAround(a []byte, p, lit int, runs []deltaRun) deltaMatch {
	v := a[p]
	start := max(p, lit)
	for start > lit && a[start-1] == v {
		start--
	}
	limit := int(runs[len(runs)-1].end)
	end := p + 8
	// Forward a word at a time: blank padding runs long.
	for pat := uint64(v) * 0x0101010101010101; end+8 <= limit; end += 8 {
		if x := binary.LittleEndian.Uint64(a[end:]) ^ pat; x != 0 {
			end += bits.TrailingZeros64(x) / 8
			limit = end
			break
		}
	}
	for end < limit && a[end] == v {
		end++
	}
	m := deltaMatch{kind: fragFill, start: start, val: v}
	m.end, m.saved = coverage(runs, lit, start, end)
	m.saved -= deltaFillSize
	return m
}

// coverage trims a fragment [start, end) of the new page, with start in
// runs[0] (whose bytes before lit are already encoded), to end where the
// last stretch it reaches ends, and returns that end and the bytes of
// literals the fragment replaces: the changed bytes it covers, plus the
// header of each stretch it covers to the end from its first unencoded
// byte, minus one for a literal it splits in two.
func coverage(runs []deltaRun, lit, start, end int) (trimmed, saved int) {
	trimmed = start
	for j, r := range runs {
		rs, re := int(r.start), int(r.end)
		if j == 0 {
			rs = lit
		}
		if rs >= end {
			break
		}
		to := min(re, end)
		saved += to - max(rs, start)
		trimmed = to
		switch {
		case start <= rs && end >= re:
			saved += DeltaFragmentHeader // no literal left in this stretch
		case start > rs && end < re:
			saved -= DeltaFragmentHeader // a literal before and one after
		}
	}
	return trimmed, saved
}

// matchLen returns the length of the common prefix of a and b.
func matchLen(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for ; i < n && a[i] == b[i]; i++ {
	}
	return i
}
