package page

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Page deltas: the body of a generic WAL record (PostgreSQL's
// generic_xlog.c), which describes a change to a page as the byte ranges
// that differ between its image before and after the change.
//
// A delta is a sequence of fragments, in ascending offset order and never
// overlapping. A fragment starts with a little-endian uint16 whose low 13
// bits are the offset of the bytes it sets (a page is 8192 bytes) and
// whose top 3 bits are its kind, then a uint16 length:
//
//	literal: offset          | length | length bytes of the new page
//	fill:    offset | 0x4000 | length | 1 byte, repeated length times
//	copy:    offset | 0x8000 | length | source offset uint16
//
// A copy fragment sets the bytes [offset, offset+length) of the new page
// to the bytes [source, source+length) of the page as it was before the
// record, whatever the fragments before it in the delta wrote: a tuple
// that pruning moved, the line pointers an index insert shifted, the
// unchanged columns of an updated row. A fill is a run of one value (the
// space compaction frees, blank padding). Deltas made before copy and fill
// fragments existed are literal fragments only, whose top bits are zero
// since no offset reaches 8192, so they decode as they always did; a
// decoder without copy and fill would reject the new kinds as offsets
// outside the page, never misread them.
//
// Bytes 0..9 (pd_lsn and pd_checksum) are never set nor read by a delta:
// the WAL record sets the LSN when it is inserted or replayed, and the
// checksum is set when the page is written. AppendDelta's copies read
// only the line pointers and items of the page before (not its header,
// its special space, nor its free space, which a full-page image leaves
// out). Redo applies a delta to the page as the record before it (or a
// full-page image) left it: the page before, but for hint bits set
// without WAL since, which a copy then carries as they are there, as
// PostgreSQL's redo of a pruning carries the moved tuples' hints.
//
// Two changed ranges separated by fewer than DeltaFragmentHeader
// unchanged bytes are one stretch (copying the gap is cheaper than a
// second header). Copies and fills replace parts of stretches only where
// they save bytes, so a delta is never longer than its literal-only
// encoding: the changed bytes plus DeltaFragmentHeader per stretch.

// DeltaFragmentHeader is the size of a literal fragment's offset and
// length.
const DeltaFragmentHeader = 4

// Fragment kinds (the top bits of a fragment's first field) and the
// sizes of the fill and copy fragments.
const (
	fragOffsetMask = 0x1fff
	fragKindMask   = 0xe000
	fragLiteral    = 0x0000
	fragFill       = 0x4000
	fragCopy       = 0x8000

	deltaFillSize = DeltaFragmentHeader + 1
	deltaCopySize = DeltaFragmentHeader + 2
)

// deltaStart is the first byte a delta covers: pd_flags, after pd_lsn and
// pd_checksum.
const deltaStart = offFlags

// AppendDelta appends to dst an encoding of the bytes of after that differ
// from before (both Size bytes; shorter slices panic), and returns it.
// Bytes 0..9 (pd_lsn and pd_checksum) are never compared or encoded.
// Nothing is appended when the pages are equal outside them. It does not
// allocate beyond growing dst.
//
// The changed stretches are found first (one scan, as PagesEqual's), then
// encoded (deltamatch.go): long ones are searched for runs of one value,
// and all of them for copies of before when the change looks like one
// that moves bytes: when it has a long stretch and changes an item as it
// was or several line pointers. A page that only gained an item skips the
// search for copies, which indexes part of before.
func AppendDelta(dst, before, after []byte) []byte {
	before, after = before[:Size], after[:Size]
	e := deltaEncoder{before: before, after: after}
	e.areas = areasOf(before)
	var runs [maxDeltaRuns]deltaRun
	sc := runScanner{a: before, b: after, j: deltaStart &^ 7}
	for {
		n := sc.scan(runs[:])
		if n == 0 {
			break
		}
		long, moved := false, false
		for _, r := range runs[:n] {
			long = long || r.end-r.start >= minMatchRun
			moved = moved || e.suggestsCopies(int(r.start), int(r.end))
		}
		if n >= len(runs)-2 {
			moved = true // a page rewritten in many places: worth a search
		}
		if long && moved && !e.searching {
			e.startSearch()
		}
		if e.searching {
			e.index(runs[:n])
		}
		dst = e.appendRuns(dst, runs[:n])
	}
	e.release()
	return dst
}

// runScanner finds the changed stretches of a pair of pages, in order,
// in one pass a word at a time: a stretch starts at a differing byte and
// ends after the last differing byte before DeltaFragmentHeader equal
// bytes or the end of the page. Equal words cost a compare each (four at
// a time between stretches); a word with differing bytes is cut into its
// differing and equal parts by a mask of its equal bytes.
type runScanner struct {
	a, b       []byte
	j          int  // the next word to look at
	open       bool // a stretch is open: it started at start...
	start, end int  // ...and its last differing byte so far is end-1
}

// scan appends to runs (from its start) the next stretches, as many as
// fit, and returns how many; 0 when the page is done.
func (s *runScanner) scan(runs []deltaRun) int {
	a, b := s.a[:Size], s.b[:Size]
	n := 0
	j := s.j
	for j < Size {
		// A word closes at most two stretches: stop while both fit.
		if n+2 > len(runs) {
			s.j = j
			return n
		}
		if !s.open && j > deltaStart {
			for j+32 <= Size {
				wa, wb := a[j:j+32], b[j:j+32]
				x0 := binary.LittleEndian.Uint64(wa[0:]) ^ binary.LittleEndian.Uint64(wb[0:])
				x1 := binary.LittleEndian.Uint64(wa[8:]) ^ binary.LittleEndian.Uint64(wb[8:])
				x2 := binary.LittleEndian.Uint64(wa[16:]) ^ binary.LittleEndian.Uint64(wb[16:])
				x3 := binary.LittleEndian.Uint64(wa[24:]) ^ binary.LittleEndian.Uint64(wb[24:])
				if x0|x1|x2|x3 != 0 {
					break
				}
				j += 32
			}
			if j >= Size {
				break
			}
		}
		x := binary.LittleEndian.Uint64(a[j:]) ^ binary.LittleEndian.Uint64(b[j:])
		if j < deltaStart {
			x &^= 1<<(8*(deltaStart-j)) - 1 // pd_checksum is not compared
		}
		if x == 0 {
			if s.open {
				runs[n] = deltaRun{uint16(s.start), uint16(s.end)}
				n++
				s.open = false
			}
			j += 8
			continue
		}
		// d marks the differing bytes; take its runs of set bits in turn.
		d := uint(^equalBytes(x))
		for d != 0 {
			k := bits.TrailingZeros(d)
			p := j + k
			if s.open && p-s.end >= DeltaFragmentHeader {
				runs[n] = deltaRun{uint16(s.start), uint16(s.end)}
				n++
				s.open = false
			}
			if !s.open {
				s.open, s.start = true, p
			}
			l := bits.TrailingZeros(^(d >> k))
			s.end = p + l
			d &^= 1<<(k+l) - 1
		}
		j += 8
	}
	s.j = Size
	if s.open && n < len(runs) {
		runs[n] = deltaRun{uint16(s.start), uint16(s.end)}
		n++
		s.open = false
	}
	return n
}

// deltaRun is a stretch of changed bytes found by AppendDelta's scan.
type deltaRun struct{ start, end uint16 }

// maxDeltaRuns is how many stretches AppendDelta collects before it
// encodes them; a page with more is encoded in batches.
const maxDeltaRuns = 128

// equalBytes returns a mask of the zero bytes of x: bit k is set when
// byte k (in little-endian order) is zero.
func equalBytes(x uint64) uint8 {
	const low7, high = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	// A byte's top bit ends up set exactly when the byte is zero; no
	// carry crosses from one byte into the next.
	t := ^((x&low7 + low7) | x) & high
	// Gather the eight top bits into one byte, byte k to bit k.
	return uint8((t >> 7) * 0x0102040810204080 >> 56)
}

// appendLiteral appends a literal fragment of after[start:end], if it is
// not empty.
func appendLiteral(dst, after []byte, start, end int) []byte {
	if start >= end {
		return dst
	}
	dst = binary.LittleEndian.AppendUint16(dst, uint16(start))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(end-start))
	return append(dst, after[start:end]...)
}

