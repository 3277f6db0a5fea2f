package numeric

import (
	"math"
	"math/big"

	"ringpg/pgerr"
)

func syntaxErr(s string) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "numeric", s)
}

func overflowErr() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
}

// isSpace is C's isspace in the C locale, which numeric_in uses.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func eqFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// maxIntDigits is the most digits before the decimal point a numeric holds
// (a weight of 32767 base-10000 digits).
const maxIntDigits = 131072

// maxDscale is the largest display scale the storage format can carry.
const maxDscale = 0x3FFF

// Parse reads a numeric literal as numeric_in does: surrounding spaces, an
// optional sign, digits with an optional decimal point and exponent, or
// NaN / Infinity / inf in any case with an optional sign.
func Parse(s string) (*Decimal, error) {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	t := s[i:j]
	if len(t) >= 3 {
		switch {
		case eqFold(t, "nan"):
			return nanDec, nil
		case eqFold(t, "infinity"), eqFold(t, "+infinity"), eqFold(t, "inf"), eqFold(t, "+inf"):
			return pinfDec, nil
		case eqFold(t, "-infinity"), eqFold(t, "-inf"):
			return ninfDec, nil
		}
	}
	neg := false
	p := 0
	if p < len(t) && (t[p] == '+' || t[p] == '-') {
		neg = t[p] == '-'
		p++
	}
	// Digits, skipping leading zeros; count fraction digits.
	start := p
	seenDot := false
	ndig, nfrac := 0, 0
	var small uint64
	smallOK := true
	for p < len(t) {
		c := t[p]
		if c >= '0' && c <= '9' {
			ndig++
			if seenDot {
				nfrac++
			}
			if smallOK {
				if small > (1<<63-1-9)/10 {
					smallOK = false
				} else {
					small = small*10 + uint64(c-'0')
				}
			}
		} else if c == '.' && !seenDot {
			seenDot = true
		} else {
			break
		}
		p++
	}
	if ndig == 0 {
		return nil, syntaxErr(s)
	}
	digitsEnd := p
	var exp int64
	if p < len(t) && (t[p] == 'e' || t[p] == 'E') {
		p++
		eneg := false
		if p < len(t) && (t[p] == '+' || t[p] == '-') {
			eneg = t[p] == '-'
			p++
		}
		if p >= len(t) || t[p] < '0' || t[p] > '9' {
			return nil, syntaxErr(s)
		}
		for p < len(t) && t[p] >= '0' && t[p] <= '9' {
			if exp < 1<<40 {
				exp = exp*10 + int64(t[p]-'0')
			}
			p++
		}
		if eneg {
			exp = -exp
		}
	}
	if p != len(t) {
		return nil, syntaxErr(s)
	}
	if exp >= math.MaxInt32/2 || exp <= -math.MaxInt32/2 {
		return nil, overflowErr()
	}
	if smallOK && small == 0 {
		if scale := int64(nfrac) - exp; scale > maxDscale {
			return nil, overflowErr()
		} else {
			return &Decimal{dscale: int32(max(scale, 0))}, nil
		}
	}
	scale := int64(nfrac) - exp
	intDigits := int64(ndig-nfrac) + exp
	if intDigits > maxIntDigits {
		// Leading zeros do not count.
		k := start
		for k < digitsEnd && (t[k] == '0' || t[k] == '.') {
			if t[k] == '0' {
				intDigits--
			}
			k++
		}
		if intDigits > maxIntDigits {
			return nil, overflowErr()
		}
	}
	if scale > maxDscale {
		return nil, overflowErr()
	}
	dscale := int32(max(scale, 0))
	if smallOK {
		v := int64(small)
		if neg {
			v = -v
		}
		if scale < 0 {
			if w, ok := scaledSmall(v, int32(-scale)); ok {
				return &Decimal{small: w}, nil
			}
			return mk(mulPow10(big.NewInt(v), int32(-scale)), 0), nil
		}
		return &Decimal{small: v, dscale: dscale}, nil
	}
	buf := make([]byte, 0, ndig+1)
	if neg {
		buf = append(buf, '-')
	}
	for k := start; k < digitsEnd; k++ {
		if t[k] != '.' {
			buf = append(buf, t[k])
		}
	}
	c, _ := new(big.Int).SetString(string(buf), 10)
	if scale < 0 {
		c.Mul(c, bigPow10(int32(-scale)))
	}
	return mk(c, dscale), nil
}
