package btree

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/shm"
)

// Multi-process stress: the test binary re-executes itself; each child
// maps the segment from descriptor 3, attaches to the shared buffer pool
// under its own proc number, reaches the relation through files in one
// directory, opens the index and runs one worker role (stress_test.go).

const (
	envRole     = "BTREE_TEST_ROLE"
	envID       = "BTREE_TEST_ID"
	envProc     = "BTREE_TEST_PROC"
	envDir      = "BTREE_TEST_DIR"
	envNBuffers = "BTREE_TEST_NBUFFERS"
	arenaRegion = "btree-test"
)

func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		if err := runChild(role); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fileStorage is a bufmgr.Storage on one file per relation fork, read and
// written with pread and pwrite, so every process sees the same blocks.
type fileStorage struct {
	dir   string
	mu    sync.Mutex
	files map[bufmgr.RelFork]*os.File
}

func (f *fileStorage) file(rf bufmgr.RelFork) (*os.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl := f.files[rf]; fl != nil {
		return fl, nil
	}
	fl, err := os.OpenFile(filepath.Join(f.dir, fmt.Sprintf("%d_%d_%d_%d", rf.Spc, rf.DB, rf.Rel, rf.Fork)), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	f.files[rf] = fl
	return fl, nil
}

func (f *fileStorage) Read(t bufmgr.Tag, buf []byte) error {
	fl, err := f.file(t.RelFork())
	if err != nil {
		return err
	}
	if n, err := fl.ReadAt(buf[:bufmgr.BlockSize], int64(t.Block)*bufmgr.BlockSize); n != bufmgr.BlockSize {
		return fmt.Errorf("read %v: %d bytes: %v", t, n, err)
	}
	return nil
}

func (f *fileStorage) Write(t bufmgr.Tag, buf []byte) error {
	fl, err := f.file(t.RelFork())
	if err != nil {
		return err
	}
	_, err = fl.WriteAt(buf[:bufmgr.BlockSize], int64(t.Block)*bufmgr.BlockSize)
	return err
}

func (f *fileStorage) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	fl, err := f.file(rf)
	if err != nil {
		return err
	}
	_, err = fl.WriteAt(buf[:bufmgr.BlockSize], int64(blk)*bufmgr.BlockSize)
	return err
}

func (f *fileStorage) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	fl, err := f.file(rf)
	if err != nil {
		return 0, err
	}
	fi, err := fl.Stat()
	if err != nil {
		return 0, err
	}
	return uint32(fi.Size() / bufmgr.BlockSize), nil
}

func (f *fileStorage) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fl := range f.files {
		fl.Close()
	}
}

// pageHooks checksum pages on their way out and verify them on the way in.
var pageHooks = bufmgr.Hooks{
	Verify:      func(t bufmgr.Tag, p []byte) error { return page.Page(p).Verify(t.Block) },
	BeforeWrite: func(t bufmgr.Tag, p []byte) { page.Page(p).SetChecksum(t.Block) },
}

func arenaOf(seg *shm.Segment) *arena {
	return (*arena)(unsafe.Pointer(unsafe.SliceData(seg.Region(arenaRegion))))
}

// procEnv is the parent's side of a multi-process run.
type procEnv struct {
	seg      *shm.Segment
	memfd    *os.File
	a        *arena
	pool     *bufmgr.Pool
	st       *fileStorage
	dir      string
	nbuffers int
}

func newProcEnv(t testing.TB, nbuffers, kids int) *procEnv {
	t.Helper()
	seg, err := shm.Create(shm.Config{
		MaxProcs:  kids + 1,
		HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{
			{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(nbuffers)},
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
	e.st = &fileStorage{dir: e.dir, files: map[bufmgr.RelFork]*os.File{}}
	if e.pool, err = bufmgr.Attach(seg.Region(bufmgr.RegionName), nbuffers, seg.Waiters(), 0, e.st, pageHooks); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.st.close()
		e.memfd.Close()
		seg.Close()
	})
	return e
}

type child struct {
	name string
	cmd  *exec.Cmd
	out  bytes.Buffer
}

// spawn starts a child running role as worker id, proc number proc.
func (e *procEnv) spawn(t testing.TB, role string, id, proc int) *child {
	t.Helper()
	c := &child{name: fmt.Sprintf("%s %d", role, id)}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(), envRole+"="+role, envID+"="+strconv.Itoa(id), envProc+"="+strconv.Itoa(proc),
		envDir+"="+e.dir, envNBuffers+"="+strconv.Itoa(e.nbuffers))
	c.cmd.ExtraFiles = []*os.File{e.memfd} // descriptor 3
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", c.name, err)
	}
	return c
}

