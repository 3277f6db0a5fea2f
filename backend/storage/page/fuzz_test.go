package page

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// FuzzPage feeds arbitrary bytes to everything that reads a page from
// disk. None of it may panic, whatever the bytes; and a page that Check
// accepts must survive the mutators and still pass Check afterwards.
func FuzzPage(f *testing.F) {
	images, _ := filepath.Glob("testdata/*.page")
	for _, name := range images {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b, uint32(0))
		}
	}
	p := Page(make([]byte, Size))
	p.Init(16)
	p.AddItem([]byte("some tuple"), InvalidOffset)
	p.AddItem([]byte("another, longer tuple"), InvalidOffset)
	f.Add([]byte(p), uint32(1))
	f.Add([]byte{}, uint32(0))
	f.Add(make([]byte, Size), uint32(0))
	f.Add([]byte{0xff, 0xff, 0xff}, uint32(7))

	f.Fuzz(func(t *testing.T, data []byte, blk uint32) {
		// Wrong-sized input: only the verifiers are defined on it.
		_ = Page(data).Verify(blk)
		_ = Page(data).Check()
		_ = Page(data).CheckHeader()

		p := make(Page, Size)
		copy(p, data)
		_ = p.Verify(blk)
		_ = p.VerifyHeader()
		_ = p.Checksum(blk)
		_ = p.Special()
		_, _ = p.FreeSpace(), p.ExactFreeSpace()
		for o := InvalidOffset; o <= MaxItemsPerPage+1; o++ {
			item := p.Item(o)
			lpOff, lpLen, _ := p.ItemID(o)
			if item != nil && (len(item) != lpLen || &item[0] != &p[lpOff]) {
				t.Fatalf("Item(%d) does not match its line pointer", o)
			}
		}
		if p.Check() != nil || p.IsNew() {
			return
		}
		// A page Check accepts is one the mutators must handle.
		q := append(Page(nil), p...)
		q.Repair()
		if err := q.Check(); err != nil {
			t.Fatalf("Check after Repair: %v", err)
		}
		q.TruncateLinePointers()
		if err := q.Check(); err != nil {
			t.Fatalf("Check after TruncateLinePointers: %v", err)
		}
		if _, err := q.AddItem([]byte("fuzz item"), InvalidOffset); err == nil {
			if err := q.Check(); err != nil {
				t.Fatalf("Check after AddItem: %v", err)
			}
		}
		if !hasHeapStates(p) && p.MaxOffset() > 0 {
			q = append(q[:0], p...)
			q.DeleteItem(1)
			if err := q.Check(); err != nil {
				t.Fatalf("Check after DeleteItem: %v", err)
			}
			q = append(q[:0], p...)
			offs := []OffsetNumber{}
			for o := FirstOffset; o <= p.MaxOffset(); o += 2 {
				offs = append(offs, o)
			}
			q.DeleteItems(offs)
			if err := q.Check(); err != nil {
				t.Fatalf("Check after DeleteItems: %v", err)
			}
		}
	})
}

