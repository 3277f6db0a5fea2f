package types

import "testing"

func TestNoRewrite(t *testing.T) {
	vc := func(n int32) T { return T{Oid: VarcharOid, Mod: n + VarHdrSz} }
	num := func(p, s int32) T { return T{Oid: NumericOid, Mod: NumericTypmod(p, s)} }
	bp := func(n int32) T { return T{Oid: BPCharOid, Mod: n + VarHdrSz} }
	text, int4, int8 := Of(TextOid), Of(Int4Oid), Of(Int8Oid)
	cases := []struct {
		name     string
		from, to T
		want     bool
	}{
		{"same type", int4, int4, true},
		{"int to bigint", int4, int8, false},
		{"varchar widened", vc(5), vc(10), true},
		{"varchar narrowed", vc(10), vc(5), false},
		{"varchar typmod dropped", vc(10), Of(VarcharOid), true},
		{"varchar to text", vc(10), text, true},
		{"text to varchar", text, Of(VarcharOid), true},
		{"text to varchar(n)", text, vc(7), false},
		{"varchar to varchar(n)", Of(VarcharOid), vc(3), false},
		{"char widened", bp(3), bp(5), false},
		{"char to text", bp(3), text, false},
		{"text to char", text, bp(10), false},
		{"numeric precision widened", num(6, 2), num(8, 2), true},
		{"numeric scale changed", num(6, 2), num(8, 3), false},
		{"numeric precision narrowed", num(8, 2), num(6, 2), false},
		{"numeric typmod dropped", num(8, 2), Of(NumericOid), true},
		{"text to int", text, int4, false},
	}
	for _, c := range cases {
		if got := NoRewrite(c.from, c.to); got != c.want {
			t.Errorf("%s: NoRewrite(%v, %v) = %v, want %v", c.name, c.from, c.to, got, c.want)
		}
	}
}

func TestForeignKeyCompatible(t *testing.T) {
	cases := []struct {
		fk, pk Oid
		want   bool
	}{
		{Int4Oid, Int4Oid, true},
		{Int8Oid, Int4Oid, true},
		{Int2Oid, Int8Oid, true},
		{Int4Oid, NumericOid, true},
		{NumericOid, Int8Oid, false},
		{TextOid, Int4Oid, false},
		{Int8Oid, TextOid, false},
		{VarcharOid, TextOid, true},
		{TextOid, VarcharOid, true},
		{DateOid, TimestampOid, true},
		{Float4Oid, Float8Oid, true},
	}
	for _, c := range cases {
		if got := ForeignKeyCompatible(c.fk, c.pk); got != c.want {
			t.Errorf("ForeignKeyCompatible(%d, %d) = %v, want %v", c.fk, c.pk, got, c.want)
		}
	}
}
