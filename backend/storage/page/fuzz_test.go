package page

import (
	"bytes"
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
// never panic; a delta it accepts must be reproduced by AppendDelta: the
// delta of the page before and after, applied again, gives the same page.
func FuzzApplyDelta(f *testing.F) {
	before := make([]byte, Size)
	if raw, err := os.ReadFile("testdata/heap_mixed.page"); err == nil && len(raw) == Size {
		copy(before, raw)
	}
	after := append([]byte(nil), before...)
	if _, err := Page(after).AddItem([]byte("a new tuple"), InvalidOffset); err == nil {
		f.Add(AppendDelta(nil, before, after))
	}
	f.Add([]byte{})
	f.Add([]byte{10, 0, 1, 0, 0xff})
	f.Add([]byte{0xff, 0x1f, 1, 0, 7, 12, 0, 2, 0, 1, 2})
	f.Add([]byte{0, 0, 4, 0, 1, 2, 3, 4})
	f.Add([]byte{0xfe, 0xff, 0xff, 0xff})

	f.Fuzz(func(t *testing.T, delta []byte) {
		p := append([]byte(nil), before...)
		if err := ApplyDelta(p, delta); err != nil {
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
