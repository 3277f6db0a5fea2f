package transam

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
)

// slruPagesPerSegment is how many pages one SLRU file holds (256 KiB).
const slruPagesPerSegment = 32

// slru is one process's view of a simple LRU cache of pages in the
// region, backed by segment files in one directory. Concurrency: the
// shared LWLock lock guards the buffers' page numbers; held shared,
// entries of resident pages may be read and changed with atomics; held
// exclusively, pages are loaded, evicted and written (see doc.go).
type slru struct {
	dir     string // absolute directory of the segment files
	durable bool   // fsync written pages (and new files' directory)

	lock  *sem.LWLock
	clock *atomic.Uint64
	bufs  []slruBuf
	pages []byte // len(bufs) * PageSize

	w  *sem.WaiterTable
	me uint32

	files   map[uint64]*os.File // this process's open segment files
	hint    int                 // buffer of the last page found
	scratch []byte              // a page read from its file, before it is published

	// beforeWrite, when set, runs before a page is written: the WAL
	// rule for the commit log (Manager.SetBeforeClogWrite).
	beforeWrite func() error
}

// segmentPath returns the file holding page p.
func (s *slru) segmentPath(seg uint64) string {
	return filepath.Join(s.dir, fmt.Sprintf("%016X", seg))
}

// page returns buffer i's bytes.
func (s *slru) page(i int) []byte { return s.pages[i*PageSize : (i+1)*PageSize : (i+1)*PageSize] }

// word32 returns the atomic 32-bit word at byte off (4-aligned) of buffer i.
func (s *slru) word32(i, off int) *atomic.Uint32 {
	return (*atomic.Uint32)(unsafe.Pointer(&s.pages[i*PageSize+off]))
}

// word64 returns the atomic 64-bit word at byte off (8-aligned) of buffer i.
func (s *slru) word64(i, off int) *atomic.Uint64 {
	return (*atomic.Uint64)(unsafe.Pointer(&s.pages[i*PageSize+off]))
}

// findLocked returns the buffer holding page p, or -1. Caller holds the
// lock in either mode (or is findResident).
func (s *slru) findLocked(p uint64) int {
	key := p + 1
	if h := s.hint; h < len(s.bufs) && s.bufs[h].page.Load() == key {
		return h
	}
	for i := range s.bufs {
		if s.bufs[i].page.Load() == key {
			s.hint = i
			return i
		}
	}
	return -1
}

// access makes page p resident and returns its buffer with the lock held
// shared; the caller releases it with s.release().
func (s *slru) access(p uint64) (int, error) {
	s.lock.Acquire(s.w, s.me, sem.Shared)
	for {
		if i := s.findLocked(p); i >= 0 {
			// Stamp only when the clock moved: a hit then writes nothing
			// shared but the lock word.
			if c := s.clock.Load(); s.bufs[i].used.Load() != c {
				s.bufs[i].used.Store(c)
			}
			return i, nil
		}
		s.lock.Release(s.w)
		s.lock.Acquire(s.w, s.me, sem.Exclusive)
		if s.findLocked(p) < 0 {
			if err := s.loadLocked(p); err != nil {
				s.lock.Release(s.w)
				return -1, err
			}
		}
		s.lock.Release(s.w)
		s.lock.Acquire(s.w, s.me, sem.Shared)
	}
}

// release releases the lock taken by access.
func (s *slru) release() { s.lock.Release(s.w) }

// loadLocked reads page p into the least recently used buffer, writing
// that buffer out first if it is dirty. Caller holds the lock exclusively.
func (s *slru) loadLocked(p uint64) error {
	victim := -1
	for i := range s.bufs {
		if s.bufs[i].page.Load() == 0 {
			victim = i
			break
		}
		if victim < 0 || s.bufs[i].used.Load() < s.bufs[victim].used.Load() {
			victim = i
		}
	}
	b := &s.bufs[victim]
	if b.page.Load() != 0 && b.dirty.Load() != 0 {
		if err := s.writeLocked(victim); err != nil {
			return err
		}
	}
	// Lock-free readers (peek) check the page number after reading: an
	// empty number while the contents change makes them look again.
	b.page.Store(0)
	if err := s.load(p, victim); err != nil {
		return err
	}
	b.page.Store(p + 1)
	b.dirty.Store(0)
	b.used.Store(s.clock.Add(1))
	s.hint = victim
	return nil
}

// file returns this process's descriptor of segment seg, opening
// (creating) it on first use.
func (s *slru) file(seg uint64) (*os.File, error) {
	if f := s.files[seg]; f != nil {
		return f, nil
	}
	path := s.segmentPath(seg)
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, ioError("could not open file \"%s\": %v", path, err)
	}
	if s.durable && errors.Is(statErr, os.ErrNotExist) {
		if err := syncDir(s.dir); err != nil {
			f.Close()
			return nil, err
		}
	}
	s.files[seg] = f
	return f, nil
}

