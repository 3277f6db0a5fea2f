package tuple

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"

	"ringpg/pgerr"
)

func TestHeaderRoundTrip(t *testing.T) {
	h := Header{
		Xmin: 0x0102030405060708, Xmax: 0x1112131415161718, Cid: 0x21222324,
		Ctid: TID{Block: 0x31323334, Offset: 0x4142}, Infomask2: 0x5152, Infomask: 0x6162, Hoff: 40,
	}
	b := make([]byte, 40)
	h.Put(b)
	// The byte layout the package documentation promises.
	want := "0807060504030201" + "1817161514131211" + "24232221" + "34333231" + "4241" + "5251" + "6261" + "28" + "00"
	if got := hex.EncodeToString(b[:32]); got != want {
		t.Fatalf("layout\n got %s\nwant %s", got, want)
	}
	g, err := ReadHeader(b)
	if err != nil || g != h {
		t.Fatalf("ReadHeader = %+v, %v; want %+v", g, err, h)
	}
	if _, err := ReadHeader(b[:30]); pgerr.Code(err) != codeDataCorrupted {
		t.Fatalf("short header: %v", err)
	}
}

func TestHeaderFlags(t *testing.T) {
	tests := []struct {
		name      string
		h         Header
		lockOnly  bool
		updateXid uint64
		hot       bool
	}{
		{"fresh", Header{Xmin: 5, Infomask: XmaxInvalid}, false, 0, false},
		{"deleted", Header{Xmin: 5, Xmax: 7}, false, 7, false},
		{"locked", Header{Xmin: 5, Xmax: 7, Infomask: XmaxLockOnly | XmaxExcl}, true, 0, false},
		{"old-style exclusive lock", Header{Xmin: 5, Xmax: 7, Infomask: XmaxExcl}, true, 0, false},
		{"key share", Header{Xmin: 5, Xmax: 7, Infomask: XmaxLockOnly | XmaxKeyShr}, true, 0, false},
		{"hot updated", Header{Xmin: 5, Xmax: 7, Infomask2: HotUpdated}, false, 7, true},
		{"hot update aborted", Header{Xmin: 5, Xmax: 7, Infomask2: HotUpdated, Infomask: XmaxInvalid}, false, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.h.XmaxIsLockOnly(); got != tc.lockOnly {
				t.Errorf("XmaxIsLockOnly = %v", got)
			}
			if got := tc.h.UpdateXid(); got != tc.updateXid {
				t.Errorf("UpdateXid = %d", got)
			}
			if got := tc.h.IsHotUpdated(); got != tc.hot {
				t.Errorf("IsHotUpdated = %v", got)
			}
		})
	}
}

func TestSetHints(t *testing.T) {
	buf := make([]uint64, 5) // 8-aligned, as a tuple on a page
	tup := unsafeBytes(buf)
	h := Header{Infomask: HasNull, Hoff: 32}
	h.Put(tup)
	if !SetHints(tup, XminCommitted|HasExternal) {
		t.Fatal("SetHints changed nothing")
	}
	g := readHeader(tup)
	if g.Infomask != HasNull|XminCommitted || g.Hoff != 32 {
		t.Fatalf("after SetHints: infomask %#x hoff %d (non-hint bits must be ignored)", g.Infomask, g.Hoff)
	}
	if SetHints(tup, XminCommitted) {
		t.Fatal("SetHints of a set bit reported a change")
	}
	// A misaligned private copy works too.
	odd := make([]byte, 41)[1:]
	h.Put(odd)
	SetHints(odd, XmaxInvalid)
	if readHeader(odd).Infomask != HasNull|XmaxInvalid {
		t.Fatal("misaligned SetHints")
	}
}

func TestHeaderLen(t *testing.T) {
	tests := []struct {
		natts int
		nulls bool
		want  int
	}{
		{0, false, 32}, {3, false, 32}, {8, true, 32}, {9, true, 40}, {72, true, 40}, {73, true, 48}, {1600, true, 232},
	}
	for _, tc := range tests {
		if got := HeaderLen(tc.natts, tc.nulls); got != tc.want {
			t.Errorf("HeaderLen(%d, %v) = %d, want %d", tc.natts, tc.nulls, got, tc.want)
		}
	}
}

var mixedDesc = MustDesc(
	BoolAttr("b"),   // 1 byte
	Int8Attr("big"), // aligned to 8
	TextAttr("t"),   // varlena 'i'
	Int2Attr("s"),   // aligned to 2
	FixedAttr("u", 3, AlignChar),
	Int4Attr("i"),
	Attr{Name: "plain", Len: VarlenaLen, Align: AlignInt, Storage: StoragePlain},
)

