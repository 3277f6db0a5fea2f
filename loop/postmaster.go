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

	"ringpg/backend/sql/exec/spill"
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

	// Startup, when true, makes the postmaster run the startup process
	// ("Exe startup") on every new segment, at start and after every
	// crash-restart, and hand no client to a backend, and spawn no
	// backend, until it has exited 0. It is where crash recovery runs. The
	// postmaster listens meanwhile and answers new clients 57P03 ("the
	// database system is starting up", or "... is in recovery mode" after
	// a crash), as PostgreSQL does. A startup process that exits non-zero
	// or by a signal aborts the server: Run returns an error.
	Startup bool

	// Aux names the auxiliary processes ("Exe aux NAME", e.g.
	// "checkpointer", "walwriter", "bgwriter"; at most MaxAux) started once
	// the startup process has succeeded and kept running while the server
	// serves. One that dies abnormally (a signal, or an exit code other
	// than 0) is a crash, handled as a backend's crash; one that exits 0
	// while the server serves is started again.
	Aux []string
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

	aux        map[int]*auxProc     // guarded by mu; the startup and auxiliary processes alive, by pid
	auxByName  map[string]*auxProc  // guarded by mu; the auxiliary processes alive, by name
	auxRetry   map[string]time.Time // guarded by mu; when a name whose start failed may be tried again
	recovered  bool                 // guarded by mu; the current segment has passed the startup process
	startupErr error                // guarded by mu; why the startup process failed, returned by Run
	killed     bool                 // guarded by mu; a child was killed at shutdown: no checkpoint

	spawnReq chan struct{} // wakes the spawner
	spawnFn  chan func()   // work run on the spawner's locked thread
}

// maxBackends is how many backend processes may exist at once: one per
// connection plus the warm idle ones (at least one, as New makes it).
func (c *Config) maxBackends() int { return c.MaxConnections + max(c.PoolMinIdle, 1) }

