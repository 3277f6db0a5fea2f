package smgr

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

var rel = RelFileLocator{DefaultTablespace, 5, 16384}

func TestCreateExists(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		m, dir := newManager(t, engine)
		if m.Exists(rel, Main) {
			t.Fatal("exists before Create")
		}
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		if !m.Exists(rel, Main) || m.Exists(rel, FSM) {
			t.Fatal("Exists after Create")
		}
		st, err := os.Stat(filepath.Join(dir, "base/5"))
		if err != nil || st.Mode().Perm() != 0o700 {
			t.Fatalf("database directory: %v %v", st.Mode(), err)
		}
		if st, _ := os.Stat(filepath.Join(dir, "base/5/16384")); st.Mode().Perm() != 0o600 || st.Size() != 0 {
			t.Fatalf("relation file mode %v size %d", st.Mode(), st.Size())
		}
		wantNblocks(t, m, rel, Main, 0)

		err = m.Create(rel, Main)
		wantErr(t, err, "58P02", `could not create file "base/5/16384": File exists`)
		if !errors.Is(err, unix.EEXIST) {
			t.Error("errno not kept")
		}
		if err := m.CreateRedo(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 2)
		if err := m.CreateRedo(rel, Main); err != nil {
			t.Fatal(err)
		}
		wantNblocks(t, m, rel, Main, 2) // redo creation keeps the contents

		shared := RelFileLocator{GlobalTablespace, 0, 1262}
		if err := os.Mkdir(filepath.Join(dir, "global"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := m.Create(shared, Main); err != nil {
			t.Fatal(err)
		}
		ts := RelFileLocator{16400, 7, 16401}
		if err := m.Create(ts, VM); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"global/1262", "pg_tblspc/16400/PG_15_202209061/7/16401_vm"} {
			if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
				t.Error(err)
			}
		}
	})
}

// TestExtendAcrossSegments grows a fork over three segment files of four
// blocks, reads every block back one by one and in batches, and checks
// the files on disk.
func TestExtendAcrossSegments(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, dir := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		for b := uint32(0); b < 10; b++ {
			if err := m.Extend(rel, Main, b, block(rel, b)); err != nil {
				t.Fatalf("Extend %d: %v", b, err)
			}
			wantNblocks(t, m, rel, Main, b+1)
		}
		for name, want := range map[string]int64{"16384": 4, "16384.1": 4, "16384.2": 2} {
			if got := fileSizeOf(t, filepath.Join(dir, "base/5", name)); got != want*BlockSize {
				t.Errorf("%s: %d bytes, want %d blocks", name, got, want)
			}
		}
		buf := make([]byte, BlockSize)
		for b := uint32(0); b < 10; b++ {
			if err := m.Read(rel, Main, b, buf); err != nil {
				t.Fatal(err)
			}
			wantBlock(t, buf, rel, b)
		}

		// One batch, out of order, over all three segments.
		reqs := make([]Req, 10)
		for i := range reqs {
			reqs[i] = Req{Rel: rel, Fork: Main, Block: uint32(9 - i), Buf: make([]byte, BlockSize)}
		}
		if err := m.ReadV(reqs); err != nil {
			t.Fatal(err)
		}
		for _, q := range reqs {
			if q.Err != nil {
				t.Fatal(q.Err)
			}
			wantBlock(t, q.Buf, rel, q.Block)
		}

		// Overwrite in place, singly and as a batch.
		other := RelFileLocator{DefaultTablespace, 5, 99}
		if err := m.Write(rel, Main, 5, block(other, 5)); err != nil {
			t.Fatal(err)
		}
		w := []Req{{Rel: rel, Fork: Main, Block: 0, Buf: block(other, 0)}, {Rel: rel, Fork: Main, Block: 9, Buf: block(other, 9)}}
		if err := m.WriteV(w); err != nil {
			t.Fatal(err)
		}
		for _, b := range []uint32{0, 5, 9} {
			if err := m.Read(rel, Main, b, buf); err != nil {
				t.Fatal(err)
			}
			wantBlock(t, buf, other, b)
		}
		wantNblocks(t, m, rel, Main, 10)
	})
}

