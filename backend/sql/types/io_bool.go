package types

import "strings"

// inputBool reads a boolean as boolin does: surrounding white space, then
// any unique prefix of true/false/yes/no, on/off (two letters at least),
// 1 or 0, in any case.
func inputBool(s string) (Datum, error) {
	if v, ok := parseBool(trimSpace(s)); ok {
		return Bool(v), nil
	}
	return Null, syntaxError("boolean", s)
}

func parseBool(s string) (value, ok bool) {
	if s == "" {
		return false, false
	}
	l := strings.ToLower(s)
	switch l[0] {
	case 't':
		return true, strings.HasPrefix("true", l)
	case 'f':
		return false, strings.HasPrefix("false", l)
	case 'y':
		return true, strings.HasPrefix("yes", l)
	case 'n':
		return false, strings.HasPrefix("no", l)
	case 'o':
		if len(l) < 2 {
			return false, false
		}
		if strings.HasPrefix("on", l) {
			return true, true
		}
		return false, strings.HasPrefix("off", l)
	case '1':
		return true, len(l) == 1
	case '0':
		return false, len(l) == 1
	}
	return false, false
}

// isSpace is C's isspace in the C locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// trimSpace removes leading and trailing isspace characters.
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}
