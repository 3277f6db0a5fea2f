package funcs

import (
	"regexp"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// The regexp_* functions, substring(text from pattern), string_to_array
// and array_to_string.

func textArray(elems []types.Datum) types.Datum {
	return types.ArrayDatum(types.NewArray(types.TextOid, elems))
}

func init() {
	def("regexp_replace", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpReplace(a[0].S, a[1].S, a[2].S, "", 1, 1, false)
	})
	def("regexp_replace", "text,text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpReplace(a[0].S, a[1].S, a[2].S, a[3].S, 1, 1, true)
	})
	def("regexp_replace", "text,text,text,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpReplace(a[0].S, a[1].S, a[2].S, "", a[3].I, 1, false)
	})
	def("regexp_replace", "text,text,text,int4,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpReplace(a[0].S, a[1].S, a[2].S, "", a[3].I, a[4].I, false)
	})
	def("regexp_replace", "text,text,text,int4,int4,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpReplace(a[0].S, a[1].S, a[2].S, a[5].S, a[3].I, a[4].I, false)
	})
	def("regexp_match", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return regexpMatch(a[0].S, a[1].S, "") })
	def("regexp_match", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpMatch(a[0].S, a[1].S, a[2].S)
	})
	defSRF("regexp_matches", "text,text", func(_ *Ctx, a []types.Datum) (Rows, error) { return regexpMatches(a[0].S, a[1].S, "") })
	defSRF("regexp_matches", "text,text,text", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return regexpMatches(a[0].S, a[1].S, a[2].S)
	})
	def("regexp_split_to_array", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpSplitArray(a[0].S, a[1].S, "")
	})
	def("regexp_split_to_array", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return regexpSplitArray(a[0].S, a[1].S, a[2].S)
	})
	defSRF("regexp_split_to_table", "text,text", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return regexpSplitTable(a[0].S, a[1].S, "")
	})
	defSRF("regexp_split_to_table", "text,text,text", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return regexpSplitTable(a[0].S, a[1].S, a[2].S)
	})
	def("substring", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		re, err := compileRE(a[1].S, reFlags{})
		if err != nil {
			return types.Datum{}, err
		}
		m := re.FindStringSubmatchIndex(a[0].S)
		if m == nil {
			return types.Null, nil
		}
		if len(m) > 2 {
			if m[2] < 0 {
				return types.Null, nil
			}
			return txt(a[0].S[m[2]:m[3]]), nil
		}
		return txt(a[0].S[m[0]:m[1]]), nil
	})
	def("regexp_like", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		re, err := compileRE(a[1].S, reFlags{})
		if err != nil {
			return types.Datum{}, err
		}
		return types.Bool(re.MatchString(a[0].S)), nil
	})
	def("string_to_array", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return stringToArray(a[0], a[1], types.Null, false)
	})
	def("string_to_array", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return stringToArray(a[0], a[1], a[2], true)
	})
	def("array_to_string", "anyarray,text", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return arrayToString(c, a[0], a[1].S, types.Null)
	})
	def("array_to_string", "anyarray,text,text", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].Null || a[1].Null {
			return types.Null, nil
		}
		return arrayToString(c, a[0], a[1].S, a[2])
	})
}

// reFlagsFor parses flags for a function that rejects some of them.
func reFlagsFor(flags, fn string, noGlobal bool) (reFlags, error) {
	f, err := parseReFlags(flags)
	if err != nil {
		return f, err
	}
	if noGlobal && f.global {
		return f, pgerr.New(codeInvalidParameter, "%s() does not support the \"global\" option", fn).
			WithHint("Use the regexp_matches function instead.")
	}
	return f, nil
}

func regexpReplace(s, pat, repl, flags string, start, n int64, flagsGiven bool) (types.Datum, error) {
	f, err := parseReFlags(flags)
	if err != nil {
		return types.Datum{}, err
	}
	if start <= 0 {
		return types.Datum{}, pgerr.New(codeInvalidParameter, "invalid value for parameter \"%s\": %d", "start", start)
	}
	if n < 0 {
		return types.Datum{}, pgerr.New(codeInvalidParameter, "invalid value for parameter \"%s\": %d", "n", n)
	}
	if flagsGiven && f.global {
		n = 0
	}
	re, err := compileRE(pat, f)
	if err != nil {
		return types.Datum{}, err
	}
	// start counts characters.
	off := len(leftChars(s, start-1))
	if start-1 > int64(len([]rune(s))) {
		return txt(s), nil
	}
	var b strings.Builder
	b.WriteString(s[:off])
	pos := off
	count := int64(0)
	for _, m := range re.FindAllStringSubmatchIndex(s[off:], -1) {
		for i := range m {
			if m[i] >= 0 {
				m[i] += off
			}
		}
		count++
		if n != 0 && count != n {
			continue
		}
		b.WriteString(s[pos:m[0]])
		expandRepl(&b, s, repl, m)
		pos = m[1]
		if n != 0 {
			break
		}
	}
	b.WriteString(s[pos:])
	return txt(b.String()), nil
}

