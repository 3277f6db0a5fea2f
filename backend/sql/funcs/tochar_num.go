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
		case strings.HasPrefix(up[i:], "PL"):
			nf.explicit = true
			add('P', "", 2)
		case strings.HasPrefix(up[i:], "SG"):
			nf.explicit = true
			add('G', "", 2)
		case up[i] == 'S':
			nf.explicit = true
			add('S', "", 1)
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
			return '-'
		}
		return plus
	}
	// The implicit sign floats just before the first printed digit.
	signDone := nf.explicit
	putSign := func() {
		if !signDone {
			if c := signCh(' '); c != ' ' || !nf.fm {
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
			// S takes the sign's place next to the number: before it
			// when it leads the template, after it otherwise.
			if i == 0 || !started {
				signDone = true
				started = false
				nf.leadingSign(&b, signCh('+'))
			} else {
				b.WriteByte(signCh('+'))
			}
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
		default:
			b.WriteString(nf.lits[i])
		}
	}
	if !started && !signDone {
		putSign()
	}
	return b.String()
}

// leadingSign records a sign that a leading S places right before the
// first digit: it is written now when the template starts with it and the
// number fills the template, else after the padding; the padding is
// produced by the digit positions themselves, so the sign goes out first
// only in FM mode.
func (nf *numFormat) leadingSign(b *strings.Builder, c byte) {
	nf.pendingSign = c
}
