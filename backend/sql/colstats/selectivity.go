package colstats

import (
	"slices"

	"ringpg/backend/sql/types"
)

// Stats is what the planner knows of a column from pg_statistic.
type Stats struct {
	Type     types.T
	NullFrac float64
	Distinct float64 // as stored: negative when a ratio of the row count
	MCV      []types.Datum
	MCVFreqs []float64
	Hist     []types.Datum
	Corr     float64
	HasCorr  bool
}

// Bound is one end of a range condition.
type Bound struct {
	D   types.Datum
	Inc bool
}

// defaults when nothing better is known (PostgreSQL's DEFAULT_EQ_SEL and
// DEFAULT_INEQ_SEL).
const (
	DefaultEqSel   = 0.005
	DefaultIneqSel = 1.0 / 3
)

func (s *Stats) mcvTotal() float64 {
	t := 0.0
	for _, f := range s.MCVFreqs {
		t += f
	}
	return t
}

// distinct is the number of distinct non-NULL values in a table of rows.
func (s *Stats) distinct(rows float64) float64 {
	if s.Distinct < 0 {
		return -s.Distinct * rows
	}
	return s.Distinct
}

// EqSel estimates the fraction of rows where the column equals d: its
// frequency when it is a most common value, else an even share of what
// the most common values and NULLs leave among the other distinct
// values.
func (s *Stats) EqSel(d types.Datum, rows float64) float64 {
	if d.Null {
		return 0
	}
	for i, m := range s.MCV {
		if types.Compare(s.Type, m, d) == 0 {
			return s.MCVFreqs[i]
		}
	}
	rest := 1 - s.NullFrac - s.mcvTotal()
	others := s.distinct(rows) - float64(len(s.MCV))
	if others < 1 {
		// Every value is in the MCV list: d is (nearly) absent.
		return min(rest, 1/max(rows, 1))
	}
	return clamp(rest / others)
}

// RangeSel estimates the fraction of rows whose value lies between lower
// and upper (either nil for an open end): the most common values in the
// range by their frequencies, the rest by the histogram's share of the
// range.
func (s *Stats) RangeSel(lower, upper *Bound) float64 {
	in := func(d types.Datum) bool {
		if lower != nil {
			c := types.Compare(s.Type, d, lower.D)
			if c < 0 || c == 0 && !lower.Inc {
				return false
			}
		}
		if upper != nil {
			c := types.Compare(s.Type, d, upper.D)
			if c > 0 || c == 0 && !upper.Inc {
				return false
			}
		}
		return true
	}
	mcvSel := 0.0
	for i, m := range s.MCV {
		if in(m) {
			mcvSel += s.MCVFreqs[i]
		}
	}
	rest := max(1-s.NullFrac-s.mcvTotal(), 0)
	if len(s.Hist) < 2 {
		if len(s.MCV) == 0 {
			return DefaultIneqSel
		}
		return clamp(mcvSel)
	}
	lo, hi := 0.0, 1.0
	if lower != nil {
		lo = s.histPos(lower.D)
	}
	if upper != nil {
		hi = s.histPos(upper.D)
	}
	return clamp(mcvSel + max(hi-lo, 0)*rest)
}

// histPos is the fraction of the histogram's population below d, by
// linear interpolation inside the bucket for numeric types and half a
// bucket for the others.
func (s *Stats) histPos(d types.Datum) float64 {
	h := s.Hist
	n := len(h)
	i, found := slices.BinarySearchFunc(h, d, func(a, b types.Datum) int { return types.Compare(s.Type, a, b) })
	if i == 0 && !found {
		return 0
	}
	if i >= n {
		return 1
	}
	if found {
		return float64(i) / float64(n-1)
	}
	// h[i-1] < d < h[i]
	frac := 0.5
	if a, b, x, ok := numericOf(s.Type, h[i-1], h[i], d); ok && b > a {
		frac = (x - a) / (b - a)
	}
	return (float64(i-1) + frac) / float64(n-1)
}

// numericOf returns the values of a, b and x as float64 for the types
// that interpolate.
func numericOf(t types.T, a, b, x types.Datum) (float64, float64, float64, bool) {
	switch t.Oid {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid, types.DateOid, types.TimestampOid, types.TimestampTZOid:
		return float64(a.I), float64(b.I), float64(x.I), true
	case types.Float4Oid, types.Float8Oid:
		return a.F, b.F, x.F, true
	}
	return 0, 0, 0, false
}

func clamp(f float64) float64 { return min(max(f, 0), 1) }
