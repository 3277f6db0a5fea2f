package types

import (
	"strings"

	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// maxJSONDepth bounds the nesting of arrays and objects, in place of
// PostgreSQL's stack depth check.
const maxJSONDepth = 6000

type jsonTok uint8

const (
	tokEnd jsonTok = iota
	tokString
	tokNumber
	tokTrue
	tokFalse
	tokNull
	tokObjectStart
	tokObjectEnd
	tokArrayStart
	tokArrayEnd
	tokComma
	tokColon
)

// jsonParser is a recursive-descent JSON parser that follows
// PostgreSQL's json lexer and parser: the same grammar and the same error
// details. With build set it also decodes strings and numbers into a
// jsonb tree; without it it only validates (json input).
type jsonParser struct {
	s     string
	pos   int // next byte to lex
	start int // start of the current token
	tok   jsonTok
	str   string // decoded string of a tokString when building
	build bool
	depth int
}

// validateJSON checks json input.
func validateJSON(s string) error {
	p := jsonParser{s: s}
	_, err := p.parseDocument()
	return err
}

// ParseJSONB reads jsonb input: JSON text whose numbers become numerics,
// whose \u escapes are decoded (\u0000 is refused) and whose objects keep
// the last of duplicated keys.
func ParseJSONB(s string) (*JSONB, error) {
	p := jsonParser{s: s, build: true}
	return p.parseDocument()
}

func jsonSyntax(format string, args ...any) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").WithDetail(format, args...)
}

func (p *jsonParser) tokenText() string { return p.s[p.start:p.pos] }

func (p *jsonParser) parseDocument() (*JSONB, error) {
	if err := p.lex(); err != nil {
		return nil, err
	}
	v, err := p.parseValue("Expected JSON value, but found \"%s\".")
	if err != nil {
		return nil, err
	}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if p.tok != tokEnd {
		return nil, p.expected("Expected end of input, but found \"%s\".")
	}
	return v, nil
}

// expected reports a parse error at the current token.
func (p *jsonParser) expected(format string) error {
	if p.tok == tokEnd {
		return jsonSyntax("The input string ended unexpectedly.")
	}
	return jsonSyntax(format, p.tokenText())
}

// parseValue parses the value starting at the current token; expect is
// the error for a token that cannot start one.
func (p *jsonParser) parseValue(expect string) (*JSONB, error) {
	switch p.tok {
	case tokString:
		if !p.build {
			return nil, nil
		}
		return JSONBString(p.str), nil
	case tokNumber:
		if !p.build {
			return nil, nil
		}
		n, err := numeric.Parse(p.tokenText())
		if err != nil {
			return nil, err
		}
		return JSONBNumber(n), nil
	case tokTrue, tokFalse:
		if !p.build {
			return nil, nil
		}
		return JSONBBool(p.tok == tokTrue), nil
	case tokNull:
		if !p.build {
			return nil, nil
		}
		return JSONBNull(), nil
	case tokArrayStart:
		return p.parseArray()
	case tokObjectStart:
		return p.parseObject()
	}
	return nil, p.expected(expect)
}

func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return pgerr.New("54001", "stack depth limit exceeded").
			WithHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.")
	}
	return nil
}

func (p *jsonParser) parseArray() (*JSONB, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	var elems []*JSONB
	if err := p.lex(); err != nil {
		return nil, err
	}
	if p.tok == tokArrayEnd {
		if p.build {
			return JSONBArray([]*JSONB{}), nil
		}
		return nil, nil
	}
	// PostgreSQL 15 reports a bad first element as a bad value too.
	expect := "Expected JSON value, but found \"%s\"."
	for {
		v, err := p.parseValue(expect)
		if err != nil {
			return nil, err
		}
		if p.build {
			elems = append(elems, v)
		}
		if err := p.lex(); err != nil {
			return nil, err
		}
		switch p.tok {
		case tokComma:
		case tokArrayEnd:
			if p.build {
				return JSONBArray(elems), nil
			}
			return nil, nil
		default:
			return nil, p.expected("Expected \",\" or \"]\", but found \"%s\".")
		}
		if err := p.lex(); err != nil {
			return nil, err
		}
	}
}

func (p *jsonParser) parseObject() (*JSONB, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	var keys []string
	var vals []*JSONB
	if err := p.lex(); err != nil {
		return nil, err
	}
	if p.tok == tokObjectEnd {
		if p.build {
			return JSONBObject(nil, nil), nil
		}
		return nil, nil
	}
	expect := "Expected string or \"}\", but found \"%s\"."
	for {
		if p.tok != tokString {
			return nil, p.expected(expect)
		}
		key := p.str
		if err := p.lex(); err != nil {
			return nil, err
		}
		if p.tok != tokColon {
			return nil, p.expected("Expected \":\", but found \"%s\".")
		}
		if err := p.lex(); err != nil {
			return nil, err
		}
		v, err := p.parseValue("Expected JSON value, but found \"%s\".")
		if err != nil {
			return nil, err
		}
		if p.build {
			keys = append(keys, key)
			vals = append(vals, v)
		}
		if err := p.lex(); err != nil {
			return nil, err
		}
		switch p.tok {
		case tokComma:
		case tokObjectEnd:
			if p.build {
				return JSONBObject(keys, vals), nil
			}
			return nil, nil
		default:
			return nil, p.expected("Expected \",\" or \"}\", but found \"%s\".")
		}
		if err := p.lex(); err != nil {
			return nil, err
		}
		expect = "Expected string, but found \"%s\"."
	}
}

