package page

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"ringpg/pgerr"
)

// newPage returns an initialised page with the given special space and
// items added in order (heap style), failing the test if one does not fit.
func newPage(t testing.TB, special int, items ...string) Page {
	t.Helper()
	p := Page(make([]byte, Size))
	p.Init(special)
	for i, it := range items {
		off, err := p.AddItem([]byte(it), InvalidOffset)
		if err != nil || off != OffsetNumber(i+1) {
			t.Fatalf("AddItem(%q) = %d, %v", it, off, err)
		}
	}
	return p
}

// contents lists the page's line pointers as "flags:item" strings, so
// tests can state the whole visible state of a page in one line.
func contents(p Page) []string {
	var out []string
	for o := FirstOffset; o <= p.MaxOffset(); o++ {
		lpOff, lpLen, f := p.ItemID(o)
		switch f {
		case Unused:
			out = append(out, "U")
		case Redirect:
			out = append(out, fmt.Sprintf("R>%d", lpOff))
		case Dead:
			out = append(out, "D:"+string(p.Item(o)))
		default:
			out = append(out, string(p.Item(o)))
		}
		_ = lpLen
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != code {
		t.Fatalf("error %v, want SQLSTATE %s", err, code)
	}
}

// panicCode runs f and returns the SQLSTATE of the *pgerr.Error it panics
// with ("" if it does not panic).
func panicCode(t *testing.T, f func()) (code string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		pe, ok := r.(*pgerr.Error)
		if !ok {
			t.Fatalf("panic with %T %v, want *pgerr.Error", r, r)
		}
		code = pe.Code
	}()
	f()
	return ""
}

func mustCheck(t *testing.T, p Page) {
	t.Helper()
	if err := p.Check(); err != nil {
		t.Fatalf("Check: %v", err)
	}
}

func TestInit(t *testing.T) {
	for _, tc := range []struct {
		special, wantSpecial int
	}{{0, Size}, {1, Size - 8}, {8, Size - 8}, {16, Size - 16}, {17, Size - 24}} {
		p := Page(bytes.Repeat([]byte{0xAA}, Size))
		p.Init(tc.special)
		if p.Lower() != HeaderSize || p.Upper() != tc.wantSpecial || p.SpecialOffset() != tc.wantSpecial ||
			len(p.Special()) != Size-tc.wantSpecial || p.PageSizeVersion() != 0x2004 || p.IsNew() || !p.IsEmpty() {
			t.Errorf("Init(%d): lower %d upper %d special %d version %#x", tc.special, p.Lower(), p.Upper(), p.SpecialOffset(), p.PageSizeVersion())
		}
		if p.Flags() != 0 || p.LSN() != 0 || p.PruneXID() != 0 || p.MaxOffset() != 0 || !bytes.Equal(p[HeaderSize:], make([]byte, Size-HeaderSize)) {
			t.Errorf("Init(%d) left bytes behind", tc.special)
		}
		if p.FreeSpace() != tc.wantSpecial-HeaderSize-ItemIDSize || p.ExactFreeSpace() != tc.wantSpecial-HeaderSize {
			t.Errorf("Init(%d): free space %d / %d", tc.special, p.FreeSpace(), p.ExactFreeSpace())
		}
		mustCheck(t, p)
	}
	if !Page(make([]byte, Size)).IsNew() {
		t.Error("zero page is not new")
	}
}

func TestHeaderFields(t *testing.T) {
	p := newPage(t, 0)
	p.SetLSN(0x0000000A_0123ABCD)
	// pd_lsn is {xlogid, xrecoff}, each little-endian: not one uint64.
	if !bytes.Equal(p[0:8], []byte{0x0A, 0, 0, 0, 0xCD, 0xAB, 0x23, 0x01}) || p.LSN() != 0xA_0123ABCD {
		t.Errorf("LSN bytes % x", p[0:8])
	}
	p.SetFlags(FlagAllVisible | FlagPageFull)
	p.SetPruneXID(0xDEADBEEF)
	if p.Flags() != 6 || p[10] != 6 || p.PruneXID() != 0xDEADBEEF || p[20] != 0xEF {
		t.Error("flags or prune xid")
	}
	p.SetChecksum(7)
	if p.StoredChecksum() != p.Checksum(7) || p.Checksum(7) == 0 {
		t.Error("SetChecksum")
	}
	if err := p.Verify(7); err != nil {
		t.Error(err)
	}
}

