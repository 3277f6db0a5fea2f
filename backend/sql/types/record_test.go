package types

import (
	"bytes"
	"testing"
)

// TestRecordOutput checks row values against PostgreSQL 15's output.
func TestRecordOutput(t *testing.T) {
	inner := &Record{Types: []T{Of(Int4Oid), Of(TextOid)}, Values: []Datum{Int(1), String("x y")}}
	cases := []struct {
		r    *Record
		want string
	}{
		{&Record{Types: []T{Of(Int4Oid), Of(TextOid), Of(TextOid), Of(Int4Oid)},
			Values: []Datum{Int(1), String("abc"), String("a b"), Null}}, `(1,abc,"a b",)`},
		{&Record{Types: []T{Of(TextOid), Of(TextOid), Of(TextOid), Of(TextOid), Of(Float8Oid), Of(Int4ArrayOid), Of(RecordOid)},
			Values: []Datum{String(`a"b`), String(`x\y`), String(""), String("()"), Float(1.5),
				ArrayDatum(NewArray(Int4Oid, []Datum{Int(1), Int(2)})), RecordDatum(inner)}},
			`("a""b","x\\y","","()",1.5,"{1,2}","(1,""x y"")")`},
		{&Record{}, "()"},
	}
	for _, c := range cases {
		if got := Output(Of(RecordOid), RecordDatum(c.r), nil); got != c.want {
			t.Errorf("record output %s, want %s", got, c.want)
		}
		b := AppendSend(nil, Of(RecordOid), RecordDatum(c.r), nil)
		back, err := Recv(Of(RecordOid), b, nil)
		if err != nil {
			t.Errorf("%s: Recv: %v", c.want, err)
			continue
		}
		if got := Output(Of(RecordOid), back, nil); got != c.want {
			t.Errorf("record binary round trip %s, want %s", got, c.want)
		}
		if !bytes.Equal(AppendSend(nil, Of(RecordOid), back, nil), b) {
			t.Errorf("%s: send differs after a round trip", c.want)
		}
	}
}

// TestParseRecord checks row literals of a (int, text, text) composite
// against PostgreSQL 15.
func TestParseRecord(t *testing.T) {
	types := []T{Of(Int4Oid), Of(TextOid), Of(TextOid)}
	cases := []struct{ in, want, detail string }{
		{`(1,abc,"x y")`, `(1,abc,"x y")`, ""},
		{`(1,,)`, `(1,,)`, ""},
		{`( 1 ,  a b ,"")`, `(1,"  a b ","")`, ""},
		{`(1,"a""b",c\\d)`, `(1,"a""b","c\\d")`, ""},
		{`(1,a,b) `, `(1,a,b)`, ""},
		{` (1,a,b)`, `(1,a,b)`, ""},
		{`(1,"a"b,c)`, `(1,ab,c)`, ""},
		{`x`, "", "Missing left parenthesis."},
		{`(1,a`, "", "Unexpected end of input."},
		{`(1,a)`, "", "Too few columns."},
		{`(1,a,b,c)`, "", "Too many columns."},
		{`(1,a,b)x`, "", "Junk after right parenthesis."},
		{`(1,"a,b)`, "", "Unexpected end of input."},
		{`(x,a,b)`, "", "22P02"},
	}
	for _, c := range cases {
		r, err := ParseRecord(c.in, types, nil)
		if c.want != "" {
			if err != nil {
				t.Errorf("ParseRecord(%q): %v", c.in, err)
			} else if got := Output(Of(RecordOid), RecordDatum(r), nil); got != c.want {
				t.Errorf("ParseRecord(%q) prints %s, want %s", c.in, got, c.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseRecord(%q) accepted", c.in)
			continue
		}
		e := pgerrFrom(err)
		if e.Detail != c.detail && e.Code != c.detail {
			t.Errorf("ParseRecord(%q) = %v (%s), want %s", c.in, err, e.Detail, c.detail)
		}
	}
}
