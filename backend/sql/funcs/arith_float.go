package funcs

import (
	"math"

	"ringpg/backend/sql/types"
)

// Float arithmetic for float4 and float8 with PostgreSQL's overflow and
// underflow checks: an infinite result from finite inputs is an overflow,
// a zero product or quotient of non-zero inputs an underflow.

// checkF8 applies float8's checks to a result.
func checkF8(r float64, infOK, zeroOK bool) (types.Datum, error) {
	if math.IsInf(r, 0) && !infOK {
		return types.Datum{}, errFloatOver
	}
	if r == 0 && !zeroOK {
		return types.Datum{}, errFloatUnder
	}
	return types.Datum{F: r}, nil
}

// checkF4 rounds to float32 and applies float4's checks.
func checkF4(r float64, infOK, zeroOK bool) (types.Datum, error) {
	f := float32(r)
	if math.IsInf(float64(f), 0) && !infOK {
		return types.Datum{}, errFloatOver
	}
	if f == 0 && !zeroOK {
		return types.Datum{}, errFloatUnder
	}
	return types.Datum{F: float64(f)}, nil
}

// floatArith returns float operator op whose result type is res.
func floatArith(op string, res types.Oid) CallFunc {
	check := checkF8
	if res == types.Float4Oid {
		check = checkF4
	}
	inf := func(x float64) bool { return math.IsInf(x, 0) }
	switch op {
	case "+":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			x, y := a[0].F, a[1].F
			return check(x+y, inf(x) || inf(y), true)
		}
	case "-":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			x, y := a[0].F, a[1].F
			return check(x-y, inf(x) || inf(y), true)
		}
	case "*":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			x, y := a[0].F, a[1].F
			return check(x*y, inf(x) || inf(y), x == 0 || y == 0)
		}
	case "/":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			x, y := a[0].F, a[1].F
			if y == 0 && !math.IsNaN(x) {
				return types.Datum{}, errDivByZero
			}
			return check(x/y, inf(x), x == 0 || inf(y))
		}
	case "^":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return dpow(a[0].F, a[1].F) }
	}
	return nil
}

// floatPrefix returns prefix operator op over float type t.
func floatPrefix(op string) CallFunc {
	switch op {
	case "-":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{F: -a[0].F}, nil }
	case "+":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return a[0], nil }
	case "@":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{F: math.Abs(a[0].F)}, nil }
	}
	return nil
}

// dpow is float8 power with PostgreSQL's special cases and errors.
func dpow(x, y float64) (types.Datum, error) {
	if math.IsNaN(x) {
		if y == 0 {
			return types.Datum{F: 1}, nil
		}
		return types.Datum{F: math.NaN()}, nil
	}
	if math.IsNaN(y) {
		if x == 1 {
			return types.Datum{F: 1}, nil
		}
		return types.Datum{F: math.NaN()}, nil
	}
	if x == 0 && y < 0 {
		return types.Datum{}, errPowZeroNeg
	}
	if x < 0 && y != math.Trunc(y) && !math.IsInf(y, 0) {
		return types.Datum{}, errPowNegFrac
	}
	r := exactPow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return types.Datum{}, errFloatOver
	}
	if r == 0 && x != 0 && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return types.Datum{}, errFloatUnder
	}
	return types.Datum{F: r}, nil
}
