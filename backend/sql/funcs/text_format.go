package funcs

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// format() and encode()/decode().

const hintPercent = `For a single "%" use "%%".`

func init() {
	defSpec("format", "text,any", func(at []types.T, _ types.T) (CallFunc, error) {
		outs := printers(at)
		return func(c *Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].Null {
				return types.Null, nil
			}
			return formatText(c, a[0].S, a[1:], at[1:], outs[1:])
		}, nil
	})
	def("format", "text", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].Null {
			return types.Null, nil
		}
		return formatText(c, a[0].S, nil, nil, nil)
	})
	def("encode", "bytea,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return encode(a[0].S, a[1].S) })
	def("decode", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return decode(a[0].S, a[1].S) })
}

func formatErr(format string, args ...any) *pgerr.Error {
	return pgerr.New(codeInvalidParameter, format, args...)
}

// formatText implements format(fmt, args...).
func formatText(c *Ctx, f string, args []types.Datum, ts []types.T, outs []func(*Ctx, types.Datum) string) (types.Datum, error) {
	var b strings.Builder
	next := 0
	i := 0
	// readNum reads digits at f[i:]; ok false when none.
	readNum := func() (int, bool, error) {
		j := i
		n := 0
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			n = n*10 + int(f[j]-'0')
			if n > 1<<30 {
				return 0, false, formatErr("number is out of range")
			}
			j++
		}
		if j == i {
			return 0, false, nil
		}
		i = j
		return n, true, nil
	}
	unterminated := func() error {
		return formatErr("unterminated format() type specifier").WithHint("%s", hintPercent)
	}
	for i < len(f) {
		ch := f[i]
		if ch != '%' {
			b.WriteByte(ch)
			i++
			continue
		}
		i++
		if i >= len(f) {
			return types.Datum{}, unterminated()
		}
		if f[i] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		// [argpos$]
		argPos := -1
		save := i
		if n, ok, err := readNum(); err != nil {
			return types.Datum{}, err
		} else if ok {
			if i < len(f) && f[i] == '$' {
				if n == 0 {
					return types.Datum{}, formatErr("format specifies argument 0, but arguments are numbered from 1")
				}
				argPos = n - 1
				i++
			} else {
				i = save
			}
		}
		// [flags]
		left := false
		for i < len(f) && f[i] == '-' {
			left = true
			i++
		}
		// [width]
		width := 0
		hasWidth := false
		if i < len(f) && f[i] == '*' {
			i++
			wpos := next
			if n, ok, err := readNum(); err != nil {
				return types.Datum{}, err
			} else if ok {
				if i >= len(f) || f[i] != '$' {
					return types.Datum{}, unterminated()
				}
				if n == 0 {
					return types.Datum{}, formatErr("format specifies argument 0, but arguments are numbered from 1")
				}
				wpos = n - 1
				i++
			}
			if wpos >= len(args) {
				return types.Datum{}, formatErr("too few arguments for format()")
			}
			next = wpos + 1
			w := args[wpos]
			if !w.Null {
				v, err := strconv.Atoi(outs[wpos](c, w))
				if err != nil {
					return types.Datum{}, pgerr.New(codeInvalidText, "invalid input syntax for type integer: \"%s\"", outs[wpos](c, w))
				}
				if v < 0 {
					left = true
					v = -v
				}
				width, hasWidth = v, true
			}
		} else if n, ok, err := readNum(); err != nil {
			return types.Datum{}, err
		} else if ok {
			width, hasWidth = n, true
		}
		if i >= len(f) {
			return types.Datum{}, unterminated()
		}
		kind := f[i]
		i++
		if kind != 's' && kind != 'I' && kind != 'L' {
			r, _ := utf8.DecodeRuneInString(f[i-1:])
			return types.Datum{}, formatErr("unrecognized format() type specifier \"%c\"", r).WithHint("%s", hintPercent)
		}
		if argPos < 0 {
			argPos = next
		}
		if argPos >= len(args) {
			return types.Datum{}, formatErr("too few arguments for format()")
		}
		next = argPos + 1
		d := args[argPos]
		var s string
		switch kind {
		case 's':
			if !d.Null {
				s = outs[argPos](c, d)
			}
		case 'I':
			if d.Null {
				return types.Datum{}, pgerr.New(codeNullNotAllowed, "null values cannot be formatted as an SQL identifier")
			}
			s = quoteIdent(outs[argPos](c, d))
		case 'L':
			if d.Null {
				s = "NULL"
			} else {
				s = quoteLiteral(outs[argPos](c, d))
			}
		}
		if hasWidth {
			n := utf8.RuneCountInString(s)
			if n < width {
				padding := strings.Repeat(" ", width-n)
				if left {
					s += padding
				} else {
					s = padding + s
				}
			}
		}
		b.WriteString(s)
	}
	_ = ts
	return txt(b.String()), nil
}

