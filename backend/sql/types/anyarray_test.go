package types

import "testing"

// TestAnyArrayStored: a value of a polymorphic anyarray column
// (pg_attribute.attmissingval) reads as the array of the element type its
// header names and prints as that array does.
func TestAnyArrayStored(t *testing.T) {
	tests := []struct {
		elem Oid
		vals []Datum
		want string
	}{
		{Int4Oid, []Datum{Int(7)}, "{7}"},
		{TextOid, []Datum{String("two words")}, `{"two words"}`},
		{Int8Oid, []Datum{Int(1), Null, Int(3)}, "{1,NULL,3}"},
	}
	for _, tc := range tests {
		b := AppendStored(nil, Of(ArrayOf(tc.elem)), ArrayDatum(NewArray(tc.elem, tc.vals)))
		d, err := FromStored(Of(AnyArrayOid), b)
		if err != nil {
			t.Fatalf("%s: %v", tc.want, err)
		}
		if got := Output(Of(AnyArrayOid), d, nil); got != tc.want {
			t.Fatalf("got %s, want %s", got, tc.want)
		}
	}
	// Elements that are arrays (an int4[] column's missing value).
	inner := ArrayDatum(NewArray(Int4Oid, []Datum{Int(1), Int(2)}))
	b := AppendStored(nil, Of(Int4ArrayOid), ArrayDatum(NewArray(Int4ArrayOid, []Datum{inner})))
	d, err := FromStored(Of(AnyArrayOid), b)
	if err != nil {
		t.Fatal(err)
	}
	if got := Output(Of(AnyArrayOid), d, nil); got != `{"{1,2}"}` {
		t.Fatalf("array of arrays: got %s", got)
	}
	// An element type without an array type is refused, not misread.
	b = AppendStored(nil, Of(Int4ArrayOid), ArrayDatum(NewArray(Int4Oid, []Datum{Int(1)})))
	b[12] = 0xff // element type 0x...ff
	if _, err := FromStored(Of(AnyArrayOid), b); err == nil {
		t.Fatal("an unknown element type was accepted")
	}
}
