package main

import (
	"math"
	"sort"
)

// sortedCopy returns xs sorted, leaving xs alone.
func sortedCopy(xs []float64) []float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s
}

// median of xs; the mean of the two middle values for an even count.
// NaN for no values.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := sortedCopy(xs)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// minMax of xs; NaN, NaN for no values.
func minMax(xs []float64) (lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	return lo, hi
}

// percentile of already sorted values by the nearest-rank method: the
// smallest value such that at least p percent of the values are <= it.
// It is always one of the values, never an interpolation. NaN for none.
func percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return sorted[rank-1]
}

// ratio is a / b, and false when it is not defined (b is zero, or either
// is NaN or infinite).
func ratio(a, b float64) (float64, bool) {
	if b == 0 || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return 0, false
	}
	return a / b, true
}

// spread is (max - min) / median: how far apart the repeats are, as a
// fraction of the typical value. 0 for a single repeat; false when not
// defined.
func spread(min, med, max float64) (float64, bool) {
	return ratio(max-min, med)
}

// rangesOverlap reports whether [lo1, hi1] and [lo2, hi2] share a point:
// two sets of repeats that overlap cannot be told apart by this run.
func rangesOverlap(lo1, hi1, lo2, hi2 float64) bool {
	return lo1 <= hi2 && lo2 <= hi1
}

// Summary condenses the repeats of one workload on one server.
type Summary struct {
	Runs   int     `json:"runs"`   // repeats attempted
	Failed int     `json:"failed"` // repeats that failed
	Error  string  `json:"error,omitempty"`
	Min    float64 `json:"min"`    // of the per-repeat values, successful repeats only
	Median float64 `json:"median"` //
	Max    float64 `json:"max"`    //
	// P50Ms and P99Ms are latency percentiles over every sampled
	// transaction (or connection) of every successful repeat pooled; zero
	// when the workload has no per-operation latency.
	P50Ms float64 `json:"p50_ms,omitempty"`
	P99Ms float64 `json:"p99_ms,omitempty"`
	// LatencySamples is how many latencies P50Ms and P99Ms come from.
	LatencySamples int `json:"latency_samples,omitempty"`
	// ServerCPUUs is the median over the repeats of the server's CPU
	// microseconds per transaction; zero when not measured.
	ServerCPUUs float64 `json:"server_cpu_us_per_tx,omitempty"`
	// WALBytes is the median over the repeats of the WAL bytes per
	// transaction; zero when not measured.
	WALBytes float64 `json:"wal_bytes_per_tx,omitempty"`
}

// medianOf is the median of f over the successful samples where it is
// positive, or zero when there are none.
func medianOf(samples []Sample, f func(Sample) float64) float64 {
	var v []float64
	for _, x := range samples {
		if x.Error == "" && f(x) > 0 {
			v = append(v, f(x))
		}
	}
	if len(v) == 0 {
		return 0
	}
	return median(v)
}

// OK reports whether every repeat succeeded, so the figures can be used.
func (s Summary) OK() bool { return s.Runs > 0 && s.Failed == 0 }

// summarize condenses samples. latencies are the pooled per-operation
// latencies in milliseconds of the successful samples (may be empty).
func summarize(samples []Sample, latencies []float64) Summary {
	var s Summary
	var vals []float64
	for _, x := range samples {
		s.Runs++
		if x.Error != "" {
			s.Failed++
			if s.Error == "" {
				s.Error = x.Error
			}
			continue
		}
		vals = append(vals, x.Value)
	}
	if len(vals) > 0 {
		s.Min, s.Max = minMax(vals)
		s.Median = median(vals)
	}
	s.ServerCPUUs = medianOf(samples, func(x Sample) float64 { return x.ServerCPUUs })
	s.WALBytes = medianOf(samples, func(x Sample) float64 { return x.WALBytes })
	if len(latencies) > 0 {
		sorted := sortedCopy(latencies)
		s.P50Ms = percentile(sorted, 50)
		s.P99Ms = percentile(sorted, 99)
		s.LatencySamples = len(sorted)
	}
	return s
}
