package keyenc

import (
	"bytes"
	"testing"

	"ringpg/pgerr"
)

func TestNumericParse(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"0", "0"}, {"-0", "0"}, {"000.000", "0"}, {".0", "0"}, {"0.", "0"},
		{"1", "1"}, {"+1", "1"}, {"-1", "-1"}, {"1.50", "1.5"}, {"001.5", "1.5"},
		{"  12  ", "12"}, {"\t-3.25\n", "-3.25"}, {".5", "0.5"}, {"5.", "5"},
		{"1200", "1200"}, {"0.001", "0.001"}, {"-0.0010", "-0.001"},
		{"1e3", "1000"}, {"1.5E+2", "150"}, {"15e-3", "0.015"}, {"-2.5e-1", "-0.25"},
		{"0e10", "0"}, {"123456789012345678901234567890.0123456789", "123456789012345678901234567890.0123456789"},
		{"NaN", "NaN"}, {"nan", "NaN"}, {"Infinity", "Infinity"}, {"+inf", "Infinity"},
		{"-Infinity", "-Infinity"}, {"-INF", "-Infinity"},
	} {
		key, err := AppendNumeric(nil, tc.in, Asc)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		got, null, rest, err := DecodeNumeric(key, Asc)
		if err != nil || null || len(rest) != 0 || got != tc.out {
			t.Errorf("%q decodes to %q (null %v, rest %x, err %v), want %q", tc.in, got, null, rest, err, tc.out)
		}
	}
}

func TestNumericErrors(t *testing.T) {
	for _, tc := range []struct{ in, code string }{
		{"", pgerr.InvalidTextRepresentation},
		{"  ", pgerr.InvalidTextRepresentation},
		{"abc", pgerr.InvalidTextRepresentation},
		{"1e", pgerr.InvalidTextRepresentation},
		{"1e+", pgerr.InvalidTextRepresentation},
		{"--1", pgerr.InvalidTextRepresentation},
		{"1.2.3", pgerr.InvalidTextRepresentation},
		{".", pgerr.InvalidTextRepresentation},
		{"-NaN", pgerr.InvalidTextRepresentation},
		{"1 2", pgerr.InvalidTextRepresentation},
		{"0x10", pgerr.InvalidTextRepresentation},
		{"1e200000", pgerr.NumericValueOutOfRange},
		{"1e-20000", pgerr.NumericValueOutOfRange},
		{"1e99999999999999", pgerr.NumericValueOutOfRange},
	} {
		b, err := AppendNumeric([]byte{7}, tc.in, Asc)
		if pgerr.Code(err) != tc.code {
			t.Errorf("%q: err %v, want SQLSTATE %s", tc.in, err, tc.code)
		}
		if !bytes.Equal(b, []byte{7}) {
			t.Errorf("%q: failed append changed the buffer to %x", tc.in, b)
		}
	}
	_, err := AppendNumeric(nil, "x1", Asc)
	if e := pgerr.From(err); e.Message != `invalid input syntax for type numeric: "x1"` {
		t.Errorf("message %q", e.Message)
	}
}

func TestNumericExtremes(t *testing.T) {
	// The largest and smallest magnitudes the range allows still order
	// correctly against their neighbours.
	big := "1" + string(bytes.Repeat([]byte{'0'}, maxIntDigits-1))
	tiny := "0." + string(bytes.Repeat([]byte{'0'}, maxFracDigits-1)) + "1"
	vals := []string{"-Infinity", "-" + big, "-1", "-" + tiny, "0", tiny, "1", big, "Infinity", "NaN"}
	for _, o := range allOrders {
		var prev []byte
		for i, v := range vals {
			k, err := AppendNumeric(nil, v, o)
			if err != nil {
				t.Fatalf("%d: %v", i, err)
			}
			if prev != nil {
				want := -1
				if o.Desc {
					want = 1
				}
				if got := bytes.Compare(prev, k); got != want {
					t.Fatalf("order %+v: value %d vs %d compares %d", o, i-1, i, got)
				}
			}
			prev = k
			d, _, _, err := DecodeNumeric(k, o)
			if err != nil || numericCompare(d, v) != 0 {
				t.Fatalf("value %d decodes to %.20q..., %v", i, d, err)
			}
		}
	}
}
