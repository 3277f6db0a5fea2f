package funcs

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Basic text functions. Text is UTF-8 and lengths and positions count
// characters, as in a UTF8 database.

func txt(s string) types.Datum { return types.Datum{S: s} }

func i64(v int64) types.Datum { return types.Datum{I: v} }

var errNegSubstr = pgerr.New("22011", "negative substring length not allowed")

func init() {
	def("length", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return i64(int64(utf8.RuneCountInString(a[0].S))), nil
	})
	for _, n := range []string{"char_length", "character_length"} {
		def(n, "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return i64(int64(utf8.RuneCountInString(a[0].S))), nil
		})
	}
	for _, n := range []string{"length", "char_length", "character_length"} {
		def(n, "bpchar", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return i64(int64(utf8.RuneCountInString(strings.TrimRight(a[0].S, " ")))), nil
		})
	}
	octets := func(_ *Ctx, a []types.Datum) (types.Datum, error) { return i64(int64(len(a[0].S))), nil }
	def("octet_length", "text", octets)
	def("octet_length", "bpchar", octets)
	def("octet_length", "bytea", octets)
	def("length", "bytea", octets)
	bitsF := func(_ *Ctx, a []types.Datum) (types.Datum, error) { return i64(int64(len(a[0].S)) * 8), nil }
	def("bit_length", "text", bitsF)
	def("bit_length", "bytea", bitsF)
	def("lower", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(mapRunes(a[0].S, asciiLower)), nil })
	def("upper", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(mapRunes(a[0].S, asciiUpper)), nil })
	def("initcap", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(initcap(a[0].S)), nil })

	substr3 := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := substrChars(a[0].S, a[1].I, a[2].I, true)
		return txt(s), err
	}
	substr2 := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := substrChars(a[0].S, a[1].I, 0, false)
		return txt(s), err
	}
	def("substr", "text,int4,int4", substr3)
	def("substring", "text,int4,int4", substr3)
	def("substr", "text,int4", substr2)
	def("substring", "text,int4", substr2)
	bsubstr3 := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := substrBytes(a[0].S, a[1].I, a[2].I, true)
		return txt(s), err
	}
	bsubstr2 := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := substrBytes(a[0].S, a[1].I, 0, false)
		return txt(s), err
	}
	def("substr", "bytea,int4,int4", bsubstr3)
	def("substring", "bytea,int4,int4", bsubstr3)
	def("substr", "bytea,int4", bsubstr2)
	def("substring", "bytea,int4", bsubstr2)

	pos := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		i := strings.Index(a[0].S, a[1].S)
		if i < 0 {
			return i64(0), nil
		}
		return i64(int64(utf8.RuneCountInString(a[0].S[:i])) + 1), nil
	}
	def("position", "text,text", pos)
	def("strpos", "text,text", pos)
	def("position", "bytea,bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return i64(int64(strings.Index(a[0].S, a[1].S) + 1)), nil
	})
	def("replace", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if a[1].S == "" {
			return a[0], nil
		}
		return txt(strings.ReplaceAll(a[0].S, a[1].S, a[2].S)), nil
	})
	def("translate", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(translate(a[0].S, a[1].S, a[2].S)), nil
	})
	def("left", "text,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(leftChars(a[0].S, a[1].I)), nil
	})
	def("right", "text,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(rightChars(a[0].S, a[1].I)), nil
	})
	def("lpad", "text,int4,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return pad(a[0].S, a[1].I, a[2].S, true) })
	def("rpad", "text,int4,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return pad(a[0].S, a[1].I, a[2].S, false) })
	def("lpad", "text,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return pad(a[0].S, a[1].I, " ", true) })
	def("rpad", "text,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return pad(a[0].S, a[1].I, " ", false) })
	def("ltrim", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(trimChars(a[0].S, a[1].S, true, false)), nil
	})
	def("rtrim", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(trimChars(a[0].S, a[1].S, false, true)), nil
	})
	def("btrim", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(trimChars(a[0].S, a[1].S, true, true)), nil
	})
	def("ltrim", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(strings.TrimLeft(a[0].S, " ")), nil })
	def("rtrim", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(strings.TrimRight(a[0].S, " ")), nil })
	def("btrim", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(strings.Trim(a[0].S, " ")), nil })
	def("ltrim", "bytea,bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(strings.TrimLeft(a[0].S, a[1].S)), nil })
	def("rtrim", "bytea,bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(strings.TrimRight(a[0].S, a[1].S)), nil })
	def("btrim", "bytea,bytea", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(strings.Trim(a[0].S, a[1].S)), nil })
	def("repeat", "text,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		n := a[1].I
		if n <= 0 || a[0].S == "" {
			return txt(""), nil
		}
		if int64(len(a[0].S))*n > maxFieldSize {
			return types.Datum{}, errTooLarge
		}
		return txt(strings.Repeat(a[0].S, int(n))), nil
	})
	def("reverse", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		r := []rune(a[0].S)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return txt(string(r)), nil
	})
	def("split_part", "text,text,int4", splitPart)
	def("starts_with", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(strings.HasPrefix(a[0].S, a[1].S)), nil
	})
	def("ascii", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].S == "" {
			return i64(0), nil
		}
		r, _ := utf8.DecodeRuneInString(a[0].S)
		return i64(int64(r)), nil
	})
	def("chr", "int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		v := a[0].I
		switch {
		case v == 0:
			return types.Datum{}, pgerr.New(codeProgramLimitExceeded, "null character not permitted")
		case v < 0:
			return types.Datum{}, pgerr.New(codeInvalidParameter, "character number must be positive")
		case v > unicode.MaxRune:
			return types.Datum{}, pgerr.New(codeProgramLimitExceeded, "requested character too large for encoding: %d", v)
		case v >= 0xD800 && v <= 0xDFFF:
			return types.Datum{}, pgerr.New(codeProgramLimitExceeded, "requested character not valid for encoding: %d", v)
		}
		return txt(string(rune(v))), nil
	})
	def("to_hex", "int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(hexU(uint64(uint32(a[0].I)))), nil
	})
	def("to_hex", "int8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(hexU(uint64(a[0].I))), nil
	})
}

