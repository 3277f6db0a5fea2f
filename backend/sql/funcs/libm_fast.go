package funcs

import (
	"math"
	"math/big"
)

// Fast paths for the correctly rounded float8 functions of libm_exact.go.
// Each evaluates its function in double-double arithmetic (an unevaluated
// sum hi+lo of two float64s, about 106 bits) with error-free
// transformations built on math.FMA, then rounds the result once. The
// rounding is trusted only when every value within a generous error bound
// of the double-double result rounds to the same float64; otherwise, and
// outside the argument ranges whose reductions are accurate here, the
// caller falls back to the 128-bit math/big path. The two paths therefore
// return the same float64 for every argument. Products that feed an
// error-free sum are converted to float64 explicitly, which keeps the
// compiler from fusing them into the addition.

// dd is the unevaluated sum hi+lo with |lo| at most half an ulp of hi.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// fastTwoSum is twoSum for |a| >= |b| (or a == 0).
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

func twoProd(a, b float64) (p, e float64) {
	p = a * b
	e = math.FMA(a, b, -p)
	return p, e
}

func ddAdd(a, b dd) dd {
	s, e := twoSum(a.hi, b.hi)
	t, f := twoSum(a.lo, b.lo)
	e += t
	s, e = fastTwoSum(s, e)
	e += f
	s, e = fastTwoSum(s, e)
	return dd{s, e}
}

func ddAddF(a dd, b float64) dd {
	s, e := twoSum(a.hi, b)
	e += a.lo
	s, e = fastTwoSum(s, e)
	return dd{s, e}
}

func ddMul(a, b dd) dd {
	p, e := twoProd(a.hi, b.hi)
	e = math.FMA(a.hi, b.lo, e)
	e = math.FMA(a.lo, b.hi, e)
	p, e = fastTwoSum(p, e)
	return dd{p, e}
}

func ddMulF(a dd, b float64) dd {
	p, e := twoProd(a.hi, b)
	e = math.FMA(a.lo, b, e)
	p, e = fastTwoSum(p, e)
	return dd{p, e}
}

func ddNeg(a dd) dd { return dd{-a.hi, -a.lo} }

// ddDiv is a/b with three correction steps of long division.
func ddDiv(a, b dd) dd {
	q1 := a.hi / b.hi
	r := ddAdd(a, ddNeg(ddMulF(b, q1)))
	q2 := r.hi / b.hi
	r = ddAdd(r, ddNeg(ddMulF(b, q2)))
	q3 := r.hi / b.hi
	s, e := fastTwoSum(q1, q2)
	return ddAddF(dd{s, e}, q3)
}

// ddHorner evaluates sum c[k]*x^k in double-double, the coefficients of
// index tailFrom and above (whose terms are below 2^-53 of the sum) in
// plain float64.
func ddHorner(c []dd, tailFrom int, x dd) dd {
	t := 0.0
	for k := len(c) - 1; k >= tailFrom; k-- {
		t = t*x.hi + c[k].hi
	}
	p := dd{t, 0}
	for k := tailFrom - 1; k >= 0; k-- {
		p = ddAdd(ddMul(p, x), c[k])
	}
	return p
}

// ddRound rounds v to float64 when every value within relErr*|v| of it
// rounds to the same float64; ok is false when that cannot be decided.
func ddRound(v dd, relErr float64) (r float64, ok bool) {
	e := relErr * math.Abs(v.hi)
	a := v.hi + (v.lo - e)
	b := v.hi + (v.lo + e)
	return a, a == b
}

// Error bounds passed to ddRound. The evaluations below stay within about
// 2^-104 of the result (TestFastErrorBounds measures them); the bounds
// leave a wide margin on top.
const (
	fastRelErr = 0x1p-92
	fastPowErr = 0x1p-92 // times (1 + |y*ln x|)
)

// Constants, split from 256-bit values into float64 parts.
var (
	ln2Parts   = splitBig(bigLn2, 3)
	ln2Over64  = [3]float64{ln2Parts[0] / 64, ln2Parts[1] / 64, ln2Parts[2] / 64}
	halfPiPart = splitBig(new(big.Float).SetPrec(2*exactPrec).Quo(bigPi, big.NewFloat(2)), 5)
	// exp2Tab[j] is 2^(j/64).
	exp2Tab = makeExp2Tab()
	// lnTab[j-lnTabLo] is ln(j/128).
	lnTab = makeLnTab()
	// expCoef[k] is 1/k!; sinCoef[k] is (-1)^k/(2k+1)!; cosCoef[k] is
	// (-1)^k/(2k)!; atanhCoef[k] is 1/(2k+1). The tables are built by
	// variable initializers, not init, because other package variables
	// are computed with these functions.
	expCoef, sinCoef, cosCoef = makeSeriesCoef()
	atanhCoef                 = makeAtanhCoef()
)

