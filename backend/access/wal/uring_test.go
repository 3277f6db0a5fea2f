package wal

import (
	"runtime"
	"testing"

	"ringpg/backend/storage/smgr"
	"ringpg/loop/uring"
)

// TestUringFlush flushes through an io_uring engine: each commit's write
// and fdatasync go to the kernel linked, in one submission.
func TestUringFlush(t *testing.T) {
	if err := uring.Supported(); err != nil {
		t.Skipf("io_uring unusable here: %v", err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	io, err := smgr.NewUringIO(8)
	if err != nil {
		t.Skipf("io_uring unusable here: %v", err)
	}
	defer io.Close()
	e := newEnv(t, 2, func(c *Config) { c.FS = &OSFS{IO: io} })
	w := e.started(t)
	var b Builder
	for i := range 50 {
		b.Reset(RmTest, 0, 1<<32|uint64(i))
		b.AppendData(tagged(1, uint64(i), nil))
		end, err := w.Insert(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(end); err != nil {
			t.Fatal(err)
		}
	}
	if io.Broken() != nil {
		t.Fatalf("ring gave up: %v", io.Broken())
	}
	if st := w.Stats(); st.Syncs < 50 {
		t.Errorf("stats %+v", st)
	}
	checkTagged(t, e.cfg.Dir, []uint64{0, 50}, true)
}
