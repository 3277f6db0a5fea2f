package funcs

import (
	"math"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
)

// count, sum, avg, min, max, bool_and/bool_or/every and bit_and/bit_or/
// bit_xor. The integer ones keep plain machine words and allocate nothing
// per row.

func newAgg(moving bool, f func(c *Ctx, at []types.T, rt types.T) AggState) *Agg {
	return &Agg{New: f, Moving: moving}
}

// countStar counts rows; countAny counts non-NULL values.
type countStar struct{ n int64 }

func (s *countStar) Add([]types.Datum) error      { s.n++; return nil }
func (s *countStar) Remove([]types.Datum) error   { s.n--; return nil }
func (s *countStar) Result() (types.Datum, error) { return i64(s.n), nil }

type countAny struct{ n int64 }

func (s *countAny) Add(a []types.Datum) error {
	if !a[0].Null {
		s.n++
	}
	return nil
}
func (s *countAny) Remove(a []types.Datum) error {
	if !a[0].Null {
		s.n--
	}
	return nil
}
func (s *countAny) Result() (types.Datum, error) { return i64(s.n), nil }

// sumInt sums int2 or int4 into an int8, as int4_sum does.
type sumInt struct {
	sum, n int64
}

func (s *sumInt) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	v := s.sum + a[0].I
	if (v > s.sum) != (a[0].I > 0) {
		return errInt8Range
	}
	s.sum, s.n = v, s.n+1
	return nil
}

func (s *sumInt) Remove(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	s.sum -= a[0].I
	s.n--
	return nil
}

func (s *sumInt) Result() (types.Datum, error) {
	if s.n == 0 {
		return types.Null, nil
	}
	return i64(s.sum), nil
}

// avgInt is avg(int2/int4): an int8 sum and a count, divided as numerics.
type avgInt struct{ sumInt }

func (s *avgInt) Result() (types.Datum, error) {
	if s.n == 0 {
		return types.Null, nil
	}
	return numD(numeric.Div(numeric.FromInt64(s.sum), numeric.FromInt64(s.n)))
}

// sumNum sums int8 or numeric exactly (numeric.Acc); avg divides by the
// count. Removal keeps its own count because the accumulator counts adds.
type sumNum struct {
	acc numeric.Acc
	n   int64
	avg bool
	i8  bool
}

func (s *sumNum) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	if s.i8 {
		s.acc.AddInt64(a[0].I)
	} else {
		s.acc.AddDecimal(num(a[0]))
	}
	s.n++
	return nil
}

func (s *sumNum) Remove(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	if s.i8 {
		s.acc.AddInt64(-a[0].I)
	} else {
		s.acc.AddDecimal(numeric.Neg(num(a[0])))
	}
	s.n--
	return nil
}

func (s *sumNum) Result() (types.Datum, error) {
	if s.n == 0 {
		return types.Null, nil
	}
	sum := s.acc.Sum()
	if s.avg {
		return numD(numeric.Div(sum, numeric.FromInt64(s.n)))
	}
	return types.Datum{P: sum}, nil
}

// sumFloat is sum and avg over float4/float8.
type sumFloat struct {
	sum    float64
	n      int64
	avg    bool
	float4 bool
}

func (s *sumFloat) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	x := a[0].F
	r := s.sum + x
	if math.IsInf(r, 0) && !math.IsInf(s.sum, 0) && !math.IsInf(x, 0) {
		return errFloatOver
	}
	if s.float4 && !s.avg {
		r = float64(float32(r))
		if math.IsInf(r, 0) && !math.IsInf(x, 0) {
			return errFloatOver
		}
	}
	s.sum, s.n = r, s.n+1
	return nil
}

func (s *sumFloat) Result() (types.Datum, error) {
	if s.n == 0 {
		return types.Null, nil
	}
	if s.avg {
		return f8(s.sum / float64(s.n)), nil
	}
	return f8(s.sum), nil
}

// minMax keeps the least or greatest value under a comparator.
type minMax struct {
	c    *Ctx
	cmp  cmpFunc
	max  bool
	have bool
	v    types.Datum
}

func (s *minMax) Add(a []types.Datum) error {
	d := a[0]
	if d.Null {
		return nil
	}
	if !s.have {
		s.v, s.have = d, true
		return nil
	}
	r := s.cmp(s.c, d, s.v)
	if (s.max && r > 0) || (!s.max && r < 0) {
		s.v = d
	}
	return nil
}

