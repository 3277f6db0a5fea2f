package wal

// Harness for the cross-process tests: the test binary re-executes itself
// as children (TestMain dispatches on envRole), which map the parent's
// segment from descriptor 3 and attach to the same WAL region.

import (
	"bytes"
	"encoding/binary"
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
	envRole    = "WAL_TEST_ROLE"
	envID      = "WAL_TEST_ID"
	envIters   = "WAL_TEST_ITERS"
	envDir     = "WAL_TEST_DIR"
	envBuffers = "WAL_TEST_BUFFERS"

	arenaRegion = "wal-test"
	maxKids     = 8
)

// arena is the tests' shared state beside the WAL region.
type arena struct {
	gate    atomic.Uint32 // 0 until the parent lets the children run
	arrived atomic.Uint32
	// acked[i] is 1 + the last sequence number child i inserted before a
	// Flush covering it returned successfully (0: none).
	acked    [maxKids + 1]atomic.Uint64
	failures atomic.Uint32
}

type procEnv struct {
	*env
	memfd *os.File
	a     *arena
}

func newProcEnv(t testing.TB, kids int, mod func(*Config)) *procEnv {
	t.Helper()
	cfg := DefaultConfig(t.TempDir())
	cfg.SegmentSize = testSegSize
	cfg.Buffers = 64
	if mod != nil {
		mod(&cfg)
	}
	seg, err := shm.Create(shm.Config{
		MaxProcs:  kids + 1,
		HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{
			{Name: RegionName, Size: RegionSize(cfg.Buffers)},
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
	e := &procEnv{env: &env{seg: seg, cfg: cfg}, memfd: os.NewFile(uintptr(fd), "segment"), a: arenaOf(seg)}
	t.Cleanup(func() {
		e.memfd.Close()
		seg.Close()
	})
	return e
}

func arenaOf(seg *shm.Segment) *arena {
	r := seg.Region(arenaRegion)
	return (*arena)(unsafe.Pointer(unsafe.SliceData(r)))
}

type child struct {
	id  int
	cmd *exec.Cmd
	out bytes.Buffer
}

func (e *procEnv) startChild(t testing.TB, role string, id, iters int) *child {
	t.Helper()
	c := &child{id: id}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(),
		envRole+"="+role, envID+"="+strconv.Itoa(id), envIters+"="+strconv.Itoa(iters),
		envDir+"="+e.cfg.Dir, envBuffers+"="+strconv.Itoa(e.cfg.Buffers))
	c.cmd.ExtraFiles = []*os.File{e.memfd}
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start child %d: %v", id, err)
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
	sem.FutexWake(futexWord(&e.a.gate), n)
}

func (e *procEnv) waitChildren(t testing.TB, children ...*child) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		for _, c := range children {
			c.cmd.Wait()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		for _, c := range children {
			c.cmd.Process.Signal(syscall.SIGQUIT)
		}
		<-done
		for _, c := range children {
			t.Logf("child %d:\n%s", c.id, c.out.String())
		}
		t.Fatal("children hung")
	}
	for _, c := range children {
		if !c.cmd.ProcessState.Success() {
			t.Errorf("child %d: %v\n%s", c.id, c.cmd.ProcessState, c.out.String())
		}
	}
	if f := e.a.failures.Load(); f != 0 {
		t.Errorf("children saw %d failures", f)
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
	w     *WAL
	id    int
	iters int
}

var kidRoles = map[string]func(*kid) error{
	"insert": func(k *kid) error { return kidInsert(k, []uint64{1, 1, 2, 50, 1000}[k.id%5]) },
	"commit": func(k *kid) error { return kidInsert(k, uint64(1+k.id%3)) },
}

func runChild(role string) int {
	fn := kidRoles[role]
	if fn == nil {
		fmt.Fprintf(os.Stderr, "unknown role %q\n", role)
		return 2
	}
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	id, _ := strconv.Atoi(os.Getenv(envID))
	iters, _ := strconv.Atoi(os.Getenv(envIters))
	nbuf, _ := strconv.Atoi(os.Getenv(envBuffers))
	cfg := DefaultConfig(os.Getenv(envDir))
	cfg.SegmentSize = testSegSize
	cfg.Buffers = nbuf
	w, err := Attach(seg.Region(RegionName), cfg, seg.Waiters(), uint32(id))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	k := &kid{a: arenaOf(seg), w: w, id: id, iters: iters}
	k.a.arrived.Add(1)
	for k.a.gate.Load() == 0 {
		sem.FutexWait(futexWord(&k.a.gate), 0, 100*time.Millisecond)
	}
	err = fn(k)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "child %d: %v\n", id, err)
		k.a.failures.Add(1)
		return 1
	}
	return 0
}

