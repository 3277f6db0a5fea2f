package wal

import (
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// crashFS is an FS that remembers, for every file, what a power cut
// would leave of it: the content as of its last sync. Crash puts every
// file back to that state (and removes files never synced). After Cut,
// every write and sync fails, as if the machine had stopped, so nothing
// done after the cut can be acknowledged.
type crashFS struct {
	inner     OSFS
	syncDelay time.Duration // added to every sync, to model a slow disk

	mu    sync.Mutex
	files map[string]*crashState
	cut   bool

	syncs atomic.Int64
}

type crashState struct {
	durable []byte // nil: the file does not exist after a crash
	exists  bool
	pending []pendingWrite
}

type pendingWrite struct {
	off  int64
	data []byte
}

var errPowerCut = errors.New("power cut")

func newCrashFS() *crashFS { return &crashFS{files: map[string]*crashState{}} }

func (c *crashFS) state(path string) *crashState {
	s := c.files[path]
	if s == nil {
		// A file from before the layer saw it is durable as it is.
		s = &crashState{}
		if b, err := os.ReadFile(path); err == nil {
			s.durable, s.exists = b, true
		}
		c.files[path] = s
	}
	return s
}

func (c *crashFS) OpenFile(path string, create bool) (File, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return nil, errPowerCut
	}
	if !create {
		c.state(path)
	}
	f, err := c.inner.OpenFile(path, create)
	if err != nil {
		return nil, err
	}
	if create {
		c.files[path] = &crashState{}
	}
	return &crashFile{fs: c, path: path, f: f}, nil
}

func (c *crashFS) Rename(oldpath, newpath string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return errPowerCut
	}
	s := c.state(oldpath)
	if err := c.inner.Rename(oldpath, newpath); err != nil {
		return err
	}
	// The rename is durable at once: the WAL syncs the directory right
	// after each one, and this layer does not model directories.
	delete(c.files, oldpath)
	c.files[newpath] = s
	return nil
}

func (c *crashFS) Remove(path string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return errPowerCut
	}
	delete(c.files, path)
	return c.inner.Remove(path)
}

func (c *crashFS) SyncDir(dir string) error { return nil }

// Cut stops the machine: nothing after it reaches any file.
func (c *crashFS) Cut() {
	c.mu.Lock()
	c.cut = true
	c.mu.Unlock()
}

// Crash rewrites every file as the cut leaves it.
func (c *crashFS) Crash() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for path, s := range c.files {
		if s.durable == nil && !s.exists {
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				return err
			}
			continue
		}
		if err := os.WriteFile(path, s.durable, 0o600); err != nil {
			return err
		}
	}
	c.files = map[string]*crashState{}
	c.cut = false
	return nil
}

type crashFile struct {
	fs   *crashFS
	path string
	f    File
}

func (f *crashFile) WriteAt(p []byte, off int64) error {
	c := f.fs
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return errPowerCut
	}
	s := c.state(f.path)
	s.pending = append(s.pending, pendingWrite{off, append([]byte(nil), p...)})
	return f.f.WriteAt(p, off)
}

func (f *crashFile) Sync(datasync bool) error {
	if d := f.fs.syncDelay; d > 0 {
		time.Sleep(d)
	}
	c := f.fs
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return errPowerCut
	}
	if err := f.f.Sync(datasync); err != nil {
		return err
	}
	s := c.state(f.path)
	for _, w := range s.pending {
		if end := int(w.off) + len(w.data); end > len(s.durable) {
			s.durable = append(s.durable, make([]byte, end-len(s.durable))...)
		}
		copy(s.durable[w.off:], w.data)
	}
	s.pending = nil
	s.exists = true
	if s.durable == nil {
		s.durable = []byte{}
	}
	c.syncs.Add(1)
	return nil
}

func (f *crashFile) WriteSync(p []byte, off int64, datasync bool) error {
	if err := f.WriteAt(p, off); err != nil {
		return err
	}
	return f.Sync(datasync)
}

func (f *crashFile) Close() error { return f.f.Close() }
