// Package wal owns the write-ahead log: the record format and a Builder
// that assembles records without allocating, the WAL buffers in the
// shared segment (region RegionName), insertion into them by many
// processes at once, writing and group-commit flushing of the segment
// files under pg_wal, a Reader that reads records back for recovery and
// stops cleanly at a torn tail, the control file, and the pg_stat_wal
// counters. It calls sem for locks, smgr's IO engines for io_uring writes,
// and nothing above it; heap, btree, the transaction manager and the
// checkpointer call it.
//
// # Positions
//
// An LSN is a byte position in the WAL stream, page headers included.
// Space is reserved in "byte positions", which leave page headers out, so
// a reservation is one addition whatever pages it spans; geometry
// converts. Insert returns a record's end LSN (what pages are stamped with
// and what Flush is asked for), as PostgreSQL's XLogInsert does.
//
// # Concurrency rules
//
// The shared state is the control struct at the start of the region, the
// per-buffer page table xlblocks, and the buffer pages.
//
//   - insertLock (spinlock) guards curPos and prevLSN: reserving a record
//     is reading them and adding its aligned size, a few instructions.
//
//   - Insertion slots (NumInsertSlots LWLocks of TrancheWALInsert): an
//     inserter holds one slot from before it reserves until its record is
//     copied; so any number of inserters copy at once. A slot's
//     insertingAt is the holder's advertised progress: every byte it
//     copies below that LSN is in place; 0 means not said. A holder
//     advertises only before it may wait (for a buffer), and then it
//     advertises the start of the page it waits for.
//
//   - A flusher finds how far the buffers are complete by reading the
//     reserved position, then each slot: a free slot, or one whose
//     advertised progress is at least the target, does not hold it back;
//     otherwise it counts itself in the slot's waiters, looks again, and
//     sleeps on the slot's seq futex; a holder that advertises or releases
//     bumps seq and wakes only when waiters is non-zero (one load on the
//     common path). It waits with no lock held, so an inserter it waits
//     for can always take the write lock.
//
//   - mapLock (TrancheWALBufMapping) guards initNext: giving buffer pages
//     to new WAL pages happens in page order, and a buffer is given to a
//     new page only once its old page is written (written is past its
//     end). xlblocks[i] (atomic) holds page number + 1 of the page buffer i
//     holds, stored once the page is initialised; an inserter that sees
//     its page there copies without a lock.
//
//   - writeLock (TrancheWALWrite) serialises writing and syncing. Only
//     ConditionalAcquire is used: a process that finds it held sleeps on
//     the gen futex, which every writer bumps when it releases, then looks
//     at flushed again (PostgreSQL's LWLockAcquireOrWait). written and
//     flushed (atomic) only grow, and only under writeLock; a segment is
//     synced when a write finishes it, so unsynced data is only ever in
//     the segment holding written.
//
//   - redo changes only while one process holds every slot (SetRedo), so
//     an inserter holding a slot sees a stable value and re-decides its
//     full-page images if it changed since it assembled the record.
//
//   - broken (atomic) is set after a failed write or sync, or an
//     insertion that could not be completed; everything then fails with
//     PANIC severity and the process must exit for a crash-restart.
//
//   - The pg_stat_wal counters are atomics on their own cache lines; a
//     process adds its record counts in batches (statsBatch, and at every
//     Flush, Write, Stats and Close).
//
//   - The control struct keeps what inserters, the buffer mapping, and
//     writers touch on separate cache lines (TestControlLines).
//
// Lock order (sem/doc.go): insertion slot, then mapLock, never both mapLock
// and writeLock; writeLock is taken with nothing but possibly an
// insertion slot held, and nothing is waited for under it.
//
// Each process attaches its own *WAL handle; a handle is not safe for
// concurrent use.
package wal
