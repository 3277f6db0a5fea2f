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
