package funcs

import (
	"math"
	"math/big"
	"strconv"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// overlay, width_bucket(numeric), scale, factorial, acosh, atanh,
// pg_size_pretty, get_byte/set_byte and array_fill.

func overlayChars(s, r string, from, n int64, bytes bool) (types.Datum, error) {
	sub := substrChars
	if bytes {
		sub = substrBytes
	}
	head, err := sub(s, 1, from-1, true)
	if err != nil {
		return types.Datum{}, err
	}
	if from+n < from {
		return types.Datum{}, pgerr.New(codeOutOfRange, "integer out of range")
	}
	tail, err := sub(s, from+n, 0, false)
	if err != nil {
		return types.Datum{}, err
	}
	return txt(head + r + tail), nil
}

func init() {
	def("overlay", "text,text,int4,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return overlayChars(a[0].S, a[1].S, a[2].I, a[3].I, false)
	})
	def("overlay", "text,text,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return overlayChars(a[0].S, a[1].S, a[2].I, int64(len([]rune(a[1].S))), false)
	})
	def("overlay", "bytea,bytea,int4,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return overlayChars(a[0].S, a[1].S, a[2].I, a[3].I, true)
	})
	def("overlay", "bytea,bytea,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return overlayChars(a[0].S, a[1].S, a[2].I, int64(len(a[1].S)), true)
	})
	def("width_bucket", "numeric,numeric,numeric,int4", widthBucketNum)
	def("scale", "numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if !num(a[0]).IsFinite() {
			return types.Null, nil
		}
		return i64(int64(num(a[0]).Scale())), nil
	})
	def("trim_scale", "numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		d := num(a[0])
		if !d.IsFinite() {
			return a[0], nil
		}
		return numD(numeric.Round(d, minScale(d)))
	})
	def("min_scale", "numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		d := num(a[0])
		if !d.IsFinite() {
			return types.Null, nil
		}
		return i64(int64(minScale(d))), nil
	})
	def("factorial", "int8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		n := a[0].I
		if n < 0 {
			return types.Datum{}, pgerr.New(codeOutOfRange, "factorial of a negative number is undefined")
		}
		if n > 32177 {
			return types.Datum{}, pgerr.New(codeOutOfRange, "value overflows numeric format")
		}
		r := numeric.FromInt64(1)
		for i := int64(2); i <= n; i++ {
			var err error
			if r, err = numeric.Mul(r, numeric.FromInt64(i)); err != nil {
				return types.Datum{}, err
			}
		}
		return types.Datum{P: r}, nil
	})
	f8fn("acosh", func(x float64) (float64, error) {
		if x < 1 {
			return 0, errInputOOR
		}
		return math.Acosh(x), nil
	})
	f8fn("atanh", func(x float64) (float64, error) {
		if x < -1 || x > 1 {
			return 0, errInputOOR
		}
		return math.Atanh(x), nil
	})
	def("pg_size_pretty", "int8", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(sizePretty(a[0].I)), nil })
	def("get_byte", "bytea,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, i := a[0].S, a[1].I
		if i < 0 || i >= int64(len(s)) {
			return types.Datum{}, pgerr.New(codeArraySubscript, "index %d out of valid range, 0..%d", i, len(s)-1)
		}
		return i64(int64(s[i])), nil
	})
	def("set_byte", "bytea,int4,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, i := a[0].S, a[1].I
		if i < 0 || i >= int64(len(s)) {
			return types.Datum{}, pgerr.New(codeArraySubscript, "index %d out of valid range, 0..%d", i, len(s)-1)
		}
		b := []byte(s)
		b[i] = byte(a[2].I)
		return txt(string(b)), nil
	})
	defSpec("array_fill", "anyelement,_int4", func(at []types.T, _ types.T) (CallFunc, error) {
		elem := at[0].Oid
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return arrayFill(elem, a) }, nil
	})
	defSpec("array_fill", "anyelement,_int4,_int4", func(at []types.T, _ types.T) (CallFunc, error) {
		elem := at[0].Oid
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return arrayFill(elem, a) }, nil
	})
}

// sizePretty is pg_size_pretty(bigint): bytes below 10 kB, then the
// largest unit that keeps the number under 20480, rounded half up.
func sizePretty(size int64) string {
	const limit = 10 * 1024
	const limit2 = limit*2 - 1
	abs := func(v int64) int64 {
		if v < 0 {
			return -v
		}
		return v
	}
	half := func(v int64) int64 {
		if v < 0 {
			return (v - 1) / 2
		}
		return (v + 1) / 2
	}
	if abs(size) < limit {
		return strconv.FormatInt(size, 10) + " bytes"
	}
	size >>= 9 // one extra bit for rounding
	for _, unit := range []string{"kB", "MB", "GB", "TB"} {
		if abs(size) < limit2 {
			return strconv.FormatInt(half(size), 10) + " " + unit
		}
		size >>= 10
	}
	return strconv.FormatInt(half(size), 10) + " PB"
}

