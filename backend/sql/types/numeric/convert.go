package numeric

import (
	"math"
	"math/big"
	"strconv"

	"ringpg/pgerr"
)

// FromFloat64 converts a float8 as PostgreSQL's float8_numeric does: the
// value printed with 15 significant digits (DBL_DIG), read back as numeric.
func FromFloat64(f float64) (*Decimal, error) {
	switch {
	case math.IsNaN(f):
		return nanDec, nil
	case math.IsInf(f, 1):
		return pinfDec, nil
	case math.IsInf(f, -1):
		return ninfDec, nil
	}
	var buf [32]byte
	return Parse(string(strconv.AppendFloat(buf[:0], f, 'g', 15, 64)))
}

// FromFloat32 converts a float4 as float4_numeric does (6 significant digits).
func FromFloat32(f float32) (*Decimal, error) {
	g := float64(f)
	switch {
	case math.IsNaN(g):
		return nanDec, nil
	case math.IsInf(g, 1):
		return pinfDec, nil
	case math.IsInf(g, -1):
		return ninfDec, nil
	}
	var buf [32]byte
	return Parse(string(strconv.AppendFloat(buf[:0], g, 'g', 6, 32)))
}

// roundedInt returns d rounded half away from zero to an integer, as an
// int64 when it fits (ok) and a big.Int otherwise.
func (d *Decimal) roundedInt() (int64, *big.Int, bool) {
	if d.big == nil {
		if d.dscale == 0 {
			return d.small, nil, true
		}
		if d.dscale > 18 {
			return d.bigRounded()
		}
		p := pow10s[d.dscale]
		q, r := d.small/p, d.small%p
		if absU(r)*2 >= uint64(p) {
			if d.small < 0 {
				q--
			} else {
				q++
			}
		}
		return q, nil, true
	}
	return d.bigRounded()
}

func (d *Decimal) bigRounded() (int64, *big.Int, bool) {
	r := roundCoef(d.coef(), d.dscale)
	if r.IsInt64() {
		return r.Int64(), nil, true
	}
	return 0, r, false
}

// roundCoef returns c × 10^-n rounded half away from zero (n >= 0).
func roundCoef(c *big.Int, n int32) *big.Int {
	if n == 0 {
		return new(big.Int).Set(c)
	}
	p := bigPow10(n)
	q, r := new(big.Int).QuoRem(c, p, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(p) >= 0 {
		if c.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

func (d *Decimal) toInt(typ string, lo, hi int64) (int64, error) {
	switch d.form {
	case formNaN:
		return 0, pgerr.New(pgerr.FeatureNotSupported, "cannot convert NaN to %s", typ)
	case formPInf, formNInf:
		return 0, pgerr.New(pgerr.FeatureNotSupported, "cannot convert infinity to %s", typ)
	}
	v, _, ok := d.roundedInt()
	if !ok || v < lo || v > hi {
		return 0, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", typ)
	}
	return v, nil
}

// Int64 rounds d half away from zero to a bigint.
func (d *Decimal) Int64() (int64, error) {
	return d.toInt("bigint", math.MinInt64, math.MaxInt64)
}

// Int32 rounds d half away from zero to an integer.
func (d *Decimal) Int32() (int32, error) {
	v, err := d.toInt("integer", math.MinInt32, math.MaxInt32)
	return int32(v), err
}

// Int16 rounds d half away from zero to a smallint.
func (d *Decimal) Int16() (int16, error) {
	v, err := d.toInt("smallint", math.MinInt16, math.MaxInt16)
	return int16(v), err
}

// exactPow10f holds the powers of ten a float64 represents exactly.
var exactPow10f = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
	1e21, 1e22}

// Float64 converts d to the nearest float8 (NaN and ±Inf for the special
// values; ±Inf when out of float8's range).
func (d *Decimal) Float64() float64 {
	switch d.form {
	case formNaN:
		return math.NaN()
	case formPInf:
		return math.Inf(1)
	case formNInf:
		return math.Inf(-1)
	}
	// A coefficient below 2^53 and a power of ten below 10^23 are both exact,
	// so one division rounds correctly.
	if d.big == nil && absU(d.small) < 1<<53 && d.dscale < 23 {
		return float64(d.small) / exactPow10f[d.dscale]
	}
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}
