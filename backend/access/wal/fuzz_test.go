package wal

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReader feeds arbitrary bytes to the reader as the start of a
// segment: it must return records or io.EOF, never panic or loop, and
// any record it returns must have a valid CRC.
func FuzzReader(f *testing.F) {
	// Seeds: the first pages of a real WAL.
	e := newEnv(f, 2, nil)
	w := e.started(f)
	var b Builder
	for _, spec := range shapes()[:9] {
		spec.build(&b)
		if _, err := w.Insert(&b); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Flush(w.InsertPos()); err != nil {
		f.Fatal(err)
	}
	seg, err := os.ReadFile(filepath.Join(e.cfg.Dir, SegmentName(1, testSegSize)))
	if err != nil {
		f.Fatal(err)
	}
	end := int(w.InsertPos() - FirstLSN(testSegSize))
	f.Add(seg[:end])
	f.Add(seg[:PageSize+100])
	f.Add(seg[:100])
	f.Add([]byte{})
	name := SegmentName(1, testSegSize)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 8*PageSize {
			data = data[:8*PageSize]
		}
		r, err := NewReaderSize("", testSegSize, FirstLSN(testSegSize))
		if err != nil {
			t.Fatal(err)
		}
		r.open = func(n string) (segFile, error) {
			if n != name {
				return nil, fs.ErrNotExist
			}
			return nopCloser{bytes.NewReader(data)}, nil
		}
		defer r.Close()
		for n := 0; ; n++ {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				if r.EndReason() == "" {
					t.Fatal("end without a reason")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.EndLSN <= rec.LSN || n > len(data)/RecordHeaderSize+1 {
				t.Fatalf("record %d at %s..%s", n, rec.LSN, rec.EndLSN)
			}
			for i := range rec.Blocks {
				if bl := &rec.Blocks[i]; bl.HasImage {
					var page [PageSize]byte
					bl.RestorePage(page[:])
				}
			}
		}
	})
}

// FuzzDecodeBody feeds arbitrary bodies to the record decoder.
func FuzzDecodeBody(f *testing.F) {
	var b Builder
	for _, spec := range shapes()[:8] {
		spec.build(&b)
		if err := b.assemble(0, true); err != nil {
			f.Fatal(err)
		}
		var rec []byte
		for _, p := range b.chain {
			rec = append(rec, p...)
		}
		f.Add(rec[RecordHeaderSize:])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := append(make([]byte, RecordHeaderSize), body...)
		var r Record
		if err := r.decodeBody(rec); err != nil {
			return
		}
		total := 0
		for i := range r.Blocks {
			bl := &r.Blocks[i]
			total += len(bl.Image) + len(bl.Data)
			if bl.HasImage {
				var page [PageSize]byte
				bl.RestorePage(page[:])
			}
		}
		if total+len(r.MainData) > len(body) {
			t.Fatalf("decoded %d payload bytes from a %d-byte body", total+len(r.MainData), len(body))
		}
	})
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// FuzzControl feeds arbitrary bytes to the control-file decoder: it must
// accept only what round-trips.
func FuzzControl(f *testing.F) {
	var good [ControlFileSize]byte
	(&Control{SystemID: 1, State: DBInProduction, Redo: 0x1000028, SegmentSize: DefaultSegmentSize}).encode(good[:])
	f.Add(good[:])
	f.Add(good[:controlDataLen+4])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeControl(b, "pg_control")
		if err != nil {
			return
		}
		var again [ControlFileSize]byte
		c.encode(again[:])
		c2, err := decodeControl(again[:], "pg_control")
		if err != nil || *c2 != *c {
			t.Fatalf("decoded %+v does not round-trip: %+v, %v", c, c2, err)
		}
	})
}

// FuzzParseLSN checks that whatever ParseLSN accepts prints back as
// PostgreSQL would and parses to the same value.
func FuzzParseLSN(f *testing.F) {
	for _, s := range []string{"0/0", "0/16B3748", "FFFFFFFF/FFFFFFFF", "1/", "a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLSN(s)
		if err != nil {
			return
		}
		if l2, err := ParseLSN(l.String()); err != nil || l2 != l {
			t.Fatalf("%q -> %s -> %s, %v", s, l, l2, err)
		}
	})
}
