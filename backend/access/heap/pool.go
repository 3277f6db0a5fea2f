package heap

import (
	"ringpg/backend/access/heap/fsm"
	"ringpg/backend/storage/bufmgr"
)

// BufferPool is what the heap needs of the shared buffer pool (the
// bufmgr contract); *bufmgr.Pool satisfies it, and so do test fakes.
type BufferPool interface {
	fsm.Pool
	ConditionalLock(b bufmgr.Buffer, m bufmgr.LockMode) bool
	TagOf(b bufmgr.Buffer) bufmgr.Tag
	NewStrategy(k bufmgr.StrategyKind) *bufmgr.Strategy
}

// hintDirtier is implemented by a pool that can record a hint-bit change
// made under a shared content lock (bufmgr's MarkDirtyHint). Without it
// the heap sets no hint bits under a shared lock.
type hintDirtier interface {
	MarkDirtyHint(b bufmgr.Buffer)
}

// cleanupLocker is implemented by a pool that can try a cleanup lock:
// the exclusive content lock with no other process holding a pin.
// Pruning prefers it, so that a future reader that keeps pointers into a
// pinned page without its lock is safe; the heap's own readers copy
// tuples out under the content lock and never need it, so without it
// pruning takes the plain exclusive lock.
type cleanupLocker interface {
	ConditionalLockForCleanup(b bufmgr.Buffer) bool
}

// cleanupWaiter is implemented by a pool that can wait for a cleanup
// lock (bufmgr's LockForCleanup); it may refuse, to avoid a deadlock
// between two waiters.
type cleanupWaiter interface {
	LockForCleanup(b bufmgr.Buffer) error
}
