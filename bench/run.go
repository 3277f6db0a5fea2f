package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// harness is one benchmark run in progress.
type harness struct {
	cfg       *config
	workloads []workload
	servers   []*Server
	root      string // temporary directory holding both servers' data
	pgbench   string
	report    *Report
	stderr    io.Writer

	initErr       map[string]error   // pgbench -i outcome per server
	initSecs      map[string]float64 // pgbench -i duration per server
	scanErr       map[string]error   // bench_scan load outcome per server
	startFailures map[string]int     // consecutive failed starts per server
	timedOut      map[string]bool    // "workload/server" pairs whose pgbench hung
	copyData      []byte
	coldNote      string

	step, steps int
	began       time.Time
}

func (h *harness) progress(format string, args ...any) {
	el := time.Since(h.began).Round(time.Second)
	prefix := fmt.Sprintf("[%s]", el)
	if h.steps > 0 && h.step > 0 {
		prefix = fmt.Sprintf("[%d/%d %s]", h.step, h.steps, el)
	}
	fmt.Fprintf(h.stderr, "%s %s\n", prefix, fmt.Sprintf(format, args...))
}

func (h *harness) note(format string, args ...any) {
	h.report.Notes = append(h.report.Notes, fmt.Sprintf(format, args...))
}

// settings are what both servers run a workload with.
func (h *harness) settings(w workload) map[string]string {
	sc := "on"
	if w.AsyncCommit {
		sc = "off"
	}
	return map[string]string{
		"shared_buffers":     h.cfg.sharedBuffers,
		"max_connections":    strconv.Itoa(h.cfg.maxConnections),
		"synchronous_commit": sc,
		"fsync":              "on",
	}
}

// run is the whole benchmark; it returns the process exit code.
func run(ctx context.Context, cfg *config, stdout, stderr io.Writer) int {
	ws, _ := selectWorkloads(cfg.workloads)
	h := &harness{cfg: cfg, workloads: ws, stderr: stderr, began: time.Now(),
		initErr: map[string]error{}, initSecs: map[string]float64{}, scanErr: map[string]error{}, startFailures: map[string]int{}, timedOut: map[string]bool{}}
	moduleRoot := findModuleRoot()

	var old *Report
	if cfg.compare != "" {
		var err error
		if old, err = readReport(cfg.compare); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 2
		}
	}
	outDir := cfg.out
	if outDir == "" {
		outDir = "bench-results"
		if moduleRoot != "" {
			outDir = filepath.Join(moduleRoot, "bench", "results")
		}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		fmt.Fprintln(stderr, "bench: results directory:", err)
		return 2
	}
	if cfg.from != "" {
		return replay(cfg, old, outDir, stdout, stderr)
	}

	h.report = &Report{Schema: reportSchema, Started: time.Now(), Git: gitInfo(moduleRoot), Machine: machineInfo()}
	h.report.Settings = Settings{Quick: cfg.quick, Scale: cfg.scale, Clients: cfg.clients, Threads: cfg.threads,
		DurationSeconds: cfg.durationSeconds(), WarmupSeconds: cfg.warmup.Seconds(), Repeats: cfg.repeats, ConnectSamples: cfg.connectSamples,
		Rows: cfg.rows, SharedBuffers: cfg.sharedBuffers, MaxConnections: cfg.maxConnections}
	for _, w := range ws {
		h.report.Settings.Workloads = append(h.report.Settings.Workloads, w.ID)
	}

	root, err := os.MkdirTemp("", "ringpg-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "bench: temporary directory:", err)
		return 1
	}
	h.root = root
	// The PostgreSQL user must be able to reach its directory inside.
	if err := os.Chmod(root, 0o755); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	if err := os.MkdirAll(filepath.Join(root, "logs"), 0o755); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	// Runs on normal return and on panic: servers down, every child gone.
	defer h.shutdown()

	h.setup(ctx, moduleRoot)
	h.measure(ctx)
	h.stopServers()
	h.report.Finished = time.Now()
	h.report.Machine.LoadAvgEnd = loadAvg()
	h.report.Interrupted = ctx.Err() != nil

	stamp := h.report.Started.Format("20060102-150405")
	jsonPath := filepath.Join(outDir, "bench-"+stamp+".json")
	code := 0
	if err := writeReport(jsonPath, h.report); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		code = 1
	} else {
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "results:", jsonPath)
	}
	if publish(cfg, h.report, old, filepath.Join(outDir, "bench-"+stamp+".html"), stdout, stderr) != 0 {
		code = 1
	}
	if cfg.keep {
		fmt.Fprintln(stdout, "kept data directories and server logs in", root)
	}
	if h.report.Interrupted {
		return 130
	}
	return code
}

