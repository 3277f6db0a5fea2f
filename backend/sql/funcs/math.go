package funcs

import (
	"math"
	"math/rand"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Mathematical functions over float8 and numeric (and integers where
// PostgreSQL has integer versions).

var (
	errSqrtNeg   = pgerr.New(codeInvalidArgForPower, "cannot take square root of a negative number")
	errLogZero   = pgerr.New(codeInvalidArgForLog, "cannot take logarithm of zero")
	errLogNeg    = pgerr.New(codeInvalidArgForLog, "cannot take logarithm of a negative number")
	errInputOOR  = pgerr.New(codeOutOfRange, "input is out of range")
	errCountZero = pgerr.New(codeInvalidArgForWidth, "count must be greater than zero")
)

func f8(v float64) types.Datum { return types.Datum{F: v} }

// f8fn binds a float8 -> float8 function.
func f8fn(name string, f func(float64) (float64, error)) {
	def(name, "float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		r, err := f(a[0].F)
		if err != nil {
			return types.Datum{}, err
		}
		return f8(r), nil
	})
}

// pure wraps a function that cannot fail but may overflow.
func pure(f func(float64) float64) func(float64) (float64, error) {
	return func(x float64) (float64, error) {
		r := f(x)
		if math.IsInf(r, 0) && !math.IsInf(x, 0) {
			return 0, errFloatOver
		}
		return r, nil
	}
}

// numfn binds a numeric -> numeric function.
func numfn(name string, f func(*numeric.Decimal) (*numeric.Decimal, error)) {
	def(name, "numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return numD(f(num(a[0]))) })
}

func init() {
	for _, t := range []string{"int2", "int4", "int8"} {
		tt := map[string]types.Oid{"int2": types.Int2Oid, "int4": types.Int4Oid, "int8": types.Int8Oid}[t]
		def("abs", t, intPrefix("@", tt))
	}
	def("abs", "float4", floatPrefix("@"))
	def("abs", "float8", floatPrefix("@"))
	def("abs", "numeric", numericPrefix("@"))

	for _, n := range []string{"ceil", "ceiling"} {
		f8fn(n, pure(math.Ceil))
		numfn(n, numeric.Ceil)
	}
	f8fn("floor", pure(math.Floor))
	numfn("floor", numeric.Floor)
	f8fn("round", pure(math.RoundToEven))
	numfn("round", func(d *numeric.Decimal) (*numeric.Decimal, error) { return numeric.Round(d, 0) })
	f8fn("trunc", pure(math.Trunc))
	numfn("trunc", func(d *numeric.Decimal) (*numeric.Decimal, error) { return numeric.Trunc(d, 0) })
	def("round", "numeric,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numD(numeric.Round(num(a[0]), int32(a[1].I)))
	})
	def("trunc", "numeric,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numD(numeric.Trunc(num(a[0]), int32(a[1].I)))
	})
	f8fn("sign", func(x float64) (float64, error) {
		switch {
		case x > 0:
			return 1, nil
		case x < 0:
			return -1, nil
		}
		return 0, nil
	})
	numfn("sign", func(d *numeric.Decimal) (*numeric.Decimal, error) {
		if d.IsNaN() {
			return d, nil
		}
		return numeric.FromInt64(int64(d.Sign())), nil
	})
	f8fn("sqrt", func(x float64) (float64, error) {
		if x < 0 {
			return 0, errSqrtNeg
		}
		return math.Sqrt(x), nil
	})
	numfn("sqrt", numeric.Sqrt)
	f8fn("cbrt", pure(libmCbrt))
	f8fn("exp", func(x float64) (float64, error) {
		r := exactExp(x)
		if math.IsInf(r, 0) && !math.IsInf(x, 0) {
			return 0, errFloatOver
		}
		if r == 0 && !math.IsInf(x, 0) {
			return 0, errFloatUnder
		}
		return r, nil
	})
	numfn("exp", numeric.Exp)
	logf := func(f func(float64) float64) func(float64) (float64, error) {
		return func(x float64) (float64, error) {
			if x == 0 {
				return 0, errLogZero
			}
			if x < 0 {
				return 0, errLogNeg
			}
			return f(x), nil
		}
	}
	f8fn("ln", logf(exactLog))
	f8fn("log", logf(libmLog10))
	f8fn("log10", logf(libmLog10))
	numfn("ln", numeric.Ln)
	numfn("log", numeric.Log10)
	numfn("log10", numeric.Log10)
	def("log", "numeric,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numD(numeric.Log(num(a[0]), num(a[1])))
	})
	for _, n := range []string{"power", "pow"} {
		def(n, "float8,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return dpow(a[0].F, a[1].F) })
		def(n, "numeric,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return numD(numeric.Power(num(a[0]), num(a[1])))
		})
	}
	def("mod", "int2,int2", intArith("%", types.Int2Oid))
	def("mod", "int4,int4", intArith("%", types.Int4Oid))
	def("mod", "int8,int8", intArith("%", types.Int8Oid))
	def("mod", "numeric,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numD(numeric.Mod(num(a[0]), num(a[1])))
	})
	def("div", "numeric,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numD(numeric.DivTrunc(num(a[0]), num(a[1])))
	})
	def("pi", "", func(_ *Ctx, _ []types.Datum) (types.Datum, error) { return f8(math.Pi), nil })
	def("random", "", func(c *Ctx, _ []types.Datum) (types.Datum, error) { return f8(c.rng().Float64()), nil })
	def("setseed", "float8", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		s := a[0].F
		if s < -1 || s > 1 || math.IsNaN(s) {
			return types.Datum{}, pgerr.New(codeInvalidParameter, "setseed parameter %s is out of allowed range [-1,1]", fmtG(s))
		}
		c.Rand = rand.New(rand.NewSource(int64(s * float64(math.MaxInt32))))
		return types.Datum{}, nil
	})
	def("width_bucket", "float8,float8,float8,int4", widthBucket)
	def("gcd", "int4,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return gcdInt(a[0].I, a[1].I, types.Int4Oid) })
	def("gcd", "int8,int8", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return gcdInt(a[0].I, a[1].I, types.Int8Oid) })
	def("lcm", "int4,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return lcmInt(a[0].I, a[1].I, types.Int4Oid) })
	def("lcm", "int8,int8", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return lcmInt(a[0].I, a[1].I, types.Int8Oid) })
	f8fn("degrees", func(x float64) (float64, error) { return checkInf(x*(180/math.Pi), x) })
	f8fn("radians", func(x float64) (float64, error) { return checkInf(x*(math.Pi/180), x) })
	trig := map[string]func(float64) float64{"sin": exactSin, "cos": exactCos, "tan": exactTan, "atan": math.Atan,
		"sinh": math.Sinh, "cosh": math.Cosh, "tanh": math.Tanh, "asinh": math.Asinh}
	for n, f := range trig {
		f := f
		f8fn(n, func(x float64) (float64, error) {
			if math.IsInf(x, 0) && n != "atan" && n != "sinh" && n != "cosh" && n != "tanh" && n != "asinh" {
				return 0, errInputOOR
			}
			return f(x), nil
		})
	}
	f8fn("cot", func(x float64) (float64, error) {
		if math.IsInf(x, 0) {
			return 0, errInputOOR
		}
		return 1 / exactTan(x), nil
	})
	f8fn("asin", func(x float64) (float64, error) {
		if x < -1 || x > 1 {
			return 0, errInputOOR
		}
		return math.Asin(x), nil
	})
	f8fn("acos", func(x float64) (float64, error) {
		if x < -1 || x > 1 {
			return 0, errInputOOR
		}
		return math.Acos(x), nil
	})
	def("atan2", "float8,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return f8(math.Atan2(a[0].F, a[1].F)), nil })
}

