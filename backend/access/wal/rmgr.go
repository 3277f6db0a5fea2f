package wal

// Resource manager ids, PostgreSQL 15's numbers (rmgrlist.h), for the
// resource managers this server has or will have. A record's RmID picks
// the redo function Replay calls.
const (
	RmXLOG     uint8 = 0  // checkpoints, full-page-only records, WAL switches
	RmXact     uint8 = 1  // commit, abort, prepare
	RmSmgr     uint8 = 2  // relation file create and truncate
	RmCLOG     uint8 = 3  // commit log page zeroing and truncation
	RmDatabase uint8 = 4  // CREATE and DROP DATABASE
	RmRelMap   uint8 = 7  // relation mapper updates
	RmHeap2    uint8 = 9  // pruning, freezing, visibility map bits
	RmHeap     uint8 = 10 // heap insert, update, delete, lock
	RmBtree    uint8 = 11 // B-tree changes
	RmSequence uint8 = 15 // sequence values
)

// AutoBuffers returns the wal_buffers PostgreSQL chooses for -1: 1/32 of
// shared_buffers (both in 8 kB pages), at least 8 pages and at most one
// segment's worth.
func AutoBuffers(sharedBuffers, segSize int) int {
	return min(max(sharedBuffers/32, 8), segSize/PageSize)
}