func TestItemIDBits(t *testing.T) {
	// lp_off:15, lp_flags:2, lp_len:15 from the least significant bit.
	p := newPage(t, 0, "x")
	p.SetItemID(1, 0x1234, 0x5678&0x7fff, Dead)
	w := uint32(p[24]) | uint32(p[25])<<8 | uint32(p[26])<<16 | uint32(p[27])<<24
	if want := uint32(0x1234) | 3<<15 | uint32(0x5678)<<17; w != want {
		t.Fatalf("word %#x, want %#x", w, want)
	}
	if o, l, f := p.ItemID(1); o != 0x1234 || l != 0x5678 || f != Dead {
		t.Fatalf("ItemID = %d %d %d", o, l, f)
	}
	if o, l, f := p.ItemID(0); o|l|int(f) != 0 {
		t.Error("ItemID(0) not zero")
	}
	if o, l, f := p.ItemID(MaxItemsPerPage + 5); o|l|int(f) != 0 {
		t.Error("ItemID beyond the page not zero")
	}
	if code := panicCode(t, func() { p.SetItemID(1, 1<<15, 0, Normal) }); code != pgerr.InternalError {
		t.Error("SetItemID accepted a 16-bit offset")
	}
	p.SetRedirect(1, 9)
	if p.RedirectTarget(1) != 9 || p.Item(1) != nil {
		t.Error("redirect")
	}
}

