// Package predicate owns serializable snapshot isolation (PostgreSQL's
// predicate.c): the serializable transaction records, their SIREAD locks
// on relations, pages and tuples, the rw-antidependency conflicts between
// them, and the detection of the dangerous structure
// T_in --rw--> T_pivot --rw--> T_out (T_out committing first) that makes
// one of them fail with 40001. It lives in one region of the shared
// segment (RegionName, RegionSize(maxProcs, max_pred_locks_per_transaction)),
// valid when zeroed, and imports only sem, shm and pgerr: callers tell it
// what a serializable transaction reads and writes, and decide themselves
// which versions their snapshot sees.
//
// # What is where
//
//   - Transaction records (sxact, PostgreSQL's SERIALIZABLEXACT), XactsPerProc
//     per proc slot, from a free list. A record lives from the
//     transaction's first snapshot (Register) until it rolls back, or,
//     once committed, until no running serializable transaction's
//     snapshot is older than its end: committed records wait on the
//     finished list, in commit order, and clearOld frees them when the
//     oldest snapshot xmin of the running ones (globalXmin) passes them,
//     or merges the oldest into a summary record when none is free.
//     A hash of top-level xids finds the record of a tuple's writer.
//   - Conflict records (conflict, PostgreSQL's RWConflict), linked into
//     the reader's list of conflicts out and the writer's list of
//     conflicts in.
//   - SIREAD lock records (lockRec), one per target and holder, in a hash
//     table of NumPartitions partitions, and linked into their holder's
//     list. A local table per process (Manager.local) knows which targets
//     its transaction holds and how many finer locks each target covers,
//     for promotion: more than max_pred_locks_per_page tuple locks on a
//     page, or more than max_pred_locks_per_relation page and tuple locks
//     in a relation (negative: max_pred_locks_per_transaction divided by
//     its absolute value), become one lock on the page or the relation. A
//     full table is 53200 "out of shared memory".
//
// # Concurrency rules
//
//   - xactLock guards the transaction records (flags are also atomic, so
//     that a process may test its own doomed bit without it), the xid
//     hash, the conflict records and the header's counters.
//   - A lock record's tag and hash chain are guarded by its partition
//     lock (bucket b by partition b % NumPartitions).
//   - A transaction's list of lock records is guarded by listLock: its
//     owner changes it holding listLock shared (and the record's
//     partition lock), anyone else holding it exclusively (a B-tree split
//     copying locks, a relation rewrite promoting them). An ended
//     transaction's list is changed only by the releaser, under finLock.
//   - finLock guards the finished list and serialises freeing records.
//   - Order: finLock, listLock, partition locks in ascending order,
//     xactLock; the free-list spinlock alloc is a leaf. These come after
//     buffer content locks and the transaction manager's locks in sem's
//     order (a read checks for conflicts while it holds a page), and
//     nothing else is waited for while one is held.
//
// # Use
//
//	shm.RegionSpec{Name: predicate.RegionName, Size: predicate.RegionSize(maxProcs, 64)} // postmaster
//	m, err := predicate.Attach(seg, slot)           // each process, once
//	ok, err := m.Register(readOnly, takeSnapshot)   // a SERIALIZABLE transaction's first snapshot
//	m.LockRelation / LockPage / LockTuple           // what it reads
//	m.CheckConflictOut(writerXid)                   // a version written by a concurrent transaction
//	m.NoteXid(xid); m.CheckConflictIn(tag)          // before it writes
//	err = m.PreCommit()                             // before the commit record
//	m.Release(committed, nextXid)                   // after commit or abort, and at session end
//	predicate.Cleanup(seg, slot)                    // postmaster, after a normal exit
//
// # Figures
//
// On the 2-core development machine (go test -run '^$' -bench . here):
// the write hook of a transaction that is not serializable 2-10 ns; of a
// serializable writer when no SIREAD lock exists 4-12 ns; with three
// other transactions holding 30 tuple locks each 300-670 ns (three
// partition lookups); a SIREAD tuple lock 0.4-1.0 µs, amortised over 50
// per transaction including its register and release, with no
// allocation. pgbench TPC-B at scale 10, 8 clients, synchronous_commit
// off: SERIALIZABLE 1,370 tps against REPEATABLE READ's 1,500; select-only
// at scale 1: 18,900 against 25,500 tps (PostgreSQL 15 loses about as
// much: 24%).
//
// # Departures from PostgreSQL
//
//   - Targets name relations by relfilenode, which the storage layer
//     knows everywhere; DDL that gives a relation a new file promotes its
//     page and tuple locks to the old file's relation lock and checks
//     conflicts in, as PostgreSQL's TRUNCATE does.
//   - When the records run out, old committed transactions are merged
//     into one summary record in memory (summary.go) rather than
//     summarised to disk; the summary is conservative (it may fail a
//     transaction PostgreSQL would not, never the reverse). Only when no
//     committed transaction is left to merge does a new serializable
//     transaction fail with 53200.
//   - READ ONLY DEFERRABLE waits for nothing, and a read-only transaction
//     is not released early when it becomes safe.
package predicate
