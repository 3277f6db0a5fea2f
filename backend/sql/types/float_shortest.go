package types

import (
	"math"
	"math/big"
	"strconv"
)

// PostgreSQL prints floats with Ryu built without STRICTLY_SHORTEST: the
// shortest decimal strictly inside the interval of values that read back
// as the float, where Go's strconv also accepts a decimal lying exactly on
// the interval's edge (the midpoint to the next float) when the float's
// mantissa is even. The two differ only there, and a midpoint can have few
// enough digits to be chosen only when it is an integer, that is when
// |f| >= 2^53 (2^24 for float4). shortestDigits checks that case exactly
// and otherwise keeps strconv's answer.

// shortestDigits returns the 'e'-format shortest text of f as PostgreSQL
// chooses it (f finite, non-zero).
func shortestDigits(dst []byte, f float64, bits int) []byte {
	s := strconv.AppendFloat(dst, f, 'e', -1, bits)
	limit := 1 << 53
	if bits == 32 {
		limit = 1 << 24
	}
	if math.Abs(f) < float64(limit) {
		return s
	}
	if !onMidpoint(s[len(dst):], f, bits) {
		return s
	}
	// Longer candidates, each correctly rounded, until one lies strictly
	// inside the interval.
	for prec := countDigits(s[len(dst):]); prec <= 17; prec++ {
		c := strconv.AppendFloat(dst[:len(dst):len(dst)], f, 'e', prec, bits)
		if back, err := strconv.ParseFloat(string(c[len(dst):]), bits); err == nil && back == f && !onMidpoint(c[len(dst):], f, bits) {
			return c
		}
	}
	return strconv.AppendFloat(dst[:len(dst):len(dst)], f, 'e', 17, bits)
}

// countDigits returns the number of digits after the point of an
// 'e'-format number (its precision).
func countDigits(e []byte) int {
	n := 0
	seenPoint := false
	for _, c := range e {
		switch {
		case c == '.':
			seenPoint = true
		case c == 'e':
			return n
		case seenPoint:
			n++
		}
	}
	return n
}

// onMidpoint reports whether the decimal text e is exactly halfway between
// f (an integer, |f| >= 2^53 or 2^24) and one of its neighbours.
func onMidpoint(e []byte, f float64, bits int) bool {
	d, ok := new(big.Rat).SetString(string(e))
	if !ok || !d.IsInt() {
		return false
	}
	var lo, hi float64
	if bits == 32 {
		lo = float64(math.Nextafter32(float32(f), float32(math.Inf(-1))))
		hi = float64(math.Nextafter32(float32(f), float32(math.Inf(1))))
	} else {
		lo = math.Nextafter(f, math.Inf(-1))
		hi = math.Nextafter(f, math.Inf(1))
	}
	fi, _ := new(big.Float).SetFloat64(f).Int(nil)
	for _, n := range []float64{lo, hi} {
		if math.IsInf(n, 0) {
			continue
		}
		ni, _ := new(big.Float).SetFloat64(n).Int(nil)
		mid := new(big.Int).Add(fi, ni)
		if mid.Bit(0) != 0 {
			continue
		}
		mid.Rsh(mid, 1)
		if mid.Cmp(d.Num()) == 0 {
			return true
		}
	}
	return false
}
