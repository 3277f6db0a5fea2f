package tuple

import (
	"bytes"
	"testing"
)

// TestDeformMissing: a tuple formed before attributes were added reads
// their missing values, or null where an attribute has none; attributes
// the tuple has keep their own values.
func TestDeformMissing(t *testing.T) {
	old := MustDesc(Int4Attr("a"), TextAttr("b"))
	tup, err := Form(old, [][]byte{Int32(7), Text("x")}, []bool{false, false})
	if err != nil {
		t.Fatal(err)
	}
	wide := MustDesc(Int4Attr("a"), TextAttr("b"), Int8Attr("c"), TextAttr("d"), Int4Attr("e"))
	d, err := wide.WithMissing([][]byte{nil, Text("unused"), Int64(42), Text("dflt")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		prefix int
		want   [][]byte // nil: null
	}{
		{"all", 5, [][]byte{Int32(7), Text("x"), Int64(42), Text("dflt"), nil}},
		{"prefix inside the tuple", 1, [][]byte{Int32(7), nil, nil, nil, nil}},
		{"prefix into the added ones", 3, [][]byte{Int32(7), Text("x"), Int64(42), nil, nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vals, nulls := make([][]byte, 5), make([]bool, 5)
			for i := range nulls {
				nulls[i] = true
			}
			if err := DeformPrefix(d, tup, vals, nulls, tc.prefix); err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if (w == nil) != nulls[i] || !sameDatum(w, vals[i]) {
					t.Fatalf("attribute %d = %x (null %v), want %x", i+1, vals[i], nulls[i], w)
				}
			}
		})
	}
	// Without missing values the added attributes are null.
	vals, nulls, err := Deform(wide, tup)
	if err != nil {
		t.Fatal(err)
	}
	if !nulls[2] || !nulls[3] || vals[2] != nil {
		t.Fatalf("no missing values: %x %v", vals, nulls)
	}
	// A tuple that has the attribute ignores the missing value.
	full, err := Form(d, [][]byte{Int32(1), nil, Int64(5), nil, nil}, []bool{false, true, false, true, true})
	if err != nil {
		t.Fatal(err)
	}
	vals, nulls, err = Deform(d, full)
	if err != nil {
		t.Fatal(err)
	}
	if GetInt64(vals[2]) != 5 || !nulls[3] {
		t.Fatalf("formed with the attribute: %x %v", vals, nulls)
	}
}

// sameDatum compares attribute bytes, varlenas by payload (Form may
// give a value a shorter header).
func sameDatum(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	pa, errA := Payload(a)
	pb, errB := Payload(b)
	return errA == nil && errB == nil && bytes.Equal(pa, pb)
}

func TestWithMissing(t *testing.T) {
	d := MustDesc(Int4Attr("a"), TextAttr("b"))
	tests := []struct {
		name    string
		missing [][]byte
		ok      bool
		has     bool
	}{
		{"none", nil, true, false},
		{"all nil", [][]byte{nil, nil}, true, false},
		{"fixed", [][]byte{Int32(3)}, true, true},
		{"varlena", [][]byte{nil, Text("v")}, true, true},
		{"wrong fixed length", [][]byte{Int64(3)}, false, false},
		{"truncated varlena", [][]byte{nil, Text("value")[:3]}, false, false},
		{"too many", [][]byte{nil, nil, Int32(1)}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nd, err := d.WithMissing(tc.missing)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok %v", err, tc.ok)
			}
			if err == nil && nd.HasMissing() != tc.has {
				t.Fatalf("HasMissing = %v", nd.HasMissing())
			}
		})
	}
	a, _ := d.WithMissing([][]byte{Int32(3)})
	b, _ := d.WithMissing([][]byte{Int32(3), nil})
	c, _ := d.WithMissing([][]byte{Int32(4)})
	if !a.SameMissing(b) || a.SameMissing(c) || a.SameMissing(d) || !d.SameMissing(MustDesc(Int4Attr("a"))) {
		t.Fatal("SameMissing")
	}
	if d.Missing(0) != nil || GetInt32(a.Missing(0)) != 3 || a.Missing(1) != nil || a.Missing(9) != nil {
		t.Fatal("Missing")
	}
}

// BenchmarkDeform: the per-tuple hot path, for a tuple with every
// attribute (the common case) and for one formed before two attributes
// with missing values were added. Both must not allocate.
func BenchmarkDeform(b *testing.B) {
	full := MustDesc(Int4Attr("a"), Int8Attr("b"), TextAttr("c"), Int4Attr("d"), TextAttr("e"))
	old := MustDesc(Int4Attr("a"), Int8Attr("b"), TextAttr("c"))
	withMissing, err := full.WithMissing([][]byte{nil, nil, nil, Int32(9), Text("dflt")})
	if err != nil {
		b.Fatal(err)
	}
	fullTup, _ := Form(full, [][]byte{Int32(1), Int64(2), Text("abc"), Int32(4), Text("e")}, make([]bool, 5))
	oldTup, _ := Form(old, [][]byte{Int32(1), Int64(2), Text("abc")}, make([]bool, 3))
	for _, bc := range []struct {
		name string
		d    *Desc
		tup  []byte
	}{{"whole", full, fullTup}, {"whole-desc-with-missing", withMissing, fullTup}, {"missing", withMissing, oldTup}} {
		b.Run(bc.name, func(b *testing.B) {
			vals, nulls := make([][]byte, 5), make([]bool, 5)
			b.ReportAllocs()
			for range b.N {
				if err := DeformInto(bc.d, bc.tup, vals, nulls); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
