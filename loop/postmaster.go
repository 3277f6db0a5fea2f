package loop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/panjf2000/gnet/v2"
	"golang.org/x/sys/unix"

	"ringpg/loop/handoff"
	"ringpg/serverlog"
	"ringpg/shm"
)

// Config is what the postmaster needs from the settings. The command line
// builds it; Settings is the encoded settings blob every backend receives.
type Config struct {
	DataDir         string
	Port            int
	ListenAddresses []string // "*" = every address; empty = no TCP
	SocketDirs      []string // empty = no Unix socket
	MaxConnections  int
	HugePages       shm.HugePages
	Regions         []shm.RegionSpec // named regions of the segment (buffer pool, ...), sized by the caller
	AuthTimeout     time.Duration
	PoolMinIdle     int  // warm idle backends to keep
	CPUAffinity     bool // pin each backend to one CPU
	LogConnections  bool
	Exe             string   // this binary, re-executed as "backend"
	BackendEnv      []string // extra environment for backends (GOMAXPROCS, GOGC, ...)
	Settings        []byte   // encoded settings for backends

	// Reload re-reads the configuration on SIGHUP and returns the new
	// encoded settings; nil means SIGHUP only signals the backends.
	Reload func() ([]byte, error)

	// Checkpoint writes the segment's shared state (buffer pool, commit
	// log) to the data directory and makes it durable. The postmaster calls
	// it at a smart or fast shutdown once every backend has exited; nil
	// means there is nothing to write.
	Checkpoint func(seg *shm.Segment) error
}

// pmState is the postmaster's life cycle.
type pmState int

const (
	pmStarting pmState = iota
	pmRunning
	pmResetting     // crash-restart under way
	pmSmartShutdown // no new sessions; exit when the last ends
	pmFastShutdown  // sessions are being terminated
	pmStopped
)

// Postmaster is the server's supervisor process.
type Postmaster struct {
	cfg      Config
	exe      string
	pidFile  *lockFile
	sockLock []*lockFile
	deathR   *os.File // read end of the death pipe, inherited by every child
	deathW   *os.File // held open for the postmaster's life; its close is our death notice

	eng     gnet.Engine   // written once in OnBoot, before booted is closed
	booted  chan struct{} // closed when the event loop runs
	engOnce sync.Once
	stopped chan struct{}

	mu       sync.Mutex
	state    pmState          // guarded by mu
	seg      *shm.Segment     // guarded by mu; replaced by a crash-restart
	segFile  *os.File         // guarded by mu; the memfd as an *os.File for ExtraFiles
	backends map[int]*backend // guarded by mu; by pid
	idle     []*backend       // guarded by mu; LIFO: the warmest first
	pending  []gnet.Conn      // guarded by mu; clients with a startup packet, waiting for a backend
	sessions int              // guarded by mu; clients handed off or pending
	starting int              // guarded by mu; spawns under way
	freeSlot []int            // guarded by mu; proc slots not in use
	settings []byte           // guarded by mu; the blob sent to new backends
	spawnReq chan struct{}    // wakes the spawner
	spawnFn  chan func()      // work run on the spawner's locked thread
}

// maxBackends is how many backend processes may exist at once: one per
// connection plus the warm idle ones.
func (c *Config) maxBackends() int { return c.MaxConnections + c.PoolMinIdle }

// New checks the data directory and takes its lock. It does not listen yet.
func New(cfg Config) (*Postmaster, error) {
	if cfg.MaxConnections < 1 {
		return nil, fmt.Errorf("max_connections must be at least 1")
	}
	if cfg.PoolMinIdle < 1 {
		cfg.PoolMinIdle = 1
	}
	if cfg.Exe == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("could not find own executable: %w", err)
		}
		cfg.Exe = exe
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	cfg.DataDir = dir
	pm := &Postmaster{
		cfg:      cfg,
		stopped:  make(chan struct{}),
		booted:   make(chan struct{}),
		backends: make(map[int]*backend),
		settings: cfg.Settings,
		spawnReq: make(chan struct{}, 1),
		spawnFn:  make(chan func()),
	}
	sockDir := ""
	if len(cfg.SocketDirs) > 0 {
		sockDir = cfg.SocketDirs[0]
	}
	listen := strings.Join(cfg.ListenAddresses, ",")
	pm.pidFile, err = acquireLock(filepath.Join(dir, "postmaster.pid"),
		pidFileLines(dir, cfg.Port, sockDir, listen, "starting"))
	if err != nil {
		return nil, err
	}
	return pm, nil
}

