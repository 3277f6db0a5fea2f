package xlog

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"ringpg/backend/access/transam"
	"ringpg/backend/access/wal"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/backend/storage/smgr"
)

// powerCut is a layer under the relation files and the WAL that can
// forget every write not yet synced, as a power failure would: each write
// keeps an undo record (the bytes it replaced and the file's length
// before it) until its file is synced; cut applies the undo records
// newest first. The commit log, the control file and the xid limit file
// are written with their own fsyncs and are not under it.
type powerCut struct {
	mu   sync.Mutex
	undo map[string][]undoRec // by path
	tear *rand.Rand           // not nil: cut tears some unsynced page writes in half
	data map[string]bool      // paths of relation files (the ones torn)
}

type undoRec struct {
	off  int64
	old  []byte // what the write replaced (shorter when it ran past the end)
	size int64  // the file's length before the write
}

func newPowerCut() *powerCut { return &powerCut{undo: map[string][]undoRec{}, data: map[string]bool{}} }

// before records what a write of n bytes at off to path will replace.
func (pc *powerCut) before(path string, off int64, n int) {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	old := make([]byte, n)
	k, _ := f.ReadAt(old, off)
	pc.mu.Lock()
	pc.undo[path] = append(pc.undo[path], undoRec{off: off, old: old[:k], size: st.Size()})
	pc.mu.Unlock()
}

func (pc *powerCut) synced(path string) {
	pc.mu.Lock()
	delete(pc.undo, path)
	pc.mu.Unlock()
}

func (pc *powerCut) syncAll() {
	pc.mu.Lock()
	clear(pc.undo)
	pc.mu.Unlock()
}

// cut loses every unsynced write. With tear, some page writes of
// relation files are half lost instead: one 4 kB half of the page is the
// new one, the other the old, as a power failure can leave a page the
// disk writes in two sectors' worth of pieces.
func (pc *powerCut) cut() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for path, recs := range pc.undo {
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			panic(err)
		}
		var torn map[int64][]byte // page offset: the half kept from the newest write, at that half's offset
		if pc.tear != nil && pc.data[path] {
			torn = map[int64][]byte{}
			for _, r := range recs {
				if len(r.old) != page.Size || torn[r.off] != nil || pc.tear.Intn(3) != 0 {
					continue
				}
				half := int64(pc.tear.Intn(2)) * page.Size / 2
				cur := make([]byte, page.Size/2)
				if _, err := f.ReadAt(cur, r.off+half); err != nil {
					panic(err)
				}
				torn[r.off] = append(binary.LittleEndian.AppendUint64(nil, uint64(half)), cur...)
			}
		}
		defer func() {
			for off, h := range torn {
				half := int64(binary.LittleEndian.Uint64(h))
				if _, err := f.WriteAt(h[8:], off+half); err != nil {
					panic(err)
				}
			}
			f.Close()
		}()
		for i := len(recs) - 1; i >= 0; i-- {
			r := recs[i]
			if _, err := f.WriteAt(r.old, r.off); err != nil {
				panic(err)
			}
			if err := f.Truncate(r.size); err != nil {
				panic(err)
			}
		}
	}
	clear(pc.undo)
}

func fdPath(fd int) string {
	p, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
	if err != nil {
		panic(err)
	}
	return p
}

// cutIO is the relation files' I/O engine over a powerCut.
type cutIO struct {
	pc *powerCut
	smgr.SyncIO
}

func (c *cutIO) Do(ops []smgr.Op) error {
	for i := range ops {
		switch op := &ops[i]; op.Kind {
		case smgr.OpWrite:
			path := fdPath(op.Fd)
			c.pc.before(path, op.Off, len(op.Buf))
			c.pc.mu.Lock()
			c.pc.data[path] = true
			c.pc.mu.Unlock()
		case smgr.OpDatasync:
			c.pc.synced(fdPath(op.Fd))
		}
	}
	return c.SyncIO.Do(ops)
}

