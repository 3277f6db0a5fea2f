package spill

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// DirName is the directory of temporary files inside a tablespace's
// database directory (base/pgsql_tmp), and Prefix the start of their
// names.
const (
	DirName = "pgsql_tmp"
	Prefix  = "pgsql_tmp"
)

// bufSize is the buffer of a file being written or read: a merge or a
// partitioning keeps many files open at once.
const bufSize = 16 << 10

// BufferSize is the memory one open file's buffer takes, for operators
// that decide how many files to open at once.
const BufferSize = bufSize

// codeTempFileLimit is PostgreSQL's SQLSTATE for temp_file_limit
// (configuration_limit_exceeded).
const codeTempFileLimit = "53400"

// Manager creates one backend's temporary files and counts their size.
type Manager struct {
	dir   string
	pid   int
	seq   int
	limit int64 // kB; negative: no limit
	used  int64 // bytes written to files not yet removed
	made  bool  // dir is known to exist
	// OnRemove, when set, is told the size of each file as it is removed
	// (pg_stat_database's temp_files and temp_bytes).
	OnRemove func(bytes int64)
}

// NewManager returns the manager of the backend pid, whose files go to dir
// (normally DATADIR/base/pgsql_tmp).
func NewManager(dir string, pid int) *Manager {
	return &Manager{dir: dir, pid: pid, limit: -1}
}

// Dir is where the manager's files go.
func (m *Manager) Dir() string { return m.dir }

// SetLimit sets temp_file_limit in kB (-1: none). It applies to the bytes
// of every file the backend holds, as PostgreSQL's does.
func (m *Manager) SetLimit(kb int64) { m.limit = kb }

// Created reports how many files the manager has created.
func (m *Manager) Created() int { return m.seq }

// Used reports the bytes the backend's live temporary files hold.
func (m *Manager) Used() int64 { return m.used }

// Create makes a new empty file, creating the directory on first use.
func (m *Manager) Create() (*File, error) {
	if !m.made {
		if err := os.MkdirAll(m.dir, 0o700); err != nil {
			return nil, ioError("could not create directory", m.dir, err)
		}
		m.made = true
	}
	path := filepath.Join(m.dir, Prefix+strconv.Itoa(m.pid)+"."+strconv.Itoa(m.seq))
	m.seq++
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			m.made = false // removed under us: recreate next time
		}
		return nil, ioError("could not create temporary file", path, err)
	}
	return &File{m: m, f: f, path: path, w: bufio.NewWriterSize(f, bufSize)}, nil
}

func ioError(what, path string, err error) error {
	return pgerr.New(pgerr.IOError, "%s \"%s\": %v", what, path, err)
}

// account adds n written bytes, failing when temp_file_limit is exceeded.
func (m *Manager) account(n int64) error {
	m.used += n
	if m.limit >= 0 && m.used > m.limit*1024 {
		return pgerr.New(codeTempFileLimit, "temporary file size exceeds temp_file_limit (%dkB)", m.limit)
	}
	return nil
}

// RemoveLeftovers removes every temporary file in dir: at server start,
// what a crash left behind. A missing dir is not an error.
func RemoveLeftovers(dir string) error { return removeMatching(dir, Prefix) }

// RemoveOwn removes the files of backend pid in dir: what an earlier
// process with the same PID left behind.
func RemoveOwn(dir string, pid int) error {
	return removeMatching(dir, Prefix+strconv.Itoa(pid)+".")
}

func removeMatching(dir, prefix string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("read temporary file directory: %w", err)
	}
	var first error
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil && first == nil {
			first = fmt.Errorf("remove temporary file: %w", err)
		}
	}
	return first
}

// File is one temporary file of rows: written first, then rewound and read
// (as often as wanted). Close removes it.
type File struct {
	m    *Manager
	f    *os.File
	path string
	w    *bufio.Writer
	r    *bufio.Reader
	size int64
	rows int64
	enc  encoder
	buf  []byte
}

// Rows is how many rows were written.
func (f *File) Rows() int64 { return f.rows }

// Size is how many bytes were written.
func (f *File) Size() int64 { return f.size }

// Write appends row. The file must not have been rewound.
func (f *File) Write(row []types.Datum) error {
	if f.w == nil {
		return pgerr.New(pgerr.InternalError, "write to temporary file %s after rewind", f.path)
	}
	f.buf = f.enc.appendRow(f.buf[:0], row)
	var hdr [binary.MaxVarintLen64]byte
	h := binary.PutUvarint(hdr[:], uint64(len(f.buf)))
	if _, err := f.w.Write(hdr[:h]); err != nil {
		return ioError("could not write to temporary file", f.path, err)
	}
	if _, err := f.w.Write(f.buf); err != nil {
		return ioError("could not write to temporary file", f.path, err)
	}
	n := int64(h + len(f.buf))
	f.size += n
	f.rows++
	return f.m.account(n)
}

// Rewind ends writing and positions the file at its first row.
func (f *File) Rewind() error {
	if f.w != nil {
		if err := f.w.Flush(); err != nil {
			return ioError("could not write to temporary file", f.path, err)
		}
		f.w = nil
	}
	if _, err := f.f.Seek(0, io.SeekStart); err != nil {
		return ioError("could not seek in temporary file", f.path, err)
	}
	if f.r == nil {
		f.r = bufio.NewReaderSize(f.f, bufSize)
	} else {
		f.r.Reset(f.f)
	}
	return nil
}

// Read appends the next row to dst[:0] and returns it, or nil at the end.
func (f *File) Read(dst []types.Datum) ([]types.Datum, error) {
	if f.r == nil {
		return nil, pgerr.New(pgerr.InternalError, "read from temporary file %s before rewind", f.path)
	}
	n, err := binary.ReadUvarint(f.r)
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, ioError("could not read from temporary file", f.path, err)
	}
	if uint64(cap(f.buf)) < n {
		f.buf = make([]byte, n)
	}
	f.buf = f.buf[:n]
	if _, err := io.ReadFull(f.r, f.buf); err != nil {
		return nil, ioError("could not read from temporary file", f.path, err)
	}
	d := decoder{b: f.buf, side: f.enc.side}
	row, err := d.row(dst[:0])
	if err != nil {
		return nil, ioError("could not read from temporary file", f.path, err)
	}
	return row, nil
}

// Close removes the file; calling it again does nothing.
func (f *File) Close() {
	if f.f == nil {
		return
	}
	f.f.Close()
	os.Remove(f.path)
	f.m.used -= f.size
	if f.m.OnRemove != nil {
		f.m.OnRemove(f.size)
	}
	f.f, f.w, f.r, f.enc.side, f.buf = nil, nil, nil, nil, nil
}
