package types

import (
	"encoding/binary"

	"ringpg/backend/sql/types/numeric"
)

// Numerics are stored in PostgreSQL's on-disk form (numeric.c), reached
// from the wire form package numeric produces (int16 ndigits, weight,
// sign, dscale, then base-10000 digits, big-endian). On disk, after the
// varlena header, all little-endian:
//
//	special (NaN, ±Infinity)  uint16 0xC000 / 0xD000 / 0xF000
//	short                     uint16 0x8000 | 0x2000 if negative | dscale<<7 |
//	                          0x40 if weight < 0 | weight&0x3F; then the digits
//	                          (when dscale <= 63 and -64 <= weight <= 63)
//	long                      uint16 sign (0 or 0x4000) | dscale, int16 weight,
//	                          then the digits
const (
	numShort         = 0x8000
	numShortSign     = 0x2000
	numShortWeightNg = 0x0040
	numSpecialMask   = 0xC000
	numNeg           = 0x4000
)

// appendNumericStored appends n's on-disk payload (without varlena header).
func appendNumericStored(dst []byte, n *numeric.Decimal) []byte {
	w := n.AppendSend(nil)
	if len(w) < 8 {
		return dst
	}
	ndigits := int(binary.BigEndian.Uint16(w))
	weight := int(int16(binary.BigEndian.Uint16(w[2:])))
	sign := binary.BigEndian.Uint16(w[4:])
	dscale := int(binary.BigEndian.Uint16(w[6:]))
	if sign != 0 && sign != numNeg {
		return binary.LittleEndian.AppendUint16(dst, sign)
	}
	if ndigits == 0 {
		weight, sign = 0, 0
	}
	if dscale <= 63 && weight >= -64 && weight <= 63 {
		h := uint16(numShort | dscale<<7 | weight&0x3F)
		if sign == numNeg {
			h |= numShortSign
		}
		if weight < 0 {
			h |= numShortWeightNg
		}
		dst = binary.LittleEndian.AppendUint16(dst, h)
	} else {
		dst = binary.LittleEndian.AppendUint16(dst, sign|uint16(dscale&0x3FFF))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(int16(weight)))
	}
	for i := 0; i < ndigits && 8+2*i+1 < len(w); i++ {
		dst = binary.LittleEndian.AppendUint16(dst, binary.BigEndian.Uint16(w[8+2*i:]))
	}
	return dst
}

// numericFromStored reads an on-disk numeric payload.
func numericFromStored(p []byte) (*numeric.Decimal, error) {
	t := Of(NumericOid)
	if len(p) < 2 || len(p)%2 != 0 {
		return nil, storedCorrupt(t, "numeric of %d bytes", len(p))
	}
	h := binary.LittleEndian.Uint16(p)
	var weight int16
	var sign, dscale uint16
	var digits []byte
	switch {
	case h&numSpecialMask == numSpecialMask:
		if len(p) != 2 {
			return nil, storedCorrupt(t, "special numeric with digits")
		}
		sign = h
	case h&numShort != 0:
		if h&numShortSign != 0 {
			sign = numNeg
		}
		dscale = h >> 7 & 0x3F
		weight = int16(h & 0x3F)
		if h&numShortWeightNg != 0 {
			weight |= ^0x3F
		}
		digits = p[2:]
	default:
		if len(p) < 4 {
			return nil, storedCorrupt(t, "numeric of %d bytes", len(p))
		}
		sign = h & numNeg
		dscale = h & 0x3FFF
		weight = int16(binary.LittleEndian.Uint16(p[2:]))
		digits = p[4:]
	}
	w := make([]byte, 8, 8+len(digits))
	binary.BigEndian.PutUint16(w, uint16(len(digits)/2))
	binary.BigEndian.PutUint16(w[2:], uint16(weight))
	binary.BigEndian.PutUint16(w[4:], sign)
	binary.BigEndian.PutUint16(w[6:], dscale)
	for i := 0; i+1 < len(digits); i += 2 {
		w = binary.BigEndian.AppendUint16(w, binary.LittleEndian.Uint16(digits[i:]))
	}
	n, err := numeric.Recv(w)
	if err != nil {
		return nil, storedCorrupt(t, "%v", err)
	}
	return n, nil
}
