package bufmgr

import (
	"fmt"
	"testing"
)

// zeroStore is a memStore that also adds zeroed blocks in bulk, at most
// limit at a time (a segment's end).
type zeroStore struct {
	*memStore
	limit  uint32
	nzeros int // ExtendZeros calls
}

func (z *zeroStore) ExtendZeros(rf RelFork, blk, n uint32) (uint32, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if blk != z.nblocks[rf] {
		return 0, fmt.Errorf("extend %v to block %d, but it has %d", rf, blk, z.nblocks[rf])
	}
	n = min(n, z.limit)
	for i := range n {
		z.blocks[rf.Block(blk+i)] = make([]byte, BlockSize)
	}
	z.nblocks[rf] = blk + n
	z.nzeros++
	return n, nil
}

// TestExtendRelationBy: a bulk extension adds the blocks with one call
// to storage, returns the first locked and zeroed, and leaves the others
// as valid zeroed pages that read as hits; the next extension starts
// after them. Without a ZeroExtender it adds one block, as ExtendRelation.
func TestExtendRelationBy(t *testing.T) {
	z := &zeroStore{memStore: newMemStore(), limit: 6}
	z.fill(relA, 2)
	p := testPool(t, 16, z, Hooks{Verify: verifyPage, BeforeWrite: setChecksum})
	b, blk, added, err := p.ExtendRelationBy(relA, 4, nil)
	if err != nil || blk != 2 || added != 4 {
		t.Fatalf("ExtendRelationBy(4) = block %d, added %d, %v; want 2, 4", blk, added, err)
	}
	if p.LockHeld(b) != Exclusive || p.PinCount(b) != 1 || !allZero(p.Page(b)) {
		t.Fatalf("first new buffer: lock %v, pins %d, zeroed %v", p.LockHeld(b), p.PinCount(b), allZero(p.Page(b)))
	}
	stampPage(p.Page(b), relA.Block(blk))
	p.MarkDirty(b)
	p.UnlockRelease(b)
	if n, _ := p.Nblocks(relA); n != 6 || z.nzeros != 1 {
		t.Fatalf("Nblocks = %d after one bulk extension (%d storage calls)", n, z.nzeros)
	}
	reads, _, _ := z.counts()
	for blk := uint32(3); blk < 6; blk++ {
		b := mustRead(t, p, relA.Block(blk), nil)
		if !allZero(p.Page(b)) || p.LockHeld(b) != 0 {
			t.Fatalf("spare block %d: not a free zeroed page", blk)
		}
		p.Release(b)
	}
	if r, _, _ := z.counts(); r != reads {
		t.Fatalf("%d storage reads for the spare blocks, want none (pool hits)", r-reads)
	}
	// Capped by the storage (a segment's end), then by n = 1.
	b, blk, added, err = p.ExtendRelationBy(relA, 10, nil)
	if err != nil || blk != 6 || added != 6 {
		t.Fatalf("ExtendRelationBy(10) = block %d, added %d, %v; want 6, 6", blk, added, err)
	}
	p.UnlockRelease(b)
	b, blk, added, err = p.ExtendRelationBy(relA, 1, nil)
	if err != nil || blk != 12 || added != 1 {
		t.Fatalf("ExtendRelationBy(1) = block %d, added %d, %v; want 12, 1", blk, added, err)
	}
	p.UnlockRelease(b)
	if err := p.FlushAll(); err != nil {
		t.Fatal(err)
	}
	if got := z.page(relA.Block(2)); pageTag(got) != relA.Block(2) {
		t.Fatalf("block 2 lost its contents")
	}
	mustClean(t, p)

	// A storage without bulk extension: one block.
	st := newMemStore()
	q := testPool(t, 16, st, Hooks{})
	b, blk, added, err = q.ExtendRelationBy(relA, 8, nil)
	if err != nil || blk != 0 || added != 1 {
		t.Fatalf("plain storage: block %d, added %d, %v; want 0, 1", blk, added, err)
	}
	q.UnlockRelease(b)
	mustClean(t, q)
}

// TestExtendRelationByFullPool: with fewer free buffers than new blocks,
// the blocks without a buffer are still in storage and read as zeroes.
func TestExtendRelationByFullPool(t *testing.T) {
	z := &zeroStore{memStore: newMemStore(), limit: 64}
	p := testPool(t, 4, z, Hooks{Verify: verifyPage, BeforeWrite: setChecksum})
	var held []Buffer
	for range 2 {
		b, _, err := p.ExtendRelation(relB, nil)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, b)
	}
	b, blk, added, err := p.ExtendRelationBy(relA, 8, nil)
	if err != nil || blk != 0 || added != 8 {
		t.Fatalf("ExtendRelationBy(8) = block %d, added %d, %v", blk, added, err)
	}
	p.UnlockRelease(b)
	for _, h := range held {
		p.UnlockRelease(h)
	}
	for blk := uint32(1); blk < 8; blk++ {
		b := mustRead(t, p, relA.Block(blk), nil)
		if !allZero(p.Page(b)) {
			t.Fatalf("block %d not zeroed", blk)
		}
		p.Release(b)
	}
	mustClean(t, p)
}