// tagged returns a record body saying who inserted it: child id, sequence
// number, then filler of a length that depends on both.
func tagged(id int, seq uint64, buf []byte) []byte {
	n := 8 + int((seq*7+uint64(id)*13)%400)
	if seq%97 == 0 {
		n = 9000 + id*100 // spans pages
	}
	buf = buf[:0]
	buf = binary.LittleEndian.AppendUint32(buf, uint32(id))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(seq))
	for len(buf) < n {
		buf = append(buf, byte(seq)^byte(len(buf)))
	}
	return buf
}

// kidInsert inserts iters tagged records, flushing after every every-th
// and publishing how far its flushed records go.
func kidInsert(k *kid, every uint64) error {
	var b Builder
	buf := make([]byte, 0, 16<<10)
	for seq := uint64(0); seq < uint64(k.iters); seq++ {
		b.Reset(RmTest, 0, uint64(k.id)<<32|seq)
		b.AppendData(tagged(k.id, seq, buf))
		end, err := k.w.Insert(&b)
		if err != nil {
			return err
		}
		if seq%every == 0 || seq == uint64(k.iters)-1 {
			if err := k.w.Flush(end); err != nil {
				return err
			}
			if k.w.FlushedUpTo() < end {
				return fmt.Errorf("Flush(%s) returned with FlushedUpTo %s", end, k.w.FlushedUpTo())
			}
			k.a.acked[k.id].Store(seq + 1)
		}
	}
	return nil
}

// RmTest is the resource manager id the tests' records use.
const RmTest = 200

// checkTagged reads the WAL and checks that it holds, for each child,
// every record up to its acknowledged count, each exactly once, in
// order, with intact content, and nothing else.
func checkTagged(t *testing.T, dir string, acked []uint64, exact bool) {
	t.Helper()
	recs, r := readAll(t, dir, FirstLSN(testSegSize))
	next := make([]uint64, len(acked))
	buf := make([]byte, 0, 16<<10)
	var prev LSN
	for _, rec := range recs {
		if rec.LSN <= prev {
			t.Fatalf("record at %s after one at %s", rec.LSN, prev)
		}
		prev = rec.LSN
		if rec.RmID != RmTest || len(rec.MainData) < 8 {
			t.Fatalf("stray record at %s", rec.LSN)
		}
		id := int(binary.LittleEndian.Uint32(rec.MainData))
		seq := uint64(binary.LittleEndian.Uint32(rec.MainData[4:]))
		if id >= len(acked) || seq != next[id] {
			t.Fatalf("record at %s is child %d seq %d, expected seq %d", rec.LSN, id, seq, next[id])
		}
		if !bytes.Equal(rec.MainData, tagged(id, seq, buf)) || rec.Xid != uint64(id)<<32|seq {
			t.Fatalf("record at %s (child %d seq %d) is damaged", rec.LSN, id, seq)
		}
		next[id]++
	}
	for id := range acked {
		if next[id] < acked[id] || (exact && next[id] != acked[id]) {
			t.Errorf("child %d: %d records found, %d acknowledged (end: %s)", id, next[id], acked[id], r.EndReason())
		}
	}
}

