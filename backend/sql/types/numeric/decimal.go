package numeric

import (
	"math/big"
)

// form says which kind of value a Decimal holds.
type form uint8

const (
	formFinite form = iota
	formNaN
	formPInf
	formNInf
)

// Decimal is an immutable NUMERIC value: a signed integer coefficient and a
// display scale, so that the value is coef × 10^-dscale, or one of NaN,
// +Infinity and -Infinity.
//
// The coefficient lives in small when it fits in an int64 and in big (never
// nil then, and never fitting in an int64) otherwise; keeping the common
// case out of math/big keeps sums and comparisons allocation-light. Zero is
// never negative. The display scale is the number of digits after the
// decimal point that String prints, as PostgreSQL's dscale.
type Decimal struct {
	form   form
	dscale int32
	small  int64
	big    *big.Int
}

// Limits shared with PostgreSQL.
const (
	// MaxPrecision is the largest precision numeric(p,s) accepts.
	MaxPrecision = 1000
	// MaxDisplayScale is the largest display scale a result gets.
	MaxDisplayScale = 1000
	// MinSigDigits is the number of significant digits a division or a
	// transcendental function keeps at least.
	MinSigDigits = 16
)

var (
	nanDec  = &Decimal{form: formNaN}
	pinfDec = &Decimal{form: formPInf}
	ninfDec = &Decimal{form: formNInf}
	zeroDec = &Decimal{}
)

// NaN returns the numeric NaN.
func NaN() *Decimal { return nanDec }

// Inf returns +Infinity when sign >= 0 and -Infinity otherwise.
func Inf(sign int) *Decimal {
	if sign < 0 {
		return ninfDec
	}
	return pinfDec
}

// Zero returns 0 with display scale 0.
func Zero() *Decimal { return zeroDec }

// FromInt64 returns v with display scale 0.
func FromInt64(v int64) *Decimal { return &Decimal{small: v} }

// FromUnscaled returns coef × 10^-scale with display scale scale (scale >= 0).
func FromUnscaled(coef int64, scale int32) *Decimal {
	return &Decimal{small: coef, dscale: scale}
}

// FromBig returns coef × 10^-scale with display scale scale (scale >= 0).
// coef is copied.
func FromBig(coef *big.Int, scale int32) *Decimal {
	return mk(new(big.Int).Set(coef), scale)
}

// mk builds a finite Decimal from a coefficient it takes ownership of,
// moving it into small when it fits.
func mk(c *big.Int, scale int32) *Decimal {
	if c.IsInt64() {
		return &Decimal{small: c.Int64(), dscale: scale}
	}
	return &Decimal{big: c, dscale: scale}
}

// IsNaN reports whether d is NaN.
func (d *Decimal) IsNaN() bool { return d.form == formNaN }

// IsInf reports whether d is +Infinity (sign > 0), -Infinity (sign < 0) or
// either (sign == 0).
func (d *Decimal) IsInf(sign int) bool {
	switch d.form {
	case formPInf:
		return sign >= 0
	case formNInf:
		return sign <= 0
	}
	return false
}

// IsFinite reports whether d is neither NaN nor an infinity.
func (d *Decimal) IsFinite() bool { return d.form == formFinite }

// Scale returns the display scale (digits after the decimal point); 0 for
// NaN and infinities.
func (d *Decimal) Scale() int32 { return d.dscale }

// Sign returns -1, 0 or 1; NaN's sign is 0, the infinities' ±1. (PostgreSQL's
// sign() returns NaN for NaN: callers check IsNaN first.)
func (d *Decimal) Sign() int {
	switch d.form {
	case formNaN:
		return 0
	case formPInf:
		return 1
	case formNInf:
		return -1
	}
	if d.big != nil {
		return d.big.Sign()
	}
	switch {
	case d.small > 0:
		return 1
	case d.small < 0:
		return -1
	}
	return 0
}

// coef returns the coefficient as a fresh big.Int.
func (d *Decimal) coef() *big.Int {
	if d.big != nil {
		return new(big.Int).Set(d.big)
	}
	return big.NewInt(d.small)
}

// Coefficient returns the unscaled coefficient (value × 10^Scale()) as a new
// big.Int; zero for NaN and infinities.
func (d *Decimal) Coefficient() *big.Int {
	if d.form != formFinite {
		return new(big.Int)
	}
	return d.coef()
}
