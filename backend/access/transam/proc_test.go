package transam

// Cross-process tests: the test binary re-executes itself as children
// (TestMain dispatches on envRole) that map the same segment from
// descriptor 3 and run transactions against the same data directory.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"ringpg/backend/access/heap/tuple"
	"ringpg/sem"
	"ringpg/shm"
)

const (
	envRole = "TRANSAM_TEST_ROLE"
	envID   = "TRANSAM_TEST_ID"
	envDir  = "TRANSAM_TEST_DIR"
	envDur  = "TRANSAM_TEST_DURATION"

	arenaRegion = "transam-test"
	maxKids     = 8
	logCap      = 1 << 15
)

// Outcomes of a logged transaction.
const (
	outCommitted   = 1
	outAborted     = 2
	outSubRollback = 3 // top committed, its subtransaction rolled back
)

// logEntry is one ended transaction of a child: its top-level xid, the
// xid of its subtransaction (0 if none) and the outcome.
type logEntry struct {
	top, sub uint64
	outcome  uint64
}

// gEntry is one entry of the global log; ready is set last.
type gEntry struct {
	top     uint64
	before  uint32
	outcome uint32
	ready   atomic.Uint32
	_       uint32
}

const gCap = 1 << 17

// arena is the tests' shared region. Like anything shared it holds no
// pointers.
type arena struct {
	gate     atomic.Uint32 // 0 until the parent lets the children run
	arrived  atomic.Uint32
	failures atomic.Uint32
	checks   atomic.Uint64 // visibility checks made, for the log
	rounds   atomic.Uint64 // snapshots checked, for the log
	overflow atomic.Uint64 // of which overflowed

	// Child i appends to log[i] and then raises logN[i]; entries below
	// logN[i] are complete.
	logN [maxKids]atomic.Uint32
	log  [maxKids][logCap]logEntry

	// glog is every child's ended transactions in the order their ends
	// were logged: entry i is reserved (gN) after its Commit or Abort
	// returned, and before is gN as it was just before it began to
	// commit, so entries below before had ended before it began to.
	gN   atomic.Uint32
	glog [gCap]gEntry

	// curXmin[i] is child i's open snapshot's xmin, 0 if none.
	curXmin [maxKids]atomic.Uint64
	// maxXid[i] is the largest xid child i was handed (for the kill test).
	maxXid [maxKids]atomic.Uint64
}

func arenaOf(seg *shm.Segment) *arena {
	r := seg.Region(arenaRegion)
	if uintptr(len(r)) < unsafe.Sizeof(arena{}) {
		panic("no test arena in the segment")
	}
	return (*arena)(unsafe.Pointer(unsafe.SliceData(r)))
}

type procEnv struct {
	seg   *shm.Segment
	memfd *os.File
	a     *arena
	dir   string
}

