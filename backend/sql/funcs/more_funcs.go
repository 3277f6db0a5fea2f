package funcs

import (
	"crypto/sha256"
	"crypto/sha512"
	"math"
	"math/big"
	"math/bits"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Functions of PostgreSQL 15 over the basic types that applications call
// less often: trigonometry in degrees, numeric gcd and lcm, width_bucket
// over thresholds, SHA-2 digests, bit access to bytea, trim_array,
// string_to_table, unistr, parse_ident, encoding conversion, Unicode
// normalization, and the spellings textlen, like and notlike.

func init() {
	defDegreeTrig()
	def("gcd", "numeric,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numD(gcdNumeric(num(a[0]), num(a[1]), false), nil)
	})
	def("lcm", "numeric,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numD(gcdNumeric(num(a[0]), num(a[1]), true), nil)
	})
	defSpec("width_bucket", "anycompatible,anycompatiblearray", func(at []types.T, _ types.T) (CallFunc, error) {
		t := at[0]
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return widthBucketArray(t, a[0], a[1].AsArray()) }, nil
	})
	digest := func(name string, sum func([]byte) []byte) {
		def(name, "bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(string(sum([]byte(a[0].S)))), nil })
	}
	digest("sha224", func(b []byte) []byte { s := sha256.Sum224(b); return s[:] })
	digest("sha384", func(b []byte) []byte { s := sha512.Sum384(b); return s[:] })
	digest("sha512", func(b []byte) []byte { s := sha512.Sum512(b); return s[:] })
	def("get_bit", "bytea,int8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, n := a[0].S, a[1].I
		if err := checkBitIndex(n, len(s)); err != nil {
			return types.Datum{}, err
		}
		return i64(int64(s[n/8]>>(n%8)) & 1), nil
	})
	def("set_bit", "bytea,int8,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, n, v := a[0].S, a[1].I, a[2].I
		if err := checkBitIndex(n, len(s)); err != nil {
			return types.Datum{}, err
		}
		if v != 0 && v != 1 {
			return types.Datum{}, pgerr.New(codeInvalidParameter, "new bit must be 0 or 1")
		}
		b := []byte(s)
		if v == 1 {
			b[n/8] |= 1 << (n % 8)
		} else {
			b[n/8] &^= 1 << (n % 8)
		}
		return txt(string(b)), nil
	})
	def("bit_count", "bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		n := 0
		for i := 0; i < len(a[0].S); i++ {
			n += bits.OnesCount8(a[0].S[i])
		}
		return i64(int64(n)), nil
	})
	def("trim_array", "anyarray,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return trimArray(a[0].AsArray(), a[1].I)
	})
	defSRF("string_to_table", "text,text", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return stringToTable(a[0], a[1], types.Null, false)
	})
	defSRF("string_to_table", "text,text,text", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return stringToTable(a[0], a[1], a[2], true)
	})
	def("unistr", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := unistr(a[0].S)
		return txt(s), err
	})
	def("parse_ident", "text,bool", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		strict := len(a) < 2 || a[1].I != 0
		parts, err := parseIdent(a[0].S, strict)
		if err != nil {
			return types.Datum{}, err
		}
		elems := make([]types.Datum, len(parts))
		for i, p := range parts {
			elems[i] = txt(p)
		}
		return textArray(elems), nil
	})
	def("textlen", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return i64(int64(utf8.RuneCountInString(a[0].S))), nil
	})
	def("convert_to", "text,name", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		enc, err := encodingNamed(a[1].S, "destination")
		if err != nil {
			return types.Datum{}, err
		}
		s, err := encodeTo(a[0].S, enc)
		return txt(s), err
	})
	def("convert_from", "bytea,name", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		enc, err := encodingNamed(a[1].S, "source")
		if err != nil {
			return types.Datum{}, err
		}
		s, err := decodeFrom(a[0].S, enc)
		return txt(s), err
	})
	def("convert", "bytea,name,name", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		from, err := encodingNamed(a[1].S, "source")
		if err != nil {
			return types.Datum{}, err
		}
		to, err := encodingNamed(a[2].S, "destination")
		if err != nil {
			return types.Datum{}, err
		}
		s, err := decodeFrom(a[0].S, from)
		if err != nil {
			return types.Datum{}, err
		}
		s, err = encodeTo(s, to)
		return txt(s), err
	})
	def("length", "bytea,name", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		enc, err := encodingNamed(a[1].S, "source")
		if err != nil {
			return types.Datum{}, err
		}
		s, err := decodeFrom(a[0].S, enc)
		return i64(int64(utf8.RuneCountInString(s))), err
	})
	for _, x := range []struct {
		name, sig string
		fold, neg bool
	}{{"like", "text,text", false, false}, {"notlike", "text,text", false, true},
		{"like", "name,text", false, false}, {"notlike", "name,text", false, true},
		{"like", "bytea,bytea", false, false}, {"notlike", "bytea,bytea", false, true}} {
		call, prep := likeFunc(x.fold, x.neg)
		defPrep(x.name, x.sig, call, prep)
	}
	def("substring", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		pat, err := similarToEscape(a[1].S, a[2].S, false)
		if err != nil {
			return types.Datum{}, err
		}
		re, err := compileRE(pat, reFlags{})
		if err != nil {
			return types.Datum{}, err
		}
		m := re.FindStringSubmatchIndex(a[0].S)
		switch {
		case m == nil:
			return types.Null, nil
		case len(m) > 2:
			if m[2] < 0 {
				return types.Null, nil
			}
			return txt(a[0].S[m[2]:m[3]]), nil
		}
		return txt(a[0].S[m[0]:m[1]]), nil
	})
}

