package parser

import (
	"github.com/cespare/xxhash/v2"
)

// Const is a literal that Normalize lifted out of a statement.
type Const struct {
	Kind     ConstKind // ConstInteger, ConstFloat, ConstString or ConstBitString
	Text     string    // the literal as written, a substring of the query
	Location int       // byte offset of Text in the query
}

// Value returns the literal's value: the number as written, the
// unescaped string, or the bit string as PostgreSQL stores it ("b0101",
// "x1F"). It reports the lexical errors PostgreSQL would, which Normalize
// does not check.
func (c Const) Value() (string, error) {
	if c.Kind == ConstInteger || c.Kind == ConstFloat {
		return c.Text, nil
	}
	l := lexer{src: c.Text, values: true}
	t := l.next()
	if l.err != nil {
		return "", l.err
	}
	return t.str, nil
}

// Normalize computes the plan-cache key of a query string: the xxhash of
// its token stream with every literal (number, string, bit string, the
// string of a typed literal) replaced by a placeholder of its kind, white
// space and comments dropped, keywords and unquoted identifiers folded to
// lower case, and runs of semicolons between statements collapsed. Queries
// that differ only in their literals get the same key; any other
// difference in tokens gives a different key. The lifted literals are
// returned in order.
//
// Normalize runs the lexer only, so a key says nothing about whether the
// query parses. Literals are lifted wherever they appear, including places
// that are not expressions (a type modifier such as varchar(10), or a
// SET value), so a cache that reuses a plan across a key must bind them or
// compare them.
func Normalize(sql string) (key uint64, consts []Const, err error) {
	return AppendNormalize(nil, sql)
}

// AppendNormalize is Normalize appending the literals to consts, so that a
// caller can reuse one slice and normalise without allocating.
func AppendNormalize(consts []Const, sql string) (key uint64, _ []Const, err error) {
	h := hasher{}
	h.d.Reset()
	l := lexer{src: sql, words: true}
	pendingSemicolon := false
	emitted := false
	for {
		t := l.next()
		switch t.kind {
		case tEOF:
			h.flush()
			return h.d.Sum64(), consts, nil
		case tError:
			return 0, consts, l.err
		case ';':
			pendingSemicolon = true
			continue
		}
		if pendingSemicolon && emitted {
			h.byte(';')
		}
		pendingSemicolon = false
		emitted = true
		switch k := t.kind; {
		case k == tIConst || k == tFConst || k == tSConst || k == tBConst || k == tXConst:
			kind := ConstString
			switch k {
			case tIConst:
				kind = ConstInteger
			case tFConst:
				kind = ConstFloat
			case tBConst, tXConst:
				kind = ConstBitString
			}
			consts = append(consts, Const{Kind: kind, Text: sql[t.start:t.end], Location: t.start})
			h.tag(0x01, byte(kind), 0)
		case k == tIdent:
			// Keywords arrive here too, as words: an unquoted word is a
			// keyword or not by its folded spelling alone.
			if t.flags&flagQuoted != 0 {
				h.text(0x02, sql[t.start:t.end], false)
			} else {
				h.text(0x03, sql[t.start:t.end], true)
			}
		case k.isKeyword():
			// Only N'...' yields a keyword token (NCHAR) in this mode.
			h.tag(0x04, byte(k>>8), byte(k))
		case k == tOp:
			h.text(0x05, sql[t.start:t.end], false)
		case k == tParam:
			v := uint32(t.ival)
			h.tag(0x06, byte(v>>24), byte(v>>16))
			h.tag(0x06, byte(v>>8), byte(v))
		default:
			// Punctuation and the named two-character tokens.
			h.tag(0x07, byte(k>>8), byte(k))
		}
	}
}

// hasher feeds xxhash through a small buffer, which is much cheaper than
// writing each token's few bytes to the digest.
type hasher struct {
	d   xxhash.Digest
	buf [256]byte
	n   int
}

func (h *hasher) flush() {
	if h.n > 0 {
		_, _ = h.d.Write(h.buf[:h.n])
		h.n = 0
	}
}

func (h *hasher) byte(c byte) {
	if h.n == len(h.buf) {
		h.flush()
	}
	h.buf[h.n] = c
	h.n++
}

// tag writes three bytes: a token's tag and two bytes of detail.
func (h *hasher) tag(a, b, c byte) {
	if h.n+3 > len(h.buf) {
		h.flush()
	}
	buf := h.buf[h.n : h.n+3]
	buf[0], buf[1], buf[2] = a, b, c
	h.n += 3
}

// text writes a tag, s (with ASCII letters folded to lower case when
// fold is set, as unquoted identifiers are folded) and a terminator, so
// that adjacent tokens cannot run together.
func (h *hasher) text(tag byte, s string, fold bool) {
	if len(s)+2 > len(h.buf) {
		h.byte(tag)
		for i := 0; i < len(s); i++ {
			c := s[i]
			if fold && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			h.byte(c)
		}
		h.byte(0)
		return
	}
	if h.n+len(s)+2 > len(h.buf) {
		h.flush()
	}
	buf := h.buf[h.n : h.n+len(s)+2]
	buf[0] = tag
	copy(buf[1:], s)
	if fold {
		for i := 1; i <= len(s); i++ {
			if c := buf[i]; c >= 'A' && c <= 'Z' {
				buf[i] = c + 'a' - 'A'
			}
		}
	}
	buf[len(s)+1] = 0
	h.n += len(s) + 2
}
