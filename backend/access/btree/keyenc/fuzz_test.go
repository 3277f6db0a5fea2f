package keyenc

import (
	"bytes"
	"errors"
	"testing"
)

// fuzzColumns derives up to four columns from the fuzzer's spec bytes.
func fuzzColumns(spec []byte) []Column {
	var cols []Column
	for i := 0; i < len(spec) && len(cols) < 4; i++ {
		s := spec[i]
		cols = append(cols, Column{
			Type:  allTypes[int(s&0x0f)%len(allTypes)],
			Order: allOrders[int(s>>4)%len(allOrders)],
		})
	}
	if len(cols) == 0 {
		cols = []Column{{Text, Asc}}
	}
	return cols
}

// FuzzDecode feeds arbitrary bytes to the decoder: it must not panic, it
// must fail with ErrCorrupt or succeed, and what it accepts must be
// exactly what re-encoding the decoded values gives back.
func FuzzDecode(f *testing.F) {
	seed := func(cols []Column, vals ...any) {
		key, err := Encode(nil, cols, vals)
		if err != nil {
			f.Fatal(err)
		}
		spec := make([]byte, len(cols))
		for i, c := range cols {
			ti, oi := 0, 0
			for j, t := range allTypes {
				if t == c.Type {
					ti = j
				}
			}
			for j, o := range allOrders {
				if o == c.Order {
					oi = j
				}
			}
			spec[i] = byte(oi<<4 | ti)
		}
		f.Add(spec, key)
	}
	seed([]Column{{Text, Asc}}, "a\x00b")
	seed([]Column{{Numeric, Desc}, {Int4, Asc}}, "-12.5e3", int32(7))
	seed([]Column{{Float8, Asc}, {Bytea, Desc}}, 1.5, []byte{0, 0xff})
	seed([]Column{{Bool, Order{NullsFirst: true}}, {Timestamp, Asc}}, nil, int64(-5))
	seed([]Column{{Numeric, Asc}}, "0.000123")
	f.Add([]byte{6}, []byte{2, 4, 0x7f, 0xff, 0xff, 0xff, 1, 0})
	f.Fuzz(func(t *testing.T, spec, key []byte) {
		cols := fuzzColumns(spec)
		vals, err := Decode(nil, key, cols)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		again, err := Encode(nil, cols, vals)
		if err != nil {
			t.Fatalf("re-encoding %#v: %v", vals, err)
		}
		if !bytes.Equal(again, key) {
			t.Fatalf("decoded %#v from %x, which re-encodes to %x", vals, key, again)
		}
	})
}