// publish writes the HTML page and prints the notes, the table, the
// comparison if any, and the page's path, last so that it is easy to find.
func publish(cfg *config, r, old *Report, htmlPath string, stdout, stderr io.Writer) int {
	code := 0
	var changes *Comparison
	if old != nil {
		c := compareReports(old, r)
		c.OldPath = cfg.compare
		changes = &c
	}
	if err := writeHTML(htmlPath, r, changes); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		code, htmlPath = 1, ""
	}
	fmt.Fprintln(stdout)
	printNotes(stdout, r)
	printTable(stdout, r)
	if changes != nil {
		fmt.Fprintln(stdout)
		printComparison(stdout, changes)
	}
	if htmlPath != "" {
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "charts:", htmlPath)
	}
	return code
}

// replay is --from: the table and page of an earlier results file.
func replay(cfg *config, old *Report, outDir string, stdout, stderr io.Writer) int {
	r, err := readReport(cfg.from)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	base := strings.TrimSuffix(filepath.Base(cfg.from), ".json")
	return publish(cfg, r, old, filepath.Join(outDir, base+".html"), stdout, stderr)
}

// setup prepares and starts the servers and loads pgbench's tables.
func (h *harness) setup(ctx context.Context, moduleRoot string) {
	cfg := h.cfg
	h.pgbench = cfg.pgbench
	if h.pgbench == "" {
		h.pgbench = filepath.Join(cfg.pgBin, "pgbench")
		if _, err := os.Stat(h.pgbench); err != nil {
			h.pgbench = "pgbench"
		}
	}
	if p, err := exec.LookPath(h.pgbench); err == nil {
		h.pgbench = p
		if out, err := exec.Command(p, "--version").Output(); err == nil {
			h.report.Settings.PgbenchVersion = strings.TrimSpace(string(out))
		}
	} else {
		h.note("pgbench not found (%v): %s", err, pgInstallHint)
	}
	h.report.Settings.Pgbench = h.pgbench

	if cfg.servers != "ringpg" {
		h.progress("preparing PostgreSQL (initdb)")
		s, err := preparePostgres(ctx, cfg, h.root, h.progress)
		if err != nil {
			s.Unusable = err.Error()
		}
		h.servers = append(h.servers, s)
	}
	if cfg.servers != "pg" {
		if cfg.ringpgBin == "" {
			h.progress("building ringpg (go build ./cmd/ringpg)")
		}
		s, err := prepareRingpg(ctx, cfg, h.root, moduleRoot)
		if err != nil {
			s.Unusable = err.Error()
		}
		h.servers = append(h.servers, s)
	}

	base := h.settings(workload{})
	for _, s := range h.servers {
		if s.Unusable != "" {
			h.progress("%s: %s", s.Name, s.Unusable)
			continue
		}
		port, err := freePort()
		if err == nil {
			s.port = port
			h.progress("starting %s on port %d", s.Name, port)
			err = s.Start(ctx, base, cfg.startTimeout)
		}
		if err != nil {
			s.Unusable = "did not start: " + err.Error()
			h.progress("%s %s", s.Name, s.Unusable)
		}
	}

	needInit := false
	for _, w := range h.workloads {
		needInit = needInit || w.Kind == kindPgbench
	}
	for _, s := range h.servers {
		if !needInit || s.Unusable != "" || ctx.Err() != nil {
			continue
		}
		h.progress("pgbench -i -s %d on %s", cfg.scale, s.Name)
		d, err := runPgbenchInit(ctx, h.pgbench, s, cfg.scale)
		h.initErr[s.ID] = err
		if err != nil {
			h.progress("%s: %v", s.Name, err)
			h.note("%s: %v", s.Name, err)
		} else {
			h.progress("%s: pgbench -i took %s", s.Name, d.Round(10*time.Millisecond))
		}
		if err == nil {
			h.initSecs[s.ID] = d.Seconds()
			h.warmUp(ctx, s)
		}
	}

	for _, w := range h.workloads {
		if w.Kind == kindCopy || w.Kind == kindScanCold || w.Kind == kindScanWarm {
			h.copyData = copyData(cfg.rows)
			break
		}
	}
	for _, w := range h.workloads {
		if w.Kind == kindScanCold {
			h.coldNote = h.describeCold()
			h.report.Settings.ColdCache = h.coldNote
			h.note("cold scan: %s", h.coldNote)
		}
	}
}

