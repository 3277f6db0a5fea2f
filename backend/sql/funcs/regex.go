package funcs

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Regular expressions. PostgreSQL's ARE syntax is mapped onto Go's RE2
// where the two agree: its word-boundary escapes (\m \M \y \Y, [[:<:]]
// [[:>:]]) become \b and \B, \Z becomes \z, and by default "." matches a
// newline as in PostgreSQL. Back-references and lookaround, which RE2
// lacks, are reported as invalid regular expressions.

// reFlags are the options of the regexp_* functions.
// dotNoNL (flags n and p) keeps "." from matching a newline; lineAnchors
// (flags n and w) lets ^ and $ match at line ends; literal (q) takes the
// pattern as a plain string.
type reFlags struct {
	global, icase, expanded       bool
	dotNoNL, lineAnchors, literal bool
}

func parseReFlags(s string) (reFlags, error) {
	var f reFlags
	for _, r := range s {
		switch r {
		case 'g':
			f.global = true
		case 'i':
			f.icase = true
		case 'c':
			f.icase = false
		case 'n', 'm':
			f.dotNoNL, f.lineAnchors = true, true
		case 's':
			f.dotNoNL, f.lineAnchors = false, false
		case 'p':
			f.dotNoNL, f.lineAnchors = true, false
		case 'w':
			f.dotNoNL, f.lineAnchors = false, true
		case 'x':
			f.expanded = true
		case 'q':
			f.literal = true
		case 't', 'b', 'e':
			// Tight syntax is the default; the basic and extended
			// syntaxes are not distinguished from advanced.
		default:
			return f, pgerr.New(codeInvalidParameter, "invalid regular expression option: \"%c\"", r)
		}
	}
	return f, nil
}

type reKey struct {
	pat                         string
	icase, dotNoNL, lineAnchors bool
	x, literal                  bool
}

// reCache keeps recently compiled expressions, as PostgreSQL does, so a
// pattern that is not a constant is not compiled for every row.
var reCache = struct {
	sync.Mutex
	m map[reKey]*regexp.Regexp
}{m: map[reKey]*regexp.Regexp{}}

// compileRE compiles a PostgreSQL regular expression.
func compileRE(pat string, f reFlags) (*regexp.Regexp, error) {
	k := reKey{pat, f.icase, f.dotNoNL, f.lineAnchors, f.expanded, f.literal}
	reCache.Lock()
	re := reCache.m[k]
	reCache.Unlock()
	if re != nil {
		return re, nil
	}
	var src string
	if f.literal {
		src = regexp.QuoteMeta(pat)
	} else {
		src = translateARE(pat, f.expanded)
	}
	prefix := "(?"
	if !f.dotNoNL {
		prefix += "s"
	}
	if f.lineAnchors {
		prefix += "m"
	}
	if prefix == "(?" {
		prefix = ""
	} else {
		prefix += ")"
	}
	pattern := prefix + src
	if f.icase {
		// Case-insensitive in the C locale: only ASCII letters fold.
		pattern = asciiFoldPattern(pattern)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, reError(err)
	}
	reCache.Lock()
	if len(reCache.m) >= 64 {
		reCache.m = map[reKey]*regexp.Regexp{}
	}
	reCache.m[k] = re
	reCache.Unlock()
	return re, nil
}

// reError words a compilation failure as PostgreSQL's regcomp does.
func reError(err error) error {
	msg := "invalid regular expression"
	var se *syntax.Error
	if e, ok := err.(*syntax.Error); ok {
		se = e
	}
	if se != nil {
		switch se.Code {
		case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
			msg = "parentheses () not balanced"
		case syntax.ErrMissingBracket:
			msg = "brackets [] not balanced"
		case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
			msg = "quantifier operand invalid"
		case syntax.ErrInvalidRepeatSize:
			msg = "invalid repetition count(s)"
		case syntax.ErrInvalidEscape, syntax.ErrTrailingBackslash:
			msg = "invalid escape \\ sequence"
		case syntax.ErrInvalidCharRange:
			msg = "invalid character range"
		case syntax.ErrInvalidPerlOp:
			msg = "quantifier operand invalid"
		default:
			msg = se.Code.String()
		}
	}
	return pgerr.New(codeInvalidRegex, "invalid regular expression: %s", msg)
}

