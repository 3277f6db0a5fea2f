package types

import (
	"testing"
)

// fuzzTypes are the types the fuzz targets pick from (by the first byte).
var fuzzTypes = []T{
	Of(BoolOid), Of(Int2Oid), Of(Int4Oid), Of(Int8Oid), Of(Float4Oid), Of(Float8Oid), Of(NumericOid),
	{Oid: NumericOid, Mod: NumericTypmod(6, 2)}, Of(TextOid), {Oid: VarcharOid, Mod: 5 + VarHdrSz},
	{Oid: BPCharOid, Mod: 4 + VarHdrSz}, Of(NameOid), Of(CharOid), Of(ByteaOid), Of(UUIDOid), Of(JSONOid),
	Of(JSONBOid), Of(OidOid), Of(TidOid), Of(Int2VectorOid), Of(OidVectorOid), Of(Int4ArrayOid),
	Of(TextArrayOid), Of(Float8ArrayOid), Of(JSONBArrayOid), Of(NumericArrayOid), Of(BoolArrayOid),
	Of(ByteaArrayOid), Of(RegtypeOid), Of(Int8ArrayOid), Of(DateOid), Of(TimeOid), Of(TimestampOid),
	Of(TimestampTZOid), Of(IntervalOid), {Oid: TimestampOid, Mod: 2}, Of(TimestampArrayOid),
	Of(PgLsnOid), Of(PgLsnArrayOid), Of(XidOid), Of(CidOid),
}

func fuzzSeeds(f *testing.F) {
	for i, s := range []string{"1", "-12", " 3 ", "1.5e3", "NaN", "t", "abc", `\x0102`, "{1,2,NULL}",
		"{{1,2},{3,4}}", "[0:1]={a,b}", `{"a": [1, 2.5, null]}`, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
		"(1,2)", "1 2 3", `{"\\"x\\"",NULL}`, "integer", "1e400", `"\ud83d\ude00"`, "2024-02-29", "12:34:56.5",
		"2024-01-01 00:00:00+02", "1 year 2 mons 3 days", "infinity", "{2024-01-01}"} {
		f.Add(byte(i), s)
	}
}

// FuzzInput checks that Input never panics and that whatever it accepts
// prints, stores and sends in forms that read back to an equal value.
func FuzzInput(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, which byte, s string) {
		typ := fuzzTypes[int(which)%len(fuzzTypes)]
		d, err := Input(typ, s, nil)
		if err != nil {
			if pgerrCode(err) == "" {
				t.Fatalf("Input(%s, %q): error without SQLSTATE: %v", FormatType(typ), s, err)
			}
			return
		}
		out := Output(typ, d, nil)
		d2, err := Input(typ, out, nil)
		if err != nil {
			t.Fatalf("Input(%s, %q) printed %q, which does not read back: %v", FormatType(typ), s, out, err)
		}
		if Compare(typ, d, d2) != 0 || Output(typ, d2, nil) != out {
			t.Fatalf("%s %q: output %q reads back as %q", FormatType(typ), s, out, Output(typ, d2, nil))
		}
		if Hash(typ, d) != Hash(typ, d2) {
			t.Fatalf("%s %q: equal values hash differently", FormatType(typ), s)
		}
		st, err := FromStored(typ, AppendStored(nil, typ, d))
		if err != nil || Output(typ, st, nil) != out {
			t.Fatalf("%s %q: storage round trip gives %q, %v", FormatType(typ), s, Output(typ, st, nil), err)
		}
		bin, err := Recv(typ, AppendSend(nil, typ, d, nil), nil)
		if err != nil || Output(typ, bin, nil) != out {
			t.Fatalf("%s %q: binary round trip gives %q, %v", FormatType(typ), s, Output(typ, bin, nil), err)
		}
	})
}

// FuzzRecv checks that Recv never panics and that what it accepts sends
// back to bytes that read the same.
func FuzzRecv(f *testing.F) {
	for i, typ := range fuzzTypes {
		if d, err := Input(typ, "1", nil); err == nil {
			f.Add(byte(i), AppendSend(nil, typ, d, nil))
		}
	}
	f.Add(byte(21), []byte{0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 23, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		typ := fuzzTypes[int(which)%len(fuzzTypes)]
		d, err := Recv(typ, b, nil)
		if err != nil {
			if pgerrCode(err) == "" {
				t.Fatalf("Recv(%s, %x): error without SQLSTATE: %v", FormatType(typ), b, err)
			}
			return
		}
		out := Output(typ, d, nil)
		d2, err := Recv(typ, AppendSend(nil, typ, d, nil), nil)
		if err != nil || Output(typ, d2, nil) != out {
			t.Fatalf("%s %x: send/receive gives %q, %v; want %q", FormatType(typ), b, Output(typ, d2, nil), err, out)
		}
	})
}

// FuzzFromStored checks that stored bytes never make FromStored panic.
func FuzzFromStored(f *testing.F) {
	for i, typ := range fuzzTypes {
		if d, err := Input(typ, "{1}", nil); err == nil {
			f.Add(byte(i), AppendStored(nil, typ, d))
		}
		if d, err := Input(typ, "1", nil); err == nil {
			f.Add(byte(i), AppendStored(nil, typ, d))
		}
	}
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		typ := fuzzTypes[int(which)%len(fuzzTypes)]
		d, err := FromStored(typ, b)
		if err != nil {
			return
		}
		_ = Output(typ, d, nil)
	})
}

// FuzzParseRecord checks that row literals never make ParseRecord panic
// and that what it accepts prints as a literal that reads back the same.
func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{`(1,abc,"x y")`, `(1,,)`, `( 1 ,"a""b",c\\d)`, `(1,a`, `x`} {
		f.Add(s)
	}
	types := []T{Of(Int4Oid), Of(TextOid), Of(TextArrayOid)}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRecord(s, types, nil)
		if err != nil {
			return
		}
		out := Output(Of(RecordOid), RecordDatum(r), nil)
		r2, err := ParseRecord(out, types, nil)
		if err != nil {
			t.Fatalf("%q prints as %q, which does not read back: %v", s, out, err)
		}
		if out2 := Output(Of(RecordOid), RecordDatum(r2), nil); out2 != out {
			t.Fatalf("%q prints as %q, then %q", s, out, out2)
		}
	})
}
