package smgr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"

	"ringpg/loop/uring"
	"ringpg/pgerr"
)

// engineDirect names DirectIO in tests (its io_method is sync).
const engineDirect = "direct"

// engineNames are the IO engines every behaviour test runs with.
var engineNames = []string{MethodSync, engineDirect, MethodIOUring}

// newEngine returns the named engine, skipping when io_uring is
// unavailable here. For io_uring the test goroutine is locked to its
// thread for the rest of its life, as the ring requires.
func newEngine(t testing.TB, name string) IO {
	t.Helper()
	switch name {
	case MethodSync:
		return NewSyncIO()
	case engineDirect:
		return NewDirectIO()
	case MethodIOUring:
		if err := uring.Supported(); err != nil {
			t.Skip(err)
		}
		runtime.LockOSThread()
		u, err := NewUringIO(DefaultRingEntries)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	t.Fatalf("unknown engine %q", name)
	return nil
}

// newManager returns a Manager on a fresh data directory.
func newManager(t testing.TB, engine string) (*Manager, string) {
	t.Helper()
	dir := t.TempDir()
	m := New(dir, newEngine(t, engine))
	t.Cleanup(m.Close)
	return m, dir
}

// eachEngine runs f as a subtest per engine.
func eachEngine(t *testing.T, f func(t *testing.T, engine string)) {
	for _, e := range engineNames {
		t.Run(e, func(t *testing.T) { f(t, e) })
	}
}

// smallSegments makes segments of n blocks for managers created until
// the test ends.
func smallSegments(t testing.TB, n uint32) {
	old := segmentBlocks
	segmentBlocks = n
	t.Cleanup(func() { segmentBlocks = old })
}

// block returns a page whose bytes say which relation and block it is.
func block(r RelFileLocator, blk uint32) []byte {
	b := make([]byte, BlockSize)
	for i := 0; i < BlockSize; i += 16 {
		binary.LittleEndian.PutUint32(b[i:], r.Rel)
		binary.LittleEndian.PutUint32(b[i+4:], blk)
		binary.LittleEndian.PutUint64(b[i+8:], uint64(i))
	}
	return b
}

func wantBlock(t testing.TB, got []byte, r RelFileLocator, blk uint32) {
	t.Helper()
	if !bytes.Equal(got, block(r, blk)) {
		t.Fatalf("block %d of %v: wrong contents (starts % x)", blk, r, got[:8])
	}
}

// extendTo extends fork f of r to n blocks.
func extendTo(t testing.TB, m *Manager, r RelFileLocator, f Fork, n uint32) {
	t.Helper()
	cur, err := m.Nblocks(r, f)
	if err != nil {
		t.Fatal(err)
	}
	for b := cur; b < n; b++ {
		if err := m.Extend(r, f, b, block(r, b)); err != nil {
			t.Fatalf("Extend block %d: %v", b, err)
		}
	}
}

func wantNblocks(t testing.TB, m *Manager, r RelFileLocator, f Fork, want uint32) {
	t.Helper()
	n, err := m.Nblocks(r, f)
	if err != nil || n != want {
		t.Fatalf("Nblocks(%v, %v) = %d, %v; want %d", r, f, n, err, want)
	}
}

// wantErr checks that err carries SQLSTATE code and a message equal to
// msg (or starting with it when msg ends in "...").
func wantErr(t testing.TB, err error, code, msg string) *pgerr.Error {
	t.Helper()
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T), want a *pgerr.Error %s %q", err, err, code, msg)
	}
	ok := pe.Message == msg
	if p, cut := strings.CutSuffix(msg, "..."); cut {
		ok = strings.HasPrefix(pe.Message, p)
	}
	if pe.Code != code || !ok {
		t.Fatalf("error %s %q, want %s %q", pe.Code, pe.Message, code, msg)
	}
	return pe
}

func fileSizeOf(t testing.TB, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func openFds(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	return len(ents)
}