// warmUp runs select-only pgbench on s for the warm-up time, unmeasured,
// so that the first workload does not pay for faulting in the tables
// and the server's caches while later ones do not.
func (h *harness) warmUp(ctx context.Context, s *Server) {
	if h.cfg.warmup <= 0 {
		return
	}
	secs := max(int(h.cfg.warmup.Round(time.Second)/time.Second), 1)
	h.progress("%s: warming up (pgbench -S -T %d)", s.Name, secs)
	args := append(connArgs(s), "-n", "-S", "-c", strconv.Itoa(h.cfg.clients), "-j", strconv.Itoa(h.cfg.threads),
		"-T", strconv.Itoa(secs), "postgres")
	wctx, cancel := context.WithTimeout(ctx, time.Duration(secs)*time.Second+time.Minute)
	defer cancel()
	if out, err := runChild(wctx, "pgbench warm-up", exec.Command(h.pgbench, args...)); err != nil {
		h.note("%s: warm-up failed: %s %s", s.Name, exitStatus(err), strings.TrimSpace(string(out)))
	}
}

// describeCold finds out whether the OS page cache can be dropped here and
// says what "cold" therefore means in this run.
func (h *harness) describeCold() string {
	if !h.cfg.dropCaches {
		return "server restarted before each scan (empty shared buffers); OS page cache kept (--drop-caches=false)"
	}
	if err := dropPageCache(); err != nil {
		return fmt.Sprintf("server restarted before each scan (empty shared buffers); OS page cache NOT dropped (%v), so the table is likely still in memory", err)
	}
	return "server restarted and OS page cache dropped (sync; echo 3 > /proc/sys/vm/drop_caches) before each scan"
}

// measure runs every workload, repeat and server, interleaved: for each
// workload and repeat, one server then the other.
func (h *harness) measure(ctx context.Context) {
	h.steps = len(h.workloads) * h.cfg.repeats * len(h.servers)
	h.step = 0
	for _, w := range h.workloads {
		wr := WorkloadRun{ID: w.ID, Title: w.Title, Unit: w.Unit, Higher: w.Higher, Command: w.Describe(h.cfg)}
		lat := map[string][]float64{}
		for _, s := range h.servers {
			wr.Results = append(wr.Results, ServerRun{Server: s.ID})
		}
		for rep := 1; rep <= h.cfg.repeats; rep++ {
			for i, s := range h.servers {
				h.step++
				var smp Sample
				if ctx.Err() != nil {
					smp = Sample{Repeat: rep, Error: "interrupted: not run"}
				} else {
					smp = h.runOne(ctx, w, s, rep)
				}
				if smp.Error == "" {
					lat[s.ID] = append(lat[s.ID], smp.latencies...)
				}
				wr.Results[i].Samples = append(wr.Results[i].Samples, smp)
				h.progress("%s · %s · run %d/%d: %s", w.ID, s.Name, rep, h.cfg.repeats, sampleText(w, smp))
			}
		}
		for i := range wr.Results {
			wr.Results[i].Summary = summarize(wr.Results[i].Samples, lat[wr.Results[i].Server])
		}
		wr.setRatio()
		h.report.Workloads = append(h.report.Workloads, wr)
	}
}

