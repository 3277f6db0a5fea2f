// Command bench measures ringpg against PostgreSQL 15 on one machine.
//
// It builds ringpg, initialises a throw-away data directory for it and one
// for PostgreSQL, starts both on free loopback ports with the same memory
// and durability settings, runs the same workloads on both, interleaved
// and repeated (pgbench's built-in scripts, connection latency, COPY and
// full scans), and stops both at the end whatever happens. It prints one
// table, writes the figures as JSON, draws them on one self-contained HTML
// page, and can compare with an earlier JSON file.
//
// It imports none of the server's packages: it drives the ringpg binary
// and real clients (pgbench, pgx) as a user would. Every child process runs
// in its own process group, which is killed on the way out.
//
//	go run ./bench --quick
//	go run ./bench --help
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

const defaultPgBin = "/usr/lib/postgresql/15/bin"

// config is the command line.
type config struct {
	quick          bool
	scale          int
	clients        int
	threads        int
	duration       time.Duration
	warmup         time.Duration
	repeats        int
	connectSamples int
	rows           int
	sharedBuffers  string
	maxConnections int
	servers        string
	workloads      string
	ringpgBin      string
	pgBin          string
	pgbench        string
	out            string
	compare        string
	from           string
	keep           bool
	dropCaches     bool
	noInstall      bool
	startTimeout   time.Duration
}

func (c *config) durationSeconds() int {
	s := int(c.duration.Round(time.Second) / time.Second)
	if s < 1 {
		s = 1
	}
	return s
}

// Defaults: full run, then --quick. The full run is sized to finish in
// under 10 minutes on 2 cores, --quick in under 2.
var (
	fullDefaults  = config{duration: 10 * time.Second, warmup: 5 * time.Second, repeats: 3, connectSamples: 300, rows: 1_000_000}
	quickDefaults = config{duration: 2 * time.Second, warmup: time.Second, repeats: 2, connectSamples: 100, rows: 100_000}
)

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&c.quick, "quick", false, fmt.Sprintf("short run: %s per pgbench run, %d repeats, %d connections, %d rows (flags given explicitly win)",
		quickDefaults.duration, quickDefaults.repeats, quickDefaults.connectSamples, quickDefaults.rows))
	fs.IntVar(&c.scale, "scale", 10, "pgbench scale factor (pgbench -i -s)")
	fs.IntVar(&c.clients, "clients", 8, "pgbench clients (-c)")
	fs.IntVar(&c.threads, "threads", 2, "pgbench threads (-j)")
	fs.DurationVar(&c.duration, "duration", fullDefaults.duration, "length of each pgbench run (-T), whole seconds")
	fs.DurationVar(&c.warmup, "warmup", fullDefaults.warmup, "select-only pgbench run on each server after pgbench -i, not measured (0: none)")
	fs.IntVar(&c.repeats, "repeats", fullDefaults.repeats, "times each workload runs on each server")
	fs.IntVar(&c.connectSamples, "connect-samples", fullDefaults.connectSamples, "connections per repeat of the connect workload")
	fs.IntVar(&c.rows, "rows", fullDefaults.rows, "rows for the COPY bulk load and the scanned table")
	fs.StringVar(&c.sharedBuffers, "shared-buffers", "128MB", "shared_buffers for both servers")
	fs.IntVar(&c.maxConnections, "max-connections", 100, "max_connections for both servers")
	fs.StringVar(&c.servers, "servers", "both", "which servers to measure: both, pg or ringpg")
	fs.StringVar(&c.workloads, "workloads", "all", "comma-separated workloads: "+strings.Join(workloadIDs(), ","))
	fs.StringVar(&c.ringpgBin, "ringpg-bin", "", "use this ringpg binary instead of building ./cmd/ringpg")
	fs.StringVar(&c.pgBin, "pg-bin", defaultPgBin, "directory of PostgreSQL 15's postgres and initdb")
	fs.StringVar(&c.pgbench, "pgbench", "", "pgbench binary (default: the one in --pg-bin, else on PATH)")
	fs.StringVar(&c.out, "out", "", "directory for the JSON and HTML results (default: bench/results in the repository)")
	fs.StringVar(&c.compare, "compare", "", "earlier results JSON to compare this run with")
	fs.StringVar(&c.from, "from", "", "run nothing: print the table and write the HTML page of this results JSON (with --compare, against that)")
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary data directories and server logs")
	fs.BoolVar(&c.dropCaches, "drop-caches", true, "drop the OS page cache before each cold scan (needs root)")
	fs.BoolVar(&c.noInstall, "no-install", false, "do not apt-get install postgresql-15 when it is missing; just say how")
	fs.DurationVar(&c.startTimeout, "start-timeout", 60*time.Second, "how long a server may take to accept connections")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: go run ./bench [flags]

Runs the same workloads on ringpg and PostgreSQL 15, interleaved and
repeated, and reports each server's figures and the ratio ringpg/PostgreSQL.

Workloads:
`)
		for _, w := range allWorkloads {
			fmt.Fprintf(fs.Output(), "  %-16s %s (%s)\n", w.ID, w.Title, w.Unit)
		}
		fmt.Fprintf(fs.Output(), "\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if c.quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["duration"] {
			c.duration = quickDefaults.duration
		}
		if !set["warmup"] {
			c.warmup = quickDefaults.warmup
		}
		if !set["repeats"] {
			c.repeats = quickDefaults.repeats
		}
		if !set["connect-samples"] {
			c.connectSamples = quickDefaults.connectSamples
		}
		if !set["rows"] {
			c.rows = quickDefaults.rows
		}
	}
	switch {
	case c.scale < 1, c.clients < 1, c.threads < 1, c.repeats < 1, c.connectSamples < 1, c.rows < 1, c.maxConnections < 1:
		return nil, errors.New("--scale, --clients, --threads, --repeats, --connect-samples, --rows and --max-connections must be at least 1")
	case c.threads > c.clients:
		return nil, errors.New("--threads cannot exceed --clients (pgbench refuses it)")
	case c.clients+5 > c.maxConnections:
		return nil, fmt.Errorf("--max-connections %d leaves no room for %d clients", c.maxConnections, c.clients)
	}
	switch c.servers {
	case "both", "pg", "ringpg":
	default:
		return nil, fmt.Errorf("--servers must be both, pg or ringpg, not %q", c.servers)
	}
	if _, err := selectWorkloads(c.workloads); err != nil {
		return nil, err
	}
	return c, nil
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		sig := <-sigs
		fmt.Fprintf(os.Stderr, "\nbench: %s: stopping the servers and writing what was measured (again to kill everything now)\n", sig)
		cancel()
		<-sigs
		for _, k := range killAllGroups() {
			fmt.Fprintln(os.Stderr, "bench: killed", k)
		}
		os.Exit(130)
	}()

	code := run(ctx, cfg, os.Stdout, os.Stderr)
	os.Exit(code)
}
