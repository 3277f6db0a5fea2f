package smgr

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"

	"ringpg/loop/uring"
)

// faultIO wraps an engine and fails the ops of one kind with an errno,
// optionally after moving part of the bytes (a short transfer).
type faultIO struct {
	IO
	kind    OpKind
	errno   unix.Errno
	partial int // bytes "transferred" before the failure
}

func (f *faultIO) Do(ops []Op) error {
	if err := f.IO.Do(ops); err != nil {
		return err
	}
	for i := range ops {
		if ops[i].Kind == f.kind {
			ops[i].N, ops[i].Err = f.partial, f.errno
		}
	}
	return nil
}

// TestErrorMapping checks the wording and SQLSTATE of every kind of I/O
// failure, injected below the Manager.
func TestErrorMapping(t *testing.T) {
	smallSegments(t, 4)
	for _, tc := range []struct {
		kind  OpKind
		errno unix.Errno
		do    func(m *Manager) error
		code  string
		msg   string
		hint  string
	}{
		{OpRead, unix.EIO, func(m *Manager) error { return m.Read(rel, Main, 5, make([]byte, BlockSize)) },
			"58030", `could not read block 5 in file "base/5/16384.1": Input/output error`, ""},
		{OpRead, unix.EIO, func(m *Manager) error {
			return m.ReadV([]Req{{Rel: rel, Fork: Main, Block: 1, Buf: make([]byte, BlockSize)}})
		}, "58030", `could not read block 1 in file "base/5/16384": Input/output error`, ""},
		{OpWrite, unix.ENOSPC, func(m *Manager) error { return m.Write(rel, Main, 2, make([]byte, BlockSize)) },
			"53100", `could not write block 2 in file "base/5/16384": No space left on device`, "Check free disk space."},
		{OpWrite, unix.ENOSPC, func(m *Manager) error { return m.Extend(rel, Main, 6, make([]byte, BlockSize)) },
			"53100", `could not extend file "base/5/16384.1": No space left on device`, "Check free disk space."},
		{OpWrite, unix.EIO, func(m *Manager) error { return m.Extend(rel, Main, 6, make([]byte, BlockSize)) },
			"58030", `could not extend file "base/5/16384.1": Input/output error`, "Check free disk space."},
		{OpWrite, unix.EROFS, func(m *Manager) error {
			return m.WriteV([]Req{{Rel: rel, Fork: Main, Block: 0, Buf: make([]byte, BlockSize)}})
		}, "42501", `could not write block 0 in file "base/5/16384": Read-only file system`, ""},
		{OpDatasync, unix.EIO, func(m *Manager) error { return m.Sync(rel, Main) },
			"58030", `could not fsync file "base/5/16384": Input/output error`, ""},
		{OpDatasync, unix.EDQUOT, func(m *Manager) error { return m.Sync(rel, Main) },
			"58030", `could not fsync file "base/5/16384": Disk quota exceeded`, ""},
	} {
		t.Run(fmt.Sprintf("%s/%s", tc.errno, tc.msg[:20]), func(t *testing.T) {
			dir := t.TempDir()
			setup := New(dir, NewSyncIO())
			if err := setup.Create(rel, Main); err != nil {
				t.Fatal(err)
			}
			extendTo(t, setup, rel, Main, 6)
			setup.Close()
			m := New(dir, &faultIO{IO: NewSyncIO(), kind: tc.kind, errno: tc.errno, partial: 100})
			defer m.Close()
			err := tc.do(m)
			pe := wantErr(t, err, tc.code, tc.msg)
			if pe.Hint != tc.hint {
				t.Errorf("hint %q, want %q", pe.Hint, tc.hint)
			}
			if !errors.Is(err, tc.errno) {
				t.Errorf("errors.Is(err, %v) is false", tc.errno)
			}
			// A failed extension leaves the fork as it was.
			wantNblocks(t, m, rel, Main, 6)
		})
	}
}

// TestENOSPC fills a small tmpfs until an extension fails, with both
// engines. It needs to mount one (root); otherwise TestErrorMapping covers
// the mapping with an injected errno.
func TestENOSPC(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		dir := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a tmpfs (%v: %s); the errno mapping is tested with injected errors", err, out)
		}
		t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
		m := New(dir, newEngine(t, engine))
		defer m.Close()
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		var err error
		var n uint32
		for n = 0; n < 1000; n++ {
			if err = m.Extend(rel, Main, n, block(rel, n)); err != nil {
				break
			}
		}
		pe := wantErr(t, err, "53100", `could not extend file "base/5/16384": No space left on device`)
		if pe.Hint != "Check free disk space." || !errors.Is(err, unix.ENOSPC) {
			t.Fatalf("hint %q, errno %v", pe.Hint, err)
		}
		t.Logf("full after %d blocks", n)
		wantNblocks(t, m, rel, Main, n)
		if got := fileSizeOf(t, filepath.Join(dir, "base/5/16384")); got != int64(n)*BlockSize {
			t.Fatalf("file is %d bytes after the failed extension, want %d", got, int64(n)*BlockSize)
		}
		buf := make([]byte, BlockSize)
		if err := m.Read(rel, Main, n-1, buf); err != nil {
			t.Fatal(err)
		}
		wantBlock(t, buf, rel, n-1)
		// Room made, the same extension succeeds.
		if err := m.Truncate(rel, Main, n-2); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, n)
		if err := m.Sync(rel, Main); err != nil {
			t.Fatal(err)
		}
	})
}