func TestAddItem(t *testing.T) {
	big := string(bytes.Repeat([]byte{'b'}, 1000))
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T) Page
		item    string
		off     OffsetNumber
		wantOff OffsetNumber
		wantErr string // "nospace", or a SQLSTATE
		want    []string
	}{
		{name: "first item", setup: func(t *testing.T) Page { return newPage(t, 0) },
			item: "hello", wantOff: 1, want: []string{"hello"}},
		{name: "append", setup: func(t *testing.T) Page { return newPage(t, 0, "a", "b") },
			item: "c", wantOff: 3, want: []string{"a", "b", "c"}},
		{name: "explicit append at max+1", setup: func(t *testing.T) Page { return newPage(t, 0, "a", "b") },
			item: "c", off: 3, wantOff: 3, want: []string{"a", "b", "c"}},
		{name: "insert first shifts", setup: func(t *testing.T) Page { return newPage(t, 0, "a", "b") },
			item: "z", off: 1, wantOff: 1, want: []string{"z", "a", "b"}},
		{name: "insert middle shifts", setup: func(t *testing.T) Page { return newPage(t, 16, "a", "b", "c") },
			item: "z", off: 2, wantOff: 2, want: []string{"a", "z", "b", "c"}},
		{name: "offset too large", setup: func(t *testing.T) Page { return newPage(t, 0, "a") },
			item: "z", off: 3, wantErr: pgerr.InternalError, want: []string{"a"}},
		{name: "empty item", setup: func(t *testing.T) Page { return newPage(t, 0, "a") },
			item: "", wantErr: pgerr.InternalError, want: []string{"a"}},
		{name: "reuse unused with hint", setup: func(t *testing.T) Page {
			p := newPage(t, 0, "a", "b", "c")
			p.SetUnused(2)
			return p
		}, item: "z", wantOff: 2, want: []string{"a", "z", "c"}},
		{name: "unused without hint is not looked for", setup: func(t *testing.T) Page {
			p := newPage(t, 0, "a", "b")
			p.SetItemID(1, 0, 0, Unused)
			return p
		}, item: "z", wantOff: 3, want: []string{"U", "b", "z"}},
		{name: "stale hint appends", setup: func(t *testing.T) Page {
			p := newPage(t, 0, "a")
			p.SetFlags(FlagHasFreeLines)
			return p
		}, item: "z", wantOff: 2, want: []string{"a", "z"}},
		{name: "explicit offset over unused inserts", setup: func(t *testing.T) Page {
			p := newPage(t, 0, "a", "b")
			p.SetUnused(1)
			return p
		}, item: "z", off: 1, wantOff: 1, want: []string{"z", "U", "b"}},
		{name: "does not fit", setup: func(t *testing.T) Page {
			p := newPage(t, 0)
			for p.FreeSpace() >= 1000 {
				p.AddItem([]byte(big), InvalidOffset)
			}
			return p
		}, item: big, wantErr: "nospace"},
		{name: "special space leaves less room", setup: func(t *testing.T) Page {
			return newPage(t, Size-HeaderSize-8) // 8 bytes free: no room for 8 + 4
		}, item: "12345678", wantErr: "nospace"},
		{name: "corrupted header", setup: func(t *testing.T) Page {
			p := newPage(t, 0, "a")
			p.setU16(offLower, 9000)
			return p
		}, item: "z", wantErr: "XX001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.setup(t)
			before := append(Page(nil), p...)
			off, err := p.AddItem([]byte(tc.item), tc.off)
			switch {
			case tc.wantErr == "nospace":
				if !errors.Is(err, ErrNoSpace) || off != InvalidOffset {
					t.Fatalf("AddItem = %d, %v; want ErrNoSpace", off, err)
				}
			case tc.wantErr != "":
				wantCode(t, err, tc.wantErr)
			case err != nil || off != tc.wantOff:
				t.Fatalf("AddItem = %d, %v; want %d", off, err, tc.wantOff)
			}
			if tc.wantErr != "" {
				if !bytes.Equal(p, before) {
					t.Fatal("page changed by a failed AddItem")
				}
				return
			}
			mustCheck(t, p)
			if got := contents(p); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("contents %q, want %q", got, tc.want)
			}
			// The new item sits at the old pd_upper minus its aligned size,
			// padding zeroed.
			lpOff, lpLen, _ := p.ItemID(off)
			if lpOff != before.Upper()-MaxAlign(len(tc.item)) || lpOff != p.Upper() || lpLen != len(tc.item) {
				t.Errorf("item at %d len %d; old upper %d", lpOff, lpLen, before.Upper())
			}
			if !bytes.Equal(p[lpOff+lpLen:lpOff+MaxAlign(lpLen)], make([]byte, MaxAlign(lpLen)-lpLen)) {
				t.Error("padding not zeroed")
			}
		})
	}
}

// TestAddItemExactFit fills a page to the last byte: an item as large as
// FreeSpace (when that is aligned) fits, after which nothing does.
func TestAddItemExactFit(t *testing.T) {
	p := newPage(t, 0)
	for p.FreeSpace() > 200 {
		if _, err := p.AddItem(make([]byte, 100), InvalidOffset); err != nil {
			t.Fatal(err)
		}
	}
	n := p.FreeSpace() &^ 7
	if _, err := p.AddItem(bytes.Repeat([]byte{1}, n+1), InvalidOffset); !errors.Is(err, ErrNoSpace) && p.FreeSpace()-n < 8 {
		t.Fatalf("item of %d bytes with %d free: %v", n+1, p.FreeSpace(), err)
	}
	if _, err := p.AddItem(bytes.Repeat([]byte{1}, n), InvalidOffset); err != nil {
		t.Fatalf("item of %d bytes with %d free: %v", n, p.FreeSpace(), err)
	}
	mustCheck(t, p)
	if p.FreeSpace() >= 8 {
		t.Fatalf("%d bytes left", p.FreeSpace())
	}
	if _, err := p.AddItem([]byte{1}, InvalidOffset); !errors.Is(err, ErrNoSpace) {
		t.Fatalf("full page took an item: %v", err)
	}
}

func TestAddItemLimit(t *testing.T) {
	p := newPage(t, 0, "a", "b")
	_, err := p.AddItemLimit([]byte("c"), InvalidOffset, 2)
	wantCode(t, err, pgerr.InternalError)
	p.SetUnused(1)
	if off, err := p.AddItemLimit([]byte("c"), InvalidOffset, 2); off != 1 || err != nil {
		t.Fatalf("reuse under the limit: %d, %v", off, err)
	}
}

