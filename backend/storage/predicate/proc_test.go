package predicate

// Cross-process tests: the test binary re-executes itself as child
// processes (TestMain dispatches on envRole), which map the same segment
// from descriptor 3 and attach with their own proc slots.

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"ringpg/pgerr"
	"ringpg/shm"
)

const (
	envRole     = "PREDICATE_TEST_ROLE"
	envID       = "PREDICATE_TEST_ID"
	envIters    = "PREDICATE_TEST_ITERS"
	arenaRegion = "predicate-test"
	maxKids     = 4
)

// arena is the tests' own shared region.
type arena struct {
	nextXid  atomic.Uint64
	commits  atomic.Uint64
	failures atomic.Uint64 // 40001
	errors   atomic.Uint64 // anything else
}

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

type procEnv struct {
	seg   *shm.Segment
	memfd *os.File
	a     *arena
}

func newProcEnv(t *testing.T, kids int) *procEnv {
	t.Helper()
	seg, err := shm.Create(shm.Config{
		MaxProcs:  kids + 1,
		HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{
			{Name: RegionName, Size: RegionSize(kids+1, 64)},
			{Name: arenaRegion, Size: unsafe.Sizeof(arena{})},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Dup(seg.Fd())
	if err != nil {
		t.Fatal(err)
	}
	e := &procEnv{seg: seg, memfd: os.NewFile(uintptr(fd), "segment"), a: arenaOf(seg)}
	e.a.nextXid.Store(100)
	t.Cleanup(func() {
		e.memfd.Close()
		seg.Close()
	})
	return e
}

func arenaOf(seg *shm.Segment) *arena {
	return (*arena)(unsafe.Pointer(unsafe.SliceData(seg.Region(arenaRegion))))
}

func (e *procEnv) spawn(t *testing.T, role string, id, iters int) *exec.Cmd {
	t.Helper()
	c := exec.Command(os.Args[0], "-test.run=^$")
	c.Env = append(os.Environ(), envRole+"="+role, envID+"="+strconv.Itoa(id), envIters+"="+strconv.Itoa(iters))
	c.ExtraFiles = []*os.File{e.memfd}
	c.Stdout, c.Stderr = os.Stderr, os.Stderr
	c.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}

func waitAll(t *testing.T, cmds ...*exec.Cmd) {
	t.Helper()
	done := make(chan error, len(cmds))
	for _, c := range cmds {
		go func() { done <- c.Wait() }()
	}
	deadline := time.After(60 * time.Second)
	for range cmds {
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("child: %v", err)
			}
		case <-deadline:
			for _, c := range cmds {
				c.Process.Kill()
			}
			t.Fatal("children hung")
		}
	}
}

func runChild(role string) int {
	id, _ := strconv.Atoi(os.Getenv(envID))
	iters, _ := strconv.Atoi(os.Getenv(envIters))
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	a := arenaOf(seg)
	seg.Proc(id).Claim(int32(os.Getpid()), shm.KindBackend)
	m, err := Attach(seg, id)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	switch role {
	case "skew":
		for i := 0; i < iters; i++ {
			skewOnce(m, a, id)
		}
	case "leak":
		xmin := a.nextXid.Load()
		if _, err := m.Register(false, func() uint64 { return xmin }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		m.LockRelation(1, 100)
		m.LockTuple(1, 100, 3, 4)
		return 0 // exits with its transaction running
	}
	return 0
}

// skewOnce runs one transaction of the write-skew workload: read the
// shared relation, write a tuple of its own, commit.
func skewOnce(m *Manager, a *arena, id int) {
	xmin := a.nextXid.Load()
	if _, err := m.Register(false, func() uint64 { return xmin }); err != nil {
		a.errors.Add(1)
		return
	}
	xid := a.nextXid.Add(1)
	err := m.LockRelation(1, 100)
	// Widen the window in which the others' transactions overlap this one.
	time.Sleep(50 * time.Microsecond)
	if err == nil {
		m.NoteXid(xid)
		err = m.CheckConflictIn(TupleTag(1, 100, uint32(id), 1))
	}
	if err == nil {
		err = m.PreCommit()
	}
	switch {
	case err == nil:
		m.Release(true, a.nextXid.Load()+1)
		a.commits.Add(1)
	case pgerr.Code(err) == "40001":
		m.Release(false, 0)
		a.failures.Add(1)
	default:
		m.Release(false, 0)
		a.errors.Add(1)
	}
}

// Several processes run overlapping serializable transactions that all
// read one relation and write: some fail with 40001, nothing else goes
// wrong, and the table is empty once they have all ended.
func TestProcWriteSkew(t *testing.T) {
	const kids, iters = 4, 300
	e := newProcEnv(t, kids)
	var cmds []*exec.Cmd
	for id := 1; id <= kids; id++ {
		cmds = append(cmds, e.spawn(t, "skew", id, iters))
	}
	waitAll(t, cmds...)
	if n := e.a.errors.Load(); n != 0 {
		t.Errorf("%d unexpected errors", n)
	}
	if e.a.failures.Load() == 0 {
		t.Error("no serialization failure among overlapping write skews")
	}
	if e.a.commits.Load()+e.a.failures.Load() != kids*iters {
		t.Errorf("commits %d + failures %d != %d", e.a.commits.Load(), e.a.failures.Load(), kids*iters)
	}
	m, err := Attach(e.seg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if x, l := inUse(m); x != 0 || l != 0 {
		t.Errorf("left: %d transactions, %d locks", x, l)
	}
	t.Logf("%d commits, %d serialization failures", e.a.commits.Load(), e.a.failures.Load())
}

// A process that exits with a serializable transaction running leaves it
// to the postmaster's Cleanup.
func TestProcCleanup(t *testing.T) {
	e := newProcEnv(t, 1)
	waitAll(t, e.spawn(t, "leak", 1, 0))
	m, err := Attach(e.seg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if x, l := inUse(m); x != 1 || l != 1 { // the relation lock covers the tuple
		t.Fatalf("before cleanup: %d transactions, %d locks", x, l)
	}
	n, err := Cleanup(e.seg, 1)
	if err != nil || n != 1 {
		t.Fatalf("Cleanup: %d, %v", n, err)
	}
	if x, l := inUse(m); x != 0 || l != 0 {
		t.Errorf("after cleanup: %d transactions, %d locks", x, l)
	}
}