const (
	lnTabLo = 90  // 128*sqrt(2)/2 rounded down
	lnTabHi = 182 // 128*sqrt(2) rounded up
)

func splitBig(f *big.Float, n int) []float64 {
	rest := new(big.Float).SetPrec(f.Prec()).Set(f)
	parts := make([]float64, n)
	for i := range parts {
		parts[i], _ = rest.Float64()
		rest.Sub(rest, new(big.Float).SetFloat64(parts[i]))
	}
	return parts
}

func bigToDD(f *big.Float) dd {
	p := splitBig(f, 2)
	return dd{p[0], p[1]}
}

func bigRatio(num, den int64) *big.Float {
	return new(big.Float).SetPrec(2*exactPrec).Quo(new(big.Float).SetInt64(num), new(big.Float).SetInt64(den))
}

func makeExp2Tab() (t [64]dd) {
	for j := range t {
		t[j] = bigToDD(bigExpOf(newBig().Mul(bigLn2, bigRatio(int64(j), 64))))
	}
	return t
}

func makeLnTab() (t [lnTabHi - lnTabLo + 1]dd) {
	for j := lnTabLo; j <= lnTabHi; j++ {
		t[j-lnTabLo] = bigToDD(bigLogOf(float64(j) / 128))
	}
	return t
}

func makeSeriesCoef() (exp [14]dd, sin, cos [16]dd) {
	f := new(big.Float).SetPrec(2 * exactPrec).SetInt64(1) // 1/k!
	for k := range 2 * len(sin) {
		if k > 0 {
			f.Quo(f, new(big.Float).SetInt64(int64(k)))
		}
		v := bigToDD(f)
		if k < len(exp) {
			exp[k] = v
		}
		if (k/2)%2 == 1 {
			v = ddNeg(v)
		}
		if k%2 == 0 {
			cos[k/2] = v
		} else {
			sin[k/2] = v
		}
	}
	return exp, sin, cos
}

func makeAtanhCoef() (c [9]dd) {
	for k := range c {
		c[k] = bigToDD(bigRatio(1, int64(2*k+1)))
	}
	return c
}

// ddExpReduced returns m and k with e^x = m*2^k for x = x.hi+x.lo,
// |x| <= 746: x = (64k+j)*ln2/64 + r, |r| <= ln2/128, and
// e^x = 2^k * 2^(j/64) * e^r.
func ddExpReduced(x dd) (dd, int) {
	n := math.Round(x.hi * (64 / math.Ln2))
	c := &ln2Over64
	p1, e1 := twoProd(n, c[0])
	p2, e2 := twoProd(n, c[1])
	r := ddSum(x.hi, -p1)
	r = ddAdd(r, dd{x.lo, -e1})
	r = ddAdd(r, dd{-p2, -e2})
	r = ddAddF(r, float64(-n*c[2]))
	p := ddHorner(expCoef[:], 7, r)
	ni := int(n)
	j := ni & 63
	return ddMul(exp2Tab[j], p), (ni - j) / 64
}

// fastExp is exp(x) for a finite x with -707 < x < 709 (a normal result).
func fastExp(x float64) (float64, bool) {
	if !(x > -707 && x < 709) {
		return 0, false
	}
	m, k := ddExpReduced(dd{x, 0})
	v, ok := ddRound(m, fastRelErr)
	return math.Ldexp(v, k), ok
}

// ddLog returns ln(x) for a finite x > 0: x = f*2^e with f in
// [sqrt(2)/2, sqrt(2)), c = j/128 the nearest grid point to f, and
// ln(x) = e*ln2 + ln(c) + 2*atanh((f-c)/(f+c)).
func ddLog(x float64) dd {
	f, e := math.Frexp(x)
	if f < math.Sqrt2/2 {
		f *= 2
		e--
	}
	j := int(math.Round(f * 128))
	c := float64(j) / 128
	d := f - c // exact (Sterbenz)
	s := ddDiv(dd{d, 0}, ddSum(f, c))
	s2 := ddMul(s, s)
	t := ddMulF(ddMul(s, ddHorner(atanhCoef[:], 4, s2)), 2)
	t = ddAdd(t, lnTab[j-lnTabLo])
	if e == 0 {
		return t
	}
	fe := float64(e)
	p1, e1 := twoProd(fe, ln2Parts[0])
	p2, e2 := twoProd(fe, ln2Parts[1])
	l := ddAdd(dd{p1, e1}, dd{p2, e2 + float64(fe*ln2Parts[2])})
	return ddAdd(l, t)
}