// Degree-based trigonometry, exact at the usual angles: PostgreSQL scales
// the radian functions by their values at 30, 45 and 60 degrees so that
// sind(30) is 0.5 and tand(45) is 1.
// radiansPerDegree is a variable so that the constants below are computed
// with the same float64 arithmetic as the arguments.
var radiansPerDegree = 0.0174532925199432957692

var (
	deg30, deg60  = 30.0, 60.0
	sin30         = exactSin(deg30 * radiansPerDegree)
	oneMinusCos60 = 1 - exactCos(deg60*radiansPerDegree)
	asin05        = math.Asin(0.5)
	acos05        = math.Acos(0.5)
	atan1         = math.Atan(1)
	tan45         = sindQ1(45) / cosdQ1(45)
	cot45         = cosdQ1(45) / sindQ1(45)
)

func sind0to30(x float64) float64 { return (exactSin(x*radiansPerDegree) / sin30) / 2 }

func cosd0to60(x float64) float64 {
	return 1 - ((1-exactCos(x*radiansPerDegree))/oneMinusCos60)/2
}

func sindQ1(x float64) float64 {
	if x <= 30 {
		return sind0to30(x)
	}
	return cosd0to60(90 - x)
}

func cosdQ1(x float64) float64 {
	if x <= 60 {
		return cosd0to60(x)
	}
	return sind0to30(90 - x)
}

func asindQ1(x float64) float64 {
	if x <= 0.5 {
		return math.Asin(x) / asin05 * 30
	}
	return 90 - math.Acos(x)/acos05*60
}

func acosdQ1(x float64) float64 {
	if x <= 0.5 {
		return 90 - math.Asin(x)/asin05*30
	}
	return math.Acos(x) / acos05 * 60
}

// reduceTan brings x into [0, 90] for tand and cotd, returning the sign
// the result takes.
func reduceTan(x float64) (float64, float64) {
	x = math.Mod(x, 360)
	sign := 1.0
	if x < 0 {
		x, sign = -x, -sign
	}
	if x > 180 {
		x, sign = 360-x, -sign
	}
	if x > 90 {
		x, sign = 180-x, -sign
	}
	return x, sign
}

func noNegZero(x float64) float64 {
	if x == 0 {
		return 0
	}
	return x
}

