package page

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// frag is one fragment of a delta, for stating expected encodings: its
// kind (fragLiteral, fragFill, fragCopy), the bytes it sets and, for a
// copy, its source.
type frag struct{ kind, off, n, src int }

func lit(off, n int) frag      { return frag{fragLiteral, off, n, 0} }
func fill(off, n int) frag     { return frag{fragFill, off, n, 0} }
func cp(off, n, src int) frag  { return frag{fragCopy, off, n, src} }
func (f frag) end() int        { return f.off + f.n }
func (f frag) isLiteral() bool { return f.kind == fragLiteral }

// fragments decodes a delta's fragment list, failing the test on a
// malformed one.
func fragments(t testing.TB, delta []byte) []frag {
	t.Helper()
	var out []frag
	for at := 0; at < len(delta); {
		f, next, err := decodeFragment(delta, at)
		if err != nil {
			t.Fatalf("fragment at byte %d: %v", at, err)
		}
		out = append(out, frag{f.kind, f.off, f.n, f.src})
		at = next
	}
	return out
}

// literalDelta is the delta of before and after made of literal fragments
// only, as AppendDelta wrote it before copies and fills: the bound every
// delta must stay within.
func literalDelta(before, after []byte) []byte {
	var d []byte
	for i := deltaStart; ; {
		i = nextDiff(before, after, i)
		if i >= Size {
			return d
		}
		end := runEnd(before, after, i)
		d = appendLiteral(d, after, i, end)
		i = end
	}
}

// heapPage returns a fresh copy of testdata/heap_mixed.page, a real heap
// page written by PostgreSQL.
func heapPage(t testing.TB) Page {
	t.Helper()
	raw, err := os.ReadFile("testdata/heap_mixed.page")
	if err != nil || len(raw) != Size {
		t.Fatalf("heap_mixed.page: %d bytes, %v", len(raw), err)
	}
	return Page(raw)
}

// checkDelta checks the round trip: the delta applied to a copy of before
// gives after outside bytes 0..9, leaves bytes 0..9 of before alone, sets
// each byte at most once in ascending order, copies only from before's
// line pointers or items, and is no longer than the literal-only delta.
func checkDelta(t *testing.T, before, after []byte) []frag {
	t.Helper()
	delta := AppendDelta(nil, before, after)
	frags := fragments(t, delta)
	areas := areasOf(before)
	var prev frag
	for i, f := range frags {
		if f.off < deltaStart || f.n == 0 || f.end() > Size || (i > 0 && f.off < prev.end()) {
			t.Fatalf("bad fragment %v (previous %v)", f, prev)
		}
		if i > 0 && f.isLiteral() && prev.isLiteral() && f.off-prev.end() < DeltaFragmentHeader {
			t.Fatalf("literal %v follows literal %v after a gap of %d: should have been merged", f, prev, f.off-prev.end())
		}
		if lo, hi := areas.area(f.src); f.kind == fragCopy && (f.src < lo || f.src+f.n > hi) {
			t.Fatalf("copy %v reads outside before's line pointers and items %+v", f, areas)
		}
		prev = f
	}
	if lit := literalDelta(before, after); len(delta) > len(lit) {
		t.Fatalf("delta of %d bytes, longer than the %d of literals", len(delta), len(lit))
	}
	got := append([]byte(nil), before...)
	if err := ApplyDelta(got, delta); err != nil {
		t.Fatalf("ApplyDelta: %v", err)
	}
	if !PagesEqual(got, after) {
		t.Fatalf("ApplyDelta(before, delta) differs from after at byte %d", nextDiff(got, after, 10))
	}
	if !bytes.Equal(got[:10], before[:10]) {
		t.Fatalf("ApplyDelta changed bytes 0..9")
	}
	if PagesEqual(before, after) != (len(delta) == 0) {
		t.Fatalf("PagesEqual = %v with a delta of %d bytes", PagesEqual(before, after), len(delta))
	}
	if again := AppendDelta(nil, before, after); !bytes.Equal(again, delta) {
		t.Fatalf("AppendDelta is not deterministic")
	}
	return frags
}

