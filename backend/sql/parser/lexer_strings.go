package parser

import (
	"strings"
	"unicode/utf8"

	"ringpg/pgerr"
)

// strKind is the quoting style of a string literal.
type strKind uint8

const (
	strPlain   strKind = iota // '...'
	strEscape                 // E'...'
	strUnicode                // U&'...'
	strBit                    // B'...'
	strHex                    // X'...'
)

// quoteContinue reports whether a closing quote at i-1 is followed by white
// space containing a newline and another quote, which continues the literal
// (scan.l's quotecontinue). It returns the offset just past that quote.
func (l *lexer) quoteContinue(i int) (int, bool) {
	s := l.src
	// horiz_whitespace*: blanks and -- comments up to the newline
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\f' {
			i++
			continue
		}
		if c == '-' && i+1 < len(s) && s[i+1] == '-' {
			i += 2
			for i < len(s) && s[i] != '\n' && s[i] != '\r' {
				i++
			}
			continue
		}
		break
	}
	if i >= len(s) || (s[i] != '\n' && s[i] != '\r') {
		return 0, false
	}
	i++
	// special_whitespace*: any white space, and -- comments ended by a newline
	for i < len(s) {
		c := s[i]
		if isSpace(c) {
			i++
			continue
		}
		if c == '-' && i+1 < len(s) && s[i+1] == '-' {
			j := i + 2
			for j < len(s) && s[j] != '\n' && s[j] != '\r' {
				j++
			}
			if j >= len(s) {
				return 0, false
			}
			i = j + 1
			continue
		}
		break
	}
	if i < len(s) && s[i] == '\'' {
		return i + 1, true
	}
	return 0, false
}

// lexString scans a quoted literal whose body starts at body; start is the
// first byte of the token (the prefix letter, if any).
func (l *lexer) lexString(start, body int, kind strKind) token {
	s := l.src
	var buf []byte
	// Plain strings without doubled quotes or continuations are substrings
	// of the source; buf is used only once the value diverges from it.
	direct := l.values
	useBuf := false
	sawNonASCII := false
	i := body
	pieceStart := body
	lastClose := body
	unterminated := "unterminated quoted string"
	switch kind {
	case strBit:
		unterminated = "unterminated bit string literal"
	case strHex:
		unterminated = "unterminated hexadecimal string literal"
	}
	startBuf := func() {
		if direct && !useBuf {
			useBuf = true
			buf = append(buf, s[pieceStart:i]...)
		}
	}
	for {
		for {
			if i >= len(s) {
				l.pos = len(s)
				return l.failNear(unterminated, start, len(s))
			}
			c := s[i]
			if c == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' && kind != strBit && kind != strHex {
					startBuf()
					if useBuf {
						buf = append(buf, '\'')
					}
					i += 2
					continue
				}
				break
			}
			if c == '\\' && kind == strEscape {
				startBuf()
				n, ok := l.escape(start, i, &buf, useBuf, &sawNonASCII)
				if !ok {
					return token{kind: tError, start: start, end: l.pos}
				}
				i = n
				continue
			}
			if useBuf {
				buf = append(buf, c)
			}
			i++
		}
		lastClose = i
		i++
		if next, ok := l.quoteContinue(i); ok {
			if direct && !useBuf {
				useBuf = true
				buf = append(buf, s[pieceStart:lastClose]...)
			}
			i = next
			pieceStart = i
			continue
		}
		break
	}
	l.pos = i
	t := token{kind: tSConst, start: start, end: i}
	switch kind {
	case strBit:
		t.kind = tBConst
	case strHex:
		t.kind = tXConst
	}
	if !l.values {
		if kind == strUnicode {
			return l.uescape(t, false)
		}
		return t
	}
	var val string
	if useBuf {
		val = string(buf)
	} else {
		val = s[body:lastClose]
	}
	if kind == strEscape && sawNonASCII {
		if e := verifyUTF8(val); e != nil {
			return l.fail(e)
		}
	}
	switch kind {
	case strBit:
		val = "b" + val
	case strHex:
		val = "x" + val
	}
	t.str = val
	if kind == strUnicode {
		return l.uescape(t, false)
	}
	return t
}

