package xlog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// TestRecoverBulkExtension extends a relation several blocks at once (as
// a bulk load does), fills the first and one of the others, extends once
// more, commits and crashes; recovery brings the filled pages back and
// the ones never used read as new (zeroed) pages. The same holds when the
// crash also lost the extension itself (the file cut to nothing): redo
// extends the fork to the blocks its records touch.
func TestRecoverBulkExtension(t *testing.T) {
	for _, lost := range []bool{false, true} {
		name := "file kept"
		if lost {
			name = "extension lost"
		}
		t.Run(name, func(t *testing.T) {
			dir := newDataDir(t)
			l := start(t, dir)
			b, blk, added, err := l.pool.ExtendRelationBy(testRel, 8, nil)
			if err != nil || blk != 0 || added != 8 {
				t.Fatalf("ExtendRelationBy = block %d, added %d, %v", blk, added, err)
			}
			fill := func(b bufmgr.Buffer, item []byte) {
				p := page.Page(l.pool.Page(b))
				if p.IsNew() {
					p.Init(0)
				}
				if _, err := p.AddItem(item, page.InvalidOffset); err != nil {
					t.Fatal(err)
				}
				l.pool.MarkDirty(b)
				l.pool.UnlockRelease(b)
			}
			fill(b, bytes.Repeat([]byte{1}, 300))
			if b, err = l.pool.ReadBuffer(testRel.Block(5), nil); err != nil {
				t.Fatal(err)
			}
			l.pool.Lock(b, bufmgr.Exclusive)
			fill(b, bytes.Repeat([]byte{5}, 500))
			if b, blk, err = l.pool.ExtendRelation(testRel, nil); err != nil || blk != 8 {
				t.Fatalf("ExtendRelation = block %d, %v", blk, err)
			}
			fill(b, bytes.Repeat([]byte{8}, 200))
			want := map[uint32][]byte{0: l.read(0), 5: l.read(5), 8: l.read(8)}
			l.commitOne()
			l.crash()
			if lost {
				if err := os.Truncate(filepath.Join(dir, "base/5/16384"), 0); err != nil {
					t.Fatal(err)
				}
			}

			l2 := start(t, dir)
			defer l2.crash()
			if n, err := l2.pool.Nblocks(testRel); err != nil || n != 9 {
				t.Fatalf("Nblocks after recovery = %d, %v; want 9", n, err)
			}
			for blk := uint32(0); blk < 9; blk++ {
				got := l2.read(blk)
				if p, ok := want[blk]; ok {
					samePage(t, "filled block", got, p)
				} else if !page.Page(got).IsNew() {
					t.Fatalf("block %d, never used, is not a new page after recovery", blk)
				}
			}
		})
	}
}