func TestOverwriteItem(t *testing.T) {
	p := newPage(t, 0, "aaaaaaaaaaaa", "bbbb", "cccc")
	upper := p.Upper()
	if err := p.OverwriteItem(1, []byte("XXXXXXXXXXXX")); err != nil {
		t.Fatal(err)
	}
	if err := p.OverwriteItem(2, []byte("yy")); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(contents(p)); got != "[XXXXXXXXXXXX yy cccc]" || p.Upper() != upper {
		t.Fatalf("contents %s, upper %d (was %d)", got, p.Upper(), upper)
	}
	mustCheck(t, p)
	wantCode(t, p.OverwriteItem(3, []byte("ccccc")), pgerr.InternalError) // longer
	wantCode(t, p.OverwriteItem(4, []byte("c")), pgerr.InternalError)     // no such item
	wantCode(t, p.OverwriteItem(3, nil), pgerr.InternalError)
	p.SetDead(3)
	wantCode(t, p.OverwriteItem(3, []byte("c")), pgerr.InternalError) // not Normal
	// The bytes given up by a shrink come back with Repair.
	p.Repair()
	if p.Upper() != Size-16-8 { // "XXXXXXXXXXXX" and "yy" remain
		t.Errorf("upper %d after Repair, want %d", p.Upper(), Size-24)
	}
	mustCheck(t, p)
}

func TestDeleteItem(t *testing.T) {
	for _, tc := range []struct {
		name  string
		items []string
		del   OffsetNumber
		want  []string
	}{
		{"middle", []string{"aaa", "bbbbbbbbbbb", "c"}, 2, []string{"aaa", "c"}},
		{"first", []string{"aaa", "bbbbbbbbbbb", "c"}, 1, []string{"bbbbbbbbbbb", "c"}},
		{"last", []string{"aaa", "bbbbbbbbbbb", "c"}, 3, []string{"aaa", "bbbbbbbbbbb"}},
		{"only", []string{"aaa"}, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPage(t, 24, tc.items...)
			free := p.ExactFreeSpace()
			_, lpLen, _ := p.ItemID(tc.del)
			p.DeleteItem(tc.del)
			mustCheck(t, p)
			if got := contents(p); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("contents %q, want %q", got, tc.want)
			}
			if p.ExactFreeSpace() != free+MaxAlign(lpLen)+ItemIDSize {
				t.Errorf("free space %d, want %d", p.ExactFreeSpace(), free+MaxAlign(lpLen)+ItemIDSize)
			}
			if len(tc.want) == 0 && (p.Upper() != p.SpecialOffset() || p.Lower() != HeaderSize) {
				t.Error("emptied page not reset")
			}
		})
	}
	// Index style: items inserted at offset 1 lie in ascending offset
	// order, the reverse of heap order.
	p := newPage(t, 0)
	for _, s := range []string{"c", "bb", "aaa"} {
		if _, err := p.AddItem([]byte(s), 1); err != nil {
			t.Fatal(err)
		}
	}
	p.DeleteItem(2)
	mustCheck(t, p)
	if got := fmt.Sprint(contents(p)); got != "[aaa c]" {
		t.Fatalf("contents %s", got)
	}
}

func TestDeleteItemErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(p Page)
		off   OffsetNumber
		code  string
	}{
		{"offset 0", nil, 0, pgerr.InternalError},
		{"beyond max", nil, 4, pgerr.InternalError},
		{"no storage", func(p Page) { p.SetDead(2) }, 2, codeDataCorrupted},
		{"item outside storage", func(p Page) { p.SetItemID(2, 100, 8, Normal) }, 2, codeDataCorrupted},
		{"item past special", func(p Page) { p.SetItemID(2, Size-8, 16, Normal) }, 2, codeDataCorrupted},
		{"misaligned item", func(p Page) { o, l, _ := p.ItemID(2); p.SetItemID(2, o+1, l-1, Normal) }, 2, codeDataCorrupted},
		{"broken header", func(p Page) { p.setU16(offUpper, 10) }, 1, codeDataCorrupted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPage(t, 0, "aaaa", "bbbbbbbbb", "c")
			if tc.setup != nil {
				tc.setup(p)
			}
			before := append(Page(nil), p...)
			if code := panicCode(t, func() { p.DeleteItem(tc.off) }); code != tc.code {
				t.Fatalf("panic code %q, want %q", code, tc.code)
			}
			if !bytes.Equal(p, before) {
				t.Fatal("page changed")
			}
		})
	}
}

