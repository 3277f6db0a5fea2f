package main

import (
	"fmt"
	"io"
	"strings"
)

// Comparison is this run against an earlier one.
type Comparison struct {
	OldPath   string
	OldCommit string
	OldDate   string
	Warnings  []string // settings or machine that differ: figures not comparable as such
	Changes   []Change
}

// Change is one workload on one server, before and after.
type Change struct {
	Workload string
	Server   string
	Unit     string
	Higher   bool
	Old, New Summary
	// Pct is the change of the median in percent (new over old); valid
	// only when Verdict is a comparison, not a failure.
	Pct float64
	// Verdict: "better", "worse", "within noise" (the repeat ranges
	// overlap), "now FAILED", "was FAILED", "FAILED both", "new", "gone".
	Verdict string
	// OldRatio and NewRatio are ringpg/PostgreSQL in each run, on the
	// ringpg row only.
	OldRatio, NewRatio *float64
}

// compareReports pairs workloads and servers of two runs.
func compareReports(old, cur *Report) Comparison {
	c := Comparison{OldCommit: old.Git.Commit, OldDate: old.Started.Format("2006-01-02 15:04")}
	oset, nset := old.Settings, cur.Settings
	diff := func(name string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s differs: %v then, %v now", name, a, b))
		}
	}
	diff("scale", oset.Scale, nset.Scale)
	diff("clients", oset.Clients, nset.Clients)
	diff("threads", oset.Threads, nset.Threads)
	diff("pgbench duration (s)", oset.DurationSeconds, nset.DurationSeconds)
	diff("rows", oset.Rows, nset.Rows)
	diff("connect samples", oset.ConnectSamples, nset.ConnectSamples)
	diff("shared_buffers", oset.SharedBuffers, nset.SharedBuffers)
	diff("max_connections", oset.MaxConnections, nset.MaxConnections)
	diff("CPUs", old.Machine.CPUs, cur.Machine.CPUs)
	diff("CPU model", old.Machine.CPUModel, cur.Machine.CPUModel)
	diff("cold cache", oset.ColdCache, nset.ColdCache)

	oldW := map[string]*WorkloadRun{}
	for i := range old.Workloads {
		oldW[old.Workloads[i].ID] = &old.Workloads[i]
	}
	for i := range cur.Workloads {
		nw := &cur.Workloads[i]
		ow := oldW[nw.ID]
		for _, nr := range nw.Results {
			ch := Change{Workload: nw.ID, Server: nr.Server, Unit: nw.Unit, Higher: nw.Higher, New: nr.Summary}
			if nr.Server == serverRingpg {
				ch.NewRatio = nw.Ratio
			}
			var or *ServerRun
			if ow != nil {
				or = ow.result(nr.Server)
				if nr.Server == serverRingpg {
					ch.OldRatio = ow.Ratio
				}
			}
			if or == nil {
				ch.Verdict = "new"
			} else {
				ch.Old = or.Summary
				ch.Verdict, ch.Pct = verdict(ch.Old, ch.New, nw.Higher)
			}
			c.Changes = append(c.Changes, ch)
		}
	}
	for i := range old.Workloads {
		ow := &old.Workloads[i]
		found := false
		for j := range cur.Workloads {
			found = found || cur.Workloads[j].ID == ow.ID
		}
		if !found {
			for _, or := range ow.Results {
				c.Changes = append(c.Changes, Change{Workload: ow.ID, Server: or.Server, Unit: ow.Unit,
					Higher: ow.Higher, Old: or.Summary, Verdict: "gone"})
			}
		}
	}
	return c
}

// verdict judges one change. A difference counts only when the two runs'
// repeat ranges [min, max] do not overlap; otherwise this machine's noise
// could explain it.
func verdict(old, cur Summary, higher bool) (string, float64) {
	switch {
	case !old.OK() && !cur.OK():
		return "FAILED both", 0
	case !old.OK():
		return "was FAILED", 0
	case !cur.OK():
		return "now FAILED", 0
	}
	pct := 0.0
	if r, ok := ratio(cur.Median, old.Median); ok {
		pct = (r - 1) * 100
	}
	if rangesOverlap(old.Min, old.Max, cur.Min, cur.Max) {
		return "within noise", pct
	}
	if (cur.Median > old.Median) == higher {
		return "better", pct
	}
	return "worse", pct
}

// printComparison writes the comparison table.
func printComparison(w io.Writer, c *Comparison) {
	fmt.Fprintf(w, "compared with %s (commit %s, %s):\n", c.OldPath, shortCommit(c.OldCommit), c.OldDate)
	for _, warn := range c.Warnings {
		fmt.Fprintln(w, "warning:", warn)
	}
	header := []string{"workload", "server", "unit", "old median", "new median", "change", "verdict", "ratio old → new"}
	rows := append([][]string{header}, comparisonRows(c)...)
	width := make([]int, len(header))
	for _, r := range rows {
		for i, cell := range r {
			width[i] = max(width[i], len([]rune(cell)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			if i >= 3 && i <= 5 {
				fmt.Fprintf(&b, "%*s  ", width[i], cell)
			} else {
				fmt.Fprintf(&b, "%-*s  ", width[i], cell)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	fmt.Fprintln(w, "a change is better or worse only when the two runs' min..max ranges do not overlap; otherwise it is within noise.")
}

// comparisonRows lays the changes out as table cells: workload, server,
// unit, old median, new median, change, verdict, ratio old → new.
func comparisonRows(c *Comparison) [][]string {
	var rows [][]string
	for _, ch := range c.Changes {
		oldM, newM, pct := "-", "-", "-"
		if ch.Old.OK() {
			oldM = formatValue(ch.Old.Median, ch.Unit)
		} else if ch.Old.Runs > 0 {
			oldM = "FAILED"
		}
		if ch.New.OK() {
			newM = formatValue(ch.New.Median, ch.Unit)
		} else if ch.New.Runs > 0 {
			newM = "FAILED"
		}
		if ch.Old.OK() && ch.New.OK() {
			pct = fmt.Sprintf("%+.1f%%", ch.Pct)
		}
		rt := ""
		if ch.Server == serverRingpg {
			rt = formatRatio(ch.OldRatio) + " → " + formatRatio(ch.NewRatio)
		}
		rows = append(rows, []string{ch.Workload, serverName(ch.Server), unitLabel(ch.Unit, ch.Higher), oldM, newM, pct, ch.Verdict, rt})
	}
	return rows
}
