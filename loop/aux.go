package loop

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"ringpg/backend/storage/lmgr"
	"ringpg/backend/storage/predicate"
	"ringpg/loop/handoff"
	"ringpg/serverlog"
	"ringpg/shm"
)

// The startup process and the auxiliary processes.
//
// The startup process ("Exe startup") runs once on every new segment, at
// start and after each crash-restart, before any backend exists: it is where
// crash recovery replays into the segment. Until it has exited 0 the state
// stays pmStarting (or pmResetting) and new clients are answered 57P03, as
// PostgreSQL answers them while its startup process runs.
//
// Auxiliary processes ("Exe aux NAME") start once the startup process has
// succeeded and run while the server serves. They inherit what a backend
// inherits (the segment memfd, a control socket carrying the settings blob
// and each reload, the death pipe, PR_SET_PDEATHSIG) and are reaped like
// backends: an abnormal exit is a crash and starts the crash-restart
// procedure (during a smart or fast shutdown: an immediate stop, without the
// checkpoint); an exit 0 while the server serves is followed by a new start,
// at most one per auxRetryDelay. At shutdown they get SIGTERM only after the
// last backend has exited, and the checkpoint is written after them.
//
// Proc slots: the segment has cfg.MaxProcs() slots. Slots [0, maxBackends)
// belong to backends (the freeSlot list); slot maxBackends is the startup
// process's; slot maxBackends+1+i is the i-th entry of cfg.Aux's. MaxAux+1
// slots are reserved whatever len(cfg.Aux) is, so that the segment's size
// does not depend on it.

// MaxAux bounds len(Config.Aux).
const MaxAux = 4

// auxStopTimeout bounds the wait for auxiliary processes at shutdown, after
// SIGTERM, before they are killed.
const auxStopTimeout = 30 * time.Second

// auxRetryDelay is how long a name whose process could not be started waits
// before the next try.
const auxRetryDelay = time.Second

// startupName is the startup process's name in auxProc records.
const startupName = "startup"

// MaxProcs is the number of proc slots the shared segment needs: one per
// possible backend, one for the startup process and MaxAux for auxiliary
// processes.
func (c *Config) MaxProcs() int { return c.maxBackends() + 1 + MaxAux }

// startupSlot is the startup process's fixed proc slot.
func (c *Config) startupSlot() int { return c.maxBackends() }

// auxSlot is the fixed proc slot of the i-th auxiliary process.
func (c *Config) auxSlot(i int) int { return c.maxBackends() + 1 + i }

// checkAux validates cfg.Aux.
func checkAux(names []string) error {
	if len(names) > MaxAux {
		return fmt.Errorf("%d auxiliary processes configured, at most %d are possible", len(names), MaxAux)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || n == startupName || strings.ContainsAny(n, " \t\n") {
			return fmt.Errorf("invalid auxiliary process name %q", n)
		}
		if seen[n] {
			return fmt.Errorf("auxiliary process %q configured twice", n)
		}
		seen[n] = true
	}
	return nil
}

// auxProc is the postmaster's record of the startup process or of one
// auxiliary process. Fields other than the immutable ones are guarded by
// Postmaster.mu.
type auxProc struct {
	name string       // immutable: "startup" or the Aux entry
	pid  int          // immutable
	slot int          // immutable
	ctl  int          // immutable: the postmaster's end of the control socket (non-blocking)
	seg  *shm.Segment // immutable: the segment it was started on
	born time.Time    // immutable: when it was started

	closed bool // ctl has been closed (the process was reaped)
}

// childName is how PostgreSQL names a process kind in its log.
func childName(name string) string {
	switch name {
	case startupName:
		return "startup process"
	case "checkpointer":
		return "checkpointer process"
	case "walwriter":
		return "WAL writer process"
	case "bgwriter":
		return "background writer process"
	case "autovacuum":
		return "autovacuum launcher process"
	}
	return name + " process"
}

