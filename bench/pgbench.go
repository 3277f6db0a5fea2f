package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pgbenchOutput is what pgbench prints at the end of a run.
type pgbenchOutput struct {
	TPS          float64 // the "without initial connection time" figure when there are two
	HaveTPS      bool
	LatencyAvgMs float64
	Transactions int64
	FailedTx     int64
	ConnTimeMs   float64 // initial (or, with -C, average) connection time
	Aborted      bool    // "Run was aborted; the above results are incomplete."
	Errors       []string
}

var (
	reTPS       = regexp.MustCompile(`^tps = ([0-9.]+) \((.*)\)`)
	reLatency   = regexp.MustCompile(`^latency average = ([0-9.]+) ms`)
	reProcessed = regexp.MustCompile(`^number of transactions actually processed: ([0-9]+)`)
	reFailed    = regexp.MustCompile(`^number of failed transactions: ([0-9]+)`)
	reConnTime  = regexp.MustCompile(`^(?:initial|average) connection time = ([0-9.]+) ms`)
)

// parsePgbenchOutput reads pgbench's combined stdout and stderr (versions
// 14 to 17 print the same lines).
func parsePgbenchOutput(out string) (pgbenchOutput, error) {
	var r pgbenchOutput
	var err error
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		var m []string
		switch {
		case strings.HasPrefix(line, "pgbench: error:"), strings.HasPrefix(line, "pgbench: fatal:"):
			msg := strings.TrimSpace(line[strings.Index(line, ":")+1:])
			msg = strings.TrimPrefix(strings.TrimPrefix(msg, "error:"), "fatal:")
			msg = strings.Join(strings.Fields(msg), " ")
			if strings.Contains(msg, "Run was aborted") {
				r.Aborted = true
				continue
			}
			r.Errors = append(r.Errors, msg)
		case strings.Contains(line, "Run was aborted"):
			r.Aborted = true
		case reTPS.MatchString(line):
			m = reTPS.FindStringSubmatch(line)
			// pgbench before 14 prints two tps lines, "including" and
			// "excluding connections establishing"; keep the excluding one.
			if !r.HaveTPS || strings.Contains(m[2], "excluding") {
				r.TPS, err = strconv.ParseFloat(m[1], 64)
				r.HaveTPS = err == nil
			}
		case reLatency.MatchString(line):
			m = reLatency.FindStringSubmatch(line)
			r.LatencyAvgMs, err = strconv.ParseFloat(m[1], 64)
		case reProcessed.MatchString(line):
			m = reProcessed.FindStringSubmatch(line)
			r.Transactions, err = strconv.ParseInt(m[1], 10, 64)
		case reFailed.MatchString(line):
			m = reFailed.FindStringSubmatch(line)
			r.FailedTx, err = strconv.ParseInt(m[1], 10, 64)
		case reConnTime.MatchString(line):
			m = reConnTime.FindStringSubmatch(line)
			r.ConnTimeMs, err = strconv.ParseFloat(m[1], 64)
		}
		if err != nil {
			return r, fmt.Errorf("parse pgbench line %q: %w", line, err)
		}
	}
	return r, nil
}

// failure says why a pgbench run does not count, or "" when it does.
// runErr is how the pgbench process ended.
func (r pgbenchOutput) failure(runErr error) string {
	first := ""
	if len(r.Errors) > 0 {
		first = r.Errors[0]
		if len(r.Errors) > 1 {
			first += fmt.Sprintf(" (and %d more errors)", len(r.Errors)-1)
		}
	}
	switch {
	case r.Aborted:
		if first == "" {
			first = "no error message"
		}
		return "run aborted: " + first
	case runErr != nil:
		if first == "" {
			return "pgbench: " + exitStatus(runErr)
		}
		return first
	case !r.HaveTPS:
		if first != "" {
			return first
		}
		return "no tps line in pgbench output"
	case r.FailedTx > 0:
		return fmt.Sprintf("%d failed transactions", r.FailedTx)
	case r.Transactions == 0:
		return "no transaction completed"
	}
	return ""
}

// txLog is what pgbench's per-transaction log (-l) holds.
type txLog struct {
	LatenciesMs []float64 // one per logged transaction that completed
	Failed      int       // logged as failed, serialization, deadlock
	Skipped     int       // logged as skipped (only with --rate and --latency-limit)
}