// load reads page p into buffer i: into scratch first, then word by word
// with atomic stores, because lock-free readers may be loading words of
// the buffer meanwhile (they then see its page number change). Caller
// holds the lock exclusively, with the buffer's page number 0.
func (s *slru) load(p uint64, i int) error {
	if s.scratch == nil {
		s.scratch = make([]byte, PageSize)
	}
	if err := s.read(p, s.scratch); err != nil {
		return err
	}
	for off := 0; off < PageSize; off += 8 {
		s.word64(i, off).Store(binary.LittleEndian.Uint64(s.scratch[off:]))
	}
	return nil
}

// peek32 reads the 32-bit word at off of page p without the lock, if the
// page is resident: the page number read again after the word proves the
// word belonged to p (an eviction clears the number before changing the
// contents). ok is false when the page is not resident or moved.
func (s *slru) peek32(p uint64, off int) (v uint32, ok bool) {
	if !lockFreePeek {
		return 0, false
	}
	i := s.findResident(p)
	if i < 0 {
		return 0, false
	}
	v = s.word32(i, off).Load()
	return v, s.bufs[i].page.Load() == p+1
}

// peek64 is peek32 for a 64-bit word.
func (s *slru) peek64(p uint64, off int) (v uint64, ok bool) {
	if !lockFreePeek {
		return 0, false
	}
	i := s.findResident(p)
	if i < 0 {
		return 0, false
	}
	v = s.word64(i, off).Load()
	return v, s.bufs[i].page.Load() == p+1
}

// lockFreePeek enables reading resident pages without the SLRU lock. It is
// off: the multi-process test (TestProcesses) caught a snapshot that saw a
// committed subtransaction as aborted and then as committed, which a
// buffer being replaced under a lock-free reader explains (the page tag is
// checked after the read, but the contents can change before the tag
// does). Every read takes the lock shared until the buffers carry a
// change counter the reader can check.
const lockFreePeek = false

// findResident is findLocked without the lock: the answer may be stale
// by the time it is used, which peek checks.
func (s *slru) findResident(p uint64) int {
	i := s.findLocked(p)
	if i >= 0 {
		if c := s.clock.Load(); s.bufs[i].used.Load() != c {
			s.bufs[i].used.Store(c)
		}
	}
	return i
}

// read fills buf with page p from its file: zeros past the end.
func (s *slru) read(p uint64, buf []byte) error {
	f, err := s.file(p / slruPagesPerSegment)
	if err != nil {
		return err
	}
	n, err := f.ReadAt(buf, int64(p%slruPagesPerSegment)*PageSize)
	if err != nil && err != io.EOF {
		return ioError("could not read from file \"%s\" at offset %d: %v", f.Name(), int64(p%slruPagesPerSegment)*PageSize, err)
	}
	clear(buf[n:])
	return nil
}

// writeLocked writes buffer i to its file (and fsyncs it when durable).
// Caller holds the lock exclusively.
func (s *slru) writeLocked(i int) error {
	b := &s.bufs[i]
	p := b.page.Load() - 1
	if s.beforeWrite != nil {
		if err := s.beforeWrite(); err != nil {
			return ioError("could not flush WAL before writing the commit log: %v", err)
		}
	}
	f, err := s.file(p / slruPagesPerSegment)
	if err != nil {
		return err
	}
	off := int64(p%slruPagesPerSegment) * PageSize
	if _, err := f.WriteAt(s.page(i), off); err != nil {
		return ioError("could not write to file \"%s\" at offset %d: %v", f.Name(), off, err)
	}
	if s.durable {
		if err := f.Sync(); err != nil {
			return ioError("could not fsync file \"%s\": %v", f.Name(), err)
		}
	}
	b.dirty.Store(0)
	return nil
}

// flush writes every dirty resident page.
func (s *slru) flush() error {
	s.lock.Acquire(s.w, s.me, sem.Exclusive)
	defer s.lock.Release(s.w)
	for i := range s.bufs {
		if s.bufs[i].page.Load() != 0 && s.bufs[i].dirty.Load() != 0 {
			if err := s.writeLocked(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// close closes this process's files.
func (s *slru) close() error {
	var first error
	for seg, f := range s.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
		delete(s.files, seg)
	}
	return first
}

// syncDir fsyncs a directory, so that a file created or renamed in it
// survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return ioError("could not open directory \"%s\": %v", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return ioError("could not fsync directory \"%s\": %v", dir, err)
	}
	return nil
}
