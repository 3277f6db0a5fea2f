package types

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// binaryCases are values whose binary form is checked against pgx's
// pgtype codecs: our send output must decode with pgtype, pgtype must
// encode the decoded value to the same bytes, and Recv must read them back.
var binaryCases = []struct{ typ, lit string }{
	{"bool", "t"}, {"bool", "f"}, {"int2", "-32768"}, {"int4", "2147483647"}, {"int8", "-9223372036854775808"},
	{"float4", "1.5"}, {"float4", "-Infinity"}, {"float8", "0.1"}, {"float8", "NaN"}, {"float8", "-0"},
	{"numeric", "0"}, {"numeric", "1.50"}, {"numeric", "-123456789012345678901234567890.0001"},
	{"numeric", "NaN"}, {"numeric", "0.000001"}, {"numeric", "1e20"},
	{"text", "hello"}, {"text", ""}, {"varchar", "é"}, {"bpchar", "ab  "}, {"name", "pg_class"},
	{"bytea", `\x00ff`}, {"bytea", `\x`}, {"uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{"json", `{"a": [1, 2]}`}, {"jsonb", `{"a": [1, 2], "b": "x"}`}, {"oid", "4294967295"},
	{`"char"`, "r"}, {"tid", "(7,3)"},
	{"int4[]", "{1,2,NULL}"}, {"int4[]", "{}"}, {"int4[]", "{{1,2},{3,4}}"}, {"int8[]", "[0:1]={1,2}"},
	{"text[]", `{a,"b c",NULL,""}`}, {"float8[]", "{1.5,NaN}"}, {"bool[]", "{t,f}"}, {"numeric[]", "{1.5,NULL}"},
	{"uuid[]", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"}, {"bytea[]", `{"\\x01"}`}, {"int2[]", "{1,-1}"},
	{"varchar[]", "{x,y}"}, {"oid[]", "{1,2}"},
	{"date", "2024-02-29"}, {"date", "1999-01-08 BC"}, {"time", "12:34:56.789"},
	{"timestamp", "2024-02-29 12:34:56.789012"}, {"timestamptz", "2024-02-29 12:34:56+02"},
	{"interval", "1 year 2 mons -3 days 04:05:06.5"}, {"date[]", "{2024-01-01,NULL}"},
	{"timestamptz[]", `{"2024-01-01 00:00:00+00"}`}, {"interval[]", `{"1 day"}`},
}

func TestBinaryAgainstPgtype(t *testing.T) {
	m := pgtype.NewMap()
	for _, c := range binaryCases {
		typ, err := ParseTypeName(c.typ)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Input(typ, c.lit, nil)
		if err != nil {
			t.Fatalf("%s %q: %v", c.typ, c.lit, err)
		}
		ours := AppendSend(nil, typ, d, nil)
		pt, ok := m.TypeForOID(typ.Oid)
		if !ok {
			t.Fatalf("pgtype has no type %d", typ.Oid)
		}
		var v any
		if Lookup(typ.Oid).IsArray() {
			// DecodeValue flattens arrays; keep the dimensions.
			var arr pgtype.Array[any]
			err = m.Scan(typ.Oid, pgtype.BinaryFormatCode, ours, &arr)
			v = arr
		} else {
			v, err = pt.Codec.DecodeValue(m, typ.Oid, pgtype.BinaryFormatCode, ours)
		}
		if err != nil {
			t.Errorf("%s %q: pgtype cannot decode %x: %v", c.typ, c.lit, ours, err)
			continue
		}
		theirs, err := m.Encode(typ.Oid, pgtype.BinaryFormatCode, v, nil)
		if err != nil {
			t.Errorf("%s %q: pgtype cannot encode %v: %v", c.typ, c.lit, v, err)
			continue
		}
		if !bytes.Equal(ours, theirs) && !binaryEquivalent(typ.Oid) && c.lit != "{}" {
			t.Errorf("%s %q: send %x, pgtype re-encodes %x", c.typ, c.lit, ours, theirs)
		}
		back, err := Recv(typ, theirs, nil)
		if err != nil {
			t.Errorf("%s %q: Recv(%x): %v", c.typ, c.lit, theirs, err)
			continue
		}
		if typ.Oid == JSONOid {
			// pgtype re-encodes json compactly: compare as documents.
			x, _ := ParseJSONB(back.S)
			y, _ := ParseJSONB(d.S)
			if CompareJSONB(x, y) != 0 {
				t.Errorf("%s %q: binary round trip gives %q", c.typ, c.lit, back.S)
			}
		} else if a, b := Output(typ, back, nil), Output(typ, d, nil); a != b {
			t.Errorf("%s %q: binary round trip gives %q, want %q", c.typ, c.lit, a, b)
		}
		if Lookup(typ.Oid).IsArray() {
			continue
		}
		// And pgtype's text decoding of our text output agrees with its
		// binary decoding of our send output.
		tv, err := pt.Codec.DecodeValue(m, typ.Oid, pgtype.TextFormatCode, []byte(Output(typ, d, nil)))
		if err != nil {
			t.Errorf("%s %q: pgtype cannot decode our text: %v", c.typ, c.lit, err)
			continue
		}
		tb, err := m.Encode(typ.Oid, pgtype.BinaryFormatCode, tv, nil)
		if err == nil && !bytes.Equal(tb, theirs) && !binaryEquivalent(typ.Oid) {
			t.Errorf("%s %q: text and binary decode differently: %x vs %x", c.typ, c.lit, tb, theirs)
		}
	}
}

// binaryEquivalent lists the types whose binary form pgtype may re-encode
// differently without a change of value (a numeric's digit grouping, a
// json document's spacing).
func binaryEquivalent(oid Oid) bool {
	switch oid {
	case NumericOid, NumericArrayOid, JSONBOid, JSONOid:
		return true
	}
	return false
}

func TestRecvErrors(t *testing.T) {
	cases := []struct {
		typ  string
		b    []byte
		code string
	}{
		{"int4", []byte{1, 2, 3}, "08P01"},
		{"int4", []byte{1, 2, 3, 4, 5}, "22P03"},
		{"int8", nil, "08P01"},
		{"uuid", make([]byte, 15), "08P01"},
		{"text", []byte{0xff}, "22021"},
		{"jsonb", []byte{2, '1'}, "XX000"},
		{"jsonb", []byte{1, '{'}, "22P02"},
		{"int4[]", []byte{0, 0, 0, 1}, "08P01"},
		{"int4[]", []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 23}, "22P03"},
		{"int4[]", []byte{0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 23}, "54000"},
		{"int4[]", []byte{0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 23}, "22P03"},
		{"int4[]", []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 25}, "42804"},
		{"int4[]", []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1}, "08P01"},
		{"int4[]", []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 1, 0}, "22P03"},
		{"int4[]", []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 1}, "08P01"},
		{"varchar(2)", []byte("abc"), "22001"},
	}
	for _, c := range cases {
		typ, err := ParseTypeName(c.typ)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Recv(typ, c.b, nil)
		if code := pgerrCode(err); code != c.code {
			t.Errorf("Recv(%s, %x) = %v, want %s", c.typ, c.b, err, c.code)
		}
	}
}

func TestSendInfinity(t *testing.T) {
	cases := []struct{ typ, lit, want string }{
		{"date", "infinity", "7fffffff"}, {"date", "-infinity", "80000000"},
		{"timestamp", "infinity", "7fffffffffffffff"}, {"timestamptz", "-infinity", "8000000000000000"},
	}
	for _, c := range cases {
		typ, _ := ParseTypeName(c.typ)
		d, err := Input(typ, c.lit, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := AppendSend(nil, typ, d, nil)
		if hex.EncodeToString(got) != c.want {
			t.Errorf("%s %s sends %x, want %s", c.typ, c.lit, got, c.want)
		}
		back, err := Recv(typ, got, nil)
		if err != nil || Output(typ, back, nil) != c.lit {
			t.Errorf("%s %s receives as %q, %v", c.typ, c.lit, Output(typ, back, nil), err)
		}
	}
}
