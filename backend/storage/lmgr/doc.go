// Package lmgr owns the heavyweight lock manager (PostgreSQL's lock.c and
// deadlock.c): relation, tuple, transaction-id, object and advisory locks
// in the eight table lock modes, held at transaction or session level, with
// waiting, NOWAIT, lock_timeout, cancellation, deadlock detection and the
// rows of pg_locks. It lives in one region of the shared segment
// (RegionName, RegionSize(maxProcs)), valid when zeroed, and imports only
// sem, shm and pgerr.
//
// # What is where
//
//   - A hash table of lock objects (lockObj: tag, granted counts and mask
//     per mode, a holder list, a FIFO wait queue), split into NumPartitions
//     partitions by the tag's hash. Lock objects and holder records come
//     from two fixed pools (LocksPerProc per proc slot; twice as many
//     holder records); a full pool is 53200 "out of shared memory".
//   - A holder record (PostgreSQL's PROCLOCK) per process and lock object:
//     the modes granted to that process.
//   - A procEntry per proc slot: its wait state (the futex word it sleeps
//     on, the object and mode it waits for, its queue links, when the wait
//     began) and its fast-path slots.
//   - A strong-lock counter per group of relations (regionHeader.strong).
//   - In process memory, the Manager's local table: per tag, the counts of
//     transaction-level and session-level holds of each mode. The shared
//     table knows only whether a mode is held, not how many times.
//
// # Concurrency rules
//
//   - A lock object, its holder records, and the queue links of procs
//     waiting on it are guarded by its partition's LWLock (tranche
//     LockManager). Creating or freeing objects and records also takes the
//     header's alloc spinlock, a leaf.
//   - A proc's fast-path slots are guarded by its fpLock spinlock; only the
//     owner adds holds, and it removes its own; a strong locker removes
//     others' while holding the relation's partition lock (the spinlock is
//     taken inside the LWLock, as sem's order allows).
//   - Fast path: a weak relation lock (AccessShare, RowShare, RowExclusive)
//     is taken in the owner's own slots when the relation's strong counter
//     is 0, checked under the owner's fpLock. A strong lock (Share and
//     above) increments the counter first, then moves every proc's
//     fast-path holds on the relation into the shared table under the
//     partition lock, then proceeds there; the counter is decremented when
//     the strong hold is released or the attempt fails. See fastpath.go.
//   - Several partition locks are taken only in ascending order: by the
//     deadlock detector (all, exclusive) and by Snapshot (all, shared).
//     Partition locks come after the transaction manager's in sem's order.
//   - A heavyweight lock is never waited for while holding an LWLock or a
//     spinlock. A waiter holds no partition lock while it sleeps: it sleeps
//     on its own procEntry.status word (FUTEX_WAIT while it reads
//     statusWaiting). A releaser grants in queue order every waiter whose
//     request conflicts neither with modes granted to others nor with the
//     request of a waiter still queued ahead of it, sets their status to
//     statusGranted under the partition lock, and wakes them after
//     releasing it. A process that already holds modes on an object queues
//     ahead of the first waiter whose request conflicts with them (and
//     fails at once with 40P01 if that waiter holds a mode its own request
//     conflicts with: the lock-upgrade deadlock).
//   - A process's own holds never conflict with its requests.
//   - Deadlocks: a waiter that has waited deadlock_timeout takes every
//     partition lock, looks for a cycle through itself in the wait-for
//     graph, tries to break a cycle that runs through a queue's order by
//     moving a waiter ahead, and otherwise leaves its queue and fails with
//     40P01 (deadlock.go). Each wait checks once; whoever closes a cycle
//     starts waiting last in it, so its check sees the cycle.
//
// # Use
//
//	shm.RegionSpec{Name: lmgr.RegionName, Size: lmgr.RegionSize(maxProcs)} // postmaster, with the other regions
//	m, err := lmgr.Attach(seg, slot)           // each process, once, after claiming its proc slot
//	err = m.Lock(lmgr.RelationTag(db, rel), lmgr.AccessShare, lmgr.Options{
//		Timeout: lockTimeout, DeadlockTimeout: deadlockTimeout, Cancel: checkCancel})
//	ok, err := m.TryLock(lmgr.AdvisoryTag(db, key), lmgr.Exclusive, true) // pg_try_advisory_lock
//	m.Unlock(tag, mode, session)               // pg_advisory_unlock; false: "you don't own a lock of type ..."
//	m.ReleaseSession(lmgr.TagAdvisory)         // pg_advisory_unlock_all, DISCARD ALL
//	m.ReleaseAll(false)                        // every commit and abort, after the transaction is marked ended
//	m.ReleaseAll(true)                         // session end, and before the process exits
//	n, err := lmgr.Cleanup(seg, slot)          // postmaster, after a normal exit, before Proc.Clear
//	m.Lock(lmgr.TransactionTag(xid), lmgr.Exclusive, lmgr.Options{}) // once a transaction has an xid; ReleaseAll ends it
//	m.Lock(lmgr.TransactionTag(xmax), lmgr.Share, opts); m.Unlock(...) // wait for a row's locker, seen by the deadlock detector
//	m.Interrupt()                              // from the SIGINT goroutine: a waiting Lock polls Cancel now
//	m.Snapshot()                               // pg_locks
//	m.WaitEvent(slot)                          // pg_stat_activity.wait_event when wait_event_type is Lock
//	m.BlockingSlots(slot)                      // pg_blocking_pids, through the proc array's pids
//
// # Figures
//
// On the 2-core development machine (go test -run '^$' -bench . here),
// with no allocation: AccessShareLock on a relation taken and released
// through the fast path 149 ns quiet, 185-310 ns with the machine loaded
// (load average 10); an advisory lock through the shared table 177 ns
// quiet, 315-390 ns loaded; AccessExclusiveLock on a relation with 100
// proc slots 543 ns (it visits every slot's fast-path state).
//
// # Process life
//
// A process attaches once (Attach) with its proc slot. It must call
// ReleaseAll(false) at the end of every transaction and ReleaseAll(true)
// when its session ends and before it exits: holds outlive a process that
// exits without releasing them, and would block everyone. As a safety net
// the postmaster calls Cleanup(seg, slot) after reaping a process that
// exited normally (and logs a count other than 0), and Attach cleans its
// own slot of what a previous owner left. A process killed with locks held
// is covered by the postmaster's crash-restart, which makes a new segment
// (Cleanup would wait forever for a partition lock or spinlock that the
// dead process held).
//
// A broken invariant between a process's local table and the shared one
// (a hold it knows of that the table lacks) panics: shared memory can no
// longer be trusted, and the postmaster's crash-restart resets it.
package lmgr
