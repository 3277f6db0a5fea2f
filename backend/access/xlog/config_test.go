package xlog

import (
	"runtime"
	"testing"

	"ringpg/backend/access/wal"
	"ringpg/backend/storage/smgr"
	"ringpg/loop/uring"
	"ringpg/settings"
)

// TestWALIOMethod: wal_io_method picks the engine the WAL writes through,
// and io_uring falls back to direct calls when the process has no ring.
func TestWALIOMethod(t *testing.T) {
	var ring smgr.IO
	if uring.Supported() == nil {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		u, err := smgr.NewUringIO(8)
		if err != nil {
			t.Fatal(err)
		}
		defer u.Close()
		ring = u
	}
	for _, tc := range []struct {
		method string
		io     smgr.IO
		ring   bool // the WAL uses io
	}{
		{"direct", nil, false},
		{"direct", ring, false},
		{"io_uring", nil, false},
		{"io_uring", smgr.NewSyncIO(), false},
		{"io_uring", ring, ring != nil},
	} {
		set := settings.New()
		if err := set.Apply("wal_io_method", tc.method, settings.ContextPostmaster, settings.SourceArgv); err != nil {
			t.Fatal(err)
		}
		got := Config(set, t.TempDir(), tc.io).FS.(*wal.OSFS).IO
		if tc.ring {
			if got != tc.io {
				t.Errorf("%s with a ring: WAL uses %T, want the ring", tc.method, got)
			}
		} else if _, ok := got.(*smgr.DirectIO); !ok {
			t.Errorf("%s with %T: WAL uses %T, want *smgr.DirectIO", tc.method, tc.io, got)
		}
	}
}