func TestDeleteItems(t *testing.T) {
	items := []string{"a", "bb", "ccc", "dddddddddd", "e", "ffffffffffffffffff"}
	for _, tc := range []struct {
		name string
		del  []OffsetNumber
		want []string
	}{
		{"none", nil, items},
		{"one", []OffsetNumber{3}, []string{"a", "bb", "dddddddddd", "e", "ffffffffffffffffff"}},
		{"two", []OffsetNumber{1, 6}, []string{"bb", "ccc", "dddddddddd", "e"}},
		{"alternate", []OffsetNumber{1, 3, 5}, []string{"bb", "dddddddddd", "ffffffffffffffffff"}},
		{"all", []OffsetNumber{1, 2, 3, 4, 5, 6}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPage(t, 16, items...)
			p.DeleteItems(tc.del)
			mustCheck(t, p)
			if got := contents(p); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("contents %q, want %q", got, tc.want)
			}
			used := 0
			for _, s := range tc.want {
				used += MaxAlign(len(s))
			}
			if p.Upper() != p.SpecialOffset()-used {
				t.Errorf("upper %d, want compacted to %d", p.Upper(), p.SpecialOffset()-used)
			}
		})
	}
	for _, bad := range [][]OffsetNumber{{2, 1}, {1, 1}, {0}, {7}} {
		p := newPage(t, 0, items...)
		before := append(Page(nil), p...)
		if code := panicCode(t, func() { p.DeleteItems(bad) }); code != pgerr.InternalError || !bytes.Equal(p, before) {
			t.Errorf("DeleteItems(%v): panic %q, changed %v", bad, code, !bytes.Equal(p, before))
		}
	}
}

func TestRepair(t *testing.T) {
	for _, tc := range []struct {
		name     string
		index    bool // items inserted at offset 1 (not presorted)
		mutate   func(p Page)
		want     []string
		wantHint bool
	}{
		{name: "nothing to do", want: []string{"a1", "b22", "c333", "d4444", "e55555"}},
		{name: "unused and dead reclaimed", mutate: func(p Page) {
			p.SetUnused(2)
			p.SetDead(4)
		}, want: []string{"a1", "U", "c333", "D:", "e55555"}, wantHint: true},
		{name: "redirect kept", mutate: func(p Page) {
			p.SetRedirect(1, 3)
			p.SetUnused(2)
		}, want: []string{"R>3", "U", "c333", "d4444", "e55555"}, wantHint: true},
		{name: "dead with storage kept", mutate: func(p Page) {
			p.MarkDead(3)
			p.SetDead(1)
		}, want: []string{"D:", "b22", "D:c333", "d4444", "e55555"}},
		{name: "all gone", mutate: func(p Page) {
			for o := OffsetNumber(1); o <= 5; o++ {
				p.SetUnused(o)
			}
		}, want: []string{"U", "U", "U", "U", "U"}, wantHint: true},
		{name: "index order", index: true, mutate: func(p Page) { p.SetDead(2) },
			want: []string{"e55555", "D:", "c333", "b22", "a1"}},
		{name: "unused with garbage normalised", mutate: func(p Page) {
			p.SetItemID(2, 0, 5, Unused)
		}, want: []string{"a1", "U", "c333", "d4444", "e55555"}, wantHint: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPage(t, 8)
			for _, s := range []string{"a1", "b22", "c333", "d4444", "e55555"} {
				off := InvalidOffset
				if tc.index {
					off = 1
				}
				if _, err := p.AddItem([]byte(s), off); err != nil {
					t.Fatal(err)
				}
			}
			if tc.mutate != nil {
				tc.mutate(p)
			}
			p.Repair()
			mustCheck(t, p)
			if got := contents(p); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("contents %q, want %q", got, tc.want)
			}
			used := 0
			for o := FirstOffset; o <= p.MaxOffset(); o++ {
				used += MaxAlign(len(p.Item(o)))
			}
			if p.Upper() != p.SpecialOffset()-used {
				t.Errorf("upper %d, want %d", p.Upper(), p.SpecialOffset()-used)
			}
			if p.HasFreeLinePointers() != tc.wantHint {
				t.Errorf("free line pointer hint %v", p.HasFreeLinePointers())
			}
			if !bytes.Equal(p[p.Lower():p.Upper()], make([]byte, p.ExactFreeSpace())) {
				t.Error("free space not zeroed")
			}
		})
	}
	p := newPage(t, 0, "aaaa", "bbbb")
	p.SetItemID(2, 30, 8, Normal) // below pd_upper
	before := append(Page(nil), p...)
	if code := panicCode(t, p.Repair); code != codeDataCorrupted || !bytes.Equal(p, before) {
		t.Fatalf("Repair of a corrupted page: panic %q", code)
	}
}

