package sem

import "fmt"

// LWState is a snapshot of an LWLock's state word.
type LWState uint32

// Exclusive reports whether the lock was held exclusively.
func (s LWState) Exclusive() bool { return s&lwExclusive != 0 }

// Shared returns the number of shared holders.
func (s LWState) Shared() int { return int(s & lwSharedMask) }

// Free reports whether nobody held the lock.
func (s LWState) Free() bool { return s&lwHeld == 0 }

// HasWaiters reports whether processes were queued.
func (s LWState) HasWaiters() bool { return s&lwHasWaiters != 0 }

func (s LWState) String() string {
	var str string
	switch {
	case s.Exclusive():
		str = "exclusive"
	case s.Shared() > 0:
		str = fmt.Sprintf("shared(%d)", s.Shared())
	default:
		str = "free"
	}
	if s.HasWaiters() {
		str += "+waiters"
	}
	if s&lwWakePending != 0 {
		str += "+wakepending"
	}
	if s&lwHandoff != 0 {
		str += "+handoff"
	}
	if s&lwListLocked != 0 {
		str += "+listlocked"
	}
	return str
}
