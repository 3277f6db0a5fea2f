package wal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"ringpg/backend/storage/smgr"
)

// FS is the layer under the WAL's segment files: every write, sync,
// creation and rename of a segment goes through it, so a test can put a
// layer beneath that loses what was not synced. OSFS is the real one.
type FS interface {
	// OpenFile opens path for reading and writing; with create it creates
	// it, failing if it exists.
	OpenFile(path string, create bool) (File, error)
	// Rename renames oldpath to newpath, failing with an error that is
	// fs.ErrExist when newpath exists (it never replaces a segment).
	Rename(oldpath, newpath string) error
	Remove(path string) error
	// SyncDir makes the directory's entries (creations, renames) durable.
	SyncDir(dir string) error
}

// File is an open segment file.
type File interface {
	WriteAt(p []byte, off int64) error
	// WriteSync writes p at off, then makes the file durable (only its
	// data when datasync), the sync ordered after the write.
	WriteSync(p []byte, off int64, datasync bool) error
	Sync(datasync bool) error
	Close() error
}

// OSFS is the FS of the operating system. Writes and linked write+sync go
// through io (an smgr engine: one io_uring submission for a write and its
// fdatasync), or plain system calls when io is nil.
type OSFS struct {
	IO smgr.IO
}

type osFile struct {
	f  *os.File
	io smgr.IO
	op [1]smgr.Op // one request, without allocating
}

// OpenFile implements FS.
func (o *OSFS) OpenFile(path string, create bool) (File, error) {
	flag := os.O_RDWR
	if create {
		flag |= os.O_CREATE | os.O_EXCL
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return nil, err
	}
	io := o.IO
	if io == nil {
		io = smgr.NewSyncIO()
	}
	return &osFile{f: f, io: io}, nil
}

// Rename implements FS, with RENAME_NOREPLACE (or a hard link and an
// unlink where the file system lacks it).
func (*OSFS) Rename(oldpath, newpath string) error {
	err := unix.Renameat2(unix.AT_FDCWD, oldpath, unix.AT_FDCWD, newpath, unix.RENAME_NOREPLACE)
	if err == unix.EINVAL || err == unix.ENOSYS {
		if err = os.Link(oldpath, newpath); err == nil {
			return os.Remove(oldpath)
		}
		return err
	}
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	return nil
}

// Remove implements FS.
func (*OSFS) Remove(path string) error { return os.Remove(path) }

// SyncDir implements FS.
func (*OSFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func (f *osFile) WriteAt(p []byte, off int64) error {
	f.op[0] = smgr.Op{Kind: smgr.OpWrite, Fd: int(f.f.Fd()), Buf: p, Off: off}
	err := f.io.Do(f.op[:])
	if err == nil {
		err = f.op[0].Err
	}
	f.op[0] = smgr.Op{}
	return err
}

func (f *osFile) WriteSync(p []byte, off int64, datasync bool) error {
	if datasync {
		_, err := f.io.WriteDatasync(int(f.f.Fd()), p, off)
		return err
	}
	if err := f.WriteAt(p, off); err != nil {
		return err
	}
	return f.Sync(false)
}

func (f *osFile) Sync(datasync bool) error {
	fd := int(f.f.Fd())
	if datasync {
		f.op[0] = smgr.Op{Kind: smgr.OpDatasync, Fd: fd}
		err := f.io.Do(f.op[:])
		if err == nil {
			err = f.op[0].Err
		}
		f.op[0] = smgr.Op{}
		return err
	}
	for {
		if err := unix.Fsync(fd); err != unix.EINTR {
			return err
		}
	}
}

func (f *osFile) Close() error { return f.f.Close() }

// tempPrefix starts the names of segments being created; Start removes
// any a crash left behind.
const tempPrefix = "xlogtemp."

// tempSeq tells apart the temporary files of one process.
var tempSeq atomic.Uint64

// zeros is what new segments are filled with, a chunk at a time.
var zeros [128 << 10]byte

// createSegment makes segment segNo exist in dir, zero-filled and durable:
// written under a temporary name, synced, renamed into place, the
// directory synced. An existing segment (pre-allocated or recycled) is
// left alone.
func createSegment(fsys FS, dir string, segNo uint64, segSize int) error {
	path := filepath.Join(dir, SegmentName(segNo, segSize))
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	tmp := filepath.Join(dir, fmt.Sprintf("%s%d.%d", tempPrefix, os.Getpid(), tempSeq.Add(1)))
	f, err := fsys.OpenFile(tmp, true)
	if err != nil {
		return fmt.Errorf("could not create file \"%s\": %w", tmp, err)
	}
	for off := 0; off < segSize; off += len(zeros) {
		n := min(len(zeros), segSize-off)
		if err := f.WriteAt(zeros[:n], int64(off)); err != nil {
			f.Close()
			fsys.Remove(tmp)
			return fmt.Errorf("could not write to file \"%s\": %w", tmp, err)
		}
	}
	if err := f.Sync(false); err != nil {
		f.Close()
		return fmt.Errorf("could not fsync file \"%s\": %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := fsys.Rename(tmp, path); err != nil {
		fsys.Remove(tmp)
		if errors.Is(err, fs.ErrExist) {
			return nil // another process made it meanwhile; keep theirs
		}
		return fmt.Errorf("could not rename file \"%s\" to \"%s\": %w", tmp, path, err)
	}
	return fsys.SyncDir(dir)
}

// segmentsIn lists the segment numbers present in dir, in no order.
func segmentsIn(dir string, segSize int) ([]uint64, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, e := range ents {
		if n, ok := parseSegmentName(e.Name(), segSize); ok && e.Type().IsRegular() {
			out = append(out, n)
		}
	}
	return out, nil
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