func TestTruncateLinePointers(t *testing.T) {
	for _, tc := range []struct {
		unused   []OffsetNumber
		want     []string
		wantHint bool
	}{
		{nil, []string{"a", "b", "c", "d"}, false},
		{[]OffsetNumber{3, 4}, []string{"a", "b"}, false},
		{[]OffsetNumber{1, 3, 4}, []string{"U", "b"}, true},
		{[]OffsetNumber{1, 2, 3, 4}, []string{"U"}, true}, // the first stays
		{[]OffsetNumber{2}, []string{"a", "U", "c", "d"}, true},
	} {
		p := newPage(t, 0, "a", "b", "c", "d")
		for _, o := range tc.unused {
			p.SetUnused(o)
		}
		p.Repair()
		p.TruncateLinePointers()
		mustCheck(t, p)
		if got := contents(p); fmt.Sprint(got) != fmt.Sprint(tc.want) || p.HasFreeLinePointers() != tc.wantHint {
			t.Errorf("unused %v: contents %q hint %v, want %q %v", tc.unused, got, p.HasFreeLinePointers(), tc.want, tc.wantHint)
		}
	}
}

func TestItemBounds(t *testing.T) {
	p := newPage(t, 0, "abc")
	it := p.Item(1)
	if string(it) != "abc" || cap(it) != 3 {
		t.Fatalf("Item = %q cap %d", it, cap(it))
	}
	for _, o := range []OffsetNumber{0, 2, MaxItemsPerPage + 1, 0xffff} {
		if p.Item(o) != nil {
			t.Errorf("Item(%d) not nil", o)
		}
	}
	p.SetItemID(1, Size-2, 3, Normal)
	if p.Item(1) != nil {
		t.Error("item past the page end returned")
	}
	if p.Check() == nil {
		t.Error("Check accepted an item past the page end")
	}
}

