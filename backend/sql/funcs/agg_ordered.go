package funcs

import (
	"math"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/pgerr"
)

// Ordered-set aggregates: percentile_cont, percentile_disc and mode. The
// planner passes the direct argument (the fraction) first and the
// WITHIN GROUP value second, and feeds the rows already in the WITHIN
// GROUP order; the states keep the non-NULL values in that order.

// OrderedSet names the aggregates that need WITHIN GROUP.
var OrderedSet = map[string]bool{"percentile_cont": true, "percentile_disc": true, "mode": true,
	"rank": true, "dense_rank": true, "percent_rank": true, "cume_dist": true}

// orderedValues collects the values (argument arg) and the first row's
// fraction (argument 0, when frac).
type orderedValues struct {
	arg      int
	frac     bool
	fraction types.Datum
	seen     bool
	vals     []types.Datum
}

func (s *orderedValues) Add(args []types.Datum) error {
	if s.frac && !s.seen {
		s.fraction, s.seen = args[0], true
	}
	if v := args[s.arg]; !v.Null {
		s.vals = append(s.vals, v)
	}
	return nil
}

// fractionOK checks the fraction as PostgreSQL does: NULL gives NULL, a
// value outside [0, 1] is an error.
func (s *orderedValues) fractionOK() (float64, bool, error) {
	if s.fraction.Null || len(s.vals) == 0 {
		return 0, false, nil
	}
	f := s.fraction.F
	if f < 0 || f > 1 || math.IsNaN(f) {
		return 0, false, pgerr.New(pgerr.NumericValueOutOfRange, "percentile value %s is not between 0 and 1", types.AppendFloat8(nil, f, 0))
	}
	return f, true, nil
}

// percentileCont interpolates between the values around the fraction:
// float8s, or intervals when interval is set.
type percentileCont struct {
	orderedValues
	interval bool
}

func (s *percentileCont) Result() (types.Datum, error) {
	f, ok, err := s.fractionOK()
	if !ok {
		return types.Null, err
	}
	return s.at(f)
}

func (s *percentileCont) at(f float64) (types.Datum, error) {
	pos := f * float64(len(s.vals)-1)
	lo := math.Floor(pos)
	if lo == pos {
		return s.vals[int(lo)], nil
	}
	if s.interval {
		a, b := ivl(s.vals[int(lo)]), ivl(s.vals[int(lo)+1])
		d, err := datetime.IntervalSub(b, a)
		if err == nil {
			d, err = datetime.IntervalMul(d, pos-lo)
		}
		if err == nil {
			d, err = datetime.IntervalAdd(a, d)
		}
		return ivlD(d, err)
	}
	a, b := s.vals[int(lo)].F, s.vals[int(lo)+1].F
	return types.Float(a + (pos-lo)*(b-a)), nil
}

type percentileDisc struct{ orderedValues }

func (s *percentileDisc) Result() (types.Datum, error) {
	f, ok, err := s.fractionOK()
	if !ok {
		return types.Null, err
	}
	return s.at(f), nil
}

func (s *percentileDisc) at(f float64) types.Datum {
	r := int(math.Ceil(f * float64(len(s.vals))))
	if r < 1 {
		r = 1
	}
	return s.vals[r-1]
}

// percentiles is the array form of percentile_cont and percentile_disc:
// one result per fraction of the array, in its shape (NULL for a NULL
// fraction).
type percentiles struct {
	orderedValues
	elem types.Oid
	one  func(f float64) (types.Datum, error)
}

func (s *percentiles) Result() (types.Datum, error) {
	if s.fraction.Null || len(s.vals) == 0 {
		return types.Null, nil
	}
	fr := s.fraction.AsArray()
	out := &types.Array{Elem: s.elem, Dims: append([]types.ArrayDim(nil), fr.Dims...), Elems: make([]types.Datum, len(fr.Elems))}
	for i, e := range fr.Elems {
		if e.Null {
			out.Elems[i] = types.Null
			continue
		}
		if e.F < 0 || e.F > 1 || math.IsNaN(e.F) {
			return types.Null, pgerr.New(pgerr.NumericValueOutOfRange, "percentile value %s is not between 0 and 1", types.AppendFloat8(nil, e.F, 0))
		}
		v, err := s.one(e.F)
		if err != nil {
			return types.Null, err
		}
		out.Elems[i] = v
	}
	return types.ArrayDatum(out), nil
}

// modeAgg is the most frequent value, the first in the order among equals.
type modeAgg struct {
	orderedValues
	t types.T
}

func (s *modeAgg) Result() (types.Datum, error) {
	if len(s.vals) == 0 {
		return types.Null, nil
	}
	best, bestN := s.vals[0], 0
	for i := 0; i < len(s.vals); {
		j := i + 1
		for j < len(s.vals) && types.Equal(s.t, s.vals[i], s.vals[j]) {
			j++
		}
		if j-i > bestN {
			best, bestN = s.vals[i], j-i
		}
		i = j
	}
	return best, nil
}

func init() {
	defAgg("percentile_cont", "float8,float8", newAgg(false, func(*Ctx, []types.T, types.T) AggState {
		return &percentileCont{orderedValues: orderedValues{arg: 1, frac: true}}
	}))
	defAgg("percentile_cont", "float8,interval", newAgg(false, func(*Ctx, []types.T, types.T) AggState {
		return &percentileCont{orderedValues: orderedValues{arg: 1, frac: true}, interval: true}
	}))
	defAgg("percentile_disc", "float8,anyelement", newAgg(false, func(*Ctx, []types.T, types.T) AggState {
		return &percentileDisc{orderedValues{arg: 1, frac: true}}
	}))
	contArray := func(interval bool, elem types.Oid) *Agg {
		return newAgg(false, func(*Ctx, []types.T, types.T) AggState {
			c := &percentileCont{interval: interval}
			s := &percentiles{orderedValues: orderedValues{arg: 1, frac: true}, elem: elem}
			s.one = func(f float64) (types.Datum, error) {
				c.vals = s.vals
				return c.at(f)
			}
			return s
		})
	}
	defAgg("percentile_cont", "_float8,float8", contArray(false, types.Float8Oid))
	defAgg("percentile_cont", "_float8,interval", contArray(true, types.IntervalOid))
	defAgg("percentile_disc", "_float8,anyelement", newAgg(false, func(_ *Ctx, at []types.T, _ types.T) AggState {
		d := &percentileDisc{}
		s := &percentiles{orderedValues: orderedValues{arg: 1, frac: true}, elem: at[1].Oid}
		s.one = func(f float64) (types.Datum, error) {
			d.vals = s.vals
			return d.at(f), nil
		}
		return s
	}))
	defAgg("mode", "anyelement", newAgg(false, func(_ *Ctx, at []types.T, _ types.T) AggState {
		return &modeAgg{orderedValues: orderedValues{arg: 0}, t: at[0]}
	}))
}