func newProcEnv(t testing.TB, dir string) *procEnv {
	t.Helper()
	seg, err := shm.Create(shm.Config{
		MaxProcs:  maxKids + 1,
		HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{
			{Name: RegionName, Size: RegionSize(maxKids + 1)},
			{Name: arenaRegion, Size: unsafe.Sizeof(arena{})},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.Dup(seg.Fd())
	if err != nil {
		t.Fatal(err)
	}
	e := &procEnv{seg: seg, memfd: os.NewFile(uintptr(fd), "segment"), a: arenaOf(seg), dir: dir}
	t.Cleanup(func() {
		e.memfd.Close()
		seg.Close()
	})
	return e
}

type child struct {
	cmd *exec.Cmd
	out bytes.Buffer
}

func (e *procEnv) spawn(t testing.TB, role string, id int, d time.Duration) *child {
	t.Helper()
	c := &child{}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(), envRole+"="+role, envID+"="+strconv.Itoa(id), envDir+"="+e.dir, envDur+"="+d.String())
	c.cmd.ExtraFiles = []*os.File{e.memfd}
	c.cmd.Stdout = &c.out
	c.cmd.Stderr = &c.out
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *procEnv) openGate(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for e.a.arrived.Load() != uint32(n) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d children at the gate", e.a.arrived.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
	e.a.gate.Store(1)
	sem.FutexWake((*uint32)(unsafe.Pointer(&e.a.gate)), n)
}

func (e *procEnv) wait(t testing.TB, kids ...*child) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		for _, c := range kids {
			c.cmd.Wait()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		for _, c := range kids {
			c.cmd.Process.Signal(syscall.SIGQUIT)
		}
		<-done
		t.Error("children hung")
	}
	for i, c := range kids {
		if !c.cmd.ProcessState.Success() {
			t.Errorf("child %d: %v\n%s", i+1, c.cmd.ProcessState, c.out.String())
		}
	}
	if f := e.a.failures.Load(); f != 0 {
		for i, c := range kids {
			t.Logf("child %d:\n%s", i+1, c.out.String())
		}
		t.Errorf("children saw %d violations", f)
	}
}

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

func runChild(role string) int {
	id, _ := strconv.Atoi(os.Getenv(envID))
	d, _ := time.ParseDuration(os.Getenv(envDur))
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	a := arenaOf(seg)
	m, err := Attach(seg, os.Getenv(envDir), id)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	a.arrived.Add(1)
	for a.gate.Load() == 0 {
		sem.FutexWait((*uint32)(unsafe.Pointer(&a.gate)), 0, 100*time.Millisecond)
	}
	switch role {
	case "mix":
		return childMix(m, a, id, d)
	case "assign":
		return childAssign(m, a, id)
	}
	fmt.Fprintln(os.Stderr, "unknown role", role)
	return 2
}

// childMix alternates writing transactions (some with a subtransaction,
// some aborted) with snapshot checks, until d has passed.
func childMix(m *Manager, a *arena, id int, d time.Duration) int {
	rng := rand.New(rand.NewPCG(uint64(id), uint64(time.Now().UnixNano())))
	fail := func(format string, args ...any) {
		a.failures.Add(1)
		fmt.Fprintf(os.Stderr, "child %d: "+format+"\n", append([]any{id}, args...)...)
	}
	// Stretch some scans, so that transactions end while one runs.
	scanHook = func(int) {
		if rng.IntN(16) == 0 {
			for i := rng.IntN(20000); i > 0 && m.NextXid() != 0; i-- {
			}
		}
	}
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) && a.failures.Load() == 0 {
		if rng.IntN(3) != 0 {
			if err := writeOne(m, a, id, rng); err != nil {
				fail("%v", err)
				return 1
			}
			continue
		}
		checkOne(m, a, id, rng, fail)
	}
	return 0
}

// writeOne runs one logged writing transaction.
func writeOne(m *Manager, a *arena, id int, rng *rand.Rand) error {
	x := m.Begin()
	kind := rng.IntN(4)
	lazyTop := kind >= 2 && rng.IntN(2) == 0
	var (
		e   logEntry
		err error
	)
	if !lazyTop {
		if e.top, err = x.AssignXid(); err != nil {
			return err
		}
	}
	if kind >= 2 && rng.IntN(4) == 0 {
		// Overflow the slot's subxid cache first: snapshots then resolve
		// this transaction's subxids through pg_subtrans.
		for range SubxidCacheSize + 2 {
			x.BeginSub()
			if _, err = x.AssignXid(); err != nil {
				return err
			}
			if err = x.ReleaseSub(); err != nil {
				return err
			}
		}
	}
	if kind >= 2 {
		x.BeginSub()
		// With lazyTop the first write happens in the subtransaction,
		// which assigns the top-level xid first.
		if e.sub, err = x.AssignXid(); err != nil {
			return err
		}
		e.top = x.TopXid()
		if kind == 2 {
			err = x.ReleaseSub()
		} else {
			err = x.RollbackSub()
		}
		if err != nil {
			return err
		}
	}
	before := a.gN.Load() // every transaction logged so far ended before this one begins to
	if rng.IntN(5) == 0 {
		x.Abort()
		e.outcome = outAborted
	} else {
		if err := x.Commit(); err != nil {
			return err
		}
		e.outcome = outCommitted
		if kind == 3 {
			e.outcome = outSubRollback
		}
	}
	n := a.logN[id].Load()
	if n < logCap {
		a.log[id][n] = e
		a.logN[id].Store(n + 1)
	}
	if g := a.gN.Add(1) - 1; g < gCap {
		ge := &a.glog[g]
		ge.top, ge.before, ge.outcome = e.top, before, uint32(e.outcome)
		ge.ready.Store(1)
	}
	return nil
}

