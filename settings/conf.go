package settings

import (
	"os"
	"strings"

	"ringpg/pgerr"
)

// postgresql.conf, read as PostgreSQL reads it: one "name [=] value" per
// line, '#' comments, values that are bare words, numbers (with a unit
// suffix on integers: 128MB) or single-quoted strings with '' or backslash
// escapes. Syntax errors name the file and line exactly as PostgreSQL does.
// include, include_if_exists and include_dir are refused: ringpg reads one
// file.

// ConfItem is one setting line of a configuration file.
type ConfItem struct {
	Name  string
	Value string
	File  string
	Line  int
}

// Severity LOG errors for configuration files use these codes.
const (
	codeConfigFileError = "F0000" // config_file_error
	codeUndefinedFile   = "58P01" // undefined_file
)

// maxConfSyntaxErrors is where PostgreSQL gives up on a file.
const maxConfSyntaxErrors = 100

type confTok uint8

const (
	tokEOF confTok = iota
	tokEOL
	tokID
	tokQualifiedID
	tokString
	tokUnquoted
	tokInteger
	tokReal
	tokEquals
	tokError
)

type confLexer struct {
	src  string
	pos  int
	line int // incremented when a newline is read, as PostgreSQL counts
	text string
}

func isConfLetter(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= 0x80
}

func isConfLetterOrDigit(c byte) bool { return isConfLetter(c) || isDigit(c) }

func isUnitLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// next returns the next token. Candidates are matched at the current
// position and the longest wins; a tie goes to the earlier kind in the
// order ID, qualified ID, string, unquoted string, integer, real — the rule
// order of PostgreSQL's scanner.
func (lx *confLexer) next() confTok {
	s := lx.src
	for lx.pos < len(s) {
		c := s[lx.pos]
		if c == ' ' || c == '\t' || c == '\r' {
			lx.pos++
			continue
		}
		if c == '#' {
			for lx.pos < len(s) && s[lx.pos] != '\n' {
				lx.pos++
			}
			continue
		}
		break
	}
	if lx.pos >= len(s) {
		lx.text = ""
		return tokEOF
	}
	i := lx.pos
	if s[i] == '\n' {
		lx.pos++
		lx.line++
		lx.text = "\n"
		return tokEOL
	}
	best, bestLen := tokError, 1
	try := func(t confTok, n int) {
		if n > bestLen || n == bestLen && best == tokError && n > 0 {
			best, bestLen = t, n
		}
	}
	idLen := matchConfID(s, i)
	try(tokID, idLen)
	if idLen > 0 && i+idLen < len(s) && s[i+idLen] == '.' {
		if n := matchConfID(s, i+idLen+1); n > 0 {
			try(tokQualifiedID, idLen+1+n)
		}
	}
	try(tokString, matchConfString(s, i))
	try(tokUnquoted, matchConfUnquoted(s, i))
	try(tokInteger, matchConfInteger(s, i))
	try(tokReal, matchConfReal(s, i))
	if s[i] == '=' && best == tokError {
		best = tokEquals
	}
	lx.text = s[i : i+bestLen]
	lx.pos = i + bestLen
	return best
}

func matchConfID(s string, i int) int {
	if i >= len(s) || !isConfLetter(s[i]) {
		return 0
	}
	j := i + 1
	for j < len(s) && isConfLetterOrDigit(s[j]) {
		j++
	}
	return j - i
}

func matchConfUnquoted(s string, i int) int {
	if i >= len(s) || !isConfLetter(s[i]) {
		return 0
	}
	j := i + 1
	for j < len(s) && (isConfLetterOrDigit(s[j]) || strings.IndexByte("-._:/", s[j]) >= 0) {
		j++
	}
	return j - i
}

// matchConfString matches '...' where the inside is any character but a
// quote, backslash or newline; a backslash and the character after it
// (not a newline); or two quotes.
func matchConfString(s string, i int) int {
	if i >= len(s) || s[i] != '\'' {
		return 0
	}
	j := i + 1
	for j < len(s) {
		switch s[j] {
		case '\n':
			return 0
		case '\\':
			if j+1 >= len(s) || s[j+1] == '\n' {
				return 0
			}
			j += 2
		case '\'':
			if j+1 < len(s) && s[j+1] == '\'' {
				j += 2
				continue
			}
			return j + 1 - i
		default:
			j++
		}
	}
	return 0
}

// matchConfInteger matches [+-]?(digits|0x hexdigits) followed by unit
// letters.
func matchConfInteger(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	start := j
	best := 0
	// Decimal digits, then letters.
	k := j
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	if k > start {
		for k < len(s) && isUnitLetter(s[k]) {
			k++
		}
		best = k - i
	}
	// 0x and hex digits, then letters.
	if j+2 < len(s) && s[j] == '0' && s[j+1] == 'x' && isHexDigit(s[j+2]) {
		k = j + 2
		for k < len(s) && isHexDigit(s[k]) {
			k++
		}
		for k < len(s) && isUnitLetter(s[k]) {
			k++
		}
		if k-i > best {
			best = k - i
		}
	}
	return best
}

