package settings

import (
	"strings"

	"ringpg/pgerr"
)

// SetArg is one item of a SET statement's value list, as the parser saw it:
// SET search_path = public, 'My Schema', 1.
type SetArg struct {
	Text   string // the constant's text; identifiers and keywords already case-folded
	Number bool   // a numeric constant (never quoted)
}

// FlattenSetArgs turns a SET statement's value list into the one string that
// Apply takes, as PostgreSQL does: items joined with ", ", and, for settings
// whose items are identifiers (search_path, temp_tablespaces), each string
// quoted as an identifier when it needs it. Settings that do not take a list
// take exactly one item ("SET work_mem takes only one argument").
//
// quoteIdent quotes an identifier the way the SQL layer does, keywords
// included; nil uses a rule without keywords (quote anything that is not
// a lower-case letter or underscore followed by lower-case letters, digits
// and underscores).
func FlattenSetArgs(s *Set, name string, args []SetArg, quoteIdent func(string) string) (string, error) {
	var flags Flag
	if d := s.Lookup(name); d != nil {
		flags = d.Flags
	}
	if flags&FlagListInput == 0 && len(args) != 1 {
		return "", pgerr.New(pgerr.InvalidParameterValue, "SET %s takes only one argument", name)
	}
	if quoteIdent == nil {
		quoteIdent = QuoteIdentifier
	}
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		if !a.Number && flags&FlagListQuote != 0 {
			b.WriteString(quoteIdent(a.Text))
		} else {
			b.WriteString(a.Text)
		}
	}
	return b.String(), nil
}

// QuoteIdentifier double-quotes s unless it is a plain lower-case
// identifier. It knows no keywords; the SQL layer's version also quotes
// reserved words.
func QuoteIdentifier(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; safe && i < len(s); i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
	}
	if safe {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
