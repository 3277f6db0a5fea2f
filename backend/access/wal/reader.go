package wal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Reader reads records back from the segment files, for recovery. It
// checks every page header (magic, address, continuation lengths), every
// record's length, previous-record link and CRC, and stops at the first
// thing that is not a whole valid record: the torn or stale tail a crash
// leaves. Next then returns io.EOF, EndReason says what was found, and
// EndLSN is where the WAL continues (the argument for WAL.Start).
//
// A Reader is not safe for concurrent use. Records it returns are valid
// until its next call.
type Reader struct {
	dir string
	g   geometry

	open func(name string) (segFile, error) // opens a segment by file name
	f    segFile
	fseg uint64
	fok  bool

	page   [PageSize]byte
	pageNo uint64
	pageOK bool

	buf []byte
	rec Record

	next    LSN // where the next record starts
	prev    LSN // the last record returned (0 before the first)
	prevEnd LSN
	reason  string
	done    bool
}

// NewReader returns a reader of the WAL in dir from the record at start.
// The segment size is taken from the segment holding start (any segment
// header says it), 16 MB when no segment can be read.
func NewReader(dir string, start LSN) (*Reader, error) {
	return NewReaderSize(dir, detectSegmentSize(dir), start)
}

// NewReaderSize is NewReader with a known segment size.
func NewReaderSize(dir string, segSize int, start LSN) (*Reader, error) {
	if segSize < minSegmentSize || segSize > maxSegmentSize || segSize&(segSize-1) != 0 {
		return nil, fmt.Errorf("WAL segment size must be a power of two between 1 MB and 1 GB")
	}
	if start%8 != 0 {
		return nil, fmt.Errorf("invalid record offset at %s", start)
	}
	r := &Reader{dir: dir, g: newGeometry(segSize), next: start, prevEnd: start}
	r.open = func(name string) (segFile, error) { return os.Open(filepath.Join(dir, name)) }
	return r, nil
}

// segFile is what the reader needs of a segment file.
type segFile interface {
	io.ReaderAt
	io.Closer
}

// detectSegmentSize reads the long header of the first segment file in
// dir that has one.
func detectSegmentSize(dir string) int {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return DefaultSegmentSize
	}
	var hdr [longHeaderSize]byte
	for _, e := range ents {
		if len(e.Name()) != 24 || !e.Type().IsRegular() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		_, err = f.ReadAt(hdr[:], 0)
		f.Close()
		if err != nil {
			continue
		}
		h := getPageHeader(hdr[:])
		s := int(h.segSize)
		if h.magic == PageMagic && h.info&pageLongHeader != 0 && s >= minSegmentSize && s <= maxSegmentSize && s&(s-1) == 0 {
			return s
		}
	}
	return DefaultSegmentSize
}

// Close releases the reader's file.
func (r *Reader) Close() error {
	if r.fok {
		r.fok = false
		return r.f.Close()
	}
	return nil
}

// EndLSN returns where the valid WAL ends: after the last record Next
// returned (the start position before any).
func (r *Reader) EndLSN() LSN { return r.prevEnd }

// LastLSN returns the start of the last record Next returned, 0 if none.
func (r *Reader) LastLSN() LSN { return r.prev }

// EndReason says why Next returned io.EOF, in PostgreSQL's words.
func (r *Reader) EndReason() string { return r.reason }

// stop ends the WAL at the current record.
func (r *Reader) stop(format string, args ...any) (*Record, error) {
	r.done = true
	r.reason = fmt.Sprintf(format, args...)
	return nil, io.EOF
}

// errIO is an I/O failure, as opposed to the end of the WAL.
type errIO struct{ err error }

func (e errIO) Error() string { return e.err.Error() }
func (e errIO) Unwrap() error { return e.err }

// Next returns the next record, io.EOF at the end of the valid WAL, or an
// I/O error (after which the reader may be retried with a new Reader).
func (r *Reader) Next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	start := r.next
	pageStart := LSN(uint64(start) &^ (PageSize - 1))
	hs := r.g.headerSizeAt(pageStart)
	if uint64(start-pageStart) < hs {
		if start != pageStart {
			return r.stop("invalid record offset at %s", start)
		}
		start += LSN(hs)
	}
	if msg, err := r.loadPage(uint64(start) / PageSize); err != nil {
		return nil, err
	} else if msg != "" {
		return r.stop("%s", msg)
	}
	off := uint64(start) % PageSize
	if off == hs {
		h := getPageHeader(r.page[:])
		if h.info&pageFirstIsCont != 0 || h.remLen != 0 {
			return r.stop("unexpected continuation record at %s", start)
		}
	}
	// The length is always on the first page: a record starts 8-aligned,
	// so at least 8 bytes of it fit.
	totLen := binary.LittleEndian.Uint32(r.page[off:])
	if totLen < RecordHeaderSize || totLen > MaxRecordSize {
		if totLen == 0 {
			return r.stop("invalid record length at %s: expected at least %d, got %d", start, RecordHeaderSize, totLen)
		}
		return r.stop("invalid record length at %s: wanted %d, got %d", start, RecordHeaderSize, totLen)
	}
	r.buf = r.buf[:0]
	pos := off
	page := uint64(start) / PageSize
	checked := false
	for uint32(len(r.buf)) < totLen {
		if pos == PageSize {
			page++
			if msg, err := r.loadPage(page); err != nil {
				return nil, err
			} else if msg != "" {
				return r.stop("%s", msg)
			}
			h := getPageHeader(r.page[:])
			want := totLen - uint32(len(r.buf))
			if h.info&pageFirstIsCont == 0 {
				return r.stop("there is no contrecord flag at %s", LSN(page*PageSize))
			}
			if h.remLen != want {
				return r.stop("invalid contrecord length %d (expected %d) at %s", h.remLen, want, LSN(page*PageSize))
			}
			pos = r.g.headerSizeAt(LSN(page * PageSize))
		}
		n := min(uint64(totLen)-uint64(len(r.buf)), PageSize-pos)
		r.buf = append(r.buf, r.page[pos:pos+n]...)
		pos += n
		if !checked && len(r.buf) >= RecordHeaderSize {
			// Check the header before reading on.
			h, ok := getRecordHeader(r.buf)
			if !ok {
				return r.stop("invalid record header at %s", start)
			}
			if r.prev != 0 && h.prev != r.prev {
				return r.stop("record with incorrect prev-link %s at %s", h.prev, start)
			}
			if r.prev == 0 && h.prev >= start {
				return r.stop("record with incorrect prev-link %s at %s", h.prev, start)
			}
			checked = true
		}
	}
	h, _ := getRecordHeader(r.buf)
	if recordCRC(r.buf) != h.crc {
		return r.stop("incorrect resource manager data checksum in record at %s", start)
	}
	rec := &r.rec
	*rec = Record{LSN: start, Prev: h.prev, Xid: h.xid, RmID: h.rmid, Info: h.info, TotLen: totLen}
	if err := rec.decodeBody(r.buf); err != nil {
		return r.stop("%v", err)
	}
	end := r.g.toEndLSN(r.g.toPos(start) + maxAlign(uint64(totLen)))
	rec.EndLSN = end
	r.prev, r.prevEnd, r.next = start, end, end
	return rec, nil
}