func TestExtendNotAtEnd(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, dir := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 3)
		for _, b := range []uint32{2, 5, 8} {
			wantErr(t, m.Extend(rel, Main, b, block(rel, b)), "XX000",
				`could not extend file "base/5/16384" at block ...`)
		}
		for _, seg := range []string{"base/5/16384.1", "base/5/16384.2"} {
			if _, err := os.Stat(filepath.Join(dir, seg)); !os.IsNotExist(err) {
				t.Errorf("a refused extension left %s behind", seg)
			}
		}
		wantNblocks(t, m, rel, Main, 3)
		wantErr(t, m.Extend(rel, Main, InvalidBlock, block(rel, 0)), "54000", `cannot extend file "base/5/16384.1073741823" beyond 4294967295 blocks`)
		wantErr(t, m.Extend(rel, Main, 3, make([]byte, 100)), "XX000", "smgr: buffer of 100 bytes, want 8192")
		// A torn last block (a crash during an extension) is not counted
		// and is overwritten by the next extension.
		f, err := os.OpenFile(filepath.Join(dir, "base/5/16384"), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(make([]byte, 1000))
		f.Close()
		wantNblocks(t, m, rel, Main, 3)
		extendTo(t, m, rel, Main, 5)
		buf := make([]byte, BlockSize)
		if err := m.Read(rel, Main, 3, buf); err != nil {
			t.Fatal(err)
		}
		wantBlock(t, buf, rel, 3)
	})
}

func TestReadErrors(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, dir := newManager(t, engine)
		buf := make([]byte, BlockSize)

		// No such relation.
		err := m.Read(rel, Main, 0, buf)
		wantErr(t, err, "58P01", `could not open file "base/5/16384": No such file or directory`)
		if !errors.Is(err, unix.ENOENT) {
			t.Error("errno not kept")
		}
		_, err = m.Nblocks(rel, Main)
		wantErr(t, err, "58P01", `could not open file "base/5/16384": No such file or directory`)

		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 6)

		// Past the end of the last segment.
		wantErr(t, m.Read(rel, Main, 7, buf), "XX001",
			`could not read block 7 in file "base/5/16384.1": read only 0 of 8192 bytes`)
		// Past the end of the fork, in a segment that does not exist.
		wantErr(t, m.Read(rel, Main, 9, buf), "58P01",
			`could not open file "base/5/16384.2": No such file or directory`)

		// A short file: the last block cut to 100 bytes.
		if err := os.Truncate(filepath.Join(dir, "base/5/16384.1"), BlockSize+100); err != nil {
			t.Fatal(err)
		}
		wantNblocks(t, m, rel, Main, 5)
		wantErr(t, m.Read(rel, Main, 5, buf), "XX001",
			`could not read block 5 in file "base/5/16384.1": read only 100 of 8192 bytes`)
		if err := m.Read(rel, Main, 4, buf); err != nil {
			t.Fatal(err)
		}
		wantBlock(t, buf, rel, 4)

		// A missing segment in the middle: a separate manager, so that no
		// descriptor of it is cached.
		if err := os.Rename(filepath.Join(dir, "base/5/16384.1"), filepath.Join(dir, "base/5/moved")); err != nil {
			t.Fatal(err)
		}
		m2 := New(dir, NewSyncIO())
		defer m2.Close()
		wantErr(t, m2.Read(rel, Main, 4, buf), "58P01", `could not open file "base/5/16384.1": No such file or directory`)
		wantErr(t, m2.Write(rel, Main, 4, buf), "58P01", `could not open file "base/5/16384.1": No such file or directory`)
		wantNblocks(t, m2, rel, Main, 4) // a fork ends where its segments do

		// A directory where a segment should be.
		if err := os.Mkdir(filepath.Join(dir, "base/5/16384.1"), 0o700); err != nil {
			t.Fatal(err)
		}
		m3 := New(dir, NewSyncIO())
		defer m3.Close()
		wantErr(t, m3.Read(rel, Main, 4, buf), "42809", `could not open file "base/5/16384.1": Is a directory`)

		// A segment larger than a segment may be.
		big := RelFileLocator{DefaultTablespace, 5, 777}
		if err := os.WriteFile(filepath.Join(dir, "base/5/777"), make([]byte, 5*BlockSize), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err = m.Nblocks(big, Main)
		wantErr(t, err, "XX001", `file "base/5/777" is 40960 bytes, more than a segment of 4 blocks`)

		// Bad arguments.
		wantErr(t, m.Read(rel, Main, 0, buf[:10]), "XX000", "smgr: buffer of 10 bytes, want 8192")
		wantErr(t, m.Read(rel, Fork(9), 0, buf), "XX000", "smgr: invalid fork number 9")
	})
}

