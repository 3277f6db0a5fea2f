package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
)

// sum(interval) and avg(interval).

type sumInterval struct {
	sum datetime.Interval
	n   int64
	avg bool
}

func (s *sumInterval) Add(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	r, err := datetime.IntervalAdd(s.sum, ivl(a[0]))
	if err != nil {
		return err
	}
	s.sum, s.n = r, s.n+1
	return nil
}

func (s *sumInterval) Remove(a []types.Datum) error {
	if a[0].Null {
		return nil
	}
	r, err := datetime.IntervalSub(s.sum, ivl(a[0]))
	if err != nil {
		return err
	}
	s.sum, s.n = r, s.n-1
	return nil
}

func (s *sumInterval) Result() (types.Datum, error) {
	if s.n == 0 {
		return types.Null, nil
	}
	if s.avg {
		return ivlD(datetime.IntervalDiv(s.sum, float64(s.n)))
	}
	return types.Datum{P: s.sum}, nil
}

func init() {
	defAgg("sum", "interval", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &sumInterval{} }))
	defAgg("avg", "interval", newAgg(true, func(*Ctx, []types.T, types.T) AggState { return &sumInterval{avg: true} }))
}
