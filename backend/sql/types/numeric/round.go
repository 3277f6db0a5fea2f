package numeric

import "math/big"

// maxResultScale bounds the scale argument of round and trunc.
const maxResultScale = MaxPrecision * 2

// rescale returns d rounded (or truncated) to scale digits after the point;
// a negative scale rounds left of it. The display scale becomes max(scale, 0).
func rescale(d *Decimal, scale int32, trunc bool) *Decimal {
	if d.form != formFinite {
		return d
	}
	scale = min(max(scale, -maxResultScale), maxResultScale)
	if scale >= d.dscale {
		if d.big == nil {
			if v, ok := scaledSmall(d.small, scale-d.dscale); ok {
				return &Decimal{small: v, dscale: scale}
			}
		}
		return mk(mulPow10(d.coef(), scale-d.dscale), scale)
	}
	drop := d.dscale - scale
	var c *big.Int
	if d.big == nil && drop <= 18 {
		p := pow10s[drop]
		q, r := d.small/p, d.small%p
		if !trunc && absU(r)*2 >= uint64(p) {
			if d.small < 0 {
				q--
			} else {
				q++
			}
		}
		if scale >= 0 {
			return &Decimal{small: q, dscale: scale}
		}
		c = big.NewInt(q)
	} else if trunc {
		c = new(big.Int).Quo(d.coef(), bigPow10(drop))
	} else {
		c = roundCoef(d.coef(), drop)
	}
	if scale < 0 {
		c.Mul(c, bigPow10(-scale))
		scale = 0
	}
	return mk(c, scale)
}

// Round rounds half away from zero to scale digits after the point
// (negative scale rounds left of it), as round(numeric, int).
func Round(d *Decimal, scale int32) (*Decimal, error) {
	return checkResult(rescale(d, scale, false))
}

// Trunc truncates toward zero to scale digits, as trunc(numeric, int).
func Trunc(d *Decimal, scale int32) (*Decimal, error) {
	return rescale(d, scale, true), nil
}

// Ceil returns the smallest integer >= d.
func Ceil(d *Decimal) (*Decimal, error) {
	t := rescale(d, 0, true)
	if d.form == formFinite && d.Sign() > 0 && Cmp(t, d) != 0 {
		return Add(t, FromInt64(1))
	}
	return t, nil
}

// Floor returns the largest integer <= d.
func Floor(d *Decimal) (*Decimal, error) {
	t := rescale(d, 0, true)
	if d.form == formFinite && d.Sign() < 0 && Cmp(t, d) != 0 {
		return Sub(t, FromInt64(1))
	}
	return t, nil
}
