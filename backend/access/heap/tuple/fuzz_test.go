package tuple

import (
	"testing"
	"unsafe"

	"ringpg/pgerr"
)

func unsafeBytes(words []uint64) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
}

// fuzzDescs are the descriptors FuzzDeform reads its bytes with.
var fuzzDescs = []*Desc{
	mixedDesc,
	MustDesc(Int4Attr("a"), TextAttr("t")),
	MustDesc(TextAttr("a"), TextAttr("b"), TextAttr("c")),
	MustDesc(Int8Attr("a"), FixedAttr("u", 16, AlignChar), BoolAttr("b")),
	MustDesc(),
}

// FuzzDeform feeds arbitrary bytes to Deform and the varlena readers: they
// must return values inside the input or an XX001 error, never panic.
func FuzzDeform(f *testing.F) {
	for i, d := range fuzzDescs[:3] {
		values := make([][]byte, d.Natts())
		for j, a := range d.Attrs {
			if a.Len > 0 {
				values[j] = make([]byte, a.Len)
			} else {
				values[j] = Text("hello, world")
			}
		}
		tup, err := Form(d, values, nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), tup)
	}
	p := ToastPointer{RawSize: 100, StoredSize: 50, ValueID: 1, ToastRel: 2, First: TID{3, 4}}
	tup, _ := Form(fuzzDescs[1], [][]byte{Int32(1), p.Encode()}, nil)
	f.Add(uint8(1), tup)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		d := fuzzDescs[int(which)%len(fuzzDescs)]
		values, nulls, err := Deform(d, data)
		if err != nil {
			if c := pgerr.Code(err); c != codeDataCorrupted {
				t.Fatalf("error with SQLSTATE %q: %v", c, err)
			}
			return
		}
		start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
		for i, v := range values {
			if nulls[i] {
				continue
			}
			p := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
			if len(v) > 0 && (p < start || p+uintptr(len(v)) > start+uintptr(len(data))) {
				t.Fatalf("attribute %d lies outside the tuple", i)
			}
			if d.Attrs[i].Len < 0 {
				VarInfo(v)
				Payload(v)
				DecodeToastPointer(v)
				CompressedInfo(v)
			}
		}
	})
}
