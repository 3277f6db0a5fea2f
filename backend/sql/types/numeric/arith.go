package numeric

import (
	"math/big"
	"math/bits"

	"ringpg/pgerr"
)

func divByZero() error { return pgerr.New("22012", "division by zero") }

// checkResult guards a result's size as make_result does.
func checkResult(d *Decimal) (*Decimal, error) {
	if d.dscale > maxDscale {
		return nil, overflowErr()
	}
	// 435,000 bits hold fewer than 131,000 digits: only larger values need counting.
	if d.big != nil && d.big.BitLen() > 435000 && d.ndigits()-d.dscale > maxIntDigits {
		return nil, overflowErr()
	}
	return d, nil
}

// Add returns a + b with scale max(a.Scale(), b.Scale()).
func Add(a, b *Decimal) (*Decimal, error) {
	if a.form != formFinite || b.form != formFinite {
		return addSpecial(a, b, false), nil
	}
	if x, y, sc, ok := alignedSmall(a, b); ok {
		s, c := bits.Add64(uint64(x), uint64(y), 0)
		_ = c
		// Signed overflow: both operands share a sign the sum lacks.
		if (x >= 0) == (y >= 0) && (int64(s) >= 0) != (x >= 0) {
			return mk(new(big.Int).Add(big.NewInt(x), big.NewInt(y)), sc), nil
		}
		return &Decimal{small: int64(s), dscale: sc}, nil
	}
	x, y, sc := alignedBig(a, b)
	return checkResult(mk(x.Add(x, y), sc))
}

// Sub returns a - b with scale max(a.Scale(), b.Scale()).
func Sub(a, b *Decimal) (*Decimal, error) {
	if a.form != formFinite || b.form != formFinite {
		return addSpecial(a, b, true), nil
	}
	if x, y, sc, ok := alignedSmall(a, b); ok {
		s := x - y
		if (x >= 0) != (y >= 0) && (s >= 0) != (x >= 0) {
			return mk(new(big.Int).Sub(big.NewInt(x), big.NewInt(y)), sc), nil
		}
		return &Decimal{small: s, dscale: sc}, nil
	}
	x, y, sc := alignedBig(a, b)
	return checkResult(mk(x.Sub(x, y), sc))
}

// signOf returns the sign of any value, infinities included.
func addSpecial(a, b *Decimal, sub bool) *Decimal {
	if a.form == formNaN || b.form == formNaN {
		return nanDec
	}
	bs := b.Sign()
	if sub {
		bs = -bs
	}
	if a.form != formFinite {
		if b.form != formFinite && bs != a.Sign() {
			return nanDec
		}
		return a
	}
	return Inf(bs)
}

// Mul returns a × b with scale a.Scale()+b.Scale().
func Mul(a, b *Decimal) (*Decimal, error) {
	if a.form != formFinite || b.form != formFinite {
		if a.form == formNaN || b.form == formNaN {
			return nanDec, nil
		}
		s := a.Sign() * b.Sign()
		if s == 0 {
			return nanDec, nil
		}
		return Inf(s), nil
	}
	sc := a.dscale + b.dscale
	if a.big == nil && b.big == nil {
		hi, lo := bits.Mul64(absU(a.small), absU(b.small))
		if hi == 0 && lo <= 1<<63-1 {
			v := int64(lo)
			if (a.small < 0) != (b.small < 0) {
				v = -v
			}
			if sc <= maxDscale {
				return &Decimal{small: v, dscale: sc}, nil
			}
		}
	}
	c := new(big.Int).Mul(a.coef(), b.coef())
	if sc > maxDscale {
		// PostgreSQL rounds an oversized product to the largest scale.
		c = roundCoef(c, sc-maxDscale)
		sc = maxDscale
	}
	return checkResult(mk(c, sc))
}

// DivScale returns the result scale PostgreSQL's select_div_scale picks
// for a / b (both finite, b nonzero).
func DivScale(a, b *Decimal) int32 {
	var w1, f1, w2, f2 int32
	if !a.isZero() {
		w1, f1 = a.weightFirst()
	}
	if !b.isZero() {
		w2, f2 = b.weightFirst()
	}
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := MinSigDigits - qweight*4
	rscale = max(rscale, a.dscale, b.dscale, 0)
	return min(rscale, MaxDisplayScale)
}

// divSpecial handles a / b when either is not finite; ok false means both
// are finite.
func divSpecial(a, b *Decimal) (*Decimal, error, bool) {
	if a.form == formFinite && b.form == formFinite {
		return nil, nil, false
	}
	if a.form == formNaN || b.form == formNaN {
		return nanDec, nil, true
	}
	if a.form != formFinite {
		if b.form != formFinite {
			return nanDec, nil, true
		}
		s := b.Sign()
		if s == 0 {
			return nil, divByZero(), true
		}
		return Inf(a.Sign() * s), nil, true
	}
	// finite / ±Infinity
	return zeroDec, nil, true
}

