package wal

import (
	"fmt"
	"strconv"
	"strings"
)

// LSN is a log sequence number: a byte position in the WAL stream, counted
// from the start of the first segment that could exist (segment 0), page
// headers included. Zero is never the position of a record.
type LSN uint64

// InvalidLSN is the zero LSN, "no position".
const InvalidLSN LSN = 0

// String formats the LSN as PostgreSQL prints it: the high and low 32 bits
// in upper-case hex, separated by a slash ("0/16B3748").
func (l LSN) String() string {
	return fmt.Sprintf("%X/%X", uint32(l>>32), uint32(l))
}

// ParseLSN reads the X/X form String writes.
func ParseLSN(s string) (LSN, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if ok && hi != "" && lo != "" && len(hi) <= 8 && len(lo) <= 8 {
		h, err1 := strconv.ParseUint(hi, 16, 32)
		l, err2 := strconv.ParseUint(lo, 16, 32)
		if err1 == nil && err2 == nil {
			return LSN(h<<32 | l), nil
		}
	}
	return 0, fmt.Errorf("invalid input syntax for type pg_lsn: %q", s)
}

// Timeline is always 1: there is no archive recovery to fork histories.
const Timeline = 1

// SegmentName returns the file name of segment segNo, as PostgreSQL names
// it: timeline, then the segment number split into "log" and "seg" parts,
// each as eight hex digits.
func SegmentName(segNo uint64, segSize int) string {
	perID := uint64(0x100000000) / uint64(segSize)
	return fmt.Sprintf("%08X%08X%08X", Timeline, segNo/perID, segNo%perID)
}

// parseSegmentName is the inverse of SegmentName; ok is false for any
// other file name.
func parseSegmentName(name string, segSize int) (uint64, bool) {
	if len(name) != 24 {
		return 0, false
	}
	var v [3]uint64
	for i := range v {
		x, err := strconv.ParseUint(name[i*8:i*8+8], 16, 32)
		if err != nil || strings.ToUpper(name[i*8:i*8+8]) != name[i*8:i*8+8] {
			return 0, false
		}
		v[i] = x
	}
	perID := uint64(0x100000000) / uint64(segSize)
	if v[0] != Timeline || v[2] >= perID {
		return 0, false
	}
	return v[1]*perID + v[2], true
}

// geometry holds the sizes derived from the segment size: the WAL is a
// sequence of PageSize pages, the first of each segment with a long header.
type geometry struct {
	segSize        uint64 // bytes per segment file
	usablePerSeg   uint64 // record bytes one segment holds (page headers excluded)
	usablePerPage  uint64 // record bytes of a page with a short header
	usableFirstPag uint64 // record bytes of a segment's first page (long header)
}

func newGeometry(segSize int) geometry {
	g := geometry{segSize: uint64(segSize)}
	g.usablePerPage = PageSize - shortHeaderSize
	g.usableFirstPag = PageSize - longHeaderSize
	g.usablePerSeg = (g.segSize/PageSize)*g.usablePerPage - (longHeaderSize - shortHeaderSize)
	return g
}

// Record bytes are reserved in "byte positions": offsets in the stream of
// usable bytes, page headers left out, so a reservation is one addition.
// These convert between the two.

// toLSN converts a byte position to the LSN where that byte lives. A
// position at a page boundary maps past the next page's header: the place
// the next record byte goes.
func (g *geometry) toLSN(pos uint64) LSN {
	seg := pos / g.usablePerSeg
	left := pos % g.usablePerSeg
	var off uint64
	if left < g.usableFirstPag {
		off = left + longHeaderSize
	} else {
		left -= g.usableFirstPag
		off = (left/g.usablePerPage+1)*PageSize + left%g.usablePerPage + shortHeaderSize
	}
	return LSN(seg*g.segSize + off)
}

// toEndLSN is toLSN for the end of a record: a position at a page boundary
// maps to the page's start, not past its header.
func (g *geometry) toEndLSN(pos uint64) LSN {
	seg := pos / g.usablePerSeg
	left := pos % g.usablePerSeg
	var off uint64
	switch {
	case left == 0:
		off = 0
	case left <= g.usableFirstPag:
		off = left + longHeaderSize
	default:
		left -= g.usableFirstPag
		pages := left / g.usablePerPage
		rem := left % g.usablePerPage
		if rem == 0 {
			off = (pages + 1) * PageSize
		} else {
			off = (pages+1)*PageSize + rem + shortHeaderSize
		}
	}
	if off == g.segSize {
		return LSN((seg + 1) * g.segSize)
	}
	return LSN(seg*g.segSize + off)
}

// toPos converts an LSN (a record start or end, not inside a page header)
// back to a byte position.
func (g *geometry) toPos(l LSN) uint64 {
	seg := uint64(l) / g.segSize
	off := uint64(l) % g.segSize
	pos := seg * g.usablePerSeg
	page := off / PageSize
	in := off % PageSize
	switch {
	case page == 0 && in == 0:
		return pos
	case page == 0:
		return pos + in - longHeaderSize
	case in == 0:
		return pos + g.usableFirstPag + (page-1)*g.usablePerPage
	default:
		return pos + g.usableFirstPag + (page-1)*g.usablePerPage + in - shortHeaderSize
	}
}

// headerSizeAt returns the size of the page header of the page starting
// at page LSN p.
func (g *geometry) headerSizeAt(p LSN) uint64 {
	if uint64(p)%g.segSize == 0 {
		return longHeaderSize
	}
	return shortHeaderSize
}