func TestAppendDelta(t *testing.T) {
	set := func(offs ...int) func(p []byte) {
		return func(p []byte) {
			for _, o := range offs {
				p[o] ^= 0x5a
			}
		}
	}
	tests := []struct {
		name   string
		change func(p []byte)
		want   []frag
		zero   bool // want holds for the zero page only
	}{
		{"no change", func([]byte) {}, nil, false},
		{"one byte", set(100), []frag{lit(100, 1)}, false},
		{"lsn and checksum ignored", set(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), nil, false},
		{"lsn ignored, flags kept", set(0, 9, 10), []frag{lit(10, 1)}, false},
		{"byte 10", set(10), []frag{lit(10, 1)}, false},
		{"bytes 11 and 16", set(11, 16), []frag{lit(11, 1), lit(16, 1)}, false},
		{"last byte", set(Size - 1), []frag{lit(Size-1, 1)}, false},
		{"last word", set(Size-8, Size-7, Size-6, Size-5, Size-4, Size-3, Size-2, Size-1), []frag{lit(Size-8, 8)}, false},
		{"gap of 3 merged", set(200, 204), []frag{lit(200, 5)}, false},
		{"gap of 4 not merged", set(200, 205), []frag{lit(200, 1), lit(205, 1)}, false},
		{"across a word boundary", set(30, 31, 32, 33), []frag{lit(30, 4)}, false},
		{"full page", func(p []byte) {
			for i := range p {
				p[i] ^= 0xff
			}
		}, []frag{fill(10, Size-10)}, true},
		{"every 16th byte", func(p []byte) {
			for i := 16; i < Size; i += 16 {
				p[i]++
			}
		}, func() (f []frag) {
			for i := 16; i < Size; i += 16 {
				f = append(f, lit(i, 1))
			}
			return f
		}(), false},
		{"every 3rd byte: one fragment", func(p []byte) {
			for i := 12; i < Size; i += 3 {
				p[i]++
			}
		}, []frag{lit(12, (Size-1)/3*3-12+1)}, true},
		{"a run of one value", func(p []byte) {
			for i := 1000; i < 1100; i++ {
				p[i] = 0xee
			}
		}, []frag{fill(1000, 100)}, false},
		{"a short run of one value", func(p []byte) {
			for i := 1000; i < 1010; i++ {
				p[i] = 0xee
			}
		}, []frag{lit(1000, 10)}, false},
	}
	for _, base := range []struct {
		name string
		page func() []byte
	}{
		{"zero", func() []byte { return make([]byte, Size) }},
		{"heap", func() []byte { return heapPage(t) }},
	} {
		for _, tt := range tests {
			t.Run(base.name+"/"+tt.name, func(t *testing.T) {
				before := base.page()
				after := append([]byte(nil), before...)
				tt.change(after)
				got := checkDelta(t, before, after)
				if tt.zero && base.name != "zero" {
					return
				}
				if len(got) != len(tt.want) {
					t.Fatalf("%d fragments %v, want %d %v", len(got), head(got), len(tt.want), head(tt.want))
				}
				for i := range got {
					if got[i] != tt.want[i] {
						t.Fatalf("fragment %d = %v, want %v", i, got[i], tt.want[i])
					}
				}
			})
		}
	}
}

func head(f []frag) []frag { return f[:min(len(f), 8)] }

// TestAppendDeltaOneTuple: a tuple added to a heap page is a handful of
// fragments (pd_lower/pd_upper, the line pointer, the tuple).
func TestAppendDeltaOneTuple(t *testing.T) {
	before := heapPage(t)
	after := append(Page(nil), before...)
	if _, err := after.AddItem(bytes.Repeat([]byte("tuple"), 20), InvalidOffset); err != nil {
		t.Fatal(err)
	}
	frags := checkDelta(t, before, after)
	if len(frags) < 2 || len(frags) > 4 {
		t.Fatalf("one tuple added: %d fragments %v, want 2 to 4", len(frags), frags)
	}
}