func (c *cutIO) WriteDatasync(fd int, buf []byte, off int64) (int, error) {
	n, err := c.SyncIO.WriteDatasync(fd, buf, off)
	c.pc.synced(fdPath(fd))
	return n, err
}

// cutFS is the WAL's file system over a powerCut.
type cutFS struct {
	pc *powerCut
	wal.OSFS
}

type cutFile struct {
	pc   *powerCut
	path string
	wal.File
}

func (c *cutFS) OpenFile(path string, create bool) (wal.File, error) {
	f, err := c.OSFS.OpenFile(path, create)
	if err != nil {
		return nil, err
	}
	return &cutFile{pc: c.pc, path: path, File: f}, nil
}

func (f *cutFile) WriteAt(p []byte, off int64) error {
	f.pc.before(f.path, off, len(p))
	return f.File.WriteAt(p, off)
}

func (f *cutFile) WriteSync(p []byte, off int64, datasync bool) error {
	err := f.File.WriteSync(p, off, datasync)
	f.pc.synced(f.path)
	return err
}

func (f *cutFile) Sync(datasync bool) error {
	err := f.File.Sync(datasync)
	f.pc.synced(f.path)
	return err
}

func (pc *powerCut) layers(buffers int) layers {
	return layers{io: &cutIO{pc: pc}, fs: &cutFS{pc: pc}, buffers: buffers, syncAll: pc.syncAll}
}

// items returns the items of a page in offset order, without their last
// byte (the test's hint bit).
func items(p []byte) []string {
	pg := page.Page(p)
	var out []string
	for o := page.FirstOffset; o <= pg.MaxOffset(); o++ {
		it := pg.Item(o)
		out = append(out, string(it[:len(it)-1]))
	}
	return out
}

// hint sets the last byte of a random item of block blk under a shared
// lock, as hint bits are set: a change no WAL record describes.
func (l *life) hint(blk uint32, rng *rand.Rand) {
	l.t.Helper()
	b, err := l.pool.ReadBuffer(testRel.Block(blk), nil)
	if err != nil {
		l.t.Fatal(err)
	}
	l.pool.Lock(b, bufmgr.Shared)
	pg := page.Page(l.pool.Page(b))
	if n := int(pg.MaxOffset()); n > 0 {
		it := pg.Item(page.OffsetNumber(1 + rng.Intn(n)))
		it[len(it)-1] = '1'
		l.pool.MarkDirtyHint(b)
	}
	l.pool.UnlockRelease(b)
}

// TestPowerCut runs rows, hint-bit changes, commits and checkpoints over
// a pool small enough that pages are evicted (and so written, after the
// WAL they need) between checkpoints, cuts the power at a random point
// (tearing some unsynced page writes in half), recovers, and
// checks that every block holds every row added before the last commit,
// in order, and nothing that was never added. Repeated at many cut
// points, each recovery starting from what the last one left.
func TestPowerCut(t *testing.T) {
	rounds := 25
	if testing.Short() {
		rounds = 6
	}
	rng := rand.New(rand.NewSource(1))
	dir := newDataDir(t)
	added := map[uint32][]string{} // every row ever added, per block, in order
	durable := map[uint32]int{}    // how many of them were added before a commit returned
	var committed []uint64
	const buffers = 16
	for round := range rounds {
		pc := newPowerCut()
		pc.tear = rng
		l := startWith(t, dir, pc.layers(buffers))
		nb, err := l.pool.Nblocks(testRel)
		if err != nil {
			t.Fatal(err)
		}
		for blk, rows := range added {
			var got []string
			if blk < nb { // a page never logged is gone with its file's growth
				got = items(l.read(blk))
			}
			if len(got) < durable[blk] || len(got) > len(rows) || !equalPrefix(got, rows) {
				t.Fatalf("round %d, block %d after recovery: %d rows %q, want the first %d..%d of %q", round, blk, len(got), got, durable[blk], len(rows), rows)
			}
			// What was lost is lost for good: forget it.
			added[blk] = rows[:len(got)]
		}
		for _, id := range committed {
			if st, err := l.tm.Status(id); err != nil || st != transam.StatusCommitted {
				t.Fatalf("round %d: xid %d is %v after recovery (%v)", round, id, st, err)
			}
		}
		n := 20 + rng.Intn(200)
		for i := range n {
			row := fmt.Sprintf("r%d-%d-%s", round, i, bytes.Repeat([]byte{'x'}, rng.Intn(300)))
			nb, err := l.pool.Nblocks(testRel)
			if err != nil {
				t.Fatal(err)
			}
			blk := uint32(rng.Intn(40))
			if blk >= nb || page.Page(l.read(blk)).FreeSpace() < len(row)+8 {
				blk = nb // a new page
			}
			l.addRow(blk, []byte(row+"0"))
			added[blk] = append(added[blk], row)
			switch r := rng.Intn(100); {
			case r < 30:
				if nb > 0 {
					l.hint(uint32(rng.Intn(int(nb))), rng)
				}
			case r < 45:
				committed = append(committed, l.commitOne())
				for b, rows := range added {
					durable[b] = len(rows)
				}
			case r < 48:
				l.checkpoint()
			}
		}
		pc.cut()
		l.crash()
	}
}

