package datetime

import "strings"

// tokKind classifies a field of date/time input, as PostgreSQL's
// ParseDateTime does.
type tokKind uint8

const (
	tkNumber tokKind = iota // digits, maybe with one '.'
	tkDate                  // digits or words joined by '-', '/' or '.'
	tkTime                  // digits joined by ':'
	tkWord                  // letters (a month, a zone, a keyword)
	tkSigned                // '+' or '-' then digits and ':' (an offset, or a signed number)
)

type token struct {
	kind  tokKind
	s     string // lower-cased text
	delim byte   // tkDate's separator
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' }

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 0x80 {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// lex splits date/time input into fields; ok is false for characters no
// field can hold.
func lex(in string, buf []token) ([]token, bool) {
	s := lower(in)
	toks := buf[:0]
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == ',':
			i++
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j < len(s) && s[j] == ':' {
				for j < len(s) && (isDigit(s[j]) || s[j] == ':' || s[j] == '.') {
					j++
				}
				toks = append(toks, token{kind: tkTime, s: s[i:j]})
			} else if j+1 < len(s) && (s[j] == '-' || s[j] == '/' || s[j] == '.') && (isDigit(s[j+1]) || isAlpha(s[j+1])) {
				d := s[j]
				alpha := isAlpha(s[j+1])
				k := j
				for k < len(s) && (isDigit(s[k]) || s[k] == d || (alpha && isAlpha(s[k]))) {
					k++
				}
				if d == '.' && !alpha {
					// One dot is a fraction; two make a date.
					n := 0
					for _, ch := range []byte(s[i:k]) {
						if ch == '.' {
							n++
						}
					}
					if n == 1 {
						toks = append(toks, token{kind: tkNumber, s: s[i:k]})
						i = k
						continue
					}
				}
				toks = append(toks, token{kind: tkDate, s: s[i:k], delim: d})
				j = k
			} else {
				if j < len(s) && s[j] == '.' {
					j++
					for j < len(s) && isDigit(s[j]) {
						j++
					}
				}
				toks = append(toks, token{kind: tkNumber, s: s[i:j]})
			}
			i = j
		case c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			toks = append(toks, token{kind: tkNumber, s: s[i:j]})
			i = j
		case c == '+' || c == '-':
			j := i + 1
			if j < len(s) && isAlpha(s[j]) {
				// -infinity and friends
				for j < len(s) && isAlpha(s[j]) {
					j++
				}
				toks = append(toks, token{kind: tkWord, s: s[i:j]})
				i = j
				continue
			}
			for j < len(s) && (isDigit(s[j]) || s[j] == ':' || s[j] == '.') {
				j++
			}
			if j == i+1 {
				return nil, false
			}
			toks = append(toks, token{kind: tkSigned, s: s[i:j]})
			i = j
		case isAlpha(c):
			j := i
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
			if j < len(s) && (s[j] == '/' || s[j] == '_') {
				// A zone name such as america/new_york or etc/gmt+3.
				for j < len(s) && (isAlpha(s[j]) || isDigit(s[j]) || s[j] == '/' || s[j] == '_' || s[j] == '+' || s[j] == '-') {
					j++
				}
			} else if j+1 < len(s) && (s[j] == '-' || s[j] == '/') && isDigit(s[j+1]) && monthOf(s[i:j]) > 0 {
				d := s[j]
				for j < len(s) && (isDigit(s[j]) || s[j] == d) {
					j++
				}
				toks = append(toks, token{kind: tkDate, s: s[i:j], delim: d})
				i = j
				continue
			}
			toks = append(toks, token{kind: tkWord, s: s[i:j]})
			i = j
		case c == '@' || c == '(' || c == ')':
			i++
		case c < 0x80 && c != '.' && strings.IndexByte("!\"#$%&'*/:;<=>?[\\]^_`{|}~", c) >= 0:
			// Other ASCII punctuation only separates fields, as in
			// PostgreSQL ('"2024-01-01"' is a date).
			i++
		default:
			return nil, false
		}
	}
	return toks, true
}

var monthNames = [...]string{"", "january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

var dayNames = [...]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// monthOf returns 1..12 for a month name or its abbreviation, else 0.
func monthOf(w string) int {
	if len(w) < 3 {
		return 0
	}
	if w == "sept" {
		return 9
	}
	for m := 1; m <= 12; m++ {
		if w == monthNames[m] || (len(w) == 3 && w == monthNames[m][:3]) {
			return m
		}
	}
	return 0
}

func isDayName(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, d := range dayNames {
		if w == d || (len(w) == 3 && w == d[:3]) {
			return true
		}
	}
	switch w {
	case "tues", "wednes", "thur", "thurs":
		return true
	}
	return false
}
