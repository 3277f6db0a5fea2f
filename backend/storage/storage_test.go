package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
	"ringpg/shm"
)

// TestPoolOverFiles writes pages through the pool, flushes them, checks the
// files carry valid checksums, then corrupts one byte on disk and expects
// the next read of that block to fail with PostgreSQL's XX001.
func TestPoolOverFiles(t *testing.T) {
	const nbuf = 8
	dir := t.TempDir()
	seg, err := shm.Create(shm.Config{MaxProcs: 2, HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(nbuf)}}})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	pool, files, err := Open(seg, nbuf, 0, dir, "sync")
	if err != nil {
		t.Fatal(err)
	}
	defer files.Close()
	rf := bufmgr.RelFork{Spc: 1663, DB: 5, Rel: 16384}
	for i := 0; i < 20; i++ { // more blocks than buffers: eviction writes them
		b, blk, err := pool.ExtendRelation(rf, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := page.Page(pool.Page(b))
		p.Init(0)
		if _, err := p.AddItem([]byte{byte(blk), 1, 2, 3, 4, 5, 6, 7}, page.InvalidOffset); err != nil {
			t.Fatal(err)
		}
		pool.MarkDirty(b)
		pool.Unlock(b)
		pool.Release(b)
	}
	if err := pool.FlushAll(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "base/5/16384"))
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != 20*page.Size {
		t.Fatalf("relation file is %d bytes", len(raw))
	}
	for blk := 0; blk < 20; blk++ {
		p := page.Page(raw[blk*page.Size : (blk+1)*page.Size])
		if err := p.Verify(uint32(blk)); err != nil {
			t.Fatalf("block %d on disk: %v", blk, err)
		}
		if p.Item(1)[0] != byte(blk) {
			t.Fatalf("block %d holds item of block %d", blk, p.Item(1)[0])
		}
	}
	// Corrupt block 3 on disk, push it out of the pool, read it again.
	raw[3*page.Size+page.Size-1] ^= 0xff
	if err := os.WriteFile(filepath.Join(dir, "base/5/16384"), raw, 0600); err != nil {
		t.Fatal(err)
	}
	pool.DropRelation(rf, 0)
	_, err = pool.ReadBuffer(bufmgr.Tag{Spc: 1663, DB: 5, Rel: 16384, Block: 3}, nil)
	e := pgerr.From(err)
	if e.Code != "XX001" || !strings.Contains(e.Message, "invalid page in block 3 of relation base/5/16384") {
		t.Fatalf("corrupt block read: %v", err)
	}
	// Other blocks still read fine.
	b, err := pool.ReadBuffer(bufmgr.Tag{Spc: 1663, DB: 5, Rel: 16384, Block: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pool.Release(b)
	if err := pool.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
}
