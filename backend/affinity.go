package backend

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"ringpg/shm"
)

// Following the client's CPU (backend_cpu_affinity = client).
//
// Every round trip wakes the backend when its client's request arrives and
// wakes the client when the reply does. When the two run on different CPUs
// each wake-up is an inter-processor interrupt, and on a virtual machine an
// exit to the hypervisor, which costs more than the work of a simple query.
// So a backend that has served followEvery messages asks the kernel on
// which CPU its client's packets arrive (SO_INCOMING_CPU: for a client on
// the same host, the CPU its thread sent from), records it in its proc
// slot, and pins all its threads there; it looks again every followEvery
// messages and moves when the client moved. It acts only when two looks in
// a row agree: a client thread the scheduler moves for a moment is not
// worth following (measured: about 5% less CPU per TPC-B transaction than
// acting on every look, which moved backends several times a second).
//
// Pinning is right only when the clients are spread over the CPUs as
// evenly as the sessions should be. One client thread with many sessions
// (pgbench -j 1, an asynchronous application) would otherwise pull all its
// backends onto its own CPU and leave the others idle (measured: 10-20%
// fewer transactions with -j 1 even when only half of them were pinned).
// So a backend pins itself only while the sessions whose clients send from
// its client's CPU are no more than that CPU's share of all sessions,
// ceil(sessions / CPUs), counted from the proc array; otherwise it stays
// (or becomes) unpinned and the kernel places it.
//
// Each backend writes only its own proc slot; the count reads the others'
// without a lock. A stale count moves one decision by a session, and the
// next look corrects it.

// followEvery is how many client messages pass between two looks at the
// client's CPU. Sessions shorter than that are never pinned.
const followEvery = 64

// cpuFollower is one backend's state of following its client's CPU. It is
// used only on the session's goroutine.
type cpuFollower struct {
	seg     *shm.Segment
	proc    *shm.Proc
	allowed unix.CPUSet // the CPUs the backend was started with
	ncpu    int
	fd      int // the session's client socket
	seen    int // messages since the last look
	last    int // the client's CPU at the last look; -1 before the first
}

// newCPUFollower returns a follower for the session on client socket fd,
// or nil when the backend may run on one CPU only.
func newCPUFollower(seg *shm.Segment, proc *shm.Proc, fd int) *cpuFollower {
	f := &cpuFollower{seg: seg, proc: proc, fd: fd, last: -1}
	if err := unix.SchedGetaffinity(0, &f.allowed); err != nil {
		return nil
	}
	if f.ncpu = f.allowed.Count(); f.ncpu < 2 {
		return nil
	}
	return f
}

// received counts one client message and, every followEvery of them,
// looks at where the client runs.
func (f *cpuFollower) received() {
	if f.seen++; f.seen < followEvery {
		return
	}
	f.seen = 0
	cpu, err := unix.GetsockoptInt(f.fd, unix.SOL_SOCKET, unix.SO_INCOMING_CPU)
	if err != nil || cpu < 0 || !f.allowed.IsSet(cpu) {
		return // a Unix socket, or a CPU the backend may not use
	}
	if cpu != f.last {
		f.last = cpu // act only on two looks in a row that agree
		return
	}
	was, pinned := f.proc.ClientCPU()
	f.proc.SetClientCPU(cpu, pinned && was == cpu)
	switch {
	case f.fair(cpu):
		if !pinned || was != cpu {
			f.pin(cpu)
		}
	case pinned:
		f.unpin(cpu)
	}
}

// fair reports whether the sessions whose clients send from cpu are no
// more than its share of all sessions.
func (f *cpuFollower) fair(cpu int) bool {
	sessions, there := 0, 0
	for i := 0; i < f.seg.MaxProcs(); i++ {
		p := f.seg.Proc(i)
		if p.Kind() != shm.KindBackend {
			continue
		}
		switch p.State() {
		case shm.ProcFree, shm.ProcStarting, shm.ProcIdleInPool, shm.ProcExiting:
			continue
		}
		sessions++
		if c, _ := p.ClientCPU(); c == cpu {
			there++
		}
	}
	return there <= (sessions+f.ncpu-1)/f.ncpu
}

// pin binds every thread of the process to cpu. The Go runtime's threads
// are all pinned: the session's goroutine is not locked to a thread and
// may run on any of them, and threads made later inherit the mask.
func (f *cpuFollower) pin(cpu int) {
	var one unix.CPUSet
	one.Set(cpu)
	if setAllThreads(&one) {
		f.proc.SetClientCPU(cpu, true)
	}
}

// unpin gives every thread back the CPUs the backend started with; cpu is
// the client's, still recorded.
func (f *cpuFollower) unpin(cpu int) {
	setAllThreads(&f.allowed)
	f.proc.SetClientCPU(cpu, false)
}

// end unpins at the end of the session, so that a pooled backend neither
// runs on its last client's CPU nor counts there.
func (f *cpuFollower) end() {
	if _, pinned := f.proc.ClientCPU(); pinned {
		setAllThreads(&f.allowed)
	}
	f.proc.SetClientCPU(-1, false)
}

// setAllThreads sets the affinity of every thread of the process and
// reports whether it reached at least one.
func setAllThreads(set *unix.CPUSet) bool {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return unix.SchedSetaffinity(0, set) == nil
	}
	ok := false
	for _, e := range ents {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if unix.SchedSetaffinity(tid, set) == nil {
			ok = true
		}
	}
	return ok
}
