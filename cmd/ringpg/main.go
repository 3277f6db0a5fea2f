// Command ringpg is the ringpg server. "ringpg serve" (or no sub-command)
// runs the postmaster; "ringpg backend" is how the postmaster re-executes
// itself as a backend process and is not for users. This file parses the
// command line and the configuration; the work happens in package loop
// (the postmaster) and package backend.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"ringpg/backend/access/transam"
	"ringpg/backend/access/wal"
	"ringpg/backend/access/xlog"
	"ringpg/backend/catalog"
	"ringpg/backend/checkpoint"
	"ringpg/backend/notify"
	"ringpg/backend/pgstat"
	"ringpg/backend/storage/lmgr"
	"ringpg/backend/storage/predicate"
	"ringpg/backend/tlsconf"
	"strconv"
	"strings"

	"ringpg/backend"
	"ringpg/backend/storage/bufmgr"
	"ringpg/loop"
	"ringpg/loop/uring"
	"ringpg/serverlog"
	"ringpg/settings"
	"ringpg/shm"
)

// Version is ringpg's own version; server_version says which PostgreSQL
// it speaks for.
const Version = "0.1.0"

func main() {
	args := os.Args[1:]
	if len(args) > 0 {
		switch args[0] {
		case "backend":
			os.Exit(backend.Main())
		case "startup":
			os.Exit(backend.AuxMain(startupMain))
		case "aux":
			os.Exit(backend.AuxMain(auxMain(args[1:])))
		case "serve":
			args = args[1:]
		}
	}
	os.Exit(serve(args))
}

func serve(args []string) int {
	set := settings.New()
	rest, err := settings.ApplyArgs(set, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ringpg: %v\n", err)
		return 1
	}
	var show []string
	for i := 0; i < len(rest); i++ {
		switch a := rest[i]; a {
		case "--help", "-?":
			fmt.Print(settings.Usage())
			return 0
		case "--version", "-V":
			v, _ := set.Show("server_version")
			fmt.Printf("ringpg %s (PostgreSQL) %s\n", Version, v)
			return 0
		case "-C":
			if i+1 < len(rest) {
				show = append(show, rest[i+1])
				i++
			}
		case "--describe-config":
			for _, r := range set.ShowAll() {
				fmt.Printf("%s\t%s\t%s\n", r.Name, r.Setting, r.Description)
			}
			return 0
		default:
			fmt.Fprintf(os.Stderr, "ringpg: invalid argument: %q\nTry \"ringpg --help\" for more information.\n", a)
			return 1
		}
	}
	dir := dataDir(set)
	created, err := loop.PrepareDataDir(dir)
	if err != nil {
		serverlog.Fatalf("%v", err)
		return 1
	}
	confPath := filepath.Join(dir, "postgresql.conf")
	if err := loadConf(set, confPath); err != nil {
		return 1
	}
	if len(show) > 0 {
		for _, name := range show {
			v, err := set.Show(name)
			if err != nil {
				fmt.Fprintf(os.Stderr, "ringpg: %v\n", err)
				return 1
			}
			fmt.Println(v)
		}
		return 0
	}
	lvl, _ := set.Show("log_min_messages")
	serverlog.SetMinLevel(lvl)
	if created {
		serverlog.Printf("initialized new data directory %q", dir)
	}
	chooseIOMethod(set)
	if abs, err := filepath.Abs(dir); err == nil {
		// Backends find the relation files here.
		set.Apply("data_directory", abs, settings.ContextPostmaster, settings.SourceOverride)
	}
	if err := tlsconf.Check(set); err != nil {
		serverlog.Fatalf("%v", err)
		return 1
	}
	cfg := postmasterConfig(set, dir, confPath)
	pm, err := loop.New(cfg)
	if err != nil {
		serverlog.Fatalf("%v", err)
		return 1
	}
	v, _ := set.Show("server_version")
	serverlog.Printf("starting ringpg %s (PostgreSQL %s)", Version, v)
	if err := pm.Run(); err != nil {
		serverlog.Fatalf("%v", err)
		return 1
	}
	return 0
}

// dataDir follows the postgres binary: -D, then $PGDATA; ringpg adds a
// default of ./data so that a bare "ringpg" serves something.
func dataDir(set *settings.Set) string {
	if d := set.DataDirectory(); d != "" {
		return d
	}
	if d := os.Getenv("PGDATA"); d != "" {
		return d
	}
	return "data"
}