// TestProcessesInsertAndFlush runs several processes inserting and
// flushing at once through a small buffer pool, so that buffers are
// recycled and records span pages and segments; every record must be
// read back exactly once and in order.
func TestProcessesInsertAndFlush(t *testing.T) {
	const kids = 4
	iters := 1500
	if raceEnabled {
		iters = 500
	}
	e := newProcEnv(t, kids, func(c *Config) { c.Buffers = 16 })
	w := e.started(t)
	var children []*child
	for id := 1; id <= kids; id++ {
		children = append(children, e.startChild(t, "insert", id, iters))
	}
	e.openGate(t, kids)
	e.waitChildren(t, children...)
	acked := make([]uint64, kids+1)
	for id := 1; id <= kids; id++ {
		acked[id] = e.a.acked[id].Load()
		if acked[id] != uint64(iters) {
			t.Errorf("child %d acknowledged %d", id, acked[id])
		}
	}
	checkTagged(t, e.cfg.Dir, acked, true)
	st := w.Stats()
	t.Logf("stats: %+v", st)
	if st.Records != uint64(kids*iters) {
		t.Errorf("stats %+v", st)
	}
}

// TestKillDuringCommits kills every inserting process with SIGKILL in the
// middle of its work (some holding insertion slots, some in a write):
// every record whose Flush had returned must be in the WAL, and a new
// server life started at the end the reader finds must log after it.
func TestKillDuringCommits(t *testing.T) {
	const kids = 4
	e := newProcEnv(t, kids, func(c *Config) { c.Buffers = 16 })
	w := e.started(t)
	if err := w.Preallocate(1); err != nil {
		t.Fatal(err)
	}
	var children []*child
	for id := 1; id <= kids; id++ {
		children = append(children, e.startChild(t, "commit", id, 1<<30))
	}
	e.openGate(t, kids)
	deadline := time.Now().Add(time.Minute)
	// Let each commit a hundred times or so.
	for id := 1; id <= kids; id++ {
		for e.a.acked[id].Load() < 100 {
			if time.Now().After(deadline) {
				t.Fatalf("child %d: only %d commits acknowledged", id, e.a.acked[id].Load())
			}
			time.Sleep(time.Millisecond)
		}
	}
	for _, c := range children {
		c.cmd.Process.Signal(syscall.SIGKILL)
	}
	for _, c := range children {
		c.cmd.Wait()
	}
	// Whatever any process flushed, for itself or for others, is there:
	// the valid WAL reaches at least the flush position.
	flushed := w.FlushedUpTo()
	acked := make([]uint64, kids+1)
	for id := 1; id <= kids; id++ {
		acked[id] = e.a.acked[id].Load()
	}
	checkTagged(t, e.cfg.Dir, acked, false)

	// The next server life.
	recs, r := readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
	found := make([]uint64, kids+1)
	for _, rec := range recs {
		found[int(rec.Xid>>32)]++
	}
	t.Logf("acknowledged %v, found %v, flushed to %s, end %s: %s", acked[1:], found[1:], flushed, r.EndLSN(), r.EndReason())
	if r.EndLSN() < flushed {
		t.Errorf("valid WAL ends at %s, before the flush position %s", r.EndLSN(), flushed)
	}
	e2 := newEnv(t, 2, func(c *Config) { *c = e.cfg })
	w2 := e2.attach(t, 0)
	if err := w2.Start(r.EndLSN(), r.LastLSN()); err != nil {
		t.Fatal(err)
	}
	var b Builder
	for seq := found[2]; seq < found[2]+100; seq++ {
		b.Reset(RmTest, 0, 2<<32|seq)
		b.AppendData(tagged(2, seq, nil))
		if _, err := w2.Insert(&b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w2.Flush(w2.InsertPos()); err != nil {
		t.Fatal(err)
	}
	found[2] += 100
	checkTagged(t, e.cfg.Dir, found, true)
}