// New checks the data directory and takes its lock. It does not listen yet.
func New(cfg Config) (*Postmaster, error) {
	if cfg.MaxConnections < 1 {
		return nil, fmt.Errorf("max_connections must be at least 1")
	}
	if cfg.PoolMinIdle < 1 {
		cfg.PoolMinIdle = 1
	}
	if err := checkAux(cfg.Aux); err != nil {
		return nil, err
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
		cfg:       cfg,
		stopped:   make(chan struct{}),
		booted:    make(chan struct{}),
		backends:  make(map[int]*backend),
		aux:       make(map[int]*auxProc),
		auxByName: make(map[string]*auxProc),
		auxRetry:  make(map[string]time.Time),
		settings:  cfg.Settings,
		spawnReq:  make(chan struct{}, 1),
		spawnFn:   make(chan func()),
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
	defer signal.Stop(sigs)
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("death pipe: %w", err)
	}
	pm.deathR, pm.deathW = r, w
	go pm.spawner()
	if err := pm.newSegment(); err != nil {
		return err
	}
	// Temporary files of a server that crashed are nobody's now.
	if err := spill.RemoveLeftovers(filepath.Join(pm.cfg.DataDir, "base", spill.DirName)); err != nil {
		serverlog.Warnf("removing temporary files: %v", err)
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
	if pm.cfg.Startup {
		// Listen first, as PostgreSQL does: clients that come during
		// recovery hear 57P03 "the database system is starting up".
		go func() {
			select {
			case <-pm.booted:
				pm.finishStartup(pmStarting)
			case <-pm.stopped:
			}
		}()
	} else {
		pm.mu.Lock()
		pm.state = pmRunning
		pm.recovered = true
		pm.mu.Unlock()
		pm.requestSpawn()
	}
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
	pm.mu.Lock()
	serr := pm.startupErr
	pm.mu.Unlock()
	if serr != nil {
		return serr
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
	cfg := shm.Config{MaxProcs: pm.cfg.MaxProcs(), HugePages: pm.cfg.HugePages, Regions: pm.cfg.Regions}
	seg, err := shm.Create(cfg)
	if err != nil {
		return err
	}
	pm.mu.Lock()
	old, oldFile := pm.seg, pm.segFile
	pm.seg = seg
	pm.segFile = os.NewFile(uintptr(seg.Fd()), "shm")
	pm.freeSlot = pm.freeSlot[:0]
	// Backends take slots [0, maxBackends); the startup and auxiliary
	// processes have fixed slots after them (aux.go).
	for i := pm.cfg.maxBackends() - 1; i >= 0; i-- {
		pm.freeSlot = append(pm.freeSlot, i)
	}
	pm.recovered = !pm.cfg.Startup
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
			pm.pidFile.setStatus("stopping")
			pm.smartShutdown()
		case unix.SIGINT:
			serverlog.Printf("received fast shutdown request")
			pm.pidFile.setStatus("stopping")
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
			// The startup and auxiliary processes get them at once.
			for _, a := range pm.aux {
				if !a.closed {
					if err := handoff.SendConfig(a.ctl, blob); err != nil {
						serverlog.Warnf("sending settings to %s %d: %v", childName(a.name), a.pid, err)
					}
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

func (pm *Postmaster) immediateShutdown() { pm.immediateStop(handoff.QuitForStop) }

// immediateStop quits every child with SIGQUIT (reason tells backends what
// to tell their clients) and ends the server without a checkpoint.
func (pm *Postmaster) immediateStop(reason uint32) {
	pm.mu.Lock()
	pm.state = pmStopped
	seg := pm.seg
	pm.mu.Unlock()
	seg.Counters().QuitReason.Store(reason)
	pm.signalAll(unix.SIGQUIT)
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

// stopChildren makes sure no child outlives the postmaster. Backends (and a
// startup process still running) are asked to terminate first, waited for up
// to five seconds and then killed; only then are the auxiliary processes
// asked to terminate, as PostgreSQL stops its checkpointer and writers after
// the last backend, and waited for up to auxStopTimeout before being killed.
func (pm *Postmaster) stopChildren() {
	pm.mu.Lock()
	if pm.state < pmFastShutdown {
		pm.state = pmFastShutdown
	}
	pm.mu.Unlock()
	pm.signalBackends(unix.SIGTERM)
	pm.signalStartup(unix.SIGTERM)
	first := func() int { return len(pm.backends) + pm.startupRunningLocked() }
	if !pm.waitChildren(first, 5*time.Second) {
		pm.killedAtStop()
		pm.signalBackends(unix.SIGKILL)
		pm.signalStartup(unix.SIGKILL)
		pm.waitChildren(first, time.Second)
	}
	pm.signalAux(unix.SIGTERM, false)
	if !pm.waitChildren(pm.countAux, auxStopTimeout) {
		pm.killedAtStop()
		pm.signalAux(unix.SIGKILL, true)
		pm.waitChildren(pm.countAux, time.Second)
	}
}

// killedAtStop notes that a child had to be killed at shutdown: it may have
// died in the middle of changing shared memory, so no checkpoint follows.
func (pm *Postmaster) killedAtStop() {
	pm.mu.Lock()
	pm.killed = true
	pm.mu.Unlock()
}

// shutdownCheckpoint writes everything out after a smart or fast shutdown
// (an immediate one leaves the files as a crash would).
func (pm *Postmaster) shutdownCheckpoint() {
	pm.mu.Lock()
	immediate := pm.state == pmStopped
	seg := pm.seg
	n := len(pm.backends) + len(pm.aux)
	recovered, killed := pm.recovered, pm.killed
	pm.mu.Unlock()
	// Without a finished recovery the segment is not a state to write, nor
	// after a child was killed.
	if immediate || pm.cfg.Checkpoint == nil || seg == nil || n > 0 || !recovered || killed {
		return
	}
	serverlog.Printf("shutting down")
	if err := pm.cfg.Checkpoint(seg); err != nil {
		serverlog.Errorf("shutdown checkpoint failed: %v", err)
	}
}
