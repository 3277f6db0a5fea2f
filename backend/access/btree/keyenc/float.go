package keyenc

import (
	"encoding/binary"
	"math"
)

// Floats are ordered as PostgreSQL orders float4 and float8 (float.c's
// float8_cmp_internal): -Infinity < negative < -0 = 0 < positive <
// +Infinity < NaN, all NaNs equal. IEEE bits already order non-negative
// numbers as unsigned integers; setting the sign bit of those and flipping
// every bit of negative ones makes the whole line one unsigned order. -0
// is stored as +0 and every NaN as the one quiet NaN, whose bits lie above
// +Infinity's, so equal values encode equal.

const (
	canonicalNaN64 uint64 = 0x7ff8000000000000
	canonicalNaN32 uint32 = 0x7fc00000
)

func float64Key(f float64) uint64 {
	switch {
	case f != f:
		return canonicalNaN64 | 1<<63
	case f == 0:
		return 1 << 63 // +0, whatever the sign
	}
	u := math.Float64bits(f)
	if u&(1<<63) != 0 {
		return ^u
	}
	return u | 1<<63
}

func float32Key(f float32) uint32 {
	switch {
	case f != f:
		return canonicalNaN32 | 1<<31
	case f == 0:
		return 1 << 31
	}
	u := math.Float32bits(f)
	if u&(1<<31) != 0 {
		return ^u
	}
	return u | 1<<31
}

// AppendFloat8 appends a float8 (double precision) column.
func AppendFloat8(b []byte, v float64, o Order) []byte {
	u := float64Key(v)
	if o.Desc {
		u = ^u
	}
	return binary.BigEndian.AppendUint64(append(b, markValue), u)
}

// AppendFloat4 appends a float4 (real) column.
func AppendFloat4(b []byte, v float32, o Order) []byte {
	u := float32Key(v)
	if o.Desc {
		u = ^u
	}
	return binary.BigEndian.AppendUint32(append(b, markValue), u)
}

// DecodeFloat8 reads a float8 column. Bits that no float8 encodes to (a
// negative zero, a NaN other than the canonical one) are refused.
func DecodeFloat8(b []byte, o Order) (v float64, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return 0, null, b, err
	}
	var tmp [8]byte
	p, rest, err := fixed(b, 8, o, tmp[:])
	if err != nil {
		return 0, false, nil, err
	}
	k := binary.BigEndian.Uint64(p)
	u := k &^ (1 << 63)
	if k&(1<<63) == 0 {
		u = ^k
	}
	v = math.Float64frombits(u)
	if float64Key(v) != k {
		return 0, false, nil, corrupt("non-canonical float8 0x%016x", k)
	}
	return v, false, rest, nil
}

// DecodeFloat4 reads a float4 column, as strictly as DecodeFloat8.
func DecodeFloat4(b []byte, o Order) (v float32, null bool, rest []byte, err error) {
	null, b, err = value(b, o)
	if err != nil || null {
		return 0, null, b, err
	}
	var tmp [4]byte
	p, rest, err := fixed(b, 4, o, tmp[:])
	if err != nil {
		return 0, false, nil, err
	}
	k := binary.BigEndian.Uint32(p)
	u := k &^ (1 << 31)
	if k&(1<<31) == 0 {
		u = ^k
	}
	v = math.Float32frombits(u)
	if float32Key(v) != k {
		return 0, false, nil, corrupt("non-canonical float4 0x%08x", k)
	}
	return v, false, rest, nil
}
