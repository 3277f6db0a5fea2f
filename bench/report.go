package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// serverName is how a server ID is shown.
func serverName(id string) string {
	switch id {
	case serverPG:
		return "PostgreSQL"
	case serverRingpg:
		return "ringpg"
	}
	return id
}

// unitLabel marks which way is better next to the unit.
func unitLabel(unit string, higher bool) string {
	if higher {
		return unit + " ↑"
	}
	return unit + " ↓"
}

// formatValue formats a figure in its unit for a table.
func formatValue(v float64, unit string) string {
	if unit == "ms" {
		return formatMs(v)
	}
	if v >= 100 {
		return thousands(int64(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// formatMs shows milliseconds with three significant digits.
func formatMs(v float64) string {
	switch {
	case math.IsNaN(v):
		return "-"
	case v < 1:
		return strconv.FormatFloat(v, 'f', 3, 64)
	case v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v < 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return thousands(int64(math.Round(v)))
}

// thousands writes n with comma separators: 31300 -> "31,300".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func formatRatio(r *float64) string {
	if r == nil {
		return "-"
	}
	return strconv.FormatFloat(*r, 'f', 2, 64)
}

// failureText is the table's account of a summary with failed repeats.
func failureText(s Summary) string {
	if s.Runs == 0 {
		return "FAILED: not run"
	}
	return fmt.Sprintf("FAILED (%d of %d runs): %s", s.Failed, s.Runs, s.Error)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// tableRow is one line of the result table.
type tableRow struct {
	cells  []string // empty cells are blank
	failed string   // replaces the figure cells when set
}

var tableHeader = []string{"workload", "server", "unit", "min", "median", "max", "spread", "p50 ms", "p99 ms", "cpu µs/tx", "WAL B/tx", "ringpg/PG"}

// right-aligned columns of the table
var tableRight = map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 10: true, 11: true}

// tableRows lays the report out as rows: one per workload and server,
// the ratio on the workload's last row.
func tableRows(r *Report) []tableRow {
	var rows []tableRow
	for _, w := range r.Workloads {
		for i, res := range w.Results {
			name := ""
			if i == 0 {
				name = w.ID
			}
			ratio := ""
			if i == len(w.Results)-1 && len(w.Results) > 1 {
				ratio = formatRatio(w.Ratio)
			}
			s := res.Summary
			row := tableRow{cells: []string{name, serverName(res.Server), unitLabel(w.Unit, w.Higher)}}
			if !s.OK() {
				row.failed = failureText(s)
				row.cells = append(row.cells, "", "", "", "", "", "", "", "", ratio)
				rows = append(rows, row)
				continue
			}
			spreadText := "-"
			if s.Runs > 1 {
				if sp, ok := spread(s.Min, s.Median, s.Max); ok {
					spreadText = fmt.Sprintf("%.0f%%", sp*100)
				}
			}
			p50, p99 := "-", "-"
			if s.LatencySamples > 0 {
				p50, p99 = formatMs(s.P50Ms), formatMs(s.P99Ms)
			}
			cpu := "-"
			if s.ServerCPUUs > 0 {
				cpu = fmt.Sprintf("%.0f", s.ServerCPUUs)
			}
			walText := "-"
			if s.WALBytes >= 1 {
				walText = fmt.Sprintf("%.0f", s.WALBytes)
			}
			row.cells = append(row.cells, formatValue(s.Min, w.Unit), formatValue(s.Median, w.Unit),
				formatValue(s.Max, w.Unit), spreadText, p50, p99, cpu, walText, ratio)
			rows = append(rows, row)
		}
	}
	return rows
}

// printTable writes the result table: per workload and server, min /
// median / max over the repeats, the spread, pooled p50 and p99 latency,
// and the ratio of the medians.
func printTable(w io.Writer, r *Report) {
	rows := tableRows(r)
	width := make([]int, len(tableHeader))
	for i, h := range tableHeader {
		width[i] = len([]rune(h))
	}
	for _, row := range rows {
		for i, c := range row.cells {
			if row.failed != "" && i >= 3 {
				break
			}
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	// A failed row keeps workload, server and unit, then the reason in
	// place of the figures (no ratio: there is none).
	line := func(cells []string, failed string) string {
		var b strings.Builder
		for i, c := range cells {
			if failed != "" && i == 3 {
				span := -2
				for j := 3; j < len(width); j++ {
					span += width[j] + 2
				}
				b.WriteString(truncate(failed, max(span, 72)))
				break
			}
			if tableRight[i] {
				fmt.Fprintf(&b, "%*s", width[i], c)
			} else {
				fmt.Fprintf(&b, "%-*s", width[i], c)
			}
			if i < len(cells)-1 {
				b.WriteString("  ")
			}
		}
		return strings.TrimRight(b.String(), " ")
	}
	lines := []string{line(tableHeader, "")}
	for _, row := range rows {
		lines = append(lines, line(row.cells, row.failed))
	}
	rule := 0
	for _, l := range lines {
		rule = max(rule, len([]rune(l)))
	}
	fmt.Fprintln(w, lines[0])
	fmt.Fprintln(w, strings.Repeat("─", rule))
	for _, l := range lines[1:] {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintf(w, "min / median / max over %s; spread = (max-min)/median; p50 and p99 over every sampled operation of all repeats;\n", plural(r.Settings.Repeats, "repeat"))
	fmt.Fprintln(w, "cpu µs/tx = the server's CPU time (user and system, all its processes) per transaction, median of the repeats;")
	fmt.Fprintln(w, "WAL B/tx = WAL bytes inserted per transaction (pg_current_wal_insert_lsn() before and after), median of the repeats;")
	fmt.Fprintln(w, "ringpg/PG = ratio of the medians (↑ higher is better, ↓ lower is better); a FAILED cell is never averaged in.")
	printPhysical(w, r)
}

// printPhysical writes each cold scan's rate beside reading the same
// files with 1 MB reads from a cold page cache (dd bs=1M), per server.
func printPhysical(w io.Writer, r *Report) {
	for _, wr := range r.Workloads {
		for _, res := range wr.Results {
			var scan, files, mb []float64
			for _, smp := range res.Samples {
				if smp.FilesMBps > 0 {
					scan, files, mb = append(scan, smp.ScanMBps), append(files, smp.FilesMBps), append(mb, smp.TableMB)
				}
			}
			if len(scan) == 0 {
				continue
			}
			fmt.Fprintf(w, "%s, %s: table %.0f MB scanned at %.0f MB/s (median); its files read with 1 MB reads at %.0f MB/s: %.0f%% of the disk's rate\n",
				wr.ID, serverName(res.Server), median(mb), median(scan), median(files), 100*median(scan)/median(files))
		}
	}
}

// printNotes writes what the reader needs before the table: the servers,
// the settings, what "cold" meant, and every failure in full.
func printNotes(w io.Writer, r *Report) {
	st := r.Settings
	fmt.Fprintf(w, "settings: scale %d, %d clients, %d threads, %d s per pgbench run, %s, %d connections per connect run, %d rows; shared_buffers %s, max_connections %d, fsync on, synchronous_commit on (off for tpcb-async)\n",
		st.Scale, st.Clients, st.Threads, st.DurationSeconds, plural(st.Repeats, "repeat"), st.ConnectSamples, st.Rows, st.SharedBuffers, st.MaxConnections)
	m := r.Machine
	fmt.Fprintf(w, "machine: %s, %d CPUs %s, %d MB, load average %s at start, %s at end; commit %s%s\n",
		m.Hostname, m.CPUs, m.CPUModel, m.MemoryMB, m.LoadAvgStart, m.LoadAvgEnd, shortCommit(r.Git.Commit), dirtyMark(r.Git.Dirty))
	for _, s := range r.Servers {
		v := s.Version
		if v != "" && v != s.Name {
			v = " (" + v + ")"
		} else {
			v = ""
		}
		fmt.Fprintf(w, "server %s%s: %s\n", s.Name, v, s.Status)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	if r.Interrupted {
		fmt.Fprintln(w, "note: the run was interrupted; workloads not run are marked so")
	}
	// Every distinct failure once, in full, with where it happened.
	type key struct{ server, msg string }
	where := map[key][]string{}
	var order []key
	for _, wr := range r.Workloads {
		for _, res := range wr.Results {
			for _, smp := range res.Samples {
				if smp.Error == "" {
					continue
				}
				k := key{res.Server, smp.Error}
				if _, seen := where[k]; !seen {
					order = append(order, k)
				}
				if l := where[k]; len(l) == 0 || l[len(l)-1] != wr.ID {
					where[k] = append(where[k], wr.ID)
				}
			}
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].server < order[j].server })
	for _, k := range order {
		fmt.Fprintf(w, "failed: %s on %s: %s\n", serverName(k.server), strings.Join(where[k], ", "), k.msg)
	}
	fmt.Fprintln(w)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func dirtyMark(d bool) string {
	if d {
		return " (with uncommitted changes)"
	}
	return ""
}