func equalPrefix(got, all []string) bool {
	for i := range got {
		if got[i] != all[i] {
			return false
		}
	}
	return true
}

// fullFS fails every WAL write with ENOSPC while full is set.
type fullFS struct {
	wal.OSFS
	full *bool
}

type fullFile struct {
	wal.File
	full *bool
}

func (f *fullFS) OpenFile(path string, create bool) (wal.File, error) {
	if *f.full && create {
		return nil, syscall.ENOSPC
	}
	file, err := f.OSFS.OpenFile(path, create)
	if err != nil {
		return nil, err
	}
	return &fullFile{File: file, full: f.full}, nil
}

func (f *fullFile) WriteAt(p []byte, off int64) error {
	if *f.full {
		return syscall.ENOSPC
	}
	return f.File.WriteAt(p, off)
}

func (f *fullFile) WriteSync(p []byte, off int64, datasync bool) error {
	if *f.full {
		return syscall.ENOSPC
	}
	return f.File.WriteSync(p, off, datasync)
}

type panicked struct{ msg string }

// TestDiskFullAtCommit: a commit whose record cannot be written ends the
// process (fatal: PostgreSQL's PANIC) instead of being reported either
// way; after the restart, every commit before it is there, and the one
// that failed is not.
func TestDiskFullAtCommit(t *testing.T) {
	old := fatal
	defer func() { fatal = old }()
	fatal = func(format string, args ...any) { panic(panicked{fmt.Sprintf(format, args...)}) }

	dir := newDataDir(t)
	full := false
	l := startWith(t, dir, layers{fs: &fullFS{full: &full}})
	want := l.addRow(0, []byte("committed"))
	before := l.commitOne()
	l.addRow(0, []byte("not committed"))
	full = true
	x := l.tm.Begin()
	lost, err := x.AssignXid()
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			r := recover()
			p, ok := r.(panicked)
			if !ok {
				t.Fatalf("commit on a full disk: recovered %v, want the process to end", r)
			}
			if !strings.Contains(p.msg, "no space left on device") {
				t.Fatalf("fatal message %q", p.msg)
			}
		}()
		x.Commit()
	}()
	l.crash()

	full = false
	l2 := startWith(t, dir, layers{fs: &fullFS{full: &full}})
	defer l2.crash()
	samePage(t, "block 0", l2.read(0), want)
	if st, _ := l2.tm.Status(before); st != transam.StatusCommitted {
		t.Fatalf("commit before the full disk: %v", st)
	}
	if st, _ := l2.tm.Status(lost); st == transam.StatusCommitted {
		t.Fatalf("the commit that could not be logged is committed after recovery")
	}
}
