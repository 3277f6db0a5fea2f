package types

import (
	"math"
	"strconv"
	"strings"

	"ringpg/pgerr"
)

// parseFloat reads a float4 (bits 32) or float8 as float4in/float8in do:
// white space around a strtod number, or NaN, Infinity, inf with an
// optional sign in any case. A value that overflows, or underflows to
// zero, is out of range; a denormal is accepted.
func parseFloat(s string, bits int) (float64, error) {
	typeName := "double precision"
	if bits == 32 {
		typeName = "real"
	}
	t := trimSpace(s)
	if t == "" || strings.IndexByte(t, '_') >= 0 {
		return 0, syntaxError(typeName, s)
	}
	switch strings.ToLower(t) {
	case "nan", "+nan", "-nan":
		return math.NaN(), nil
	case "infinity", "+infinity", "inf", "+inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	// strtod's syntax is wider than Go's in nothing that matters here,
	// and Go's spelled-out special values were handled above.
	if c := t[len(t)-1]; !(c >= '0' && c <= '9' || c == '.') {
		if !(strings.HasPrefix(strings.ToLower(strings.TrimLeft(t, "+-")), "0x")) {
			return 0, syntaxError(typeName, s)
		}
	}
	if l := strings.ToLower(strings.TrimLeft(t, "+-")); strings.HasPrefix(l, "0x") && strings.IndexByte(l, 'p') < 0 {
		t2 := t + "p0"
		f, err := strconv.ParseFloat(t2, bits)
		if err == nil {
			return f, nil
		}
	}
	f, err := strconv.ParseFloat(t, bits)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, pgerr.New(pgerr.NumericValueOutOfRange, "\"%s\" is out of range for type %s", t, typeName)
		}
		return 0, syntaxError(typeName, s)
	}
	if f == 0 && hasNonZeroMantissa(t) {
		return 0, pgerr.New(pgerr.NumericValueOutOfRange, "\"%s\" is out of range for type %s", t, typeName)
	}
	return f, nil
}

// hasNonZeroMantissa reports whether a decimal or hex number's digits
// before its exponent are not all zero (so a zero result is an underflow).
func hasNonZeroMantissa(t string) bool {
	l := strings.ToLower(t)
	hex := false
	if i := strings.Index(l, "0x"); i >= 0 && i <= 1 {
		hex = true
		l = l[i+2:]
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !hex && c == 'e' || hex && c == 'p' {
			break
		}
		if c >= '1' && c <= '9' || hex && c >= 'a' && c <= 'f' {
			return true
		}
	}
	return false
}

// AppendFloat8 appends a float8 as float8out does: with extra_float_digits
// > 0 the shortest text that reads back exactly, in exponent form when the
// decimal exponent is below -4 or at least 15; otherwise %.*g with
// 15+extra digits.
func AppendFloat8(dst []byte, f float64, extra int) []byte {
	if s, ok := floatSpecial(f); ok {
		return append(dst, s...)
	}
	if extra > 0 {
		return appendShortest(dst, f, 64, 15)
	}
	return strconv.AppendFloat(dst, f, 'g', max(15+extra, 1), 64)
}

// AppendFloat4 appends a float4 as float4out does (threshold 6, 6+extra
// digits when extra_float_digits <= 0).
func AppendFloat4(dst []byte, f float32, extra int) []byte {
	if s, ok := floatSpecial(float64(f)); ok {
		return append(dst, s...)
	}
	if extra > 0 {
		return appendShortest(dst, float64(f), 32, 6)
	}
	return strconv.AppendFloat(dst, float64(f), 'g', max(6+extra, 1), 32)
}

func floatSpecial(f float64) (string, bool) {
	switch {
	case math.IsNaN(f):
		return "NaN", true
	case math.IsInf(f, 1):
		return "Infinity", true
	case math.IsInf(f, -1):
		return "-Infinity", true
	}
	return "", false
}

// appendShortest lays out the shortest round-trip digits of f in plain
// notation when -4 <= exponent < threshold and as d.ddde±XX otherwise.
func appendShortest(dst []byte, f float64, bits, threshold int) []byte {
	var buf [32]byte
	e := shortestDigits(buf[:0], f, bits)
	// e is [-]d[.ddd]e±XX
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	ePos := strings.IndexByte(string(e), 'e')
	mant, expText := e[:ePos], e[ePos+1:]
	exp, _ := strconv.Atoi(string(expText))
	if exp < -4 || exp >= threshold {
		if neg {
			dst = append(dst, '-')
		}
		return append(dst, e...)
	}
	digits := make([]byte, 0, 24)
	digits = append(digits, mant[0])
	if len(mant) > 2 {
		digits = append(digits, mant[2:]...)
	}
	if neg {
		dst = append(dst, '-')
	}
	if exp < 0 {
		dst = append(dst, '0', '.')
		for i := 0; i < -exp-1; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	intLen := exp + 1
	if len(digits) <= intLen {
		dst = append(dst, digits...)
		for i := len(digits); i < intLen; i++ {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, digits[:intLen]...)
	dst = append(dst, '.')
	return append(dst, digits[intLen:]...)
}