// TestReadVErrors: a batch in which some blocks fail still reads the
// others, and says which failed.
func TestReadVErrors(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, _ := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 6)
		missing := RelFileLocator{DefaultTablespace, 5, 1}
		reqs := []Req{
			{Rel: rel, Fork: Main, Block: 1},
			{Rel: rel, Fork: Main, Block: 6},     // past the end
			{Rel: missing, Fork: Main, Block: 0}, // no file
			{Rel: rel, Fork: Main, Block: 5},
			{Rel: rel, Fork: Main, Block: 0, Buf: make([]byte, 1)},
		}
		for i := range reqs[:4] {
			reqs[i].Buf = make([]byte, BlockSize)
		}
		err := m.ReadV(reqs)
		wantErr(t, err, "XX001", `could not read block 6 in file "base/5/16384.1": read only 0 of 8192 bytes`)
		wantBlock(t, reqs[0].Buf, rel, 1)
		wantBlock(t, reqs[3].Buf, rel, 5)
		if reqs[0].Err != nil || reqs[3].Err != nil {
			t.Fatal("good blocks report errors")
		}
		wantErr(t, reqs[1].Err, "XX001", "could not read block 6...")
		wantErr(t, reqs[2].Err, "58P01", `could not open file "base/5/1": No such file or directory`)
		wantErr(t, reqs[4].Err, "XX000", "smgr: buffer of 1 bytes, want 8192")
		if err := m.ReadV(nil); err != nil {
			t.Fatal(err)
		}
	})
}

// TestTruncate cuts a fork back over segment boundaries. Segments past
// the end stay as empty files, as in PostgreSQL, and are reused when the
// fork grows again.
func TestTruncate(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, dir := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 10)
		sizes := func(want ...int64) {
			t.Helper()
			for i, w := range want {
				name := "base/5/16384"
				if i > 0 {
					name += "." + string(rune('0'+i))
				}
				if got := fileSizeOf(t, filepath.Join(dir, name)); got != w*BlockSize {
					t.Errorf("%s: %d blocks, want %d", name, got/BlockSize, w)
				}
			}
		}
		wantErr(t, m.Truncate(rel, Main, 11), "XX000", `could not truncate file "base/5/16384" to 11 blocks: it's only 10 blocks now`)
		if err := m.Truncate(rel, Main, 10); err != nil {
			t.Fatal(err)
		}
		if err := m.Truncate(rel, Main, 5); err != nil {
			t.Fatal(err)
		}
		wantNblocks(t, m, rel, Main, 5)
		sizes(4, 1, 0)
		buf := make([]byte, BlockSize)
		wantErr(t, m.Read(rel, Main, 5, buf), "XX001", "could not read block 5 in file \"base/5/16384.1\": read only 0 of 8192 bytes")
		if err := m.Read(rel, Main, 4, buf); err != nil {
			t.Fatal(err)
		}
		wantBlock(t, buf, rel, 4)

		extendTo(t, m, rel, Main, 9) // back into the emptied .2
		sizes(4, 4, 1)
		if err := m.Truncate(rel, Main, 4); err != nil {
			t.Fatal(err)
		}
		wantNblocks(t, m, rel, Main, 4)
		sizes(4, 0, 0)
		if err := m.Truncate(rel, Main, 0); err != nil {
			t.Fatal(err)
		}
		wantNblocks(t, m, rel, Main, 0)
		sizes(0, 0, 0)
		extendTo(t, m, rel, Main, 2)
		if err := m.Read(rel, Main, 1, buf); err != nil {
			t.Fatal(err)
		}
		wantBlock(t, buf, rel, 1)
		wantErr(t, m.Truncate(RelFileLocator{DefaultTablespace, 5, 2}, Main, 0), "58P01", "could not open file...")
	})
}

func TestUnlink(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, dir := newManager(t, engine)
		for _, f := range []Fork{Main, FSM, VM} {
			if err := m.Create(rel, f); err != nil {
				t.Fatal(err)
			}
		}
		extendTo(t, m, rel, Main, 10)
		extendTo(t, m, rel, FSM, 5)
		extendTo(t, m, rel, VM, 1)
		if err := m.Truncate(rel, FSM, 1); err != nil { // leaves an empty FSM segment .1
			t.Fatal(err)
		}
		keep := RelFileLocator{DefaultTablespace, 5, 16385}
		if err := m.Create(keep, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, keep, Main, 5)

		fds := openFds(t)
		if err := m.Unlink(rel); err != nil {
			t.Fatal(err)
		}
		if got := openFds(t); got >= fds {
			t.Errorf("descriptors open: %d before Unlink, %d after", fds, got)
		}
		ents, _ := os.ReadDir(filepath.Join(dir, "base/5"))
		var left []string
		for _, e := range ents {
			left = append(left, e.Name())
		}
		if len(left) != 2 || left[0] != "16385" || left[1] != "16385.1" {
			t.Fatalf("files left: %v", left)
		}
		for _, f := range []Fork{Main, FSM, VM, Init} {
			if m.Exists(rel, f) {
				t.Errorf("%v still exists", f)
			}
		}
		_, err := m.Nblocks(rel, Main)
		wantErr(t, err, "58P01", "could not open file...")
		if err := m.Unlink(rel); err != nil {
			t.Fatalf("second Unlink: %v", err)
		}
		wantNblocks(t, m, keep, Main, 5)
		// The relation can be created afresh.
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		wantNblocks(t, m, rel, Main, 0)
	})
}

