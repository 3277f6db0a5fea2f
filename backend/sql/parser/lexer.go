package parser

import (
	"strings"

	"ringpg/pgerr"
)

// namedataLen is PostgreSQL's NAMEDATALEN: identifiers keep at most
// namedataLen-1 bytes, operators must be shorter than namedataLen.
const namedataLen = 64

// lexer splits a query string into tokens the way PostgreSQL's scan.l does
// with standard_conforming_strings on. It stops at the first error, which
// it keeps in err and reports as a tError token from then on.
type lexer struct {
	src string
	pos int
	// values makes the lexer compute token values (folded identifiers,
	// unescaped strings) and truncation notices. Normalize turns it off: it
	// needs only token boundaries and must not allocate.
	values bool
	// words makes every unquoted word an identifier token: Normalize hashes
	// the folded word either way, so it skips the keyword lookup.
	words   bool
	err     *pgerr.Error
	notices []*pgerr.Error
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isIdentStart is scan.l's ident_start: letters, underscore, and every
// byte of a multi-byte character.
func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

// isIdentCont is scan.l's ident_cont.
func isIdentCont(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// isSpace is scan.l's space class; \v is not in it before PostgreSQL 16.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// isOpChar is scan.l's op_chars.
func isOpChar(c byte) bool {
	switch c {
	case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '=':
		return true
	}
	return false
}

func isHexDigit(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (l *lexer) fail(e *pgerr.Error) token {
	if l.err == nil {
		l.err = e
	}
	return token{kind: tError, start: l.pos, end: l.pos}
}

// failNear records a syntax error in the style of scan.l's yyerror.
func (l *lexer) failNear(msg string, start, end int) token {
	return l.fail(nearError(l.src, pgerr.SyntaxError, msg, start, end))
}

// skipSpace skips white space and comments. It reports false after
// recording an unterminated comment.
func (l *lexer) skipSpace() bool {
	s := l.src
	for l.pos < len(s) {
		c := s[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '-' && l.pos+1 < len(s) && s[l.pos+1] == '-':
			l.pos += 2
			for l.pos < len(s) && s[l.pos] != '\n' && s[l.pos] != '\r' {
				l.pos++
			}
		case c == '/' && l.pos+1 < len(s) && s[l.pos+1] == '*':
			start := l.pos
			depth := 0
			i := l.pos
			for {
				if i+1 >= len(s) {
					l.pos = len(s)
					l.failNear("unterminated /* comment", start, len(s))
					return false
				}
				if s[i] == '/' && s[i+1] == '*' {
					depth++
					i += 2
				} else if s[i] == '*' && s[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
			l.pos = i
		default:
			return true
		}
	}
	return true
}

// next returns the next token.
func (l *lexer) next() token {
	if l.err != nil {
		return token{kind: tError, start: l.pos, end: l.pos}
	}
	if !l.skipSpace() {
		return token{kind: tError, start: l.pos, end: l.pos}
	}
	s := l.src
	start := l.pos
	if start >= len(s) {
		return token{kind: tEOF, start: start, end: start}
	}
	c := s[start]
	switch {
	case isIdentStart(c):
		return l.lexWord()
	case isDigit(c):
		return l.lexNumber()
	case c == '.':
		if start+1 < len(s) && isDigit(s[start+1]) {
			return l.lexNumber()
		}
		if start+1 < len(s) && s[start+1] == '.' {
			l.pos += 2
			return token{kind: tDotDot, start: start, end: l.pos}
		}
		l.pos++
		return token{kind: '.', start: start, end: l.pos}
	case c == '\'':
		return l.lexString(start, start+1, strPlain)
	case c == '"':
		return l.lexQuotedIdent(start, start+1, false)
	case c == '$':
		return l.lexDollar()
	case c == ':':
		if start+1 < len(s) {
			switch s[start+1] {
			case ':':
				l.pos += 2
				return token{kind: tTypecast, start: start, end: l.pos}
			case '=':
				l.pos += 2
				return token{kind: tColonEquals, start: start, end: l.pos}
			}
		}
		l.pos++
		return token{kind: ':', start: start, end: l.pos}
	case isOpChar(c):
		return l.lexOperator()
	case c == 0:
		l.pos++
		return token{kind: tNul, start: start, end: l.pos}
	default:
		// Punctuation (, ) [ ] ; and any other stray ASCII character are
		// single-character tokens; the grammar rejects the strays.
		l.pos++
		return token{kind: tokKind(c), start: start, end: l.pos}
	}
}

// lexWord scans an identifier or keyword, or one of the literal forms that
// begin with a letter: B'..', X'..', N'..', E'..', U&'..', U&"..".
func (l *lexer) lexWord() token {
	s := l.src
	start := l.pos
	if start+1 < len(s) {
		c, q := s[start], s[start+1]
		if q == '\'' {
			switch c {
			case 'b', 'B':
				return l.lexString(start, start+2, strBit)
			case 'x', 'X':
				return l.lexString(start, start+2, strHex)
			case 'e', 'E':
				return l.lexString(start, start+2, strEscape)
			case 'n', 'N':
				// N'...' is the keyword NCHAR followed by a plain string,
				// which the grammar reads as a typed literal.
				l.pos++
				return token{kind: kwNchar, start: start, end: l.pos, str: "nchar"}
			}
		}
		if (c == 'u' || c == 'U') && q == '&' && start+2 < len(s) {
			switch s[start+2] {
			case '\'':
				return l.lexString(start, start+3, strUnicode)
			case '"':
				return l.lexQuotedIdent(start, start+3, true)
			}
		}
	}
	i := start + 1
	for i < len(s) && isIdentCont(s[i]) {
		i++
	}
	l.pos = i
	text := s[start:i]
	if l.words {
		return token{kind: tIdent, start: start, end: i}
	}
	if kw := lookupKeyword(text); kw != 0 {
		return token{kind: kw, start: start, end: i, str: keywordText(kw)}
	}
	t := token{kind: tIdent, start: start, end: i}
	if l.values {
		t.str = l.truncate(downcase(text))
	}
	return t
}

// downcase folds ASCII letters to lower case, as PostgreSQL's
// downcase_identifier does for a UTF-8 database. It returns s itself when
// nothing changes, so the common case does not allocate.
func downcase(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// truncate shortens an identifier to NAMEDATALEN-1 bytes without splitting
// a character, recording PostgreSQL's NOTICE when it does.
func (l *lexer) truncate(ident string) string {
	if len(ident) < namedataLen {
		return ident
	}
	// pg_mbcliplen: whole characters, measured by their lead bytes as
	// pg_mblen measures them, up to NAMEDATALEN-1 bytes.
	n := 0
	for n < len(ident) {
		l := mbLen(ident[n])
		if n+l > namedataLen-1 {
			break
		}
		n += l
	}
	l.notices = append(l.notices, &pgerr.Error{
		Severity: pgerr.SeverityNotice,
		Code:     codeNameTooLong,
		Message:  "identifier \"" + ident + "\" will be truncated to \"" + ident[:n] + "\"",
	})
	return ident[:n]
}

// mbLen is the length of a UTF-8 character as told by its first byte,
// PostgreSQL's pg_utf_mblen.
func mbLen(c byte) int {
	switch {
	case c&0x80 == 0:
		return 1
	case c&0xE0 == 0xC0:
		return 2
	case c&0xF0 == 0xE0:
		return 3
	case c&0xF8 == 0xF0:
		return 4
	}
	return 1
}

// lexNumber scans an integer, decimal or real literal, rejecting trailing
// identifier characters as PostgreSQL 15 does.
func (l *lexer) lexNumber() token {
	s := l.src
	start := l.pos
	i := start
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	isInt := true
	if i < len(s) && s[i] == '.' {
		if i > start && i+1 < len(s) && s[i+1] == '.' {
			// "1..": the integer alone; ".." is the next token.
			l.pos = i
			return l.numberToken(start, i, true)
		}
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		isInt = false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			if j+1 < len(s) && isDigit(s[j+1]) {
				j++
				for j < len(s) && isDigit(s[j]) {
					j++
				}
				i = j
				isInt = false
			} else {
				l.pos = j + 1
				return l.failNear("trailing junk after numeric literal", start, j+1)
			}
		} else if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
			isInt = false
		}
	}
	if i < len(s) && isIdentStart(s[i]) {
		j := i
		for j < len(s) && isIdentCont(s[j]) {
			j++
		}
		l.pos = j
		return l.failNear("trailing junk after numeric literal", start, j)
	}
	l.pos = i
	return l.numberToken(start, i, isInt)
}

// numberToken makes an ICONST when the text is an integer that fits in
// int32, else an FCONST, as process_integer_literal does.
func (l *lexer) numberToken(start, end int, isInt bool) token {
	text := l.src[start:end]
	if isInt {
		var v int64
		ok := true
		for i := 0; i < len(text); i++ {
			v = v*10 + int64(text[i]-'0')
			if v > 1<<31-1 {
				ok = false
				break
			}
		}
		if ok {
			return token{kind: tIConst, start: start, end: end, str: text, ival: v}
		}
	}
	return token{kind: tFConst, start: start, end: end, str: text}
}

// lexDollar scans $n parameters and $tag$...$tag$ strings; a lone '$' is a
// single-character token.
func (l *lexer) lexDollar() token {
	s := l.src
	start := l.pos
	i := start + 1
	if i < len(s) && isDigit(s[i]) {
		var v int64
		for i < len(s) && isDigit(s[i]) {
			if v <= 1<<31 {
				v = v*10 + int64(s[i]-'0')
			}
			i++
		}
		if i < len(s) && isIdentStart(s[i]) {
			j := i
			for j < len(s) && isIdentCont(s[j]) {
				j++
			}
			l.pos = j
			return l.failNear("trailing junk after parameter", start, j)
		}
		l.pos = i
		if v > 1<<31-1 {
			// PostgreSQL 15 silently keeps the low 32 bits of the number;
			// 16 rejects it, which is what we do.
			return l.failNear("parameter number too large", start, i)
		}
		return token{kind: tParam, start: start, end: i, ival: v}
	}
	// Delimiter: $ [tag] $ where tag = dolq_start dolq_cont*.
	if i < len(s) && (s[i] == '$' || isIdentStart(s[i])) {
		j := i
		if s[j] != '$' {
			j++
			for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j])) {
				j++
			}
		}
		if j < len(s) && s[j] == '$' {
			delim := s[start : j+1]
			body := j + 1
			k := strings.Index(s[body:], delim)
			if k < 0 {
				l.pos = len(s)
				return l.failNear("unterminated dollar-quoted string", start, len(s))
			}
			l.pos = body + k + len(delim)
			t := token{kind: tSConst, start: start, end: l.pos}
			if l.values {
				t.str = s[body : body+k]
			}
			return t
		}
	}
	l.pos = start + 1
	return token{kind: '$', start: start, end: l.pos}
}

// lexOperator applies scan.l's operator rule: the longest run of operator
// characters, cut before any comment start, without trailing + or - unless
// the operator contains one of ~ ! @ # ^ & | ` ? %.
func (l *lexer) lexOperator() token {
	s := l.src
	start := l.pos
	i := start
	for i < len(s) && isOpChar(s[i]) {
		i++
	}
	op := s[start:i]
	if k := strings.Index(op, "/*"); k > 0 {
		op = op[:k]
	}
	if k := strings.Index(op, "--"); k > 0 {
		op = op[:k]
	}
	n := len(op)
	if n > 1 && (op[n-1] == '+' || op[n-1] == '-') {
		special := false
		for j := 0; j < n-1; j++ {
			if strings.IndexByte("~!@#^&|`?%", op[j]) >= 0 {
				special = true
				break
			}
		}
		if !special {
			for n > 1 && (op[n-1] == '+' || op[n-1] == '-') {
				n--
			}
		}
	}
	op = op[:n]
	l.pos = start + n
	end := l.pos
	if n == 1 && strings.IndexByte("+-*/%^<>=", op[0]) >= 0 {
		return token{kind: tokKind(op[0]), start: start, end: end}
	}
	if n == 2 {
		switch op {
		case "=>":
			return token{kind: tEqualsGreater, start: start, end: end}
		case ">=":
			return token{kind: tGreaterEquals, start: start, end: end}
		case "<=":
			return token{kind: tLessEquals, start: start, end: end}
		case "<>", "!=":
			return token{kind: tNotEquals, start: start, end: end}
		}
	}
	if n >= namedataLen {
		return l.failNear("operator too long", start, end)
	}
	return token{kind: tOp, start: start, end: end, str: op}
}
