package bufmgr

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// fileStore is a Storage on real files, one per relation fork, read and
// written with pread and pwrite: every process opening the same directory
// sees the same bytes, as backends share relation files.
type fileStore struct {
	dir     string
	onWrite func(t Tag, buf []byte) // called before each write, for checks

	mu    sync.Mutex
	files map[RelFork]*os.File
}

func newFileStore(dir string) *fileStore {
	return &fileStore{dir: dir, files: map[RelFork]*os.File{}}
}

func (f *fileStore) file(rf RelFork) (*os.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl := f.files[rf]; fl != nil {
		return fl, nil
	}
	name := filepath.Join(f.dir, fmt.Sprintf("%d_%d_%d_%d", rf.Spc, rf.DB, rf.Rel, rf.Fork))
	fl, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	f.files[rf] = fl
	return fl, nil
}

func (f *fileStore) Read(t Tag, buf []byte) error {
	fl, err := f.file(t.RelFork())
	if err != nil {
		return err
	}
	n, err := fl.ReadAt(buf[:BlockSize], int64(t.Block)*BlockSize)
	if n != BlockSize {
		return fmt.Errorf("read only %d of %d bytes: %v", n, BlockSize, err)
	}
	return nil
}

func (f *fileStore) Write(t Tag, buf []byte) error {
	if f.onWrite != nil {
		f.onWrite(t, buf)
	}
	fl, err := f.file(t.RelFork())
	if err != nil {
		return err
	}
	_, err = fl.WriteAt(buf[:BlockSize], int64(t.Block)*BlockSize)
	return err
}

func (f *fileStore) Extend(rf RelFork, blk uint32, buf []byte) error {
	fl, err := f.file(rf)
	if err != nil {
		return err
	}
	// Extensions are serialised by the pool's extension lock: a block
	// number other than the current length means two processes extended
	// at once.
	fi, err := fl.Stat()
	if err != nil {
		return err
	}
	if fi.Size() != int64(blk)*BlockSize {
		return fmt.Errorf("extend %v to block %d, but the file has %d bytes", rf, blk, fi.Size())
	}
	_, err = fl.WriteAt(buf[:BlockSize], int64(blk)*BlockSize)
	return err
}

func (f *fileStore) Nblocks(rf RelFork) (uint32, error) {
	fl, err := f.file(rf)
	if err != nil {
		return 0, err
	}
	fi, err := fl.Stat()
	if err != nil {
		return 0, err
	}
	return uint32(fi.Size() / BlockSize), nil
}

func (f *fileStore) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fl := range f.files {
		fl.Close()
	}
	f.files = map[RelFork]*os.File{}
}
