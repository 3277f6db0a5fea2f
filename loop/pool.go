package loop

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"ringpg/backend/storage/lmgr"
	"ringpg/backend/storage/predicate"
	"runtime"
	"syscall"
	"time"

	"github.com/panjf2000/gnet/v2"
	"golang.org/x/sys/unix"

	"ringpg/loop/handoff"
	"ringpg/serverlog"
	"ringpg/shm"
)

// backend is the postmaster's record of one backend process. Fields other
// than the immutable ones are guarded by Postmaster.mu.
type backend struct {
	pid     int      // immutable
	slot    int      // immutable
	ctl     int      // immutable: the postmaster's end of the control socket (non-blocking)
	ctlFile *os.File // immutable: ctl registered with the runtime poller, for reading notes
	seg     *shm.Segment

	warming   bool // started, has not said Ready yet; counted in pm.starting
	ready     bool // has said Ready since its last session
	inSession bool // a client was handed to it and it has not said Ready since
	retiring  bool
	closed    bool // ctl has been closed (the process was reaped)
}

// send runs fn with b's control socket while holding pm.mu, so that the
// descriptor cannot be closed (and its number reused) underneath it. fn must
// not block: the socket is non-blocking.
func (pm *Postmaster) send(b *backend, fn func(ctl int) error) error {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if b.closed {
		return fmt.Errorf("backend %d has exited", b.pid)
	}
	return fn(b.ctl)
}

// requestSpawn wakes the spawner; it never blocks.
func (pm *Postmaster) requestSpawn() {
	select {
	case pm.spawnReq <- struct{}{}:
	default:
	}
}

// spawner starts backends on one goroutine locked to its thread for the
// postmaster's whole life, so that PR_SET_PDEATHSIG (which fires when the
// parent *thread* exits) only fires when the postmaster itself dies.
func (pm *Postmaster) spawner() {
	runtime.LockOSThread() // never unlocked: the thread must not be retired
	for {
		select {
		case <-pm.stopped:
			return
		case fn := <-pm.spawnFn:
			fn()
		case <-pm.spawnReq:
			pm.spawnAux()
			for pm.wantSpawn() {
				if err := pm.spawnOne(); err != nil {
					serverlog.Errorf("could not start backend process: %v", err)
					pm.mu.Lock()
					pm.starting--
					pm.mu.Unlock()
					time.Sleep(100 * time.Millisecond) // do not spin on a persistent failure
					break
				}
			}
		}
	}
}

// wantSpawn decides whether one more backend should start, and if so counts
// it as starting.
func (pm *Postmaster) wantSpawn() bool {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if pm.state != pmRunning || len(pm.freeSlot) == 0 {
		return false
	}
	// pm.starting counts spawns under way and started backends that have
	// not said Ready yet; the latter are also in pm.backends.
	if len(pm.backends)+pm.spawning() >= pm.cfg.maxBackends() {
		return false
	}
	waiting := len(pm.pending)
	if len(pm.idle)+pm.starting >= pm.cfg.PoolMinIdle+waiting {
		return false
	}
	pm.starting++
	return true
}

// spawning returns how many of pm.starting are not yet in pm.backends.
// Caller holds pm.mu.
func (pm *Postmaster) spawning() int {
	n := pm.starting
	for _, b := range pm.backends {
		if b.warming {
			n--
		}
	}
	return n
}

