package funcs

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// to_char for numbers: the digit templates 9 and 0, the decimal point (.
// or D), group separators (, or G), FM, and the signs S, MI, PL and SG.
// PR and TH are handled too; RN, EEEE, V and L by toCharNumber.

type numFormat struct {
	toks     []byte // '9', '0', '.', ',', 'S' (sign), 'M' (MI), 'P' (PL), 'G' (SG), or 'l' (literal)
	lits     []string
	fm       bool
	intDigs  int
	fracDigs int
	explicit bool // the template places the sign
	leadS    bool // a leading S: the floating sign shows + too
	pr       bool // PR: a negative number in angle brackets
	// fracLimit, when not negative, is how many fraction digit positions
	// print (a float's precision limit); later ones print nothing.
	fracLimit int
	// neg marks the value negative whatever its sign (a float's -0).
	neg bool
}

func parseNumFormat(f string) *numFormat {
	nf := &numFormat{fracLimit: -1}
	afterPoint := false
	up := strings.ToUpper(f)
	for i := 0; i < len(f); {
		add := func(t byte, lit string, n int) {
			nf.toks = append(nf.toks, t)
			nf.lits = append(nf.lits, lit)
			i += n
		}
		switch {
		case strings.HasPrefix(up[i:], "FM"):
			nf.fm = true
			i += 2
		case f[i] == '9' || f[i] == '0':
			if afterPoint {
				nf.fracDigs++
			} else {
				nf.intDigs++
			}
			add(f[i], "", 1)
		case f[i] == '.' || up[i] == 'D':
			if afterPoint {
				add('l', f[i:i+1], 1)
				continue
			}
			afterPoint = true
			add('.', "", 1)
		case f[i] == ',' || up[i] == 'G' && !strings.HasPrefix(up[i:], "GG"):
			add(',', "", 1)
		case strings.HasPrefix(up[i:], "MI"):
			nf.explicit = true
			add('M', "", 2)
		case strings.HasPrefix(up[i:], "PR"):
			nf.pr = true
			add('R', "", 2)
		case strings.HasPrefix(up[i:], "TH"):
			add('T', f[i:i+2], 2)
		case strings.HasPrefix(up[i:], "PL"):
			add('P', "", 2)
		case strings.HasPrefix(up[i:], "SG"):
			nf.explicit = true
			add('G', "", 2)
		case up[i] == 'S':
			if len(nf.toks) == 0 {
				nf.leadS = true
				i++
				continue
			}
			nf.explicit = true
			add('S', "", 1)
		case f[i] == '"':
			// A quoted literal; backslash escapes a quote inside it.
			var lit strings.Builder
			j := i + 1
			for j < len(f) && f[j] != '"' {
				if f[j] == '\\' && j+1 < len(f) {
					j++
				}
				lit.WriteByte(f[j])
				j++
			}
			add('l', lit.String(), j+1-i)
		default:
			add('l', f[i:i+1], 1)
		}
	}
	return nf
}

