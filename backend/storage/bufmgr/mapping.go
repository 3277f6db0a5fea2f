package bufmgr

import (
	"fmt"

	"ringpg/sem"
)

// The mapping table: a shared hash table from Tag to Buffer, chained, in
// MappingPartitions partitions. The low bits of a tag's hash choose the
// partition; the next bits choose one of that partition's buckets, which
// lie side by side so that a partition's buckets share cache lines with
// each other rather than with another partition's. A bucket holds the
// number of the first buffer on its chain (0 = empty); the chain runs
// through mapEntry.next, and buffer b's entry is entries[b-1].
//
// Everything in a partition (its buckets, and the entries chained from
// them) is guarded by the partition's LWLock: shared to look up, exclusive
// to insert or remove. Zeroed memory is an empty table.

func (p *Pool) partitionOf(h uint64) uint32 { return uint32(h % MappingPartitions) }

// partitionLock returns the LWLock of partition i.
func (p *Pool) partitionLock(i uint32) *sem.LWLock { return &p.parts[i].l }

// bucketOf returns the index of the tag's bucket in p.buckets.
func (p *Pool) bucketOf(h uint64) uint32 {
	per := p.lay.bucketsPerPart
	return p.partitionOf(h)*per + uint32(h/MappingPartitions)&(per-1)
}

func (e *mapEntry) is(t Tag) bool {
	return e.block == t.Block && e.rel == t.Rel && e.db == t.DB && e.spc == t.Spc && e.fork == uint32(t.Fork)
}

// lookupLocked returns the buffer holding t, or InvalidBuffer. Caller holds
// the partition lock of h in either mode.
func (p *Pool) lookupLocked(t Tag, h uint64) Buffer {
	for b := p.buckets[p.bucketOf(h)]; b != 0; {
		e := &p.entries[b-1]
		if e.is(t) {
			return Buffer(b)
		}
		b = e.next
	}
	return InvalidBuffer
}

// insertLocked chains buffer b under tag t. Caller holds the partition
// lock of h exclusively, has checked that t is absent, and holds b's only
// pin with b on no chain.
func (p *Pool) insertLocked(t Tag, h uint64, b Buffer) {
	bucket := &p.buckets[p.bucketOf(h)]
	e := &p.entries[b-1]
	e.spc, e.db, e.rel, e.fork, e.block = t.Spc, t.DB, t.Rel, uint32(t.Fork), t.Block
	e.next = *bucket
	*bucket = uint32(b)
}

// removeLocked unchains buffer b, which holds tag t. Caller holds the
// partition lock of h exclusively. A missing entry means the table and the
// descriptors disagree: shared memory is corrupt, and the postmaster must
// restart the server.
func (p *Pool) removeLocked(t Tag, h uint64, b Buffer) {
	link := &p.buckets[p.bucketOf(h)]
	for *link != 0 {
		e := &p.entries[*link-1]
		if *link == uint32(b) {
			if !e.is(t) {
				panic(fmt.Sprintf("bufmgr: mapping entry of buffer %d holds another tag than %v", b, t))
			}
			*link = e.next
			e.next = 0
			return
		}
		link = &e.next
	}
	panic(fmt.Sprintf("bufmgr: buffer %d (%v) missing from the mapping table", b, t))
}
