package numeric

import (
	"math/big"
	"math/bits"
)

// pow10s holds 10^0 .. 10^18, the powers that fit in an int64.
var pow10s = [19]int64{
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, 10000000000, 100000000000, 1000000000000,
	10000000000000, 100000000000000, 1000000000000000,
	10000000000000000, 100000000000000000, 1000000000000000000,
}

var bigTen = big.NewInt(10)

// bigPow10 returns 10^n as a new big.Int (n >= 0).
func bigPow10(n int32) *big.Int {
	if n < 19 {
		return big.NewInt(pow10s[n])
	}
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

// ndigitsU returns the number of decimal digits of v (1 for 0).
func ndigitsU(v uint64) int32 {
	if v == 0 {
		return 1
	}
	// log10(2) ≈ 1233/4096; guess from the bit length and correct once.
	n := int32((bits.Len64(v)*1233)>>12) + 1
	if n < 20 && v < uint64(pow10s[n-1]) {
		n--
	}
	return n
}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// ndigitsBig returns the number of decimal digits of |c| (1 for 0).
func ndigitsBig(c *big.Int) int32 {
	if c.IsInt64() {
		return ndigitsU(absU(c.Int64()))
	}
	var a big.Int
	a.Abs(c)
	// Estimate from the bit length, then correct in either direction.
	n := int32(float64(a.BitLen()-1)*0.30102999566398120) + 1
	for n > 1 && a.Cmp(bigPow10(n-1)) < 0 {
		n--
	}
	for a.Cmp(bigPow10(n)) >= 0 {
		n++
	}
	return n
}

// ndigits returns the number of decimal digits of d's coefficient.
func (d *Decimal) ndigits() int32 {
	if d.big != nil {
		return ndigitsBig(d.big)
	}
	return ndigitsU(absU(d.small))
}

// isZero reports whether a finite d is zero.
func (d *Decimal) isZero() bool { return d.big == nil && d.small == 0 }

// mulPow10 returns c × 10^n as a new big.Int.
func mulPow10(c *big.Int, n int32) *big.Int {
	if n == 0 {
		return new(big.Int).Set(c)
	}
	return new(big.Int).Mul(c, bigPow10(n))
}

// scaledSmall returns v × 10^n when it fits in an int64.
func scaledSmall(v int64, n int32) (int64, bool) {
	if n == 0 {
		return v, true
	}
	if n > 18 {
		return 0, v == 0
	}
	p := pow10s[n]
	hi, lo := bits.Mul64(absU(v), uint64(p))
	if hi != 0 || lo > 1<<63-1 {
		return 0, false
	}
	if v < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// alignedCoefs returns a's and b's coefficients at the common scale
// max(a.dscale, b.dscale), as int64s when both fit (ok) or big.Ints.
func alignedSmall(a, b *Decimal) (x, y int64, scale int32, ok bool) {
	if a.big != nil || b.big != nil {
		return 0, 0, 0, false
	}
	scale = max(a.dscale, b.dscale)
	x, ok1 := scaledSmall(a.small, scale-a.dscale)
	y, ok2 := scaledSmall(b.small, scale-b.dscale)
	return x, y, scale, ok1 && ok2
}

func alignedBig(a, b *Decimal) (x, y *big.Int, scale int32) {
	scale = max(a.dscale, b.dscale)
	return mulPow10(a.coef(), scale-a.dscale), mulPow10(b.coef(), scale-b.dscale), scale
}

// weightFirst returns PostgreSQL's view of a nonzero finite d in base
// 10000: the weight of its first nonzero base-10000 digit and that digit.
func (d *Decimal) weightFirst() (weight int32, first int32) {
	nd := d.ndigits()
	e := nd - 1 - d.dscale // decimal exponent of the leading digit
	weight = floorDiv(e, 4)
	take := e - 4*weight + 1 // digits in the first group, 1..4
	// first = leading `take` digits of |coef|
	if d.big == nil {
		u := absU(d.small)
		if nd > take {
			u /= uint64(pow10s[nd-take])
		} else {
			u *= uint64(pow10s[take-nd])
		}
		return weight, int32(u)
	}
	var q big.Int
	q.Abs(d.big)
	q.Quo(&q, bigPow10(nd-take)) // a big coefficient has more than 4 digits
	return weight, int32(q.Int64())
}

func floorDiv(a, b int32) int32 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
