package catalog

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"ringpg/shm"
)

// Cross-process tests: the test binary re-executes itself (TestMain
// dispatches on envRole) with the segment's memfd as descriptor 3. The
// processes step each other through procArena in the segment.

const (
	envRole       = "CATALOG_TEST_ROLE"
	envDir        = "CATALOG_TEST_DIR"
	procArenaName = "catalog-test-proc"
	oidsPerProc   = 3000
)

type procArena struct {
	step atomic.Uint32
	oids [2][oidsPerProc]atomic.Uint32
}

func procArenaOf(seg *shm.Segment) *procArena {
	return (*procArena)(unsafe.Pointer(unsafe.SliceData(seg.Region(procArenaName))))
}

func TestMain(m *testing.M) {
	switch os.Getenv(envRole) {
	case "":
		os.Exit(m.Run())
	case "reader":
		os.Exit(runChild(childReader))
	case "oids":
		os.Exit(runChild(childOids))
	case "nextval":
		os.Exit(runChild(childNextval))
	}
	os.Exit(2)
}

// childT is the testing.TB of a child process: a failure is printed and
// ends it with status 1.
type childT struct{ testing.TB }

func (childT) Helper()                      {}
func (childT) Cleanup(func())               {}
func (childT) TempDir() string              { return os.TempDir() }
func (childT) Fatal(args ...any)            { fmt.Fprintln(os.Stderr, args...); os.Exit(1) }
func (childT) Fatalf(f string, args ...any) { fmt.Fprintf(os.Stderr, f+"\n", args...); os.Exit(1) }
func (childT) Errorf(f string, args ...any) { fmt.Fprintf(os.Stderr, f+"\n", args...); os.Exit(1) }

func runChild(f func(e *env, a *procArena)) int {
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	e := attachEnv(childT{}, seg, 1, os.Getenv(envDir), PostgresDB)
	f(e, procArenaOf(seg))
	return 0
}

// waitStep polls the arena until it reaches step n (no sleeps as waits:
// a deadline bounds the polling).
func waitStep(a *procArena, n uint32) error {
	deadline := time.Now().Add(20 * time.Second)
	for a.step.Load() < n {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for step %d (at %d)", n, a.step.Load())
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}

// childReader looks up table mp before, during and after the parent's
// transaction that creates it.
func childReader(e *env, a *procArena) {
	look := func() error {
		_, err := e.cat.LookupRelation(e.read(), path, "", "mp")
		return err
	}
	e.cat.BeginStatement()
	if err := look(); err == nil {
		e.t.Fatal("mp exists before it was created")
	}
	a.step.Store(1)
	if err := waitStep(a, 2); err != nil { // created, not committed
		e.t.Fatal(err)
	}
	e.cat.BeginStatement()
	if err := look(); err == nil {
		e.t.Fatal("uncommitted mp is visible")
	}
	a.step.Store(3)
	if err := waitStep(a, 4); err != nil { // committed
		e.t.Fatal(err)
	}
	// The cache still says "no such relation" until the next statement
	// checks the invalidation counter.
	if err := look(); err == nil {
		e.t.Fatal("the cache was dropped before BeginStatement")
	}
	e.cat.BeginStatement()
	r, err := e.cat.LookupRelation(e.read(), path, "", "mp")
	if err != nil {
		e.t.Fatal(err)
	}
	if got := describeRel(r); got != "public.mp kind=r toast=false\n col 1 a 23 notnull=false default=\"\" dropped=false" {
		e.t.Fatal(got)
	}
	a.step.Store(5)
}

// childOids allocates OIDs while the parent does.
func childOids(e *env, a *procArena) {
	a.step.Add(1)
	if err := waitStep(a, 2); err != nil {
		e.t.Fatal(err)
	}
	for i := range a.oids[1] {
		oid, err := e.cat.NewOid()
		if err != nil {
			e.t.Fatal(err)
		}
		a.oids[1][i].Store(oid)
	}
}

// startChild bootstraps a data directory and starts a child in role.
func startChild(t *testing.T, role string) (*env, *procArena, *exec.Cmd) {
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	seg := testSegmentWith(t, 4, shm.RegionSpec{Name: procArenaName, Size: unsafe.Sizeof(procArena{})})
	t.Cleanup(func() { seg.Close() })
	e := attachEnv(t, seg, 0, dir, PostgresDB)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envRole+"="+role, envDir+"="+dir)
	// A duplicate of the memfd, owned by its own *os.File: wrapping the
	// segment's descriptor itself would let the File's finalizer close it.
	fd, err := unix.Dup(seg.Fd())
	if err != nil {
		t.Fatal(err)
	}
	memfd := os.NewFile(uintptr(fd), "segment")
	cmd.ExtraFiles = []*os.File{memfd}
	cmd.Stderr = os.Stderr
	err = cmd.Start()
	memfd.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return e, procArenaOf(seg), cmd
}

