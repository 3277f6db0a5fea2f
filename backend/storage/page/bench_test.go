package page

import (
	"os"
	"testing"
)

// Reproduce: go test ./backend/storage/page -run '^$' -bench . -benchmem

func benchPage(b *testing.B) Page {
	raw, err := os.ReadFile("testdata/heap_mixed.page")
	if err != nil {
		b.Fatal(err)
	}
	return Page(raw)
}

func BenchmarkChecksum(b *testing.B) {
	p := benchPage(b)
	b.SetBytes(Size)
	for i := 0; b.Loop(); i++ {
		p.Checksum(uint32(i))
	}
}

func BenchmarkVerify(b *testing.B) {
	p := benchPage(b)
	b.SetBytes(Size)
	for b.Loop() {
		if err := p.Verify(0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddItem appends 100-byte tuples heap style, starting a new page
// when one is full; the figure is per tuple.
func BenchmarkAddItem(b *testing.B) {
	p := Page(make([]byte, Size))
	p.Init(0)
	item := make([]byte, 100)
	for b.Loop() {
		if _, err := p.AddItem(item, InvalidOffset); err != nil {
			p.Init(0)
		}
	}
}

// BenchmarkAddItemIndex inserts 16-byte index tuples at a middle offset,
// B-tree style, which shifts half the line pointer array each time.
func BenchmarkAddItemIndex(b *testing.B) {
	p := Page(make([]byte, Size))
	p.Init(16)
	item := make([]byte, 16)
	for b.Loop() {
		if _, err := p.AddItem(item, p.MaxOffset()/2+1); err != nil {
			p.Init(16)
		}
	}
}

// BenchmarkRepair prunes every third tuple of a full heap page and
// compacts it.
func BenchmarkRepair(b *testing.B) {
	full := Page(make([]byte, Size))
	full.Init(0)
	for i := 0; ; i++ {
		if _, err := full.AddItem(make([]byte, 40+i%50), InvalidOffset); err != nil {
			break
		}
	}
	p := Page(make([]byte, Size))
	for b.Loop() {
		copy(p, full)
		for o := FirstOffset; o <= p.MaxOffset(); o += 3 {
			p.SetUnused(o)
		}
		p.Repair()
	}
}

func BenchmarkCheck(b *testing.B) {
	p := benchPage(b)
	for b.Loop() {
		if err := p.Check(); err != nil {
			b.Fatal(err)
		}
	}
}
