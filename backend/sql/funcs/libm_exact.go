package funcs

import (
	"math"
	"math/big"
)

// Correctly rounded exp, ln, log10, pow, sin, cos and tan for float8.
// PostgreSQL calls the C library, whose modern implementations of these
// (glibc's) return the correctly rounded result in practice, while Go's
// math package is off by one unit in the last place for a good share of
// arguments; since float8 output is compared byte for byte, these compute
// the exact value with 128-bit arithmetic and round it once. Non-finite and degenerate
// arguments keep math's answers, which agree with C's. Most arguments
// never reach the 128-bit code: the double-double paths of libm_fast.go
// answer whenever their result rounds unambiguously.

const exactPrec = 128

func bigConst(s string) *big.Float {
	f, _, err := big.ParseFloat(s, 10, 2*exactPrec, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	return f
}

var (
	bigLn2  = bigConst("0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586332699641868754200148102057068573368552023575813055703267075163507596193")
	bigLn10 = bigConst("2.30258509299404568401799145468436420760110148862877297603332790096757260967735248023599720508959829834196778404228624863340952546508280675666628736909878168948")
)

func newBig() *big.Float { return new(big.Float).SetPrec(exactPrec) }

// bigExpOf returns e^x for a finite x whose exponential is within float64's
// range.
func bigExpOf(x *big.Float) *big.Float {
	xf, _ := x.Float64()
	k := math.Round(xf / math.Ln2)
	r := newBig().Mul(bigLn2, newBig().SetFloat64(k))
	r.Sub(x, r)
	const halvings = 12
	r.SetMantExp(r, -halvings)
	sum := newBig().SetInt64(1)
	term := newBig().SetInt64(1)
	for i := int64(1); i < 60; i++ {
		term.Mul(term, r)
		term.Quo(term, newBig().SetInt64(i))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -exactPrec {
			break
		}
	}
	for i := 0; i < halvings; i++ {
		sum.Mul(sum, sum)
	}
	return sum.SetMantExp(sum, int(k))
}

// bigLogOf returns ln(x) for a finite x > 0.
func bigLogOf(x float64) *big.Float {
	m, e := math.Frexp(x)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	bm := newBig().SetFloat64(m)
	one := newBig().SetInt64(1)
	s := newBig().Quo(newBig().Sub(bm, one), newBig().Add(bm, one))
	s2 := newBig().Mul(s, s)
	sum := newBig().Set(s)
	term := newBig().Set(s)
	for n := int64(1); n < 200 && s.Sign() != 0; n++ {
		term.Mul(term, s2)
		t := newBig().Quo(term, newBig().SetInt64(2*n+1))
		sum.Add(sum, t)
		if t.Sign() == 0 || t.MantExp(nil)-sum.MantExp(nil) < -exactPrec {
			break
		}
	}
	sum.Mul(sum, newBig().SetInt64(2))
	return sum.Add(sum, newBig().Mul(bigLn2, newBig().SetInt64(int64(e))))
}

func roundBig(f *big.Float) float64 {
	v, _ := f.Float64()
	return v
}

// exactExp is exp(x) correctly rounded.
func exactExp(x float64) float64 {
	r := math.Exp(x)
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) || math.IsInf(r, 0) || r < 0x1p-1022 {
		return r
	}
	if v, ok := fastExp(x); ok {
		return v
	}
	return roundBig(bigExpOf(newBig().SetFloat64(x)))
}

// exactLog is ln(x) correctly rounded.
func exactLog(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) || x == 1 {
		return math.Log(x)
	}
	if v, ok := fastLog(x); ok {
		return v
	}
	return roundBig(bigLogOf(x))
}

// libmLog10 is log10(x) as glibc computes it, which is not always
// correctly rounded: the binary exponent k and the mantissa m of x (in
// [1, 2), or [0.5, 1) for k < 0) give k*log10(2) + log(m)/ln(10), with
// log10(2) split in two parts and log correctly rounded.
func libmLog10(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) || x == 1 || x < 0x1p-1022 {
		return math.Log10(x)
	}
	const (
		ivln10   = 4.34294481903251816668e-01 // 0x3FDBCB7B1526E50E
		log102hi = 3.01029995663611771306e-01 // 0x3FD34413509F6000
		log102lo = 3.69423907715893078616e-13 // 0x3D59FEF311F12B36
	)
	bits := math.Float64bits(x)
	k := int64(bits>>52) - 1023
	i := uint64(0)
	if k < 0 {
		i = 1
	}
	m := math.Float64frombits(bits&(1<<52-1) | (0x3ff-i)<<52)
	y := float64(k + int64(i))
	// The explicit conversions keep each product rounded on its own, as C
	// does without contraction.
	z := float64(y*log102lo) + float64(ivln10*exactLog(m))
	return z + float64(y*log102hi)
}