// wait waits for the children, failing the test on an unsuccessful exit
// and killing them all if one hangs far past any reasonable run.
func wait(t testing.TB, children []*child) {
	t.Helper()
	done := make(chan *child, len(children))
	for _, c := range children {
		go func() { c.cmd.Wait(); done <- c }()
	}
	deadline := time.After(3 * time.Minute)
	for range children {
		select {
		case c := <-done:
			if !c.cmd.ProcessState.Success() {
				t.Errorf("%s: %v\n%s", c.name, c.cmd.ProcessState, c.out.String())
			}
		case <-deadline:
			for _, c := range children {
				c.cmd.Process.Kill()
			}
			t.Fatal("children hung")
		}
	}
}

// runChild is a child process's body.
func runChild(role string) error {
	num := func(name string) int {
		n, _ := strconv.Atoi(os.Getenv(name))
		return n
	}
	seg, err := shm.Attach(3)
	if err != nil {
		return fmt.Errorf("attach segment: %w", err)
	}
	st := &fileStorage{dir: os.Getenv(envDir), files: map[bufmgr.RelFork]*os.File{}}
	pool, err := bufmgr.Attach(seg.Region(bufmgr.RegionName), num(envNBuffers), seg.Waiters(), uint32(num(envProc)), st, pageHooks)
	if err != nil {
		return err
	}
	ix := Open(pool, testRel, Options{Name: "stress"})
	if err := runWorker(role, num(envID), ix, arenaOf(seg)); err != nil {
		return err
	}
	if n := pool.ReleaseAll(); n != 0 {
		return fmt.Errorf("%s left %d pins behind", role, n)
	}
	return nil
}

// TestMultiProcessStress runs the stress workload in real processes on the
// shared buffer pool, small enough that pages are evicted and read back
// while others split them.
func TestMultiProcessStress(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	cfg := stressConfig{preload: 3000, perWorker: 2500, unique: 600, inserters: 3, uniques: 2, scanners: 2}
	if raceEnabled {
		cfg.preload, cfg.perWorker, cfg.unique = 1000, 600, 200
	}
	// BTREE_STRESS_SCALE=n multiplies the work, for longer soak runs.
	if n, _ := strconv.Atoi(os.Getenv("BTREE_STRESS_SCALE")); n > 1 {
		cfg.preload, cfg.perWorker = cfg.preload*n, cfg.perWorker*n
		cfg.unique = min(cfg.unique*n, maxUnique)
	}
	kids := cfg.inserters + cfg.uniques + cfg.scanners + 1 // and a vacuum
	e := newProcEnv(t, 128, kids)
	e.a.setConfig(cfg)
	ix, err := Create(e.pool, testRel, Options{Name: "stress"})
	if err != nil {
		t.Fatal(err)
	}
	if err := preload(ix, cfg); err != nil {
		t.Fatal(err)
	}
	var writers, scanners []*child
	proc := 1
	for i := 1; i <= cfg.inserters; i++ {
		writers = append(writers, e.spawn(t, "insert", i, proc))
		proc++
	}
	for i := range cfg.uniques {
		writers = append(writers, e.spawn(t, "unique", 100+i, proc))
		proc++
	}
	for i := range cfg.scanners {
		scanners = append(scanners, e.spawn(t, "scan", 200+i, proc))
		proc++
	}
	scanners = append(scanners, e.spawn(t, "vacuum", 300, proc))
	openGate(t, e.a, kids)
	wait(t, writers)
	e.a.stop.Store(1)
	wait(t, scanners)
	if t.Failed() {
		t.FailNow()
	}
	verifyStress(t, ix, e.a)
	if err := e.pool.CheckIdle(); err != nil {
		t.Error(err)
	}
	// Everything written through the pool reads back from the files.
	if err := e.pool.FlushAll(); err != nil {
		t.Fatal(err)
	}
	n, err := e.st.Nblocks(testRel)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, bufmgr.BlockSize)
	for blk := range n {
		if err := e.st.Read(testRel.Block(blk), buf); err != nil {
			t.Fatal(err)
		}
		if err := page.Page(buf).Verify(blk); err != nil {
			t.Fatalf("block %d on disk: %v", blk, err)
		}
	}
}