func widthBucketNum(_ *Ctx, a []types.Datum) (types.Datum, error) {
	x, lo, hi, n := num(a[0]), num(a[1]), num(a[2]), a[3].I
	if n <= 0 {
		return types.Datum{}, errCountZero
	}
	if x.IsNaN() || lo.IsNaN() || hi.IsNaN() {
		return types.Datum{}, pgerr.New(codeInvalidArgForWidth, "operand, lower bound, and upper bound cannot be NaN")
	}
	if !lo.IsFinite() || !hi.IsFinite() {
		return types.Datum{}, pgerr.New(codeInvalidArgForWidth, "lower and upper bounds must be finite")
	}
	c := numeric.Cmp(lo, hi)
	if c == 0 {
		return types.Datum{}, pgerr.New(codeInvalidArgForWidth, "lower bound cannot equal upper bound")
	}
	below, above := numeric.Cmp(x, lo) < 0, numeric.Cmp(x, hi) >= 0
	if c > 0 {
		below, above = numeric.Cmp(x, lo) > 0, numeric.Cmp(x, hi) <= 0
	}
	switch {
	case below:
		return i64(0), nil
	case above:
		if n == math.MaxInt32 {
			return types.Datum{}, errInt4Range
		}
		return i64(n + 1), nil
	}
	// bucket = (x - lo) * n / (hi - lo) + 1, truncated.
	num1, err := numeric.Sub(x, lo)
	if err != nil {
		return types.Datum{}, err
	}
	den, err := numeric.Sub(hi, lo)
	if err != nil {
		return types.Datum{}, err
	}
	if num1, err = numeric.Mul(num1, numeric.FromInt64(n)); err != nil {
		return types.Datum{}, err
	}
	q, err := numeric.DivTrunc(num1, den)
	if err != nil {
		return types.Datum{}, err
	}
	v, err := q.Int64()
	if err != nil {
		return types.Datum{}, err
	}
	if v+1 > n {
		return i64(n), nil
	}
	return i64(v + 1), nil
}

func arrayFill(elem types.Oid, a []types.Datum) (types.Datum, error) {
	if a[1].Null || (len(a) > 2 && a[2].Null) {
		return types.Datum{}, pgerr.New(codeNullNotAllowed, "dimension array or low bound array cannot be null")
	}
	dims := a[1].AsArray()
	if dims.NDim() > 1 {
		return types.Datum{}, pgerr.New(codeArraySubscript, "wrong number of array subscripts").
			WithDetail("Dimension array must be one dimensional.")
	}
	var lbs *types.Array
	if len(a) > 2 {
		lbs = a[2].AsArray()
		if len(lbs.Elems) != len(dims.Elems) {
			return types.Datum{}, pgerr.New(codeArraySubscript, "wrong number of array subscripts").
				WithDetail("Low bound array has different size than dimensions array.")
		}
	}
	if len(dims.Elems) == 0 {
		return types.ArrayDatum(types.NewArray(elem, nil)), nil
	}
	if len(dims.Elems) > types.MaxArrayDims {
		return types.Datum{}, pgerr.New(codeProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", len(dims.Elems), types.MaxArrayDims)
	}
	total := int64(1)
	out := make([]types.ArrayDim, len(dims.Elems))
	for i, d := range dims.Elems {
		if d.Null || (lbs != nil && lbs.Elems[i].Null) {
			return types.Datum{}, pgerr.New(codeNullNotAllowed, "dimension values cannot be null")
		}
		lb := int64(1)
		if lbs != nil {
			lb = lbs.Elems[i].I
		}
		n := d.I
		if n < 0 {
			// ArrayGetNItems refuses a negative dimension.
			return types.Datum{}, pgerr.New(codeProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", 134217727)
		}
		out[i] = types.ArrayDim{Len: int32(n), Lower: int32(lb)}
		total *= n
		if total > 1<<27 {
			return types.Datum{}, pgerr.New(codeProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", 134217727)
		}
	}
	if total == 0 {
		return types.ArrayDatum(types.NewArray(elem, nil)), nil
	}
	elems := make([]types.Datum, total)
	for i := range elems {
		elems[i] = a[0]
	}
	return types.ArrayDatum(&types.Array{Elem: elem, Dims: out, Elems: elems}), nil
}

// minScale is the smallest scale that represents d exactly.
func minScale(d *numeric.Decimal) int32 {
	s := d.Scale()
	c := d.Coefficient()
	ten := big.NewInt(10)
	m := new(big.Int)
	for s > 0 {
		q, r := new(big.Int).QuoRem(c, ten, m)
		if r.Sign() != 0 {
			break
		}
		c = q
		s--
	}
	return s
}
