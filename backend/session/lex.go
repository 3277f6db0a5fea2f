package session

import (
	"strings"

	"ringpg/pgerr"
)

// tokKind classifies a token of the command reader.
type tokKind int

const (
	tokIdent  tokKind = iota + 1 // identifier or keyword, folded to lower case unless quoted
	tokString                    // '...' literal, unescaped
	tokNumber
	tokPunct // one operator or punctuation character
)

type token struct {
	kind   tokKind
	text   string
	quoted bool // a "quoted" identifier: not a keyword
	pos    int  // 1-based character position in the query string
}

// splitStatements cuts a query string at top-level semicolons, keeping quoted
// text and comments intact. Each statement keeps its offset in q so that
// error positions refer to the whole string, as PostgreSQL's do.
func splitStatements(q string) (stmts []string, offsets []int) {
	start := 0
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\'' || c == '"':
			i = skipQuoted(q, i, c)
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			i = skipBlockComment(q, i)
		case c == ';':
			stmts = append(stmts, q[start:i])
			offsets = append(offsets, start)
			start = i + 1
		}
	}
	if strings.TrimSpace(stripComments(q[start:])) != "" || len(stmts) == 0 {
		stmts = append(stmts, q[start:])
		offsets = append(offsets, start)
	}
	return stmts, offsets
}

func skipQuoted(q string, i int, quote byte) int {
	for i++; i < len(q); i++ {
		if q[i] == quote {
			if i+1 < len(q) && q[i+1] == quote {
				i++
				continue
			}
			return i
		}
	}
	return len(q)
}

func skipBlockComment(q string, i int) int {
	depth := 0
	for ; i+1 < len(q); i++ {
		switch {
		case q[i] == '/' && q[i+1] == '*':
			depth++
			i++
		case q[i] == '*' && q[i+1] == '/':
			depth--
			i++
			if depth == 0 {
				return i
			}
		}
	}
	return len(q)
}

func stripComments(s string) string {
	toks, err := lex(s, 0)
	if err != nil || len(toks) == 0 {
		return ""
	}
	return "x"
}

// lex tokenises one statement; base is the statement's offset in the query.
func lex(s string, base int) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		pos := base + charPos(s, i) + 1
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := skipBlockComment(s, i)
			if end >= len(s) {
				return nil, pgerr.New(pgerr.SyntaxError, "unterminated /* comment at or near %q", s[i:]).WithPosition(pos)
			}
			i = end + 1
		case c == '\'':
			end := skipQuoted(s, i, '\'')
			if end >= len(s) {
				return nil, pgerr.New(pgerr.SyntaxError, "unterminated quoted string at or near %q", s[i:]).WithPosition(pos)
			}
			toks = append(toks, token{kind: tokString, text: strings.ReplaceAll(s[i+1:end], "''", "'"), pos: pos})
			i = end + 1
		case c == '"':
			end := skipQuoted(s, i, '"')
			if end >= len(s) {
				return nil, pgerr.New(pgerr.SyntaxError, "unterminated quoted identifier at or near %q", s[i:]).WithPosition(pos)
			}
			if end == i+1 {
				return nil, pgerr.New(pgerr.SyntaxError, "zero-length delimited identifier at or near \"\"\"\"").WithPosition(pos)
			}
			toks = append(toks, token{kind: tokIdent, quoted: true, text: strings.ReplaceAll(s[i+1:end], `""`, `"`), pos: pos})
			i = end + 1
		case isDigit(c) || (c == '.' && i+1 < len(s) && isDigit(s[i+1])):
			j := i
			for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
				j++
			}
			if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
				k := j + 1
				if k < len(s) && (s[k] == '+' || s[k] == '-') {
					k++
				}
				if k < len(s) && isDigit(s[k]) {
					for j = k; j < len(s) && isDigit(s[j]); j++ {
					}
				}
			}
			toks = append(toks, token{kind: tokNumber, text: s[i:j], pos: pos})
			i = j
		case isIdentStart(c):
			j := i
			for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j]) || s[j] == '$') {
				j++
			}
			toks = append(toks, token{kind: tokIdent, text: strings.ToLower(s[i:j]), pos: pos})
			i = j
		default:
			toks = append(toks, token{kind: tokPunct, text: s[i : i+1], pos: pos})
			i++
		}
	}
	return toks, nil
}

// charPos converts a byte offset to a character offset (positions in errors
// count characters, not bytes).
func charPos(s string, byteOff int) int {
	return len([]rune(s[:byteOff]))
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z') }
