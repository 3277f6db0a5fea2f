package funcs

import (
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
)

// to_char for numbers: the digit templates 9 and 0, the decimal point (.
// or D), group separators (, or G), FM, and the signs S, MI, PL and SG.
// Other template patterns (PR, EEEE, V, TH, RN, L) are copied literally.

type numFormat struct {
	toks     []byte // '9', '0', '.', ',', 'S' (sign), 'M' (MI), 'P' (PL), 'G' (SG), or 'l' (literal)
	lits     []string
	fm       bool
	intDigs  int
	fracDigs int
	explicit bool // the template places the sign
	leadS    bool // a leading S: the floating sign shows + too
	pr       bool // PR: a negative number in angle brackets
}

func parseNumFormat(f string) *numFormat {
	nf := &numFormat{}
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
	neg := d.Sign() < 0
	r, err := numeric.Round(numeric.Abs(d), int32(nf.fracDigs))
	if err != nil {
		r = numeric.Abs(d)
	}
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
	if intPart == "0" && (hasPoint || nf.intDigs == 0) {
		intPart = ""
	}
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
			case zeroFill:
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
			b.WriteByte('.')
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
		return toCharNum(numeric.FromInt64(a[0].I), a[1].S), nil
	}
	def("to_char", "int4,text", intFn)
	def("to_char", "int8,text", intFn)
	def("to_char", "numeric,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return toCharNum(num(a[0]), a[1].S), nil
	})
	floatFn := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		d, err := numeric.FromFloat64(a[0].F)
		if err != nil {
			return types.Datum{}, err
		}
		return toCharNum(d, a[1].S), nil
	}
	def("to_char", "float4,text", floatFn)
	def("to_char", "float8,text", floatFn)
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