// Run starts the server and returns when it has shut down.
func (pm *Postmaster) Run() error {
	defer pm.pidFile.release()
	// Signals are queued from here on and acted on once the loop runs.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, unix.SIGTERM, unix.SIGINT, unix.SIGQUIT, unix.SIGHUP)
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("death pipe: %w", err)
	}
	pm.deathR, pm.deathW = r, w
	go pm.spawner()
	if err := pm.newSegment(); err != nil {
		return err
	}
	addrs, err := pm.listenAddrs()
	if err != nil {
		return err
	}
	if len(addrs) == 0 {
		return errors.New("no socket created for listening")
	}
	defer func() {
		for _, l := range pm.sockLock {
			l.release()
		}
	}()
	pm.mu.Lock()
	pm.state = pmRunning
	pm.mu.Unlock()
	pm.requestSpawn()
	go pm.signals(sigs)

	h := &handler{pm: pm, conns: make(map[gnet.Conn]*client)}
	err = gnet.Rotate(h, addrs,
		gnet.WithNumEventLoop(1),
		gnet.WithTicker(true),
		gnet.WithTCPNoDelay(gnet.TCPNoDelay),
		gnet.WithReuseAddr(true),
		gnet.WithLogger(gnetLogger{}),
	)
	pm.stopChildren()
	pm.shutdownCheckpoint()
	close(pm.stopped)
	if err != nil {
		return fmt.Errorf("event loop: %w", err)
	}
	serverlog.Printf("database system is shut down")
	return nil
}

// listenAddrs turns listen_addresses and unix_socket_directories into gnet
// addresses, checking that each can be bound (gnet refuses all if one fails;
// PostgreSQL only warns about the ones it cannot bind).
func (pm *Postmaster) listenAddrs() ([]string, error) {
	var out []string
	port := strconv.Itoa(pm.cfg.Port)
	for _, a := range pm.cfg.ListenAddresses {
		a = strings.TrimSpace(a)
		var hosts []string
		switch a {
		case "":
			continue
		case "*":
			hosts = []string{"0.0.0.0", "::"}
		case "localhost":
			hosts = []string{"127.0.0.1", "::1"}
		default:
			hosts = []string{a}
		}
		for _, h := range hosts {
			hp := net.JoinHostPort(h, port)
			network := "tcp4"
			if strings.Contains(h, ":") {
				network = "tcp6"
			}
			l, err := net.Listen(network, hp)
			if err != nil {
				serverlog.Warnf("could not bind %s address %q: %v", strings.ToUpper(network[:3])+network[3:], h, err)
				continue
			}
			l.Close()
			serverlog.Printf("listening on %s address %q, port %d", ipFamily(network), h, pm.cfg.Port)
			out = append(out, network+"://"+hp)
		}
	}
	for _, d := range pm.cfg.SocketDirs {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		path := filepath.Join(d, ".s.PGSQL."+port)
		lock, err := acquireLock(path+".lock", []string{strconv.Itoa(os.Getpid()), pm.cfg.DataDir})
		if err != nil {
			return nil, err
		}
		pm.sockLock = append(pm.sockLock, lock)
		os.Remove(path) // stale: its lock was free
		out = append(out, "unix://"+path)
		serverlog.Printf("listening on Unix socket %q", path)
	}
	return out, nil
}

func ipFamily(network string) string {
	if network == "tcp6" {
		return "IPv6"
	}
	return "IPv4"
}

// newSegment creates the shared segment (at start and after a crash) and
// the memfd wrapper children inherit.
func (pm *Postmaster) newSegment() error {
	cfg := shm.Config{MaxProcs: pm.cfg.maxBackends(), HugePages: pm.cfg.HugePages, Regions: pm.cfg.Regions}
	seg, err := shm.Create(cfg)
	if err != nil {
		return err
	}
	pm.mu.Lock()
	old, oldFile := pm.seg, pm.segFile
	pm.seg = seg
	pm.segFile = os.NewFile(uintptr(seg.Fd()), "shm")
	pm.freeSlot = pm.freeSlot[:0]
	for i := seg.MaxProcs() - 1; i >= 0; i-- {
		pm.freeSlot = append(pm.freeSlot, i)
	}
	pm.mu.Unlock()
	if old != nil {
		gen := old.Counters().Generation.Load()
		seg.Counters().Generation.Store(gen + 1)
		oldFile.Close() // also closes the old memfd
		unixMunmapQuiet(old)
	}
	return nil
}