func TestFormLayout(t *testing.T) {
	// Every offset below follows from the alignment rules; the expected
	// bytes are written out so a change to them is visible.
	tests := []struct {
		name   string
		values [][]byte
		nulls  []bool
		hoff   int
		data   string
		mask   uint16
	}{
		{
			name: "no nulls, short text",
			values: [][]byte{{1}, Int64(-2), Text("ab"), Int16(3), {7, 8, 9}, Int32(4),
				MakeVarlena([]byte{0xAA})},
			hoff: 32,
			// b@0 pad@1-7 big@8 t(short,3 bytes)@16 pad@19 s@20 u@22 pad@25-27 i@28 plain(4B, aligned)@32
			data: "01" + "00000000000000" + "feffffffffffffff" + "076162" + "00" + "0300" + "070809" + "000000" + "04000000" + "14000000aa",
			mask: HasVarWidth,
		},
		{
			name:   "nulls",
			values: [][]byte{nil, Int64(1), nil, Int16(2), nil, nil, nil},
			nulls:  []bool{true, false, true, false, true, true, true},
			hoff:   32,
			data:   "0100000000000000" + "0200",
			mask:   HasNull,
		},
		{
			name: "long text keeps its 4-byte header, aligned",
			values: [][]byte{{0}, Int64(0), Text(strings.Repeat("x", 127)), Int16(0), {0, 0, 0}, Int32(0),
				MakeVarlena(nil)},
			hoff: 32,
			// 127 bytes would need a 128-byte short datum: one too many.
			data: "00" + "00000000000000" + "0000000000000000" + "0c020000" + strings.Repeat("78", 127) +
				"00" + "0000" + "000000" + "000000" + "00000000" + "10000000",
			mask: HasVarWidth,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tup, err := Form(mixedDesc, tc.values, tc.nulls)
			if err != nil {
				t.Fatal(err)
			}
			h := readHeader(tup)
			if int(h.Hoff) != tc.hoff || h.Natts() != 7 || h.Infomask != tc.mask {
				t.Fatalf("header: hoff %d natts %d infomask %#x; want %d 7 %#x", h.Hoff, h.Natts(), h.Infomask, tc.hoff, tc.mask)
			}
			if got := hex.EncodeToString(tup[h.Hoff:]); got != tc.data {
				t.Fatalf("data\n got %s\nwant %s", got, tc.data)
			}
			if tc.nulls != nil && tup[offBits] != 0b00001010 {
				t.Fatalf("null bitmap %08b", tup[offBits])
			}
			vals, nulls, err := Deform(mixedDesc, tup)
			if err != nil {
				t.Fatal(err)
			}
			for i := range vals {
				isNull := tc.nulls != nil && tc.nulls[i]
				if nulls[i] != isNull {
					t.Fatalf("attr %d null = %v", i+1, nulls[i])
				}
				if isNull {
					continue
				}
				if mixedDesc.Attrs[i].Len > 0 {
					if !bytes.Equal(vals[i], tc.values[i]) {
						t.Fatalf("attr %d = %x, want %x", i+1, vals[i], tc.values[i])
					}
					continue
				}
				got, err := Payload(vals[i])
				if err != nil {
					t.Fatal(err)
				}
				want, _ := Payload(tc.values[i])
				if !bytes.Equal(got, want) {
					t.Fatalf("attr %d payload = %x, want %x", i+1, got, want)
				}
			}
		})
	}
}

