package types

import (
	"strings"

	"ringpg/pgerr"
)

func malformedRecord(s, detail string) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "malformed record literal: \"%s\"", s).WithDetail("%s", detail)
}

// ParseRecord reads a row literal of a composite type with the given
// field types, as record_in does: "(f1,f2,...)" with white space allowed
// around the parentheses, an empty unquoted field read as NULL, double
// quotes (a doubled quote inside stands for one) and backslashes escaping
// any character. Field text is not trimmed; each field goes through its
// type's input.
func ParseRecord(s string, types []T, env *Env) (*Record, error) {
	p := 0
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	if p >= len(s) || s[p] != '(' {
		return nil, malformedRecord(s, "Missing left parenthesis.")
	}
	p++
	r := &Record{Types: types, Values: make([]Datum, len(types))}
	var buf strings.Builder
	for i := range types {
		if i > 0 {
			// The previous field ended at a ','.
			p++
		}
		if p < len(s) && (s[p] == ',' || s[p] == ')') {
			r.Values[i] = Null
		} else {
			buf.Reset()
			inQuote := false
			for inQuote || p < len(s) && s[p] != ',' && s[p] != ')' {
				if p >= len(s) {
					return nil, malformedRecord(s, "Unexpected end of input.")
				}
				c := s[p]
				p++
				switch {
				case c == '\\':
					if p >= len(s) {
						return nil, malformedRecord(s, "Unexpected end of input.")
					}
					buf.WriteByte(s[p])
					p++
				case c == '"' && !inQuote:
					inQuote = true
				case c == '"' && p < len(s) && s[p] == '"':
					buf.WriteByte('"')
					p++
				case c == '"':
					inQuote = false
				default:
					buf.WriteByte(c)
				}
			}
			if p >= len(s) {
				return nil, malformedRecord(s, "Unexpected end of input.")
			}
			v, err := Input(types[i], buf.String(), env)
			if err != nil {
				return nil, err
			}
			r.Values[i] = v
		}
		if p >= len(s) {
			return nil, malformedRecord(s, "Unexpected end of input.")
		}
		if s[p] == ')' && i+1 < len(types) {
			return nil, malformedRecord(s, "Too few columns.")
		}
		if s[p] == ',' && i+1 == len(types) {
			return nil, malformedRecord(s, "Too many columns.")
		}
	}
	if len(types) == 0 {
		if p >= len(s) || s[p] != ')' {
			return nil, malformedRecord(s, "Too many columns.")
		}
	}
	p++ // the ')'
	for ; p < len(s); p++ {
		if !isSpace(s[p]) {
			return nil, malformedRecord(s, "Junk after right parenthesis.")
		}
	}
	return r, nil
}