// expandRepl writes a replacement: \1..\9 are groups, \& the whole
// match, \\ a backslash.
func expandRepl(b *strings.Builder, s, repl string, m []int) {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '\\' || i+1 >= len(repl) {
			b.WriteByte(c)
			continue
		}
		n := repl[i+1]
		switch {
		case n >= '1' && n <= '9':
			g := int(n - '0')
			if 2*g+1 < len(m) && m[2*g] >= 0 {
				b.WriteString(s[m[2*g]:m[2*g+1]])
			}
			i++
		case n == '&':
			b.WriteString(s[m[0]:m[1]])
			i++
		case n == '\\':
			b.WriteByte('\\')
			i++
		default:
			b.WriteByte('\\')
		}
	}
}

// matchArray is regexp_match's result for one match: the groups, or the
// whole match when there are none.
func matchArray(s string, m []int) types.Datum {
	if len(m) == 2 {
		return textArray([]types.Datum{txt(s[m[0]:m[1]])})
	}
	elems := make([]types.Datum, 0, len(m)/2-1)
	for g := 1; g < len(m)/2; g++ {
		if m[2*g] < 0 {
			elems = append(elems, types.Null)
		} else {
			elems = append(elems, txt(s[m[2*g]:m[2*g+1]]))
		}
	}
	return textArray(elems)
}

func regexpMatch(s, pat, flags string) (types.Datum, error) {
	f, err := reFlagsFor(flags, "regexp_match", true)
	if err != nil {
		return types.Datum{}, err
	}
	re, err := compileRE(pat, f)
	if err != nil {
		return types.Datum{}, err
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return types.Null, nil
	}
	return matchArray(s, m), nil
}

// sliceRows serves precomputed rows of one column.
type sliceRows struct {
	vals []types.Datum
	row  [1]types.Datum
}

func (r *sliceRows) Next(*Ctx) ([]types.Datum, bool, error) {
	if len(r.vals) == 0 {
		return nil, false, nil
	}
	r.row[0] = r.vals[0]
	r.vals = r.vals[1:]
	return r.row[:], true, nil
}

func regexpMatches(s, pat, flags string) (Rows, error) {
	f, err := parseReFlags(flags)
	if err != nil {
		return nil, err
	}
	re, err := compileRE(pat, f)
	if err != nil {
		return nil, err
	}
	n := 1
	if f.global {
		n = -1
	}
	var vals []types.Datum
	for _, m := range re.FindAllStringSubmatchIndex(s, n) {
		vals = append(vals, matchArray(s, m))
	}
	return &sliceRows{vals: vals}, nil
}

// regexpSplit splits s at the matches of pat, ignoring empty matches at
// the start and end of the string as PostgreSQL does.
func regexpSplit(s, pat, flags string) ([]types.Datum, error) {
	f, err := parseReFlags(flags)
	if err != nil {
		return nil, err
	}
	if f.global {
		return nil, pgerr.New(codeInvalidParameter, "%s() does not support the \"global\" option", "regexp_split_to_table")
	}
	re, err := compileRE(pat, f)
	if err != nil {
		return nil, err
	}
	var out []types.Datum
	pos := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if m[0] == m[1] && (m[0] == 0 || m[0] >= len(s)) {
			continue
		}
		if m[0] == m[1] && m[0] == pos && pos != 0 {
			// An empty match right after the previous one splits off one
			// character.
		}
		out = append(out, txt(s[pos:m[0]]))
		pos = m[1]
	}
	out = append(out, txt(s[pos:]))
	return out, nil
}

func regexpSplitArray(s, pat, flags string) (types.Datum, error) {
	parts, err := regexpSplit(s, pat, flags)
	if err != nil {
		return types.Datum{}, err
	}
	return textArray(parts), nil
}

func regexpSplitTable(s, pat, flags string) (Rows, error) {
	parts, err := regexpSplit(s, pat, flags)
	if err != nil {
		return nil, err
	}
	return &sliceRows{vals: parts}, nil
}

var _ = regexp.Compile

func stringToArray(s, delim, null types.Datum, hasNull bool) (types.Datum, error) {
	if s.Null {
		return types.Null, nil
	}
	if s.S == "" {
		return textArray(nil), nil
	}
	var parts []string
	switch {
	case delim.Null:
		for _, r := range s.S {
			parts = append(parts, string(r))
		}
	case delim.S == "":
		parts = []string{s.S}
	default:
		parts = strings.Split(s.S, delim.S)
	}
	elems := make([]types.Datum, len(parts))
	for i, p := range parts {
		if hasNull && !null.Null && p == null.S {
			elems[i] = types.Null
		} else {
			elems[i] = txt(p)
		}
	}
	return textArray(elems), nil
}

func arrayToString(c *Ctx, arr types.Datum, delim string, null types.Datum) (types.Datum, error) {
	a := arr.AsArray()
	out := outputOf(types.Of(a.Elem))
	var b strings.Builder
	first := true
	for _, e := range a.Elems {
		if e.Null {
			if null.Null {
				continue
			}
			if !first {
				b.WriteString(delim)
			}
			b.WriteString(null.S)
			first = false
			continue
		}
		if !first {
			b.WriteString(delim)
		}
		b.WriteString(out(c, e))
		first = false
	}
	return txt(b.String()), nil
}