// quoRound returns round(a / b, scale) half away from zero, or truncated
// toward zero when trunc is set.
func quoRound(a, b *Decimal, scale int32, trunc bool) *Decimal {
	// a/b = (A / 10^sa) / (B / 10^sb); scaled by 10^scale it is
	// A × 10^(sb+scale-sa) / B.
	k := b.dscale + scale - a.dscale
	if a.big == nil && b.big == nil && k >= 0 && scale >= 0 {
		if n, ok := scaledSmall(a.small, k); ok && n != -1<<63 {
			q, r := n/b.small, n%b.small
			if !trunc && absU(r) >= absU(b.small)-absU(r) {
				if (n < 0) != (b.small < 0) {
					q--
				} else {
					q++
				}
			}
			return &Decimal{small: q, dscale: max(scale, 0)}
		}
	}
	n, dv := a.coef(), b.coef()
	if k >= 0 {
		n = mulPow10(n, k)
	} else {
		dv = mulPow10(dv, -k)
	}
	q, r := new(big.Int).QuoRem(n, dv, new(big.Int))
	if !trunc {
		r.Abs(r).Lsh(r, 1)
		if r.CmpAbs(dv) >= 0 {
			if (n.Sign() < 0) != (dv.Sign() < 0) {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	if scale < 0 {
		q.Mul(q, bigPow10(-scale))
		scale = 0
	}
	return mk(q, scale)
}

// Div returns a / b rounded to the scale select_div_scale picks.
func Div(a, b *Decimal) (*Decimal, error) {
	if r, err, ok := divSpecial(a, b); ok {
		return r, err
	}
	if b.isZero() {
		return nil, divByZero()
	}
	return checkResult(quoRound(a, b, DivScale(a, b), false))
}

// DivScaled returns a / b rounded to scale digits (b finite and nonzero
// checked), for callers such as avg that fix their own scale.
func DivScaled(a, b *Decimal, scale int32) (*Decimal, error) {
	if r, err, ok := divSpecial(a, b); ok {
		return r, err
	}
	if b.isZero() {
		return nil, divByZero()
	}
	return checkResult(quoRound(a, b, scale, false))
}

// DivTrunc returns trunc(a / b) with scale 0, as div() does.
func DivTrunc(a, b *Decimal) (*Decimal, error) {
	if r, err, ok := divSpecial(a, b); ok {
		return r, err
	}
	if b.isZero() {
		return nil, divByZero()
	}
	return quoRound(a, b, 0, true), nil
}

// Mod returns a % b with the sign of a and scale max(a.Scale(), b.Scale()).
func Mod(a, b *Decimal) (*Decimal, error) {
	if a.form == formNaN || b.form == formNaN {
		return nanDec, nil
	}
	if a.form != formFinite {
		if b.form == formFinite && b.isZero() {
			return nil, divByZero()
		}
		return nanDec, nil
	}
	if b.form != formFinite {
		return a, nil
	}
	if b.isZero() {
		return nil, divByZero()
	}
	if x, y, sc, ok := alignedSmall(a, b); ok {
		return &Decimal{small: x % y, dscale: sc}, nil
	}
	x, y, sc := alignedBig(a, b)
	return mk(x.Rem(x, y), sc), nil
}

// Neg returns -d.
func Neg(d *Decimal) *Decimal {
	switch d.form {
	case formNaN:
		return d
	case formPInf:
		return ninfDec
	case formNInf:
		return pinfDec
	}
	if d.big != nil {
		return mk(new(big.Int).Neg(d.big), d.dscale)
	}
	if d.small == 0 {
		return d
	}
	if d.small == -1<<63 {
		return mk(new(big.Int).Neg(big.NewInt(d.small)), d.dscale)
	}
	return &Decimal{small: -d.small, dscale: d.dscale}
}

// Abs returns |d|.
func Abs(d *Decimal) *Decimal {
	if d.Sign() < 0 {
		return Neg(d)
	}
	return d
}

// rank orders the kinds of value: -Infinity, finite, +Infinity, NaN.
func rank(d *Decimal) int {
	switch d.form {
	case formNInf:
		return 0
	case formPInf:
		return 2
	case formNaN:
		return 3
	}
	return 1
}

// Cmp compares a and b: -Infinity < finite < +Infinity < NaN, NaN = NaN;
// scale does not matter (1.0 = 1.00).
func Cmp(a, b *Decimal) int {
	ra, rb := rank(a), rank(b)
	if ra != rb || ra != 1 {
		switch {
		case ra < rb:
			return -1
		case ra > rb:
			return 1
		}
		return 0
	}
	if a.big == nil && b.big == nil && a.dscale == b.dscale {
		switch {
		case a.small < b.small:
			return -1
		case a.small > b.small:
			return 1
		}
		return 0
	}
	if x, y, _, ok := alignedSmall(a, b); ok {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	sa, sb := a.Sign(), b.Sign()
	if sa != sb {
		if sa < sb {
			return -1
		}
		return 1
	}
	x, y, _ := alignedBig(a, b)
	return x.Cmp(y)
}