// appendFill appends a fill fragment: n bytes of v at off.
func appendFill(dst []byte, off, n int, v byte) []byte {
	dst = binary.LittleEndian.AppendUint16(dst, uint16(off|fragFill))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(n))
	return append(dst, v)
}

// appendCopy appends a copy fragment: n bytes at off are the bytes at src
// before the change.
func appendCopy(dst []byte, off, n, src int) []byte {
	dst = binary.LittleEndian.AppendUint16(dst, uint16(off|fragCopy))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(n))
	return binary.LittleEndian.AppendUint16(dst, uint16(src))
}

// deltaFragment is one decoded fragment.
type deltaFragment struct {
	kind int    // fragLiteral, fragFill or fragCopy
	off  int    // first byte it sets
	n    int    // bytes it sets
	lit  []byte // a literal's bytes
	val  byte   // a fill's value
	src  int    // a copy's source offset in the page before the record
}

// decodeFragment decodes the fragment at delta[at:] and returns it with
// the offset of the next one. A malformed fragment (truncated, empty, of
// an unknown kind, setting or reading bytes outside the page or in 0..9)
// returns an XX001 error.
func decodeFragment(delta []byte, at int) (deltaFragment, int, error) {
	var f deltaFragment
	if len(delta)-at < DeltaFragmentHeader {
		return f, 0, corrupted("invalid page delta: truncated fragment header at byte %d", at)
	}
	head := int(binary.LittleEndian.Uint16(delta[at:]))
	f.kind, f.off = head&fragKindMask, head&fragOffsetMask
	f.n = int(binary.LittleEndian.Uint16(delta[at+2:]))
	at += DeltaFragmentHeader
	switch {
	case f.kind != fragLiteral && f.kind != fragFill && f.kind != fragCopy:
		return f, 0, corrupted("invalid page delta: fragment of unknown kind %#x at byte %d", f.kind, at-DeltaFragmentHeader)
	case f.n == 0:
		return f, 0, corrupted("invalid page delta: empty fragment at offset %d", f.off)
	case f.off < deltaStart:
		return f, 0, corrupted("invalid page delta: fragment at offset %d touches the page LSN or checksum", f.off)
	case f.off+f.n > Size:
		return f, 0, corrupted("invalid page delta: fragment of %d bytes at offset %d ends outside the page", f.n, f.off)
	}
	switch f.kind {
	case fragLiteral:
		if len(delta)-at < f.n {
			return f, 0, corrupted("invalid page delta: fragment of %d bytes at offset %d is truncated to %d", f.n, f.off, len(delta)-at)
		}
		f.lit = delta[at : at+f.n]
		at += f.n
	case fragFill:
		if len(delta)-at < 1 {
			return f, 0, corrupted("invalid page delta: fill fragment at offset %d is truncated", f.off)
		}
		f.val = delta[at]
		at++
	case fragCopy:
		if len(delta)-at < 2 {
			return f, 0, corrupted("invalid page delta: copy fragment at offset %d is truncated", f.off)
		}
		f.src = int(binary.LittleEndian.Uint16(delta[at:]))
		at += 2
		if f.src < deltaStart || f.src+f.n > Size {
			return f, 0, corrupted("invalid page delta: copy of %d bytes to offset %d reads outside the page at %d", f.n, f.off, f.src)
		}
	}
	return f, at, nil
}

