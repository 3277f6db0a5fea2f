package types

import (
	"strconv"
	"strings"

	"ringpg/pgerr"
)

// parseOid reads an oid as oidin does: an unsigned decimal number with
// white space around it; negative numbers down to -2^31 wrap around, as
// strtoul and PostgreSQL's check let them.
func parseOid(s string) (Oid, error) {
	t := trimSpace(s)
	if t == "" || strings.HasPrefix(t, "+-") || strings.HasPrefix(t, "--") {
		return 0, syntaxError("oid", s)
	}
	neg := false
	u := t
	if u[0] == '-' || u[0] == '+' {
		neg = u[0] == '-'
		u = u[1:]
	}
	if u == "" || u[0] < '0' || u[0] > '9' {
		return 0, syntaxError("oid", s)
	}
	end := 0
	for end < len(u) && u[end] >= '0' && u[end] <= '9' {
		end++
	}
	v, err := strconv.ParseUint(u[:end], 10, 64)
	if err != nil || (!neg && v > 0xFFFFFFFF) || (neg && v > 1<<31) {
		return 0, valueOutOfRange(s, "oid")
	}
	if end != len(u) && trimSpace(u[end:]) != "" {
		return 0, syntaxError("oid", s)
	}
	if neg {
		return Oid(uint32(-int64(v))), nil
	}
	return Oid(v), nil
}

// parseXid reads an xid or cid as PostgreSQL 15's xidin/cidin do, with
// C's strtoul in base 0 truncated to 32 bits: white space, a sign,
// decimal, 0x hex or 0 octal digits; a value past 64 bits saturates, a
// negative one wraps, and like them it ignores whatever follows the
// number (no digits at all read as 0).
func parseXid(s string, _ Oid) (int64, error) {
	return int64(uint32(cStrtoul(s))), nil
}

// cStrtoul is C's strtoul(s, NULL, 0) on a 64-bit platform.
func cStrtoul(s string) uint64 {
	p := 0
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	neg := false
	if p < len(s) && (s[p] == '-' || s[p] == '+') {
		neg = s[p] == '-'
		p++
	}
	base := uint64(10)
	if p < len(s) && s[p] == '0' {
		base = 8
		if p+2 < len(s) && (s[p+1] == 'x' || s[p+1] == 'X') && digitValue(s[p+2]) < 16 {
			base, p = 16, p+2
		}
	}
	var v uint64
	overflow := false
	for ; p < len(s); p++ {
		d := uint64(digitValue(s[p]))
		if d >= base {
			break
		}
		if v > (^uint64(0)-d)/base {
			overflow = true
		}
		v = v*base + d
	}
	if overflow {
		return ^uint64(0)
	}
	if neg {
		return -v
	}
	return v
}

// digitValue is the value of an ASCII digit or letter in bases up to 36
// (36 for anything else).
func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 36
}

// inputTid reads "(block,offset)" as tidin does: the block and offset are
// C strtoul/strtol numbers (leading white space and a sign allowed) that
// must end right at the ',' and the ')'.
func inputTid(s string) (Datum, error) {
	var coord [2]int
	n := 0
	for p := 0; p < len(s) && n < 2 && s[p] != ')'; p++ {
		if s[p] == ',' || s[p] == '(' && n == 0 {
			coord[n] = p + 1
			n++
		}
	}
	if n < 2 {
		return Null, syntaxError("tid", s)
	}
	blk, end, ok := cStrtol(s, coord[0])
	if !ok || end >= len(s) || s[end] != ',' || blk > 0xFFFFFFFF || blk < -(1<<31) {
		return Null, syntaxError("tid", s)
	}
	off, end, ok := cStrtol(s, coord[1])
	if !ok || end >= len(s) || s[end] != ')' || off > 0xFFFF || off < 0 {
		return Null, syntaxError("tid", s)
	}
	return Datum{I: TidValue(uint32(blk), uint16(off))}, nil
}

// cStrtol reads a decimal number at s[p:] as C's strtol: white space, a
// sign, digits. It returns the value, the index after it, and whether
// there were digits (values beyond int64 saturate).
func cStrtol(s string, p int) (int64, int, bool) {
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	neg := false
	if p < len(s) && (s[p] == '-' || s[p] == '+') {
		neg = s[p] == '-'
		p++
	}
	start := p
	var v int64
	for ; p < len(s) && s[p] >= '0' && s[p] <= '9'; p++ {
		if v < 1<<40 {
			v = v*10 + int64(s[p]-'0')
		}
	}
	if neg {
		v = -v
	}
	return v, p, p > start
}