func unknownEncoding(name string) error {
	return pgerr.New(codeInvalidParameter, "unrecognized encoding: \"%s\"", name)
}

func encode(data, format string) (types.Datum, error) {
	switch strings.ToLower(format) {
	case "hex":
		return txt(hex.EncodeToString([]byte(data))), nil
	case "base64":
		s := base64.StdEncoding.EncodeToString([]byte(data))
		var b strings.Builder
		for len(s) > 76 {
			b.WriteString(s[:76])
			b.WriteByte('\n')
			s = s[76:]
		}
		b.WriteString(s)
		return txt(b.String()), nil
	case "escape":
		var b strings.Builder
		for i := 0; i < len(data); i++ {
			c := data[i]
			switch {
			case c == '\\':
				b.WriteString(`\\`)
			case c == 0 || c >= 0x80:
				b.WriteByte('\\')
				b.WriteByte('0' + c>>6)
				b.WriteByte('0' + c>>3&7)
				b.WriteByte('0' + c&7)
			default:
				b.WriteByte(c)
			}
		}
		return txt(b.String()), nil
	}
	return types.Datum{}, unknownEncoding(format)
}

func decode(s, format string) (types.Datum, error) {
	switch strings.ToLower(format) {
	case "hex":
		var out []byte
		for i := 0; i < len(s); {
			c := s[i]
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				i++
				continue
			}
			hi, ok := hexVal(c)
			if !ok {
				return types.Datum{}, pgerr.New(codeInvalidParameter, "invalid hexadecimal digit: \"%s\"", s[i:i+utf8Len(s[i:])])
			}
			if i+1 >= len(s) {
				return types.Datum{}, pgerr.New(codeInvalidParameter, "invalid hexadecimal data: odd number of digits")
			}
			lo, ok := hexVal(s[i+1])
			if !ok {
				return types.Datum{}, pgerr.New(codeInvalidParameter, "invalid hexadecimal digit: \"%s\"", s[i+1:i+1+utf8Len(s[i+1:])])
			}
			out = append(out, hi<<4|lo)
			i += 2
		}
		return txt(string(out)), nil
	case "base64":
		out, err := base64Decode(s)
		if err != nil {
			return types.Datum{}, err
		}
		return txt(string(out)), nil
	case "escape":
		var out []byte
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c != '\\' {
				out = append(out, c)
				continue
			}
			if i+1 < len(s) && s[i+1] == '\\' {
				out = append(out, '\\')
				i++
				continue
			}
			if i+3 < len(s) && isOct(s[i+1]) && isOct(s[i+2]) && isOct(s[i+3]) && s[i+1] <= '3' {
				out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
				i += 3
				continue
			}
			return types.Datum{}, pgerr.New(codeInvalidText, "invalid input syntax for type %s", "bytea")
		}
		return txt(string(out)), nil
	}
	return types.Datum{}, unknownEncoding(format)
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

func utf8Len(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// base64Decode decodes as PostgreSQL's decode(..., 'base64') does: white
// space is skipped, "=" ends the data (what follows still counts toward
// the last group), and a group left incomplete is an error.
func base64Decode(s string) ([]byte, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out []byte
	buf, pos, end := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		b := 0
		if c == '=' {
			if end == 0 {
				switch pos {
				case 2:
					end = 1
				case 3:
					end = 2
				default:
					return nil, pgerr.New(codeInvalidParameter, "unexpected \"=\" while decoding base64 sequence")
				}
			}
		} else {
			b = strings.IndexByte(alphabet, c)
			if b < 0 {
				return nil, pgerr.New(codeInvalidParameter, "invalid symbol \"%s\" found while decoding base64 sequence", s[i:i+utf8Len(s[i:])])
			}
		}
		buf = buf<<6 + b
		pos++
		if pos == 4 {
			out = append(out, byte(buf>>16))
			if end == 0 || end > 1 {
				out = append(out, byte(buf>>8))
			}
			if end == 0 || end > 2 {
				out = append(out, byte(buf))
			}
			buf, pos = 0, 0
		}
	}
	if pos != 0 {
		return nil, pgerr.New(codeInvalidParameter, "invalid base64 end sequence").
			WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
	}
	return out, nil
}
