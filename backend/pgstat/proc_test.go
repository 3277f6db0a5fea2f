package pgstat

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"

	"ringpg/shm"
)

// The cross-process test: the test binary re-executes itself as children
// that map the parent's segment from descriptor 3 and publish into its
// statistics table, as backends do.

const (
	envChild   = "PGSTAT_TEST_CHILD" // the child's number; empty in the parent
	childXacts = 3000
)

func TestMain(m *testing.M) {
	if id := os.Getenv(envChild); id != "" {
		os.Exit(childMain(id))
	}
	os.Exit(m.Run())
}

// childMain publishes childXacts transactions: each inserts two rows of
// a common table and one of the child's own, and every third aborts.
func childMain(id string) int {
	n, err := strconv.Atoi(id)
	if err != nil {
		return 2
	}
	seg, err := shm.Attach(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	b := NewBackend(Attach(seg.Region(RegionName)))
	common := b.Rel(1, 100)
	own := b.Rel(1, uint32(1000+n))
	for i := range childXacts {
		b.Touch(common)
		b.Touch(own)
		common.Inserted += 2
		common.NumScans++
		own.Inserted++
		b.EndXact(i%3 != 0)
	}
	return 0
}

func TestProcessesPublish(t *testing.T) {
	const kids = 4
	seg, err := shm.Create(shm.Config{MaxProcs: 1, HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{{Name: RegionName, Size: RegionSize(100)}}})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Unmap()
	fd, err := unix.Dup(seg.Fd())
	if err != nil {
		t.Fatal(err)
	}
	memfd := os.NewFile(uintptr(fd), "segment")
	defer memfd.Close()
	var cmds []*exec.Cmd
	for k := range kids {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"="+strconv.Itoa(k))
		cmd.ExtraFiles = []*os.File{memfd}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	tab := Attach(seg.Region(RegionName))
	r, ok := tab.Get(Key{1, 100})
	if !ok {
		t.Fatal("common table has no statistics")
	}
	total := int64(kids * childXacts)
	aborted := int64(kids * ((childXacts + 2) / 3))
	if r[TuplesInserted] != 2*total || r[NumScans] != total {
		t.Errorf("inserted %d scans %d, want %d %d", r[TuplesInserted], r[NumScans], 2*total, total)
	}
	if r[LiveTuples] != 2*(total-aborted) || r[DeadTuples] != 2*aborted {
		t.Errorf("live %d dead %d, want %d %d", r[LiveTuples], r[DeadTuples], 2*(total-aborted), 2*aborted)
	}
	for k := range kids {
		if r, ok := tab.Get(Key{1, uint32(1000 + k)}); !ok || r[TuplesInserted] != childXacts {
			t.Errorf("child %d's table: %v %v", k, ok, r[TuplesInserted])
		}
	}
}