// escape decodes one backslash escape of an E'...' string starting at i
// and returns the offset after it.
func (l *lexer) escape(start, i int, buf *[]byte, useBuf bool, sawNonASCII *bool) (int, bool) {
	s := l.src
	if i+1 >= len(s) {
		l.pos = len(s)
		l.failNear("unterminated quoted string", start, len(s))
		return 0, false
	}
	d := s[i+1]
	switch {
	case d == 'u' || d == 'U':
		cp, end, ok := l.unicodeEscape(i)
		if !ok {
			return 0, false
		}
		if isSurrogateFirst(cp) {
			j := end
			if j+1 < len(s) && s[j] == '\\' && (s[j+1] == 'u' || s[j+1] == 'U') {
				cp2, end2, ok := l.unicodeEscape(j)
				if !ok {
					return 0, false
				}
				if !isSurrogateSecond(cp2) {
					l.pos = end2
					l.failNear("invalid Unicode surrogate pair", j, end2)
					return 0, false
				}
				cp = surrogatePair(cp, cp2)
				end = end2
			} else {
				l.pos = j
				l.failNear("invalid Unicode surrogate pair", j, j+runeLenAt(s, j))
				return 0, false
			}
		} else if isSurrogateSecond(cp) {
			l.pos = end
			l.failNear("invalid Unicode surrogate pair", i, end)
			return 0, false
		}
		if cp == 0 || cp > utf8.MaxRune {
			l.pos = end
			l.failNear("invalid Unicode escape value", i, end)
			return 0, false
		}
		if useBuf {
			*buf = utf8.AppendRune(*buf, cp)
		}
		return end, true
	case d >= '0' && d <= '7':
		v := 0
		j := i + 1
		for j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7' {
			v = v*8 + int(s[j]-'0')
			j++
		}
		c := byte(v)
		if c == 0 || c >= 0x80 {
			*sawNonASCII = true
		}
		if useBuf {
			*buf = append(*buf, c)
		}
		return j, true
	case d == 'x' && i+2 < len(s) && isHexDigit(s[i+2]):
		v := hexVal(s[i+2])
		j := i + 3
		if j < len(s) && isHexDigit(s[j]) {
			v = v*16 + hexVal(s[j])
			j++
		}
		c := byte(v)
		if c == 0 || c >= 0x80 {
			*sawNonASCII = true
		}
		if useBuf {
			*buf = append(*buf, c)
		}
		return j, true
	}
	c := d
	switch d {
	case 'b':
		c = '\b'
	case 'f':
		c = '\f'
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 't':
		c = '\t'
	default:
		if d == 0 || d >= 0x80 {
			*sawNonASCII = true
		}
	}
	if useBuf {
		*buf = append(*buf, c)
	}
	return i + 2, true
}