// tuple returns a heap-tuple-like item of n bytes: a 24-byte header with
// xmin, xmax and ctid, then column bytes drawn from rng.
func tuple(rng *rand.Rand, n int, xmin uint32) []byte {
	t := make([]byte, n)
	binary.LittleEndian.PutUint32(t[0:], xmin)
	t[22] = 24
	for i := 24; i < n; i++ {
		t[i] = byte(rng.IntN(256))
	}
	return t
}

// filledHeapPage returns a heap page of tuples of 40 to 200 bytes, added
// until it is full.
func filledHeapPage(t testing.TB, rng *rand.Rand) Page {
	return heapPageOf(rng, 40, 200)
}

// heapPageOf returns a heap page of tuples of lo to hi bytes, added until
// it is full.
func heapPageOf(rng *rand.Rand, lo, hi int) Page {
	p := Page(make([]byte, Size))
	p.Init(0)
	for xid := uint32(1000); ; xid++ {
		if _, err := p.AddItem(tuple(rng, lo+rng.IntN(hi-lo), xid), InvalidOffset); err != nil {
			return p
		}
	}
}

// pruned returns a copy of p with every third item dead, every fifth
// unused and the rest compacted, as heap pruning leaves a page.
func pruned(p Page) Page {
	q := append(Page(nil), p...)
	for o := FirstOffset; o <= q.MaxOffset(); o++ {
		switch {
		case o%3 == 0:
			q.SetDead(o)
		case o%5 == 0:
			q.SetUnused(o)
		}
	}
	q.Repair()
	return q
}

// TestDeltaCompaction: pruning moves most items of the page; the delta
// copies them (a few copies per run of items that moved together) and
// carries the line pointers, instead of every moved byte.
func TestDeltaCompaction(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 30 {
		// Small tuples make more changed stretches than AppendDelta
		// collects at once.
		before := filledHeapPage(t, rng)
		if i%3 == 0 {
			before = heapPageOf(rng, 25, 40)
		}
		after := pruned(before)
		frags := checkDelta(t, before, after)
		d, l := AppendDelta(nil, before, after), literalDelta(before, after)
		copied := 0
		for _, f := range frags {
			if f.kind == fragCopy {
				copied += f.n
			}
		}
		if copied < (Size-after.Upper())/2 || len(d) > len(l)/3 {
			t.Fatalf("page %d: delta of %d bytes (literals %d), %d bytes copied of %d in items", i, len(d), len(l), copied, Size-after.Upper())
		}
	}
	// The real page, pruned.
	before := heapPage(t)
	checkDelta(t, before, pruned(before))
}

// hotUpdate returns a copy of p where item off has a new version on the
// same page: the old version gets an xmax and a ctid pointing at the new
// one, which is a copy with another xmin and one column changed.
func hotUpdate(t testing.TB, p Page, off OffsetNumber, xid uint32) Page {
	q := append(Page(nil), p...)
	old := q.Item(off)
	item := append([]byte(nil), old...)
	binary.LittleEndian.PutUint32(item[0:], xid)
	binary.LittleEndian.PutUint32(item[4:], 0)
	binary.LittleEndian.PutUint32(item[len(item)/2:], xid*7) // a column
	newOff, err := q.AddItem(item, InvalidOffset)
	if err != nil {
		t.Fatalf("hot update: %v", err)
	}
	old = q.Item(off)
	binary.LittleEndian.PutUint32(old[4:], xid)
	binary.LittleEndian.PutUint16(old[16:], uint16(newOff))
	old[20] |= 0x20
	return q
}

// TestDeltaHOTUpdate: the new version of a row is mostly a copy of the old
// one on the same page; the delta carries the bytes that differ.
func TestDeltaHOTUpdate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p := Page(make([]byte, Size))
	p.Init(0)
	for xid := uint32(100); xid < 130; xid++ {
		if _, err := p.AddItem(tuple(rng, 121, xid), InvalidOffset); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 10 {
		off := OffsetNumber(1 + rng.IntN(int(p.MaxOffset())))
		q := hotUpdate(t, p, off, uint32(200+i))
		checkDelta(t, p, q)
		d, l := AppendDelta(nil, p, q), literalDelta(p, q)
		if len(d) > 70 || len(d) > len(l)/2 {
			t.Fatalf("update of item %d: delta of %d bytes, literals %d: %v", off, len(d), len(l), fragments(t, d))
		}
		p = q
	}
}