// loadConf reads postgresql.conf beneath the command line's values.
func loadConf(set *settings.Set, path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	logs, fatal := set.LoadConf(path)
	for _, l := range logs {
		serverlog.Printf("%s", l.Message)
	}
	if fatal != nil {
		serverlog.Fatalf("%v", fatal)
		return fatal
	}
	return nil
}

// chooseIOMethod falls back to plain system calls where the kernel (or a
// container's seccomp profile) refuses io_uring, saying so once.
func chooseIOMethod(set *settings.Set) {
	m, _ := set.Show("io_method")
	if m != "io_uring" {
		return
	}
	if err := uring.Supported(); err != nil {
		serverlog.Printf("io_uring is not available (%v); using io_method=sync", err)
		if err := set.Apply("io_method", "sync", settings.ContextPostmaster, settings.SourceOverride); err != nil {
			serverlog.Warnf("could not switch io_method: %v", err)
		}
	}
}

func postmasterConfig(set *settings.Set, dir, confPath string) loop.Config {
	listen := splitList(set.ListenAddresses())
	sockets := splitList(set.UnixSocketDirectories())
	huge, _ := set.Show("huge_pages")
	cfg := loop.Config{
		DataDir:         dir,
		Port:            set.Port(),
		ListenAddresses: listen,
		SocketDirs:      sockets,
		MaxConnections:  set.MaxConnections(),
		HugePages:       shm.HugePages(huge),
		AuthTimeout:     set.AuthenticationTimeout(),
		PoolMinIdle:     set.BackendPoolMinIdle(),
		CPUAffinity:     set.BackendCPUAffinity() == settings.CPUAffinitySpread,
		LogConnections:  set.Bool("log_connections"),
		BackendEnv:      []string{"GOMAXPROCS=2"},
	}
	// The buffer pool lives in the segment, sized by shared_buffers.
	cfg.Regions = []shm.RegionSpec{
		{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(int(set.SharedBuffers()))},
		{Name: transam.RegionName, Size: transam.RegionSize(cfg.MaxProcs())},
		{Name: catalog.RegionName, Size: catalog.RegionSize},
		{Name: lmgr.RegionName, Size: lmgr.RegionSize(cfg.MaxProcs())},
		{Name: predicate.RegionName, Size: predicate.RegionSize(cfg.MaxProcs(), int(set.IntOf(settings.MaxPredLocksPerTransaction)))},
		{Name: wal.RegionName, Size: wal.RegionSize(xlog.Buffers(set))},
		{Name: checkpoint.RegionName, Size: checkpoint.RegionSize},
		{Name: pgstat.RegionName, Size: pgstat.RegionSize(pgstat.EntriesFor(cfg.MaxProcs()))},
		{Name: notify.RegionName, Size: notify.RegionSize(cfg.MaxProcs())},
	}
	// Crash recovery runs in the startup process; the checkpointer, the
	// WAL writer, the background writer and autovacuum run beside the
	// backends.
	cfg.Startup = true
	cfg.Aux = []string{"checkpointer", "walwriter", "bgwriter", "autovacuum"}
	// The segment's size is known before it exists: publish it now so that
	// the settings every backend receives carry it.
	seg := shm.Config{MaxProcs: cfg.MaxProcs(), Regions: cfg.Regions}
	set.SetInternal("shared_memory_size", strconv.Itoa((shm.Size(seg)+(1<<20)-1)>>20)+"MB")
	set.SetInternal("shared_memory_size_in_huge_pages", strconv.Itoa(shm.SizeInHugePages(seg)))
	cfg.Settings = set.Encode()
	cfg.Checkpoint = func(seg *shm.Segment) error { return checkpoint.ShutdownCheckpoint(seg, set) }
	// Reload logs what PostgreSQL logs on SIGHUP (each change, each value
	// that needs a restart) and hands the new values to the postmaster.
	cfg.Reload = func() ([]byte, error) {
		for _, l := range set.ReloadConf(confPath) {
			serverlog.Printf("%s", l.Message)
		}
		lvl, _ := set.Show("log_min_messages")
		serverlog.SetMinLevel(lvl)
		return set.Encode(), nil
	}
	return cfg
}

// splitList splits a comma-separated setting, dropping blanks.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