// format renders d (finite) with the template.
func (nf *numFormat) format(d *numeric.Decimal) string {
	neg := d.Sign() < 0 || nf.neg
	fracDigs := nf.fracDigs
	if nf.fracLimit >= 0 && nf.fracLimit < fracDigs {
		fracDigs = nf.fracLimit
	}
	r, err := numeric.Round(numeric.Abs(d), int32(fracDigs))
	if err != nil {
		r = numeric.Abs(d)
	}
	// The sign is the rounded value's: -0.04 to one digit is 0.0 (a
	// float's negative zero keeps it, nf.neg).
	neg = neg && (r.Sign() != 0 || nf.neg)
	text := r.String()
	intPart, fracPart := text, ""
	if i := strings.IndexByte(text, '.'); i >= 0 {
		intPart, fracPart = text[:i], text[i+1:]
	}
	for len(fracPart) < nf.fracDigs {
		fracPart += "0"
	}
	hasPoint := false
	for _, t := range nf.toks {
		if t == '.' {
			hasPoint = true
		}
	}
	// A zero integer part prints as nothing where the template has
	// integer positions, but overflows a template that has none ('.99').
	zeroInt := intPart == "0" && hasPoint && nf.intDigs > 0 && fracDigs > 0
	if zeroInt {
		intPart = ""
	}
	// FM prints a zero value's leading 0 after all ("0." for FM9.9),
	// where no fraction digit is left to show.
	fmZero := nf.fm && zeroInt && strings.Trim(fracPart[:min(fracDigs, len(fracPart))], "0") == ""
	overflow := len(intPart) > nf.intDigs

	var b strings.Builder
	signCh := func(plus byte) byte {
		if neg {
			if nf.pr {
				return '<'
			}
			return '-'
		}
		return plus
	}
	// The implicit sign floats just before the first printed digit.
	signDone := nf.explicit
	plus := byte(' ')
	if nf.leadS {
		plus = '+'
	}
	putSign := func() {
		if !signDone {
			if c := signCh(plus); c != ' ' || !nf.fm {
				b.WriteByte(c)
			}
			signDone = true
		}
	}
	k := 0 // integer digit positions seen
	f := 0 // fraction digit positions seen
	zeroFill := false
	started := false
	afterPoint := false
	for i, t := range nf.toks {
		switch t {
		case '9', '0':
			if afterPoint {
				if fracDigs < nf.fracDigs && f >= fracDigs {
					f++
					continue
				}
				switch {
				case overflow:
					b.WriteByte('#')
				case nf.fm && t == '9' && strings.Trim(fracPart[f:], "0") == "":
					// FM drops trailing zeros.
				default:
					b.WriteByte(fracPart[f])
				}
				f++
				continue
			}
			if t == '0' {
				zeroFill = true
			}
			lead := nf.intDigs - len(intPart)
			switch {
			case overflow:
				putSign()
				b.WriteByte('#')
				started = true
			case k >= lead:
				if !started {
					putSign()
				}
				started = true
				b.WriteByte(intPart[k-lead])
			case zeroFill, fmZero && k == nf.intDigs-1:
				if !started {
					putSign()
				}
				started = true
				b.WriteByte('0')
			case !nf.fm:
				b.WriteByte(' ')
			}
			k++
		case '.':
			if !started {
				putSign()
				started = true
			}
			afterPoint = true
			// A point no fraction digit follows is not printed
			// ('999.' renders 12 as "  12").
			if fracDigs > 0 {
				b.WriteByte('.')
			}
		case ',':
			switch {
			case started:
				b.WriteByte(',')
			case !nf.fm:
				b.WriteByte(' ')
			}
		case 'S':
			b.WriteByte(signCh('+'))
		case 'M':
			if neg {
				b.WriteByte('-')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case 'P':
			if !neg {
				b.WriteByte('+')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case 'G':
			b.WriteByte(signCh('+'))
		case 'R':
			if neg {
				b.WriteByte('>')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case 'T':
			b.WriteString(ordinalSuffix(intPart, nf.lits[i] == "TH"))
		default:
			b.WriteString(nf.lits[i])
		}
	}
	if !started && !signDone {
		putSign()
	}
	return b.String()
}

func toCharNum(d *numeric.Decimal, f string) types.Datum {
	r, _ := toCharNumber(d, f, nil, 0)
	return r
}

// toCharNumber is to_char of a number: the roman numerals (RN), the
// scientific form (EEEE) and the shifted form (V) are handled here, the
// digit templates by numFormat. fl is the float8 value when the number
// came from a float (EEEE then prints it as C's %e does).
func toCharNumber(d *numeric.Decimal, f string, fl *float64, floatDig int) (types.Datum, error) {
	up := strings.ToUpper(f)
	fm := strings.Contains(up, "FM")
	if i := strings.Index(up, "RN"); i >= 0 {
		return txt(romanNumeral(d, fl, fm, f[i:i+2] == "rn")), nil
	}
	if i := strings.Index(up, "EEEE"); i >= 0 {
		if strings.TrimSpace(up[i+4:]) != "" {
			return types.Datum{}, pgerr.New(pgerr.SyntaxError, "\"EEEE\" must be the last pattern used")
		}
		pre, post, ok := eeeeDigits(up[:i])
		if !ok {
			return types.Datum{}, pgerr.New(pgerr.SyntaxError, "\"EEEE\" is incompatible with other formats").
				WithDetail("\"EEEE\" may only be used together with digit and decimal point patterns.")
		}
		return txt(sciFormat(d, fl, pre, post)), nil
	}
	if i := strings.IndexByte(up, 'V'); i >= 0 && !strings.Contains(up, "\"") {
		if strings.ContainsAny(up, ".D") {
			return types.Datum{}, pgerr.New(pgerr.SyntaxError, "cannot use \"V\" and decimal point together")
		}
		// Only the 9s after V shift the value; 0s there are more
		// integer digit positions, as in PostgreSQL. (The shifted
		// value is numeric: no float digit limit applies.)
		floatDig = 0
		n := strings.Count(up[i+1:], "9")
		if d.IsFinite() {
			var err error
			if d, err = numeric.Mul(d, numeric.FromBig(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil), 0)); err != nil {
				return types.Datum{}, err
			}
			if d, err = numeric.Round(d, 0); err != nil {
				return types.Datum{}, err
			}
		}
		f = f[:i] + f[i+1:]
	}
	if strings.Contains(up, "L") && !strings.Contains(up, "\"") {
		// L, the currency symbol, is empty in the C locale: a space.
		b := []byte(f)
		for i := range b {
			if (b[i] == 'L' || b[i] == 'l') && (i == 0 || (b[i-1] != 'P' && b[i-1] != 'p')) {
				b[i] = ' '
			}
		}
		f = string(b)
	}
	if fl != nil && floatDig > 0 && !math.IsNaN(*fl) && !math.IsInf(*fl, 0) {
		return toCharFloatDigits(*fl, f, floatDig)
	}
	return toCharDigits(d, f), nil
}

// toCharFloatDigits is the digit form of to_char for float4 and float8:
// as PostgreSQL, it prints at most dig significant digits (FLT_DIG or
// DBL_DIG) where the template asks for more fraction digits, rounding
// the binary value, and a negative zero keeps its sign.
func toCharFloatDigits(val float64, f string, dig int) (types.Datum, error) {
	nf := parseNumFormat(f)
	post := nf.fracDigs
	preLen := len(strconv.FormatFloat(math.Abs(val), 'f', 0, 64))
	if preLen >= dig {
		post = 0
	} else if preLen+post > dig {
		post = dig - preLen
	}
	s := strconv.FormatFloat(val, 'f', post, 64)
	nf.neg = strings.HasPrefix(s, "-")
	d, err := numeric.Parse(strings.TrimPrefix(s, "-"))
	if err != nil {
		return types.Datum{}, err
	}
	nf.fracLimit = post
	return txt(nf.format(d)), nil
}

// eeeeDigits counts the digit positions before and after the decimal
// point of an EEEE template; ok is false when it holds anything else.
func eeeeDigits(t string) (pre, post int, ok bool) {
	point := false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == '9' || c == '0':
			if point {
				post++
			} else {
				pre++
			}
		case (c == '.' || c == 'D') && !point:
			point = true
		default:
			return 0, 0, false
		}
	}
	return pre, post, true
}