func checkInf(r, x float64) (float64, error) {
	if math.IsInf(r, 0) && !math.IsInf(x, 0) {
		return 0, errFloatOver
	}
	return r, nil
}

func fmtG(f float64) string {
	return string(types.AppendFloat8(nil, f, 0))
}

func widthBucket(_ *Ctx, a []types.Datum) (types.Datum, error) {
	x, lo, hi, n := a[0].F, a[1].F, a[2].F, a[3].I
	if n <= 0 {
		return types.Datum{}, errCountZero
	}
	if math.IsNaN(x) || math.IsNaN(lo) || math.IsNaN(hi) {
		return types.Datum{}, pgerr.New(codeInvalidArgForWidth, "operand, lower bound, and upper bound cannot be NaN")
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return types.Datum{}, pgerr.New(codeInvalidArgForWidth, "lower and upper bounds must be finite")
	}
	var r int64
	switch {
	case lo < hi:
		switch {
		case x < lo:
			r = 0
		case x >= hi:
			if n == math.MaxInt32 {
				return types.Datum{}, errInt4Range
			}
			r = n + 1
		default:
			r = int64(float64(n)*((x-lo)/(hi-lo))) + 1
			if r > n {
				r = n
			}
		}
	case lo > hi:
		switch {
		case x > lo:
			r = 0
		case x <= hi:
			if n == math.MaxInt32 {
				return types.Datum{}, errInt4Range
			}
			r = n + 1
		default:
			r = int64(float64(n)*((lo-x)/(lo-hi))) + 1
			if r > n {
				r = n
			}
		}
	default:
		return types.Datum{}, pgerr.New(codeInvalidArgForWidth, "lower bound cannot equal upper bound")
	}
	return i64(r), nil
}

func gcdInt(x, y int64, t types.Oid) (types.Datum, error) {
	lo, _ := intBounds(t)
	if (x == lo && (y == 0 || y == lo)) || (y == lo && x == 0) {
		return types.Datum{}, rangeErr(t)
	}
	for y != 0 {
		x, y = y, x%y
	}
	if x < 0 {
		x = -x
	}
	return i64(x), nil
}

func lcmInt(x, y int64, t types.Oid) (types.Datum, error) {
	if x == 0 || y == 0 {
		return i64(0), nil
	}
	g, err := gcdInt(x, y, t)
	if err != nil {
		return g, err
	}
	p, ok := mul64(x/g.I, y)
	lo, hi := intBounds(t)
	if !ok || p < lo || p > hi {
		return types.Datum{}, rangeErr(t)
	}
	if p < 0 {
		if p == lo {
			return types.Datum{}, rangeErr(t)
		}
		p = -p
	}
	return i64(p), nil
}
