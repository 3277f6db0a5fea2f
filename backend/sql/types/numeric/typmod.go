package numeric

import (
	"strconv"

	"ringpg/pgerr"
)

// typmodHeader is the offset PostgreSQL adds to every typmod (VARHDRSZ).
const typmodHeader = 4

// MakeTypmod returns the typmod of numeric(precision, scale). It reports
// PostgreSQL's errors for a precision outside 1..1000 or a scale outside
// -1000..1000.
func MakeTypmod(precision, scale int32) (int32, error) {
	if precision < 1 || precision > MaxPrecision {
		return 0, pgerr.New(pgerr.InvalidParameterValue, "NUMERIC precision %d must be between 1 and %d", precision, MaxPrecision)
	}
	if scale < -MaxPrecision || scale > MaxPrecision {
		return 0, pgerr.New(pgerr.InvalidParameterValue, "NUMERIC scale %d must be between %d and %d", scale, -MaxPrecision, MaxPrecision)
	}
	return (precision<<16 | scale&0x7ff) + typmodHeader, nil
}

// TypmodParts splits a typmod into precision and scale; ok is false for -1
// (or anything else below the header).
func TypmodParts(typmod int32) (precision, scale int32, ok bool) {
	if typmod < typmodHeader {
		return 0, 0, false
	}
	t := typmod - typmodHeader
	precision = (t >> 16) & 0xffff
	// The scale is an 11-bit two's complement field.
	scale = ((t & 0x7ff) ^ 1024) - 1024
	return precision, scale, true
}

// TypmodString prints a numeric typmod as format_type does: "(5,2)"; "" for -1.
func TypmodString(typmod int32) string {
	p, s, ok := TypmodParts(typmod)
	if !ok {
		return ""
	}
	return "(" + strconv.Itoa(int(p)) + "," + strconv.Itoa(int(s)) + ")"
}

// ApplyTypmod coerces d to numeric(p,s) as the typmod says (-1 leaves d
// alone): it rounds to s digits and fails with 22003 numeric field overflow
// when the rounded value needs more than p-s digits before the point.
func ApplyTypmod(d *Decimal, typmod int32) (*Decimal, error) {
	p, s, ok := TypmodParts(typmod)
	if !ok || d.form == formNaN {
		return d, nil
	}
	if d.form != formFinite {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", p, s)
	}
	r := rescale(d, s, false)
	maxDigits := p - s
	if !r.isZero() && r.ndigits()-r.dscale > maxDigits {
		e := pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow")
		if maxDigits != 0 {
			return nil, e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 10^%d.", p, s, maxDigits)
		}
		return nil, e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 1.", p, s)
	}
	return r, nil
}