// sciFormat renders the EEEE form: a sign position, then the significand
// with post fraction digits and a signed exponent of at least two digits.
func sciFormat(d *numeric.Decimal, fl *float64, pre, post int) string {
	if fl != nil && (math.IsNaN(*fl) || math.IsInf(*fl, 0)) || fl == nil && !d.IsFinite() {
		b := []byte(" " + strings.Repeat("#", pre+post+5))
		b[pre+1] = '.'
		return string(b)
	}
	var s string
	if fl != nil {
		s = strconv.FormatFloat(*fl, 'e', post, 64)
	} else {
		s = numericSci(d, post)
	}
	if !strings.HasPrefix(s, "-") {
		s = " " + s
	}
	return s
}

// numericSci is numeric's scientific form with scale fraction digits: the
// exponent is chosen before rounding, so 9.99 at one digit is 10.0e+00.
func numericSci(d *numeric.Decimal, scale int) string {
	exp := 0
	if d.Sign() != 0 {
		text := numeric.Abs(d).String()
		intPart, frac, _ := strings.Cut(text, ".")
		if intPart != "0" {
			exp = len(intPart) - 1
		} else {
			exp = -(len(frac) - len(strings.TrimLeft(frac, "0")) + 1)
		}
	}
	var sig *numeric.Decimal
	pow := numeric.FromBig(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(exp))), nil), 0)
	var err error
	if exp >= 0 {
		sig, err = numeric.DivScaled(d, pow, int32(scale)+1)
	} else {
		sig, err = numeric.Mul(d, pow)
	}
	if err == nil {
		sig, err = numeric.Round(sig, int32(scale))
	}
	if err != nil {
		sig = d
	}
	es := strconv.Itoa(abs(exp))
	if len(es) < 2 {
		es = "0" + es
	}
	sign := "+"
	if exp < 0 {
		sign = "-"
	}
	return sig.String() + "e" + sign + es
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// romanNumeral is the RN form: the value rounded to an integer in roman
// numerals, right-aligned in 15 characters unless FM; # when it is not
// between 1 and 3999.
func romanNumeral(d *numeric.Decimal, fl *float64, fm, lower bool) string {
	var n int64 = -1
	switch {
	case fl != nil:
		if r := math.RoundToEven(*fl); r >= 1 && r <= 3999 {
			n = int64(r)
		}
	case d.IsFinite():
		if r, err := numeric.Round(d, 0); err == nil {
			if v, err := r.Int64(); err == nil {
				n = v
			}
		}
	}
	if n < 1 || n > 3999 {
		return strings.Repeat("#", 15)
	}
	var b strings.Builder
	for _, x := range []struct {
		v int64
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= x.v {
			b.WriteString(x.s)
			n -= x.v
		}
	}
	s := b.String()
	if lower {
		s = strings.ToLower(s)
	}
	if fm {
		return s
	}
	return strings.Repeat(" ", 15-len(s)) + s
}

