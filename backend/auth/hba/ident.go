package hba

import (
	"os"
	"regexp"
	"strings"
)

// pg_ident.conf, the user name maps that a cert rule's map= option names:
// each line is MAPNAME SYSTEM-USERNAME DATABASE-USERNAME. A system user name
// that starts with a slash is a regular expression (the rest of it), and a
// \1 in the database user name stands for its first parenthesized
// subexpression. Read with the same tokenizer as pg_hba.conf, checked line
// by line as PostgreSQL 15 does; an *IdentFile is immutable once built.
//
// Departure: the expressions are Go's (RE2) rather than PostgreSQL's
// Spencer engine; back-references and lookahead inside the expression are
// refused when the file loads.

// IdentLine is one mapping.
type IdentLine struct {
	Line       int
	Map        string
	SystemUser string         // as written; starts with "/" for a regular expression
	Role       string         // the database user name, possibly with \1
	re         *regexp.Regexp // compiled SystemUser[1:] when it starts with "/"
}

// IdentFile is a parsed pg_ident.conf.
type IdentFile struct {
	Path  string
	Lines []IdentLine
}

// LoadIdent reads and checks the file at path. A missing file is an empty
// map file: every map lookup then fails, as PostgreSQL's do after it logs
// that it could not open the file. A file with errors returns a
// *LoadError and no IdentFile; the caller keeps the maps it had.
func LoadIdent(path string) (*IdentFile, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return &IdentFile{Path: path}, nil
	}
	if err != nil {
		return nil, &LoadError{Errors: []*ParseError{{File: path,
			Message: "could not open usermap file \"" + path + "\": " + strerror(err)}}}
	}
	return ParseIdent(string(data), path)
}

// ParseIdent parses the text of a pg_ident.conf; path names it in
// messages and locates @file inclusions.
func ParseIdent(data, path string) (*IdentFile, error) {
	t := &tokenizer{readFile: osReadFile}
	f := &IdentFile{Path: path}
	var errs []*ParseError
	for _, tl := range t.tokenize(path, data, 0) {
		l, msg := parseIdentLine(tl)
		if msg != "" {
			errs = append(errs, &ParseError{File: path, Line: tl.line, Message: msg})
			continue
		}
		f.Lines = append(f.Lines, l)
	}
	if len(errs) > 0 {
		return nil, &LoadError{Errors: errs}
	}
	return f, nil
}

func parseIdentLine(tl tokLine) (IdentLine, string) {
	if tl.err != "" {
		return IdentLine{}, tl.err
	}
	l := IdentLine{Line: tl.line}
	var vals [3]string
	for i := range vals {
		if i >= len(tl.fields) {
			return l, "missing entry at end of line"
		}
		if len(tl.fields[i]) > 1 {
			return l, "multiple values in ident field"
		}
		vals[i] = tl.fields[i][0].text
	}
	l.Map, l.SystemUser, l.Role = vals[0], vals[1], vals[2]
	if strings.HasPrefix(l.SystemUser, "/") {
		re, err := regexp.Compile(l.SystemUser[1:])
		if err != nil {
			return l, "invalid regular expression \"" + l.SystemUser[1:] + "\": " + err.Error()
		}
		l.re = re
	}
	return l, ""
}

// CheckMap says whether map mapName lets authUser (the name the
// authentication established, e.g. a certificate's CN) connect as role. It
// returns the line PostgreSQL logs when it does not.
func (f *IdentFile) CheckMap(mapName, role, authUser string, caseInsensitive bool) (ok bool, logMsg string) {
	eq := func(a, b string) bool {
		if caseInsensitive {
			return strings.EqualFold(a, b)
		}
		return a == b
	}
	if f != nil {
		for _, l := range f.Lines {
			if l.Map != mapName {
				continue
			}
			if l.re == nil {
				if eq(l.Role, role) && eq(l.SystemUser, authUser) {
					return true, ""
				}
				continue
			}
			m := l.re.FindStringSubmatchIndex(authUser)
			if m == nil {
				continue
			}
			want := l.Role
			if i := strings.Index(want, `\1`); i >= 0 {
				if len(m) < 4 || m[2] < 0 {
					return false, "regular expression \"" + l.SystemUser[1:] + "\" has no subexpressions as requested by backreference in \"" + l.Role + "\""
				}
				want = want[:i] + authUser[m[2]:m[3]] + want[i+2:]
			}
			if eq(want, role) {
				return true, ""
			}
		}
	}
	return false, "no match in usermap \"" + mapName + "\" for user \"" + role + "\" authenticated as \"" + authUser + "\""
}
