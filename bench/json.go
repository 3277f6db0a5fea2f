package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// reportSchema is bumped when the JSON changes incompatibly.
const reportSchema = 1

// Report is everything one run measured, as written to the JSON file.
type Report struct {
	Schema      int           `json:"schema"`
	Started     time.Time     `json:"started"`
	Finished    time.Time     `json:"finished"`
	Interrupted bool          `json:"interrupted,omitempty"`
	Git         GitInfo       `json:"git"`
	Machine     MachineInfo   `json:"machine"`
	Settings    Settings      `json:"settings"`
	Servers     []ServerInfo  `json:"servers"`
	Notes       []string      `json:"notes,omitempty"`
	Workloads   []WorkloadRun `json:"workloads"`
}

// GitInfo identifies the code that was measured.
type GitInfo struct {
	Commit string `json:"commit"`
	Dirty  bool   `json:"dirty"`
}

// MachineInfo describes where it ran; load averages hint at how noisy the
// machine was.
type MachineInfo struct {
	Hostname     string `json:"hostname"`
	OS           string `json:"os"`
	Arch         string `json:"arch"`
	Kernel       string `json:"kernel,omitempty"`
	CPUs         int    `json:"cpus"`
	CPUModel     string `json:"cpu_model,omitempty"`
	MemoryMB     int64  `json:"memory_mb,omitempty"`
	GoVersion    string `json:"go_version"`
	LoadAvgStart string `json:"loadavg_start,omitempty"`
	LoadAvgEnd   string `json:"loadavg_end,omitempty"`
}

// Settings are the knobs of the run.
type Settings struct {
	Quick           bool     `json:"quick"`
	Scale           int      `json:"scale"`
	Clients         int      `json:"clients"`
	Threads         int      `json:"threads"`
	DurationSeconds int      `json:"duration_seconds"`
	WarmupSeconds   float64  `json:"warmup_seconds,omitempty"`
	Repeats         int      `json:"repeats"`
	ConnectSamples  int      `json:"connect_samples"`
	Rows            int      `json:"rows"`
	SharedBuffers   string   `json:"shared_buffers"`
	MaxConnections  int      `json:"max_connections"`
	Workloads       []string `json:"workloads"`
	Pgbench         string   `json:"pgbench"`
	PgbenchVersion  string   `json:"pgbench_version,omitempty"`
	ColdCache       string   `json:"cold_cache,omitempty"` // what "cold" meant in this run
}

// ServerInfo is one server as it was run.
type ServerInfo struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Version     string  `json:"version,omitempty"`
	CommandLine string  `json:"command_line,omitempty"`
	Status      string  `json:"status"` // "ok", or why it could not be measured
	InitSeconds float64 `json:"pgbench_init_seconds,omitempty"`
}

// WorkloadRun is one workload on every server.
type WorkloadRun struct {
	ID      string      `json:"id"`
	Title   string      `json:"title"`
	Unit    string      `json:"unit"`
	Higher  bool        `json:"higher_is_better"`
	Command string      `json:"command"`
	Results []ServerRun `json:"results"`
	// Ratio is ringpg's median over PostgreSQL's, present only when both
	// servers completed every repeat.
	Ratio *float64 `json:"ratio,omitempty"`
}

// ServerRun is one workload on one server: every repeat, and the summary.
type ServerRun struct {
	Server  string   `json:"server"`
	Samples []Sample `json:"samples"`
	Summary Summary  `json:"summary"`
}

// Sample is one repeat of one workload on one server.
type Sample struct {
	Repeat       int     `json:"repeat"`
	Value        float64 `json:"value"` // in the workload's unit; 0 when failed
	Error        string  `json:"error,omitempty"`
	Seconds      float64 `json:"seconds"` // wall time of the repeat
	Count        int64   `json:"count,omitempty"`
	LatencyAvgMs float64 `json:"latency_avg_ms,omitempty"`
	P50Ms        float64 `json:"p50_ms,omitempty"`
	P99Ms        float64 `json:"p99_ms,omitempty"`
	// ServerCPUUs is the server's CPU time (user and system, every
	// process of it) per transaction of a pgbench run: what the server
	// spent, which a machine's noise moves less than the throughput.
	ServerCPUUs float64 `json:"server_cpu_us_per_tx,omitempty"`
	// WALBytes is the WAL the server wrote per transaction of a pgbench
	// run: pg_current_wal_insert_lsn() before and after, over the count.
	WALBytes float64 `json:"wal_bytes_per_tx,omitempty"`
	// For a cold scan: the table's size, the scan's rate, and the rate of
	// reading the same files with 1 MB reads from a cold page cache (what
	// dd bs=1M does), the physical bound it is compared with.
	TableMB   float64 `json:"table_mb,omitempty"`
	ScanMBps  float64 `json:"scan_mbps,omitempty"`
	FilesMBps float64 `json:"files_mbps,omitempty"`

	latencies []float64 // pooled into the summary, not written
}

// result returns the run of server s, or nil.
func (w *WorkloadRun) result(server string) *ServerRun {
	for i := range w.Results {
		if w.Results[i].Server == server {
			return &w.Results[i]
		}
	}
	return nil
}

// setRatio fills Ratio from the two servers' summaries.
func (w *WorkloadRun) setRatio() {
	w.Ratio = nil
	pg, rp := w.result(serverPG), w.result(serverRingpg)
	if pg == nil || rp == nil || !pg.Summary.OK() || !rp.Summary.OK() {
		return
	}
	if r, ok := ratio(rp.Summary.Median, pg.Summary.Median); ok {
		w.Ratio = &r
	}
}

func writeReport(path string, r *Report) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

func readReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read earlier results: %w", err)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s is not a bench results file: %w", path, err)
	}
	if r.Schema != reportSchema {
		return nil, fmt.Errorf("%s has results schema %d, this bench reads %d", path, r.Schema, reportSchema)
	}
	return &r, nil
}