// TestDeltaIndexInsert: an item inserted in the middle of an index page
// shifts the line pointers after it, a copy.
func TestDeltaIndexInsert(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	p := Page(make([]byte, Size))
	p.Init(16)
	for i := range 300 {
		item := make([]byte, 16)
		binary.LittleEndian.PutUint32(item[8:], uint32(i))
		if _, err := p.AddItem(item, InvalidOffset); err != nil {
			t.Fatal(err)
		}
	}
	for range 20 {
		q := append(Page(nil), p...)
		item := make([]byte, 16)
		binary.LittleEndian.PutUint32(item[8:], rng.Uint32())
		off := OffsetNumber(1 + rng.IntN(int(p.MaxOffset())))
		if _, err := q.AddItem(item, off); err != nil {
			t.Fatal(err)
		}
		checkDelta(t, p, q)
		if d := AppendDelta(nil, p, q); len(d) > 60 {
			t.Fatalf("insert at %d of %d: delta of %d bytes: %v", off, p.MaxOffset(), len(d), fragments(t, d))
		}
		// And the delete that takes it out again.
		r := append(Page(nil), q...)
		r.DeleteItem(off)
		checkDelta(t, q, r)
		p = q
	}
}

// TestDeltaRandom is the property test: random pages, random mutations of
// random shapes (single bytes, runs, words, header fields, ranges moved or
// duplicated within the page, runs of one value), every delta round-trips
// and stays within its bound.
func TestDeltaRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for iter := range n {
		before := make([]byte, Size)
		switch iter % 4 {
		case 0: // zero page
		case 1:
			for i := range before {
				before[i] = byte(rng.IntN(256))
			}
		case 2:
			copy(before, heapPage(t))
		case 3:
			copy(before, filledHeapPage(t, rng))
		}
		after := append([]byte(nil), before...)
		mutate(rng, before, after, rng.IntN(40))
		checkDelta(t, before, after)
	}
}

// mutate applies k random changes to after; moves and duplicates read
// before or after.
func mutate(rng *rand.Rand, before, after []byte, k int) {
	for range k {
		off := rng.IntN(Size)
		switch rng.IntN(7) {
		case 0:
			after[off] = byte(rng.IntN(256))
		case 1: // a run
			for i := off; i < min(Size, off+rng.IntN(300)); i++ {
				after[i] = byte(rng.IntN(256))
			}
		case 2: // a run of zeroes or of one value (partly equal to before)
			v := byte(rng.IntN(2))
			for i := off; i < min(Size, off+rng.IntN(64)); i++ {
				after[i] = v
			}
		case 3: // near the header
			after[rng.IntN(24)] = byte(rng.IntN(256))
		case 4: // a range of before moved, at any alignment
			src := rng.IntN(Size)
			copy(after[off:], before[src:min(Size, src+rng.IntN(1000))])
		case 5: // an 8-aligned range moved, as items are
			off &^= 7
			src := rng.IntN(Size) &^ 7
			copy(after[off:], before[src:min(Size, src+8*rng.IntN(100))])
		case 6: // a range of the new page duplicated, then a byte changed
			src := rng.IntN(Size)
			n := copy(after[off:], after[src:min(Size, src+rng.IntN(200))])
			if n > 0 {
				after[off+rng.IntN(n)]++
			}
		}
	}
}

