package catalog

import (
	"bytes"
	"fmt"
	"testing"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
)

// TestEncodersMatchTypes checks the catalog's value encoders against
// package types' stored forms (themselves checked against PostgreSQL 15
// pages), and the decoders against both.
func TestEncodersMatchTypes(t *testing.T) {
	ints := func(vs ...int64) []types.Datum {
		out := make([]types.Datum, len(vs))
		for i, v := range vs {
			out[i] = types.Int(v)
		}
		return out
	}
	texts := func(ss ...string) []types.Datum {
		out := make([]types.Datum, len(ss))
		for i, s := range ss {
			out[i] = types.String(s)
		}
		return out
	}
	vec := func(elem types.Oid, el []types.Datum) *types.Array {
		return &types.Array{Elem: elem, Dims: []types.ArrayDim{{Len: int32(len(el)), Lower: 0}}, Elems: el}
	}
	cases := []struct {
		name string
		t    types.Oid
		d    types.Datum
		mine []byte
	}{
		{"oid", types.OidOid, types.Int(16384), dOid(16384)},
		{"name", types.NameOid, types.String("pg_class"), dName("pg_class")},
		{"bool", types.BoolOid, types.Bool(true), dBool(true)},
		{"char", types.CharOid, types.Int('r'), dChar('r')},
		{"int2", types.Int2Oid, types.Int(-3), dInt2(-3)},
		{"float4", types.Float4Oid, types.Float(-1), dFloat4(-1)},
		{"text", types.TextOid, types.String("'x'::text"), dText("'x'::text")},
		{"int2vector", types.Int2VectorOid, types.Datum{P: vec(types.Int2Oid, ints(1, 3, 2))}, dInt2Vector([]int16{1, 3, 2})},
		{"empty int2vector", types.Int2VectorOid, types.Datum{P: vec(types.Int2Oid, nil)}, dInt2Vector(nil)},
		{"oidvector", types.OidVectorOid, types.Datum{P: vec(types.OidOid, ints(0, 950))}, dOidVector([]uint32{0, 950})},
		{"text[]", types.TextArrayOid, types.Datum{P: types.NewArray(types.TextOid, texts("fillfactor=70", "a"))}, dTextArray([]string{"fillfactor=70", "a"})},
		{"empty text[]", types.TextArrayOid, types.Datum{P: types.NewArray(types.TextOid, nil)}, dTextArray(nil)},
		{"int2[]", types.Int2ArrayOid, types.Datum{P: types.NewArray(types.Int2Oid, ints(1, 2, 3))}, dInt2Array([]int16{1, 2, 3})},
		{"oid[]", types.OidArrayOid, types.Datum{P: types.NewArray(types.OidOid, ints(7))}, dOidArray([]uint32{7})},
		{"char[]", types.CharArrayOid, types.Datum{P: types.NewArray(types.CharOid, ints('a', 'b', 'c'))}, dCharArray([]byte("abc"))},
	}
	for _, c := range cases {
		want := types.AppendStored(nil, types.Of(c.t), c.d)
		if !bytes.Equal(c.mine, want) {
			t.Errorf("%s:\n mine  % x\n types % x", c.name, c.mine, want)
		}
	}
	// Decoders read both forms, also after tuple.Form gave them a short header.
	d := tuple.MustDesc(tuple.Attr{Name: "a", Len: -1, Align: 'i', Storage: 'x'}, tuple.Attr{Name: "b", Len: -1, Align: 'i', Storage: 'p'})
	tup, err := tuple.Form(d, [][]byte{dTextArray([]string{"x", "yy"}), dInt2Vector([]int16{4, 5})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	vals, _, err := tuple.Deform(d, tup)
	if err != nil {
		t.Fatal(err)
	}
	p0, _ := tuple.Payload(vals[0])
	p1, _ := tuple.Payload(vals[1])
	ss, err1 := gTexts(p0)
	is, err2 := gInt2s(p1)
	if fmt.Sprint(ss, is, err1, err2) != "[x yy] [4 5] <nil> <nil>" {
		t.Fatalf("decoded %v %v %v %v", ss, is, err1, err2)
	}
	// Corrupt arrays are errors, not panics.
	for _, b := range [][]byte{nil, {1, 0, 0, 0}, bytes.Repeat([]byte{0xff}, 30)} {
		if _, err := gTexts(b); err == nil && len(b) > 0 {
			t.Errorf("garbage %x decoded", b)
		}
	}
}