func (pm *Postmaster) spawnOne() error {
	pm.mu.Lock()
	slot := pm.freeSlot[len(pm.freeSlot)-1]
	pm.freeSlot = pm.freeSlot[:len(pm.freeSlot)-1]
	seg, segFile, settings := pm.seg, pm.segFile, pm.settings
	pm.mu.Unlock()

	pmEnd, beEnd, err := handoff.Pair()
	if err != nil {
		pm.returnSlot(seg, slot)
		return err
	}
	beFile := os.NewFile(uintptr(beEnd), "control")
	cmd := pm.childCommand([]string{"backend"}, slot, segFile, beFile)
	if pm.cfg.CPUAffinity {
		defer pinThread(slot)()
	}
	err = cmd.Start()
	beFile.Close()
	if err != nil {
		unix.Close(pmEnd)
		pm.returnSlot(seg, slot)
		return fmt.Errorf("exec %s: %w", pm.cfg.Exe, err)
	}
	if err := handoff.SendConfig(pmEnd, settings); err != nil {
		serverlog.Warnf("sending settings to backend %d: %v", cmd.Process.Pid, err)
	}
	if err := unix.SetNonblock(pmEnd, true); err != nil {
		serverlog.Warnf("control socket of backend %d: %v", cmd.Process.Pid, err)
	}
	b := &backend{pid: cmd.Process.Pid, slot: slot, ctl: pmEnd, seg: seg, warming: true,
		ctlFile: os.NewFile(uintptr(pmEnd), "control")}
	pm.mu.Lock()
	pm.backends[b.pid] = b // still counted in pm.starting until it says Ready
	pm.mu.Unlock()
	go pm.readNotes(b)
	go pm.reap(b, cmd)
	return nil
}

// pinThread sets the calling (spawner) thread's CPU affinity to one CPU,
// chosen round robin by slot, so that the child it starts next inherits it;
// the returned function restores the thread's previous affinity.
func pinThread(slot int) (restore func()) {
	var all unix.CPUSet
	if err := unix.SchedGetaffinity(0, &all); err != nil {
		return func() {}
	}
	var cpus []int
	for c := 0; c < 1024 && len(cpus) < all.Count(); c++ {
		if all.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	if len(cpus) == 0 {
		return func() {}
	}
	var one unix.CPUSet
	one.Set(cpus[slot%len(cpus)])
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		return func() {}
	}
	return func() { unix.SchedSetaffinity(0, &all) }
}

func (pm *Postmaster) returnSlot(seg *shm.Segment, slot int) {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if seg == pm.seg {
		pm.freeSlot = append(pm.freeSlot, slot)
	}
}

// readNotes follows one backend's control socket through the runtime's
// poller (no thread per backend) until the backend closes it.
func (pm *Postmaster) readNotes(b *backend) {
	rc, err := b.ctlFile.SyscallConn()
	if err != nil {
		serverlog.Errorf("control socket of backend %d: %v", b.pid, err)
		return
	}
	for {
		var rec handoff.Record
		var rerr error
		err := rc.Read(func(fd uintptr) bool {
			rec, rerr = handoff.Receive(int(fd))
			return !errors.Is(rerr, unix.EAGAIN)
		})
		if err == nil {
			err = rerr
		}
		if err != nil {
			if !errors.Is(err, handoff.ErrClosed) && !errors.Is(err, os.ErrClosed) {
				serverlog.Logf(serverlog.Debug1, "control socket of backend %d: %v", b.pid, err)
			}
			return
		}
		if rec.Client >= 0 {
			unix.Close(rec.Client) // never expected from a backend
		}
		switch rec.Note {
		case handoff.NoteReady:
			pm.backendReady(b)
		case handoff.NoteRetire:
			pm.backendRetiring(b)
		}
	}
}

func (pm *Postmaster) backendReady(b *backend) {
	pm.mu.Lock()
	if b.warming {
		b.warming = false
		pm.starting--
	}
	if b.inSession {
		b.inSession = false
		pm.sessions--
	}
	var wake gnet.Conn
	switch {
	case b.retiring || pm.backends[b.pid] != b:
	case pm.state == pmSmartShutdown || pm.state >= pmFastShutdown:
		unix.Kill(b.pid, unix.SIGTERM)
	default:
		b.ready = true
		pm.idle = append(pm.idle, b)
		if len(pm.pending) > 0 {
			wake = pm.pending[0]
		}
	}
	done := pm.state == pmSmartShutdown && pm.sessions == 0
	pm.mu.Unlock()
	if wake != nil {
		wake.Wake(nil) // the loop retries the hand-off
	}
	if done {
		pm.stopEngine()
	}
}

func (pm *Postmaster) backendRetiring(b *backend) {
	pm.mu.Lock()
	b.retiring = true
	pm.removeIdleLocked(b)
	pm.mu.Unlock()
	pm.requestSpawn()
}

