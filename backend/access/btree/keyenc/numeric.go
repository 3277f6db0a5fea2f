package keyenc

import (
	"encoding/binary"
	"strings"

	"ringpg/pgerr"
)

// Numeric values arrive as decimal strings (PostgreSQL's numeric input
// syntax) and are ordered by value, with numeric's special values placed
// as PostgreSQL places them: -Infinity first, NaN last.

// Numeric class bytes, in their sort order.
const (
	numNegInf byte = 1
	numNeg    byte = 2
	numZero   byte = 3
	numPos    byte = 4
	numPosInf byte = 5
	numNaN    byte = 6
)

// Range limits of numeric (PostgreSQL's: 131072 digits before the decimal
// point, 16383 after). They also bound what a decoder will build.
const (
	maxIntDigits  = 131072
	maxFracDigits = 16383
)

// decimal is a parsed numeric: for a finite non-zero value,
// ±0.digits × 10^exp with digits ASCII, the first non-zero, none trailing.
type decimal struct {
	class  byte
	digits []byte
	exp    int
}

func syntaxError(s string) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
}

func overflowError() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
}

// parseNumeric parses PostgreSQL 15's numeric input syntax: optional
// surrounding white space, an optional sign, digits with an optional
// decimal point, an optional exponent; or NaN, Infinity, inf (any case,
// the infinities signed or not).
func parseNumeric(in string) (decimal, error) {
	s := strings.TrimSpace(in)
	neg := false
	body := s
	if body != "" && (body[0] == '+' || body[0] == '-') {
		neg = body[0] == '-'
		body = body[1:]
	}
	switch {
	case strings.EqualFold(s, "nan"):
		return decimal{class: numNaN}, nil
	case strings.EqualFold(body, "infinity"), strings.EqualFold(body, "inf"):
		if neg {
			return decimal{class: numNegInf}, nil
		}
		return decimal{class: numPosInf}, nil
	}

	var digits []byte
	exp := 0 // the count of digits before the decimal point, so far
	seenDigit, seenPoint := false, false
	i := 0
	for ; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= '0' && c <= '9':
			seenDigit = true
			if c == '0' && len(digits) == 0 {
				// A leading zero: before the point it adds nothing, after
				// it it shifts the value right.
				if seenPoint {
					exp--
				}
				continue
			}
			digits = append(digits, c)
			if !seenPoint {
				exp++
			}
		case c == '.' && !seenPoint:
			seenPoint = true
		default:
			goto tail
		}
	}
tail:
	if !seenDigit {
		return decimal{}, syntaxError(in)
	}
	if i < len(body) {
		if body[i] != 'e' && body[i] != 'E' {
			return decimal{}, syntaxError(in)
		}
		i++
		eneg := false
		if i < len(body) && (body[i] == '+' || body[i] == '-') {
			eneg = body[i] == '-'
			i++
		}
		if i == len(body) {
			return decimal{}, syntaxError(in)
		}
		e := 0
		for ; i < len(body); i++ {
			c := body[i]
			if c < '0' || c > '9' {
				return decimal{}, syntaxError(in)
			}
			if e < 1_000_000_000 {
				e = e*10 + int(c-'0')
			}
		}
		if e >= 1_000_000_000 {
			return decimal{}, overflowError()
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		return decimal{class: numZero}, nil
	}
	if exp > maxIntDigits || len(digits)-exp > maxFracDigits {
		return decimal{}, overflowError()
	}
	d := decimal{class: numPos, digits: digits, exp: exp}
	if neg {
		d.class = numNeg
	}
	return d, nil
}

// AppendNumeric appends a numeric column given as a decimal string. It
// fails with 22P02 on a malformed string and 22003 outside numeric's
// range; b is then returned unchanged.
func AppendNumeric(b []byte, s string, o Order) ([]byte, error) {
	d, err := parseNumeric(s)
	if err != nil {
		return b, err
	}
	return appendDecimal(b, d, o), nil
}

