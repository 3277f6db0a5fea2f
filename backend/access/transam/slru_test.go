package transam

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSLRUEviction spreads entries over more pages than either SLRU
// buffers, so pages are evicted, written and read back; the commit log's
// also survive a restart on a new region.
func TestSLRUEviction(t *testing.T) {
	e := newTestEnv(t, 2)
	m := e.mgr(0)
	const pages = 3 * clogBuffers
	for p := uint64(0); p < pages; p++ {
		// Two xids per page, both ends, distinct outcomes.
		lo, hi := p*clogXidsPerPage+FirstNormalXid, (p+1)*clogXidsPerPage-1
		if err := m.clogSet([]uint64{lo}, clogCommitted); err != nil {
			t.Fatal(err)
		}
		if err := m.clogSet([]uint64{hi}, clogAborted); err != nil {
			t.Fatal(err)
		}
		if err := m.setTop(p*subXidsPerPage+5, p+1000); err != nil {
			t.Fatal(err)
		}
	}
	check := func(m *Manager, subtrans bool) {
		t.Helper()
		for p := uint64(0); p < pages; p++ {
			lo, hi := p*clogXidsPerPage+FirstNormalXid, (p+1)*clogXidsPerPage-1
			if st, err := m.clogGet(lo); err != nil || st != clogCommitted {
				t.Fatalf("page %d: xid %d is %d, %v", p, lo, st, err)
			}
			if st, err := m.clogGet(hi); err != nil || st != clogAborted {
				t.Fatalf("page %d: xid %d is %d, %v", p, hi, st, err)
			}
			if st, err := m.clogGet(lo + 1); err != nil || st != clogInProgress {
				t.Fatalf("page %d: untouched xid is %d, %v", p, st, err)
			}
			if !subtrans {
				continue
			}
			if top, err := m.topOf(p*subXidsPerPage + 5); err != nil || top != p+1000 {
				t.Fatalf("subtrans page %d: %d, %v", p, top, err)
			}
		}
	}
	check(m, true)
	check(e.mgr(1), true) // another process reads what this one wrote
	if err := m.Flush(); err != nil {
		t.Fatal(err)
	}
	// pg_xact files: 32 pages each.
	names, _ := os.ReadDir(filepath.Join(e.dir, clogDir))
	if len(names) != pages/slruPagesPerSegment {
		t.Fatalf("%d pg_xact files, want %d", len(names), pages/slruPagesPerSegment)
	}
	if fi, err := os.Stat(filepath.Join(e.dir, clogDir, "0000000000000000")); err != nil || fi.Size() != slruPagesPerSegment*PageSize {
		t.Fatalf("first segment: %v, %v", fi, err)
	}
	dir := e.dir
	e.close()
	e2 := newTestEnvDir(t, 2, dir)
	check(e2.mgr(0), false)
	if top, _ := e2.mgr(0).topOf(5); top != 0 {
		t.Fatalf("pg_subtrans survived the restart: %d", top)
	}
}

// TestClogPos pins the commit log's file format.
func TestClogPos(t *testing.T) {
	for _, c := range []struct {
		xid   uint64
		page  uint64
		word  int
		shift uint
	}{
		{0, 0, 0, 0},
		{3, 0, 0, 6},
		{4, 0, 0, 8},
		{15, 0, 0, 30},
		{16, 0, 4, 0},
		{32767, 0, 8188, 30},
		{32768, 1, 0, 0},
		{32768*32 + 5, 32, 0, 10},
	} {
		p, w, s := clogPos(c.xid)
		if p != c.page || w != c.word || s != c.shift {
			t.Errorf("clogPos(%d) = %d, %d, %d; want %d, %d, %d", c.xid, p, w, s, c.page, c.word, c.shift)
		}
	}
}
