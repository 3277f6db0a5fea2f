package main

import (
	"math"
	"os"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{10, 10, 1000}, 10}, // an outlier does not pull it
	}
	for _, tc := range tests {
		in := append([]float64(nil), tc.in...)
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
		for i := range in {
			if in[i] != tc.in[i] {
				t.Fatalf("median reordered its input")
			}
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median of nothing should be NaN")
	}
}

func TestMinMax(t *testing.T) {
	lo, hi := minMax([]float64{5, -1, 7, 3})
	if lo != -1 || hi != 7 {
		t.Errorf("minMax = %v, %v", lo, hi)
	}
	if lo, hi := minMax(nil); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Error("minMax of nothing should be NaN")
	}
}

func TestPercentileNearestRank(t *testing.T) {
	var xs []float64
	for i := 1; i <= 100; i++ {
		xs = append(xs, float64(i))
	}
	tests := []struct {
		p, want float64
	}{
		{50, 50}, {99, 99}, {100, 100}, {0, 1}, {1, 1}, {99.5, 100},
	}
	for _, tc := range tests {
		if got := percentile(xs, tc.p); got != tc.want {
			t.Errorf("p%v of 1..100 = %v, want %v", tc.p, got, tc.want)
		}
	}
	// Few values: p99 is the largest, p50 the lower middle; never an
	// interpolation.
	few := []float64{1, 2, 3, 4}
	if got := percentile(few, 99); got != 4 {
		t.Errorf("p99 of 4 values = %v, want 4", got)
	}
	if got := percentile(few, 50); got != 2 {
		t.Errorf("p50 of 4 values = %v, want 2", got)
	}
	if !math.IsNaN(percentile(nil, 50)) {
		t.Error("percentile of nothing should be NaN")
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		a, b float64
		want float64
		ok   bool
	}{
		{31300, 19200, 31300.0 / 19200, true},
		{1, 2, 0.5, true},
		{0, 5, 0, true},
		{5, 0, 0, false},
		{math.NaN(), 1, 0, false},
		{1, math.Inf(1), 0, false},
	}
	for _, tc := range tests {
		got, ok := ratio(tc.a, tc.b)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ratio(%v, %v) = %v, %v; want %v, %v", tc.a, tc.b, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSpreadAndOverlap(t *testing.T) {
	if s, ok := spread(90, 100, 110); !ok || math.Abs(s-0.2) > 1e-12 {
		t.Errorf("spread = %v, %v", s, ok)
	}
	if _, ok := spread(0, 0, 0); ok {
		t.Error("spread around a zero median is not defined")
	}
	if !rangesOverlap(1, 3, 3, 5) || !rangesOverlap(2, 4, 1, 5) || rangesOverlap(1, 2, 3, 4) || rangesOverlap(3, 4, 1, 2) {
		t.Error("rangesOverlap is wrong")
	}
}

func TestSummarizeKeepsFailuresOut(t *testing.T) {
	samples := []Sample{
		{Repeat: 1, Value: 100},
		{Repeat: 2, Error: "run aborted: server closed the connection"},
		{Repeat: 3, Value: 300},
		{Repeat: 4, Value: 200},
	}
	s := summarize(samples, []float64{1, 2, 3, 4, 100})
	if s.Runs != 4 || s.Failed != 1 || s.Error != "run aborted: server closed the connection" {
		t.Errorf("runs %d failed %d error %q", s.Runs, s.Failed, s.Error)
	}
	if s.OK() {
		t.Error("a summary with a failed repeat must not be OK")
	}
	// The failed repeat's zero is not averaged in.
	if s.Min != 100 || s.Median != 200 || s.Max != 300 {
		t.Errorf("min/median/max = %v/%v/%v, want 100/200/300", s.Min, s.Median, s.Max)
	}
	if s.P50Ms != 3 || s.P99Ms != 100 || s.LatencySamples != 5 {
		t.Errorf("p50 %v p99 %v n %d", s.P50Ms, s.P99Ms, s.LatencySamples)
	}

	all := summarize([]Sample{{Value: 5}, {Value: 7}}, nil)
	if !all.OK() || all.Median != 6 || all.P50Ms != 0 || all.LatencySamples != 0 {
		t.Errorf("got %+v", all)
	}
	if (Summary{}).OK() {
		t.Error("a workload that never ran is not OK")
	}
}

func TestSetRatioNeedsBothServersClean(t *testing.T) {
	ok := func(m float64) Summary { return Summary{Runs: 3, Min: m, Median: m, Max: m} }
	w := WorkloadRun{Results: []ServerRun{
		{Server: serverPG, Summary: ok(20000)},
		{Server: serverRingpg, Summary: ok(30000)},
	}}
	w.setRatio()
	if w.Ratio == nil || *w.Ratio != 1.5 {
		t.Fatalf("ratio = %v, want 1.5 (ringpg over PostgreSQL)", w.Ratio)
	}
	w.Results[1].Summary.Failed = 1
	w.setRatio()
	if w.Ratio != nil {
		t.Errorf("ratio with a failed repeat = %v, want none", *w.Ratio)
	}
	one := WorkloadRun{Results: []ServerRun{{Server: serverPG, Summary: ok(1)}}}
	one.setRatio()
	if one.Ratio != nil {
		t.Error("no ratio with one server")
	}
}

func TestParseProcStat(t *testing.T) {
	for _, c := range []struct {
		line        string
		want        procStat
		wantFailure bool
	}{
		{line: "4242 (postgres) S 4200 4242 4242 0 -1 4194560 100 0 0 0 7 3 20 10 20 0 1 0 1000 100 10", want: procStat{ppid: 4200, ticks: 40}},
		{line: "17 (ringpg backend (x)) R 1 9 9 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0 5 6 7", want: procStat{ppid: 1, ticks: 10}},
		{line: "17 ringpg R 1 9 9", wantFailure: true},
		{line: "17 (a) R 1 9", wantFailure: true},
	} {
		got, err := parseProcStat([]byte(c.line))
		if c.wantFailure {
			if err == nil {
				t.Errorf("%q: no error", c.line)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %+v, %v; want %+v", c.line, got, err, c.want)
		}
	}
}

func TestSubtreeTicks(t *testing.T) {
	procs := map[int]procStat{
		1:  {ppid: 0, ticks: 1000},
		10: {ppid: 1, ticks: 5}, // the server
		11: {ppid: 10, ticks: 7},
		12: {ppid: 11, ticks: 11},
		20: {ppid: 1, ticks: 100}, // not the server's
	}
	if got := subtreeTicks(procs, 10); got != 23 {
		t.Fatalf("subtree of 10: %d ticks, want 23", got)
	}
}

func TestTreeCPUOfThisProcess(t *testing.T) {
	me := os.Getpid()
	before, err := treeCPU(me)
	if err != nil {
		t.Fatal(err)
	}
	// Burn CPU until the reading shows it; the deadline is only a guard.
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		after, err := treeCPU(me)
		if err != nil {
			t.Fatal(err)
		}
		if after > before {
			return
		}
	}
	t.Fatalf("a minute of work did not show in the process's CPU time (%v)", before)
}
