package numeric

import (
	"math"
	"math/big"

	"ringpg/pgerr"
)

// Error codes of the SQL standard for bad arguments of log and power.
const (
	invalidArgForLog   = "2201E"
	invalidArgForPower = "2201F"
)

// maxWeightDigits bounds exp's argument, as PostgreSQL does (3 × 2000).
const expArgLimit = maxResultScale * 3

func clampScale(rscale, dscale int32) int32 {
	return min(max(rscale, dscale, 0), MaxDisplayScale)
}

// bitsFor returns the fixed-point fraction bits that hold n decimal digits
// plus guard bits.
func bitsFor(n int32) uint {
	if n < 0 {
		n = 0
	}
	return uint(float64(n)*3.3219280948873626) + 64
}

// weight10000 returns PostgreSQL's base-10000 weight of d (0 for zero).
func (d *Decimal) weight10000() int32 {
	if d.isZero() {
		return 0
	}
	w, _ := d.weightFirst()
	return w
}

// Sqrt returns the square root, to at least 16 significant digits and no
// fewer fraction digits than d has, as numeric_sqrt.
func Sqrt(d *Decimal) (*Decimal, error) {
	switch {
	case d.form == formNaN || d.form == formPInf:
		return d, nil
	case d.Sign() < 0:
		return nil, pgerr.New(invalidArgForPower, "cannot take square root of a negative number")
	}
	sweight := (d.weight10000()+1)*4/2 - 1
	rscale := clampScale(MinSigDigits-sweight, d.dscale)
	return sqrtScaled(d, rscale), nil
}

// sqrtScaled returns sqrt(d) rounded half up to rscale (>= 0) digits: the
// integer square root with one more digit decides the rounding exactly.
func sqrtScaled(d *Decimal, rscale int32) *Decimal {
	// sqrt(c / 10^s) × 10^(r+1) = sqrt(c × 10^(2r+2-s)); make the exponent even.
	e := 2*(rscale+1) - d.dscale
	c := d.coef()
	if e >= 0 {
		c.Mul(c, bigPow10(e))
	} else {
		c.Quo(c, bigPow10(-e))
	}
	s := c.Sqrt(c)
	q, r := s.QuoRem(s, bigTen, new(big.Int))
	if r.Int64() >= 5 {
		q.Add(q, big.NewInt(1))
	}
	return mk(q, rscale)
}

// Exp returns e^d with numeric_exp's result scale.
func Exp(d *Decimal) (*Decimal, error) {
	switch d.form {
	case formNaN, formPInf:
		return d, nil
	case formNInf:
		return zeroDec, nil
	}
	val := d.Float64() * 0.434294481903252
	val = max(min(val, maxResultScale), -maxResultScale)
	rscale := clampScale(MinSigDigits-int32(val), d.dscale)
	return expScaled(d, rscale)
}

func expScaled(d *Decimal, rscale int32) (*Decimal, error) {
	f := d.Float64()
	if math.Abs(f) >= expArgLimit {
		if f > 0 {
			return nil, overflowErr()
		}
		return &Decimal{dscale: rscale}, nil
	}
	dweight := int32(f * 0.434294481903252)
	p := bitsFor(rscale + max(dweight, 0) + 10)
	return expFixedToDecimal(toFixed(d, p), p, rscale)
}

func expFixedToDecimal(x *big.Int, p uint, rscale int32) (*Decimal, error) {
	m, k := expFixed(x, p)
	// value = m × 2^(k-p)
	if k >= 0 {
		m.Lsh(m, uint(k))
	} else {
		p += uint(-k)
	}
	return checkResult(fixedToDecimal(m, p, rscale))
}

// lnDweight estimates the decimal weight of ln(d) as PostgreSQL's
// estimate_ln_dweight does, so that result scales agree.
func lnDweight(d *Decimal) int32 {
	if d.form != formFinite || d.Sign() <= 0 {
		return 0
	}
	lo, _ := Parse("0.9")
	hi, _ := Parse("1.1")
	if Cmp(d, lo) >= 0 && Cmp(d, hi) <= 0 {
		x, _ := Sub(d, FromInt64(1))
		if x.isZero() {
			return 0
		}
		w, first := x.weightFirst()
		return w*4 + int32(math.Log10(float64(first)))
	}
	var buf [16]int16
	digs, w := d.base10000(buf[:0])
	digits := float64(digs[0])
	dweight := w * 4
	if len(digs) > 1 {
		digits = digits*10000 + float64(digs[1])
		dweight -= 4
	}
	lnv := math.Log(digits) + float64(dweight)*2.302585092994046
	return int32(math.Log10(math.Abs(lnv)))
}

func checkLogArg(d *Decimal) error {
	switch s := d.Sign(); {
	case s == 0:
		return pgerr.New(invalidArgForLog, "cannot take logarithm of zero")
	case s < 0:
		return pgerr.New(invalidArgForLog, "cannot take logarithm of a negative number")
	}
	return nil
}