func defDegreeTrig() {
	finite := func(f func(float64) float64) func(float64) (float64, error) {
		return func(x float64) (float64, error) {
			switch {
			case math.IsNaN(x):
				return x, nil
			case math.IsInf(x, 0):
				return 0, errInputOOR
			}
			return f(x), nil
		}
	}
	f8fn("sind", finite(func(x float64) float64 {
		x = math.Mod(x, 360)
		sign := 1.0
		if x < 0 {
			x, sign = -x, -sign
		}
		if x > 180 {
			x, sign = x-180, -sign
		}
		if x > 90 {
			x = 180 - x
		}
		return sign * sindQ1(x)
	}))
	f8fn("cosd", finite(func(x float64) float64 {
		x = math.Mod(x, 360)
		if x < 0 {
			x = -x
		}
		if x > 180 {
			x = 360 - x
		}
		sign := 1.0
		if x > 90 {
			x, sign = 180-x, -sign
		}
		return sign * cosdQ1(x)
	}))
	f8fn("tand", finite(func(x float64) float64 {
		x, sign := reduceTan(x)
		return noNegZero(sign * (sindQ1(x) / cosdQ1(x) / tan45))
	}))
	f8fn("cotd", finite(func(x float64) float64 {
		x, sign := reduceTan(x)
		return noNegZero(sign * (cosdQ1(x) / sindQ1(x) / cot45))
	}))
	f8fn("asind", func(x float64) (float64, error) {
		switch {
		case math.IsNaN(x):
			return x, nil
		case x < -1 || x > 1:
			return 0, errInputOOR
		case x >= 0:
			return asindQ1(x), nil
		}
		return -asindQ1(-x), nil
	})
	f8fn("acosd", func(x float64) (float64, error) {
		switch {
		case math.IsNaN(x):
			return x, nil
		case x < -1 || x > 1:
			return 0, errInputOOR
		case x >= 0:
			return acosdQ1(x), nil
		}
		return 90 + asindQ1(-x), nil
	})
	f8fn("atand", func(x float64) (float64, error) {
		if math.IsNaN(x) {
			return x, nil
		}
		return math.Atan(x) / atan1 * 45, nil
	})
	def("atan2d", "float8,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		y, x := a[0].F, a[1].F
		if math.IsNaN(y) || math.IsNaN(x) {
			return f8(math.NaN()), nil
		}
		return f8(math.Atan2(y, x) / atan1 * 45), nil
	})
}

// gcdNumeric is gcd(a, b), or lcm(a, b) when lcm is set, over numeric
// values at the larger of their display scales; NaN when either is not
// finite.
func gcdNumeric(a, b *numeric.Decimal, lcm bool) *numeric.Decimal {
	if !a.IsFinite() || !b.IsFinite() {
		return numeric.NaN()
	}
	scale := max(a.Scale(), b.Scale())
	ca := scaledCoef(a, scale)
	cb := scaledCoef(b, scale)
	ca.Abs(ca)
	cb.Abs(cb)
	g := new(big.Int).GCD(nil, nil, ca, cb)
	if !lcm {
		return numeric.FromBig(g, scale)
	}
	if ca.Sign() == 0 || cb.Sign() == 0 {
		return numeric.FromBig(new(big.Int), scale)
	}
	r := new(big.Int).Quo(ca, g)
	return numeric.FromBig(r.Mul(r, cb), scale)
}

// scaledCoef is d's coefficient at the given (not smaller) scale.
func scaledCoef(d *numeric.Decimal, scale int32) *big.Int {
	c := d.Coefficient()
	if n := scale - d.Scale(); n > 0 {
		c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil))
	}
	return c
}

