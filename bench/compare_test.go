package main

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func sum(min, med, max float64) Summary {
	return Summary{Runs: 3, Min: min, Median: med, Max: max}
}

func TestVerdict(t *testing.T) {
	failed := Summary{Runs: 3, Failed: 3, Error: "x"}
	tests := []struct {
		name     string
		old, cur Summary
		higher   bool
		want     string
		pct      float64
	}{
		{"overlapping ranges are noise", sum(90, 100, 110), sum(105, 115, 125), true, "within noise", 15},
		{"throughput up beyond noise", sum(90, 100, 110), sum(120, 130, 140), true, "better", 30},
		{"throughput down beyond noise", sum(90, 100, 110), sum(40, 50, 60), true, "worse", -50},
		{"latency down is better", sum(9, 10, 11), sum(4, 5, 6), false, "better", -50},
		{"latency up is worse", sum(9, 10, 11), sum(19, 20, 21), false, "worse", 100},
		{"now failing", sum(9, 10, 11), failed, true, "now FAILED", 0},
		{"was failing", failed, sum(9, 10, 11), true, "was FAILED", 0},
		{"failing both times", failed, failed, true, "FAILED both", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, pct := verdict(tc.old, tc.cur, tc.higher)
			if got != tc.want || math.Abs(pct-tc.pct) > 1e-9 {
				t.Errorf("verdict = %q, %v; want %q, %v", got, pct, tc.want, tc.pct)
			}
		})
	}
}

func testReport(started time.Time, pgMed, rpMed float64) *Report {
	r := &Report{Schema: reportSchema, Started: started, Git: GitInfo{Commit: "abc"},
		Settings: Settings{Scale: 10, Clients: 8, Threads: 2, DurationSeconds: 10, Repeats: 3}}
	w := WorkloadRun{ID: "select-prepared", Unit: "tps", Higher: true, Results: []ServerRun{
		{Server: serverPG, Summary: sum(pgMed*0.95, pgMed, pgMed*1.05)},
		{Server: serverRingpg, Summary: sum(rpMed*0.95, rpMed, rpMed*1.05)},
	}}
	w.setRatio()
	r.Workloads = append(r.Workloads, w)
	return r
}

func TestCompareReports(t *testing.T) {
	old := testReport(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 20000, 10000)
	old.Workloads = append(old.Workloads, WorkloadRun{ID: "dropped", Unit: "ms", Results: []ServerRun{{Server: serverPG, Summary: sum(1, 1, 1)}}})
	cur := testReport(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), 20100, 30000)
	cur.Settings.Clients = 16
	cur.Workloads = append(cur.Workloads, WorkloadRun{ID: "connect", Unit: "ms", Results: []ServerRun{{Server: serverPG, Summary: sum(2, 2, 2)}}})

	c := compareReports(old, cur)
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "clients differs: 8 then, 16 now") {
		t.Errorf("warnings = %q", c.Warnings)
	}
	want := map[string]string{
		"select-prepared/" + serverPG:     "within noise",
		"select-prepared/" + serverRingpg: "better",
		"connect/" + serverPG:             "new",
		"dropped/" + serverPG:             "gone",
	}
	if len(c.Changes) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(c.Changes), len(want), c.Changes)
	}
	for _, ch := range c.Changes {
		if v := want[ch.Workload+"/"+ch.Server]; v != ch.Verdict {
			t.Errorf("%s on %s: %q, want %q", ch.Workload, ch.Server, ch.Verdict, v)
		}
		if ch.Workload == "select-prepared" && ch.Server == serverRingpg {
			if ch.OldRatio == nil || *ch.OldRatio != 0.5 || ch.NewRatio == nil || *ch.NewRatio != 30000.0/20100 {
				t.Errorf("ratios %v → %v", ch.OldRatio, ch.NewRatio)
			}
		}
	}
	var b bytes.Buffer
	c.OldPath = "old.json"
	printComparison(&b, &c)
	for _, s := range []string{"compared with old.json", "0.50 → 1.49", "+200.0%", "within noise", "warning: clients differs"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("comparison output lacks %q:\n%s", s, b.String())
		}
	}
}