// TestTwoProcesses: one process creates a table; the other sees it only
// once the creator committed and the invalidation counter moved.
func TestTwoProcesses(t *testing.T) {
	e, a, cmd := startChild(t, "reader")
	if err := waitStep(a, 1); err != nil {
		t.Fatal(err)
	}
	tx := e.tm.begin()
	e.cat.BeginStatement()
	if err := e.ddl(tx, func(s *snap) error {
		_, err := e.cat.CreateRelation(tx, s, RelationSpec{Namespace: PublicNamespace, Name: "mp",
			Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	a.step.Store(2)
	if err := waitStep(a, 3); err != nil {
		t.Fatal(err)
	}
	tx.commit()
	if err := e.cat.AtCommit(); err != nil {
		t.Fatal(err)
	}
	a.step.Store(4)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("reader: %v", err)
	}
	if a.step.Load() != 5 {
		t.Fatal("reader did not finish")
	}
}

// TestOidsAcrossProcesses: two processes allocate OIDs at once, crossing
// several chunks; no OID is handed out twice.
func TestOidsAcrossProcesses(t *testing.T) {
	e, a, cmd := startChild(t, "oids")
	if err := waitStep(a, 1); err != nil {
		t.Fatal(err)
	}
	a.step.Add(1)
	for i := range a.oids[0] {
		oid, err := e.cat.NewOid()
		if err != nil {
			t.Fatal(err)
		}
		a.oids[0][i].Store(oid)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	var all []uint32
	for p := range a.oids {
		for i := range a.oids[p] {
			all = append(all, a.oids[p][i].Load())
		}
	}
	slices.Sort(all)
	for i := 1; i < len(all); i++ {
		if all[i] == all[i-1] || all[i-1] < FirstNormalOid {
			t.Fatalf("oid %d handed out twice (or below %d)", all[i], FirstNormalOid)
		}
	}
}

// childNextval calls nextval on sequence ns while the parent does.
func childNextval(e *env, a *procArena) {
	a.step.Add(1)
	if err := waitStep(a, 2); err != nil {
		e.t.Fatal(err)
	}
	e.cat.BeginStatement()
	r, err := e.cat.LookupRelation(e.read(), path, "", "ns")
	if err != nil {
		e.t.Fatal(err)
	}
	for i := range a.oids[1] {
		v, err := e.cat.NextVal(e.read(), r.Oid)
		if err != nil {
			e.t.Fatal(err)
		}
		a.oids[1][i].Store(uint32(v))
	}
}

// TestNextvalAcrossProcesses: two processes draw from one sequence at
// once; together they get every value once.
func TestNextvalAcrossProcesses(t *testing.T) {
	e, a, cmd := startChild(t, "nextval")
	seq := e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "ns"})
	if err := waitStep(a, 1); err != nil {
		t.Fatal(err)
	}
	a.step.Add(1)
	for i := range a.oids[0] {
		v, err := e.cat.NextVal(e.read(), seq.Oid)
		if err != nil {
			t.Fatal(err)
		}
		a.oids[0][i].Store(uint32(v))
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	seen := make([]bool, 2*oidsPerProc+1)
	for p := range a.oids {
		for i := range a.oids[p] {
			v := a.oids[p][i].Load()
			if v == 0 || int(v) >= len(seen) || seen[v] {
				t.Fatalf("nextval gave %d twice or out of range", v)
			}
			seen[v] = true
		}
	}
}

// TestBootstrapProcs: functions handed to Bootstrap are pg_proc rows.
func TestBootstrapProcs(t *testing.T) {
	dir := t.TempDir()
	procs := []Proc{
		{Oid: 1067, Name: "generate_series", Args: []uint32{23, 23}, Result: 23, RetSet: true, Strict: true, Volatility: 'i'},
		{Oid: 2147, Name: "count", Args: []uint32{2276}, Result: 20, Kind: 'a', Volatility: 'i'},
		{Oid: 3208, Name: "jsonb_each", Args: []uint32{3802}, Result: 2249, RetSet: true, Strict: true, Volatility: 'i',
			OutNames: []string{"key", "value"}, OutTypes: []uint32{25, 3802}},
	}
	if err := Bootstrap(dir, procs...); err != nil {
		t.Fatal(err)
	}
	seg := testSegment(t, 2)
	defer seg.Close()
	e := attachEnv(t, seg, 0, dir, PostgresDB)
	for _, want := range procs {
		got, err := e.cat.Procs(e.read(), want.Name)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %v %v", want.Name, got, err)
		}
		if fmt.Sprintf("%+v", got[0]) != fmt.Sprintf("%+v", withDefaults(want)) {
			t.Errorf("%s:\n got %+v\nwant %+v", want.Name, got[0], withDefaults(want))
		}
	}
}

func withDefaults(p Proc) Proc {
	if p.Kind == 0 {
		p.Kind = 'f'
	}
	return p
}