// TestApplyDeltaReadsBefore: copy fragments read the page as it was
// before the delta, even where an earlier fragment of the same delta has
// written, and a copy may overlap its own source.
func TestApplyDeltaReadsBefore(t *testing.T) {
	before := make([]byte, Size)
	for i := range before {
		before[i] = byte(i * 7)
	}
	var d []byte
	d = appendLiteral(d, make([]byte, Size), 100, 150) // zeroes over 100..149
	d = appendCopy(d, 200, 100, 100)                   // 200..299 = before 100..199
	d = appendCopy(d, 300, 50, 296)                    // overlaps its source
	d = appendFill(d, 400, 20, 0xab)
	d = appendCopy(d, 1000, 64, 250) // reads bytes the first copy wrote
	got := append([]byte(nil), before...)
	if err := ApplyDelta(got, d); err != nil {
		t.Fatal(err)
	}
	want := append([]byte(nil), before...)
	clear(want[100:150])
	copy(want[200:300], before[100:200])
	copy(want[300:350], before[296:346])
	copy(want[400:420], bytes.Repeat([]byte{0xab}, 20))
	copy(want[1000:1064], before[250:314])
	if !bytes.Equal(got, want) {
		t.Fatalf("differs at byte %d", nextDiff(got, want, 0))
	}
}

func TestApplyDeltaMalformed(t *testing.T) {
	frag := func(off, n int, data int) []byte {
		d := binary.LittleEndian.AppendUint16(nil, uint16(off))
		d = binary.LittleEndian.AppendUint16(d, uint16(n))
		return append(d, make([]byte, data)...)
	}
	copyFrag := func(off, n, src int) []byte { return appendCopy(nil, off, n, src) }
	tests := []struct {
		name  string
		delta []byte
	}{
		{"truncated header", []byte{10, 0, 1}},
		{"truncated data", frag(100, 10, 9)},
		{"empty fragment", frag(100, 0, 0)},
		{"touches the lsn", frag(0, 4, 4)},
		{"touches the checksum", frag(9, 2, 2)},
		{"ends past the page", frag(Size-4, 5, 5)},
		{"offset past the page", frag(Size, 1, 1)},
		{"offset 0xffff", frag(0xffff, 0xffff, 16)},
		{"good then bad", append(frag(100, 2, 2), 1)},
		{"kind 0x2000", frag(0x2000|100, 1, 1)},
		{"kind 0xc000", frag(0xc000|100, 1, 1)},
		{"kind 0xe000", frag(0xe000|100, 1, 1)},
		{"empty copy", copyFrag(100, 0, 200)},
		{"copy to the lsn", copyFrag(2, 4, 200)},
		{"copy past the page", copyFrag(Size-4, 8, 200)},
		{"copy from the lsn", copyFrag(100, 8, 4)},
		{"copy from the checksum", copyFrag(100, 8, 9)},
		{"copy from past the page", copyFrag(100, 8, Size-4)},
		{"copy from 0xffff", copyFrag(100, 8, 0xffff)},
		{"truncated copy", copyFrag(100, 8, 200)[:5]},
		{"empty fill", appendFill(nil, 100, 0, 1)},
		{"fill past the page", appendFill(nil, 100, Size, 1)},
		{"truncated fill", appendFill(nil, 100, 4, 1)[:4]},
		{"good copy then bad", append(copyFrag(100, 8, 200), 0xff, 0xff, 1, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := heapPage(t)
			orig := append([]byte(nil), p...)
			wantCode(t, ApplyDelta(p, tt.delta), codeDataCorrupted)
			if !bytes.Equal(p, orig) {
				t.Fatal("a rejected delta changed the page")
			}
		})
	}
	if err := ApplyDelta(make([]byte, 10), nil); err == nil {
		t.Fatal("ApplyDelta on 10 bytes: no error")
	}
	if err := ApplyDelta(make([]byte, Size), nil); err != nil {
		t.Fatalf("empty delta: %v", err)
	}
}

// TestApplyDeltaLiteralFormat: a delta of literal fragments, the format
// of WAL written before copies and fills existed, applies as it did.
func TestApplyDeltaLiteralFormat(t *testing.T) {
	d := []byte{
		10, 0, 2, 0, 0xaa, 0xbb, // 10..11
		0x00, 0x1f, 3, 0, 1, 2, 3, // 7936..7938
		0xfd, 0x1f, 3, 0, 4, 5, 6, // 8189..8191
	}
	p := make([]byte, Size)
	if err := ApplyDelta(p, d); err != nil {
		t.Fatal(err)
	}
	want := make([]byte, Size)
	copy(want[10:], []byte{0xaa, 0xbb})
	copy(want[7936:], []byte{1, 2, 3})
	copy(want[8189:], []byte{4, 5, 6})
	if !bytes.Equal(p, want) {
		t.Fatalf("differs at byte %d", nextDiff(p, want, 0))
	}
}

