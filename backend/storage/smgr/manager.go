package smgr

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"ringpg/pgerr"
)

// DefaultMaxOpenFiles bounds the descriptors a Manager keeps open, like
// PostgreSQL's max_files_per_process (whose default is 1000) but leaving
// room for the rest of the backend.
const DefaultMaxOpenFiles = 512

// segmentBlocks is SegmentBlocks, made smaller by tests so that crossing
// a segment boundary does not take writing a gigabyte. New reads it.
var segmentBlocks uint32 = SegmentBlocks

// forkKey names one fork of one relation.
type forkKey struct {
	rel  RelFileLocator
	fork Fork
}

// Manager reads and writes the relation files of one data directory. See
// the package documentation for its rules.
type Manager struct {
	dataDir   string
	root      int // O_PATH descriptor of dataDir: every path is opened relative to it
	rootErr   error
	io        IO
	files     fileCache
	segBlocks uint32
	gen       uint64 // counts operations; see fileCache

	// fullSegs remembers, per fork, how many leading segments were seen
	// full, so Nblocks need not stat them again. Cleared by Truncate,
	// Unlink and CloseRel: it is the one thing a truncation elsewhere
	// invalidates.
	fullSegs map[forkKey]uint32

	ops   []Op  // scratch of ReadV, WriteV and Sync
	opReq []int // ops[i] serves reqs[opReq[i]]
}

// New returns a Manager for the relation files under dataDir, doing its
// I/O through io, which it owns from now on (Close closes it). A data
// directory that cannot be opened makes every operation fail with the
// reason.
func New(dataDir string, io IO) *Manager {
	m := &Manager{dataDir: dataDir, io: io, segBlocks: segmentBlocks, root: -1}
	m.files.max = DefaultMaxOpenFiles
	fd, err := unix.Open(dataDir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		m.rootErr = sysError(err, "could not open data directory \"%s\"", dataDir)
	} else {
		m.root = fd
	}
	return m
}

// SetMaxOpenFiles changes the bound of the descriptor cache (at least 1).
func (m *Manager) SetMaxOpenFiles(n int) {
	m.files.max = max(n, 1)
	m.gen++
	m.files.trim(m.gen)
}

// IO returns the engine the Manager uses.
func (m *Manager) IO() IO { return m.io }

// Close closes every cached descriptor, the data directory and the IO
// engine. The Manager must not be used afterwards.
func (m *Manager) Close() {
	m.files.closeAll()
	if m.root >= 0 {
		unix.Close(m.root)
		m.root = -1
	}
	if m.io != nil {
		m.io.Close()
		m.io = nil
	}
	m.rootErr = errors.New("smgr: manager is closed")
}

// CloseRel closes the cached descriptors of every fork of r and forgets
// what was known of its size: for a relation truncated or dropped by
// another process.
func (m *Manager) CloseRel(r RelFileLocator) {
	m.files.removeRel(r, numForks)
	m.forgetSize(r, numForks)
}

func (m *Manager) forgetSize(r RelFileLocator, fork Fork) {
	for f := Main; f < numForks; f++ {
		if fork == numForks || fork == f {
			delete(m.fullSegs, forkKey{r, f})
		}
	}
}

// openMode says what open does when the segment file is missing.
type openMode uint8

const (
	mustExist openMode = iota // fail with ENOENT
	orCreate                  // create it (O_CREAT)
)

// open returns a descriptor of segment seg of fork f of r, from the cache
// or by opening the file.
func (m *Manager) open(r RelFileLocator, f Fork, seg uint32, mode openMode) (int, error) {
	k := segKey{r, f, seg}
	if of := m.files.get(k); of != nil {
		of.gen = m.gen
		return of.fd, nil
	}
	if m.rootErr != nil {
		return -1, m.rootErr
	}
	flags := unix.O_RDWR | unix.O_CLOEXEC
	if mode == orCreate {
		flags |= unix.O_CREAT
	}
	path := r.segPath(f, seg)
	fd, err := openat(m.root, path, flags)
	if err != nil {
		return -1, sysError(err, "could not open file \"%s\"", path)
	}
	m.files.add(k, fd, m.gen)
	return fd, nil
}

func openat(dir int, path string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dir, path, flags, 0o600)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// fileSize returns the size of an open segment; path (built only on
// failure, to keep the hit path free of garbage) names it in the error.
func (m *Manager) fileSize(fd int, r RelFileLocator, f Fork, seg uint32) (int64, error) {
	var st unix.Stat_t
	for {
		err := unix.Fstat(fd, &st)
		if err == nil {
			return st.Size, nil
		}
		if err != unix.EINTR {
			return 0, sysError(err, "could not seek to end of file \"%s\"", r.segPath(f, seg))
		}
	}
}

// locate splits a block number into its segment and byte offset there.
func (m *Manager) locate(blk uint32) (seg uint32, off int64) {
	return blk / m.segBlocks, int64(blk%m.segBlocks) * BlockSize
}

func checkBuf(buf []byte) error {
	if len(buf) != BlockSize {
		return pgerr.New(pgerr.InternalError, "smgr: buffer of %d bytes, want %d", len(buf), BlockSize)
	}
	return nil
}

func badFork(f Fork) error {
	return pgerr.New(pgerr.InternalError, "smgr: invalid fork number %d", f)
}

// String describes the manager for logs.
func (m *Manager) String() string {
	method := "closed"
	if m.io != nil {
		method = m.io.Method()
	}
	return fmt.Sprintf("smgr(%s, %s, %d open files)", m.dataDir, method, len(m.files.byKey))
}