// ApplyDelta writes a delta made by AppendDelta into p (Size bytes), which
// must hold the page as it was before the change (outside bytes 0..9):
// copy fragments read it. A malformed delta (a truncated fragment, an
// empty one, one of an unknown kind, an offset, source or length outside
// the page, a fragment touching bytes 0..9) returns an XX001 error, never
// panics, and leaves p unchanged.
func ApplyDelta(p, delta []byte) error {
	if len(p) < Size {
		return badArgument("page: delta applied to %d bytes, not a page", len(p))
	}
	p = p[:Size]
	// Check every fragment before writing any, and find the bytes copy
	// fragments read.
	srcLo, srcHi := Size, 0
	for at := 0; at < len(delta); {
		f, next, err := decodeFragment(delta, at)
		if err != nil {
			return err
		}
		if f.kind == fragCopy {
			srcLo, srcHi = min(srcLo, f.src), max(srcHi, f.src+f.n)
		}
		at = next
	}
	if srcLo < srcHi {
		applyWithCopies(p, delta, srcLo, srcHi)
	} else {
		applyFragments(p, delta, nil)
	}
	return nil
}

// applyWithCopies applies a checked delta with copy fragments, which read
// a snapshot of p[srcLo:srcHi] taken before any fragment is written.
func applyWithCopies(p, delta []byte, srcLo, srcHi int) {
	var old [Size]byte
	copy(old[srcLo:srcHi], p[srcLo:srcHi])
	applyFragments(p, delta, &old)
}

// applyFragments applies a delta that ApplyDelta has checked; copy
// fragments read old, the page before the change.
func applyFragments(p, delta []byte, old *[Size]byte) {
	for at := 0; at < len(delta); {
		f, next, _ := decodeFragment(delta, at)
		dst := p[f.off : f.off+f.n]
		switch f.kind {
		case fragLiteral:
			copy(dst, f.lit)
		case fragFill:
			fillBytes(dst, f.val)
		case fragCopy:
			copy(dst, old[f.src:f.src+f.n])
		}
		at = next
	}
}

// fillBytes sets every byte of b to v.
func fillBytes(b []byte, v byte) {
	if v == 0 {
		clear(b)
		return
	}
	b[0] = v
	for n := 1; n < len(b); n *= 2 {
		copy(b[n:], b[:n])
	}
}

// PagesEqual reports whether a and b (Size bytes each) are equal outside
// bytes 0..9 (pd_lsn and pd_checksum): whether AppendDelta would append
// nothing.
func PagesEqual(a, b []byte) bool {
	return bytes.Equal(a[deltaStart:Size], b[deltaStart:Size])
}