// unicodeEscape reads \uXXXX or \UXXXXXXXX at i.
func (l *lexer) unicodeEscape(i int) (rune, int, bool) {
	s := l.src
	need := 4
	if s[i+1] == 'U' {
		need = 8
	}
	j := i + 2
	var v rune
	for j < len(s) && j < i+2+need && isHexDigit(s[j]) {
		v = v*16 + rune(hexVal(s[j]))
		j++
	}
	if j-(i+2) < need {
		l.pos = j
		l.fail(positionedError(l.src, codeInvalidEscapeSequence, "invalid Unicode escape", i).
			WithHint("Unicode escapes must be \\uXXXX or \\UXXXXXXXX."))
		return 0, 0, false
	}
	if v < 0 || v > 0x7FFFFFFF {
		v = 0x7FFFFFFF
	}
	return v, j, true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

func isSurrogateFirst(c rune) bool  { return c >= 0xD800 && c <= 0xDBFF }
func isSurrogateSecond(c rune) bool { return c >= 0xDC00 && c <= 0xDFFF }
func surrogatePair(a, b rune) rune  { return ((a & 0x3FF) << 10) + 0x10000 + (b & 0x3FF) }

func runeLenAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// verifyUTF8 reports PostgreSQL's invalid_byte_sequence error for a string
// whose escapes produced bytes that are not UTF-8. Like PostgreSQL it has no
// cursor position.
func verifyUTF8(v string) *pgerr.Error {
	for i := 0; i < len(v); {
		c := v[i]
		if c == 0 {
			return badSequence(v[i:])
		}
		if c < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError && n <= 1 {
			return badSequence(v[i:])
		}
		i += n
	}
	return nil
}

func badSequence(v string) *pgerr.Error {
	n := 1
	switch c := v[0]; {
	case c&0xE0 == 0xC0:
		n = 2
	case c&0xF0 == 0xE0:
		n = 3
	case c&0xF8 == 0xF0:
		n = 4
	}
	if n > len(v) {
		n = len(v)
	}
	var b strings.Builder
	for j := 0; j < n; j++ {
		if j > 0 {
			b.WriteByte(' ')
		}
		const hex = "0123456789abcdef"
		b.WriteString("0x")
		b.WriteByte(hex[v[j]>>4])
		b.WriteByte(hex[v[j]&15])
	}
	return pgerr.New(codeCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": %s", b.String())
}

// lexQuotedIdent scans "..." (or U&"..." when unicode) starting at start
// with the body at body.
func (l *lexer) lexQuotedIdent(start, body int, unicode bool) token {
	s := l.src
	i := body
	doubled := false
	for {
		if i >= len(s) {
			l.pos = len(s)
			return l.failNear("unterminated quoted identifier", start, len(s))
		}
		if s[i] == '"' {
			if i+1 < len(s) && s[i+1] == '"' {
				doubled = true
				i += 2
				continue
			}
			break
		}
		i++
	}
	l.pos = i + 1
	if i == body {
		return l.failNear("zero-length delimited identifier", start, l.pos)
	}
	t := token{kind: tIdent, flags: flagQuoted, start: start, end: l.pos}
	if l.values {
		v := s[body:i]
		if doubled {
			v = strings.ReplaceAll(v, `""`, `"`)
		}
		t.str = v
	}
	if unicode {
		return l.uescape(t, true)
	}
	if l.values {
		t.str = l.truncate(t.str)
	}
	return t
}

// uescape finishes a U&'...' or U&"..." token: it looks for a following
// UESCAPE 'c' clause, then decodes the Unicode escapes.
func (l *lexer) uescape(t token, ident bool) token {
	esc := byte('\\')
	save := l.pos
	look := lexer{src: l.src, pos: l.pos}
	if nt := look.next(); nt.kind == kwUescape {
		look.values = true
		st := look.next()
		if look.err != nil {
			l.pos = look.pos
			return l.fail(look.err)
		}
		if st.kind != tSConst {
			l.pos = look.pos
			return l.failNear("UESCAPE must be followed by a simple string literal", st.start, st.end)
		}
		if len(st.str) != 1 || !validUescape(st.str[0]) {
			l.pos = look.pos
			return l.failNear("invalid Unicode escape character", st.start, st.end)
		}
		esc = st.str[0]
		l.pos = look.pos
		t.end = st.end
	} else {
		l.pos = save
	}
	if !l.values {
		return t
	}
	v, e := l.udeescape(t.str, esc, t.start)
	if e != nil {
		return l.fail(e)
	}
	if ident {
		v = l.truncate(v)
	}
	t.str = v
	return t
}

func validUescape(c byte) bool {
	return !(isHexDigit(c) || c == '+' || c == '\'' || c == '"' || isSpace(c))
}

// udeescape decodes U& escapes (\XXXX, \+XXXXXX, doubled escape) in v, the
// literal's body. Like PostgreSQL's str_udeescape it places error cursors
// at start+3+offset in the body, ignoring doubled quotes and continuations.
func (l *lexer) udeescape(v string, esc byte, start int) (string, *pgerr.Error) {
	if strings.IndexByte(v, esc) < 0 {
		return v, nil
	}
	errAt := func(msg string, off int) *pgerr.Error {
		at := start + 3 + off
		if at > len(l.src) {
			at = len(l.src)
		}
		return positionedError(l.src, pgerr.SyntaxError, msg, at)
	}
	hexN := func(s string, n int) (rune, bool) {
		if len(s) < n {
			return 0, false
		}
		var r rune
		for i := 0; i < n; i++ {
			if !isHexDigit(s[i]) {
				return 0, false
			}
			r = r*16 + rune(hexVal(s[i]))
		}
		return r, true
	}
	out := make([]byte, 0, len(v))
	var pairFirst rune
	i := 0
	for i < len(v) {
		if v[i] != esc {
			if pairFirst != 0 {
				return "", errAt("invalid Unicode surrogate pair", i)
			}
			out = append(out, v[i])
			i++
			continue
		}
		var cp rune
		var n int
		if i+1 < len(v) && v[i+1] == esc {
			if pairFirst != 0 {
				return "", errAt("invalid Unicode surrogate pair", i)
			}
			out = append(out, esc)
			i += 2
			continue
		} else if r, ok := hexN(v[i+1:], 4); ok {
			cp, n = r, 5
		} else if i+1 < len(v) && v[i+1] == '+' {
			r, ok := hexN(v[i+2:], 6)
			if !ok {
				return "", errAt("invalid Unicode escape", i).WithHint("Unicode escapes must be \\XXXX or \\+XXXXXX.")
			}
			cp, n = r, 8
		} else {
			return "", errAt("invalid Unicode escape", i).WithHint("Unicode escapes must be \\XXXX or \\+XXXXXX.")
		}
		if cp == 0 || cp > utf8.MaxRune {
			return "", errAt("invalid Unicode escape value", i)
		}
		if pairFirst != 0 {
			if !isSurrogateSecond(cp) {
				return "", errAt("invalid Unicode surrogate pair", i)
			}
			cp = surrogatePair(pairFirst, cp)
			pairFirst = 0
		} else if isSurrogateSecond(cp) {
			return "", errAt("invalid Unicode surrogate pair", i)
		} else if isSurrogateFirst(cp) {
			pairFirst = cp
			i += n
			continue
		}
		out = utf8.AppendRune(out, cp)
		i += n
	}
	if pairFirst != 0 {
		return "", errAt("invalid Unicode surrogate pair", i)
	}
	return string(out), nil
}
