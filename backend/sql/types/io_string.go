package types

import (
	"strings"
	"unicode/utf8"

	"ringpg/pgerr"
)

// NameDataLen is PostgreSQL's NAMEDATALEN: a name holds at most 63 bytes.
const NameDataLen = 64

// checkUTF8 rejects text that is not valid UTF-8 (the server encoding) or
// holds a NUL, as the input functions do.
func checkUTF8(s string) error {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return nil
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || s[i] == 0 {
			end := min(i+4, len(s))
			if s[i]&0x80 != 0 {
				// PostgreSQL prints the bytes of the bad sequence it tried.
				want := utf8SeqLen(s[i])
				end = min(i+max(want, 1), len(s))
			} else {
				end = i + 1
			}
			var b strings.Builder
			for j := i; j < end; j++ {
				if j > i {
					b.WriteByte(' ')
				}
				b.WriteString("0x")
				const hexdig = "0123456789abcdef"
				b.WriteByte(hexdig[s[j]>>4])
				b.WriteByte(hexdig[s[j]&15])
			}
			return pgerr.New(codeCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": %s", b.String())
		}
		i += n
	}
	return nil
}

func utf8SeqLen(c byte) int {
	switch {
	case c&0xE0 == 0xC0:
		return 2
	case c&0xF0 == 0xE0:
		return 3
	case c&0xF8 == 0xF0:
		return 4
	}
	return 1
}

// truncateName clips a name to 63 bytes without splitting a character.
func truncateName(s string) string {
	if len(s) < NameDataLen {
		return s
	}
	n := NameDataLen - 1
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// charPrefix returns the prefix of s holding n characters, and whether s
// was longer.
func charPrefix(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		count++
	}
	return s[:i], i < len(s)
}

// varcharCoerce applies varchar(n) to s. Input and assignment (explicit
// false) accept a longer value only when the excess is spaces, and cut
// it; otherwise 22001. An explicit cast truncates silently.
func varcharCoerce(s string, mod int32, explicit, _ bool) (Datum, error) {
	n := CharLen(mod)
	if n < 0 {
		return Datum{S: s}, nil
	}
	head, longer := charPrefix(s, n)
	if !longer {
		return Datum{S: s}, nil
	}
	if !explicit && strings.Trim(s[len(head):], " ") != "" {
		return Null, pgerr.New(codeStringDataRightTruncation, "value too long for type character varying(%d)", n)
	}
	return Datum{S: head}, nil
}

// bpcharCoerce applies character(n): as varchar for longer values, and
// pads a shorter value with spaces to n characters.
func bpcharCoerce(s string, mod int32, explicit, _ bool) (Datum, error) {
	n := CharLen(mod)
	if n < 0 {
		return Datum{S: s}, nil
	}
	head, longer := charPrefix(s, n)
	if longer {
		if !explicit && strings.Trim(s[len(head):], " ") != "" {
			return Null, pgerr.New(codeStringDataRightTruncation, "value too long for type character(%d)", n)
		}
		return Datum{S: head}, nil
	}
	if c := utf8.RuneCountInString(s); c < n {
		return Datum{S: s + strings.Repeat(" ", n-c)}, nil
	}
	return Datum{S: s}, nil
}

// bpcharTrim drops the trailing spaces that do not count in a character(n)
// value's comparisons, length and casts.
func bpcharTrim(s string) string { return strings.TrimRight(s, " ") }

// inputChar reads a "char": a backslash and three octal digits give that
// byte, anything else its first byte (none for the empty string).
func inputChar(s string) Datum {
	if len(s) == 4 && s[0] == '\\' && isOctal(s[1]) && isOctal(s[2]) && isOctal(s[3]) {
		return Datum{I: int64(uint8((s[1]-'0')<<6 | (s[2]-'0')<<3 | (s[3] - '0')))}
	}
	if s == "" {
		return Datum{I: 0}
	}
	return Datum{I: int64(s[0])}
}

// appendChar prints a "char": the byte itself, nothing for 0, and \ooo
// for a byte with the high bit set.
func appendChar(dst []byte, c byte) []byte {
	switch {
	case c == 0:
		return dst
	case c&0x80 != 0:
		return append(dst, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
	}
	return append(dst, c)
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }
