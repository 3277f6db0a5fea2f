package settings

import (
	"math"
	"testing"
)

func TestCStrtol(t *testing.T) {
	cases := []struct {
		in       string
		v        int64
		end      int
		rangeErr bool
	}{
		{"123", 123, 3, false}, {"  -12x", -12, 5, false}, {"+7", 7, 2, false},
		{"0x1F", 31, 4, false}, {"0X1fz", 31, 4, false}, {"0x", 0, 1, false}, {"0xg", 0, 1, false},
		{"017", 15, 3, false}, {"08", 0, 1, false}, {"0", 0, 1, false},
		{"", 0, 0, false}, {"-", 0, 0, false}, {"x", 0, 0, false}, {" ", 0, 0, false}, {".5", 0, 0, false},
		{"9223372036854775807", math.MaxInt64, 19, false},
		{"9223372036854775808", math.MaxInt64, 19, true},
		{"-9223372036854775808", math.MinInt64, 20, false},
		{"-9223372036854775809", math.MinInt64, 20, true},
		{"99999999999999999999kB", math.MaxInt64, 20, true},
	}
	for _, c := range cases {
		v, end, re := cStrtol(c.in)
		if v != c.v || end != c.end || re != c.rangeErr {
			t.Errorf("cStrtol(%q) = %d,%d,%v want %d,%d,%v", c.in, v, end, re, c.v, c.end, c.rangeErr)
		}
	}
}

func TestCStrtod(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		in       string
		v        float64
		end      int
		rangeErr bool
	}{
		{"1.5", 1.5, 3, false}, {" .5x", 0.5, 3, false}, {"5.", 5, 2, false}, {"-0.25", -0.25, 5, false},
		{"1e3", 1000, 3, false}, {"1e", 1, 1, false}, {"1e+", 1, 1, false}, {"1E-2kB", 0.01, 4, false},
		{"0x10", 16, 4, false}, {"0x1p3", 8, 5, false}, {"0x1.8", 1.5, 5, false}, {"0x.8p1", 1, 6, false},
		{"0x", 0, 1, false}, {"0xp1", 0, 1, false},
		{"inf", inf, 3, false}, {"-Infinity", -inf, 9, false}, {"infinit", inf, 3, false},
		{"1e400", inf, 5, true}, {"-1e400", -inf, 6, true}, {"1e-400", 0, 6, true}, {"1e-320", 1e-320, 6, true},
		{"0e-400", 0, 6, false}, {"2.2250738585072014e-308", 2.2250738585072014e-308, 23, false},
		{"", 0, 0, false}, {".", 0, 0, false}, {"-", 0, 0, false}, {"e5", 0, 0, false},
	}
	for _, c := range cases {
		v, end, re := cStrtod(c.in)
		if v != c.v || end != c.end || re != c.rangeErr {
			t.Errorf("cStrtod(%q) = %g,%d,%v want %g,%d,%v", c.in, v, end, re, c.v, c.end, c.rangeErr)
		}
	}
	if v, end, _ := cStrtod("nan(123)x"); !math.IsNaN(v) || end != 8 {
		t.Errorf("nan(123): %g %d", v, end)
	}
}

// C's %g, as PostgreSQL prints reals.
func TestFormatG(t *testing.T) {
	cases := map[float64]string{
		0: "0", 0.5: "0.5", 0.9: "0.9", 1: "1", 100000: "100000", 1e6: "1e+06", 123456789: "1.23457e+08",
		0.0001: "0.0001", 0.00001: "1e-05", 0.1234567: "0.123457", 1e-297: "1e-297", math.MaxFloat64: "1.79769e+308",
		-2.5: "-2.5", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity", 1234.56789: "1234.57",
	}
	for f, want := range cases {
		if got := formatG(f); got != want {
			t.Errorf("formatG(%g) = %q, want %q", f, got, want)
		}
	}
	if formatG(math.NaN()) != "NaN" {
		t.Error("NaN")
	}
}

// Display picks the largest unit that shows the value exactly.
func TestShowUnits(t *testing.T) {
	cases := []struct {
		unit Unit
		n    int64
		want string
	}{
		{UnitKB, 4096, "4MB"}, {UnitKB, 1 << 30, "1TB"}, {UnitKB, 1025, "1025kB"}, {UnitKB, 0, "0"}, {UnitKB, -1, "-1"},
		{UnitBlocks, 16384, "128MB"}, {UnitBlocks, 1, "8kB"}, {UnitBlocks, 1000, "8000kB"}, {UnitBlocks, 131072, "1GB"},
		{UnitXBlocks, 512, "4MB"}, {UnitMB, 1024, "1GB"}, {UnitMB, 80, "80MB"}, {UnitByte, 1000, "1000B"}, {UnitByte, 1536, "1536B"},
		{UnitByte, 16 << 20, "16MB"}, {UnitMs, 60000, "1min"}, {UnitMs, 1500, "1500ms"}, {UnitMs, 86400000, "1d"},
		{UnitMs, 90000, "90s"}, {UnitS, 300, "5min"}, {UnitS, 90, "90s"}, {UnitS, 3600, "1h"}, {UnitMin, 1440, "1d"},
		{UnitMin, 90, "90min"},
	}
	for _, c := range cases {
		d := &Def{Type: TypeInt, Unit: c.unit}
		if got := formatValue(d, value{n: c.n}); got != c.want {
			t.Errorf("%d %s shows %q, want %q", c.n, c.unit, got, c.want)
		}
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]int{ // 1 true, 0 false, -1 invalid
		"on": 1, "ON": 1, "of": 0, "off": 0, "o": -1, "t": 1, "TRUE": 1, "truex": -1, "y": 1, "ye": 1, "yes": 1,
		"n": 0, "no": 0, "nO": 0, "f": 0, "fals": 0, "1": 1, "0": 0, "01": -1, "": -1, " on": -1, "on ": -1, "2": -1,
	} {
		b, ok := parseBool(in)
		got := -1
		if ok {
			got = 0
			if b {
				got = 1
			}
		}
		if got != want {
			t.Errorf("parseBool(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSplitIdentifiers(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		ok   bool
	}{
		{`"$user", public`, []string{"$user", "public"}, true},
		{`A, "B c",d`, []string{"a", "B c", "d"}, true},
		{`""`, []string{""}, true}, {`"a""b"`, []string{`a"b`}, true},
		{"", nil, true}, {"  ", nil, true},
		{"a,,b", nil, false}, {"a b", nil, false}, {"a,", nil, false}, {",a", nil, false}, {`"a`, nil, false},
	}
	for _, c := range cases {
		got, ok := splitIdentifiers(c.in, ',')
		if ok != c.ok || len(got) != len(c.want) {
			t.Errorf("split(%q) = %q %v", c.in, got, ok)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("split(%q) = %q", c.in, got)
			}
		}
	}
}
