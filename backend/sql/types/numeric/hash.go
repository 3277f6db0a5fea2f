package numeric

import (
	"strconv"

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
	// Strip trailing zeros through the decimal text: linear, where
	// repeated division by ten would be quadratic in the digit count.
	txt := d.big.Text(10)
	end := len(txt)
	for txt[end-1] == '0' {
		end--
		exp++
	}
	txt = txt[:end]
	if v, err := strconv.ParseInt(txt, 10, 64); err == nil {
		return hashSmall(v, exp)
	}
	return mix64(xxhash.Sum64String(txt) ^ uint64(exp)*0x9e3779b97f4a7c15)
}

func hashSmall(v int64, exp int64) uint64 {
	for v%10 == 0 {
		v /= 10
		exp++
	}
	return mix64(uint64(v) ^ mix64(uint64(exp)))
}
