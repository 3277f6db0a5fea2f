package settings

import (
	"math"
	"strconv"
)

// PostgreSQL reads numbers in setting values with the C library's strtol
// (base 0: "0x1F" is hex, "017" is octal) and strtod (which also reads hex
// floats, "inf" and "nan"), and stops at the first character they do not
// take. These functions reproduce that prefix behaviour so that the same
// inputs are accepted and rejected as PostgreSQL accepts and rejects them.

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func skipSpace(s string, i int) int {
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f'
}

func hexVal(c byte) int64 {
	if isDigit(c) {
		return int64(c - '0')
	}
	return int64((c|0x20)-'a') + 10
}

// cStrtol reads a 64-bit integer prefix of s as strtol(s, &end, 0) does. end
// is 0 when no digits were read; overflow saturates and sets rangeErr.
func cStrtol(s string) (v int64, end int, rangeErr bool) {
	i := skipSpace(s, 0)
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	base := int64(10)
	if i+2 < len(s) && s[i] == '0' && (s[i+1]|0x20) == 'x' && isHexDigit(s[i+2]) {
		base = 16
		i += 2
	} else if i < len(s) && s[i] == '0' {
		base = 8
	}
	start := i
	var acc uint64
	const limit = uint64(math.MaxInt64) + 1 // magnitude of MinInt64
	for i < len(s) {
		c := s[i]
		var d int64
		switch {
		case isDigit(c):
			d = int64(c - '0')
		case base == 16 && isHexDigit(c):
			d = hexVal(c)
		default:
			d = -1
		}
		if d < 0 || d >= base {
			break
		}
		if !rangeErr {
			if acc > (limit-uint64(d))/uint64(base) {
				rangeErr = true
			} else {
				acc = acc*uint64(base) + uint64(d)
			}
		}
		i++
	}
	if i == start {
		return 0, 0, false
	}
	switch {
	case rangeErr && neg:
		v = math.MinInt64
	case rangeErr:
		v = math.MaxInt64
	case neg:
		if acc == limit {
			v = math.MinInt64
		} else {
			v = -int64(acc)
		}
	case acc == limit:
		v, rangeErr = math.MaxInt64, true
	default:
		v = int64(acc)
	}
	return v, i, rangeErr
}

// cStrtod reads a float prefix of s as glibc's strtod does. end is 0 when
// nothing was read. rangeErr reports overflow and underflow (a non-zero
// input whose result is zero or subnormal), which PostgreSQL rejects.
func cStrtod(s string) (v float64, end int, rangeErr bool) {
	i := skipSpace(s, 0)
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if n := matchFold(s[i:], "infinity"); n > 0 {
		v = math.Inf(1)
		if neg {
			v = math.Inf(-1)
		}
		return v, i + n, false
	}
	if n := matchFold(s[i:], "inf"); n > 0 {
		v = math.Inf(1)
		if neg {
			v = math.Inf(-1)
		}
		return v, i + n, false
	}
	if n := matchFold(s[i:], "nan"); n > 0 {
		j := i + n
		// glibc also takes "nan(chars)".
		if j < len(s) && s[j] == '(' {
			k := j + 1
			for k < len(s) && (isDigit(s[k]) || (s[k]|0x20) >= 'a' && (s[k]|0x20) <= 'z' || s[k] == '_') {
				k++
			}
			if k < len(s) && s[k] == ')' {
				j = k + 1
			}
		}
		return math.NaN(), j, false
	}
	if i+1 < len(s) && s[i] == '0' && (s[i+1]|0x20) == 'x' {
		if r, e, nonzero, ok := hexFloat(s, i+2, neg); ok {
			return r, e, rangeCheck(r, nonzero)
		}
		// "0x" with no hex digits: strtod reads the "0" alone.
	}
	mant := i
	digits, nonzero := 0, false
	for i < len(s) && isDigit(s[i]) {
		nonzero = nonzero || s[i] != '0'
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			nonzero = nonzero || s[i] != '0'
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, 0, false
	}
	if i < len(s) && (s[i]|0x20) == 'e' {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	f, err := strconv.ParseFloat(s[mant:i], 64)
	if err != nil && !isRangeErr(err) {
		return 0, 0, false
	}
	if neg {
		f = -f
	}
	return f, i, rangeCheck(f, nonzero)
}

// hexFloat reads the hex digits after "0x" at i: digits, an optional
// fraction, an optional binary exponent.
func hexFloat(s string, i int, neg bool) (f float64, end int, nonzero, ok bool) {
	j := i
	digits := 0
	for j < len(s) && isHexDigit(s[j]) {
		nonzero = nonzero || s[j] != '0'
		j++
		digits++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && isHexDigit(s[j]) {
			nonzero = nonzero || s[j] != '0'
			j++
			digits++
		}
	}
	if digits == 0 {
		return 0, 0, false, false
	}
	mant := s[i:j]
	exp := "p0"
	if j < len(s) && (s[j]|0x20) == 'p' {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			exp = "p" + s[j+1:k]
			j = k
		}
	}
	if mant[0] == '.' {
		mant = "0" + mant
	}
	f, err := strconv.ParseFloat("0x"+mant+exp, 64)
	if err != nil && !isRangeErr(err) {
		return 0, 0, false, false
	}
	if neg {
		f = -f
	}
	return f, j, nonzero, true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// rangeCheck reports what glibc reports as ERANGE: an infinite result from
// finite digits, or a zero or subnormal result from non-zero digits.
func rangeCheck(f float64, nonzero bool) bool {
	if math.IsInf(f, 0) {
		return true
	}
	a := math.Abs(f)
	return nonzero && a < 0x1p-1022
}

// matchFold returns len(word) when s starts with word, ignoring ASCII case.
func matchFold(s, word string) int {
	if len(s) < len(word) {
		return 0
	}
	for k := 0; k < len(word); k++ {
		if s[k]|0x20 != word[k] {
			return 0
		}
	}
	return len(word)
}

// rint rounds half to even, as C's rint in the default rounding mode.
func rint(f float64) float64 { return math.RoundToEven(f) }