// checkOrder checks that the snapshot's set of commits is a prefix of the
// commit order: for a sample of logged transactions it sees as committed,
// every committed transaction that ended before that one began is visible
// too.
func checkOrder(s *Snapshot, a *arena, rng *rand.Rand, vis func(uint64, bool) bool, fail func(string, ...any)) {
	n := min(a.gN.Load(), gCap)
	if n == 0 {
		return
	}
	committed := func(g *gEntry) bool { return g.ready.Load() != 0 && g.outcome != outAborted }
	for range 16 {
		// Mostly recent entries, where the races are.
		i := n - 1 - min(n-1, uint32(rng.IntN(256)))
		g := &a.glog[i]
		if !committed(g) || !vis(g.top, false) {
			continue
		}
		for k := 0; k < 24 && g.before > 0; k++ {
			j := g.before - 1 - min(g.before-1, uint32(rng.IntN(64)))
			p := &a.glog[j]
			if committed(p) && !vis(p.top, false) {
				fail("commit order: sees %d (log %d) but not %d (log %d), which ended before %d began to commit; xmin %d xmax %d",
					g.top, i, p.top, j, g.top, s.Xmin(), s.Xmax())
				return
			}
		}
	}
}

// checkOne takes a snapshot and checks it against the logs: everything
// logged before it was taken is visible as its outcome says; a top-level
// xid and its released subxid are visible together; rolled-back work is
// never visible; and every answer stays the same while the others keep
// committing.
func checkOne(m *Manager, a *arena, id int, rng *rand.Rand, fail func(string, ...any)) {
	var before [maxKids]uint32
	for k := range before {
		before[k] = a.logN[k].Load()
	}
	x := m.Begin()
	s := x.Snapshot()
	a.rounds.Add(1)
	if s.Overflowed() {
		a.overflow.Add(1)
	}
	a.curXmin[id].Store(s.Xmin())
	vis := func(xid uint64, hints bool) bool {
		h := tuple.Header{Xmin: xid}
		if !hints {
			return s.WithoutHints().Visible(&h)
		}
		v := s.Visible(&h)
		if v2 := s.Visible(&h); v2 != v {
			fail("xid %d: visible %v, then %v with the hints %#x", xid, v, v2, h.Infomask)
		}
		return v
	}
	type seen struct {
		e        logEntry
		top, sub bool
	}
	var first []seen
	for k := range before {
		n := a.logN[k].Load()
		// The recent entries, where the races are, and a sample of the
		// older ones.
		var idx []uint32
		for j := uint32(0); j < 16 && n > 0; j++ {
			idx = append(idx, rng.Uint32N(n))
		}
		for j := n - min(n, 64); j < n; j++ {
			idx = append(idx, j)
		}
		for _, j := range idx {
			e := a.log[k][j]
			sv := seen{e: e, top: vis(e.top, rng.IntN(2) == 0)}
			if e.sub != 0 {
				sv.sub = vis(e.sub, rng.IntN(2) == 0)
			}
			a.checks.Add(1)
			switch {
			case e.outcome == outAborted && (sv.top || sv.sub):
				fail("aborted xid %d (sub %d) visible", e.top, e.sub)
			case e.outcome == outSubRollback && sv.sub:
				fail("rolled back subxid %d visible", e.sub)
			case e.outcome == outCommitted && e.sub != 0 && sv.top != sv.sub:
				top, terr := m.topOf(e.sub)
				st, serr := m.Status(e.sub)
				cl, _ := m.clogGet(e.sub)
				fail("top %d visible %v but its subxid %d %v (in snapshot %v, overflow %v, xmin %d, xmax %d, now: top %d %v, status %v %v, clog %d)",
					e.top, sv.top, e.sub, sv.sub, s.XidInSnapshot(e.sub), s.Overflowed(), s.Xmin(), s.Xmax(), top, terr, st, serr, cl)
			case e.outcome != outAborted && j < before[k] && !sv.top:
				fail("xid %d committed before the snapshot (log %d/%d of child %d) is invisible; xmin %d xmax %d running %v",
					e.top, j, before[k], k, s.Xmin(), s.Xmax(), s.Running())
			}
			first = append(first, sv)
		}
	}
	checkOrder(s, a, rng, vis, fail)
	// Probe the most recent xids, whose transactions may be ending right
	// now: the answers must not change later in the same snapshot.
	type probe struct {
		xid uint64
		vis bool
	}
	var probes []probe
	for range 32 {
		xid := s.Xmax() - min(s.Xmax()-FirstNormalXid, 64) + uint64(rng.IntN(66))
		probes = append(probes, probe{xid, vis(xid, rng.IntN(2) == 0)})
	}
	// The pruning horizon never passes a live snapshot's xmin.
	for k := range a.curXmin {
		v1 := a.curXmin[k].Load()
		h := m.Horizon().OldestXmin()
		if v2 := a.curXmin[k].Load(); v1 != 0 && v1 == v2 && h > v1 {
			fail("horizon %d passes child %d's snapshot xmin %d", h, k, v1)
		}
	}
	// Let others commit, then ask again.
	for i := rng.IntN(20000); i > 0 && m.NextXid() != 0; i-- {
	}
	for _, p := range probes {
		if got := vis(p.xid, rng.IntN(2) == 0); got != p.vis {
			fail("recent xid %d: visible %v, later %v in the same snapshot (xmax %d)", p.xid, p.vis, got, s.Xmax())
		}
	}
	for _, sv := range first {
		if got := vis(sv.e.top, true); got != sv.top {
			fail("xid %d: visible %v, later %v in the same snapshot", sv.e.top, sv.top, got)
		}
		if sv.e.sub != 0 {
			if got := vis(sv.e.sub, false); got != sv.sub {
				fail("subxid %d: visible %v, later %v in the same snapshot", sv.e.sub, sv.sub, got)
			}
		}
	}
	a.curXmin[id].Store(0)
	if err := x.Commit(); err != nil {
		fail("read-only commit: %v", err)
	}
	if err := m.Err(); err != nil {
		fail("%v", err)
	}
}