func TestFormExternalAndCompressed(t *testing.T) {
	d := MustDesc(Int4Attr("a"), TextAttr("ext"), TextAttr("comp"))
	ptr := ToastPointer{RawSize: 1 << 20, StoredSize: 5000, Method: CompressionDeflate, ValueID: 1<<40 + 3,
		ToastRel: 16400, First: TID{Block: 77, Offset: 3}}
	ext := ptr.Encode()
	comp := make([]byte, VarHdrSzComp+5)
	PutCompressedHeader(comp, len(comp), 300, CompressionDeflate)
	copy(comp[VarHdrSzComp:], "zzzzz")
	tup, err := Form(d, [][]byte{Int32(9), ext, comp}, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := readHeader(tup)
	if h.Infomask != HasVarWidth|HasExternal {
		t.Fatalf("infomask %#x", h.Infomask)
	}
	// int4@0, external@4 unaligned (28 bytes), compressed aligned to 32.
	if want := 32 + 32 + 13; len(tup) != want {
		t.Fatalf("tuple of %d bytes, want %d", len(tup), want)
	}
	vals, _, err := Deform(d, tup)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeToastPointer(vals[1])
	if err != nil || got != ptr {
		t.Fatalf("pointer %+v, %v; want %+v", got, err, ptr)
	}
	raw, method, data, err := CompressedInfo(vals[2])
	if err != nil || raw != 300 || method != CompressionDeflate || string(data) != "zzzzz" {
		t.Fatalf("CompressedInfo = %d %d %q %v", raw, method, data, err)
	}
	if _, err := Payload(vals[1]); pgerr.Code(err) != pgerr.InternalError {
		t.Fatalf("Payload of external: %v", err)
	}
}

func TestFormErrors(t *testing.T) {
	d := MustDesc(Int4Attr("a"), TextAttr("t"))
	tests := []struct {
		name   string
		values [][]byte
		nulls  []bool
	}{
		{"too few values", [][]byte{Int32(1)}, nil},
		{"wrong fixed length", [][]byte{Int64(1), Text("x")}, nil},
		{"bad varlena header", [][]byte{Int32(1), {0x03, 0, 0}}, nil},
		{"varlena longer than its header", [][]byte{Int32(1), append(Text("x"), 0)}, nil},
		{"null flags count", [][]byte{Int32(1), Text("x")}, []bool{false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Form(d, tc.values, tc.nulls)
			if pgerr.Code(err) != pgerr.InternalError {
				t.Fatalf("err = %v, want XX000", err)
			}
		})
	}
}

func TestNewDescErrors(t *testing.T) {
	bad := []Attr{
		{Name: "a", Len: 4, Align: 'x', ByVal: true},
		{Name: "a", Len: 3, Align: AlignChar, ByVal: true},
		{Name: "a", Len: 0, Align: AlignChar},
		{Name: "a", Len: VarlenaLen, Align: AlignInt, ByVal: true},
		{Name: "a", Len: VarlenaLen, Align: AlignInt, Storage: 'q'},
	}
	for _, a := range bad {
		if _, err := NewDesc(a); err == nil {
			t.Errorf("NewDesc(%+v) accepted", a)
		}
	}
	if _, err := NewDesc(make([]Attr, MaxHeapAttrs+1)...); pgerr.Code(err) != "54011" {
		t.Errorf("too many columns: %v", err)
	}
}

func TestDeformMissingAttributes(t *testing.T) {
	old := MustDesc(Int4Attr("a"))
	tup, err := Form(old, [][]byte{Int32(5)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wider := MustDesc(Int4Attr("a"), TextAttr("added"), Int8Attr("added2"))
	vals, nulls, err := Deform(wider, tup)
	if err != nil {
		t.Fatal(err)
	}
	if GetInt32(vals[0]) != 5 || nulls[0] || !nulls[1] || !nulls[2] {
		t.Fatalf("vals %x nulls %v", vals, nulls)
	}
	// And a narrower descriptor ignores the extra attributes.
	vals, _, err = Deform(MustDesc(), tup)
	if err != nil || len(vals) != 0 {
		t.Fatalf("narrower: %v %v", vals, err)
	}
}

func TestDeformCorrupt(t *testing.T) {
	d := MustDesc(Int4Attr("a"), TextAttr("t"))
	good, err := Form(d, [][]byte{Int32(1), Text(strings.Repeat("y", 200))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(b []byte) []byte
	}{
		{"truncated header", func(b []byte) []byte { return b[:20] }},
		{"hoff past end", func(b []byte) []byte { b[offHoff] = 250; return b }},
		{"hoff too small", func(b []byte) []byte { b[offHoff] = 8; return b }},
		{"hoff misaligned", func(b []byte) []byte { b[offHoff] = 33; return b }},
		{"truncated data", func(b []byte) []byte { return b[:len(b)-1] }},
		{"varlena length too big", func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[36:], 4000<<2)
			return b
		}},
		{"bad external tag", func(b []byte) []byte { b[36], b[37] = 0x01, 7; return b }},
		{"too many attributes", func(b []byte) []byte {
			binary.LittleEndian.PutUint16(b[offInfomask2:], 0x7FF)
			return b
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.mutate(append([]byte(nil), good...))
			_, _, err := Deform(d, b)
			if pgerr.Code(err) != codeDataCorrupted {
				t.Fatalf("err = %v, want XX001", err)
			}
		})
	}
}

// TestFormDeformRandom forms random rows of random descriptors and
// checks that Deform returns every value (compared by payload for
// varlenas, whose header Form may shorten).
func TestFormDeformRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 2000 {
		d := randomDesc(r)
		values, nulls := randomRow(r, d)
		tup, err := Form(d, values, nulls)
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		if n, _, _ := Size(d, values, nulls); n != len(tup) {
			t.Fatalf("Size %d, tuple %d", n, len(tup))
		}
		got, gotNulls, err := Deform(d, tup)
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		for i, a := range d.Attrs {
			if gotNulls[i] != (nulls != nil && nulls[i]) {
				t.Fatalf("iter %d attr %d: null %v", iter, i, gotNulls[i])
			}
			if gotNulls[i] {
				continue
			}
			if a.Len > 0 {
				if !bytes.Equal(got[i], values[i]) {
					t.Fatalf("iter %d attr %d: %x want %x", iter, i, got[i], values[i])
				}
				continue
			}
			if IsExternal(values[i]) || values[i][0]&3 == 2 {
				if !bytes.Equal(got[i], values[i]) {
					t.Fatalf("iter %d attr %d: toasted datum changed", iter, i)
				}
				continue
			}
			gp, err1 := Payload(got[i])
			wp, err2 := Payload(values[i])
			if err1 != nil || err2 != nil || !bytes.Equal(gp, wp) {
				t.Fatalf("iter %d attr %d: payload %x want %x (%v %v)", iter, i, gp, wp, err1, err2)
			}
		}
	}
}

func randomDesc(r *rand.Rand) *Desc {
	kinds := []Attr{BoolAttr(""), Int2Attr(""), Int4Attr(""), Int8Attr(""), TextAttr(""),
		FixedAttr("", 16, AlignChar), FixedAttr("", 6, AlignShort),
		{Len: VarlenaLen, Align: AlignDouble, Storage: StorageMain},
		{Len: VarlenaLen, Align: AlignChar, Storage: StoragePlain}}
	n := r.IntN(12)
	attrs := make([]Attr, n)
	for i := range attrs {
		attrs[i] = kinds[r.IntN(len(kinds))]
	}
	return MustDesc(attrs...)
}

func randomRow(r *rand.Rand, d *Desc) ([][]byte, []bool) {
	values := make([][]byte, d.Natts())
	var nulls []bool
	if r.IntN(2) == 0 {
		nulls = make([]bool, d.Natts())
	}
	for i, a := range d.Attrs {
		if nulls != nil && r.IntN(3) == 0 {
			nulls[i] = true
			continue
		}
		if a.Len > 0 {
			values[i] = make([]byte, a.Len)
			for j := range values[i] {
				values[i][j] = byte(r.Uint32())
			}
			continue
		}
		switch r.IntN(5) {
		case 0:
			p := ToastPointer{RawSize: 5000, StoredSize: 4000, ValueID: r.Uint64(), ToastRel: 1, First: TID{1, 1}}
			values[i] = p.Encode()
		case 1:
			c := make([]byte, VarHdrSzComp+r.IntN(20))
			PutCompressedHeader(c, len(c), 1000, CompressionDeflate)
			values[i] = c
		case 2:
			s := make([]byte, 1+r.IntN(100))
			s[0] = byte(len(s)<<1 | 1)
			values[i] = s
		default:
			payload := make([]byte, r.IntN(300))
			for j := range payload {
				payload[j] = byte(r.Uint32())
			}
			values[i] = MakeVarlena(payload)
		}
	}
	return values, nulls
}

func TestVarInfo(t *testing.T) {
	tests := []struct {
		name string
		v    []byte
		kind VarKind
		n    int
		bad  bool
	}{
		{"short empty", []byte{0x03}, VarShort, 1, false},
		{"short", []byte{0x07, 'a', 'b', 'x'}, VarShort, 3, false},
		{"short overrun", []byte{0x09, 'a'}, 0, 0, true},
		{"plain", MakeVarlena([]byte("abc")), VarPlain, 7, false},
		{"plain empty", []byte{0x10, 0, 0, 0}, VarPlain, 4, false},
		{"plain header only, length 3", []byte{0x0c, 0, 0, 0}, 0, 0, true},
		{"reserved bits", []byte{0x16, 0, 0, 0, 0}, 0, 0, true},
		{"empty", nil, 0, 0, true},
		{"external truncated", []byte{0x01, VarTagOnDisk, 1}, 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kind, n, err := VarInfo(tc.v)
			if tc.bad {
				if pgerr.Code(err) != codeDataCorrupted {
					t.Fatalf("err = %v, want XX001", err)
				}
				return
			}
			if err != nil || kind != tc.kind || n != tc.n {
				t.Fatalf("VarInfo = %v %d %v, want %v %d", kind, n, err, tc.kind, tc.n)
			}
		})
	}
}

func TestTIDString(t *testing.T) {
	if s := (TID{Block: 12, Offset: 3}).String(); s != "(12,3)" {
		t.Fatal(s)
	}
	if (TID{}).Valid() || !(TID{0, 1}).Valid() {
		t.Fatal("Valid")
	}
}
