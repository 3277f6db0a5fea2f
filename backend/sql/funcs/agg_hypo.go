package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Hypothetical-set aggregates: rank, dense_rank, percent_rank and
// cume_dist (direct arguments) WITHIN GROUP (ORDER BY ...) give the rank
// the direct arguments would have as a row of the group. The executor
// feeds the rows sorted and tells the state the sort's directions.

// OrderedInput is implemented by aggregate states that must know the
// directions of their WITHIN GROUP ORDER BY (one entry per sort key).
type OrderedInput interface {
	SetOrder(desc, nullsFirst []bool)
}

type hypoKind uint8

const (
	hypoRank hypoKind = iota
	hypoDenseRank
	hypoPercentRank
	hypoCumeDist
)

type hypothetical struct {
	kind             hypoKind
	args             []types.T // of all arguments, direct ones first
	types            []types.T // of the ordered arguments
	desc, nullsFirst []bool
	h                []types.Datum
	rows             [][]types.Datum
}

func (s *hypothetical) SetOrder(desc, nullsFirst []bool) { s.desc, s.nullsFirst = desc, nullsFirst }

func (s *hypothetical) Add(a []types.Datum) error {
	n := len(a) / 2
	if len(a) == 0 || len(a) != 2*n || len(s.types) != n || len(s.args) != len(a) {
		return pgerr.New(pgerr.UndefinedFunction, "hypothetical-set aggregates need as many direct arguments as WITHIN GROUP values")
	}
	if s.h == nil {
		// The direct arguments compare as the ordered ones' types.
		s.h = make([]types.Datum, n)
		for i := 0; i < n; i++ {
			v, err := types.Cast(a[i], s.args[i], s.types[i], false, nil)
			if err != nil {
				return err
			}
			s.h[i] = v
		}
	}
	s.rows = append(s.rows, append([]types.Datum(nil), a[n:]...))
	return nil
}

// cmp orders row r against the hypothetical row under the sort keys.
func (s *hypothetical) cmp(r []types.Datum) int {
	for i := range r {
		a, b := r[i], s.h[i]
		nf := i < len(s.nullsFirst) && s.nullsFirst[i]
		var c int
		switch {
		case a.Null && b.Null:
			continue
		case a.Null:
			c = 1
			if nf {
				c = -1
			}
			return c
		case b.Null:
			c = -1
			if nf {
				c = 1
			}
			return c
		}
		c = types.Compare(s.types[i], a, b)
		if i < len(s.desc) && s.desc[i] {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func (s *hypothetical) Result() (types.Datum, error) {
	before, notAfter, distinctBefore := 0, 0, 0
	var last []types.Datum
	for _, r := range s.rows {
		c := s.cmp(r)
		if c < 0 {
			before++
			if last == nil || !sameRow(s.types, last, r) {
				distinctBefore++
			}
			last = r
		}
		if c <= 0 {
			notAfter++
		}
	}
	n := len(s.rows)
	switch s.kind {
	case hypoRank:
		return i64(int64(before + 1)), nil
	case hypoDenseRank:
		return i64(int64(distinctBefore + 1)), nil
	case hypoPercentRank:
		if n == 0 {
			return types.Float(0), nil
		}
		return types.Float(float64(before) / float64(n)), nil
	}
	return types.Float(float64(notAfter+1) / float64(n+1)), nil
}

func sameRow(ts []types.T, a, b []types.Datum) bool {
	for i := range a {
		if a[i].Null != b[i].Null || !a[i].Null && types.Compare(ts[i], a[i], b[i]) != 0 {
			return false
		}
	}
	return true
}

func init() {
	for name, kind := range map[string]hypoKind{"rank": hypoRank, "dense_rank": hypoDenseRank,
		"percent_rank": hypoPercentRank, "cume_dist": hypoCumeDist} {
		kind := kind
		defAgg(name, "any", newAgg(false, func(_ *Ctx, at []types.T, _ types.T) AggState {
			return &hypothetical{kind: kind, args: at, types: at[len(at)/2:]}
		}))
	}
}