func TestNewIO(t *testing.T) {
	io, err := NewIO(MethodSync)
	if err != nil || io.Method() != MethodSync {
		t.Fatalf("sync: %v %v", io, err)
	}
	if _, err := NewIO("posix_aio"); err == nil {
		t.Fatal("unknown method accepted")
	}
	old := uringSupported
	uringSupported = func() error { return errors.New("io_uring disabled by test") }
	io, err = NewIO(MethodIOUring)
	uringSupported = old
	var fb *FallbackError
	if !errors.As(err, &fb) || io == nil || io.Method() != MethodSync {
		t.Fatalf("fallback: %v, %v", io, err)
	}
	if uring.Supported() == nil {
		t.Run("io_uring", func(t *testing.T) {
			runtime.LockOSThread()
			io, err := NewIO(MethodIOUring)
			if err != nil || io.Method() != MethodIOUring {
				t.Fatalf("%v %v", io, err)
			}
			io.Close()
		})
	}
}

// TestBatchLargerThanRing puts more ops in one Do than the ring has
// entries: they are fed in as completions free room.
func TestBatchLargerThanRing(t *testing.T) {
	if err := uring.Supported(); err != nil {
		t.Skip(err)
	}
	runtime.LockOSThread()
	u, err := NewUringIO(4)
	if err != nil {
		t.Fatal(err)
	}
	m := New(t.TempDir(), u)
	defer m.Close()
	if err := m.Create(rel, Main); err != nil {
		t.Fatal(err)
	}
	extendTo(t, m, rel, Main, 100)
	reqs := make([]Req, 100)
	for i := range reqs {
		reqs[i] = Req{Rel: rel, Fork: Main, Block: uint32(i), Buf: make([]byte, BlockSize)}
	}
	if err := m.ReadV(reqs); err != nil {
		t.Fatal(err)
	}
	for _, q := range reqs {
		wantBlock(t, q.Buf, rel, q.Block)
	}
	if u.Broken() != nil {
		t.Fatal(u.Broken())
	}
}

func TestWriteDatasync(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		io := newEngine(t, engine)
		defer io.Close()
		path := filepath.Join(t.TempDir(), "wal")
		fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer unix.Close(fd)
		rec := block(rel, 1)
		for i := int64(0); i < 3; i++ {
			if n, err := io.WriteDatasync(fd, rec, i*BlockSize); n != BlockSize || err != nil {
				t.Fatalf("WriteDatasync = %d, %v", n, err)
			}
		}
		got, _ := os.ReadFile(path)
		if len(got) != 3*BlockSize {
			t.Fatalf("%d bytes", len(got))
		}
		wantBlock(t, got[2*BlockSize:], rel, 1)
		ro, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer unix.Close(ro)
		if _, err := io.WriteDatasync(ro, rec, 0); !errors.Is(err, unix.EBADF) {
			t.Fatalf("write to a read-only descriptor: %v", err)
		}
	})
}

// TestRingFailure: when the ring stops working the engine says so once and
// carries on with plain system calls.
func TestRingFailure(t *testing.T) {
	if err := uring.Supported(); err != nil {
		t.Skip(err)
	}
	runtime.LockOSThread()
	r, err := uring.New(8, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := NewUringIOOn(r)
	m := New(t.TempDir(), u)
	defer m.Close()
	if err := m.Create(rel, Main); err != nil {
		t.Fatal(err)
	}
	extendTo(t, m, rel, Main, 3)
	r.Close()
	buf := make([]byte, BlockSize)
	err = m.Read(rel, Main, 1, buf)
	wantErr(t, err, "58030", `could not access file "base/5/16384": smgr: io_uring failed, using sync I/O from now on: ...`)
	if u.Broken() == nil {
		t.Fatal("engine not marked broken")
	}
	if err := m.Read(rel, Main, 1, buf); err != nil {
		t.Fatal(err)
	}
	wantBlock(t, buf, rel, 1)
	extendTo(t, m, rel, Main, 5)
	if n, err := u.WriteDatasync(-1, buf, 0); err == nil {
		t.Fatalf("WriteDatasync on a bad descriptor: %d", n)
	}
}
