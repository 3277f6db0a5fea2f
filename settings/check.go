package settings

import (
	"strings"

	"ringpg/pgerr"
)

// String settings whose value PostgreSQL validates or rewrites on the way in
// have a check hook here, so that SHOW prints what PostgreSQL would print
// ("SET DateStyle = 'german'" shows "German, DMY").

var listSyntaxInvalid = &checkFailure{detail: "List syntax is invalid."}

// splitIdentifiers splits a comma-separated list of identifiers the way
// PostgreSQL's SplitIdentifierString does: white space around items is
// ignored, "quoted" items keep their case and may contain "" for a quote,
// unquoted items are lower-cased; an empty unquoted item is a syntax error.
// An empty
// or all-blank string is an empty list.
func splitIdentifiers(s string, sep byte) ([]string, bool) {
	var out []string
	i := skipSpace(s, 0)
	if i == len(s) {
		return nil, true
	}
	for {
		var item string
		if s[i] == '"' {
			var b strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(s[j:], '"')
				if k < 0 {
					return nil, false
				}
				b.WriteString(s[j : j+k])
				j += k + 1
				if j < len(s) && s[j] == '"' {
					b.WriteByte('"')
					j++
					continue
				}
				break
			}
			item = b.String() // may be empty: PostgreSQL accepts ""
			i = j
		} else {
			j := i
			for j < len(s) && s[j] != sep && !isCSpace(s[j]) {
				j++
			}
			if j == i {
				return nil, false
			}
			item = strings.ToLower(s[i:j])
			i = j
		}
		out = append(out, item)
		i = skipSpace(s, i)
		if i == len(s) {
			return out, true
		}
		if s[i] != sep {
			return nil, false
		}
		i = skipSpace(s, i+1)
		if i == len(s) {
			return nil, false
		}
	}
}

// checkSearchPath accepts any syntactically valid list; whether the schemas
// exist is decided when the path is used, as in PostgreSQL.
func checkSearchPath(_ *Set, v string) (string, *checkFailure) {
	if _, ok := splitIdentifiers(v, ','); !ok {
		return "", listSyntaxInvalid
	}
	return v, nil
}

// checkCleanASCII replaces every byte outside printable ASCII with '?', as
// PostgreSQL 15 does for application_name and cluster_name, so that they
// are safe in any log and process title.
func checkCleanASCII(_ *Set, v string) (string, *checkFailure) {
	for i := 0; i < len(v); i++ {
		if v[i] < 32 || v[i] > 126 {
			b := []byte(v)
			for j := i; j < len(b); j++ {
				if b[j] < 32 || b[j] > 126 {
					b[j] = '?'
				}
			}
			return string(b), nil
		}
	}
	return v, nil
}

// DateStyle is two independent halves: the output style and the field
// order for ambiguous input. A value that names only one keeps the other.
var (
	dateStyles = []string{"ISO", "SQL", "Postgres", "German"}
	dateOrders = []string{"YMD", "DMY", "MDY"}
)

const (
	styleISO, styleSQL, stylePostgres, styleGerman = 0, 1, 2, 3
	orderYMD, orderDMY, orderMDY                   = 0, 1, 2
)

// parseDateStyle splits a canonical DateStyle value ("ISO, MDY").
func parseDateStyle(v string) (style, order int) {
	style, order = styleISO, orderMDY
	for i, n := range dateStyles {
		if strings.HasPrefix(v, n+",") {
			style = i
		}
	}
	for i, n := range dateOrders {
		if strings.HasSuffix(v, " "+n) {
			order = i
		}
	}
	return style, order
}

func checkDateStyle(s *Set, v string) (string, *checkFailure) {
	cur, reset := builtin[DateStyle].Boot, builtin[DateStyle].Boot
	if s != nil {
		sl := &s.slots[DateStyle]
		cur, reset = sl.cur.s, sl.reset.s
	}
	style, order := parseDateStyle(cur)
	st, ord, fail := dateStyleTokens(v, style, order, reset, 0)
	if fail != nil {
		return "", fail
	}
	return dateStyles[st] + ", " + dateOrders[ord], nil
}

func dateStyleTokens(v string, style, order int, reset string, depth int) (int, int, *checkFailure) {
	toks, ok := splitIdentifiers(v, ',')
	if !ok {
		return 0, 0, listSyntaxInvalid
	}
	haveStyle, haveOrder := false, false
	conflict := false
	setStyle := func(n int) {
		if haveStyle && style != n {
			conflict = true
		}
		style, haveStyle = n, true
	}
	setOrder := func(n int) {
		if haveOrder && order != n {
			conflict = true
		}
		order, haveOrder = n, true
	}
	for _, t := range toks {
		switch {
		case strings.EqualFold(t, "iso"):
			setStyle(styleISO)
		case strings.EqualFold(t, "sql"):
			setStyle(styleSQL)
		case hasPrefixFold(t, "postgres"):
			setStyle(stylePostgres)
		case strings.EqualFold(t, "german"):
			setStyle(styleGerman)
			// German implies day-month-year unless an order is given.
			if !haveOrder {
				order = orderDMY
			}
		case strings.EqualFold(t, "ymd"):
			setOrder(orderYMD)
		case strings.EqualFold(t, "dmy"), hasPrefixFold(t, "euro"):
			setOrder(orderDMY)
		case strings.EqualFold(t, "mdy"), strings.EqualFold(t, "us"), hasPrefixFold(t, "noneuro"):
			setOrder(orderMDY)
		case strings.EqualFold(t, "default"):
			if depth > 0 {
				return 0, 0, &checkFailure{detail: "Unrecognized key word: \"" + t + "\"."}
			}
			rs, ro := parseDateStyle(reset)
			ds, do, fail := dateStyleTokens(reset, rs, ro, reset, depth+1)
			if fail != nil {
				return 0, 0, fail
			}
			if !haveStyle {
				style = ds
			}
			if !haveOrder {
				order = do
			}
		default:
			return 0, 0, &checkFailure{detail: "Unrecognized key word: \"" + t + "\"."}
		}
		if conflict {
			return 0, 0, &checkFailure{detail: `Conflicting "datestyle" specifications.`}
		}
	}
	return style, order, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// checkClientEncoding accepts PostgreSQL's encoding names and aliases,
// ignoring case and punctuation ("utf-8", "Latin1", "unicode"), and stores
// the canonical name. MULE_INTERNAL has no conversion from UTF8.
func checkClientEncoding(_ *Set, v string) (string, *checkFailure) {
	name, ok := canonicalEncoding(v)
	if !ok {
		return "", &checkFailure{}
	}
	if name == "MULE_INTERNAL" {
		return "", &checkFailure{
			code:   pgerr.FeatureNotSupported,
			detail: "Conversion between MULE_INTERNAL and UTF8 is not supported.",
		}
	}
	return name, nil
}
