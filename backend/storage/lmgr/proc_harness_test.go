package lmgr

// Harness for the cross-process tests: the test binary re-executes itself
// as child processes (TestMain dispatches on envRole), which map the same
// segment from descriptor 3 and attach to its lock table with their own
// proc slots and real pids.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"ringpg/sem"
	"ringpg/shm"
)

const (
	envRole  = "LMGR_TEST_ROLE" // child role; empty in the parent
	envID    = "LMGR_TEST_ID"   // child's proc slot, 1..maxKids
	envIters = "LMGR_TEST_ITERS"
	envKids  = "LMGR_TEST_KIDS"

	arenaRegion = "lmgr-test"
	maxKids     = 8
	nTags       = 5 // tags of the stress test (stressTags)
	detailSize  = 1024
)

// arena is the tests' own shared region. Like anything shared it holds no
// pointers.
type arena struct {
	gate     atomic.Uint32 // 0 until the parent lets the children run
	arrived  atomic.Uint32 // children waiting at the gate
	failures atomic.Uint32 // invariant violations seen by children

	// held[t][m][c] counts child c's holds of mode m on stress tag t: raised
	// right after Lock returns, lowered right before the hold is given
	// back. A child that has just been granted a mode checks that no other
	// child has a count on a conflicting mode.
	held [nTags][numModes + 1][maxKids + 1]atomic.Uint32

	ops       [maxKids + 1]atomic.Uint64 // locks granted, per child
	deadlocks [maxKids + 1]atomic.Uint64 // 40P01 seen, per child
	nowaits   [maxKids + 1]atomic.Uint64 // 55P03 seen, per child
	reorders  [2]atomic.Uint64           // cycles the detector tried to break by reordering: [0] failed, [1] succeeded

	// The ring-deadlock test: result[c] is 1 when child c got its second
	// lock, 2 when it was the deadlock victim, whose DETAIL is in detail.
	result    [maxKids + 1]atomic.Uint32
	holding   atomic.Uint32 // the fast-path test's child holds its lock
	release   atomic.Uint32 // futex word: 1 tells the fast-path test's child to end its transaction
	detailLen atomic.Uint32
	detail    [detailSize]byte
}

func arenaOf(seg *shm.Segment) *arena {
	r := seg.Region(arenaRegion)
	if uintptr(len(r)) < unsafe.Sizeof(arena{}) {
		panic("no test arena in the segment")
	}
	return (*arena)(unsafe.Pointer(unsafe.SliceData(r)))
}

func word(a *atomic.Uint32) *uint32 { return (*uint32)(unsafe.Pointer(a)) }

// procEnv is the parent's side: the segment, and its own Manager on slot 0.
type procEnv struct {
	seg   *shm.Segment
	memfd *os.File // a dup of the segment's memfd, for ExtraFiles
	a     *arena
	m     *Manager
}

func newProcEnv(t testing.TB, kids int) *procEnv {
	t.Helper()
	seg, err := shm.Create(shm.Config{
		MaxProcs:  kids + 1,
		HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{
			{Name: RegionName, Size: RegionSize(kids + 1)},
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
	if e.m, err = Attach(seg, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.memfd.Close()
		seg.Close()
	})
	return e
}

// child is a running child process.
type child struct {
	id  int
	cmd *exec.Cmd
	out bytes.Buffer
}

// spawn starts child id (its proc slot) in a role; env adds variables.
func (e *procEnv) spawn(t testing.TB, role string, id int, env ...string) *child {
	t.Helper()
	c := &child{id: id}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(), envRole+"="+role, envID+"="+strconv.Itoa(id))
	c.cmd.Env = append(c.cmd.Env, env...)
	c.cmd.ExtraFiles = []*os.File{e.memfd} // descriptor 3
	c.cmd.Stdout = &c.out
	c.cmd.Stderr = &c.out
	// Do not outlive a test binary that is killed mid-run.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start child %d: %v", id, err)
	}
	return c
}

// openGate waits until n children are at the gate, then lets them all run.
func (e *procEnv) openGate(t testing.TB, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d children at the gate", n), func() bool { return e.a.arrived.Load() == uint32(n) })
	e.a.gate.Store(1)
	if _, err := sem.FutexWake(word(&e.a.gate), n); err != nil {
		t.Fatal(err)
	}
}

// waitChildren waits for every child to exit, failing on a non-zero exit
// and, after a deadline that only a hang reaches, dumping the lock table
// and killing them.
func (e *procEnv) waitChildren(t testing.TB, children ...*child) {
	t.Helper()
	done := make(chan error, len(children))
	for _, c := range children {
		go func() { done <- c.cmd.Wait() }()
	}
	deadline := time.After(60 * time.Second)
	for i := 0; i < len(children); i++ {
		select {
		case <-done:
		case <-deadline:
			dump := strings.Join(rows(e.m.Snapshot()), "\n")
			for _, c := range children {
				c.cmd.Process.Signal(syscall.SIGQUIT)
			}
			for j := i; j < len(children); j++ {
				<-done
			}
			for _, c := range children {
				t.Logf("child %d:\n%s", c.id, c.out.String())
			}
			t.Fatalf("children hung; lock table:\n%s", dump)
		}
	}
	for _, c := range children {
		if !c.cmd.ProcessState.Success() {
			t.Errorf("child %d: %v\n%s", c.id, c.cmd.ProcessState, c.out.String())
		}
	}
	if f := e.a.failures.Load(); f != 0 {
		t.Errorf("children saw %d invariant violations", f)
	}
}

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

// kid is what a child role works with.
type kid struct {
	a     *arena
	m     *Manager
	id    int
	iters int
	kids  int
}

// fail records an invariant violation (the parent fails the test) and
// prints the first few.
func (k *kid) fail(format string, args ...any) {
	if k.a.failures.Add(1) <= 5 {
		fmt.Fprintf(os.Stderr, "child %d: "+format+"\n", append([]any{k.id}, args...)...)
	}
}

var kidRoles = map[string]func(*kid) error{
	"stress": kidStress,
	"ring":   kidRing,
	"fast":   kidFast,
	"leak":   kidLeak,
	"wait":   kidWait,
}

// runChild is the body of a child process; its exit code is its result.
func runChild(role string) int {
	body := kidRoles[role]
	num := func(name string) int {
		n, _ := strconv.Atoi(os.Getenv(name))
		return n
	}
	k := &kid{id: num(envID), iters: num(envIters), kids: num(envKids)}
	if body == nil || k.id < 1 || k.id > maxKids {
		fmt.Fprintln(os.Stderr, "bad child environment")
		return 2
	}
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	k.a = arenaOf(seg)
	seg.Proc(k.id).Claim(int32(os.Getpid()), shm.KindBackend)
	if k.m, err = Attach(seg, k.id); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	testHookReorder = func(ok bool) {
		if ok {
			k.a.reorders[1].Add(1)
		} else {
			k.a.reorders[0].Add(1)
		}
	}
	if err := body(k); err != nil {
		fmt.Fprintf(os.Stderr, "child %d: %v\n", k.id, err)
		return 1
	}
	if role == "leak" {
		return 0 // exits holding its locks, as a careless process would
	}
	// A process that exits normally gives everything back.
	k.m.ReleaseAll(true)
	return 0
}

// atGate announces the child at the gate and waits for the parent to
// open it.
func (k *kid) atGate() {
	k.a.arrived.Add(1)
	for k.a.gate.Load() == 0 {
		sem.FutexWait(word(&k.a.gate), 0, 0)
	}
}