func appendDecimal(b []byte, d decimal, o Order) []byte {
	b = append(b, markValue)
	start := len(b)
	b = append(b, d.class)
	if d.class == numPos || d.class == numNeg {
		mag := len(b)
		b = binary.BigEndian.AppendUint32(b, uint32(int32(d.exp))^1<<31)
		for i := 0; i < len(d.digits); i += 2 {
			hi := d.digits[i] - '0'
			lo := byte(0)
			if i+1 < len(d.digits) {
				lo = d.digits[i+1] - '0'
			}
			b = append(b, 10*hi+lo+1)
		}
		b = append(b, 0)
		if d.class == numNeg {
			invertFrom(b, mag)
		}
	}
	if o.Desc {
		invertFrom(b, start)
	}
	return b
}

// DecodeNumeric reads a numeric column as a canonical decimal string:
// no exponent, no trailing fractional zeros ("1.5", "-0.001", "1200"),
// or "NaN", "Infinity", "-Infinity".
func DecodeNumeric(b []byte, o Order) (v string, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return "", null, b, err
	}
	flip := byte(0)
	if o.Desc {
		flip = 0xFF
	}
	if len(b) == 0 {
		return "", false, nil, corrupt("key ends before a numeric")
	}
	class := b[0] ^ flip
	b = b[1:]
	switch class {
	case numNegInf:
		return "-Infinity", false, b, nil
	case numZero:
		return "0", false, b, nil
	case numPosInf:
		return "Infinity", false, b, nil
	case numNaN:
		return "NaN", false, b, nil
	case numPos, numNeg:
	default:
		return "", false, nil, corrupt("bad numeric class %d", class)
	}
	if class == numNeg {
		flip ^= 0xFF
	}
	if len(b) < 4 {
		return "", false, nil, corrupt("key ends inside a numeric")
	}
	u := binary.BigEndian.Uint32(b)
	if flip != 0 {
		u = ^u
	}
	exp := int(int32(u ^ 1<<31))
	b = b[4:]
	var digits []byte
	for i := 0; ; i++ {
		if i >= len(b) {
			return "", false, nil, corrupt("unterminated numeric")
		}
		p := b[i] ^ flip
		if p == 0 {
			b = b[i+1:]
			break
		}
		if p > 100 {
			return "", false, nil, corrupt("bad numeric digit pair %d", p)
		}
		if len(digits) > maxIntDigits+maxFracDigits {
			return "", false, nil, corrupt("numeric too long")
		}
		digits = append(digits, '0'+(p-1)/10, '0'+(p-1)%10)
	}
	// Canonical form: a first digit that is not 0, at least one pair, and
	// no trailing zero beyond the padding of an odd count.
	if len(digits) == 0 || digits[0] == '0' || digits[len(digits)-2] == '0' && digits[len(digits)-1] == '0' {
		return "", false, nil, corrupt("non-canonical numeric digits")
	}
	if digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	if exp > maxIntDigits || len(digits)-exp > maxFracDigits {
		return "", false, nil, corrupt("numeric exponent %d out of range", exp)
	}
	return formatDecimal(class == numNeg, digits, exp), false, b, nil
}

// formatDecimal writes ±0.digits × 10^exp in plain notation.
func formatDecimal(neg bool, digits []byte, exp int) string {
	var sb strings.Builder
	if neg {
		sb.WriteByte('-')
	}
	n := len(digits)
	switch {
	case exp <= 0:
		sb.WriteString("0.")
		for range -exp {
			sb.WriteByte('0')
		}
		sb.Write(digits)
	case exp < n:
		sb.Write(digits[:exp])
		sb.WriteByte('.')
		sb.Write(digits[exp:])
	default:
		sb.Write(digits)
		for range exp - n {
			sb.WriteByte('0')
		}
	}
	return sb.String()
}
