package numeric

import (
	"encoding/hex"
	"math"
	"testing"
)

func mustParse(t testing.TB, s string) *Decimal {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return d
}

// TestSendRecvRoundTrip checks that Recv(AppendSend(d)) keeps the value and
// the display scale.
func TestSendRecvRoundTrip(t *testing.T) {
	for _, s := range []string{"0", "0.000", "1", "-1.50", "12345.6789", "0.00001", "1e20",
		"NaN", "Infinity", "-Infinity", "123456789012345678901234567890.12345", "-0.0001",
		"9223372036854775807", "-9223372036854775808", "99999999999999999999.9999999999"} {
		d := mustParse(t, s)
		b := d.AppendStored(nil)
		r, err := FromStored(b)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if r.String() != d.String() {
			t.Errorf("%s: round trip gave %s", s, r)
		}
	}
}

// TestRecv checks decoding of wire images PostgreSQL produced, including
// digits beyond the display scale, which numeric_recv drops.
func TestRecv(t *testing.T) {
	for _, c := range []struct{ hex, want string }{
		{"0002000000000004000c0d80", "12.3456"},
		{"0002000000000002000c0d80", "12.34"},
		{"0002000100000000000c0d80", "123456"},
		{"0001fffe40000004000a", "0.0000"},
		{"00000000c0000000", "NaN"},
		{"0000000000000003", "0.000"},
	} {
		b, _ := hex.DecodeString(c.hex)
		d, err := Recv(b)
		if err != nil {
			t.Errorf("%s: %v", c.hex, err)
			continue
		}
		if d.String() != c.want {
			t.Errorf("%s: got %s, want %s", c.hex, d, c.want)
		}
	}
	for _, h := range []string{"", "0001", "00010000000000002710", "0000000012340000", "000000000000ffff", "0001000000000000"} {
		b, _ := hex.DecodeString(h)
		if _, err := Recv(b); err == nil {
			t.Errorf("%q: accepted", h)
		}
	}
}

// TestHash checks that values comparing equal hash alike.
func TestHash(t *testing.T) {
	groups := [][]string{
		{"1", "1.0", "1.00000000000000000000000000"},
		{"0", "0.00", "-0.0"},
		{"100", "100.000", "1e2"},
		{"123456789012345678901234567890", "123456789012345678901234567890.000"},
		{"-2.5", "-2.50"},
		{"NaN", "nan"},
	}
	for _, g := range groups {
		h := mustParse(t, g[0]).Hash()
		for _, s := range g[1:] {
			if mustParse(t, s).Hash() != h {
				t.Errorf("Hash(%s) != Hash(%s)", s, g[0])
			}
		}
	}
	if mustParse(t, "1").Hash() == mustParse(t, "10").Hash() {
		t.Errorf("1 and 10 collide")
	}
}

// TestAcc checks sums against Add and that the accumulator does not
// allocate per row.
func TestAcc(t *testing.T) {
	var a Acc
	want := Zero()
	vals := []string{"1.5", "2", "-0.25", "99999999999999999999", "0.001", "9223372036854775807", "1e-30"}
	for i := 0; i < 50; i++ {
		for _, s := range vals {
			d := mustParse(t, s)
			a.AddDecimal(d)
			want, _ = Add(want, d)
		}
		a.AddInt64(math.MaxInt64)
		want, _ = Add(want, FromInt64(math.MaxInt64))
	}
	if got := a.Sum(); got.String() != want.String() {
		t.Errorf("Sum = %s, want %s", got, want)
	}
	if a.Count() != 50*int64(len(vals)+1) {
		t.Errorf("Count = %d", a.Count())
	}
	avg, err := a.Avg()
	if err != nil {
		t.Fatal(err)
	}
	wantAvg, _ := Div(want, FromInt64(a.Count()))
	if avg.String() != wantAvg.String() {
		t.Errorf("Avg = %s, want %s", avg, wantAvg)
	}

	var b Acc
	d := mustParse(t, "12.34")
	allocs := testing.AllocsPerRun(1000, func() {
		b.AddInt64(7)
		b.AddDecimal(d)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per row", allocs)
	}
	b.Reset()
	b.AddDecimal(NaN())
	b.AddInt64(1)
	if !b.Sum().IsNaN() {
		t.Errorf("NaN sum = %s", b.Sum())
	}
	var c Acc
	c.AddDecimal(Inf(1))
	c.AddDecimal(Inf(-1))
	if !c.Sum().IsNaN() {
		t.Errorf("inf-inf sum = %s", c.Sum())
	}
	var e Acc
	if e.Sum() != nil {
		t.Errorf("empty sum not nil")
	}
}

func TestFloat64(t *testing.T) {
	for _, c := range []struct {
		s string
		f float64
	}{{"0.1", 0.1}, {"-2.5", -2.5}, {"1e308", 1e308}, {"1e400", math.Inf(1)},
		{"123456789012345678901234567890", 1.2345678901234568e29}, {"0.30000000000000004", 0.30000000000000004}} {
		if got := mustParse(t, c.s).Float64(); got != c.f {
			t.Errorf("Float64(%s) = %v, want %v", c.s, got, c.f)
		}
	}
	if !math.IsNaN(NaN().Float64()) {
		t.Errorf("NaN")
	}
}

func TestTypmodString(t *testing.T) {
	tm, _ := MakeTypmod(5, 2)
	if s := TypmodString(tm); s != "(5,2)" {
		t.Errorf("got %q", s)
	}
	tm, _ = MakeTypmod(5, -2)
	if s := TypmodString(tm); s != "(5,-2)" {
		t.Errorf("got %q", s)
	}
	if TypmodString(-1) != "" {
		t.Errorf("-1")
	}
	if _, err := MakeTypmod(0, 0); err == nil {
		t.Errorf("precision 0 accepted")
	}
}

func TestMinScaleTrimScale(t *testing.T) {
	for _, c := range []struct {
		in   string
		min  int32
		trim string
	}{{"1.5000", 1, "1.5"}, {"100.00", 0, "100"}, {"0.000", 0, "0"}, {"-0.0100", 2, "-0.01"},
		{"123456789012345678901234567890.1000", 1, "123456789012345678901234567890.1"}, {"NaN", 0, "NaN"}} {
		d := mustParse(t, c.in)
		if m := MinScale(d); m != c.min {
			t.Errorf("MinScale(%s) = %d, want %d", c.in, m, c.min)
		}
		if s := TrimScale(d).String(); s != c.trim {
			t.Errorf("TrimScale(%s) = %s, want %s", c.in, s, c.trim)
		}
	}
}

func TestAccMerge(t *testing.T) {
	var a, b Acc
	a.AddDecimal(mustParse(t, "1.5"))
	a.AddInt64(2)
	b.AddDecimal(mustParse(t, "0.25"))
	b.AddInt64(math.MaxInt64)
	a.Merge(&b)
	want := mustParse(t, "9223372036854775810.75")
	if a.Sum().String() != want.String() || a.Count() != 4 {
		t.Errorf("merged sum %s count %d", a.Sum(), a.Count())
	}
}

// TestHashHuge checks that hashing a value with many trailing zeros stays
// fast and agrees across scales.
func TestHashHuge(t *testing.T) {
	a, err := Power(FromInt64(10), FromInt64(100000))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Round(a, 5)
	if a.Hash() != b.Hash() {
		t.Errorf("10^100000 hashes differently at scale 5")
	}
	if MinScale(b) != 0 {
		t.Errorf("MinScale = %d", MinScale(b))
	}
}