func TestVerify(t *testing.T) {
	zero := Page(make([]byte, Size))
	if err := zero.Verify(3); err != nil {
		t.Errorf("all-zero page: %v", err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(p Page)
		prefix string // of the error message, "" when valid
	}{
		{"good", func(p Page) {}, ""},
		{"flipped data", func(p Page) { p[4000] ^= 1 }, "page verification failed, calculated checksum"},
		{"bad flags, checksum fixed", func(p Page) { p.SetFlags(0x10); p.SetChecksum(5) }, "page verification failed, corrupted page header"},
		{"upper below lower", func(p Page) { p.setU16(offUpper, 20); p.SetChecksum(5) }, "page verification failed, corrupted page header"},
		{"special unaligned", func(p Page) { p.setU16(offSpecial, 8190); p.SetChecksum(5) }, "page verification failed, corrupted page header"},
		{"new but not zero", func(p Page) { p.setU16(offUpper, 0) }, "page verification failed, page is not initialized"},
		{"zero checksum stored", func(p Page) { p.setU16(offChecksum, 0) }, "page verification failed, calculated checksum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPage(t, 0, "row one", "row two")
			p.SetChecksum(5)
			tc.mutate(p)
			err := p.Verify(5)
			if tc.prefix == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var pe *pgerr.Error
			if !errors.As(err, &pe) || pe.Code != "XX001" || len(pe.Message) < len(tc.prefix) || pe.Message[:len(tc.prefix)] != tc.prefix {
				t.Fatalf("Verify = %v, want XX001 %q...", err, tc.prefix)
			}
		})
	}
	p := newPage(t, 0, "x")
	p.SetChecksum(5)
	want := fmt.Sprintf("page verification failed, calculated checksum %d but expected %d", p.Checksum(6), p.Checksum(5))
	if err := p.Verify(6); err == nil || pgerr.From(err).Message != want {
		t.Errorf("wrong block: %v, want %q", err, want)
	}
	// Without checksums only the header counts.
	p.setU16(offChecksum, 0)
	if err := p.VerifyHeader(); err != nil {
		t.Error(err)
	}
}

func TestCheckFindsOverlap(t *testing.T) {
	p := newPage(t, 0, "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb")
	o1, _, _ := p.ItemID(1)
	p.SetItemID(2, o1-8, 16, Normal) // runs into item 1
	if err := p.Check(); err == nil {
		t.Fatal("overlap not found")
	}
	p = newPage(t, 0, "a", "b")
	p.SetRedirect(1, 7)
	if err := p.Check(); err == nil {
		t.Fatal("redirect to a missing line pointer accepted")
	}
	p = newPage(t, 0, "a", "b")
	p.SetRedirect(1, 2)
	p.SetUnused(2)
	if err := p.Check(); err == nil {
		t.Fatal("redirect to an unused line pointer accepted")
	}
	p = newPage(t, 0, "a")
	p.SetItemID(1, 0, 4, Unused)
	if err := p.Check(); err == nil {
		t.Fatal("unused pointer with storage accepted")
	}
}

