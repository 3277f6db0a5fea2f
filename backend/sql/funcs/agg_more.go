package funcs

import (
	"math"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
)

// Statistical aggregates, string_agg and array_agg.

// varFloat is the float8 variance family, with PostgreSQL's
// Youngs-Cramer accumulation (N, Sx, Sxx).
type varFloat struct {
	n, sx, sxx float64
	samp, sqrt bool
}

func (s *varFloat) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	x := a[0].F
	s.n++
	s.sx += x
	if s.n > 1 {
		t := x*s.n - s.sx
		s.sxx += t * t / (s.n * (s.n - 1))
		if math.IsInf(s.sxx, 0) && !math.IsInf(x, 0) && !math.IsInf(s.sx, 0) {
			return errFloatOver
		}
	} else if math.IsNaN(x) || math.IsInf(x, 0) {
		s.sxx = math.NaN()
	}
	return nil
}

func (s *varFloat) Result() (types.Datum, error) {
	d := s.n
	if s.samp {
		d = s.n - 1
	}
	if s.n == 0 || d <= 0 {
		return types.Null, nil
	}
	v := s.sxx / d
	if s.sqrt {
		v = math.Sqrt(v)
	}
	return f8(v), nil
}

// varNum is the numeric variance family over integers and numerics,
// computed exactly from N, sum(x) and sum(x*x) as numeric_stddev_internal
// does.
type varNum struct {
	n          int64
	sx, sxx    numeric.Acc
	samp, sqrt bool
	isInt      bool
}

func (s *varNum) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	s.n++
	if s.isInt {
		x := a[0].I
		s.sx.AddInt64(x)
		if p, ok := mul64(x, x); ok {
			s.sxx.AddInt64(p)
		} else {
			d := numeric.FromInt64(x)
			sq, err := numeric.Mul(d, d)
			if err != nil {
				return err
			}
			s.sxx.AddDecimal(sq)
		}
		return nil
	}
	d := num(a[0])
	s.sx.AddDecimal(d)
	sq, err := numeric.Mul(d, d)
	if err != nil {
		return err
	}
	s.sxx.AddDecimal(sq)
	return nil
}

func (s *varNum) Result() (types.Datum, error) {
	if s.n == 0 || (s.samp && s.n == 1) {
		return types.Null, nil
	}
	sx, sxx := s.sx.Sum(), s.sxx.Sum()
	if sx.IsNaN() || sxx.IsNaN() || !sx.IsFinite() {
		return types.Datum{P: numeric.NaN()}, nil
	}
	n := numeric.FromInt64(s.n)
	sq, err := numeric.Mul(sx, sx)
	if err != nil {
		return types.Datum{}, err
	}
	nsxx, err := numeric.Mul(n, sxx)
	if err != nil {
		return types.Datum{}, err
	}
	num1, err := numeric.Sub(nsxx, sq)
	if err != nil {
		return types.Datum{}, err
	}
	if num1.Sign() <= 0 {
		return types.Datum{P: numeric.Zero()}, nil
	}
	den := numeric.FromInt64(s.n * s.n)
	if s.samp {
		den = numeric.FromInt64(s.n * (s.n - 1))
	}
	scale := numeric.DivScale(num1, den)
	v, err := numeric.DivScaled(num1, den, scale)
	if err != nil || !s.sqrt {
		return numD(v, err)
	}
	r, err := numeric.Sqrt(v)
	if err != nil {
		return types.Datum{}, err
	}
	return numD(numeric.Round(r, scale))
}

// stringAgg is string_agg(text, text) and string_agg(bytea, bytea): the
// delimiter before each value but the first; NULL values are skipped.
type stringAgg struct {
	b    strings.Builder
	have bool
}

func (s *stringAgg) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	if s.have && !a[1].Null {
		s.b.WriteString(a[1].S)
	}
	s.have = true
	s.b.WriteString(a[0].S)
	return nil
}

func (s *stringAgg) Result() (types.Datum, error) {
	if !s.have {
		return types.Null, nil
	}
	return txt(s.b.String()), nil
}

// arrayAgg collects its input, NULLs included, into a one-dimensional
// array (or one more dimension for array input).
type arrayAgg struct {
	elem  types.Oid
	elems []types.Datum
	ofArr bool
}

func (s *arrayAgg) Add(a []types.Datum) error {
	if s.ofArr && a[0].Null {
		return errArrayAggNull
	}
	s.elems = append(s.elems, a[0])
	return nil
}

func (s *arrayAgg) Result() (types.Datum, error) {
	if len(s.elems) == 0 {
		return types.Null, nil
	}
	elems := append([]types.Datum(nil), s.elems...)
	if !s.ofArr {
		return types.ArrayDatum(types.NewArray(s.elem, elems)), nil
	}
	return stackArrays(s.elem, elems)
}

func init() {
	type v struct {
		name       string
		samp, sqrt bool
	}
	for _, x := range []v{{"variance", true, false}, {"var_samp", true, false}, {"var_pop", false, false},
		{"stddev", true, true}, {"stddev_samp", true, true}, {"stddev_pop", false, true}} {
		x := x
		for _, t := range []string{"float4", "float8"} {
			defAgg(x.name, t, newAgg(false, func(*Ctx, []types.T, types.T) AggState {
				return &varFloat{samp: x.samp, sqrt: x.sqrt}
			}))
		}
		for _, t := range []string{"int2", "int4", "int8", "numeric"} {
			isInt := t != "numeric"
			defAgg(x.name, t, newAgg(false, func(*Ctx, []types.T, types.T) AggState {
				return &varNum{samp: x.samp, sqrt: x.sqrt, isInt: isInt}
			}))
		}
	}
	defAgg("string_agg", "text,text", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &stringAgg{} }))
	defAgg("string_agg", "bytea,bytea", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &stringAgg{} }))
	defAgg("array_agg", "anynonarray", newAgg(false, func(_ *Ctx, at []types.T, _ types.T) AggState {
		return &arrayAgg{elem: at[0].Oid}
	}))
	defAgg("array_agg", "anyarray", newAgg(false, func(_ *Ctx, at []types.T, _ types.T) AggState {
		return &arrayAgg{elem: types.ElemType(at[0].Oid), ofArr: true}
	}))
}