func TestSync(t *testing.T) {
	smallSegments(t, 4)
	eachEngine(t, func(t *testing.T, engine string) {
		m, _ := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 9)
		if err := m.Sync(rel, Main); err != nil {
			t.Fatal(err)
		}
		wantErr(t, m.Sync(rel, FSM), "58P01", `could not open file "base/5/16384_fsm": No such file or directory`)
	})
}

// TestDescriptorCache bounds the open descriptors and checks that a batch
// needing more of them than the bound still works.
func TestDescriptorCache(t *testing.T) {
	smallSegments(t, 2)
	eachEngine(t, func(t *testing.T, engine string) {
		m, _ := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 12) // six segments
		m.SetMaxOpenFiles(2)
		buf := make([]byte, BlockSize)
		for b := uint32(0); b < 12; b++ {
			if err := m.Read(rel, Main, b, buf); err != nil {
				t.Fatal(err)
			}
			wantBlock(t, buf, rel, b)
			if n := len(m.files.byKey); n > 2 {
				t.Fatalf("%d descriptors cached", n)
			}
		}
		reqs := make([]Req, 12)
		for i := range reqs {
			reqs[i] = Req{Rel: rel, Fork: Main, Block: uint32(i), Buf: make([]byte, BlockSize)}
		}
		if err := m.ReadV(reqs); err != nil {
			t.Fatal(err)
		}
		for _, q := range reqs {
			wantBlock(t, q.Buf, rel, q.Block)
		}
		if err := m.Read(rel, Main, 0, buf); err != nil {
			t.Fatal(err)
		}
		if n := len(m.files.byKey); n > 3 {
			t.Fatalf("%d descriptors cached after the batch", n)
		}
		// The LRU list and the map agree.
		n := 0
		for f := m.files.head; f != nil; f = f.next {
			if m.files.byKey[f.key] != f {
				t.Fatal("list entry not in the map")
			}
			n++
		}
		if n != len(m.files.byKey) {
			t.Fatalf("list has %d entries, map %d", n, len(m.files.byKey))
		}
		m.CloseRel(rel)
		if len(m.files.byKey) != 0 || m.files.head != nil || m.files.tail != nil {
			t.Fatal("CloseRel left descriptors")
		}
	})
}

func TestMissingDataDir(t *testing.T) {
	m := New(filepath.Join(t.TempDir(), "nope"), NewSyncIO())
	defer m.Close()
	wantErr(t, m.Create(rel, Main), "58P01", `could not open data directory "...`)
	wantErr(t, m.Read(rel, Main, 0, make([]byte, BlockSize)), "58P01", "could not open data directory...")
	if m.Exists(rel, Main) {
		t.Fatal("exists")
	}
}

// TestNoAllocations: reading and writing blocks of open files costs no
// garbage, with either engine.
func TestNoAllocations(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		m, _ := newManager(t, engine)
		if err := m.Create(rel, Main); err != nil {
			t.Fatal(err)
		}
		extendTo(t, m, rel, Main, 8)
		buf := make([]byte, BlockSize)
		reqs := make([]Req, 8)
		for i := range reqs {
			reqs[i] = Req{Rel: rel, Fork: Main, Block: uint32(i), Buf: make([]byte, BlockSize)}
		}
		m.ReadV(reqs) // grow the scratch slices once
		for name, f := range map[string]func(){
			"Read":    func() { m.Read(rel, Main, 3, buf) },
			"Write":   func() { m.Write(rel, Main, 3, buf) },
			"ReadV":   func() { m.ReadV(reqs) },
			"Nblocks": func() { m.Nblocks(rel, Main) },
			"Extend": func() {
				n, _ := m.Nblocks(rel, Main)
				if err := m.Extend(rel, Main, n, buf); err != nil {
					t.Fatal(err)
				}
			},
		} {
			if n := testing.AllocsPerRun(50, f); n != 0 {
				t.Errorf("%s: %v allocations", name, n)
			}
		}
	})
}