// toCharDigits renders a number with a template of digit patterns.
func toCharDigits(d *numeric.Decimal, f string) types.Datum {
	nf := parseNumFormat(f)
	if d.IsNaN() {
		if nf.fm {
			return txt("NaN")
		}
		return txt(" NaN")
	}
	if !d.IsFinite() {
		// The infinities fill the digit positions with #.
		var b strings.Builder
		if !nf.explicit {
			if d.Sign() < 0 {
				b.WriteByte('-')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		}
		for i, t := range nf.toks {
			switch t {
			case '9', '0':
				b.WriteByte('#')
			case '.', ',':
				b.WriteByte(t)
			case 'l':
				b.WriteString(nf.lits[i])
			}
		}
		return txt(b.String())
	}
	return txt(nf.format(d))
}

func init() {
	intFn := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if strings.Contains(strings.ToUpper(a[1].S), "EEEE") {
			f := float64(a[0].I)
			return toCharNumber(numeric.FromInt64(a[0].I), a[1].S, &f, 0)
		}
		return toCharNumber(numeric.FromInt64(a[0].I), a[1].S, nil, 0)
	}
	def("to_char", "int4,text", intFn)
	def("to_char", "int8,text", intFn)
	def("to_char", "numeric,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return toCharNumber(num(a[0]), a[1].S, nil, 0)
	})
	// dig is FLT_DIG or DBL_DIG: the significant digits PostgreSQL prints.
	floatFn := func(dig int) func(*Ctx, []types.Datum) (types.Datum, error) {
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			f := a[0].F
			d, err := numeric.FromFloat64(f)
			if err != nil {
				return types.Datum{}, err
			}
			return toCharNumber(d, a[1].S, &f, dig)
		}
	}
	def("to_char", "float4,text", floatFn(6))
	def("to_char", "float8,text", floatFn(15))
}

// ordinalSuffix is TH's suffix for an integer's digits.
func ordinalSuffix(digits string, upper bool) string {
	suf := "th"
	n := len(digits)
	if n > 0 && !(n > 1 && digits[n-2] == '1') {
		switch digits[n-1] {
		case '1':
			suf = "st"
		case '2':
			suf = "nd"
		case '3':
			suf = "rd"
		}
	}
	if upper {
		return strings.ToUpper(suf)
	}
	return suf
}