// TidValue packs a tuple identifier into a Datum's I: block << 16 | offset.
func TidValue(block uint32, offset uint16) int64 { return int64(block)<<16 | int64(offset) }

// TidParts unpacks TidValue.
func TidParts(v int64) (block uint32, offset uint16) { return uint32(v >> 16), uint16(v) }

func appendTid(dst []byte, v int64) []byte {
	b, o := TidParts(v)
	dst = append(dst, '(')
	dst = strconv.AppendUint(dst, uint64(b), 10)
	dst = append(dst, ',')
	dst = strconv.AppendUint(dst, uint64(o), 10)
	return append(dst, ')')
}

// inputReg reads regclass, regtype or regproc: "-" is 0, a number is that
// oid, anything else a name resolved through env's hook (regtype falls
// back to the built-in types).
func inputReg(oid Oid, s string, env *Env) (Datum, error) {
	t := trimSpace(s)
	if t == "-" {
		return Datum{I: 0}, nil
	}
	if t != "" && t[0] >= '0' && t[0] <= '9' {
		v, err := parseOid(s)
		return Datum{I: int64(v)}, err
	}
	var hook func(string) (Oid, error)
	switch oid {
	case RegclassOid:
		hook = env.RegclassIn
	case RegtypeOid:
		hook = env.RegtypeIn
	case RegprocOid:
		hook = env.RegprocIn
	case RegnamespaceOid:
		hook = env.RegnamespaceIn
	}
	if hook != nil {
		v, err := hook(s)
		return Datum{I: int64(v)}, err
	}
	switch oid {
	case RegtypeOid:
		tt, err := ParseTypeName(s)
		if err != nil {
			return Null, err
		}
		return Datum{I: int64(tt.Oid)}, nil
	case RegclassOid:
		return Null, pgerr.New(pgerr.UndefinedTable, "relation \"%s\" does not exist", s)
	case RegnamespaceOid:
		return Null, pgerr.New(pgerr.UndefinedSchema, "schema \"%s\" does not exist", s)
	}
	return Null, pgerr.New("42883", "function \"%s\" does not exist", s)
}

func appendReg(dst []byte, typ Oid, v Oid, env *Env) []byte {
	if v == 0 {
		return append(dst, '-')
	}
	var hook func(Oid) (string, bool)
	switch typ {
	case RegclassOid:
		hook = env.RegclassOut
	case RegtypeOid:
		hook = env.RegtypeOut
	case RegprocOid:
		hook = env.RegprocOut
	case RegnamespaceOid:
		hook = env.RegnamespaceOut
	}
	if hook != nil {
		if name, ok := hook(v); ok {
			return append(dst, name...)
		}
	} else if typ == RegtypeOid && Lookup(v) != nil {
		// regtype names a type without a typmod, where bpchar is
		// character (format_type(oid, NULL), not format_type(oid, -1)).
		switch v {
		case BPCharOid:
			return append(dst, "character"...)
		case BPCharArrayOid:
			return append(dst, "character[]"...)
		}
		return append(dst, FormatType(Of(v))...)
	}
	return strconv.AppendUint(dst, uint64(v), 10)
}

// inputVector reads int2vector or oidvector: numbers separated by white
// space, into a one-dimensional array with lower bound 0.
func inputVector(oid Oid, s string) (Datum, error) {
	elem := Int2Oid
	if oid == OidVectorOid {
		elem = OidOid
	}
	var elems []Datum
	for _, f := range strings.Fields(s) {
		var v int64
		var err error
		if elem == Int2Oid {
			v, err = parseInt(f, 16, "smallint")
		} else {
			var o Oid
			o, err = parseOid(f)
			v = int64(o)
		}
		if err != nil {
			return Null, err
		}
		elems = append(elems, Datum{I: v})
	}
	return Datum{P: &Array{Elem: elem, Dims: []ArrayDim{{Len: int32(len(elems)), Lower: 0}}, Elems: elems}}, nil
}

func appendVector(dst []byte, oid Oid, d Datum) []byte {
	a, ok := d.P.(*Array)
	if !ok {
		return dst
	}
	for i, e := range a.Elems {
		if i > 0 {
			dst = append(dst, ' ')
		}
		if oid == OidVectorOid {
			dst = strconv.AppendUint(dst, uint64(uint32(e.I)), 10)
		} else {
			dst = strconv.AppendInt(dst, e.I, 10)
		}
	}
	return dst
}
