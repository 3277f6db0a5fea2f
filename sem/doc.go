// Package sem owns cross-process synchronisation on shared memory: futex
// wait and wake, a counting semaphore (Sema), a spinlock (SpinLock), a
// PostgreSQL-style lightweight reader/writer lock (LWLock) with its table of
// per-process wait slots (WaiterTable), and the one lock order of the whole
// server, below.
//
// It works on words of memory that other packages lay out (package shm puts
// them in the shared segment) and imports nothing of ours; its only system
// call is futex. Every type here
// is plain fixed-size data: no Go pointers, zero value valid, size and
// alignment stated beside it and checked by TestLayout. All are 4-byte
// aligned and made of 32-bit words.
//
// # Concurrency rules
//
//   - Every word shared between processes is read and written with
//     sync/atomic (sequentially consistent, and valid across processes on a
//     MAP_SHARED mapping); plain fields are guarded by a lock named beside
//     them.
//   - Sleeping is FUTEX_WAIT on a word of the shared mapping, without
//     FUTEX_PRIVATE_FLAG. Every sleeper re-checks its condition after
//     waking: wake-ups can be spurious, early (EINTR) or meant for someone
//     else.
//   - A process that dies holding any of these locks is not repaired: the
//     postmaster stops every process and resets shared memory.
//
// # Waiting
//
// Each process owns one Waiter slot of the WaiterTable in shared memory,
// indexed by its proc number, and does all its sleeping on that slot's
// Sema: for an LWLock, and for whatever else it waits on (a heavyweight
// lock, a WAL flush). Whoever changes the condition posts that Sema. As one
// semaphore serves every kind of wait, a waiter keeps its own condition in
// shared memory and takes a Post only as "look again". SpinLocks never
// queue: their waiters spin, then sleep in short timed naps.
//
// # Lock order
//
// This is the one lock order for the whole server; code that holds two
// locks at once points here. There are three kinds of lock, and three rules.
//
// Spinlocks are leaves. While holding a SpinLock (or a header bit used as
// one), take no other lock of any kind, make no system call, do not
// allocate, and keep the section to a few instructions. Nothing is ever
// queued on a spinlock, so a holder that stalls stalls everyone. A spinlock
// may be taken while holding LWLocks; an LWLock is never waited for while
// holding a spinlock.
//
// LWLocks are taken in tranche order. While holding an LWLock, a process
// waits only for LWLocks of a later tranche in this list. ConditionalAcquire,
// which never waits, may go against the order; when it fails, the caller
// releases what it holds before waiting.
//
//  1. buffer content locks (TrancheBufferContent), two at once only in the
//     order the access method documents (a B-tree page before its right
//     sibling, say). An access method reads or extends further pages
//     while holding some, so everything below may be waited for under them.
//  2. relation extension locks (TrancheRelationExtension), one at a time
//  3. WAL insertion locks (TrancheWALInsert)
//  4. proc array lock (TrancheProcArray): a visibility check asks whether a
//     transaction is running while it holds a page's content lock
//  5. the transaction manager's locks (package transam): the xid-limit
//     lock (TrancheXidGen), the transaction-end lock (TrancheXactEnd), the
//     commit-log and subtransaction-map SLRU locks (TrancheCommitLog,
//     TrancheSubtrans); each is a leaf among them, taken one at a time, and
//     may be waited for under buffer content locks (a visibility check
//     reads the commit log while holding a page)
//  6. lock-manager partition locks (TrancheLockManager), several only in
//     ascending partition number
//     Then the predicate lock manager's locks (package predicate, its own
//     order in its doc): a read checks for rw-conflicts while it holds a
//     page, and nothing else is waited for under them
//  7. the WAL buffer mapping lock (TrancheWALBufMapping), taken by an
//     inserter that holds its WAL insertion lock to give a buffer page to a
//     new WAL page; nothing is waited for under it
//  8. the WAL write lock (TrancheWALWrite), held across WAL writes and
//     syncs; nothing is waited for under it (a flusher waits for inserters
//     to finish copying before it takes the lock, never while holding it)
//  9. buffer mapping partition locks (TrancheBufferMapping), leaves among
//     LWLocks: one at a time (several only shared, ascending, in
//     invariant checks), and while holding one a process waits for
//     nothing but spinlocks, so one can be waited for under anything
//
// The NOTIFY queue lock (package notify, tranche left unnamed) is outside
// this list: it is taken while holding no other LWLock, and nothing is
// waited for while it is held.
//
// LWLocks may be held across a system call (a page read, a WAL write) but
// never across waiting for a client, and every error path releases them.
//
// Heavyweight locks (relation, tuple and transaction-id locks, and row
// locks, which wait on the holder's transaction) are never waited for while
// holding an LWLock or a spinlock. Their deadlocks are found by the deadlock
// detector; LWLock and spinlock deadlocks cannot happen as long as this
// order is kept.
package sem