// maxFieldSize is PostgreSQL's limit on one value (1 GB - 1).
const maxFieldSize = 1<<30 - 1

var errTooLarge = pgerr.New(codeProgramLimitExceeded, "requested length too large")

func hexU(v uint64) string {
	const digits = "0123456789abcdef"
	var b [16]byte
	i := len(b)
	for {
		i--
		b[i] = digits[v&15]
		v >>= 4
		if v == 0 {
			break
		}
	}
	return string(b[i:])
}

// asciiUpper and asciiLower change only ASCII letters, as PostgreSQL's
// case functions do under the C locale (the only one served).
func asciiUpper(r rune) rune {
	if r >= 'a' && r <= 'z' {
		return r - 'a' + 'A'
	}
	return r
}

func asciiLower(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r - 'A' + 'a'
	}
	return r
}

func asciiAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// mapRunes applies an ASCII case mapping byte by byte; bytes of other
// characters are left alone.
func mapRunes(s string, f func(rune) rune) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			continue
		}
		if r := byte(f(rune(c))); r != c {
			if b == nil {
				b = []byte(s)
			}
			b[i] = r
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// initcap upper-cases the first letter of every word and lower-cases the
// rest; words are runs of ASCII letters and digits (the C locale's
// classes, so a non-ASCII character ends a word and is left as it is).
func initcap(s string) string {
	b := []byte(s)
	inWord := false
	for i, c := range b {
		if inWord {
			b[i] = byte(asciiLower(rune(c)))
		} else {
			b[i] = byte(asciiUpper(rune(c)))
		}
		inWord = asciiAlnum(c)
	}
	return string(b)
}

// substrChars is SQL substring(s from start for count) over characters.
func substrChars(s string, start, count int64, hasCount bool) (string, error) {
	if hasCount && count < 0 {
		return "", errNegSubstr
	}
	first := start
	if first < 1 {
		first = 1
	}
	var last int64 = 1 << 62 // exclusive, 1-based
	if hasCount {
		last = start + count
		if start > 0 && last < start { // overflow
			last = 1 << 62
		}
	}
	if last <= first {
		return "", nil
	}
	// Walk to the byte offsets of characters first and last.
	pos := int64(1)
	from, to := len(s), len(s)
	for i := range s {
		if pos == first {
			from = i
		}
		if pos == last {
			to = i
			break
		}
		pos++
	}
	if from > to {
		return "", nil
	}
	return s[from:to], nil
}

// substrBytes is substring over bytes (bytea).
func substrBytes(s string, start, count int64, hasCount bool) (string, error) {
	if hasCount && count < 0 {
		return "", errNegSubstr
	}
	first := start
	if first < 1 {
		first = 1
	}
	last := int64(len(s)) + 1
	if hasCount && start+count < last {
		last = start + count
	}
	if last <= first || first > int64(len(s)) {
		return "", nil
	}
	return s[first-1 : last-1], nil
}

func translate(s, from, to string) string {
	fr, tr := []rune(from), []rune(to)
	var b strings.Builder
	for _, r := range s {
		idx := -1
		for i, f := range fr {
			if f == r {
				idx = i
				break
			}
		}
		switch {
		case idx < 0:
			b.WriteRune(r)
		case idx < len(tr):
			b.WriteRune(tr[idx])
		}
	}
	return b.String()
}

// leftChars is left(s, n): the first n characters, or all but the last
// -n when n is negative.
func leftChars(s string, n int64) string {
	if n < 0 {
		n = int64(utf8.RuneCountInString(s)) + n
		if n <= 0 {
			return ""
		}
	}
	i := 0
	for k := int64(0); k < n && i < len(s); k++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return s[:i]
}

// rightChars is right(s, n): the last n characters, or all but the first
// -n when n is negative.
func rightChars(s string, n int64) string {
	total := int64(utf8.RuneCountInString(s))
	skip := total - n
	if n < 0 {
		skip = -n
	}
	if skip <= 0 {
		return s
	}
	if skip >= total {
		return ""
	}
	i := 0
	for k := int64(0); k < skip; k++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return s[i:]
}

// pad is lpad/rpad: s cut or filled with fill to n characters.
func pad(s string, n int64, fill string, left bool) (types.Datum, error) {
	if n <= 0 {
		return txt(""), nil
	}
	if n > maxFieldSize/4 {
		return types.Datum{}, errTooLarge
	}
	have := int64(utf8.RuneCountInString(s))
	if have >= n || fill == "" {
		return txt(leftChars(s, n)), nil
	}
	fr := []rune(fill)
	var b strings.Builder
	need := n - have
	padding := make([]rune, 0, need)
	for i := int64(0); i < need; i++ {
		padding = append(padding, fr[int(i)%len(fr)])
	}
	if left {
		b.WriteString(string(padding))
		b.WriteString(s)
	} else {
		b.WriteString(s)
		b.WriteString(string(padding))
	}
	return txt(b.String()), nil
}

// trimChars removes characters of set from the chosen ends of s.
func trimChars(s, set string, left, right bool) string {
	in := func(r rune) bool { return strings.ContainsRune(set, r) }
	if left {
		s = strings.TrimLeftFunc(s, in)
	}
	if right {
		s = strings.TrimRightFunc(s, in)
	}
	return s
}

func splitPart(_ *Ctx, a []types.Datum) (types.Datum, error) {
	s, delim, n := a[0].S, a[1].S, a[2].I
	if n == 0 {
		return types.Datum{}, pgerr.New(codeInvalidParameter, "field position must not be zero")
	}
	if s == "" {
		return txt(""), nil
	}
	var parts []string
	if delim == "" {
		parts = []string{s}
	} else {
		parts = strings.Split(s, delim)
	}
	if n < 0 {
		n = int64(len(parts)) + n + 1
		if n <= 0 {
			return txt(""), nil
		}
	}
	if n > int64(len(parts)) {
		return txt(""), nil
	}
	return txt(parts[n-1]), nil
}
