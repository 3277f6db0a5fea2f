package funcs

import (
	"math"
	"strconv"
	"testing"
)

// The expected values are PostgreSQL 15's cbrt() output on glibc.
func TestLibmCbrt(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{27, "3.0000000000000004"}, {-8, "-2"}, {2, "1.2599210498948734"}, {1000, "10"},
		{5, "1.7099759466766968"}, {0.5, "0.7937005259840998"}, {1e-300, "1e-100"}, {343, "7"},
		{0, "0"}, {math.Inf(-1), "-Inf"},
	} {
		if got := strconv.FormatFloat(libmCbrt(c.in), 'g', -1, 64); got != c.want {
			t.Errorf("cbrt(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}