// widthBucketArray is width_bucket(operand, thresholds): the number of
// thresholds at most operand, found by binary search as PostgreSQL does
// (the thresholds are assumed sorted).
func widthBucketArray(t types.T, x types.Datum, th *types.Array) (types.Datum, error) {
	if th.NDim() > 1 {
		return types.Datum{}, pgerr.New(codeArraySubscript, "thresholds must be one-dimensional array")
	}
	if th.HasNull() {
		return types.Datum{}, pgerr.New(codeNullNotAllowed, "thresholds array must not contain NULLs")
	}
	lo, hi := 0, len(th.Elems)
	for lo < hi {
		mid := (lo + hi) / 2
		if types.Compare(t, x, th.Elems[mid]) >= 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return i64(int64(lo)), nil
}

func checkBitIndex(n int64, nbytes int) error {
	if n < 0 || n >= int64(nbytes)*8 {
		return pgerr.New(codeArraySubscript, "index %d out of valid range, 0..%d", n, int64(nbytes)*8-1)
	}
	return nil
}

// trimArray removes the last n elements of the first dimension.
func trimArray(a *types.Array, n int64) (types.Datum, error) {
	var length int64
	if a.NDim() > 0 {
		length = int64(a.Dims[0].Len)
	}
	if n < 0 || n > length {
		return types.Datum{}, pgerr.New(codeArraySubscript, "number of elements to trim must be between 0 and %d", length)
	}
	if n == 0 {
		return types.ArrayDatum(a), nil
	}
	if n == length {
		return types.ArrayDatum(types.NewArray(a.Elem, nil)), nil
	}
	stride := int64(1)
	for _, d := range a.Dims[1:] {
		stride *= int64(d.Len)
	}
	out := &types.Array{Elem: a.Elem, Dims: append([]types.ArrayDim(nil), a.Dims...)}
	out.Dims[0].Len = int32(length - n)
	for i := range out.Dims {
		out.Dims[i].Lower = 1 // a slice's bounds start at 1
	}
	out.Elems = append([]types.Datum(nil), a.Elems[:(length-n)*stride]...)
	return types.ArrayDatum(out), nil
}

// stringToTable is string_to_table: string_to_array's elements as rows.
func stringToTable(s, delim, null types.Datum, hasNull bool) (Rows, error) {
	if s.Null {
		return &sliceRows{}, nil
	}
	arr, err := stringToArray(s, delim, null, hasNull)
	if err != nil {
		return nil, err
	}
	return &sliceRows{vals: arr.AsArray().Elems}, nil
}

func errUnicodeEscape() error {
	return pgerr.New(pgerr.SyntaxError, "invalid Unicode escape").
		WithHint("Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.")
}

// unistr decodes the Unicode escapes \XXXX, \+XXXXXX, \uXXXX and
// \UXXXXXXXX (and \\ for a backslash), pairing UTF-16 surrogates.
func unistr(s string) (string, error) {
	var b strings.Builder
	var high rune
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			if high != 0 {
				return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode surrogate pair")
			}
			b.WriteByte(s[i])
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			if high != 0 {
				return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode surrogate pair")
			}
			b.WriteByte('\\')
			i += 2
			continue
		}
		skip, n := 1, 4
		switch {
		case i+1 < len(s) && s[i+1] == '+':
			skip, n = 2, 6
		case i+1 < len(s) && s[i+1] == 'u':
			skip, n = 2, 4
		case i+1 < len(s) && s[i+1] == 'U':
			skip, n = 2, 8
		}
		if i+skip+n > len(s) {
			return "", errUnicodeEscape()
		}
		var cp rune
		for _, c := range s[i+skip : i+skip+n] {
			d := hexDigit(c)
			if d < 0 {
				return "", errUnicodeEscape()
			}
			cp = cp<<4 | rune(d)
		}
		i += skip + n
		if cp > utf8.MaxRune || cp < 0 {
			return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode code point: %04X", cp)
		}
		switch {
		case cp >= 0xD800 && cp <= 0xDBFF:
			if high != 0 {
				return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode surrogate pair")
			}
			high = cp
			continue
		case cp >= 0xDC00 && cp <= 0xDFFF:
			if high == 0 {
				return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode surrogate pair")
			}
			cp = (high-0xD800)<<10 + (cp - 0xDC00) + 0x10000
			high = 0
		case high != 0:
			return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode surrogate pair")
		}
		if cp == 0 {
			return "", pgerr.New(codeCharacterNotInRepertoire, "invalid Unicode code point: %04X", cp)
		}
		b.WriteRune(cp)
	}
	if high != 0 {
		return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode surrogate pair")
	}
	return b.String(), nil
}