// removeIdleLocked drops b from the idle list. Caller holds pm.mu.
func (pm *Postmaster) removeIdleLocked(b *backend) {
	for i, x := range pm.idle {
		if x == b {
			pm.idle = append(pm.idle[:i], pm.idle[i+1:]...)
			return
		}
	}
}

// takeIdle returns a ready backend for a new session, or nil. It marks the
// backend as in a session. Caller must hand the client to it or call
// sessionEnded.
func (pm *Postmaster) takeIdle() *backend {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	for len(pm.idle) > 0 {
		b := pm.idle[len(pm.idle)-1]
		pm.idle = pm.idle[:len(pm.idle)-1]
		if b.retiring || pm.backends[b.pid] != b {
			continue
		}
		b.ready = false
		b.inSession = true
		return b
	}
	return nil
}

// reap waits for one child to exit and decides what its exit means.
func (pm *Postmaster) reap(b *backend, cmd *exec.Cmd) {
	err := cmd.Wait()
	status, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	crashed := err != nil && !(status.Exited() && status.ExitStatus() == 1)

	pm.mu.Lock()
	delete(pm.backends, b.pid)
	pm.removeIdleLocked(b)
	b.closed = true
	b.ctlFile.Close() // ends readNotes too
	if b.warming {
		b.warming = false
		pm.starting--
	}
	if b.inSession {
		b.inSession = false
		pm.sessions--
	}
	if b.seg == pm.seg {
		if !crashed {
			// A process that exited normally should have released its
			// locks; anything it left goes now (after a crash the whole
			// segment is replaced).
			if n, err := lmgr.Cleanup(b.seg, b.slot); err == nil && n > 0 {
				serverlog.Warnf("released %d locks left by server process (PID %d)", n, b.pid)
			}
			if n, err := predicate.Cleanup(b.seg, b.slot); err == nil && n > 0 {
				serverlog.Warnf("rolled back %d serializable transactions left by server process (PID %d)", n, b.pid)
			}
		}
		b.seg.Proc(b.slot).Clear()
		pm.freeSlot = append(pm.freeSlot, b.slot)
	}
	state := pm.state
	done := pm.state == pmSmartShutdown && pm.sessions == 0
	pm.mu.Unlock()

	switch {
	case crashed && state == pmRunning && b.seg == pm.currentSeg():
		logChildExit(serverlog.Log, "server process", b.pid, status)
		serverlog.Printf("terminating any other active server processes")
		go pm.crashRestart()
	case crashed && state == pmRunning:
		// A leftover of a segment already replaced: nothing to do.
	default:
		serverlog.Logf(serverlog.Debug1, "server process (PID %d) exited with exit code %d", b.pid, status.ExitStatus())
	}
	if done {
		pm.stopEngine()
	}
	pm.requestSpawn()
}

func (pm *Postmaster) currentSeg() *shm.Segment {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	return pm.seg
}

// crashRestart does what PostgreSQL does after a child dies abnormally: quit
// every other child, the auxiliary processes included (clients hear 57P02),
// wait for them, throw the segment away, create a fresh one, run the startup
// process on it and start serving again (auxiliary processes, then backends).
func (pm *Postmaster) crashRestart() {
	pm.mu.Lock()
	if pm.state != pmRunning {
		pm.mu.Unlock()
		return
	}
	pm.state = pmResetting
	pm.idle = nil
	seg := pm.seg
	pm.mu.Unlock()
	seg.Counters().QuitReason.Store(handoff.QuitForCrash)
	pm.signalAll(unix.SIGQUIT)
	if !pm.waitChildren(pm.countAll, 5*time.Second) {
		pm.signalAll(unix.SIGKILL)
		pm.waitChildren(pm.countAll, time.Hour)
	}
	serverlog.Printf("all server processes terminated; reinitializing")
	if err := pm.newSegment(); err != nil {
		serverlog.Fatalf("could not reinitialize shared memory: %v", err)
		pm.fastShutdown()
		return
	}
	pm.finishStartup(pmResetting)
}