// FuzzApplyDelta applies arbitrary bytes as a delta to a page. It must
// never panic, and a delta it rejects must leave the page unchanged; a
// delta it accepts must be reproduced by AppendDelta: the delta of the
// page before and after, applied again, gives the same page.
func FuzzApplyDelta(f *testing.F) {
	before := make([]byte, Size)
	if raw, err := os.ReadFile("testdata/heap_mixed.page"); err == nil && len(raw) == Size {
		copy(before, raw)
	}
	after := append([]byte(nil), before...)
	if _, err := Page(after).AddItem([]byte("a new tuple"), InvalidOffset); err == nil {
		f.Add(AppendDelta(nil, before, after))
	}
	if p := before; Page(p).Check() == nil {
		q := append(Page(nil), p...)
		q.Repair()
		f.Add(AppendDelta(nil, p, q))
	}
	f.Add([]byte{})
	f.Add([]byte{10, 0, 1, 0, 0xff})
	f.Add([]byte{0xff, 0x1f, 1, 0, 7, 12, 0, 2, 0, 1, 2})
	f.Add([]byte{0, 0, 4, 0, 1, 2, 3, 4})
	f.Add([]byte{0xfe, 0xff, 0xff, 0xff})
	f.Add(appendCopy(appendLiteral(nil, after, 100, 120), 200, 64, 110))
	f.Add(appendFill(appendCopy(nil, 4000, 100, 4004), 5000, 30, 0x20))
	f.Add(appendCopy(nil, 100, 8, 9))
	f.Add(appendCopy(nil, 100, 8, Size-7))
	f.Add([]byte{100, 0xc0, 1, 0, 1})

	f.Fuzz(func(t *testing.T, delta []byte) {
		p := append([]byte(nil), before...)
		if err := ApplyDelta(p, delta); err != nil {
			if !bytes.Equal(p, before) {
				t.Fatal("a rejected delta changed the page")
			}
			return
		}
		if !bytes.Equal(p[:10], before[:10]) {
			t.Fatal("an accepted delta changed bytes 0..9")
		}
		q := append([]byte(nil), before...)
		if err := ApplyDelta(q, AppendDelta(nil, before, p)); err != nil || !bytes.Equal(p, q) {
			t.Fatalf("round trip of an accepted delta: %v", err)
		}
	})
}

// FuzzAppendDelta changes a page as the fuzzer's bytes say (runs of
// literal bytes, ranges of the page moved or duplicated at any alignment,
// runs of one value, header fields) and checks that AppendDelta's delta
// of the change, applied to the page before it, gives the page after it,
// and is no longer than the literal-only delta.
func FuzzAppendDelta(f *testing.F) {
	f.Add(uint8(0), []byte{1, 0x10, 0x00, 40, 0x20, 0x00, 2, 0x30, 0x00, 16, 7})
	f.Add(uint8(1), []byte{4, 0x1f, 0xf0, 0xff, 0x00, 0x18})
	f.Add(uint8(2), []byte{0, 0x00, 0x0c, 9, 3, 0x00, 0x20, 100, 0x11, 0x00})
	f.Add(uint8(2), []byte{1, 0x01, 0x00, 0xff, 0x01, 0x04, 0x00})

	f.Fuzz(func(t *testing.T, base uint8, ops []byte) {
		before := make([]byte, Size)
		switch base % 3 {
		case 1:
			if raw, err := os.ReadFile("testdata/heap_mixed.page"); err == nil && len(raw) == Size {
				copy(before, raw)
			}
		case 2:
			p := Page(before)
			p.Init(16)
			for i := 0; ; i++ {
				if _, err := p.AddItem(bytes.Repeat([]byte{byte(i), byte(i >> 8), 7}, 5+i%11), InvalidOffset); err != nil {
					break
				}
			}
		}
		after := append([]byte(nil), before...)
		for len(ops) >= 5 {
			op, off, arg, n := ops[0], int(binary.BigEndian.Uint16(ops[1:]))%Size, int(ops[3]), int(ops[4])
			ops = ops[5:]
			switch op % 4 {
			case 0: // a run of literal bytes taken from ops
				k := copy(after[off:min(Size, off+n)], ops)
				ops = ops[k:]
			case 1: // a range of before moved here
				src := (off*31 + arg*8) % Size
				copy(after[off:], before[src:min(Size, src+n*4)])
			case 2: // a run of one value
				for i := off; i < min(Size, off+n); i++ {
					after[i] = byte(arg)
				}
			case 3: // a range of after duplicated, or a header field
				src := (off + arg*4) % Size
				copy(after[off:], after[src:min(Size, src+n)])
				after[10+arg%14] ^= byte(n)
			}
		}
		delta := AppendDelta(nil, before, after)
		if lit := literalDelta(before, after); len(delta) > len(lit) {
			t.Fatalf("delta of %d bytes, literals %d", len(delta), len(lit))
		}
		got := append([]byte(nil), before...)
		if err := ApplyDelta(got, delta); err != nil {
			t.Fatalf("ApplyDelta: %v", err)
		}
		if !PagesEqual(got, after) || !bytes.Equal(got[:10], before[:10]) {
			t.Fatalf("round trip differs at byte %d", nextDiff(got, after, 0))
		}
	})
}
