package funcs

import (
	"unicode/utf8"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// PostgreSQL 15's regexp_count, regexp_instr, regexp_substr and the
// flags form of regexp_like. Positions count characters from 1.

func badParam(name string, v int64) error {
	return pgerr.New(codeInvalidParameter, "invalid value for parameter \"%s\": %d", name, v)
}

// reMatches returns the submatch index lists of the matches of pat in s
// from character position start.
func reMatches(fn, s, pat, flags string, start int64) ([][]int, int, error) {
	f, err := reFlagsFor(flags, fn, true)
	if err != nil {
		return nil, 0, err
	}
	if start <= 0 {
		return nil, 0, badParam("start", start)
	}
	re, err := compileRE(pat, f)
	if err != nil {
		return nil, 0, err
	}
	off := len(leftChars(s, start-1))
	if start-1 > int64(utf8.RuneCountInString(s)) {
		return nil, off, nil
	}
	ms := re.FindAllStringSubmatchIndex(s[off:], -1)
	for _, m := range ms {
		for i := range m {
			if m[i] >= 0 {
				m[i] += off
			}
		}
	}
	return ms, off, nil
}

// optArg returns a[i], or def when the call omitted it.
func optArg(a []types.Datum, i int, def int64) int64 {
	if i < len(a) {
		return a[i].I
	}
	return def
}

func optStr(a []types.Datum, i int) string {
	if i < len(a) {
		return a[i].S
	}
	return ""
}

func regexpCount(_ *Ctx, a []types.Datum) (types.Datum, error) {
	ms, _, err := reMatches("regexp_count", a[0].S, a[1].S, optStr(a, 3), optArg(a, 2, 1))
	if err != nil {
		return types.Datum{}, err
	}
	return i64(int64(len(ms))), nil
}

// nthGroup returns the byte span of subexpression sub of match n (1-based),
// ok false when there is none.
func nthGroup(ms [][]int, n, sub int64) (int, int, bool) {
	if n > int64(len(ms)) {
		return 0, 0, false
	}
	m := ms[n-1]
	if 2*sub+1 >= int64(len(m)) || m[2*sub] < 0 {
		return 0, 0, false
	}
	return m[2*sub], m[2*sub+1], true
}

func regexpSubstr(_ *Ctx, a []types.Datum) (types.Datum, error) {
	n, sub := optArg(a, 3, 1), optArg(a, 5, 0)
	if n <= 0 {
		return types.Datum{}, badParam("n", n)
	}
	if sub < 0 {
		return types.Datum{}, badParam("subexpr", sub)
	}
	ms, _, err := reMatches("regexp_substr", a[0].S, a[1].S, optStr(a, 4), optArg(a, 2, 1))
	if err != nil {
		return types.Datum{}, err
	}
	b, e, ok := nthGroup(ms, n, sub)
	if !ok {
		return types.Null, nil
	}
	return txt(a[0].S[b:e]), nil
}

func regexpInstr(_ *Ctx, a []types.Datum) (types.Datum, error) {
	n, endOpt, sub := optArg(a, 3, 1), optArg(a, 4, 0), optArg(a, 6, 0)
	if n <= 0 {
		return types.Datum{}, badParam("n", n)
	}
	if endOpt != 0 && endOpt != 1 {
		return types.Datum{}, badParam("endoption", endOpt)
	}
	if sub < 0 {
		return types.Datum{}, badParam("subexpr", sub)
	}
	ms, _, err := reMatches("regexp_instr", a[0].S, a[1].S, optStr(a, 5), optArg(a, 2, 1))
	if err != nil {
		return types.Datum{}, err
	}
	b, e, ok := nthGroup(ms, n, sub)
	if !ok {
		return i64(0), nil
	}
	pos := b
	if endOpt == 1 {
		pos = e
	}
	return i64(int64(utf8.RuneCountInString(a[0].S[:pos])) + 1), nil
}

func init() {
	for _, sig := range []string{"text,text", "text,text,int4", "text,text,int4,text"} {
		def("regexp_count", sig, regexpCount)
	}
	for _, sig := range []string{"text,text", "text,text,int4", "text,text,int4,int4", "text,text,int4,int4,text", "text,text,int4,int4,text,int4"} {
		def("regexp_substr", sig, regexpSubstr)
	}
	for _, sig := range []string{"text,text", "text,text,int4", "text,text,int4,int4", "text,text,int4,int4,int4",
		"text,text,int4,int4,int4,text", "text,text,int4,int4,int4,text,int4"} {
		def("regexp_instr", sig, regexpInstr)
	}
	def("regexp_like", "text,text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		f, err := reFlagsFor(a[2].S, "regexp_like", true)
		if err != nil {
			return types.Datum{}, err
		}
		re, err := compileRE(a[1].S, f)
		if err != nil {
			return types.Datum{}, err
		}
		return types.Bool(re.MatchString(a[0].S)), nil
	})
}
