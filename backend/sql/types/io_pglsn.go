package types

import "strconv"

// PgLsnOid and PgLsnArrayOid are pg_lsn, a WAL position (an unsigned
// 64-bit byte offset into the WAL stream), and its array type. A pg_lsn
// Datum holds the position's bits in I (int64(uint64 position)); it
// compares unsigned.
const (
	PgLsnOid      Oid = 3220
	PgLsnArrayOid Oid = 3221
)

// LSN returns the pg_lsn datum of a WAL position.
func LSN(v uint64) Datum { return Datum{I: int64(v)} }

// AsLSN returns a pg_lsn datum's WAL position.
func (d Datum) AsLSN() uint64 { return uint64(d.I) }

// ParseLSN reads a pg_lsn as pg_lsn_in does: two groups of 1 to 8 hex
// digits (either case) separated by '/', the high and the low 32 bits,
// with nothing before or after (not even white space).
func ParseLSN(s string) (uint64, error) {
	hi, n1 := hexRun(s)
	if n1 < 1 || n1 > 8 || n1 >= len(s) || s[n1] != '/' {
		return 0, syntaxError("pg_lsn", s)
	}
	lo, n2 := hexRun(s[n1+1:])
	if n2 < 1 || n2 > 8 || n1+1+n2 != len(s) {
		return 0, syntaxError("pg_lsn", s)
	}
	return hi<<32 | lo, nil
}

// hexRun returns the value of the hex digits at the start of s (as far as
// 16 of them fit) and how many there are.
func hexRun(s string) (uint64, int) {
	var v uint64
	n := 0
	for n < len(s) {
		c := s[n]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return v, n
		}
		v = v<<4 | uint64(d)
		n++
	}
	return v, n
}

// AppendLSN appends a WAL position in pg_lsn_out's form: the high and low
// 32 bits in upper-case hex without leading zeros, "%X/%X".
func AppendLSN(dst []byte, v uint64) []byte {
	dst = appendUpperHex(dst, v>>32)
	dst = append(dst, '/')
	return appendUpperHex(dst, v&0xFFFFFFFF)
}

func appendUpperHex(dst []byte, v uint64) []byte {
	start := len(dst)
	dst = strconv.AppendUint(dst, v, 16)
	for i := start; i < len(dst); i++ {
		if c := dst[i]; c >= 'a' && c <= 'f' {
			dst[i] = c - 'a' + 'A'
		}
	}
	return dst
}

func inputLSN(s string) (Datum, error) {
	v, err := ParseLSN(s)
	if err != nil {
		return Null, err
	}
	return LSN(v), nil
}
