package keyenc

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Order is a column's sort order. The zero value is PostgreSQL's default
// for an index column: ASC NULLS LAST.
type Order struct {
	Desc       bool
	NullsFirst bool
}

// Asc and Desc are the orders PostgreSQL gives ASC and DESC columns when
// NULLS FIRST/LAST is not written (DESC implies NULLS FIRST).
var (
	Asc  = Order{}
	Desc = Order{Desc: true, NullsFirst: true}
)

// Column markers (see the package documentation).
const (
	markNullFirst byte = 0x01
	markValue     byte = 0x02
	markNullLast  byte = 0x03
)

// ErrCorrupt is wrapped by every decoding error: the bytes are not a key
// this package wrote for the given columns.
var ErrCorrupt = errors.New("keyenc: malformed key")

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

// AppendNull appends a NULL column.
func AppendNull(b []byte, o Order) []byte {
	if o.NullsFirst {
		return append(b, markNullFirst)
	}
	return append(b, markNullLast)
}

// invertFrom inverts b[from:], turning an ASC payload into a DESC one (and
// back).
func invertFrom(b []byte, from int) []byte {
	for i := from; i < len(b); i++ {
		b[i] = ^b[i]
	}
	return b
}

// AppendBool appends a bool column (false < true).
func AppendBool(b []byte, v bool, o Order) []byte {
	x := byte(0)
	if v {
		x = 1
	}
	if o.Desc {
		x = ^x
	}
	return append(b, markValue, x)
}

// AppendInt2 appends an int2 (smallint) column.
func AppendInt2(b []byte, v int16, o Order) []byte {
	u := uint16(v) ^ 1<<15
	if o.Desc {
		u = ^u
	}
	return binary.BigEndian.AppendUint16(append(b, markValue), u)
}

// AppendInt4 appends an int4 (integer) column.
func AppendInt4(b []byte, v int32, o Order) []byte {
	u := uint32(v) ^ 1<<31
	if o.Desc {
		u = ^u
	}
	return binary.BigEndian.AppendUint32(append(b, markValue), u)
}

// AppendInt8 appends an int8 (bigint) column.
func AppendInt8(b []byte, v int64, o Order) []byte {
	u := uint64(v) ^ 1<<63
	if o.Desc {
		u = ^u
	}
	return binary.BigEndian.AppendUint64(append(b, markValue), u)
}

// AppendDate appends a date column: PostgreSQL's DateADT, days since
// 2000-01-01 (with ±infinity as the int4 extremes, which sort as they
// should).
func AppendDate(b []byte, days int32, o Order) []byte { return AppendInt4(b, days, o) }

// AppendTimestamp appends a timestamp or timestamptz column: PostgreSQL's
// microseconds since 2000-01-01 00:00 (UTC for timestamptz).
func AppendTimestamp(b []byte, micros int64, o Order) []byte { return AppendInt8(b, micros, o) }

// value reads a column's marker: null reports a NULL (which has no
// payload); otherwise rest is the payload and what follows it.
func value(b []byte, o Order) (null bool, rest []byte, err error) {
	if len(b) == 0 {
		return false, nil, corrupt("key ends before a column")
	}
	switch b[0] {
	case markValue:
		return false, b[1:], nil
	case markNullFirst:
		if o.NullsFirst {
			return true, b[1:], nil
		}
	case markNullLast:
		if !o.NullsFirst {
			return true, b[1:], nil
		}
	}
	return false, nil, corrupt("bad column marker 0x%02x", b[0])
}

// fixed returns the n payload bytes at the start of b, inverted back to
// ASC form when the column is DESC, into tmp.
func fixed(b []byte, n int, o Order, tmp []byte) ([]byte, []byte, error) {
	if len(b) < n {
		return nil, nil, corrupt("key ends inside a %d-byte column", n)
	}
	p := tmp[:n]
	copy(p, b[:n])
	if o.Desc {
		invertFrom(p, 0)
	}
	return p, b[n:], nil
}

// DecodeBool reads a bool column; null reports a NULL.
func DecodeBool(b []byte, o Order) (v, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return false, null, b, err
	}
	var tmp [1]byte
	p, rest, err := fixed(b, 1, o, tmp[:])
	if err != nil {
		return false, false, nil, err
	}
	if p[0] > 1 {
		return false, false, nil, corrupt("bool payload 0x%02x", p[0])
	}
	return p[0] == 1, false, rest, nil
}

// DecodeInt2 reads an int2 column.
func DecodeInt2(b []byte, o Order) (v int16, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return 0, null, b, err
	}
	var tmp [2]byte
	p, rest, err := fixed(b, 2, o, tmp[:])
	if err != nil {
		return 0, false, nil, err
	}
	return int16(binary.BigEndian.Uint16(p) ^ 1<<15), false, rest, nil
}

// DecodeInt4 reads an int4 or date column.
func DecodeInt4(b []byte, o Order) (v int32, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return 0, null, b, err
	}
	var tmp [4]byte
	p, rest, err := fixed(b, 4, o, tmp[:])
	if err != nil {
		return 0, false, nil, err
	}
	return int32(binary.BigEndian.Uint32(p) ^ 1<<31), false, rest, nil
}

// DecodeInt8 reads an int8, timestamp or timestamptz column.
func DecodeInt8(b []byte, o Order) (v int64, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return 0, null, b, err
	}
	var tmp [8]byte
	p, rest, err := fixed(b, 8, o, tmp[:])
	if err != nil {
		return 0, false, nil, err
	}
	return int64(binary.BigEndian.Uint64(p) ^ 1<<63), false, rest, nil
}