// loadPage makes WAL page number page the current page and checks its
// header. It returns a message when the page ends the WAL (missing,
// short, or not a valid page for this address), an error for an I/O
// failure.
func (r *Reader) loadPage(page uint64) (string, error) {
	if r.pageOK && r.pageNo == page {
		return "", nil
	}
	r.pageOK = false
	segSize := r.g.segSize
	seg := page * PageSize / segSize
	name := SegmentName(seg, int(segSize))
	if !r.fok || r.fseg != seg {
		r.Close()
		f, err := r.open(name)
		if err != nil {
			if isNotExist(err) {
				return fmt.Sprintf("could not open file \"%s\": %v", name, err), nil
			}
			return "", errIO{err}
		}
		r.f, r.fseg, r.fok = f, seg, true
	}
	off := page * PageSize % segSize
	n, err := r.f.ReadAt(r.page[:], int64(off))
	if n < PageSize {
		if err == nil || errors.Is(err, io.EOF) {
			return fmt.Sprintf("could not read from WAL segment %s, offset %d: read %d of %d", name, off, n, PageSize), nil
		}
		return "", errIO{err}
	}
	h := getPageHeader(r.page[:])
	addr := LSN(page * PageSize)
	switch {
	case h.magic != PageMagic:
		return fmt.Sprintf("invalid magic number %04X in WAL segment %s, LSN %s, offset %d", h.magic, name, addr, off), nil
	case h.info&^pageInfoMask != 0:
		return fmt.Sprintf("invalid info bits %04X in WAL segment %s, LSN %s, offset %d", h.info, name, addr, off), nil
	case binary.LittleEndian.Uint32(r.page[20:]) != 0:
		return fmt.Sprintf("invalid page header in WAL segment %s, LSN %s, offset %d", name, addr, off), nil
	case h.timeline != Timeline:
		return fmt.Sprintf("unexpected timeline ID %d in WAL segment %s, LSN %s, offset %d", h.timeline, name, addr, off), nil
	case h.addr != addr:
		return fmt.Sprintf("unexpected pageaddr %s in WAL segment %s, LSN %s, offset %d", h.addr, name, addr, off), nil
	case (off == 0) != (h.info&pageLongHeader != 0):
		return fmt.Sprintf("invalid info bits %04X in WAL segment %s, LSN %s, offset %d", h.info, name, addr, off), nil
	case off == 0 && (uint64(h.segSize) != segSize || h.pageSize != PageSize):
		return "WAL file is from different database system: incorrect segment size in page header", nil
	}
	r.pageNo, r.pageOK = page, true
	return "", nil
}

// RedoFunc replays one record of a resource manager. It is an alias, so a
// map[uint8]func(*Record) error can be passed to Replay as it is.
type RedoFunc = func(*Record) error

// ReplayResult says how far a replay went.
type ReplayResult struct {
	Records   int
	LastLSN   LSN    // start of the last record replayed (0 if none)
	EndLSN    LSN    // end of the valid WAL: pass it to WAL.Start
	EndReason string // why reading stopped
}

// Replay reads every record from r and hands it to the redo function of
// its resource manager, in LSN order, until the end of the valid WAL. A
// record of a resource manager with no function, an I/O error, or an
// error from a redo function stops it with that error.
func Replay(r *Reader, rms map[uint8]RedoFunc) (ReplayResult, error) {
	var res ReplayResult
	for {
		rec, err := r.Next()
		if err == io.EOF {
			res.EndLSN, res.EndReason = r.EndLSN(), r.EndReason()
			return res, nil
		}
		if err != nil {
			return res, err
		}
		fn, ok := rms[rec.RmID]
		if !ok {
			return res, fmt.Errorf("invalid resource manager ID %d at %s", rec.RmID, rec.LSN)
		}
		if err := fn(rec); err != nil {
			return res, fmt.Errorf("redo of record at %s: %w", rec.LSN, err)
		}
		res.Records++
		res.LastLSN = rec.LSN
		res.EndLSN = rec.EndLSN
	}
}
