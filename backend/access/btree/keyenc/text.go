package keyenc

import "bytes"

// Strings (text, varchar, bytea) are their bytes with each 0x00 written as
// 0x00 0xFF and a terminator 0x00 0x01 after them. Under bytes.Compare the
// first difference between two encodings is then either the first
// difference between the strings (the escape keeps 0x00 below every other
// byte) or the terminator of the shorter string, 0x00 0x01, against a byte
// of the longer one (> 0x00) or its escaped 0x00 (0x00 0xFF > 0x00 0x01):
// a prefix sorts first, as in the "C" collation.

const (
	escByte  byte = 0x00
	escZero  byte = 0xFF // 0x00 0xFF is a 0x00 of the string
	escTerm  byte = 0x01 // 0x00 0x01 ends the string
	termSize      = 2
)

// AppendText appends a text or varchar column, compared bytewise (the "C"
// collation).
func AppendText(b []byte, s string, o Order) []byte {
	b = append(b, markValue)
	start := len(b)
	for {
		i := indexZero(s)
		if i < 0 {
			b = append(b, s...)
			break
		}
		b = append(b, s[:i]...)
		b = append(b, escByte, escZero)
		s = s[i+1:]
	}
	b = append(b, escByte, escTerm)
	if o.Desc {
		invertFrom(b, start)
	}
	return b
}

// AppendBytes appends a bytea column.
func AppendBytes(b []byte, v []byte, o Order) []byte {
	b = append(b, markValue)
	start := len(b)
	for {
		i := bytes.IndexByte(v, 0)
		if i < 0 {
			b = append(b, v...)
			break
		}
		b = append(b, v[:i]...)
		b = append(b, escByte, escZero)
		v = v[i+1:]
	}
	b = append(b, escByte, escTerm)
	if o.Desc {
		invertFrom(b, start)
	}
	return b
}

func indexZero(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return i
		}
	}
	return -1
}

// unescape reads an escaped string payload from b, appending the string
// to dst; rest is what follows the terminator.
func unescape(dst, b []byte, o Order) (out, rest []byte, err error) {
	flip := byte(0)
	if o.Desc {
		flip = 0xFF
	}
	for i := 0; i < len(b); i++ {
		c := b[i] ^ flip
		if c != escByte {
			dst = append(dst, c)
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] ^ flip {
		case escZero:
			dst = append(dst, 0)
			i++
		case escTerm:
			return dst, b[i+2:], nil
		default:
			return nil, nil, corrupt("bad escape 0x00 0x%02x in a string", b[i+1]^flip)
		}
	}
	return nil, nil, corrupt("unterminated string")
}

// DecodeText reads a text or varchar column.
func DecodeText(b []byte, o Order) (v string, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return "", null, b, err
	}
	out, rest, err := unescape(nil, b, o)
	if err != nil {
		return "", false, nil, err
	}
	return string(out), false, rest, nil
}

// DecodeBytes reads a bytea column. The result never aliases b.
func DecodeBytes(b []byte, o Order) (v []byte, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return nil, null, b, err
	}
	out, rest, err := unescape([]byte{}, b, o)
	if err != nil {
		return nil, false, nil, err
	}
	return out, false, rest, nil
}
