package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleReport() *Report {
	r := testReport(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), 19200, 25000)
	r.Finished = r.Started.Add(8 * time.Minute)
	r.Machine = MachineInfo{Hostname: "h", OS: "linux", Arch: "amd64", CPUs: 2, GoVersion: "go1.26"}
	r.Servers = []ServerInfo{
		{ID: serverPG, Name: "PostgreSQL", Version: "postgres (PostgreSQL) 15.18", Status: "ok", InitSeconds: 2.1},
		{ID: serverRingpg, Name: "ringpg", Status: "ok"},
	}
	r.Notes = []string{"cold scan: OS page cache dropped"}
	r.Workloads[0].Results[0].Samples = []Sample{{Repeat: 1, Value: 19200, Seconds: 10.2, Count: 192000, P50Ms: 0.4, P99Ms: 1.2}}
	r.Workloads = append(r.Workloads, WorkloadRun{ID: "tpcb", Unit: "tps", Higher: true, Results: []ServerRun{
		{Server: serverPG, Summary: sum(2800, 2850, 2900)},
		{Server: serverRingpg, Samples: []Sample{{Repeat: 1, Error: "pgbench -i failed: syntax error"}},
			Summary: Summary{Runs: 1, Failed: 1, Error: "pgbench -i failed: syntax error"}},
	}})
	r.Workloads[1].setRatio()
	return r
}

func TestReportRoundTrip(t *testing.T) {
	want := sampleReport()
	path := filepath.Join(t.TempDir(), "r.json")
	if err := writeReport(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := readReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the report:\n got %+v\nwant %+v", got, want)
	}
	if got.Workloads[1].Ratio != nil {
		t.Error("a workload with a failed server must have no ratio in the JSON")
	}
}

func TestReadReportRejects(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("not json"), 0o644)
	if _, err := readReport(bad); err == nil {
		t.Error("want an error for a file that is not JSON")
	}
	other := filepath.Join(dir, "other.json")
	os.WriteFile(other, []byte(`{"schema": 99}`), 0o644)
	if _, err := readReport(other); err == nil || !strings.Contains(err.Error(), "schema 99") {
		t.Errorf("want a schema error, got %v", err)
	}
	if _, err := readReport(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("want an error for a missing file")
	}
}

func TestTableShowsFailuresAndRatio(t *testing.T) {
	var b bytes.Buffer
	printTable(&b, sampleReport())
	out := b.String()
	for _, s := range []string{
		"select-prepared", "19,200", "25,000", "1.30", // ratio 25000/19200
		"FAILED (1 of 1 runs): pgbench -i failed: syntax error",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
	// The failed tpcb row shows the reason and no ratio.
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "FAILED (") && !strings.HasSuffix(strings.TrimSpace(line), "syntax error") {
			t.Errorf("failed row shows more than its reason: %q", line)
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	page, err := renderHTML(sampleReport(), nil)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	if strings.Contains(html, `<script src="http`) || strings.Contains(html, "go-echarts-assets") {
		t.Error("the page loads a script from the network")
	}
	for _, s := range []string{"echarts.init(", "Apache Software Foundation", "pgbench -i failed: syntax error", "ringpg speed relative to PostgreSQL"} {
		if !strings.Contains(html, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	if i, j := strings.Index(html, "<div class=\"summary\">"), strings.Index(html, "echarts.init("); i < 0 || i > j {
		t.Error("the summary should come before the charts")
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{thousands(0), "0"},
		{thousands(999), "999"},
		{thousands(31300), "31,300"},
		{thousands(1234567), "1,234,567"},
		{thousands(-4500), "-4,500"},
		{formatMs(0.2564), "0.256"},
		{formatMs(2.84), "2.84"},
		{formatMs(32.04), "32.0"},
		{formatMs(1234.4), "1,234"},
		{formatValue(19234.6, "tps"), "19,235"},
		{formatValue(31.04, "tps"), "31.0"},
		{formatValue(0.42, "ms"), "0.420"},
		{truncate("abcdef", 4), "abc…"},
		{truncate("abc", 4), "abc"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestParseFlagsQuick(t *testing.T) {
	var errs bytes.Buffer
	c, err := parseFlags([]string{"--quick", "--repeats", "5"}, &errs)
	if err != nil {
		t.Fatal(err)
	}
	if c.duration != quickDefaults.duration || c.rows != quickDefaults.rows || c.repeats != 5 {
		t.Errorf("quick: duration %v rows %d repeats %d", c.duration, c.rows, c.repeats)
	}
	c, err = parseFlags(nil, &errs)
	if err != nil {
		t.Fatal(err)
	}
	if c.duration != fullDefaults.duration || c.repeats != fullDefaults.repeats || c.scale != 10 || c.clients != 8 || c.threads != 2 {
		t.Errorf("defaults: %+v", c)
	}
	for _, bad := range [][]string{
		{"--servers", "mysql"}, {"--workloads", "select-simple,nope"}, {"--threads", "9"}, {"--repeats", "0"}, {"extra"},
	} {
		if _, err := parseFlags(bad, &errs); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
}

func TestSelectWorkloadsKeepsOrder(t *testing.T) {
	ws, err := selectWorkloads("scan-warm, select-simple")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].ID != "select-simple" || ws[1].ID != "scan-warm" {
		t.Errorf("got %v", ws)
	}
	w := ws[0]
	args := strings.Join(w.pgbenchArgs(&config{clients: 8, threads: 2, duration: 15 * time.Second}), " ")
	if args != "-S -M simple -c 8 -j 2 -T 15 --sampling-rate=0.1" {
		t.Errorf("pgbench args %q", args)
	}
}