// translateARE rewrites the ARE escapes RE2 spells differently.
func translateARE(p string, expanded bool) string {
	if !strings.ContainsAny(p, `\[`) && !expanded {
		return p
	}
	var b strings.Builder
	inBracket := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if expanded && !inBracket {
			if c == ' ' || c == '\t' || c == '\n' {
				continue
			}
			if c == '#' {
				for i < len(p) && p[i] != '\n' {
					i++
				}
				continue
			}
		}
		if !inBracket && strings.HasPrefix(p[i:], "[[:<:]]") || strings.HasPrefix(p[i:], "[[:>:]]") {
			b.WriteString(`\b`)
			i += 6
			continue
		}
		if c == '[' && !inBracket {
			inBracket = true
			b.WriteByte(c)
			// A ']' right after '[' or '[^' is literal.
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
			continue
		}
		if c == ']' && inBracket {
			inBracket = false
			b.WriteByte(c)
			continue
		}
		if inBracket && c == '[' && i+1 < len(p) && p[i+1] == ':' {
			j := strings.Index(p[i:], ":]")
			if j > 0 {
				b.WriteString(p[i : i+j+2])
				i += j + 1
				continue
			}
		}
		if c == '\\' && i+1 < len(p) {
			n := p[i+1]
			if inBracket {
				b.WriteByte('\\')
				b.WriteByte(n)
				i++
				continue
			}
			switch n {
			case 'm', 'M', 'y':
				b.WriteString(`\b`)
			case 'Y':
				b.WriteString(`\B`)
			case 'Z':
				b.WriteString(`\z`)
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// regexOp builds ~ ~* !~ !~* with plan-time compilation of constant
// patterns.
func regexOp(icase, neg bool) (CallFunc, func([]types.Datum, []bool) (CallFunc, error)) {
	f := reFlags{icase: icase}
	call := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		re, err := compileRE(a[1].S, f)
		if err != nil {
			return types.Datum{}, err
		}
		return types.Bool(re.MatchString(a[0].S) != neg), nil
	}
	prep := func(consts []types.Datum, isConst []bool) (CallFunc, error) {
		if len(isConst) < 2 || !isConst[1] || consts[1].Null {
			return nil, nil
		}
		re, err := compileRE(consts[1].S, f)
		if err != nil {
			return nil, err
		}
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return types.Bool(re.MatchString(a[0].S) != neg), nil
		}, nil
	}
	return call, prep
}

func init() {
	type v struct {
		name, sig  string
		icase, neg bool
	}
	for _, x := range []v{
		{"textregexeq", "text,text", false, false}, {"textregexne", "text,text", false, true},
		{"texticregexeq", "text,text", true, false}, {"texticregexne", "text,text", true, true},
		{"nameregexeq", "name,text", false, false}, {"nameregexne", "name,text", false, true},
		{"nameicregexeq", "name,text", true, false}, {"nameicregexne", "name,text", true, true},
		{"bpcharregexeq", "bpchar,text", false, false}, {"bpcharregexne", "bpchar,text", false, true},
		{"bpcharicregexeq", "bpchar,text", true, false}, {"bpcharicregexne", "bpchar,text", true, true},
	} {
		call, prep := regexOp(x.icase, x.neg)
		defPrep(x.name, x.sig, call, prep)
	}
}

// asciiFoldPattern makes a Go pattern match ASCII letters in either case
// and every other character as written (Go's (?i) folds all of Unicode,
// PostgreSQL's C locale only ASCII). A pattern that does not parse is
// returned unchanged for the compiler to report.
func asciiFoldPattern(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || strings.Contains(pattern, "[^") {
		// (A negated class is parsed into its complement, which cannot
		// be folded afterwards: Go's folding serves it.)
		return "(?i)" + pattern
	}
	return asciiFold(re).String()
}

func asciiFold(re *syntax.Regexp) *syntax.Regexp {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return re
		}
		var subs []*syntax.Regexp
		var lit []rune
		flush := func() {
			if len(lit) > 0 {
				subs = append(subs, &syntax.Regexp{Op: syntax.OpLiteral, Flags: re.Flags, Rune: lit})
				lit = nil
			}
		}
		for _, r := range re.Rune {
			if o := otherASCIICase(r); o != r {
				flush()
				subs = append(subs, &syntax.Regexp{Op: syntax.OpCharClass, Flags: re.Flags, Rune: []rune{min(r, o), min(r, o), max(r, o), max(r, o)}})
				continue
			}
			lit = append(lit, r)
		}
		flush()
		if len(subs) == 1 {
			return subs[0]
		}
		return &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: subs}
	case syntax.OpCharClass:
		ranges := append([]rune(nil), re.Rune...)
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for _, span := range [][2]rune{{'a', 'z'}, {'A', 'Z'}} {
				a, b := max(lo, span[0]), min(hi, span[1])
				if a <= b {
					ranges = append(ranges, otherASCIICase(a), otherASCIICase(b))
				}
			}
		}
		return &syntax.Regexp{Op: syntax.OpCharClass, Flags: re.Flags, Rune: ranges}
	}
	for i, sub := range re.Sub {
		re.Sub[i] = asciiFold(sub)
	}
	return re
}

func otherASCIICase(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z':
		return r - 'a' + 'A'
	case r >= 'A' && r <= 'Z':
		return r - 'A' + 'a'
	}
	return r
}
