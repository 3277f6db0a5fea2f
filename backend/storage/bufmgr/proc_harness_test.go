package bufmgr

// Harness for the cross-process tests and benchmarks: the test binary
// re-executes itself as child processes (TestMain dispatches on envRole),
// which map the same segment from descriptor 3, attach to the same pool,
// and reach the same relation files through a fileStore on one directory.

import (
	"bytes"
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

	"ringpg/sem"
	"ringpg/shm"
)

const (
	envRole     = "BUFMGR_TEST_ROLE" // child role; empty in the parent
	envID       = "BUFMGR_TEST_ID"   // child's proc number, 1..maxKids
	envIters    = "BUFMGR_TEST_ITERS"
	envNBuffers = "BUFMGR_TEST_NBUFFERS"
	envBlocks   = "BUFMGR_TEST_BLOCKS"
	envHot      = "BUFMGR_TEST_HOT" // percent of increments that go to the first hotBlocks blocks
	envDir      = "BUFMGR_TEST_DIR"

	arenaRegion = "bufmgr-test"
	maxKids     = 8
	maxBlocks   = 256
	hotBlocks   = 4
)

// arena is the tests' own shared region, beside the pool's. Like anything
// shared it holds no pointers.
type arena struct {
	gate    atomic.Uint32 // 0 until the parent lets the children run
	arrived atomic.Uint32 // children waiting at the gate
	stop    atomic.Uint32 // tells a benchmark child to finish

	failures      atomic.Uint32 // invariant violations seen by children
	walViolations atomic.Uint32 // pages written with an LSN past the flushed WAL

	lsn        atomic.Uint64 // the fake WAL's insert position: bumped for every page change
	flushedLSN atomic.Uint64 // the fake WAL's flush position: raised by FlushWAL
	benchOps   atomic.Uint64 // iterations done by a benchmark child

	// Written by child i just before it exits, read by the parent after.
	counts  [maxKids + 1][maxBlocks]uint32 // increments child i made to block b of relA
	extends [maxKids + 1]uint32            // blocks child i appended to relB
	stats   [maxKids + 1]Stats
}

func arenaOf(seg *shm.Segment) *arena {
	r := seg.Region(arenaRegion)
	if uintptr(len(r)) < unsafe.Sizeof(arena{}) {
		panic("no test arena in the segment")
	}
	return (*arena)(unsafe.Pointer(unsafe.SliceData(r)))
}

// procEnv is the parent's side: the segment, its own pool view (proc 0),
// and the storage directory.
type procEnv struct {
	seg      *shm.Segment
	memfd    *os.File // a dup of the segment's memfd, for ExtraFiles
	a        *arena
	pool     *Pool
	st       *fileStore
	dir      string
	nbuffers int
}

