package funcs

import (
	"math"
	"strconv"
	"testing"
)

// The expected values are PostgreSQL 15's float8 output on glibc, where
// Go's math package differs in the last place.
func TestLibmFloat8(t *testing.T) {
	for _, c := range []struct {
		name string
		got  float64
		want string
	}{
		{"exp(1.5)", exactExp(1.5), "4.4816890703380645"},
		{"exp(-19.63)", exactExp(-19.63), "2.9840034453430037e-09"},
		{"exp(14.78)", exactExp(14.78), "2.6234478922747765e+06"},
		{"ln(7.381)", exactLog(7.381), "1.9989091307879152"},
		{"ln(1e-300)", exactLog(1e-300), "-690.7755278982137"},
		{"log10(19.631)", libmLog10(19.631), "1.292942423054936"},
		{"log10(1.871)", libmLog10(1.871), "0.2720737875000099"},
		{"log10(2.941)", libmLog10(2.941), "0.46849502450706937"},
		{"pow(1.37, 1.7)", exactPow(1.37, 1.7), "1.707752635228045"},
		{"pow(-3.3, 3)", exactPow(-3.3, 3), "-35.937"},
		{"pow(2, 0.5)", exactPow(2, 0.5), "1.4142135623730951"},
		{"pow(10, -2.5)", exactPow(10, -2.5), "0.0031622776601683794"},
		{"sin(-19.63)", exactSin(-19.63), "-0.7035950512347219"},
		{"cos(-1.87)", exactCos(-1.87), "-0.294759352997261"},
		{"tan(2.94)", exactTan(2.94), "-0.204368670285524"},
		{"sin(1e6)", exactSin(1e6), "-0.34999350217129294"},
		{"cos(0.5)", exactCos(0.5), "0.8775825618903728"},
		{"cot(1.2)", 1 / exactTan(1.2), "0.38877956936820496"},
		{"sin(pi)", exactSin(math.Pi), "1.2246467991473532e-16"},
	} {
		if got := strconv.FormatFloat(c.got, 'g', -1, 64); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
}

func BenchmarkExactExp(b *testing.B) {
	for i := 0; i < b.N; i++ {
		exactExp(1.5 + float64(i%100)*0.01)
	}
}