// jsonPunct maps the one-byte tokens; tokEnd means none.
var jsonPunct = [256]jsonTok{'{': tokObjectStart, '}': tokObjectEnd, '[': tokArrayStart, ']': tokArrayEnd, ',': tokComma, ':': tokColon}

func isJSONAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// lex reads the next token into p.tok (and p.str for a string).
func (p *jsonParser) lex() error {
	s := p.s
	for p.pos < len(s) && (s[p.pos] == ' ' || s[p.pos] == '\t' || s[p.pos] == '\n' || s[p.pos] == '\r') {
		p.pos++
	}
	p.start = p.pos
	if p.pos >= len(s) {
		p.tok = tokEnd
		return nil
	}
	c := s[p.pos]
	if t := jsonPunct[c]; t != tokEnd {
		p.pos++
		p.tok = t
		return nil
	}
	switch {
	case c == '"':
		return p.lexString()
	case c == '-' || c >= '0' && c <= '9':
		return p.lexNumber()
	case isJSONAlnum(c):
		for p.pos < len(s) && isJSONAlnum(s[p.pos]) {
			p.pos++
		}
		switch p.tokenText() {
		case "true":
			p.tok = tokTrue
		case "false":
			p.tok = tokFalse
		case "null":
			p.tok = tokNull
		default:
			return jsonSyntax("Token \"%s\" is invalid.", p.tokenText())
		}
		return nil
	}
	p.pos += charLenAt(s, p.pos)
	return jsonSyntax("Token \"%s\" is invalid.", p.tokenText())
}

// lexNumber reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; a number
// followed by letters or digits is one invalid token.
func (p *jsonParser) lexNumber() error {
	s := p.s
	i := p.pos
	ok := true
	if s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		digits()
	default:
		ok = false
	}
	if ok && i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			ok = false
		}
	}
	if ok && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			ok = false
		}
	}
	if i < len(s) && isJSONAlnum(s[i]) {
		ok = false
	}
	if !ok {
		for i < len(s) && isJSONAlnum(s[i]) {
			i++
		}
		p.pos = i
		return jsonSyntax("Token \"%s\" is invalid.", p.tokenText())
	}
	p.pos = i
	p.tok = tokNumber
	return nil
}

// lexString reads a string token, decoding it when building.
func (p *jsonParser) lexString() error {
	s := p.s
	i := p.pos + 1
	var b strings.Builder
	highSurrogate := rune(-1)
	lowNeeded := func() error {
		return jsonSyntax("Unicode low surrogate must follow a high surrogate.")
	}
	for {
		if i >= len(s) {
			p.pos = len(s)
			return jsonSyntax("Token \"%s\" is invalid.", p.tokenText())
		}
		c := s[i]
		switch {
		case c == '"':
			if p.build && highSurrogate >= 0 {
				return lowNeeded()
			}
			p.pos = i + 1
			p.tok = tokString
			if p.build {
				p.str = b.String()
			}
			return nil
		case c < 0x20:
			p.pos = i
			return jsonSyntax("Character with value 0x%02x must be escaped.", c)
		case c == '\\':
			i++
			if i >= len(s) {
				p.pos = len(s)
				return jsonSyntax("Token \"%s\" is invalid.", p.tokenText())
			}
			e := s[i]
			if e == 'u' {
				if !isHex4(s, i+1) {
					return jsonSyntax("\"\\u\" must be followed by four hexadecimal digits.")
				}
				cp := rune(hex4(s, i+1))
				i += 5
				if !p.build {
					continue
				}
				switch {
				case cp >= 0xD800 && cp <= 0xDBFF:
					if highSurrogate >= 0 {
						return jsonSyntax("Unicode high surrogate must not follow a high surrogate.")
					}
					highSurrogate = cp
					continue
				case cp >= 0xDC00 && cp <= 0xDFFF:
					if highSurrogate < 0 {
						return lowNeeded()
					}
					cp = (highSurrogate-0xD800)<<10 + (cp - 0xDC00) + 0x10000
					highSurrogate = -1
				default:
					if highSurrogate >= 0 {
						return lowNeeded()
					}
				}
				if cp == 0 {
					return pgerr.New(codeUntranslatableCharacter, "unsupported Unicode escape sequence").
						WithDetail("\\u0000 cannot be converted to text.")
				}
				b.WriteRune(cp)
				continue
			}
			if p.build && highSurrogate >= 0 {
				return lowNeeded()
			}
			var out byte
			switch e {
			case '"', '\\', '/':
				out = e
			case 'b':
				out = '\b'
			case 'f':
				out = '\f'
			case 'n':
				out = '\n'
			case 'r':
				out = '\r'
			case 't':
				out = '\t'
			default:
				return jsonSyntax("Escape sequence \"\\%s\" is invalid.", s[i:i+charLenAt(s, i)])
			}
			if p.build {
				b.WriteByte(out)
			}
			i++
		default:
			if p.build && highSurrogate >= 0 {
				return lowNeeded()
			}
			if p.build {
				b.WriteByte(c)
			}
			i++
		}
	}
}

func isHex4(s string, i int) bool {
	if i+4 > len(s) {
		return false
	}
	for j := i; j < i+4; j++ {
		if _, ok := hexVal(s[j]); !ok {
			return false
		}
	}
	return true
}

func hex4(s string, i int) int {
	v := 0
	for j := i; j < i+4; j++ {
		h, _ := hexVal(s[j])
		v = v<<4 | int(h)
	}
	return v
}
