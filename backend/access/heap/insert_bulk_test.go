package heap_test

import (
	"strings"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
)

// bulkStorage is a MemStorage that also adds zeroed blocks in bulk, and
// counts how it was asked to.
type bulkStorage struct {
	*heaptest.MemStorage
	calls, blocks int
}

func (s *bulkStorage) ExtendZeros(rf bufmgr.RelFork, blk, n uint32) (uint32, error) {
	for i := range n {
		if err := s.Extend(rf, blk+i, make([]byte, bufmgr.BlockSize)); err != nil {
			return 0, err
		}
	}
	s.calls++
	s.blocks += int(n)
	return n, nil
}

// TestInsertMultiBulkExtension: a bulk load that keeps extending the
// relation adds several pages at a time and fills them in order, leaving
// no page behind but at most one extension's spares at the end; the next
// insert takes a spare; a VACUUM that truncates the spares away leaves
// the next bulk insert to extend again.
func TestInsertMultiBulkExtension(t *testing.T) {
	st := &bulkStorage{MemStorage: heaptest.NewMemStorage()}
	e := newEnv(t, "bufmgr", envOpts{storage: st, nbuffers: 512})
	load := func(from, batches int) []tuple.TID {
		tx := e.m.Begin()
		var tids []tuple.TID
		for k := range batches {
			var rows []heap.Row
			for i := range 100 {
				id := from + k*100 + i
				rows = append(rows, heap.Row{Values: row(int64(id), int32(id), strings.Repeat("b", 200))})
			}
			var err error
			if tids, err = e.h.InsertMulti(tx, rows, tids); err != nil {
				t.Fatal(err)
			}
		}
		tx.Commit()
		return tids
	}
	tids := load(0, 60)
	n, _ := e.h.Nblocks()
	last := tids[len(tids)-1].Block
	if st.calls == 0 || st.blocks < 2*st.calls {
		t.Fatalf("%d pages: %d bulk extensions of %d pages in all", n, st.calls, st.blocks)
	}
	if n <= last || n > last+32 {
		t.Fatalf("%d pages for rows up to block %d", n, last)
	}
	t.Logf("%d rows on %d pages, %d bulk extensions of %d pages", len(tids), n, st.calls, st.blocks)
	used := map[uint32]bool{}
	for _, tid := range tids {
		used[tid.Block] = true
	}
	for blk := uint32(0); blk <= last; blk++ {
		if !used[blk] {
			t.Fatalf("block %d of %d skipped", blk, last)
		}
	}
	if got := len(e.scanAll(e.read())); got != len(tids) {
		t.Fatalf("scan sees %d rows of %d", got, len(tids))
	}
	e.check()
	if n > last+1 {
		// The spares go before the relation grows again.
		for i := range 40 {
			if tid := e.insertCommitted(row(int64(100000+i), 1, strings.Repeat("s", 200))); tid.Block >= n {
				t.Fatalf("row on block %d: the relation grew past %d with spares left", tid.Block, n)
			}
		}
	}
	// A VACUUM truncates the trailing new pages: a bulk insert goes on
	// past the new end.
	if _, err := e.h.TruncateEmpty(st.MemStorage); err != nil {
		t.Fatal(err)
	}
	more := load(200000, 20)
	if got := len(e.scanAll(e.read())); got < len(tids)+len(more) {
		t.Fatalf("scan sees %d rows, want at least %d", got, len(tids)+len(more))
	}
	e.check()
}
