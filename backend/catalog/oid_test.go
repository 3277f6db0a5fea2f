package catalog

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/page"
)

func oidLimitOnDisk(t *testing.T, dir string) uint32 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, oidLimitFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := readOidLimit(f)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestOidsAfterCrash: the limit on disk is always past every OID handed
// out, and a new segment (a crash-restart) resumes past it.
func TestOidsAfterCrash(t *testing.T) {
	e := newEnv(t)
	if got := oidLimitOnDisk(t, e.dir); got != FirstNormalOid {
		t.Fatalf("limit after bootstrap: %d", got)
	}
	var last uint32
	for i := 0; i < OIDChunk+10; i++ { // across a chunk boundary
		oid, err := e.cat.NewOid()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && oid != FirstNormalOid {
			t.Fatalf("first oid %d", oid)
		}
		if oid <= last && last != 0 {
			t.Fatalf("oid %d after %d", oid, last)
		}
		if lim := oidLimitOnDisk(t, e.dir); oid >= lim {
			t.Fatalf("oid %d handed out at or past the limit on disk %d", oid, lim)
		}
		last = oid
	}
	// Crash: the segment is lost; a new one starts with a zeroed region.
	seg2 := testSegment(t, 2)
	defer seg2.Close()
	e2 := attachEnv(t, seg2, 0, e.dir, PostgresDB)
	oid, err := e2.cat.NewOid()
	if err != nil {
		t.Fatal(err)
	}
	if oid <= last || oid != FirstNormalOid+2*OIDChunk {
		t.Fatalf("first oid after the crash: %d (last before: %d)", oid, last)
	}
	// A corrupt limit file is an error, not a reuse.
	if err := os.WriteFile(filepath.Join(e.dir, oidLimitFile), make([]byte, 16), 0o600); err != nil {
		t.Fatal(err)
	}
	seg3 := testSegment(t, 2)
	defer seg3.Close()
	if _, err := attachEnv(t, seg3, 0, e.dir, PostgresDB).cat.NewOid(); err == nil {
		t.Fatal("a corrupt OID limit file was accepted")
	}
}

// TestRelfilenodeSkipsExistingFiles: a file left behind under the next
// OID is not reused for a new relation.
func TestRelfilenodeSkipsExistingFiles(t *testing.T) {
	e := newEnv(t)
	next, err := e.cat.NewOid()
	if err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(e.dir, "base", strconv.Itoa(int(PostgresDB)), strconv.Itoa(int(next+1)))
	if err := os.WriteFile(stray, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := e.create(RelationSpec{Namespace: PublicNamespace, Name: "s", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	if r.Relfilenode != next+2 || r.Oid != r.Relfilenode {
		t.Fatalf("relfilenode %d (stray file at %d)", r.Relfilenode, next+1)
	}
}

// TestBootstrapHints: every bootstrap tuple on disk has xmin 1 and the
// XminCommitted and XmaxInvalid hints, and every page its checksum.
func TestBootstrapHints(t *testing.T) {
	dir := t.TempDir()
	if err := Bootstrap(dir); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range catalogs {
		sub := "base/1"
		if r.shared {
			sub = "global"
		}
		raw, err := os.ReadFile(filepath.Join(dir, sub, strconv.Itoa(int(r.oid))))
		if os.IsNotExist(err) {
			continue // a catalog with no bootstrap rows has no file yet
		}
		if err != nil {
			t.Fatal(err)
		}
		for blk := 0; blk*page.Size < len(raw); blk++ {
			p := page.Page(raw[blk*page.Size : (blk+1)*page.Size])
			if err := p.Verify(uint32(blk)); err != nil {
				t.Fatalf("%s block %d: %v", r.name, blk, err)
			}
			for off := page.OffsetNumber(1); off <= p.MaxOffset(); off++ {
				h, err := tuple.ReadHeader(p.Item(off))
				if err != nil {
					t.Fatal(err)
				}
				if h.Xmin != BootstrapXid || h.Infomask&(tuple.XminCommitted|tuple.XmaxInvalid) != tuple.XminCommitted|tuple.XmaxInvalid {
					t.Fatalf("%s (%d,%d): xmin %d infomask %#x", r.name, blk, off, h.Xmin, h.Infomask)
				}
				n++
			}
		}
	}
	if n < 400 {
		t.Fatalf("only %d bootstrap tuples", n)
	}
	// template0 and postgres are byte copies of template1.
	a, _ := os.ReadFile(filepath.Join(dir, "base/1/1259"))
	b, _ := os.ReadFile(filepath.Join(dir, "base/5/1259"))
	if len(a) == 0 || string(a) != string(b) {
		t.Fatal("base/5 is not a copy of base/1")
	}
}
