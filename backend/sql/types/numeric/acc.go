package numeric

import (
	"math/big"
	"math/bits"
)

// Acc accumulates a sum and a count for sum() and avg() over numeric,
// bigint or integer inputs. The sum is kept as a 128-bit coefficient at the
// largest display scale seen, and moves to a big.Int only if it outgrows
// that; neither path allocates per row once warmed up. The zero Acc is
// ready to use. An Acc belongs to one goroutine.
type Acc struct {
	count      int64
	nan        bool
	pinf, ninf bool
	scale      int32
	hi         int64 // 128-bit two's complement coefficient, while !wide
	lo         uint64
	wide       bool
	sum        big.Int // the coefficient once wide
	tmp        big.Int
	pow        big.Int // 10^powN, cached for the wide path
	powN       int32
}

// Reset empties the accumulator, keeping its buffers.
func (a *Acc) Reset() {
	a.count, a.nan, a.pinf, a.ninf, a.scale, a.hi, a.lo, a.wide = 0, false, false, false, 0, 0, 0, false
}

// Count returns the number of values added (NaN and infinities included).
func (a *Acc) Count() int64 { return a.count }

// AddInt64 adds an integer.
func (a *Acc) AddInt64(v int64) {
	a.count++
	a.addScaled(v, a.scale)
}

// AddDecimal adds a numeric value.
func (a *Acc) AddDecimal(d *Decimal) {
	a.count++
	switch d.form {
	case formNaN:
		a.nan = true
		return
	case formPInf:
		a.pinf = true
		return
	case formNInf:
		a.ninf = true
		return
	}
	if d.dscale > a.scale {
		a.raiseScale(d.dscale)
	}
	if d.big == nil {
		a.addScaled(d.small, a.scale-d.dscale)
		return
	}
	a.goWide()
	a.tmp.Set(d.big)
	a.mulPow(&a.tmp, a.scale-d.dscale)
	a.sum.Add(&a.sum, &a.tmp)
}

// addScaled adds v × 10^n.
func (a *Acc) addScaled(v int64, n int32) {
	if !a.wide && n <= 18 {
		mh, ml := bits.Mul64(absU(v), uint64(pow10s[n]))
		if mh < 1<<62 {
			h, l := int64(mh), ml
			if v < 0 {
				h, l = neg128(h, l)
			}
			if rh, rl, ok := add128(a.hi, a.lo, h, l); ok {
				a.hi, a.lo = rh, rl
				return
			}
		}
	}
	a.goWide()
	a.tmp.SetInt64(v)
	a.mulPow(&a.tmp, n)
	a.sum.Add(&a.sum, &a.tmp)
}

// raiseScale rescales the running sum to scale s (> a.scale).
func (a *Acc) raiseScale(s int32) {
	n := s - a.scale
	a.scale = s
	if !a.wide && n <= 18 {
		if h, l, ok := mul128(a.hi, a.lo, uint64(pow10s[n])); ok {
			a.hi, a.lo = h, l
			return
		}
	}
	a.goWide()
	a.mulPow(&a.sum, n)
}

func (a *Acc) mulPow(x *big.Int, n int32) {
	if n == 0 {
		return
	}
	if a.powN != n || a.pow.Sign() == 0 {
		a.pow.Exp(bigTen, big.NewInt(int64(n)), nil)
		a.powN = n
	}
	x.Mul(x, &a.pow)
}

// goWide moves the 128-bit sum into the big.Int.
func (a *Acc) goWide() {
	if a.wide {
		return
	}
	a.wide = true
	set128(&a.sum, a.hi, a.lo)
}

func set128(x *big.Int, hi int64, lo uint64) {
	neg := hi < 0
	if neg {
		hi, lo = neg128(hi, lo)
	}
	x.SetUint64(uint64(hi))
	x.Lsh(x, 64)
	var t big.Int
	t.SetUint64(lo)
	x.Or(x, &t)
	if neg {
		x.Neg(x)
	}
}

// Sum returns the sum with the largest display scale of the inputs, nil
// when nothing was added. NaN anywhere, or both infinities, give NaN.
func (a *Acc) Sum() *Decimal {
	switch {
	case a.count == 0:
		return nil
	case a.nan, a.pinf && a.ninf:
		return nanDec
	case a.pinf:
		return pinfDec
	case a.ninf:
		return ninfDec
	}
	if a.wide {
		return mk(new(big.Int).Set(&a.sum), a.scale)
	}
	if (a.hi == 0 && a.lo < 1<<63) || (a.hi == -1 && a.lo >= 1<<63) {
		return &Decimal{small: int64(a.lo), dscale: a.scale}
	}
	c := new(big.Int)
	set128(c, a.hi, a.lo)
	return mk(c, a.scale)
}

// Avg returns sum / count as avg(numeric) does (nil when empty).
func (a *Acc) Avg() (*Decimal, error) {
	s := a.Sum()
	if s == nil {
		return nil, nil
	}
	return Div(s, FromInt64(a.count))
}

func neg128(hi int64, lo uint64) (int64, uint64) {
	l, b := bits.Sub64(0, lo, 0)
	h, _ := bits.Sub64(0, uint64(hi), b)
	return int64(h), l
}

func add128(ah int64, al uint64, bh int64, bl uint64) (int64, uint64, bool) {
	l, c := bits.Add64(al, bl, 0)
	h, _ := bits.Add64(uint64(ah), uint64(bh), c)
	if (ah < 0) == (bh < 0) && (int64(h) < 0) != (ah < 0) {
		return 0, 0, false
	}
	return int64(h), l, true
}

func mul128(hi int64, lo uint64, p uint64) (int64, uint64, bool) {
	neg := hi < 0
	if neg {
		hi, lo = neg128(hi, lo)
		if hi < 0 {
			return 0, 0, false
		}
	}
	c1, r0 := bits.Mul64(lo, p)
	c2, r1 := bits.Mul64(uint64(hi), p)
	r1, c3 := bits.Add64(r1, c1, 0)
	if c2 != 0 || c3 != 0 || r1 >= 1<<63 {
		return 0, 0, false
	}
	h, l := int64(r1), r0
	if neg {
		h, l = neg128(h, l)
	}
	return h, l, true
}
