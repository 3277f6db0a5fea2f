package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// generate_series over integers and numerics (date/time series are in
// datetime_funcs.go).

var errStepZero = pgerr.New(codeInvalidParameter, "step size cannot equal zero")

type intSeries struct {
	cur, stop, step int64
	done            bool
	row             [1]types.Datum
}

func (s *intSeries) Next(*Ctx) ([]types.Datum, bool, error) {
	if s.done || (s.step > 0 && s.cur > s.stop) || (s.step < 0 && s.cur < s.stop) {
		return nil, false, nil
	}
	s.row[0] = i64(s.cur)
	next := s.cur + s.step
	// Stop rather than wrap around at the type's end.
	if (s.step > 0 && next < s.cur) || (s.step < 0 && next > s.cur) {
		s.done = true
	}
	s.cur = next
	return s.row[:], true, nil
}

func intSeriesSRF(lo, hi int64) func(*Ctx, []types.Datum) (Rows, error) {
	return func(_ *Ctx, a []types.Datum) (Rows, error) {
		step := int64(1)
		if len(a) > 2 {
			step = a[2].I
		}
		if step == 0 {
			return nil, errStepZero
		}
		s := &intSeries{cur: a[0].I, stop: a[1].I, step: step}
		// Keep the series inside the type: next values past its range end it.
		if step > 0 && s.stop > hi {
			s.stop = hi
		}
		if step < 0 && s.stop < lo {
			s.stop = lo
		}
		return s, nil
	}
}

type numSeries struct {
	cur, stop, step *numeric.Decimal
	row             [1]types.Datum
}

func (s *numSeries) Next(*Ctx) ([]types.Datum, bool, error) {
	c := numeric.Cmp(s.cur, s.stop)
	if (s.step.Sign() > 0 && c > 0) || (s.step.Sign() < 0 && c < 0) {
		return nil, false, nil
	}
	s.row[0] = types.Datum{P: s.cur}
	next, err := numeric.Add(s.cur, s.step)
	if err != nil {
		return nil, false, err
	}
	s.cur = next
	return s.row[:], true, nil
}

func numSeriesSRF(_ *Ctx, a []types.Datum) (Rows, error) {
	step := numeric.FromInt64(1)
	if len(a) > 2 {
		step = num(a[2])
	}
	for i, what := range []string{"start value", "stop value", "step size"} {
		if i >= len(a) && i < 2 {
			continue
		}
		var d *numeric.Decimal
		if i < len(a) {
			d = num(a[i])
		} else {
			d = step
		}
		if d.IsNaN() {
			return nil, pgerr.New(codeInvalidParameter, "%s cannot be NaN", what)
		}
		if d.IsInf(0) {
			return nil, pgerr.New(codeInvalidParameter, "%s cannot be infinity", what)
		}
	}
	if step.Sign() == 0 {
		return nil, errStepZero
	}
	// The start's scale is kept for every value: add the step at the
	// larger of the two scales, as PostgreSQL does.
	cur := num(a[0])
	return &numSeries{cur: cur, stop: num(a[1]), step: step}, nil
}

func init() {
	defSRF("generate_series", "int4,int4", intSeriesSRF(-1<<31, 1<<31-1))
	defSRF("generate_series", "int4,int4,int4", intSeriesSRF(-1<<31, 1<<31-1))
	defSRF("generate_series", "int8,int8", intSeriesSRF(-1<<63, 1<<63-1))
	defSRF("generate_series", "int8,int8,int8", intSeriesSRF(-1<<63, 1<<63-1))
	defSRF("generate_series", "numeric,numeric", numSeriesSRF)
	defSRF("generate_series", "numeric,numeric,numeric", numSeriesSRF)
}
