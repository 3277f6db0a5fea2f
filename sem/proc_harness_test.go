package sem

// Harness for cross-process tests: the test binary re-executes itself as
// child processes (TestMain dispatches on the envRole variable), which map
// the same memfd, passed as descriptor 3, and hammer the primitives in it.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	envRole  = "SEM_TEST_CHILD_ROLE" // child role; empty in the parent
	envID    = "SEM_TEST_CHILD_ID"   // child's proc number
	envIters = "SEM_TEST_CHILD_ITERS"

	maxChildren = 16
	tableOff    = 64 << 10 // waiter table offset in the mapping
	mapSize     = tableOff + maxChildren*WaiterSize
)

// arena is the test's layout of the shared mapping (at offset 0). Like any
// shared struct it holds no pointers.
type arena struct {
	gate     atomic.Uint32 // 0 until the parent lets the children run
	arrived  atomic.Uint32 // children waiting at the gate
	failures atomic.Uint32 // invariant violations seen by children
	stop     atomic.Uint32 // tells a benchmark echo child to exit

	spin      SpinLock
	spinCount uint64 // guarded by spin

	lw      LWLock
	lwCount uint64 // guarded by lw, exclusive

	mix      LWLock
	readers  atomic.Uint32              // shared holders of mix inside their section
	writers  atomic.Uint32              // exclusive holders of mix inside their section
	mixCount uint64                     // guarded by mix, exclusive
	payload  [8]uint64                  // guarded by mix: written whole by exclusive holders
	mixOpsX  [maxChildren]atomic.Uint64 // exclusive sections done by child i; written by child i
	mixOpsS  [maxChildren]atomic.Uint64 // shared sections done by child i

	ping, pong Sema
	seq        uint64 // owned by whichever side of the ping-pong has the turn

	contended [maxChildren]atomic.Uint64 // acquisitions that had to wait, by child; for the test log
	maxLosses atomic.Uint32              // most times one LWLock wait lost the lock after a wake-up
	hot       atomic.Uint64              // iterations of the "hot" child

	nap      Sema          // for WaitTimeout: posted only when the test says so
	napPhase atomic.Uint32 // 1 once the nap child's first wait has expired
}

func init() {
	if unsafe.Sizeof(arena{}) > tableOff {
		panic("arena overlaps the waiter table")
	}
}

// shared is a memfd-backed MAP_SHARED mapping, as the server's segment.
type shared struct {
	file *os.File // the memfd; its only *os.File, so no finalizer closes it early
	mem  []byte
	a    *arena
	tab  *WaiterTable
}

func mapShared(fd int) (*arena, *WaiterTable, []byte, error) {
	mem, err := unix.Mmap(fd, 0, mapSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("mmap: %w", err)
	}
	a := (*arena)(unsafe.Pointer(&mem[0]))
	return a, NewWaiterTable(mem[tableOff:], maxChildren), mem, nil
}

func newShared(t testing.TB) *shared {
	t.Helper()
	fd, err := unix.MemfdCreate("sem-test", unix.MFD_CLOEXEC)
	if err != nil {
		t.Fatalf("memfd_create: %v", err)
	}
	f := os.NewFile(uintptr(fd), "sem-test-memfd")
	if err := unix.Ftruncate(fd, mapSize); err != nil {
		f.Close()
		t.Fatalf("ftruncate: %v", err)
	}
	a, tab, mem, err := mapShared(fd)
	if err != nil {
		f.Close()
		t.Fatal(err)
	}
	s := &shared{file: f, mem: mem, a: a, tab: tab}
	t.Cleanup(func() {
		unix.Munmap(mem)
		f.Close()
	})
	return s
}

// contended sums the children's counts of acquisitions that had to wait.
func (s *shared) contended() uint64 {
	var n uint64
	for i := range s.a.contended {
		n += s.a.contended[i].Load()
	}
	return n
}

// child is a running child process.
type child struct {
	role string
	cmd  *exec.Cmd
	out  bytes.Buffer
}

// spawn starts a child in the given role with proc number id. The memfd
// becomes its descriptor 3.
func (s *shared) spawn(t testing.TB, role string, id, iters int) *child {
	t.Helper()
	c := &child{role: role}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(), envRole+"="+role, envID+"="+strconv.Itoa(id), envIters+"="+strconv.Itoa(iters))
	c.cmd.ExtraFiles = []*os.File{s.file}
	c.cmd.Stdout = &c.out
	c.cmd.Stderr = &c.out
	// Do not outlive a test binary that is killed mid-run.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start child %s/%d: %v", role, id, err)
	}
	return c
}

// openGate waits until n children have arrived at the gate, then lets them
// all run at once, for the most contention.
func (s *shared) openGate(t testing.TB, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d children at the gate", n), func() bool { return s.a.arrived.Load() == uint32(n) })
	s.a.gate.Store(1)
	if _, err := FutexWake(word(&s.a.gate), n); err != nil {
		t.Fatal(err)
	}
}

// waitChildren waits for every child to exit, failing on a non-zero exit
// and, after a deadline that only a hang can reach, killing them.
func (s *shared) waitChildren(t testing.TB, children ...*child) {
	t.Helper()
	done := make(chan error, len(children))
	for _, c := range children {
		go func(c *child) { done <- c.cmd.Wait() }(c)
	}
	deadline := time.After(3 * time.Minute)
	for range children {
		select {
		case <-done:
		case <-deadline:
			for _, c := range children {
				c.cmd.Process.Kill()
			}
			t.Fatalf("children hung; lw %v mix %v", s.a.lw.State(), s.a.mix.State())
		}
	}
	for i, c := range children {
		if !c.cmd.ProcessState.Success() {
			t.Errorf("child %s/%d: %v\n%s", c.role, i, c.cmd.ProcessState, c.out.String())
		}
	}
	if f := s.a.failures.Load(); f != 0 {
		t.Errorf("children saw %d invariant violations", f)
	}
}

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

// pinToCPU pins the calling goroutine's thread to one CPU: the id-th
// allowed one, modulo their number. Children are spread this way, as the
// server pins its backends; left to itself the kernel may wake every child
// on the waker's CPU and leave them there for the whole run, and processes
// that never run at the same time hardly contend. It is best effort
// (unpinned still tests correctness) and returns a function undoing it.
func pinToCPU(id int) (undo func()) {
	var allowed unix.CPUSet
	if unix.SchedGetaffinity(0, &allowed) != nil || allowed.Count() < 2 {
		return func() {}
	}
	n := id % allowed.Count()
	for cpu := 0; ; cpu++ {
		if !allowed.IsSet(cpu) {
			continue
		}
		if n > 0 {
			n--
			continue
		}
		var set unix.CPUSet
		set.Set(cpu)
		// Affinity is per thread: keep this goroutine on the thread pinned.
		runtime.LockOSThread()
		unix.SchedSetaffinity(0, &set)
		return func() {
			unix.SchedSetaffinity(0, &allowed)
			runtime.UnlockOSThread()
		}
	}
}
