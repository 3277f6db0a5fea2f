package smgr

import (
	"golang.org/x/sys/unix"
)

// Exists reports whether fork f of r has a file. Like PostgreSQL's
// mdexists it asks the file system rather than the descriptor cache, so
// a fork dropped by another process is seen as gone.
func (m *Manager) Exists(r RelFileLocator, f Fork) bool {
	if m.rootErr != nil || f >= numForks {
		return false
	}
	var st unix.Stat_t
	return unix.Fstatat(m.root, r.Path(f), &st, 0) == nil
}

// Create creates the first segment of fork f of r, and the database's
// directory if it is missing. It fails if the file exists (58P02).
func (m *Manager) Create(r RelFileLocator, f Fork) error {
	return m.create(r, f, false)
}

// CreateRedo is Create for WAL replay, where the file may already exist:
// it is then opened as it is.
func (m *Manager) CreateRedo(r RelFileLocator, f Fork) error {
	return m.create(r, f, true)
}

func (m *Manager) create(r RelFileLocator, f Fork, isRedo bool) error {
	if f >= numForks {
		return badFork(f)
	}
	if m.rootErr != nil {
		return m.rootErr
	}
	m.gen++
	k := segKey{r, f, 0}
	if of := m.files.get(k); of != nil && isRedo {
		return nil
	}
	path := r.Path(f)
	flags := unix.O_RDWR | unix.O_CREAT | unix.O_CLOEXEC
	if !isRedo {
		flags |= unix.O_EXCL
	}
	fd, err := openat(m.root, path, flags)
	if err == unix.ENOENT {
		// The database (or tablespace) directory is created with its
		// first relation, as PostgreSQL's TablespaceCreateDbspace does.
		if derr := m.mkdirs(r.dir()); derr != nil {
			return derr
		}
		fd, err = openat(m.root, path, flags)
	}
	if err != nil {
		return sysError(err, "could not create file \"%s\"", path)
	}
	if of := m.files.get(k); of != nil {
		// A stale descriptor of a file unlinked elsewhere.
		m.files.remove(of)
	}
	m.files.add(k, fd, m.gen)
	m.forgetSize(r, f)
	return nil
}

// mkdirs creates dir (relative to the data directory) and its missing
// parents with mode 0700, as PostgreSQL makes its directories.
func (m *Manager) mkdirs(dir string) error {
	err := unix.Mkdirat(m.root, dir, 0o700)
	if err == nil || err == unix.EEXIST {
		return nil
	}
	if err == unix.ENOENT {
		for i := len(dir) - 1; i > 0; i-- {
			if dir[i] == '/' {
				if perr := m.mkdirs(dir[:i]); perr != nil {
					return perr
				}
				break
			}
		}
		err = unix.Mkdirat(m.root, dir, 0o700)
		if err == nil || err == unix.EEXIST {
			return nil
		}
	}
	return sysError(err, "could not create directory \"%s\"", dir)
}

// Unlink removes every segment of every fork of r (the caller does it
// once the dropping transaction has committed). Files already gone are
// not an error; it tries everything and returns the first failure.
func (m *Manager) Unlink(r RelFileLocator) error {
	m.files.removeRel(r, numForks)
	m.forgetSize(r, numForks)
	if m.rootErr != nil {
		return m.rootErr
	}
	var first error
	for f := Main; f < numForks; f++ {
		for seg := uint32(0); ; seg++ {
			path := r.segPath(f, seg)
			err := unix.Unlinkat(m.root, path, 0)
			if err == unix.ENOENT {
				break
			}
			if err != nil {
				if first == nil {
					first = sysError(err, "could not remove file \"%s\"", path)
				}
				break
			}
		}
	}
	return first
}
