package main

import (
	"fmt"
	"strings"
)

// How a workload is run.
type workloadKind int

const (
	kindPgbench  workloadKind = iota // pgbench with Args
	kindConnect                      // our startup-packet client
	kindCopy                         // COPY of cfg.rows rows into a new table
	kindScanCold                     // count(*) of a table right after a server restart
	kindScanWarm                     // count(*) of the same table, second time in a row
)

// workload is one row of the result table.
type workload struct {
	ID     string
	Title  string
	Kind   workloadKind
	Args   []string // pgbench's, without connection, duration and client options
	Unit   string   // "tps", "ms" or "rows/s"
	Higher bool     // higher is better (tps, rows/s) or lower (ms)
	// Sampling is pgbench's --sampling-rate for the per-transaction log.
	// At 20,000+ tps a full log costs pgbench CPU on a 2-core machine; a
	// tenth of the transactions is still tens of thousands of latencies.
	Sampling float64
	// AsyncCommit runs both servers with synchronous_commit=off.
	AsyncCommit bool
}

var allWorkloads = []workload{
	{ID: "select-simple", Title: "select-only, simple protocol", Kind: kindPgbench,
		Args: []string{"-S", "-M", "simple"}, Unit: "tps", Higher: true, Sampling: 0.1},
	{ID: "select-prepared", Title: "select-only, prepared", Kind: kindPgbench,
		Args: []string{"-S", "-M", "prepared"}, Unit: "tps", Higher: true, Sampling: 0.1},
	{ID: "tpcb", Title: "TPC-B-like, prepared, durable", Kind: kindPgbench,
		Args: []string{"-M", "prepared"}, Unit: "tps", Higher: true, Sampling: 1},
	{ID: "tpcb-async", Title: "TPC-B-like, prepared, synchronous_commit=off", Kind: kindPgbench,
		Args: []string{"-M", "prepared"}, Unit: "tps", Higher: true, Sampling: 1, AsyncCommit: true},
	{ID: "simple-update", Title: "simple-update, prepared (-N)", Kind: kindPgbench,
		Args: []string{"-N", "-M", "prepared"}, Unit: "tps", Higher: true, Sampling: 1},
	{ID: "select-connect", Title: "select-only, new connection per transaction (-C)", Kind: kindPgbench,
		Args: []string{"-S", "-C"}, Unit: "tps", Higher: true, Sampling: 1},
	{ID: "connect", Title: "connect to ReadyForQuery (median of a repeat)", Kind: kindConnect,
		Unit: "ms", Higher: false},
	{ID: "copy", Title: "bulk load: COPY FROM STDIN into a new table", Kind: kindCopy,
		Unit: "rows/s", Higher: true},
	{ID: "scan-cold", Title: "full scan, cold: count(*) after a server restart", Kind: kindScanCold,
		Unit: "ms", Higher: false},
	{ID: "scan-warm", Title: "full scan, warm: count(*) run a second time", Kind: kindScanWarm,
		Unit: "ms", Higher: false},
}

func workloadIDs() []string {
	ids := make([]string, len(allWorkloads))
	for i, w := range allWorkloads {
		ids[i] = w.ID
	}
	return ids
}

// selectWorkloads turns a comma-separated list ("all" or IDs) into
// workloads, in the canonical order.
func selectWorkloads(list string) ([]workload, error) {
	if strings.TrimSpace(list) == "" || list == "all" {
		return allWorkloads, nil
	}
	want := map[string]bool{}
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		found := false
		for _, w := range allWorkloads {
			if w.ID == id {
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown workload %q (known: %s)", id, strings.Join(workloadIDs(), ", "))
		}
		want[id] = true
	}
	var ws []workload
	for _, w := range allWorkloads {
		if want[w.ID] {
			ws = append(ws, w)
		}
	}
	return ws, nil
}

// pgbenchArgs is the full pgbench argument list for a run, without the
// connection options and the log options.
func (w workload) pgbenchArgs(cfg *config) []string {
	a := append([]string{}, w.Args...)
	a = append(a, "-c", fmt.Sprint(cfg.clients), "-j", fmt.Sprint(cfg.threads),
		"-T", fmt.Sprint(cfg.durationSeconds()))
	if w.Sampling > 0 && w.Sampling < 1 {
		a = append(a, fmt.Sprintf("--sampling-rate=%g", w.Sampling))
	}
	return a
}

// Describe says how the workload is run, for the JSON and the page, so
// that anyone can repeat it by hand.
func (w workload) Describe(cfg *config) string {
	switch w.Kind {
	case kindPgbench:
		s := "pgbench -h 127.0.0.1 -p PORT -U postgres " + strings.Join(w.pgbenchArgs(cfg), " ") + " -l postgres"
		if w.AsyncCommit {
			s += "  (servers started with synchronous_commit=off)"
		}
		return s
	case kindConnect:
		return fmt.Sprintf("%d sequential TCP connections: dial, startup packet, wait for ReadyForQuery, Terminate", cfg.connectSamples)
	case kindCopy:
		return fmt.Sprintf("CREATE TABLE bench_copy (id integer, k integer, filler text); COPY bench_copy FROM STDIN (text format, %d rows, about %d MB)", cfg.rows, copyBytes(cfg.rows)>>20)
	case kindScanCold:
		return fmt.Sprintf("restart server, sync and drop the OS page cache when allowed, then time SELECT count(*) FROM bench_scan (%d rows)", cfg.rows)
	case kindScanWarm:
		return fmt.Sprintf("SELECT count(*) FROM bench_scan (%d rows) once untimed, then timed", cfg.rows)
	}
	return ""
}
