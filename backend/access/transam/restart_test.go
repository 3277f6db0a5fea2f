package transam

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRestart reloads the state from the files into a fresh region, as
// after a crash (nothing closed) and after a clean shutdown (Flush): no
// xid is handed out twice, flushed outcomes survive, transactions that
// were running count as aborted.
func TestRestart(t *testing.T) {
	for _, clean := range []bool{false, true} {
		name := "crash"
		if clean {
			name = "clean"
		}
		t.Run(name, func(t *testing.T) {
			e := newTestEnv(t, 4)
			m := e.mgr(0)
			var committed, aborted []uint64
			var maxXid uint64
			// Enough xids to cross a reservation chunk.
			for i := range XidChunk + 100 {
				x := m.Begin()
				id := xid(t, x)
				maxXid = max(maxXid, id)
				if i%3 == 0 {
					x.Abort()
					aborted = append(aborted, id)
				} else {
					commit(t, x)
					committed = append(committed, id)
				}
			}
			running := xid(t, e.mgr(1).Begin())
			if err := m.Flush(); err != nil {
				t.Fatal(err)
			}
			dir := e.dir
			if clean {
				e.close()
			} else {
				// A crash: the segment goes away with nothing closed.
				e.mgrs = nil
				e.seg.Close()
				e.seg = nil
			}
			e2 := newTestEnvDir(t, 4, dir)
			m2 := e2.mgr(2)
			if next := m2.NextXid(); next <= maxXid || next <= running {
				t.Fatalf("next xid %d after restart, %d and %d were handed out", next, maxXid, running)
			}
			for _, id := range committed {
				if st := status(t, m2, id); st != StatusCommitted {
					t.Fatalf("committed xid %d is %v after restart", id, st)
				}
			}
			for _, id := range append(aborted, running) {
				if st := status(t, m2, id); st != StatusAborted {
					t.Fatalf("xid %d is %v after restart, want aborted", id, st)
				}
			}
			x := m2.Begin()
			if id := xid(t, x); id <= running {
				t.Fatalf("xid %d reused", id)
			}
			commit(t, x)
		})
	}
}

// TestAttachWithoutBootstrap fails with the file named.
func TestAttachWithoutBootstrap(t *testing.T) {
	e := newTestEnvDir(t, 2, t.TempDir())
	_, err := Attach(e.seg, e.dir, 0)
	if err == nil {
		t.Fatal("attach to a directory without pg_xid_limit succeeded")
	}
	if got := err.Error(); !contains(got, limitFile) {
		t.Fatalf("error %q does not name the file", got)
	}
	// A failed load leaves the region loadable once the files exist.
	if err := Bootstrap(e.dir); err != nil {
		t.Fatal(err)
	}
	if err := Bootstrap(e.dir); err == nil {
		t.Fatal("second Bootstrap succeeded")
	}
	e.mgr(0)
}

// TestLimitFileCorrupt refuses a damaged limit file.
func TestLimitFileCorrupt(t *testing.T) {
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, globalDir, limitFile)
	b, _ := os.ReadFile(path)
	b[0] ^= 1
	os.WriteFile(path, b, 0o600)
	e := newTestEnvDir(t, 2, dir)
	if _, err := Attach(e.seg, e.dir, 0); err == nil || !contains(err.Error(), "corrupt") {
		t.Fatalf("corrupt limit file: %v", err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func FuzzDecodeLimit(f *testing.F) {
	f.Add(encodeLimit(FirstNormalXid))
	f.Add(encodeLimit(1 << 40))
	f.Add([]byte{})
	f.Add(make([]byte, limitFileLen))
	f.Fuzz(func(t *testing.T, b []byte) {
		limit, err := decodeLimit(b, "pg_xid_limit")
		if err != nil {
			return
		}
		if limit < FirstNormalXid {
			t.Fatalf("accepted limit %d", limit)
		}
		if got, err := decodeLimit(encodeLimit(limit), "x"); err != nil || got != limit {
			t.Fatalf("round trip %d: %d, %v", limit, got, err)
		}
	})
}
