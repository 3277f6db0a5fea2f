package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The .txt files in testdata are real pgbench 15 output (stdout and stderr
// together, as the harness reads it), captured against PostgreSQL 15.
func TestParsePgbenchOutput(t *testing.T) {
	tests := []struct {
		file         string
		tps          float64
		latency      float64
		transactions int64
		connMs       float64
		aborted      bool
		errors       int
		// runFailed stands for pgbench's exit status in that capture.
		runFailed bool
		failure   string // substring of failure(), "" for a run that counts
	}{
		{file: "select_prepared.txt", tps: 11266.856177, latency: 0.710, transactions: 31930, connMs: 168.464},
		{file: "select_simple.txt", tps: 9595.481196, latency: 0.834, transactions: 27503, connMs: 143.047},
		{file: "simple_update.txt", tps: 1262.818072, latency: 6.335, transactions: 3641, connMs: 145.908},
		{file: "simple_update_logged.txt", tps: 801.609231, latency: 4.990, transactions: 640, connMs: 264.533},
		{file: "tpcb.txt", tps: 1128.979473, latency: 7.086, transactions: 3291, connMs: 186.786},
		// -C: the connection time is an average and tps includes it
		{file: "select_connect.txt", tps: 33.760032, latency: 236.967, transactions: 103, connMs: 58.579},
		// every client killed by pg_terminate_backend mid-run: pgbench
		// still prints a tps line, which must not count
		{file: "aborted.txt", tps: 5886.513610, latency: 0.680, transactions: 12883, connMs: 105.302,
			aborted: true, errors: 4, runFailed: true,
			failure: "run aborted: client 1 script 0 aborted in command 1 query 0: FATAL: terminating connection due to administrator command (and 3 more errors)"},
		{file: "no_tables.txt", errors: 1, runFailed: true,
			failure: `could not count number of branches: ERROR: relation "pgbench_branches" does not exist`},
		{file: "refused.txt", errors: 2, runFailed: true,
			failure: `connection to server at "127.0.0.1", port 1 failed: Connection refused`},
		// pgbench -i's own output has no tps line; as a run it would fail
		{file: "init_ok.txt", failure: "no tps line"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := parsePgbenchOutput(string(data))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if r.TPS != tc.tps || r.LatencyAvgMs != tc.latency || r.Transactions != tc.transactions || r.ConnTimeMs != tc.connMs {
				t.Errorf("got tps %v latency %v transactions %v conn %v, want %v %v %v %v",
					r.TPS, r.LatencyAvgMs, r.Transactions, r.ConnTimeMs, tc.tps, tc.latency, tc.transactions, tc.connMs)
			}
			if r.Aborted != tc.aborted || len(r.Errors) != tc.errors {
				t.Errorf("got aborted %v, %d errors %q; want %v, %d", r.Aborted, len(r.Errors), r.Errors, tc.aborted, tc.errors)
			}
			var runErr error
			if tc.runFailed {
				runErr = errors.New("exit status 2")
			}
			got := r.failure(runErr)
			switch {
			case tc.failure == "" && got != "":
				t.Errorf("failure() = %q, want a run that counts", got)
			case tc.failure != "" && !strings.Contains(got, tc.failure):
				t.Errorf("failure() = %q, want it to contain %q", got, tc.failure)
			}
		})
	}
}

func TestParsePgbenchOutputSynthetic(t *testing.T) {
	tests := []struct {
		name    string
		out     string
		tps     float64
		failure string
		runErr  error
	}{
		{
			name: "pgbench 13 prints two tps lines; the one without connections counts",
			out: "number of transactions actually processed: 100\n" +
				"latency average = 1.0 ms\n" +
				"tps = 90.5 (including connections establishing)\n" +
				"tps = 99.5 (excluding connections establishing)\n",
			tps: 99.5,
		},
		{
			name: "failed transactions do not count",
			out: "number of transactions actually processed: 100\n" +
				"number of failed transactions: 3 (2.913%)\n" +
				"tps = 50.0 (without initial connection time)\n",
			tps:     50,
			failure: "3 failed transactions",
		},
		{
			name:    "no transaction at all",
			out:     "number of transactions actually processed: 0\ntps = 0.000000 (without initial connection time)\n",
			failure: "no transaction completed",
		},
		{
			name:    "killed without a word",
			out:     "",
			runErr:  errors.New("signal: killed"),
			failure: "pgbench: signal: killed",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := parsePgbenchOutput(tc.out)
			if err != nil {
				t.Fatal(err)
			}
			if r.TPS != tc.tps {
				t.Errorf("tps %v, want %v", r.TPS, tc.tps)
			}
			got := r.failure(tc.runErr)
			if (tc.failure == "") != (got == "") || !strings.Contains(got, tc.failure) {
				t.Errorf("failure() = %q, want %q", got, tc.failure)
			}
		})
	}
}

func TestParsePgbenchOutputBadNumber(t *testing.T) {
	if _, err := parsePgbenchOutput("latency average = 1.2.3 ms\n"); err == nil {
		t.Fatal("want an error for a malformed number")
	}
}

// testdata/txlog holds the first 60 lines of each per-thread log of a real
// run (pgbench -N -c 4 -j 2 -l): 120 transactions in all.
func TestReadTxLogs(t *testing.T) {
	l, err := readTxLogs(filepath.Join("testdata", "txlog", "pgbench_log"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.LatenciesMs) != 120 || l.Failed != 0 || l.Skipped != 0 {
		t.Fatalf("got %d latencies, %d failed, %d skipped; want 120, 0, 0", len(l.LatenciesMs), l.Failed, l.Skipped)
	}
	sum := 0.0
	for _, v := range l.LatenciesMs {
		sum += v
	}
	if sum < 715.455 || sum > 715.457 {
		t.Errorf("latencies add up to %v ms, want 715.456 (the time column in µs)", sum)
	}
	sorted := sortedCopy(l.LatenciesMs)
	if p50, p99 := percentile(sorted, 50), percentile(sorted, 99); p50 != 4.137 || p99 != 33.829 {
		t.Errorf("p50 %v p99 %v, want 4.137 and 33.829", p50, p99)
	}
	if _, err := readTxLogs(filepath.Join("testdata", "txlog", "nothing")); err == nil {
		t.Error("want an error when there is no log")
	}
}

func TestParseTxLog(t *testing.T) {
	tests := []struct {
		name                 string
		in                   string
		lat, failed, skipped int
		wantErr              bool
	}{
		{name: "plain", in: "0 1 1500 0 1795804617 500033\n1 1 2500 0 1795804617 500053\n", lat: 2},
		{name: "with schedule lag and retries", in: "0 1 1500 0 1795804617 500033 12 0\n", lat: 1},
		{name: "failed and skipped", in: "0 1 failed 0 1795804617 500033\n0 2 skipped 0 1795804617 500034 9\n0 3 serialization 0 1 2\n0 4 100 0 1 2\n", lat: 1, failed: 2, skipped: 1},
		{name: "blank lines are ignored", in: "\n0 1 100 0 1 2\n\n", lat: 1},
		{name: "too few fields", in: "0 1 100\n", wantErr: true},
		{name: "not a number", in: "0 1 fast 0 1 2\n", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var l txLog
			err := parseTxLog(strings.NewReader(tc.in), &l)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if err == nil && (len(l.LatenciesMs) != tc.lat || l.Failed != tc.failed || l.Skipped != tc.skipped) {
				t.Errorf("got %d/%d/%d, want %d/%d/%d", len(l.LatenciesMs), l.Failed, l.Skipped, tc.lat, tc.failed, tc.skipped)
			}
		})
	}
}