// logChildExit writes PostgreSQL's line for a child's exit at level lvl.
func logChildExit(lvl serverlog.Level, what string, pid int, st syscall.WaitStatus) {
	if st.Signaled() {
		serverlog.Logf(lvl, "%s (PID %d) was terminated by signal %d: %s", what, pid, int(st.Signal()), signalDesc(st.Signal()))
		return
	}
	serverlog.Logf(lvl, "%s (PID %d) exited with exit code %d", what, pid, st.ExitStatus())
}

// signalDesc is strsignal's wording ("Killed"); Go's names are lower case.
func signalDesc(sig syscall.Signal) string {
	s := sig.String()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// onSpawner runs fn on the spawner's locked thread and waits for it; false
// when the postmaster has stopped.
func (pm *Postmaster) onSpawner(fn func()) bool {
	done := make(chan struct{})
	select {
	case pm.spawnFn <- func() { fn(); close(done) }:
		<-done
		return true
	case <-pm.stopped:
		return false
	}
}

// startAux starts the startup process (name "startup") or an auxiliary
// process in slot on the current segment and records it. It must run on the
// spawner's thread.
func (pm *Postmaster) startAux(name string, slot int) (*auxProc, *exec.Cmd, error) {
	pm.mu.Lock()
	seg, segFile, settings := pm.seg, pm.segFile, pm.settings
	pm.mu.Unlock()
	pmEnd, childEnd, err := handoff.Pair()
	if err != nil {
		return nil, nil, err
	}
	args := []string{"aux", name}
	if name == startupName {
		args = []string{startupName}
	}
	childFile := os.NewFile(uintptr(childEnd), "control")
	cmd := pm.childCommand(args, slot, segFile, childFile)
	err = cmd.Start()
	childFile.Close()
	if err != nil {
		unix.Close(pmEnd)
		return nil, nil, fmt.Errorf("exec %s: %w", pm.cfg.Exe, err)
	}
	if err := handoff.SendConfig(pmEnd, settings); err != nil {
		serverlog.Warnf("sending settings to %s %d: %v", childName(name), cmd.Process.Pid, err)
	}
	if err := unix.SetNonblock(pmEnd, true); err != nil {
		serverlog.Warnf("control socket of %s %d: %v", childName(name), cmd.Process.Pid, err)
	}
	a := &auxProc{name: name, pid: cmd.Process.Pid, slot: slot, ctl: pmEnd, seg: seg, born: time.Now()}
	pm.mu.Lock()
	pm.aux[a.pid] = a
	if name != startupName {
		pm.auxByName[name] = a
	}
	// The state may have moved while the process started, after the
	// other children were signalled: give it the signal it missed.
	var sig unix.Signal
	switch {
	case pm.state == pmStopped || seg != pm.seg || (pm.state == pmResetting && name != startupName):
		sig = unix.SIGQUIT
	case pm.state >= pmSmartShutdown && name == startupName:
		sig = unix.SIGTERM
	}
	pm.mu.Unlock()
	if sig != 0 {
		unix.Kill(a.pid, sig)
	}
	serverlog.Logf(serverlog.Debug1, "%s started (PID %d)", childName(name), a.pid)
	return a, cmd, nil
}

// childCommand is the command line, environment and descriptors every child
// gets (handoff's contract: segment, control socket, death pipe).
func (pm *Postmaster) childCommand(args []string, slot int, segFile, ctl *os.File) *exec.Cmd {
	cmd := exec.Command(pm.cfg.Exe, args...)
	cmd.Env = append(os.Environ(), pm.cfg.BackendEnv...)
	cmd.Env = append(cmd.Env, handoff.EnvSlot+"="+strconv.Itoa(slot))
	cmd.ExtraFiles = []*os.File{segFile, ctl, pm.deathR}
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd
}

// auxGoneLocked does the bookkeeping for a reaped startup or auxiliary process.
// Caller holds pm.mu.
func (pm *Postmaster) auxGoneLocked(a *auxProc, crashed bool) {
	delete(pm.aux, a.pid)
	if pm.auxByName[a.name] == a {
		delete(pm.auxByName, a.name)
	}
	a.closed = true
	unix.Close(a.ctl)
	if a.seg == pm.seg {
		if !crashed {
			if n, err := lmgr.Cleanup(a.seg, a.slot); err == nil && n > 0 {
				serverlog.Warnf("released %d locks left by %s (PID %d)", n, childName(a.name), a.pid)
			}
			if n, err := predicate.Cleanup(a.seg, a.slot); err == nil && n > 0 {
				serverlog.Warnf("rolled back %d serializable transactions left by %s (PID %d)", n, childName(a.name), a.pid)
			}
		}
		a.seg.Proc(a.slot).Clear()
	}
}

// finishStartup runs the startup process on the current segment (when the
// configuration asks for one) and then opens the server for sessions. from
// is the state it runs in: pmStarting at start, pmResetting after a crash;
// a shutdown requested meanwhile wins.
func (pm *Postmaster) finishStartup(from pmState) {
	if pm.cfg.Startup && !pm.runStartup() {
		return
	}
	pm.mu.Lock()
	if pm.state != from {
		pm.mu.Unlock()
		return
	}
	pm.state = pmRunning
	pm.recovered = true
	pm.mu.Unlock()
	serverlog.Printf("database system is ready to accept connections")
	pm.pidFile.setStatus("ready")
	pm.requestSpawn() // the auxiliary processes, then the backend pool
}

// runStartup starts the startup process, waits for it and says whether it
// succeeded. A failure while starting up aborts the server: Run returns an
// error.
func (pm *Postmaster) runStartup() bool {
	var (
		a   *auxProc
		cmd *exec.Cmd
		err error
	)
	if !pm.onSpawner(func() { a, cmd, err = pm.startAux(startupName, pm.cfg.startupSlot()) }) {
		return false
	}
	if err != nil {
		serverlog.Errorf("could not start startup process: %v", err)
		pm.abortStartup(fmt.Errorf("could not start startup process: %w", err))
		return false
	}
	werr := cmd.Wait()
	status, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	ok := werr == nil && status.Exited() && status.ExitStatus() == 0
	pm.mu.Lock()
	pm.auxGoneLocked(a, !ok)
	state := pm.state
	pm.mu.Unlock()
	switch {
	case ok:
		logChildExit(serverlog.Debug1, childName(startupName), a.pid, status)
		return true
	case state == pmStarting || state == pmResetting:
		logChildExit(serverlog.Log, childName(startupName), a.pid, status)
		serverlog.Printf("aborting startup due to startup process failure")
		what := fmt.Sprintf("exited with exit code %d", status.ExitStatus())
		if status.Signaled() {
			what = fmt.Sprintf("was terminated by signal %d: %s", int(status.Signal()), signalDesc(status.Signal()))
		}
		pm.abortStartup(fmt.Errorf("startup process (PID %d) %s", a.pid, what))
	default: // stopped by a shutdown request
		logChildExit(serverlog.Debug1, childName(startupName), a.pid, status)
	}
	return false
}

// abortStartup ends the server after the startup process failed; Run
// returns err. No checkpoint is written: recovery did not finish.
func (pm *Postmaster) abortStartup(err error) {
	pm.mu.Lock()
	if pm.startupErr == nil {
		pm.startupErr = err
	}
	if pm.state < pmFastShutdown {
		pm.state = pmFastShutdown
	}
	pm.mu.Unlock()
	pm.stopEngine()
}

// wantAuxLocked says whether auxiliary processes should run now. Caller
// holds pm.mu.
func (pm *Postmaster) wantAuxLocked() bool {
	return pm.recovered && (pm.state == pmRunning || pm.state == pmSmartShutdown)
}

// spawnAux starts every configured auxiliary process that is not running.
// It runs on the spawner's thread. A name whose start failed is tried again
// after auxRetryDelay, not at once.
func (pm *Postmaster) spawnAux() {
	for i, name := range pm.cfg.Aux {
		pm.mu.Lock()
		_, running := pm.auxByName[name]
		want := pm.wantAuxLocked() && !running && !time.Now().Before(pm.auxRetry[name])
		pm.mu.Unlock()
		if !want {
			continue
		}
		a, cmd, err := pm.startAux(name, pm.cfg.auxSlot(i))
		if err != nil {
			serverlog.Errorf("could not start %s: %v", childName(name), err)
			pm.mu.Lock()
			pm.auxRetry[name] = time.Now().Add(auxRetryDelay)
			pm.mu.Unlock()
			time.AfterFunc(auxRetryDelay, pm.requestSpawn)
			continue
		}
		go pm.reapAux(a, cmd)
	}
}

// reapAux waits for an auxiliary process to exit and decides what its exit
// means: a crash while running restarts the server; an exit 0 while serving
// is followed by a new start.
func (pm *Postmaster) reapAux(a *auxProc, cmd *exec.Cmd) {
	err := cmd.Wait()
	status, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	crashed := err != nil || !status.Exited() || status.ExitStatus() != 0

	pm.mu.Lock()
	pm.auxGoneLocked(a, crashed)
	current := a.seg == pm.seg
	state := pm.state
	pm.mu.Unlock()

	switch {
	case crashed && state == pmRunning && current:
		logChildExit(serverlog.Log, childName(a.name), a.pid, status)
		serverlog.Printf("terminating any other active server processes")
		go pm.crashRestart()
	case crashed && current && (state == pmSmartShutdown || state == pmFastShutdown):
		// Shared memory may be damaged and the server is going down
		// anyway: stop as an immediate shutdown does, without the
		// checkpoint, as PostgreSQL does after a crash during shutdown.
		logChildExit(serverlog.Log, childName(a.name), a.pid, status)
		serverlog.Printf("terminating any other active server processes")
		pm.immediateStop(handoff.QuitForCrash)
	default:
		logChildExit(serverlog.Debug1, childName(a.name), a.pid, status)
	}
	if !crashed && time.Since(a.born) < auxRetryDelay {
		// One that keeps exiting at once is not restarted in a hot loop.
		pm.mu.Lock()
		pm.auxRetry[a.name] = a.born.Add(auxRetryDelay)
		pm.mu.Unlock()
		time.AfterFunc(time.Until(a.born.Add(auxRetryDelay)), pm.requestSpawn)
		return
	}
	pm.requestSpawn()
}

// signalAux sends sig to the auxiliary processes and, with startup, to the
// startup process too.
func (pm *Postmaster) signalAux(sig unix.Signal, startup bool) {
	pm.mu.Lock()
	pids := make([]int, 0, len(pm.aux))
	for pid, a := range pm.aux {
		if startup || a.name != startupName {
			pids = append(pids, pid)
		}
	}
	pm.mu.Unlock()
	for _, pid := range pids {
		unix.Kill(pid, sig)
	}
}

// signalAll sends sig to every child: backends, the startup process and the
// auxiliary processes.
func (pm *Postmaster) signalAll(sig unix.Signal) {
	pm.signalBackends(sig)
	pm.signalAux(sig, true)
}

// waitChildren polls until count returns 0 or timeout passes; it says
// whether count reached 0.
func (pm *Postmaster) waitChildren(count func() int, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		pm.mu.Lock()
		n := count()
		pm.mu.Unlock()
		if n == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// countAux and countAll are for waitChildren; caller holds pm.mu.
func (pm *Postmaster) countAux() int { return len(pm.aux) }

func (pm *Postmaster) countAll() int { return len(pm.backends) + len(pm.aux) }

// startupRunningLocked is 1 while the startup process runs, else 0. Caller
// holds pm.mu.
func (pm *Postmaster) startupRunningLocked() int {
	for _, a := range pm.aux {
		if a.name == startupName {
			return 1
		}
	}
	return 0
}

// signalStartup sends sig to the startup process, if it runs.
func (pm *Postmaster) signalStartup(sig unix.Signal) {
	pm.mu.Lock()
	pid := 0
	for p, a := range pm.aux {
		if a.name == startupName {
			pid = p
		}
	}
	pm.mu.Unlock()
	if pid != 0 {
		unix.Kill(pid, sig)
	}
}
