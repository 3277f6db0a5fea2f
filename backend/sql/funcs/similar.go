package funcs

import (
	"strings"
	"unicode/utf8"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// similar_to_escape turns a SQL SIMILAR TO pattern into the regular
// expression the ~ operator then matches: anchored, % and _ as wildcards,
// ( as a non-capturing group, and the escape-double-quote separators of
// SUBSTRING ... SIMILAR marking the part to return.

func similarToEscape(pat string, esc string, noEscape bool) (string, error) {
	return similarEscape(pat, esc, noEscape, false)
}

func similarEscape(pat string, esc string, noEscape, defaultEsc bool) (string, error) {
	var e rune = '\\'
	switch {
	case noEscape:
		e = -1
	case utf8.RuneCountInString(esc) > 1:
		return "", pgerr.New(codeInvalidEscapeSequence, "invalid escape string").
			WithHint("Escape string must be empty or one character.")
	case esc == "" && !defaultEsc:
		e = -1
	case esc == "":
	default:
		e, _ = utf8.DecodeRuneInString(esc)
	}
	var b strings.Builder
	b.WriteString("^(?:")
	after, inClass := false, false
	quotes := 0
	for _, c := range pat {
		switch {
		case after:
			if c == '"' && !inClass {
				switch quotes {
				case 0:
					b.WriteString("){1,1}?(")
				case 1:
					b.WriteString("){1,1}(?:")
				default:
					return "", pgerr.New("2200C", "SQL regular expression may not contain more than two escape-double-quote separators")
				}
				quotes++
			} else {
				b.WriteByte('\\')
				b.WriteRune(c)
			}
			after = false
		case c == e:
			after = true
		case inClass:
			if c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
			if c == ']' {
				inClass = false
			}
		case c == '[':
			b.WriteRune(c)
			inClass = true
		case c == '%':
			b.WriteString(".*")
		case c == '_':
			b.WriteByte('.')
		case c == '(':
			b.WriteString("(?:")
		case c == '\\' || c == '.' || c == '^' || c == '$':
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteString(")$")
	return b.String(), nil
}

func init() {
	def("similar_to_escape", "text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := similarEscape(a[0].S, "", false, true)
		return txt(s), err
	})
	def("similar_to_escape", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := similarToEscape(a[0].S, a[1].S, false)
		return txt(s), err
	})
	// The old form: a NULL escape means the default, backslash.
	def("similar_escape", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].Null {
			return types.Null, nil
		}
		s, err := similarEscape(a[0].S, a[1].S, false, a[1].Null)
		return txt(s), err
	})
}