// Ln returns the natural logarithm with numeric_ln's result scale.
func Ln(d *Decimal) (*Decimal, error) {
	switch d.form {
	case formNaN, formPInf:
		return d, nil
	case formNInf:
		return nil, pgerr.New(invalidArgForLog, "cannot take logarithm of a negative number")
	}
	if err := checkLogArg(d); err != nil {
		return nil, err
	}
	rscale := clampScale(MinSigDigits-lnDweight(d), d.dscale)
	p := bitsFor(rscale + 10)
	return fixedToDecimal(lnFixed(d, p), p, rscale), nil
}

// Log10 returns the base-10 logarithm, as log(numeric) (which is log(10, x)).
func Log10(d *Decimal) (*Decimal, error) { return Log(FromInt64(10), d) }

// Log returns the logarithm of x in base b, as log(b, x).
func Log(b, x *Decimal) (*Decimal, error) {
	if b.form != formFinite || x.form != formFinite {
		if b.form == formNaN || x.form == formNaN {
			return nanDec, nil
		}
		if b.Sign() < 0 || x.Sign() < 0 {
			return nil, pgerr.New(invalidArgForLog, "cannot take logarithm of a negative number")
		}
		if b.Sign() == 0 || x.Sign() == 0 {
			return nil, pgerr.New(invalidArgForLog, "cannot take logarithm of zero")
		}
		if b.form == formPInf {
			if x.form == formPInf {
				return nanDec, nil
			}
			return zeroDec, nil
		}
		return pinfDec, nil
	}
	if err := checkLogArg(b); err != nil {
		return nil, err
	}
	if err := checkLogArg(x); err != nil {
		return nil, err
	}
	bw, xw := lnDweight(b), lnDweight(x)
	rw := xw - bw
	rscale := clampScale(MinSigDigits-rw, max(b.dscale, x.dscale))
	p := bitsFor(rscale + abs32(rw) + abs32(bw) + abs32(xw) + 10)
	lb := lnFixed(b, p)
	if lb.Sign() == 0 {
		return nil, divByZero()
	}
	lx := lnFixed(x, p)
	q := lx.Lsh(lx, p)
	q.Quo(q, lb)
	return checkResult(fixedToDecimal(q, p, rscale))
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

// isIntegral reports whether a finite d has no fraction.
func (d *Decimal) isIntegral() bool {
	if d.dscale == 0 {
		return true
	}
	if d.big == nil {
		return d.dscale <= 18 && d.small%pow10s[d.dscale] == 0 || d.small == 0
	}
	var r big.Int
	r.Rem(d.big, bigPow10(d.dscale))
	return r.Sign() == 0
}

// isOddInteger reports whether a finite integral d is odd.
func (d *Decimal) isOddInteger() bool {
	t := rescale(d, 0, true)
	if t.big != nil {
		return t.big.Bit(0) == 1
	}
	return t.small&1 == 1
}

// Power returns a ^ b as numeric_power does.
func Power(a, b *Decimal) (*Decimal, error) {
	if a.form != formFinite || b.form != formFinite {
		return powerSpecial(a, b)
	}
	if a.isZero() && b.Sign() < 0 {
		return nil, pgerr.New(invalidArgForPower, "zero raised to a negative power is undefined")
	}
	if b.isIntegral() {
		if e, err := b.Int64(); err == nil && e >= math.MinInt32 && e <= math.MaxInt32 {
			return powerInt(a, e, clampScale(MinSigDigits, a.dscale))
		}
	}
	if a.isZero() {
		return &Decimal{dscale: MinSigDigits}, nil
	}
	neg := false
	base := a
	if a.Sign() < 0 {
		if !b.isIntegral() {
			return nil, pgerr.New(invalidArgForPower, "a negative number raised to a non-integer power yields a complex result")
		}
		neg = b.isOddInteger()
		base = Abs(a)
	}
	lnw := lnDweight(base)
	// A low-precision pass estimates the result's weight.
	p0 := bitsFor(8 - min(lnw, 0) + 8)
	t0 := mulFixedDec(lnFixed(base, p0), b)
	val := new(big.Float).SetInt(t0)
	val.SetMantExp(val, -int(p0))
	v, _ := val.Float64()
	if math.Abs(v) > maxResultScale*3.01 {
		if v > 0 {
			return nil, overflowErr()
		}
		return &Decimal{dscale: MaxDisplayScale}, nil
	}
	v *= 0.434294481903252
	rscale := clampScale(MinSigDigits-int32(v), max(base.dscale, b.dscale))
	sig := max(rscale+int32(v), 0)
	bint := b.ndigits() - b.dscale
	p := bitsFor(sig + 10 + max(bint, 0))
	t := mulFixedDec(lnFixed(base, p), b)
	if math.Abs(v/0.434294481903252) >= expArgLimit {
		if v > 0 {
			return nil, overflowErr()
		}
		return &Decimal{dscale: rscale}, nil
	}
	r, err := expFixedToDecimal(t, p, rscale)
	if err != nil {
		return nil, err
	}
	if neg {
		r = Neg(r)
	}
	return r, nil
}

// mulFixedDec returns the fixed-point x times the decimal d.
func mulFixedDec(x *big.Int, d *Decimal) *big.Int {
	r := new(big.Int).Mul(x, d.coef())
	if d.dscale > 0 {
		r.Quo(r, bigPow10(d.dscale))
	}
	return r
}

// powerInt raises a to an integer power, rounded to rscale digits.
func powerInt(a *Decimal, e int64, rscale int32) (*Decimal, error) {
	switch e {
	case 0:
		return rescale(FromInt64(1), rscale, false), nil
	case 1:
		return Round(a, rscale)
	case -1:
		return DivScaled(FromInt64(1), a, rscale)
	case 2:
		m, err := Mul(a, a)
		if err != nil {
			return nil, err
		}
		return Round(m, rscale)
	}
	if a.isZero() {
		if e < 0 {
			return nil, divByZero()
		}
		return &Decimal{dscale: rscale}, nil
	}
	// Estimated log10 of the result.
	f := float64(e) * approxLog10(a)
	if f > 3*32767*4 {
		return nil, overflowErr()
	}
	if f+1 < float64(-rscale) || f+1 < -MaxDisplayScale {
		return &Decimal{dscale: rscale}, nil
	}
	ae := e
	if ae < 0 {
		ae = -ae
	}
	if int64(a.ndigits())*ae <= 1000000 {
		// Exact: (c / 10^s)^e.
		c := new(big.Int).Exp(a.coef(), big.NewInt(ae), nil)
		s := int64(a.dscale) * ae
		if s > math.MaxInt32/2 {
			return nil, overflowErr()
		}
		x := &Decimal{dscale: int32(s)}
		if c.IsInt64() {
			x.small = c.Int64()
		} else {
			x.big = c
		}
		if e > 0 {
			r := rescale(x, rscale, false)
			return checkResult(r)
		}
		return DivScaled(FromInt64(1), x, rscale)
	}
	// Too many digits to compute exactly: through exp(e × ln|a|).
	sig := max(rscale+int32(f), 0)
	p := bitsFor(sig + 10 + int32(math.Log10(float64(ae))+1))
	t := lnFixed(Abs(a), p)
	t.Mul(t, big.NewInt(e))
	r, err := expFixedToDecimal(t, p, rscale)
	if err != nil {
		return nil, err
	}
	if a.Sign() < 0 && ae&1 == 1 {
		r = Neg(r)
	}
	return r, nil
}

// approxLog10 returns log10|a| for a nonzero finite a.
func approxLog10(a *Decimal) float64 {
	nd := a.ndigits()
	var lead float64
	if a.big == nil {
		lead = float64(absU(a.small))
		return math.Log10(lead) - float64(a.dscale)
	}
	take := min(nd, 17)
	var q big.Int
	q.Abs(a.big)
	q.Quo(&q, bigPow10(nd-take))
	lead = float64(q.Int64())
	return math.Log10(lead) + float64(nd-take) - float64(a.dscale)
}

// powerSpecial handles power() with a NaN or infinite argument, following
// POSIX pow() as PostgreSQL does.
func powerSpecial(a, b *Decimal) (*Decimal, error) {
	one := FromInt64(1)
	if a.form == formNaN {
		if b.form == formFinite && b.isZero() {
			return one, nil
		}
		return nanDec, nil
	}
	if b.form == formNaN {
		if a.form == formFinite && Cmp(a, one) == 0 {
			return one, nil
		}
		return nanDec, nil
	}
	s1, s2 := a.Sign(), b.Sign()
	if s1 == 0 && s2 < 0 {
		return nil, pgerr.New(invalidArgForPower, "zero raised to a negative power is undefined")
	}
	if s1 < 0 && b.form == formFinite && !b.isIntegral() {
		return nil, pgerr.New(invalidArgForPower, "a negative number raised to a non-integer power yields a complex result")
	}
	if a.form == formFinite && Cmp(a, one) == 0 {
		return one, nil
	}
	if s2 == 0 {
		return one, nil
	}
	if s1 == 0 && s2 > 0 {
		return zeroDec, nil
	}
	if b.form != formFinite {
		gt := true
		if a.form == formFinite {
			if Cmp(a, FromInt64(-1)) == 0 {
				return one, nil
			}
			gt = Cmp(Abs(a), one) > 0
		}
		if gt == (s2 > 0) {
			return pinfDec, nil
		}
		return zeroDec, nil
	}
	if a.form == formPInf {
		if s2 > 0 {
			return pinfDec, nil
		}
		return zeroDec, nil
	}
	if s2 < 0 {
		return zeroDec, nil
	}
	if b.isOddInteger() {
		return ninfDec, nil
	}
	return pinfDec, nil
}
