package numeric

import (
	"math/big"

	"github.com/cespare/xxhash/v2"
)

// mix64 is a 64-bit finalizer (splitmix64's) for the int64 path.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Hash returns a hash equal for values that compare equal: the coefficient
// is stripped of trailing zeros first, so 1.0 and 1.00 hash alike. NaN
// hashes to one value, as it equals itself.
func (d *Decimal) Hash() uint64 {
	switch d.form {
	case formNaN:
		return 0x6e614e
	case formPInf:
		return 0x696e66
	case formNInf:
		return 0x2d696e66
	}
	if d.isZero() {
		return 0
	}
	exp := -int64(d.dscale)
	if d.big == nil {
		return hashSmall(d.small, exp)
	}
	c := new(big.Int).Set(d.big)
	var q, r big.Int
	for {
		q.QuoRem(c, bigTen, &r)
		if r.Sign() != 0 {
			break
		}
		c.Set(&q)
		exp++
	}
	if c.IsInt64() {
		return hashSmall(c.Int64(), exp)
	}
	b := c.Bytes()
	h := xxhash.Sum64(b)
	if c.Sign() < 0 {
		h = ^h
	}
	return mix64(h ^ uint64(exp)*0x9e3779b97f4a7c15)
}

func hashSmall(v int64, exp int64) uint64 {
	for v%10 == 0 {
		v /= 10
		exp++
	}
	return mix64(uint64(v) ^ mix64(uint64(exp)))
}