func unixMunmapQuiet(s *shm.Segment) {
	// The descriptor was closed with its *os.File; unmap only.
	_ = s.Unmap()
}

// signals applies PostgreSQL's signal meanings to the postmaster.
func (pm *Postmaster) signals(ch <-chan os.Signal) {
	for sig := range ch {
		switch sig {
		case unix.SIGHUP:
			pm.reload()
		case unix.SIGTERM:
			serverlog.Printf("received smart shutdown request")
			pm.smartShutdown()
		case unix.SIGINT:
			serverlog.Printf("received fast shutdown request")
			pm.fastShutdown()
		case unix.SIGQUIT:
			serverlog.Printf("received immediate shutdown request")
			pm.immediateShutdown()
		}
	}
}

func (pm *Postmaster) reload() {
	serverlog.Printf("received SIGHUP, reloading configuration files")
	if pm.cfg.Reload != nil {
		blob, err := pm.cfg.Reload()
		if err != nil {
			serverlog.Errorf("reloading configuration: %v", err)
		}
		if blob != nil {
			pm.mu.Lock()
			pm.settings = blob
			// Each backend's next session starts from the new values.
			for _, b := range pm.backends {
				if !b.closed {
					handoff.SendConfig(b.ctl, blob)
				}
			}
			pm.mu.Unlock()
		}
	}
	// Backends are not signalled: a signal can reach a just-started process
	// before its handlers are installed, and the settings travel on the
	// control socket anyway.
}

// stopEngine ends the event loop; Run then returns.
func (pm *Postmaster) stopEngine() {
	pm.engOnce.Do(func() {
		go func() {
			<-pm.booted
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := pm.eng.Stop(ctx); err != nil {
				serverlog.Warnf("stopping event loop: %v", err)
			}
		}()
	})
}

func (pm *Postmaster) smartShutdown() {
	pm.mu.Lock()
	if pm.state >= pmSmartShutdown {
		pm.mu.Unlock()
		return
	}
	pm.state = pmSmartShutdown
	idle := pm.idle
	pm.idle = nil
	done := pm.sessions == 0
	pm.mu.Unlock()
	for _, b := range idle {
		unix.Kill(b.pid, unix.SIGTERM)
	}
	if done {
		pm.stopEngine()
	}
}

func (pm *Postmaster) fastShutdown() {
	pm.mu.Lock()
	if pm.state >= pmFastShutdown {
		pm.mu.Unlock()
		return
	}
	pm.state = pmFastShutdown
	pm.mu.Unlock()
	serverlog.Printf("aborting any active transactions")
	pm.signalBackends(unix.SIGTERM)
	pm.stopEngine()
}

func (pm *Postmaster) immediateShutdown() {
	pm.mu.Lock()
	pm.state = pmStopped
	seg := pm.seg
	pm.mu.Unlock()
	seg.Counters().QuitReason.Store(handoff.QuitForStop)
	pm.signalBackends(unix.SIGQUIT)
	pm.stopEngine()
}

// signalBackends sends sig to every backend process.
func (pm *Postmaster) signalBackends(sig unix.Signal) {
	pm.mu.Lock()
	pids := make([]int, 0, len(pm.backends))
	for pid := range pm.backends {
		pids = append(pids, pid)
	}
	pm.mu.Unlock()
	for _, pid := range pids {
		unix.Kill(pid, sig)
	}
}

// stopChildren makes sure no child outlives the postmaster: it asks them to
// terminate, waits up to five seconds, then kills what remains.
func (pm *Postmaster) stopChildren() {
	pm.mu.Lock()
	if pm.state < pmFastShutdown {
		pm.state = pmFastShutdown
	}
	pm.mu.Unlock()
	pm.signalBackends(unix.SIGTERM)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		pm.mu.Lock()
		n := len(pm.backends)
		pm.mu.Unlock()
		if n == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	pm.signalBackends(unix.SIGKILL)
}

// shutdownCheckpoint writes everything out after a smart or fast shutdown
// (an immediate one leaves the files as a crash would).
func (pm *Postmaster) shutdownCheckpoint() {
	pm.mu.Lock()
	immediate := pm.state == pmStopped
	seg := pm.seg
	n := len(pm.backends)
	pm.mu.Unlock()
	if immediate || pm.cfg.Checkpoint == nil || seg == nil || n > 0 {
		return
	}
	serverlog.Printf("shutting down")
	if err := pm.cfg.Checkpoint(seg); err != nil {
		serverlog.Errorf("shutdown checkpoint failed: %v", err)
	}
}