// runOne runs one repeat of one workload on one server. Whatever goes
// wrong ends up in the sample's Error, never in a panic or a silent gap.
func (h *harness) runOne(ctx context.Context, w workload, s *Server, rep int) (smp Sample) {
	smp.Repeat = rep
	start := time.Now()
	defer func() { smp.Seconds = time.Since(start).Seconds() }()
	if s.Unusable != "" {
		smp.Error = s.Unusable
		return smp
	}
	restarted, err := s.Ensure(ctx, h.settings(w), h.cfg.startTimeout)
	if restarted != "" {
		h.note("%s %s before %s run %d", s.Name, restarted, w.ID, rep)
	}
	if err != nil {
		h.startFailures[s.ID]++
		smp.Error = "server did not start: " + err.Error()
		if h.startFailures[s.ID] >= 2 {
			s.Unusable = "did not start twice in a row: " + err.Error()
		}
		return smp
	}
	h.startFailures[s.ID] = 0

	switch w.Kind {
	case kindPgbench:
		err = h.runPgbenchWorkload(ctx, w, s, &smp)
	case kindConnect:
		var lat []float64
		lat, err = measureConnect(ctx, s.Addr(), h.cfg.connectSamples)
		if err == nil {
			sorted := sortedCopy(lat)
			smp.Value = percentile(sorted, 50)
			smp.P50Ms, smp.P99Ms = smp.Value, percentile(sorted, 99)
			smp.Count = int64(len(lat))
			smp.latencies = lat
		}
	case kindCopy:
		var d time.Duration
		d, err = loadTable(ctx, s, "bench_copy", h.copyData, h.cfg.rows)
		if err == nil {
			smp.Value = float64(h.cfg.rows) / d.Seconds()
			smp.Count = int64(h.cfg.rows)
		}
	case kindScanCold, kindScanWarm:
		err = h.runScan(ctx, w, s, &smp)
	}
	if err != nil {
		smp.Error = err.Error()
		if ctx.Err() != nil {
			smp.Error = "interrupted"
		}
	}
	// A server that died under the workload failed it, whatever the client
	// saw; the next run starts it afresh. After a failure give the process
	// a moment to be reaped, so that a crash is reported as one.
	if smp.Error != "" {
		s.WaitExit(300 * time.Millisecond)
	}
	if !s.Running() {
		died := fmt.Sprintf("server exited during the run (%s); log: %s", exitStatus(s.waitErr), s.logTail(3))
		if smp.Error == "" {
			smp.Error = died
		} else {
			smp.Error += "; " + died
		}
	}
	if smp.Error != "" {
		smp.Value = 0
		smp.latencies = nil
	}
	return smp
}

func (h *harness) runPgbenchWorkload(ctx context.Context, w workload, s *Server, smp *Sample) error {
	if err, done := h.initErr[s.ID]; !done {
		return fmt.Errorf("pgbench -i was not run")
	} else if err != nil {
		return err
	}
	key := w.ID + "/" + s.ID
	if h.timedOut[key] {
		return fmt.Errorf("not run: an earlier run of this workload on this server timed out")
	}
	// pgbench stops itself after -T; the margin covers its vacuum and
	// connecting. A server that hangs costs this once per workload.
	timeout := h.cfg.duration + time.Minute
	logDir := filepath.Join(h.root, "pgbench-log")
	wal0, walErr := walInsertPos(ctx, s)
	cpu0, cpuErr := treeCPU(s.cmd.Process.Pid)
	r := runPgbench(ctx, h.pgbench, s, w.pgbenchArgs(h.cfg), logDir, timeout)
	cpu1, cpuErr1 := treeCPU(s.cmd.Process.Pid)
	wal1, walErr1 := walInsertPos(ctx, s)
	if r.TimedOut {
		h.timedOut[key] = true
	}
	if r.Failed != "" {
		return fmt.Errorf("%s", r.Failed)
	}
	smp.Value = r.Output.TPS
	smp.Count = r.Output.Transactions
	smp.LatencyAvgMs = r.Output.LatencyAvgMs
	if cpuErr == nil && cpuErr1 == nil && smp.Count > 0 {
		smp.ServerCPUUs = float64((cpu1 - cpu0).Microseconds()) / float64(smp.Count)
	}
	if walErr == nil && walErr1 == nil && smp.Count > 0 && wal1 > wal0 {
		smp.WALBytes = float64(wal1-wal0) / float64(smp.Count)
	}
	if r.Log.Failed > 0 {
		return fmt.Errorf("%d failed transactions in the per-transaction log", r.Log.Failed)
	}
	if len(r.Log.LatenciesMs) == 0 {
		return fmt.Errorf("per-transaction log has no latencies")
	}
	sorted := sortedCopy(r.Log.LatenciesMs)
	smp.P50Ms, smp.P99Ms = percentile(sorted, 50), percentile(sorted, 99)
	smp.latencies = r.Log.LatenciesMs
	return nil
}