// childAssign assigns and commits xids as fast as it can, publishing each
// before committing, until it is killed.
func childAssign(m *Manager, a *arena, id int) int {
	for {
		x := m.Begin()
		xid, err := x.AssignXid()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		a.maxXid[id].Store(xid)
		if err := x.Commit(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
}

// TestProcesses runs writers and snapshot checkers in several processes.
func TestProcesses(t *testing.T) {
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	e := newProcEnv(t, dir)
	const kids = 4
	d := 3 * time.Second
	if testing.Short() {
		d = time.Second
	}
	var cs []*child
	for i := 1; i <= kids; i++ {
		cs = append(cs, e.spawn(t, "mix", i, d))
	}
	e.openGate(t, kids)
	e.wait(t, cs...)
	var logged uint32
	for i := range e.a.logN {
		logged += e.a.logN[i].Load()
	}
	t.Logf("%d transactions logged, %d snapshots (%d overflowed) with %d visibility checks",
		logged, e.a.rounds.Load(), e.a.overflow.Load(), e.a.checks.Load())
	if logged == 0 || e.a.checks.Load() == 0 {
		t.Fatal("nothing happened")
	}
	// The parent sees the final outcomes.
	m, err := Attach(e.seg, dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	s := m.Begin().Snapshot()
	for k := range e.a.logN {
		for j := uint32(0); j < e.a.logN[k].Load(); j++ {
			le := e.a.log[k][j]
			want := le.outcome != outAborted
			if got := visible(s, le.top); got != want {
				t.Fatalf("xid %d (outcome %d): visible %v", le.top, le.outcome, got)
			}
			if le.sub != 0 && visible(s, le.sub) != (le.outcome == outCommitted) {
				t.Fatalf("subxid %d (outcome %d): wrong visibility", le.sub, le.outcome)
			}
		}
	}
}

// TestKilledNoXidReuse kills processes that are assigning xids and
// restarts on a new segment: no xid any of them was handed comes out
// again.
func TestKilledNoXidReuse(t *testing.T) {
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	var maxSeen uint64
	for round := 0; round < 3; round++ {
		e := newProcEnv(t, dir)
		m, err := Attach(e.seg, dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		if next := m.NextXid(); next <= maxSeen {
			t.Fatalf("round %d: next xid %d, but %d was handed out before the kill", round, next, maxSeen)
		}
		m.Close()
		var cs []*child
		for i := 1; i <= 2; i++ {
			cs = append(cs, e.spawn(t, "assign", i, 0))
		}
		e.openGate(t, 2)
		deadline := time.Now().Add(30 * time.Second)
		for e.a.maxXid[1].Load() < maxSeen+XidChunk+100 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		for _, c := range cs {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
		for i := range e.a.maxXid {
			maxSeen = max(maxSeen, e.a.maxXid[i].Load())
		}
		t.Logf("round %d: xids up to %d handed out", round, maxSeen)
	}
}
