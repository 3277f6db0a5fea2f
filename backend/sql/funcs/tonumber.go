package funcs

import (
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// to_number(text, text): the input is read under to_char's template. Each
// digit position (9 or 0) takes the next digit, passing over characters
// that are not digits (a group separator the template does not place, a
// decimal point where the template has none) except a decimal point the
// template places later; a minus sign before the first digit, or where
// the template has S, MI, SG or PL, makes the number negative, and so do
// angle brackets with PR; other template characters pass over one input
// character. Digits beyond the template's are ignored.

func toNumber(in, format string) (types.Datum, error) {
	up := strings.ToUpper(format)
	for _, p := range []string{"EEEE", "RN"} {
		if strings.Contains(up, p) {
			return types.Datum{}, pgerr.New(pgerr.FeatureNotSupported, "\"%s\" not supported for input", p)
		}
	}
	nf := parseNumFormat(format)
	var intPart, frac strings.Builder
	neg, afterPoint := false, false
	i := 0
	for i < len(in) && in[i] == ' ' {
		i++
	}
	if nf.pr && i < len(in) && in[i] == '<' {
		neg = true
		i++
	}
	pointAhead := func(k int) bool {
		for _, t := range nf.toks[k+1:] {
			if t == '.' {
				return true
			}
		}
		return false
	}
	signAhead := func(k int) bool {
		for _, t := range nf.toks[k+1:] {
			switch t {
			case 'S', 'M', 'G', 'P':
				return true
			}
		}
		return false
	}
	for k, t := range nf.toks {
		switch t {
		case '9', '0':
			for i < len(in) && !isDigit(in[i]) {
				if in[i] == '.' && pointAhead(k) {
					break
				}
				if (in[i] == '-' || in[i] == '+') && (intPart.Len() > 0 || frac.Len() > 0) && signAhead(k) {
					break // the sign the template places later
				}
				if in[i] == '-' && intPart.Len() == 0 && frac.Len() == 0 {
					neg = true
				}
				i++
			}
			if i < len(in) && isDigit(in[i]) {
				if afterPoint {
					frac.WriteByte(in[i])
				} else {
					intPart.WriteByte(in[i])
				}
				i++
			}
		case '.':
			afterPoint = true
			if i < len(in) && in[i] == '.' {
				i++
			}
		case ',':
			if i < len(in) && in[i] == ',' {
				i++
			}
		case 'S', 'M', 'G', 'P':
			if i < len(in) && (in[i] == '-' || in[i] == '+') {
				neg = neg || in[i] == '-'
				i++
			}
		case 'R':
			if i < len(in) && in[i] == '>' {
				i++
			}
		case 'T':
		default:
			if i < len(in) && !isDigit(in[i]) {
				i++
			}
		}
	}
	if intPart.Len() == 0 && frac.Len() == 0 {
		return types.Datum{}, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type numeric: \" \"")
	}
	s := intPart.String()
	if s == "" {
		s = "0"
	}
	if frac.Len() > 0 {
		s += "." + frac.String()
	}
	if neg {
		s = "-" + s
	}
	return numD(numeric.Parse(s))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func init() {
	def("to_number", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return toNumber(a[0].S, a[1].S)
	})
}