func TestAppendDeltaNoAllocations(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	before := filledHeapPage(t, rng)
	pairs := [][2][]byte{
		{before, pruned(before)},
		{before, hotUpdate(t, before, 3, 77)},
	}
	buf := make([]byte, 0, 2*Size)
	for _, pr := range pairs {
		d := AppendDelta(nil, pr[0], pr[1])
		if n := testing.AllocsPerRun(50, func() { buf = AppendDelta(buf[:0], pr[0], pr[1]) }); n != 0 {
			t.Errorf("AppendDelta: %v allocations", n)
		}
		p := append([]byte(nil), pr[0]...)
		if n := testing.AllocsPerRun(50, func() { copy(p, pr[0]); _ = ApplyDelta(p, d) }); n != 0 {
			t.Errorf("ApplyDelta: %v allocations", n)
		}
	}
}

// Reproduce: go test ./backend/storage/page -run '^$' -bench Delta\|PagesEqual -benchmem

// BenchmarkAppendDeltaOneTuple is the delta of a heap page that gained one
// 100-byte tuple, into a reused buffer.
func BenchmarkAppendDeltaOneTuple(b *testing.B) {
	before := heapPage(b)
	after := append(Page(nil), before...)
	if _, err := after.AddItem(bytes.Repeat([]byte("tuple data "), 10)[:100], InvalidOffset); err != nil {
		b.Fatal(err)
	}
	benchDelta(b, before, after)
}

// BenchmarkAppendDeltaAppendTuple is a tuple added to a page with no free
// line pointer: nothing but the header, a new line pointer and the tuple
// changes, and the copy search is skipped.
func BenchmarkAppendDeltaAppendTuple(b *testing.B) {
	before := filledHeapPage(b, rand.New(rand.NewPCG(1, 1)))
	before.DeleteItem(before.MaxOffset())
	after := append(Page(nil), before...)
	if _, err := after.AddItem(bytes.Repeat([]byte("tuple data "), 10)[:100], InvalidOffset); err != nil {
		b.Fatal(err)
	}
	benchDelta(b, before, after)
}

// BenchmarkAppendDeltaHOTUpdate is a 121-byte row updated in place on a
// page of such rows (pgbench_accounts' size).
func BenchmarkAppendDeltaHOTUpdate(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	before := Page(make([]byte, Size))
	before.Init(0)
	for xid := uint32(100); xid < 150; xid++ {
		if _, err := before.AddItem(tuple(rng, 121, xid), InvalidOffset); err != nil {
			b.Fatal(err)
		}
	}
	benchDelta(b, before, hotUpdate(b, before, 20, 500))
}

// BenchmarkAppendDeltaPruned is a full heap page after pruning moved most
// of its items.
func BenchmarkAppendDeltaPruned(b *testing.B) {
	before := filledHeapPage(b, rand.New(rand.NewPCG(3, 3)))
	benchDelta(b, before, pruned(before))
}

// BenchmarkAppendDeltaIndexInsert is an item inserted in the middle of an
// index page of 300 16-byte items.
func BenchmarkAppendDeltaIndexInsert(b *testing.B) {
	before := Page(make([]byte, Size))
	before.Init(16)
	for i := range 300 {
		item := make([]byte, 16)
		binary.LittleEndian.PutUint32(item[8:], uint32(i))
		if _, err := before.AddItem(item, InvalidOffset); err != nil {
			b.Fatal(err)
		}
	}
	after := append(Page(nil), before...)
	if _, err := after.AddItem(make([]byte, 16), 150); err != nil {
		b.Fatal(err)
	}
	benchDelta(b, before, after)
}