func (s *minMax) Result() (types.Datum, error) {
	if !s.have {
		return types.Null, nil
	}
	return s.v, nil
}

// minMaxInt is min/max over integer-represented types without the
// comparator call.
type minMaxInt struct {
	max  bool
	have bool
	v    int64
}

func (s *minMaxInt) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	x := a[0].I
	if !s.have || (s.max && x > s.v) || (!s.max && x < s.v) {
		s.v, s.have = x, true
	}
	return nil
}

func (s *minMaxInt) Result() (types.Datum, error) {
	if !s.have {
		return types.Null, nil
	}
	return i64(s.v), nil
}

// boolAgg is bool_and/every (and) and bool_or (or), with counts so rows
// can be removed.
type boolAgg struct {
	and      bool
	n, nTrue int64
}

func (s *boolAgg) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	s.n++
	if a[0].I != 0 {
		s.nTrue++
	}
	return nil
}

func (s *boolAgg) Remove(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	s.n--
	if a[0].I != 0 {
		s.nTrue--
	}
	return nil
}

func (s *boolAgg) Result() (types.Datum, error) {
	if s.n == 0 {
		return types.Null, nil
	}
	if s.and {
		return types.Bool(s.nTrue == s.n), nil
	}
	return types.Bool(s.nTrue > 0), nil
}

// bitAgg is bit_and, bit_or and bit_xor.
type bitAgg struct {
	op   byte
	have bool
	v    int64
}

func (s *bitAgg) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	x := a[0].I
	switch {
	case !s.have:
		s.v = x
	case s.op == '&':
		s.v &= x
	case s.op == '|':
		s.v |= x
	default:
		s.v ^= x
	}
	s.have = true
	return nil
}

func (s *bitAgg) Result() (types.Datum, error) {
	if !s.have {
		return types.Null, nil
	}
	return i64(s.v), nil
}

func init() {
	defAgg("count", "", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &countStar{} }))
	defAgg("count", "any", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &countAny{} }))
	for _, t := range []string{"int2", "int4"} {
		defAgg("sum", t, newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &sumInt{} }))
		defAgg("avg", t, newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &avgInt{} }))
	}
	defAgg("sum", "int8", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &sumNum{i8: true} }))
	defAgg("avg", "int8", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &sumNum{i8: true, avg: true} }))
	defAgg("sum", "numeric", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &sumNum{} }))
	defAgg("avg", "numeric", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &sumNum{avg: true} }))
	defAgg("sum", "float4", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &sumFloat{float4: true} }))
	defAgg("sum", "float8", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &sumFloat{} }))
	defAgg("avg", "float4", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &sumFloat{avg: true} }))
	defAgg("avg", "float8", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &sumFloat{avg: true} }))

	for _, t := range []string{"int2", "int4", "int8", "date", "time", "timestamp", "timestamptz"} {
		defAgg("min", t, newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &minMaxInt{} }))
		defAgg("max", t, newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &minMaxInt{max: true} }))
	}
	for _, t := range []string{"oid", "float4", "float8", "numeric", "text", "bpchar", "interval", "tid", "anyarray"} {
		oid := map[string]types.Oid{"oid": types.OidOid, "float4": types.Float4Oid, "float8": types.Float8Oid,
			"numeric": types.NumericOid, "text": types.TextOid, "bpchar": types.BPCharOid,
			"interval": types.IntervalOid, "tid": types.TidOid, "anyarray": types.AnyArrayOid}[t]
		cmp := sameTypeCmp(oid)
		defAgg("min", t, newAgg(false, func(c *Ctx, _ []types.T, _ types.T) AggState { return &minMax{c: c, cmp: cmp} }))
		defAgg("max", t, newAgg(false, func(c *Ctx, _ []types.T, _ types.T) AggState { return &minMax{c: c, cmp: cmp, max: true} }))
	}
	defAgg("bool_and", "bool", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &boolAgg{and: true} }))
	defAgg("every", "bool", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &boolAgg{and: true} }))
	defAgg("bool_or", "bool", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &boolAgg{} }))
	for _, t := range []string{"int2", "int4", "int8"} {
		defAgg("bit_and", t, newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &bitAgg{op: '&'} }))
		defAgg("bit_or", t, newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &bitAgg{op: '|'} }))
		defAgg("bit_xor", t, newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &bitAgg{op: '#'} }))
	}
}
