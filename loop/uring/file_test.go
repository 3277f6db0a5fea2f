package uring

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

func tempFile(t *testing.T) int {
	t.Helper()
	fd, err := unix.Open(filepath.Join(t.TempDir(), "rel"), unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

// TestFileWriteReadFsync writes two 8 KiB pages at offsets, fdatasyncs,
// reads them back through the ring and checks the file with pread too.
func TestFileWriteReadFsync(t *testing.T) {
	r := newRing(t, 8)
	fd := tempFile(t)
	page0 := bytes.Repeat([]byte{0xA5}, 8192)
	page2 := bytes.Repeat([]byte("ringpg!"), 8192/7+1)[:8192]

	s := sqe(t, r)
	s.PrepWrite(fd, page0, 0)
	s.SetUserData(1)
	s = sqe(t, r)
	s.PrepWrite(fd, page2, 2*8192)
	s.SetUserData(2)
	got := reap(t, r, 2)
	wantRes(t, "write page 0", got[1], 8192)
	wantRes(t, "write page 2", got[2], 8192)

	s = sqe(t, r)
	s.PrepFsync(fd, FsyncDatasync)
	s.SetUserData(3)
	s = sqe(t, r)
	s.PrepFsync(fd, 0)
	s.SetUserData(4)
	got = reap(t, r, 2)
	wantRes(t, "fdatasync", got[3], 0)
	wantRes(t, "fsync", got[4], 0)

	back := make([]byte, 8192)
	s = sqe(t, r)
	s.PrepRead(fd, back, 2*8192)
	s.SetUserData(5)
	got = reap(t, r, 1)
	wantRes(t, "read page 2", got[5], 8192)
	if !bytes.Equal(back, page2) {
		t.Fatal("page 2 read back differs")
	}

	// Page 1 is a hole: zeros. Reading past the end returns 0.
	s = sqe(t, r)
	s.PrepRead(fd, back, 8192)
	s.SetUserData(6)
	s = sqe(t, r)
	s.PrepRead(fd, back[:100], 3*8192)
	s.SetUserData(7)
	got = reap(t, r, 2)
	wantRes(t, "read hole", got[6], 8192)
	wantRes(t, "read at EOF", got[7], 0)

	check := make([]byte, 8192)
	if _, err := unix.Pread(fd, check, 0); err != nil || !bytes.Equal(check, page0) {
		t.Fatalf("pread page 0: %v", err)
	}
}

// TestLinkedWriteFsync chains write → fsync: the fsync starts only after
// the write succeeded, and when the write fails the fsync is cancelled.
func TestLinkedWriteFsync(t *testing.T) {
	r := newRing(t, 8)
	fd := tempFile(t)
	rec := bytes.Repeat([]byte("wal"), 1000)

	w := sqe(t, r)
	w.PrepWrite(fd, rec, 0)
	w.SetFlags(SQEIOLink)
	w.SetUserData(1)
	f := sqe(t, r)
	f.PrepFsync(fd, FsyncDatasync)
	f.SetUserData(2)
	if n, err := r.SubmitAndWait(2); err != nil || n != 2 {
		t.Fatalf("SubmitAndWait = %d, %v", n, err)
	}
	// Links complete in order.
	first, _ := r.PopCQE()
	second, _ := r.PopCQE()
	if first.UserData != 1 || second.UserData != 2 {
		t.Fatalf("completion order %d, %d; want 1, 2", first.UserData, second.UserData)
	}
	wantRes(t, "linked write", first, int32(len(rec)))
	wantRes(t, "linked fsync", second, 0)
	st, err := os.Stat("/proc/self/fd/" + strconv.Itoa(fd))
	if err != nil || st.Size() != int64(len(rec)) {
		t.Fatalf("file size %v, %v", st, err)
	}

	// A write to a read-only descriptor fails; its linked fsync never runs.
	ro, err := unix.Open("/proc/self/fd/"+strconv.Itoa(fd), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(ro)
	w = sqe(t, r)
	w.PrepWrite(ro, rec, 0)
	w.SetFlags(SQEIOLink)
	w.SetUserData(3)
	f = sqe(t, r)
	f.PrepFsync(ro, 0)
	f.SetUserData(4)
	got := reap(t, r, 2)
	wantRes(t, "write to read-only fd", got[3], -int32(unix.EBADF))
	wantRes(t, "fsync after failed link", got[4], -int32(unix.ECANCELED))
}

// TestDrain: an SQE flagged IO_DRAIN starts only after everything before
// it completed, so its completion comes after a slower earlier one.
func TestDrain(t *testing.T) {
	r := newRing(t, 4)
	ts := DurationToTimespec(2e6) // 2ms
	s := sqe(t, r)
	s.PrepTimeout(&ts, 0, 0)
	s.SetUserData(1)
	s = sqe(t, r)
	s.PrepNop()
	s.SetFlags(SQEIODrain)
	s.SetUserData(2)
	if _, err := r.SubmitAndWait(2); err != nil {
		t.Fatal(err)
	}
	first, _ := r.PopCQE()
	second, _ := r.PopCQE()
	if first.UserData != 1 || second.UserData != 2 {
		t.Fatalf("order %d, %d; want timeout then drained nop", first.UserData, second.UserData)
	}
	wantRes(t, "timeout", first, -int32(unix.ETIME))
}
