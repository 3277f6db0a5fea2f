package heap_test

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/fsm"
	"ringpg/backend/access/heap/internal/fakepool"
	"ringpg/backend/storage/bufmgr"
)

// The buffer pool contract: the real pool and the fake both satisfy what
// the heap and the free space map ask, and the optional extras the heap
// uses when it can.
var (
	_ heap.BufferPool = (*bufmgr.Pool)(nil)
	_ heap.BufferPool = (*fakepool.Pool)(nil)
	_ fsm.Pool        = (*bufmgr.Pool)(nil)
	_ interface {
		MarkDirtyHint(bufmgr.Buffer)
		LockForCleanup(bufmgr.Buffer) error
		ConditionalLockForCleanup(bufmgr.Buffer) bool
	} = (*bufmgr.Pool)(nil)
	_ interface {
		MarkDirtyHint(bufmgr.Buffer)
		LockForCleanup(bufmgr.Buffer) error
		ConditionalLockForCleanup(bufmgr.Buffer) bool
	} = (*fakepool.Pool)(nil)
)