// TestRandomOps applies random operations to a page and to a model of it
// (a list of line pointers with their bytes), and checks after each that
// the page passes Check and shows exactly the model.
func TestRandomOps(t *testing.T) {
	type lp struct {
		flags ItemFlags
		data  string
		to    OffsetNumber
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		p := newPage(t, []int{0, 8, 16, 40}[round%4])
		var model []lp
		for step := 0; step < 300; step++ {
			data := make([]byte, 1+rng.IntN(300))
			for i := range data {
				data[i] = byte(rng.Uint32())
			}
			switch op := rng.IntN(10); {
			case op < 4: // heap-style add
				off, err := p.AddItem(data, InvalidOffset)
				if errors.Is(err, ErrNoSpace) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if int(off) == len(model)+1 {
					model = append(model, lp{flags: Normal, data: string(data)})
				} else if model[off-1].flags != Unused {
					t.Fatalf("reused line pointer %d in state %d", off, model[off-1].flags)
				} else {
					model[off-1] = lp{flags: Normal, data: string(data)}
				}
			case op < 6: // index-style insert (only on pages without heap states)
				if hasHeapStates(p) {
					break
				}
				at := OffsetNumber(1 + rng.IntN(len(model)+1))
				if _, err := p.AddItem(data, at); errors.Is(err, ErrNoSpace) {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				model = append(model[:at-1], append([]lp{{flags: Normal, data: string(data)}}, model[at-1:]...)...)
			case op == 6 && len(model) > 0 && !hasHeapStates(p): // delete one
				at := OffsetNumber(1 + rng.IntN(len(model)))
				p.DeleteItem(at)
				model = append(model[:at-1], model[at:]...)
			case op == 7 && len(model) > 0 && !hasHeapStates(p): // delete several
				var offs []OffsetNumber
				var keep []lp
				for i, m := range model {
					if rng.IntN(3) == 0 {
						offs = append(offs, OffsetNumber(i+1))
					} else {
						keep = append(keep, m)
					}
				}
				p.DeleteItems(offs)
				model = keep
			case op == 8 && len(model) > 0: // heap pruning: change states, repair
				for i := range model {
					o := OffsetNumber(i + 1)
					switch rng.IntN(6) {
					case 0:
						p.SetUnused(o)
						model[i] = lp{flags: Unused}
					case 1:
						p.SetDead(o)
						model[i] = lp{flags: Dead}
					case 2:
						if model[i].flags == Normal {
							p.MarkDead(o)
							model[i].flags = Dead
						}
					case 3:
						to := OffsetNumber(1 + rng.IntN(len(model)))
						if to != o {
							p.SetRedirect(o, to)
							model[i] = lp{flags: Redirect, to: to}
						}
					}
				}
				// Heap rules: a redirect never points at an unused pointer.
				for i, m := range model {
					if m.flags == Redirect && model[m.to-1].flags == Unused {
						p.SetDead(OffsetNumber(i + 1))
						model[i] = lp{flags: Dead}
					}
				}
				p.Repair()
				// A redirect may point at a trailing unused pointer (the
				// model does not keep heap rules); truncate only without.
				redirects := false
				for _, m := range model {
					redirects = redirects || m.flags == Redirect
				}
				if !redirects && rng.IntN(2) == 0 {
					p.TruncateLinePointers()
					for len(model) > 1 && model[len(model)-1].flags == Unused {
						model = model[:len(model)-1]
					}
				}
			case op == 9 && len(model) > 0: // shrink an item in place
				at := rng.IntN(len(model))
				if model[at].flags == Normal {
					n := 1 + rng.IntN(len(model[at].data))
					if err := p.OverwriteItem(OffsetNumber(at+1), data[:min(n, len(data))]); err != nil {
						t.Fatal(err)
					}
					model[at].data = string(data[:min(n, len(data))])
				}
			}
			if err := p.Check(); err != nil {
				t.Fatalf("round %d step %d: %v", round, step, err)
			}
			if int(p.MaxOffset()) != len(model) {
				t.Fatalf("round %d step %d: %d line pointers, model %d", round, step, p.MaxOffset(), len(model))
			}
			for i, m := range model {
				o := OffsetNumber(i + 1)
				_, _, f := p.ItemID(o)
				if f != m.flags || (m.flags == Redirect && p.RedirectTarget(o) != m.to) || string(p.Item(o)) != m.data {
					t.Fatalf("round %d step %d: line pointer %d differs from the model", round, step, o)
				}
			}
		}
	}
}

// hasHeapStates: B-tree style operations (positional insert and delete)
// would renumber line pointers that redirects point at.
func hasHeapStates(p Page) bool {
	for o := FirstOffset; o <= p.MaxOffset(); o++ {
		if _, _, f := p.ItemID(o); f != Normal {
			return true
		}
	}
	return false
}

func TestNoAllocations(t *testing.T) {
	p := newPage(t, 16)
	item := make([]byte, 60)
	q := newPage(t, 0)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"AddItem+DeleteItem", func() {
			off, _ := p.AddItem(item, 1)
			p.DeleteItem(off)
		}},
		{"AddItem full", func() {
			if _, err := q.AddItem(item, InvalidOffset); err != nil {
				q.Init(0)
			}
		}},
		{"Repair", func() {
			p.AddItem(item, InvalidOffset)
			p.AddItem(item, 1)
			p.SetUnused(1)
			p.Repair()
			p.TruncateLinePointers()
		}},
		{"DeleteItems", func() {
			p.AddItem(item, InvalidOffset)
			p.AddItem(item, InvalidOffset)
			p.DeleteItems([]OffsetNumber{1, 2})
		}},
		{"Checksum+Verify", func() { p.SetChecksum(1); _ = p.Verify(1) }},
		{"Check", func() { _ = p.Check() }},
	} {
		if n := testing.AllocsPerRun(100, tc.f); n != 0 {
			t.Errorf("%s: %v allocations", tc.name, n)
		}
	}
}