// parseTxLog reads one per-transaction log file. Each line is
// "client_id transaction_no time script_no time_epoch time_us [schedule_lag] [retries]"
// where time is the transaction's latency in microseconds or a word.
func parseTxLog(r io.Reader, into *txLog) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) < 6 {
			return fmt.Errorf("line %d: %d fields, want at least 6: %q", n, len(f), sc.Text())
		}
		switch f[2] {
		case "skipped":
			into.Skipped++
		case "failed", "serialization", "deadlock":
			into.Failed++
		default:
			us, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil {
				return fmt.Errorf("line %d: latency %q: %w", n, f[2], err)
			}
			into.LatenciesMs = append(into.LatenciesMs, float64(us)/1000)
		}
	}
	return sc.Err()
}

// readTxLogs parses every log file pgbench wrote with this prefix (one per
// thread: PREFIX.PID, PREFIX.PID.1, ...).
func readTxLogs(prefix string) (txLog, error) {
	var l txLog
	files, err := filepath.Glob(prefix + ".*")
	if err != nil {
		return l, err
	}
	if len(files) == 0 {
		return l, fmt.Errorf("no per-transaction log %s.*", prefix)
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return l, err
		}
		err = parseTxLog(f, &l)
		f.Close()
		if err != nil {
			return l, fmt.Errorf("%s: %w", filepath.Base(name), err)
		}
	}
	return l, nil
}

// pgbenchRun is one pgbench invocation's outcome.
type pgbenchRun struct {
	Output   pgbenchOutput
	Log      txLog
	Failed   string // "" when the run counts
	TimedOut bool
}

// runPgbench runs pgbench with args against the server and reads its
// per-transaction logs from logDir (which it empties first).
func runPgbench(ctx context.Context, pgbench string, s *Server, args []string, logDir string, timeout time.Duration) pgbenchRun {
	if err := os.RemoveAll(logDir); err != nil {
		return pgbenchRun{Failed: err.Error()}
	}
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return pgbenchRun{Failed: err.Error()}
	}
	prefix := filepath.Join(logDir, "tx")
	full := append(connArgs(s), args...)
	full = append(full, "-l", "--log-prefix="+prefix, "postgres")
	cmd := exec.Command(pgbench, full...)
	cmd.Dir = logDir
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, runErr := runChild(rctx, "pgbench", cmd)
	if rctx.Err() == context.DeadlineExceeded {
		return pgbenchRun{Failed: fmt.Sprintf("pgbench did not finish within %s; killed", timeout), TimedOut: true}
	}
	if ctx.Err() != nil {
		return pgbenchRun{Failed: "interrupted"}
	}
	res, err := parsePgbenchOutput(string(out))
	if err != nil {
		return pgbenchRun{Failed: err.Error()}
	}
	run := pgbenchRun{Output: res, Failed: res.failure(runErr)}
	if run.Failed != "" {
		return run
	}
	if run.Log, err = readTxLogs(prefix); err != nil {
		run.Failed = "per-transaction log: " + err.Error()
	}
	return run
}

// runPgbenchInit loads pgbench's tables at the given scale.
func runPgbenchInit(ctx context.Context, pgbench string, s *Server, scale int) (time.Duration, error) {
	args := append(connArgs(s), "-i", "-q", "-s", strconv.Itoa(scale), "postgres")
	cmd := exec.Command(pgbench, args...)
	start := time.Now()
	// PostgreSQL loads scale 10 in a few seconds; a server that stops
	// answering must not hold the whole run for long.
	limit := time.Minute + time.Duration(scale)*10*time.Second
	ictx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	out, err := runChild(ictx, "pgbench -i", cmd)
	if ictx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
		return 0, fmt.Errorf("pgbench -i did not finish within %s; killed", limit)
	}
	if err != nil {
		res, _ := parsePgbenchOutput(string(out))
		msg := exitStatus(err)
		if len(res.Errors) > 0 {
			msg = res.Errors[0]
		}
		return 0, fmt.Errorf("pgbench -i failed: %s", msg)
	}
	return time.Since(start), nil
}

func connArgs(s *Server) []string {
	return []string{"-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres"}
}