func newProcEnv(t testing.TB, nbuffers, kids int) *procEnv {
	t.Helper()
	seg, err := shm.Create(shm.Config{
		MaxProcs:  kids + 1,
		HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{
			{Name: RegionName, Size: RegionSize(nbuffers)},
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
	e := &procEnv{seg: seg, memfd: os.NewFile(uintptr(fd), "segment"), a: arenaOf(seg), dir: t.TempDir(), nbuffers: nbuffers}
	e.st = newFileStore(e.dir)
	e.st.onWrite = walCheck(e.a)
	e.pool, err = Attach(seg.Region(RegionName), nbuffers, seg.Waiters(), 0, e.st, procHooks(e.a))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.st.close()
		e.memfd.Close()
		seg.Close()
	})
	return e
}

// procHooks are the hooks every process of a stress run uses: checksums,
// and a fake WAL whose flush position FlushWAL raises.
func procHooks(a *arena) Hooks {
	return Hooks{
		Verify:      verifyPage,
		BeforeWrite: setChecksum,
		FlushWAL: func(lsn uint64) error {
			for {
				f := a.flushedLSN.Load()
				if f >= lsn || a.flushedLSN.CompareAndSwap(f, lsn) {
					return nil
				}
			}
		},
	}
}

// walCheck counts writes of pages whose LSN is past the flushed WAL: the
// WAL rule broken.
func walCheck(a *arena) func(Tag, []byte) {
	return func(t Tag, buf []byte) {
		if DefaultPageLSN(buf) > a.flushedLSN.Load() {
			a.walViolations.Add(1)
		}
	}
}

// child is a running child process.
type child struct {
	id  int
	cmd *exec.Cmd
	out bytes.Buffer
}

// spawn starts child id (its proc number) in a role; env adds variables.
func (e *procEnv) spawn(t testing.TB, role string, id int, env ...string) *child {
	t.Helper()
	c := &child{id: id}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(),
		envRole+"="+role, envID+"="+strconv.Itoa(id), envDir+"="+e.dir,
		envNBuffers+"="+strconv.Itoa(e.nbuffers))
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

// openGate waits until n children are at the gate, then lets them all run
// at once, for the most contention.
func (e *procEnv) openGate(t testing.TB, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d children at the gate", n), func() bool { return e.a.arrived.Load() == uint32(n) })
	e.a.gate.Store(1)
	if _, err := sem.FutexWake(word(&e.a.gate), n); err != nil {
		t.Fatal(err)
	}
}

// waitChildren waits for every child to exit, failing on a non-zero exit
// and, after a deadline that only a hang can reach, killing them.
func (e *procEnv) waitChildren(t testing.TB, children ...*child) {
	t.Helper()
	done := make(chan error, len(children))
	for _, c := range children {
		go func() { done <- c.cmd.Wait() }()
	}
	limit := 5 * time.Minute
	if d, err := time.ParseDuration(os.Getenv("BUFMGR_TEST_HANG")); err == nil {
		limit = d
	}
	deadline := time.After(limit)
	for i := 0; i < len(children); i++ {
		select {
		case <-done:
		case <-deadline:
			// Only a hang gets here. SIGQUIT makes each Go child print
			// its goroutines' stacks and exit.
			dump := dumpPool(e.pool)
			for _, c := range children {
				c.cmd.Process.Signal(syscall.SIGQUIT)
			}
			for j := i; j < len(children); j++ {
				<-done
			}
			for _, c := range children {
				t.Logf("child %d:\n%s", c.id, c.out.String())
			}
			t.Fatalf("children hung; pool:\n%s", dump)
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

// dumpPool describes every buffer and lock in use, for a hang report.
func dumpPool(p *Pool) string {
	var b bytes.Buffer
	for i := range p.descs {
		d := &p.descs[i]
		st := d.state.Load()
		if refcount(st) != 0 || st&(flagIO|flagLocked|flagWaiters) != 0 || !d.content.State().Free() {
			fmt.Fprintf(&b, "buffer %d: %v pins %d usage %d flags %#x content %v\n",
				i+1, d.tag(), refcount(st), usage(st), st&flagMask, d.content.State())
		}
	}
	for i := range p.parts {
		if s := p.parts[i].l.State(); !s.Free() || s.HasWaiters() {
			fmt.Fprintf(&b, "partition %d: %v\n", i, s)
		}
	}
	for i := range p.exts {
		if s := p.exts[i].l.State(); !s.Free() || s.HasWaiters() {
			fmt.Fprintf(&b, "extension lock %d: %v\n", i, s)
		}
	}
	return b.String()
}

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

// kid is what a child role works with.
type kid struct {
	a      *arena
	pool   *Pool
	id     int
	iters  int
	blocks int
	hot    int
}

// fail records an invariant violation (the parent fails the test) and
// prints the first few.
func (k *kid) fail(format string, args ...any) {
	if k.a.failures.Add(1) <= 5 {
		fmt.Fprintf(os.Stderr, "child %d: "+format+"\n", append([]any{k.id}, args...)...)
	}
}

var kidRoles = map[string]func(*kid) error{
	"stress":  kidStress,
	"hitloop": kidHitLoop,
}

// runChild is the body of a child process; its exit code is its result.
func runChild(role string) int {
	body := kidRoles[role]
	num := func(name string) int {
		n, _ := strconv.Atoi(os.Getenv(name))
		return n
	}
	k := &kid{id: num(envID), iters: num(envIters), blocks: num(envBlocks), hot: num(envHot)}
	if body == nil || k.id < 1 || k.id > maxKids || k.blocks > maxBlocks {
		fmt.Fprintln(os.Stderr, "bad child environment")
		return 2
	}
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	k.a = arenaOf(seg)
	st := newFileStore(os.Getenv(envDir))
	st.onWrite = walCheck(k.a)
	k.pool, err = Attach(seg.Region(RegionName), num(envNBuffers), seg.Waiters(), uint32(k.id), st, procHooks(k.a))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	k.a.arrived.Add(1)
	for k.a.gate.Load() == 0 {
		sem.FutexWait(word(&k.a.gate), 0, 0)
	}
	if err := body(k); err != nil {
		fmt.Fprintf(os.Stderr, "child %d: %v\n", k.id, err)
		return 1
	}
	k.a.stats[k.id] = k.pool.Stats()
	return 0
}