// exactPow is pow(x, y) correctly rounded.
func exactPow(x, y float64) float64 {
	r := math.Pow(x, y)
	if x == 0 || y == 0 || x == 1 || y == 1 || math.IsNaN(r) || math.IsInf(r, 0) || r == 0 ||
		math.IsInf(x, 0) || math.IsInf(y, 0) || math.Abs(r) < 0x1p-1022 {
		return r
	}
	neg := false
	if x < 0 {
		// Finite r for a negative base means y is an integer.
		neg = math.Mod(y, 2) != 0
		x = -x
	}
	v, ok := fastPow(x, y)
	if !ok {
		v = roundBig(bigExpOf(newBig().Mul(bigLogOf(x), newBig().SetFloat64(y))))
	}
	if neg {
		v = -v
	}
	return v
}

var bigPi = bigConst("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196")

// bigSinCos returns sin(x) and cos(x) for a finite x of moderate size
// (|x| < 2^40): x is reduced by multiples of pi/2 with a long pi, and the
// Taylor series of both run on the remainder.
func bigSinCos(x float64) (sin, cos *big.Float) {
	prec := uint(exactPrec + 64)
	halfPi := new(big.Float).SetPrec(prec).Quo(bigPi, new(big.Float).SetInt64(2))
	n := math.Round(x / (math.Pi / 2))
	r := new(big.Float).SetPrec(prec).Mul(halfPi, new(big.Float).SetPrec(prec).SetFloat64(n))
	r.Sub(new(big.Float).SetPrec(prec).SetFloat64(x), r)
	r2 := new(big.Float).SetPrec(prec).Mul(r, r)
	s := new(big.Float).SetPrec(prec).Set(r)
	c := new(big.Float).SetPrec(prec).SetInt64(1)
	ts := new(big.Float).SetPrec(prec).Set(r)
	tc := new(big.Float).SetPrec(prec).SetInt64(1)
	for k := int64(1); k < 60; k++ {
		ts.Mul(ts, r2)
		ts.Quo(ts, new(big.Float).SetInt64(-(2*k)*(2*k+1)))
		s.Add(s, ts)
		tc.Mul(tc, r2)
		tc.Quo(tc, new(big.Float).SetInt64(-(2*k-1)*(2*k)))
		c.Add(c, tc)
		if ts.Sign() == 0 || ts.MantExp(nil) < -int(prec) {
			break
		}
	}
	switch int64(math.Mod(n, 4)+4) % 4 {
	case 1:
		s, c = c, s.Neg(s)
	case 2:
		s, c = s.Neg(s), c.Neg(c)
	case 3:
		s, c = c.Neg(c), s
	}
	return s, c
}

// exactTrig is sin, cos or tan correctly rounded; very large, tiny and
// non-finite arguments keep math's answers.
func exactTrig(fn byte, x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) < 0x1p-26 || math.Abs(x) > 0x1p40 {
		return mathTrig(fn, x)
	}
	if v, ok := fastTrig(fn, x); ok {
		return v
	}
	s, c := bigSinCos(x)
	switch fn {
	case 's':
		return roundBig(s)
	case 'c':
		return roundBig(c)
	}
	if c.Sign() == 0 {
		return mathTrig(fn, x)
	}
	return roundBig(new(big.Float).SetPrec(exactPrec).Quo(s, c))
}

// mathTrig is math's sin, cos or tan.
func mathTrig(fn byte, x float64) float64 {
	switch fn {
	case 's':
		return math.Sin(x)
	case 'c':
		return math.Cos(x)
	}
	return math.Tan(x)
}

func exactSin(x float64) float64 { return exactTrig('s', x) }
func exactCos(x float64) float64 { return exactTrig('c', x) }

// exactTan is tan(x) correctly rounded; glibc's tan is not always, so
// in rare cases it still differs from PostgreSQL's in the last place.
func exactTan(x float64) float64 { return exactTrig('t', x) }
