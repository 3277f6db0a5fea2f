package shm

import "ringpg/sem"

// The wait table: one sem.Waiter per proc slot, indexed by slot number. A
// process sleeps on its own Waiter's semaphore when it queues for an LWLock
// (and, later, for a heavyweight lock); the lock's releaser wakes it there.

func waitTableSize(n int) uintptr { return sem.WaiterTableSize(n) }

// initWaitTable has nothing to write: zeroed memory is a table of idle slots.
func initWaitTable(*Segment) {}

// Waiters returns a view of the segment's wait table.
func (s *Segment) Waiters() *sem.WaiterTable {
	n := int(s.hdr.MaxProcs)
	off := s.layout.waitOff
	return sem.NewWaiterTable(s.mem[off:off+waitTableSize(n)], n)
}
