package transam

import (
	"testing"

	"ringpg/shm"
)

// testEnv is a segment with the xact region and a bootstrapped data
// directory, in one process; managers for several slots stand for
// several backends.
type testEnv struct {
	t    testing.TB
	seg  *shm.Segment
	dir  string
	mgrs map[int]*Manager
}

func newTestEnv(t testing.TB, procs int) *testEnv {
	t.Helper()
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	return newTestEnvDir(t, procs, dir)
}

// newTestEnvDir makes a fresh (zeroed) segment over an existing data
// directory: a server restart.
func newTestEnvDir(t testing.TB, procs int, dir string) *testEnv {
	t.Helper()
	seg, err := shm.Create(shm.Config{
		MaxProcs:  procs,
		HugePages: shm.HugeOff,
		Regions:   []shm.RegionSpec{{Name: RegionName, Size: RegionSize(procs)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, seg: seg, dir: dir, mgrs: map[int]*Manager{}}
	t.Cleanup(e.close)
	return e
}

func (e *testEnv) close() {
	for _, m := range e.mgrs {
		m.Close()
	}
	e.mgrs = nil
	if e.seg != nil {
		e.seg.Close()
		e.seg = nil
	}
}

// mgr returns the manager of slot i, attaching it on first use.
func (e *testEnv) mgr(i int) *Manager {
	e.t.Helper()
	if m := e.mgrs[i]; m != nil {
		return m
	}
	m, err := Attach(e.seg, e.dir, i)
	if err != nil {
		e.t.Fatal(err)
	}
	e.mgrs[i] = m
	return m
}

// xid assigns x's xid, failing the test on an error.
func xid(t testing.TB, x *Xact) uint64 {
	t.Helper()
	id, err := x.AssignXid()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func commit(t testing.TB, x *Xact) {
	t.Helper()
	if err := x.Commit(); err != nil {
		t.Fatal(err)
	}
}
