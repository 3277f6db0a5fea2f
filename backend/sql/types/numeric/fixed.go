package numeric

import (
	"math/big"
	"sync"
)

// Binary fixed-point helpers for the transcendental functions: a value v is
// held as the big.Int round(v × 2^p). Every routine keeps its error within
// a few units of 2^-p; callers add guard bits.

// toFixed returns d (finite) as a fixed-point value with p fraction bits.
func toFixed(d *Decimal, p uint) *big.Int {
	c := d.coef()
	c.Lsh(c, p)
	if d.dscale > 0 {
		c.Quo(c, bigPow10(d.dscale))
	}
	return c
}

// fixedToDecimal rounds v × 2^-p half away from zero to scale digits.
func fixedToDecimal(v *big.Int, p uint, scale int32) *Decimal {
	n := new(big.Int).Set(v)
	if scale >= 0 {
		n.Mul(n, bigPow10(scale))
	}
	neg := n.Sign() < 0
	n.Abs(n)
	// round(n / 2^p): add half then shift.
	if p > 0 {
		n.Add(n, new(big.Int).Lsh(big.NewInt(1), p-1))
		n.Rsh(n, p)
	}
	if neg {
		n.Neg(n)
	}
	if scale < 0 {
		return rescale(mk(n, 0), scale, false)
	}
	return mk(n, scale)
}

// mulFixed returns a × b in p-bit fixed point.
func mulFixed(a, b *big.Int, p uint) *big.Int {
	r := new(big.Int).Mul(a, b)
	return r.Rsh(r, p) // floor; the error stays below 2^-p
}

// atanhFixed returns atanh(z) for |z| <= 1/2 by its series.
func atanhFixed(z *big.Int, p uint) *big.Int {
	sum := new(big.Int).Set(z)
	z2 := mulFixed(z, z, p)
	pow := new(big.Int).Set(z)
	t := new(big.Int)
	for k := int64(3); ; k += 2 {
		pow = mulFixed(pow, z2, p)
		if pow.Sign() == 0 {
			break
		}
		t.Quo(pow, big.NewInt(k))
		if t.Sign() == 0 {
			break
		}
		sum.Add(sum, t)
	}
	return sum
}

// ln2Cache keeps the most precise ln 2 computed so far; smaller
// precisions shift it down.
var ln2Cache struct {
	sync.Mutex
	p uint
	v *big.Int
}

// ln2Fixed returns ln 2 = 2 atanh(1/3).
func ln2Fixed(p uint) *big.Int {
	ln2Cache.Lock()
	defer ln2Cache.Unlock()
	if ln2Cache.v == nil || ln2Cache.p < p+16 {
		ln2Cache.p = p + 64
		ln2Cache.v = ln2Series(ln2Cache.p)
	}
	return new(big.Int).Rsh(ln2Cache.v, ln2Cache.p-p)
}

func ln2Series(p uint) *big.Int {
	one := new(big.Int).Lsh(big.NewInt(1), p)
	z := new(big.Int).Quo(one, big.NewInt(3))
	r := atanhFixed(z, p)
	return r.Lsh(r, 1)
}

// ln10Fixed returns ln 10 = 3 ln 2 + 2 atanh(1/9).
func ln10Fixed(p uint, ln2 *big.Int) *big.Int {
	one := new(big.Int).Lsh(big.NewInt(1), p)
	z := new(big.Int).Quo(one, big.NewInt(9))
	r := atanhFixed(z, p)
	r.Lsh(r, 1)
	return r.Add(r, new(big.Int).Mul(ln2, big.NewInt(3)))
}

// lnFixed returns ln(d) for a positive finite d.
func lnFixed(d *Decimal, p uint) *big.Int {
	wp := p + 32
	ln2 := ln2Fixed(wp)
	c := d.coef()
	// c = m × 2^k with m in [1/√2, √2).
	k := int64(c.BitLen() - 1)
	m := new(big.Int).Lsh(c, wp)
	m.Rsh(m, uint(k))
	// √2 × 2^wp, approximated well enough for range selection.
	sqrt2 := new(big.Int).Lsh(big.NewInt(1), 2*wp+1)
	sqrt2.Sqrt(sqrt2)
	if m.Cmp(sqrt2) > 0 {
		m.Rsh(m, 1)
		k++
	}
	one := new(big.Int).Lsh(big.NewInt(1), wp)
	num := new(big.Int).Sub(m, one)
	den := new(big.Int).Add(m, one)
	z := num.Lsh(num, wp)
	z.Quo(z, den)
	r := atanhFixed(z, wp)
	r.Lsh(r, 1)
	r.Add(r, new(big.Int).Mul(ln2, big.NewInt(k)))
	if d.dscale > 0 {
		r.Sub(r, new(big.Int).Mul(ln10Fixed(wp, ln2), big.NewInt(int64(d.dscale))))
	}
	return r.Rsh(r, 32)
}

// expFixed returns e^x for a fixed-point x, as a mantissa m (p-bit fixed
// point, in [1/2, 2)) and a binary exponent k: e^x = m × 2^k.
func expFixed(x *big.Int, p uint) (*big.Int, int64) {
	const halvings = 8
	wp := p + 32 + halvings
	xw := new(big.Int).Lsh(x, wp-p)
	ln2 := ln2Fixed(wp + 32)
	ln2.Rsh(ln2, 32)
	// k = round(x / ln2); r = x - k ln2.
	kq := new(big.Int).Lsh(xw, 1)
	kq.Add(kq, ln2)
	kq.Quo(kq, new(big.Int).Lsh(ln2, 1))
	if xw.Sign() < 0 {
		// Quo truncates; move to the floor of (2x+ln2)/(2 ln2).
		chk := new(big.Int).Mul(kq, new(big.Int).Lsh(ln2, 1))
		if chk.Cmp(new(big.Int).Add(new(big.Int).Lsh(xw, 1), ln2)) > 0 {
			kq.Sub(kq, big.NewInt(1))
		}
	}
	k := kq.Int64()
	r := new(big.Int).Sub(xw, new(big.Int).Mul(ln2, kq))
	r.Quo(r, big.NewInt(1<<halvings))
	// Taylor series.
	one := new(big.Int).Lsh(big.NewInt(1), wp)
	sum := new(big.Int).Set(one)
	term := new(big.Int).Set(one)
	for n := int64(1); ; n++ {
		term = mulFixed(term, r, wp)
		term.Quo(term, big.NewInt(n))
		if term.Sign() == 0 {
			break
		}
		sum.Add(sum, term)
	}
	for i := 0; i < halvings; i++ {
		sum = mulFixed(sum, sum, wp)
	}
	return sum.Rsh(sum, wp-p), k
}
