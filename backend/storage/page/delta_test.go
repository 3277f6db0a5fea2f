package page

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"testing"
)

// frag is one fragment of a delta, for stating expected encodings.
type frag struct{ off, n int }

// fragments decodes a delta's fragment list, failing the test on a
// malformed one.
func fragments(t testing.TB, delta []byte) []frag {
	t.Helper()
	var out []frag
	for at := 0; at < len(delta); {
		if len(delta)-at < DeltaFragmentHeader {
			t.Fatalf("truncated fragment header at %d", at)
		}
		f := frag{int(binary.LittleEndian.Uint16(delta[at:])), int(binary.LittleEndian.Uint16(delta[at+2:]))}
		at += DeltaFragmentHeader + f.n
		if at > len(delta) {
			t.Fatalf("fragment %v truncated", f)
		}
		out = append(out, f)
	}
	return out
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
// gives after outside bytes 0..9, leaves bytes 0..9 of before alone, and is
// no longer than the bytes it carries plus a header per fragment.
func checkDelta(t *testing.T, before, after []byte) []frag {
	t.Helper()
	delta := AppendDelta(nil, before, after)
	frags := fragments(t, delta)
	carried := 0
	prevEnd := 0
	for _, f := range frags {
		if f.off < 10 || f.n == 0 || f.off+f.n > Size || f.off < prevEnd {
			t.Fatalf("bad fragment %v (previous ended at %d)", f, prevEnd)
		}
		if f.off > 10 && f.off-prevEnd < DeltaFragmentHeader && prevEnd != 0 {
			t.Fatalf("fragment %v follows the previous one after a gap of %d: should have been merged", f, f.off-prevEnd)
		}
		prevEnd = f.off + f.n
		carried += f.n
	}
	if len(delta) > Size+DeltaFragmentHeader*len(frags) || len(delta) != carried+DeltaFragmentHeader*len(frags) {
		t.Fatalf("delta of %d bytes for %d fragments carrying %d", len(delta), len(frags), carried)
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
	}{
		{"no change", func([]byte) {}, nil},
		{"one byte", set(100), []frag{{100, 1}}},
		{"lsn and checksum ignored", set(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), nil},
		{"lsn ignored, flags kept", set(0, 9, 10), []frag{{10, 1}}},
		{"byte 10", set(10), []frag{{10, 1}}},
		{"bytes 11 and 16", set(11, 16), []frag{{11, 1}, {16, 1}}},
		{"last byte", set(Size - 1), []frag{{Size - 1, 1}}},
		{"last word", set(Size-8, Size-7, Size-6, Size-5, Size-4, Size-3, Size-2, Size-1), []frag{{Size - 8, 8}}},
		{"gap of 3 merged", set(200, 204), []frag{{200, 5}}},
		{"gap of 4 not merged", set(200, 205), []frag{{200, 1}, {205, 1}}},
		{"across a word boundary", set(30, 31, 32, 33), []frag{{30, 4}}},
		{"full page", func(p []byte) {
			for i := range p {
				p[i] ^= 0xff
			}
		}, []frag{{10, Size - 10}}},
		{"every 16th byte", func(p []byte) {
			for i := 16; i < Size; i += 16 {
				p[i]++
			}
		}, func() (f []frag) {
			for i := 16; i < Size; i += 16 {
				f = append(f, frag{i, 1})
			}
			return f
		}()},
		{"every 3rd byte: one fragment", func(p []byte) {
			for i := 12; i < Size; i += 3 {
				p[i]++
			}
		}, []frag{{12, (Size-1)/3*3 - 12 + 1}}},
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

// TestDeltaRandom is the property test: random pages, random mutations of
// random shapes (single bytes, runs, words, header fields), every delta
// round-trips and stays within its bound.
func TestDeltaRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 2000
	if testing.Short() {
		n = 200
	}
	for iter := range n {
		before := make([]byte, Size)
		switch iter % 3 {
		case 0: // zero page
		case 1:
			for i := range before {
				before[i] = byte(rng.IntN(256))
			}
		case 2:
			copy(before, heapPage(t))
		}
		after := append([]byte(nil), before...)
		for range rng.IntN(40) {
			off := rng.IntN(Size)
			switch rng.IntN(4) {
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
			}
		}
		checkDelta(t, before, after)
	}
}

func TestApplyDeltaMalformed(t *testing.T) {
	frag := func(off, n int, data int) []byte {
		d := binary.LittleEndian.AppendUint16(nil, uint16(off))
		d = binary.LittleEndian.AppendUint16(d, uint16(n))
		return append(d, make([]byte, data)...)
	}
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := make([]byte, Size)
			wantCode(t, ApplyDelta(p, tt.delta), codeDataCorrupted)
		})
	}
	if err := ApplyDelta(make([]byte, 10), nil); err == nil {
		t.Fatal("ApplyDelta on 10 bytes: no error")
	}
	if err := ApplyDelta(make([]byte, Size), nil); err != nil {
		t.Fatalf("empty delta: %v", err)
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
	var buf []byte
	for b.Loop() {
		buf = AppendDelta(buf[:0], before, after)
	}
	b.ReportMetric(float64(len(buf)), "delta-bytes")
	b.ReportMetric(float64(len(fragments(b, buf))), "fragments")
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