func hexDigit(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentCont(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' }

func isScannerSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// parseIdent splits a qualified identifier as parse_ident does: quoted
// parts keep their case, unquoted ones are down-cased.
func parseIdent(s string, strict bool) ([]string, error) {
	bad := func() *pgerr.Error {
		return pgerr.New(codeInvalidParameter, "string is not a valid identifier: \"%s\"", s)
	}
	var out []string
	i := 0
	for i < len(s) && isScannerSpace(s[i]) {
		i++
	}
	afterDot := false
	for {
		switch {
		case i < len(s) && s[i] == '"':
			var b strings.Builder
			i++
			closed := false
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					closed = true
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			if !closed {
				return nil, bad().WithDetail("String has unclosed double quotes.")
			}
			if b.Len() == 0 {
				return nil, bad().WithDetail("Quoted identifier must not be empty.")
			}
			out = append(out, b.String())
		case i < len(s) && isIdentStart(s[i]):
			j := i
			for j < len(s) && isIdentCont(s[j]) {
				j++
			}
			out = append(out, mapRunes(s[i:j], asciiLower))
			i = j
		case i < len(s) && s[i] == '.':
			return nil, bad().WithDetail("No valid identifier before \".\".")
		case afterDot:
			return nil, bad().WithDetail("No valid identifier after \".\".")
		default:
			return nil, bad()
		}
		for i < len(s) && isScannerSpace(s[i]) {
			i++
		}
		switch {
		case i < len(s) && s[i] == '.':
			afterDot = true
			i++
			for i < len(s) && isScannerSpace(s[i]) {
				i++
			}
			continue
		case i >= len(s):
			return out, nil
		case strict:
			return nil, bad()
		}
		return out, nil
	}
}

// Encodings convert_to and convert_from serve.
const (
	encUTF8 = iota
	encLatin1
	encSQLASCII
)

// encodingNamed finds an encoding by name as pg_char_to_encoding does
// (case and punctuation ignored).
func encodingNamed(name, what string) (int, error) {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	switch b.String() {
	case "utf8", "unicode":
		return encUTF8, nil
	case "latin1", "iso88591":
		return encLatin1, nil
	case "sqlascii":
		return encSQLASCII, nil
	}
	return 0, pgerr.New(codeInvalidParameter, "invalid %s encoding name \"%s\"", what, name)
}

var encNames = [...]string{encUTF8: "UTF8", encLatin1: "LATIN1", encSQLASCII: "SQL_ASCII"}

// encodeTo converts server text (UTF-8) to bytes in enc.
func encodeTo(s string, enc int) (string, error) {
	if enc != encLatin1 {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i, r := range s {
		if r > 0xFF {
			_, w := utf8.DecodeRuneInString(s[i:])
			return "", pgerr.New("22P05", "character with byte sequence %s in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"",
				byteSeq(s[i:i+w]))
		}
		b = append(b, byte(r))
	}
	return string(b), nil
}

// decodeFrom converts bytes in enc to server text, which must be valid
// UTF-8.
func decodeFrom(s string, enc int) (string, error) {
	if enc == encLatin1 {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteRune(rune(s[i]))
		}
		return b.String(), nil
	}
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if s[i] == 0 || (r == utf8.RuneError && w <= 1) {
			n := w
			if r == utf8.RuneError {
				n = min(len(s)-i, utf8SeqLen(s[i]))
			}
			return "", pgerr.New(codeCharacterNotInRepertoire, "invalid byte sequence for encoding \"%s\": %s", encNames[encUTF8], byteSeq(s[i:i+n]))
		}
		i += w
	}
	return s, nil
}

// utf8SeqLen is the length a UTF-8 sequence starting with c claims.
func utf8SeqLen(c byte) int {
	switch {
	case c < 0x80:
		return 1
	case c&0xE0 == 0xC0:
		return 2
	case c&0xF0 == 0xE0:
		return 3
	case c&0xF8 == 0xF0:
		return 4
	}
	return 1
}

// byteSeq prints bytes as PostgreSQL's encoding errors do: 0x12 0x34.
func byteSeq(s string) string {
	const hexd = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("0x")
		b.WriteByte(hexd[s[i]>>4])
		b.WriteByte(hexd[s[i]&15])
	}
	return b.String()
}

// normalize and IS [form] NORMALIZED: Unicode normalization of text.
func init() {
	form := func(a []types.Datum) (norm.Form, error) {
		if len(a) < 2 {
			return norm.NFC, nil
		}
		switch strings.ToUpper(a[1].S) {
		case "NFC":
			return norm.NFC, nil
		case "NFD":
			return norm.NFD, nil
		case "NFKC":
			return norm.NFKC, nil
		case "NFKD":
			return norm.NFKD, nil
		}
		return 0, pgerr.New(codeInvalidParameter, "invalid normalization form: %s", a[1].S)
	}
	def("normalize", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		f, err := form(a)
		if err != nil {
			return types.Datum{}, err
		}
		return txt(f.String(a[0].S)), nil
	})
	def("is_normalized", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		f, err := form(a)
		if err != nil {
			return types.Datum{}, err
		}
		return types.Bool(f.IsNormalString(a[0].S)), nil
	})
}
