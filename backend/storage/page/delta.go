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
// overlapping:
//
//	offset uint16 LE | length uint16 LE | length bytes of the new page
//
// Bytes 0..9 (pd_lsn and pd_checksum) are never part of a delta: the WAL
// record sets the LSN when it is inserted or replayed, and the checksum is
// set when the page is written. Two changed ranges separated by fewer than
// DeltaFragmentHeader unchanged bytes are one fragment (copying the gap is
// cheaper than a second header), so a delta is never longer than the
// changed bytes plus DeltaFragmentHeader per fragment, and never longer
// than Size plus DeltaFragmentHeader per fragment.

// DeltaFragmentHeader is the size of a fragment's offset and length.
const DeltaFragmentHeader = 4

// deltaStart is the first byte a delta covers: pd_flags, after pd_lsn and
// pd_checksum.
const deltaStart = offFlags

// AppendDelta appends to dst an encoding of the bytes of after that differ
// from before (both Size bytes; shorter slices panic), and returns it.
// Bytes 0..9 (pd_lsn and pd_checksum) are never compared or encoded.
// Nothing is appended when the pages are equal outside them.
func AppendDelta(dst, before, after []byte) []byte {
	before, after = before[:Size], after[:Size]
	i := deltaStart
	for {
		i = nextDiff(before, after, i)
		if i >= Size {
			return dst
		}
		start := i
		end := runEnd(before, after, i)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(start))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(end-start))
		dst = append(dst, after[start:end]...)
		i = end
	}
}

// nextDiff returns the first offset at or after i where a and b (Size
// bytes each) differ, or Size. Equal stretches go by 32 bytes at a time
// (four word compares, one branch); this is faster here than calling
// bytes.Equal on chunks, whose per-call cost dominates on short ones.
func nextDiff(a, b []byte, i int) int {
	a, b = a[:Size], b[:Size]
	for ; i < Size && i&7 != 0; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	for ; i+32 <= Size; i += 32 {
		wa, wb := a[i:i+32], b[i:i+32]
		x0 := binary.LittleEndian.Uint64(wa[0:]) ^ binary.LittleEndian.Uint64(wb[0:])
		x1 := binary.LittleEndian.Uint64(wa[8:]) ^ binary.LittleEndian.Uint64(wb[8:])
		x2 := binary.LittleEndian.Uint64(wa[16:]) ^ binary.LittleEndian.Uint64(wb[16:])
		x3 := binary.LittleEndian.Uint64(wa[24:]) ^ binary.LittleEndian.Uint64(wb[24:])
		if x0|x1|x2|x3 == 0 {
			continue
		}
		for k, x := range [4]uint64{x0, x1, x2, x3} {
			if x != 0 {
				// Little-endian load: the lowest differing byte is the
				// first one in memory.
				return i + 8*k + bits.TrailingZeros64(x)/8
			}
		}
	}
	for ; i+8 <= Size; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for ; i < Size; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return Size
}

// runEnd returns the end (exclusive) of the fragment that starts at i,
// where a and b differ: the last differing byte before the first stretch
// of DeltaFragmentHeader equal bytes (or the end of the page) plus one.
func runEnd(a, b []byte, i int) int {
	a, b = a[:Size], b[:Size]
	end := i + 1 // just after the last differing byte seen
	j := end
	for j < Size && j-end < DeltaFragmentHeader {
		// While every byte differs, go a word at a time: the common case
		// inside a new tuple or a rewritten page.
		if j == end && j+8 <= Size {
			x := binary.LittleEndian.Uint64(a[j:]) ^ binary.LittleEndian.Uint64(b[j:])
			if !hasZeroByte(x) {
				j += 8
				end = j
				continue
			}
		}
		if a[j] != b[j] {
			end = j + 1
		}
		j++
	}
	return end
}

// hasZeroByte reports whether any byte of x is zero.
func hasZeroByte(x uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	return (x-lo)&^x&hi != 0
}

// ApplyDelta writes a delta made by AppendDelta into p (Size bytes). A
// malformed delta (a truncated fragment, an empty one, an offset or
// length outside the page, a fragment touching bytes 0..9) returns an
// XX001 error and never panics; p may then be partly changed.
func ApplyDelta(p, delta []byte) error {
	if len(p) < Size {
		return badArgument("page: delta applied to %d bytes, not a page", len(p))
	}
	for at := 0; at < len(delta); {
		if len(delta)-at < DeltaFragmentHeader {
			return corrupted("invalid page delta: truncated fragment header at byte %d", at)
		}
		off := int(binary.LittleEndian.Uint16(delta[at:]))
		n := int(binary.LittleEndian.Uint16(delta[at+2:]))
		at += DeltaFragmentHeader
		switch {
		case n == 0:
			return corrupted("invalid page delta: empty fragment at offset %d", off)
		case off < deltaStart:
			return corrupted("invalid page delta: fragment at offset %d touches the page LSN or checksum", off)
		case off+n > Size:
			return corrupted("invalid page delta: fragment of %d bytes at offset %d ends outside the page", n, off)
		case len(delta)-at < n:
			return corrupted("invalid page delta: fragment of %d bytes at offset %d is truncated to %d", n, off, len(delta)-at)
		}
		copy(p[off:off+n], delta[at:at+n])
		at += n
	}
	return nil
}

// PagesEqual reports whether a and b (Size bytes each) are equal outside
// bytes 0..9 (pd_lsn and pd_checksum): whether AppendDelta would append
// nothing.
func PagesEqual(a, b []byte) bool {
	return bytes.Equal(a[deltaStart:Size], b[deltaStart:Size])
}