// benchDelta times AppendDelta into a reused buffer and reports the
// delta's size against the literal-only one.
func benchDelta(b *testing.B, before, after []byte) {
	var buf []byte
	for b.Loop() {
		buf = AppendDelta(buf[:0], before, after)
	}
	b.ReportMetric(float64(len(buf)), "delta-bytes")
	b.ReportMetric(float64(len(literalDelta(before, after))), "literal-bytes")
	b.ReportMetric(float64(len(fragments(b, buf))), "fragments")
}

// BenchmarkApplyDelta applies the delta of a pruned page (copies, which
// read a snapshot of the page) and of a one-tuple insert (literals only).
func BenchmarkApplyDelta(b *testing.B) {
	pruneBefore := filledHeapPage(b, rand.New(rand.NewPCG(3, 3)))
	insertBefore := heapPage(b)
	insertAfter := append(Page(nil), insertBefore...)
	if _, err := insertAfter.AddItem(bytes.Repeat([]byte("tuple data "), 10)[:100], InvalidOffset); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name          string
		before, after []byte
	}{
		{"Pruned", pruneBefore, pruned(pruneBefore)},
		{"OneTuple", insertBefore, insertAfter},
	} {
		b.Run(c.name, func(b *testing.B) {
			d := AppendDelta(nil, c.before, c.after)
			p := append([]byte(nil), c.before...)
			for b.Loop() {
				if err := ApplyDelta(p, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPagesEqual compares two equal pages: the whole page is read,
// the cost of finding that an exclusive lock changed nothing.
func BenchmarkPagesEqual(b *testing.B) {
	a := heapPage(b)
	c := append(Page(nil), a...)
	b.SetBytes(Size)
	for b.Loop() {
		if !PagesEqual(a, c) {
			b.Fatal("not equal")
		}
	}
}

// BenchmarkAppendDeltaUnchanged is AppendDelta of two equal pages: its
// scan alone.
func BenchmarkAppendDeltaUnchanged(b *testing.B) {
	a := heapPage(b)
	c := append(Page(nil), a...)
	b.SetBytes(Size)
	var buf []byte
	for b.Loop() {
		buf = AppendDelta(buf[:0], a, c)
	}
}

// accountsPage returns a page filled as COPY fills a new page of
// pgbench_accounts: 121-byte rows (a heap tuple header, three int4 and a
// char(84) of blanks), and the all-zero page it started from.
func accountsPage(tb testing.TB) (before, after Page) {
	before = Page(make([]byte, Size))
	after = Page(make([]byte, Size))
	after.Init(0)
	for aid := uint32(1); ; aid++ {
		t := make([]byte, 121)
		binary.LittleEndian.PutUint32(t[0:], 1234)     // xmin
		binary.LittleEndian.PutUint16(t[18:], 4)       // natts
		binary.LittleEndian.PutUint16(t[20:], 0x0802)  // infomask
		t[22] = 24                                     // hoff
		binary.LittleEndian.PutUint32(t[24:], aid)     // aid
		binary.LittleEndian.PutUint32(t[28:], aid/100) // bid
		t[36] = 85<<1 | 1                              // short varlena header
		copy(t[37:], bytes.Repeat([]byte{' '}, 84))
		if _, err := after.AddItem(t, InvalidOffset); err != nil {
			return before, after
		}
	}
}

// TestDeltaFreshPage: a page filled from nothing (a relation extended by
// a bulk load) round-trips, and its blank padding goes into fills.
func TestDeltaFreshPage(t *testing.T) {
	before, after := accountsPage(t)
	frags := checkDelta(t, before, after)
	fills := 0
	for _, f := range frags {
		if f.kind == fragFill {
			fills++
		}
	}
	if fills < int(after.MaxOffset())-1 {
		t.Fatalf("%d fills for %d rows of blanks", fills, after.MaxOffset())
	}
	// Random rows on a fresh page, and a page of other layouts.
	rng := rand.New(rand.NewPCG(11, 12))
	checkDelta(t, before, heapPageOf(rng, 24, 300))
	junk := make([]byte, Size)
	for i := range junk {
		if rng.IntN(3) == 0 {
			junk[i] = byte(rng.IntN(4))
		}
	}
	checkDelta(t, before, junk)
}

// BenchmarkAppendDeltaFreshPage is the delta of a page COPY filled from
// nothing with pgbench_accounts rows: a bulk load logs one per page.
func BenchmarkAppendDeltaFreshPage(b *testing.B) {
	before, after := accountsPage(b)
	benchDelta(b, before, after)
}

// referenceRuns is the changed stretches of a pair of pages found a
// stretch at a time (nextDiff, runEnd): what runScanner must find.
func referenceRuns(before, after []byte) []deltaRun {
	var runs []deltaRun
	for i := deltaStart; ; {
		i = nextDiff(before, after, i)
		if i >= Size {
			return runs
		}
		end := runEnd(before, after, i)
		runs = append(runs, deltaRun{uint16(i), uint16(end)})
		i = end
	}
}

// TestRunScanner: the one-pass scanner finds the same stretches as the
// stretch-at-a-time reference, in batches of any size, on pages changed
// in a few places, in many, at both ends and next to pd_checksum.
func TestRunScanner(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	before := filledHeapPage(t, rng)
	fresh, accounts := accountsPage(t)
	pairs := [][2][]byte{
		{before, before},
		{before, pruned(before)},
		{fresh, accounts},
		{fresh, before},
	}
	for k := 0; k < 300; k++ {
		after := append([]byte(nil), before...)
		mutate(rng, before, after, 1+rng.IntN(200))
		pairs = append(pairs, [2][]byte{before, after})
	}
	for _, offs := range [][]int{{8}, {9}, {8, 9, 10}, {10}, {11, 15}, {Size - 1}, {Size - 5, Size - 1}, {Size - 4}, {15, 16}} {
		after := append([]byte(nil), before...)
		for _, o := range offs {
			after[o] ^= 0x5a
		}
		pairs = append(pairs, [2][]byte{before, after})
	}
	for i, pr := range pairs {
		want := referenceRuns(pr[0], pr[1])
		for _, batch := range []int{2, 3, 7, maxDeltaRuns} {
			sc := runScanner{a: pr[0], b: pr[1], j: deltaStart &^ 7}
			var got []deltaRun
			buf := make([]deltaRun, batch)
			for {
				n := sc.scan(buf)
				if n == 0 {
					break
				}
				got = append(got, buf[:n]...)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("pair %d, batches of %d: scanner found %d stretches %v..., reference %d %v...",
					i, batch, len(got), got[:min(len(got), 6)], len(want), want[:min(len(want), 6)])
			}
		}
		checkDelta(t, pr[0], pr[1])
	}
}

// The stretch-at-a-time scan AppendDelta used before runScanner, kept as
// the reference the scanner is checked against and as the literal-only
// encoding's.

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

// runEnd returns the end (exclusive) of the stretch that starts at i,
// where a and b differ: the last differing byte before the first stretch
// of DeltaFragmentHeader equal bytes (or the end of the page) plus one.
// It goes a word at a time: the bytes of a word that are equal become a
// bit mask, extended below by the equal bytes just before the word, in
// which the first DeltaFragmentHeader set bits in a row are the gap.
func runEnd(a, b []byte, i int) int {
	a, b = a[:Size], b[:Size]
	end := i + 1 // just after the last differing byte seen
	j := end
	for ; j+8 <= Size; j += 8 {
		eq := equalBytes(binary.LittleEndian.Uint64(a[j:]) ^ binary.LittleEndian.Uint64(b[j:]))
		carry := j - end // equal bytes just before j: fewer than a gap
		m := uint(eq)<<carry | (1<<carry - 1)
		if g := m & (m >> 1) & (m >> 2) & (m >> 3); g != 0 {
			return end + bits.TrailingZeros(g)
		}
		// No gap: the word has a differing byte, the last of which is
		// the stretch's end so far.
		end = j + 8 - bits.LeadingZeros8(^eq)
	}
	for ; j < Size && j-end < DeltaFragmentHeader; j++ {
		if a[j] != b[j] {
			end = j + 1
		}
	}
	return end
}
