package funcs

import (
	"strings"
	"unicode/utf8"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// LIKE and ILIKE (~~ !~~ ~~* !~~*). A pattern compiles to a token list
// once; a constant pattern is compiled at plan time through Prepare.

type likeTok struct {
	kind byte // 'l' literal, '_' one character, '%' any run
	lit  string
}

// LikePattern is a compiled LIKE pattern.
type LikePattern struct {
	toks []likeTok
	fold bool // ILIKE: the pattern is lower-cased, the text will be
}

var errLikeEscape = pgerr.New(codeInvalidEscapeSequence, "LIKE pattern must not end with escape character")

// CompileLike compiles a LIKE pattern whose escape character is a
// backslash (like_escape rewrites other escapes into it). fold makes it
// case-insensitive (ILIKE).
func CompileLike(pat string, fold bool) (*LikePattern, error) {
	if fold {
		pat = mapRunes(pat, asciiLower)
	}
	p := &LikePattern{fold: fold}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.toks = append(p.toks, likeTok{kind: 'l', lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch c {
		case '\\':
			i++
			if i >= len(pat) {
				// Only an error if matching gets this far with text left.
				flush()
				p.toks = append(p.toks, likeTok{kind: 'E'})
				break
			}
			lit.WriteByte(pat[i])
		case '%':
			flush()
			if n := len(p.toks); n == 0 || p.toks[n-1].kind != '%' {
				p.toks = append(p.toks, likeTok{kind: '%'})
			}
		case '_':
			flush()
			p.toks = append(p.toks, likeTok{kind: '_'})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return p, nil
}

// Match reports whether s matches the pattern. It fails only for a
// pattern ending in an escape character that the match reaches with text
// left, as PostgreSQL does.
func (p *LikePattern) Match(s string) (bool, error) {
	if p.fold {
		s = mapRunes(s, asciiLower)
	}
	switch likeMatch(s, p.toks) {
	case likeTrue:
		return true, nil
	case likeError:
		return false, errLikeEscape
	}
	return false, nil
}

const (
	likeFalse = iota
	likeTrue
	likeAbort // no match is possible with any later start either
	likeError // a trailing escape character was reached
)

// likeMatch matches text against tokens, backtracking at '%' as
// PostgreSQL's MatchText does (aborting early when the text runs out).
func likeMatch(s string, toks []likeTok) int {
	for len(toks) > 0 {
		t := toks[0]
		switch t.kind {
		case 'l':
			if !strings.HasPrefix(s, t.lit) {
				if len(s) < len(t.lit) {
					return likeAbort
				}
				return likeFalse
			}
			s = s[len(t.lit):]
			toks = toks[1:]
		case '_':
			if s == "" {
				return likeAbort
			}
			_, w := utf8.DecodeRuneInString(s)
			s = s[w:]
			toks = toks[1:]
		case 'E':
			if s != "" {
				return likeError
			}
			return likeAbort
		case '%':
			toks = toks[1:]
			// '_' right after '%' consume characters outright.
			for len(toks) > 0 && toks[0].kind == '_' {
				if s == "" {
					return likeAbort
				}
				_, w := utf8.DecodeRuneInString(s)
				s = s[w:]
				toks = toks[1:]
			}
			if len(toks) == 0 {
				return likeTrue
			}
			if toks[0].kind == '%' {
				continue
			}
			if toks[0].kind == 'E' {
				return likeError
			}
			lit := toks[0].lit
			for {
				i := strings.Index(s, lit)
				if i < 0 {
					return likeAbort
				}
				s = s[i:]
				if r := likeMatch(s[len(lit):], toks[1:]); r != likeFalse {
					return r
				}
				_, w := utf8.DecodeRuneInString(s)
				s = s[w:]
			}
		}
	}
	if s == "" {
		return likeTrue
	}
	return likeFalse
}

// likeFunc builds a LIKE-family implementation: fold for ILIKE, neg for
// the NOT forms.
func likeFunc(fold, neg bool) (CallFunc, func([]types.Datum, []bool) (CallFunc, error)) {
	call := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		p, err := CompileLike(a[1].S, fold)
		if err != nil {
			return types.Datum{}, err
		}
		m, err := p.Match(a[0].S)
		return types.Bool(m != neg), err
	}
	prep := func(consts []types.Datum, isConst []bool) (CallFunc, error) {
		if len(isConst) < 2 || !isConst[1] || consts[1].Null {
			return nil, nil
		}
		p, err := CompileLike(consts[1].S, fold)
		if err != nil {
			return nil, err
		}
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			m, err := p.Match(a[0].S)
			return types.Bool(m != neg), err
		}, nil
	}
	return call, prep
}

// likeBPChar is LIKE over character(n): trailing spaces count.
func init() {
	type v struct {
		name, sig string
		fold, neg bool
	}
	for _, x := range []v{
		{"textlike", "text,text", false, false}, {"textnlike", "text,text", false, true},
		{"texticlike", "text,text", true, false}, {"texticnlike", "text,text", true, true},
		{"namelike", "name,text", false, false}, {"namenlike", "name,text", false, true},
		{"nameiclike", "name,text", true, false}, {"nameicnlike", "name,text", true, true},
		{"bpcharlike", "bpchar,text", false, false}, {"bpcharnlike", "bpchar,text", false, true},
		{"bpchariclike", "bpchar,text", true, false}, {"bpcharicnlike", "bpchar,text", true, true},
		{"bytealike", "bytea,bytea", false, false}, {"byteanlike", "bytea,bytea", false, true},
	} {
		call, prep := likeFunc(x.fold, x.neg)
		defPrep(x.name, x.sig, call, prep)
	}
	esc := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, err := likeEscape(a[0].S, a[1].S)
		return txt(s), err
	}
	def("like_escape", "text,text", esc)
	def("like_escape", "bytea,bytea", esc)
}

// likeEscape rewrites a pattern written with escape character esc into
// one that uses backslash (an empty esc means no escape at all).
func likeEscape(pat, esc string) (string, error) {
	if utf8.RuneCountInString(esc) > 1 {
		return "", pgerr.New(codeInvalidEscapeSequence, "invalid escape string").
			WithHint("Escape string must be empty or one character.")
	}
	var b strings.Builder
	if esc == "" {
		for _, r := range pat {
			if r == '\\' {
				b.WriteString(`\\`)
			} else {
				b.WriteRune(r)
			}
		}
		return b.String(), nil
	}
	e, _ := utf8.DecodeRuneInString(esc)
	if e == '\\' {
		return pat, nil
	}
	afterEsc := false
	for _, r := range pat {
		switch {
		case afterEsc:
			if r == '\\' {
				b.WriteString(`\\`)
			} else {
				b.WriteByte('\\')
				b.WriteRune(r)
			}
			afterEsc = false
		case r == e:
			afterEsc = true
		case r == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
	if afterEsc {
		return "", errLikeEscape
	}
	return b.String(), nil
}
