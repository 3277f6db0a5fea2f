package btree

import "ringpg/backend/storage/bufmgr"

// Buffers is what the tree needs of the shared buffer pool. *bufmgr.Pool
// satisfies it; tests also use a small in-process fake.
type Buffers interface {
	// ReadBuffer returns block t pinned.
	ReadBuffer(t bufmgr.Tag, s *bufmgr.Strategy) (bufmgr.Buffer, error)
	// ExtendRelation appends a zeroed block and returns it pinned and
	// exclusively locked, with its number.
	ExtendRelation(rf bufmgr.RelFork, s *bufmgr.Strategy) (bufmgr.Buffer, uint32, error)
	// Release drops a pin.
	Release(b bufmgr.Buffer)
	// Lock and Unlock take and drop a pinned buffer's content lock.
	Lock(b bufmgr.Buffer, m bufmgr.LockMode)
	Unlock(b bufmgr.Buffer)
	// LockForCleanup takes the content lock exclusively once no other
	// process has the buffer pinned; the caller holds one pin.
	LockForCleanup(b bufmgr.Buffer) error
	// Page returns the buffer's 8 KiB page.
	Page(b bufmgr.Buffer) []byte
	// MarkDirty records a change made under the exclusive content lock.
	MarkDirty(b bufmgr.Buffer)
	// MarkDirtyHint records a change that may be lost (LP_DEAD hints).
	MarkDirtyHint(b bufmgr.Buffer)
	// Nblocks returns the fork's length in blocks.
	Nblocks(rf bufmgr.RelFork) (uint32, error)
}

var _ Buffers = (*bufmgr.Pool)(nil)

// TID is a heap tuple identifier: the block and line pointer number of a
// heap tuple, the payload of every leaf entry.
type TID struct {
	Block  uint32
	Offset uint16
}

func (t TID) String() string { return "(" + itoa(uint64(t.Block)) + "," + itoa(uint64(t.Offset)) + ")" }

func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// compareTID orders heap TIDs, the tie-breaker between equal keys.
func compareTID(a, b TID) int {
	switch {
	case a.Block < b.Block:
		return -1
	case a.Block > b.Block:
		return 1
	case a.Offset < b.Offset:
		return -1
	case a.Offset > b.Offset:
		return 1
	}
	return 0
}