// ddSum returns a+b exactly as a double-double.
func ddSum(a, b float64) dd {
	s, e := twoSum(a, b)
	return dd{s, e}
}

// fastLog is ln(x) for a finite x > 0.
func fastLog(x float64) (float64, bool) {
	return ddRound(ddLog(x), fastRelErr)
}

// fastPow is |x|^y for finite x != 0 and y whose result is normal.
func fastPow(x, y float64) (float64, bool) {
	z := ddMulF(ddLog(math.Abs(x)), y)
	if !(z.hi > -707 && z.hi < 709) {
		return 0, false
	}
	m, k := ddExpReduced(z)
	v, ok := ddRound(m, fastPowErr*(1+math.Abs(z.hi)))
	return math.Ldexp(v, k), ok
}

// ddReduceHalfPi returns r = x - n*pi/2 for an integer n with
// 0 < |n| < 2^41 near x/(pi/2). The first attempt sums the exact pieces of
// n*(parts of pi/2) in double-double; its absolute error is below
// 2^-104*|r| + |n|*2^-155, which is small enough relative to r unless
// x is very close to a multiple of pi/2. Then the pieces are summed
// exactly instead.
func ddReduceHalfPi(x, n float64) dd {
	p1, e1 := twoProd(n, halfPiPart[0])
	p2, e2 := twoProd(n, halfPiPart[1])
	p3, e3 := twoProd(n, halfPiPart[2])
	a, ea := twoSum(x, -p1) // ea is 0 but for arguments near (n-1/2)*pi/2
	r := ddSum(a, -p2)
	r = ddAdd(r, dd{-e1, ea - e2})
	r = ddAdd(r, dd{-p3, -e3 - float64(n*halfPiPart[3])})
	if math.Abs(r.hi) >= math.Abs(n)*0x1p-50 {
		return r
	}
	return reduceExpansion(x, n)
}

// reduceExpansion is ddReduceHalfPi summing the products exactly into a
// nonoverlapping expansion before rounding it to a double-double.
func reduceExpansion(x, n float64) dd {
	var terms [9]float64
	terms[0] = x
	for i := 0; i < 3; i++ {
		p, e := twoProd(n, halfPiPart[i])
		terms[1+2*i], terms[2+2*i] = -p, -e
	}
	terms[7] = float64(-n * halfPiPart[3])
	terms[8] = float64(-n * halfPiPart[4])
	var exp [9]float64
	ne := 0
	for _, b := range terms {
		q := b
		for i := 0; i < ne; i++ {
			q, exp[i] = twoSum(q, exp[i])
		}
		exp[ne] = q
		ne++
	}
	r := dd{}
	for i := 0; i < ne; i++ {
		r = ddAddF(r, exp[i])
	}
	return r
}

// ddSinCos returns sin(x) (want 's'), cos(x) (want 'c') or both (any
// other want) for 2^-26 <= |x| <= 2^40; a value not asked for is zero.
func ddSinCos(want byte, x float64) (sin, cos dd) {
	n := math.Round(x / (math.Pi / 2))
	r := dd{x, 0}
	if n != 0 {
		r = ddReduceHalfPi(x, n)
	}
	r2 := ddMul(r, r)
	q := int64(n) & 3 // n is an integer below 2^41
	// In quadrants 1 and 3, sin(x) is +-cos(r) and cos(x) is +-sin(r).
	needSin, needCos := want != 'c', want != 's'
	if q%2 == 1 {
		needSin, needCos = needCos, needSin
	}
	var s, c dd
	if needSin {
		s = ddMul(r, ddHorner(sinCoef[:], 9, r2))
	}
	if needCos {
		c = ddHorner(cosCoef[:], 9, r2)
	}
	switch q {
	case 1:
		s, c = c, ddNeg(s)
	case 2:
		s, c = ddNeg(s), ddNeg(c)
	case 3:
		s, c = ddNeg(c), s
	}
	return s, c
}

// fastTrig is sin, cos or tan (fn 's', 'c', 't') for
// 2^-26 <= |x| <= 2^40.
func fastTrig(fn byte, x float64) (float64, bool) {
	s, c := ddSinCos(fn, x)
	switch fn {
	case 's':
		return ddRound(s, fastRelErr)
	case 'c':
		return ddRound(c, fastRelErr)
	}
	if c.hi == 0 {
		return 0, false
	}
	return ddRound(ddDiv(s, c), fastRelErr)
}
