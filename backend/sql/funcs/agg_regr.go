package funcs

import (
	"math"

	"ringpg/backend/sql/types"
)

// The two-variable float8 aggregates: regr_*, covar_pop, covar_samp and
// corr. Arguments are (Y, X), as in PostgreSQL; rows with a NULL in either
// are skipped. Sums are kept as PostgreSQL's Youngs-Cramer accumulation.

type regrAgg struct {
	kind                     string
	n, sx, sy, sxx, syy, sxy float64
}

func (s *regrAgg) Add(a []types.Datum) error {
	if a[0].Null || a[1].Null {
		return nil
	}
	y, x := a[0].F, a[1].F
	s.n++
	s.sx += x
	s.sy += y
	if s.n > 1 {
		tx := x*s.n - s.sx
		ty := y*s.n - s.sy
		scale := 1 / (s.n * (s.n - 1))
		s.sxx += tx * tx * scale
		s.syy += ty * ty * scale
		s.sxy += tx * ty * scale
		if math.IsInf(s.sxx, 0) || math.IsInf(s.syy, 0) || math.IsInf(s.sxy, 0) {
			if !math.IsInf(x, 0) && !math.IsInf(y, 0) {
				return errFloatOver
			}
		}
	} else if math.IsInf(x, 0) || math.IsNaN(x) || math.IsInf(y, 0) || math.IsNaN(y) {
		s.sxx, s.syy, s.sxy = math.NaN(), math.NaN(), math.NaN()
	}
	return nil
}

func (s *regrAgg) Result() (types.Datum, error) {
	if s.kind == "regr_count" {
		return i64(int64(s.n)), nil
	}
	if s.n < 1 {
		return types.Null, nil
	}
	switch s.kind {
	case "regr_sxx":
		return f8(s.sxx), nil
	case "regr_syy":
		return f8(s.syy), nil
	case "regr_sxy":
		return f8(s.sxy), nil
	case "regr_avgx":
		return f8(s.sx / s.n), nil
	case "regr_avgy":
		return f8(s.sy / s.n), nil
	case "covar_pop":
		return f8(s.sxy / s.n), nil
	case "covar_samp":
		if s.n < 2 {
			return types.Null, nil
		}
		return f8(s.sxy / (s.n - 1)), nil
	case "corr":
		if s.sxx == 0 || s.syy == 0 {
			return types.Null, nil
		}
		return f8(s.sxy / math.Sqrt(s.sxx*s.syy)), nil
	case "regr_r2":
		if s.sxx == 0 {
			return types.Null, nil
		}
		if s.syy == 0 {
			return f8(1), nil
		}
		return f8(s.sxy * s.sxy / (s.sxx * s.syy)), nil
	case "regr_slope":
		if s.sxx == 0 {
			return types.Null, nil
		}
		return f8(s.sxy / s.sxx), nil
	case "regr_intercept":
		if s.sxx == 0 {
			return types.Null, nil
		}
		return f8((s.sy - s.sx*s.sxy/s.sxx) / s.n), nil
	}
	return types.Null, nil
}

func init() {
	for _, k := range []string{"regr_count", "regr_sxx", "regr_syy", "regr_sxy", "regr_avgx", "regr_avgy",
		"regr_r2", "regr_slope", "regr_intercept", "covar_pop", "covar_samp", "corr"} {
		k := k
		defAgg(k, "float8,float8", newAgg(false, func(*Ctx, []types.T, types.T) AggState { return &regrAgg{kind: k} }))
	}
}