// matchConfReal matches [+-]? digits* '.' digits* ([Ee][+-]?digits)?.
func matchConfReal(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j >= len(s) || s[j] != '.' {
		return 0
	}
	j++
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	return j - i
}

// unquoteConfString strips the quotes of a string token and applies its
// escapes: \b \f \n \r \t, up to three octal digits, ” for a quote, and a
// backslash before any other character stands for that character.
func unquoteConfString(t string) string {
	t = t[1 : len(t)-1]
	if !strings.ContainsAny(t, `\'`) {
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '\\' && i+1 < len(t):
			i++
			switch e := t[i]; e {
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(e - '0')
				for k := 0; k < 2 && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '7'; k++ {
					i++
					v = v*8 + int(t[i]-'0')
				}
				b.WriteByte(byte(v))
			default:
				b.WriteByte(e)
			}
		case c == '\'' && i+1 < len(t) && t[i+1] == '\'':
			b.WriteByte('\'')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// confLog is a LOG-level message about a configuration file.
func confLog(code, format string, args ...any) *pgerr.Error {
	e := pgerr.New(code, format, args...)
	e.Severity = pgerr.SeverityLog
	return e
}

// ParseConf parses the text of a configuration file named file (the name is
// used in messages). It returns the setting lines in file order and a LOG
// message per syntax error; when there are errors the caller must not apply
// the items, as PostgreSQL does not.
func ParseConf(text, file string) ([]ConfItem, []*pgerr.Error) {
	lx := &confLexer{src: text, line: 1}
	var items []ConfItem
	var errs []*pgerr.Error
	syntaxError := func(t confTok) {
		if t == tokEOL || t == tokEOF {
			errs = append(errs, confLog(pgerr.SyntaxError,
				"syntax error in file \"%s\" line %d, near end of line", file, lx.line-1))
		} else {
			errs = append(errs, confLog(pgerr.SyntaxError,
				"syntax error in file \"%s\" line %d, near token \"%s\"", file, lx.line, lx.text))
		}
	}
	for {
		t := lx.next()
		if t == tokEOF {
			break
		}
		if t == tokEOL {
			continue
		}
		line := lx.line
		ok := false
		var name, val string
		if t == tokID || t == tokQualifiedID {
			name = lx.text
			t = lx.next()
			if t == tokEquals {
				t = lx.next()
			}
			switch t {
			case tokID, tokString, tokInteger, tokReal, tokUnquoted:
				val = lx.text
				if t == tokString {
					val = unquoteConfString(val)
				}
				t = lx.next()
				ok = t == tokEOL || t == tokEOF
			}
		}
		if !ok {
			syntaxError(t)
			if len(errs) >= maxConfSyntaxErrors {
				errs = append(errs, confLog(pgerr.SyntaxError,
					"too many syntax errors found, abandoning file \"%s\"", file))
				break
			}
			for t != tokEOL && t != tokEOF {
				t = lx.next()
			}
			if t == tokEOF {
				break
			}
			continue
		}
		switch strings.ToLower(name) {
		case "include", "include_dir", "include_if_exists":
			errs = append(errs, confLog(pgerr.FeatureNotSupported,
				"%s directive in file \"%s\" line %d is not supported", strings.ToLower(name), file, line).
				WithHint("ringpg reads a single configuration file; move the included settings into it."))
		default:
			items = append(items, ConfItem{Name: name, Value: val, File: file, Line: line})
		}
		if t == tokEOF {
			break
		}
	}
	return items, errs
}

// ReadConf reads and parses the configuration file at path.
func ReadConf(path string) ([]ConfItem, []*pgerr.Error) {
	data, err := os.ReadFile(path)
	if err != nil {
		reason := err.Error()
		if pe, ok := err.(*os.PathError); ok {
			reason = describeErrno(pe.Err)
		}
		code := codeConfigFileError
		if os.IsNotExist(err) {
			code = codeUndefinedFile
		}
		return nil, []*pgerr.Error{confLog(code, "could not open configuration file \"%s\": %s", path, reason)}
	}
	return ParseConf(string(data), path)
}

// describeErrno spells a system error as strerror does ("No such file or
// directory"), which Go's error text lower-cases.
func describeErrno(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fatalConf is the FATAL that ends a server start on a bad file.
func fatalConf(file string) *pgerr.Error {
	return pgerr.Fatal(codeConfigFileError, "configuration file \"%s\" contains errors", file)
}
