package lmgr

import (
	"fmt"

	"ringpg/pgerr"
)

// internalError reports a caller bug or a broken invariant (XX000).
func internalError(format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.InternalError, format, args...)
}

// errOutOfSharedMemory is PostgreSQL's error when the lock table is full.
func errOutOfSharedMemory() *pgerr.Error {
	return pgerr.New(pgerr.OutOfMemory, "out of shared memory").
		WithHint("You might need to increase max_locks_per_transaction.")
}

// errLockTimeout is lock_timeout's error.
func errLockTimeout() *pgerr.Error {
	return pgerr.New(pgerr.LockNotAvailable, "canceling statement due to lock timeout")
}

// errNoWait is NOWAIT's error. PostgreSQL's callers word it; for a
// relation we say what LOCK TABLE ... NOWAIT says, naming the relation by
// the name the caller gave or else by its description.
func errNoWait(tag Tag, name string) *pgerr.Error {
	if name != "" {
		return pgerr.New(pgerr.LockNotAvailable, "could not obtain lock on relation \"%s\"", name)
	}
	return pgerr.New(pgerr.LockNotAvailable, "could not obtain lock on %s", tag)
}

// deadlockEdge is one step of a wait-for cycle: pid waits for mode on tag,
// blocked by the next step's process. The detector also notes the proc
// slot, the lock object, and whether the next process blocks this one only
// by being queued ahead of it (a soft edge) rather than by holding a
// conflicting mode.
type deadlockEdge struct {
	pid  int32
	mode Mode
	tag  Tag
	slot uint32
	lock uint32
	soft bool
}

// errDeadlock builds PostgreSQL's deadlock report from a cycle, starting
// with the detecting process; each edge is blocked by the next one's pid.
func errDeadlock(cycle []deadlockEdge) *pgerr.Error {
	var detail []byte
	for i, e := range cycle {
		next := cycle[(i+1)%len(cycle)].pid
		if i > 0 {
			detail = append(detail, '\n')
		}
		detail = fmt.Appendf(detail, "Process %d waits for %s on %s; blocked by process %d.", e.pid, e.mode, e.tag, next)
	}
	e := pgerr.New(pgerr.DeadlockDetected, "deadlock detected").WithHint("See server log for query details.")
	e.Detail = string(detail)
	return e
}