func (h *harness) runScan(ctx context.Context, w workload, s *Server, smp *Sample) error {
	if err, done := h.scanErr[s.ID]; done && err != nil {
		return err
	}
	if !tableHasRows(ctx, s, "bench_scan", h.cfg.rows) {
		h.progress("%s: loading bench_scan (%d rows) for the scans", s.Name, h.cfg.rows)
		_, err := loadTable(ctx, s, "bench_scan", h.copyData, h.cfg.rows)
		if err != nil {
			err = fmt.Errorf("load bench_scan: %w", err)
		}
		h.scanErr[s.ID] = err
		if err != nil {
			return err
		}
	}
	if w.Kind == kindScanCold {
		settings := s.settings
		if err := s.Stop(); err != nil {
			h.note("%s: %v", s.Name, err)
		}
		if h.cfg.dropCaches {
			_ = dropPageCache() // whether it works was found out and noted in setup
		}
		if err := s.Start(ctx, settings, h.cfg.startTimeout); err != nil {
			return fmt.Errorf("restart before the cold scan: %w", err)
		}
	}
	d, err := timedCount(ctx, s, "bench_scan", h.cfg.rows, w.Kind == kindScanWarm)
	if err != nil {
		return err
	}
	smp.Value = float64(d) / float64(time.Millisecond)
	smp.Count = int64(h.cfg.rows)
	if w.Kind == kindScanCold && h.cfg.dropCaches {
		h.physicalRead(ctx, s, d, smp)
	}
	return nil
}

// physicalRead reads the scanned table's files from a cold page cache
// with 1 MB reads, as dd bs=1M would, and records both rates beside the
// cold scan's: the scan's MB/s against what the disk gives.
func (h *harness) physicalRead(ctx context.Context, s *Server, scan time.Duration, smp *Sample) {
	paths, bytes, err := relationFiles(ctx, s, "bench_scan")
	if err != nil || bytes == 0 {
		h.note("%s: table files of bench_scan: %v", s.Name, err)
		return
	}
	mb := float64(bytes) / (1 << 20)
	smp.TableMB = mb
	smp.ScanMBps = mb / scan.Seconds()
	if err := dropPageCache(); err != nil {
		return
	}
	d, err := readFiles(paths)
	if err != nil {
		h.note("%s: reading bench_scan's files: %v", s.Name, err)
		return
	}
	smp.FilesMBps = mb / d.Seconds()
	h.progress("%s: cold scan of %.0f MB at %.0f MB/s; the same files read with 1 MB reads: %.0f MB/s",
		s.Name, mb, smp.ScanMBps, smp.FilesMBps)
}

// stopServers shuts both servers down in order and records how they ran.
func (h *harness) stopServers() {
	for _, s := range h.servers {
		info := ServerInfo{ID: s.ID, Name: s.Name, Version: s.Version, Status: "ok",
			CommandLine: s.CommandLine(h.settings(workload{})), InitSeconds: h.initSecs[s.ID]}
		if s.Unusable != "" {
			info.Status = s.Unusable
		}
		if s.Running() || s.cmd != nil {
			if err := s.Stop(); err != nil {
				h.note("%s: %v", s.Name, err)
			}
		}
		h.report.Servers = append(h.report.Servers, info)
	}
}

// shutdown is the last thing that runs, also on panic: it stops any server
// still running, kills every process group left, and removes the
// temporary directory unless --keep.
func (h *harness) shutdown() {
	for _, s := range h.servers {
		if s.Running() || s.cmd != nil {
			_ = s.Stop()
		}
	}
	for _, k := range killAllGroups() {
		fmt.Fprintln(h.stderr, "bench: killed leftover", k)
	}
	if !h.cfg.keep && h.root != "" {
		if err := os.RemoveAll(h.root); err != nil {
			fmt.Fprintln(h.stderr, "bench: remove temporary directory:", err)
		}
	}
}

// sampleText is the progress line's account of one sample.
func sampleText(w workload, s Sample) string {
	if s.Error != "" {
		return "FAILED: " + s.Error
	}
	t := formatValue(s.Value, w.Unit) + " " + w.Unit
	if s.P50Ms > 0 && w.Kind != kindConnect {
		t += fmt.Sprintf(", p50 %s ms, p99 %s ms", formatMs(s.P50Ms), formatMs(s.P99Ms))
	}
	if w.Kind == kindConnect {
		t = fmt.Sprintf("p50 %s ms, p99 %s ms", formatMs(s.P50Ms), formatMs(s.P99Ms))
	}
	return t
}
