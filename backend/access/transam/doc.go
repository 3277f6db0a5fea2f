// Package transam is the transaction manager core: 64-bit transaction ids
// (never reused, no wraparound), the commit log (pg_xact), the parent map of
// subtransactions (pg_subtrans), the per-slot running-transaction array,
// MVCC snapshots, and the visibility rules the heap asks for (heap.Snapshot,
// heap.Txn, heap.Horizon). It owns the shared region RegionName ("xact") and
// the directories pg_xact/, pg_subtrans/ and the file global/pg_xid_limit
// of the data directory. It imports heap (for the interfaces and result
// types), tuple (header fields and flags), sem, shm and pgerr; it never
// touches pages: callers pass copies of tuple headers and write back the
// hint bits these functions set.
//
// # Transaction ids
//
// Xid 0 is invalid, 1 (BootstrapXid) and 2 (FrozenXid) always count as
// committed, and FirstNormalXid (3) is the first handed out. xids come from
// one atomic counter (nextXid) advanced by compare-and-swap; nothing locks
// it on the hot path. A durable high-water mark, global/pg_xid_limit,
// is reserved XidChunk xids at a time: before an xid at or past the
// reserved limit is handed out, the new limit is written to a temporary
// file, fsynced, renamed over the old one and the directory fsynced, under
// the xid-generation LWLock. After any restart, crash or not, the counter
// starts at the recorded limit, so no xid is ever handed out twice. The
// xids between the last one used and the limit are simply never used; the
// commit log says "in progress" for them and, as nobody runs them, they
// count as aborted.
//
// # The running-transaction array
//
// One entry per shm proc slot, in dense arrays so that a snapshot reads
// few cache lines:
//
//	xids[i]    top-level xid running in slot i, 0 if none     atomic; written only by slot i's owner
//	xmins[i]   xmin published by slot i's transaction, 0 if none   atomic; owner only
//	nsub[i]    number of cached subxids | subOverflow         atomic; owner only
//	procs[i]   subxids[64] (cached subtransaction xids), endSeq (futex word
//	           bumped when the slot's transaction or a subtransaction ends),
//	           sleepers (processes waiting on endSeq)          atomic; see fields
//
// Assignment (assign.go). A process publishes the xid it is about to take
// in its own entry with the tentative bit (bit 63) set, then tries
// CAS(nextXid, x, x+1); on success it stores x without the bit, on failure
// it publishes the new candidate and tries again. A subtransaction does the
// same in its cache entry (after raising nsub to cover it), or, when the
// 64 entries are used, sets the sticky overflow bit before the CAS; in both
// cases its parent link in pg_subtrans is written right after the CAS,
// before the xid can be stored in any tuple.
//
// Ending (xact.go). Commit sets the commit log first (subxids
// sub-committed, then the top committed, then the subxids committed), then
// adds 1 to the region's completion count, clears xids[i], then nsub[i],
// adds 1 to the count again, clears xmins[i], then bumps endSeq and wakes
// its sleepers (if any announced themselves). Abort sets "aborted" the
// same way. A rolled-back subtransaction marks its xids aborted, then
// truncates nsub
// (its xids are always the tail of the cache: enclosing levels get their
// xids before it gets its own, lazily or not, and its children after).
//
// # Why a snapshot needs no lock
//
// Snapshot (snapshot.go) reads the completion count c, then xmax =
// nextXid, then, for every other slot, nsub and the cached subxids, and
// then xids[i]; then it reads the count again and scans again if it moved
// (below).
//
// Per xid. Every xid x < xmax that has not ended by the time its slot is
// read is in the snapshot (directly, or through the overflow bit and
// pg_subtrans), and every xid x < xmax that is not in it had its final
// outcome in the commit log before the snapshot looked (or never will
// have one: its process died with the previous server life, and it counts
// as aborted). Argument: x < xmax means the CAS that handed out x happened
// before xmax was read, and x was published in its owner's entry before
// that CAS and stays there until the owner has set the commit log and
// cleared the entry; the load of the entry comes after the load of nextXid
// (all these are sequentially consistent atomics). A tentative entry
// y < xmax is a candidate whose CAS has already been decided: either the
// slot won it (then y runs, and the commit log says "in progress") or
// another slot did (then y is in that slot too, or has ended and the
// commit log says so); so a tentative entry counts as running exactly when
// the commit log does not show y finished. Subxids are read before the top
// xid and kept only when greater than it: subxids of the slot's previous
// transaction are all smaller than the next top xid, and if the top read
// is the one that owned them, its subxids cannot have been dropped,
// because nsub is cleared only after xids[i]. A slot whose xid reads 0
// before its subxids are read is skipped: it had no transaction with an
// xid then, and any xid it gets later is past xmax.
//
// One instant. The slots are read one after the other, so without more a
// snapshot could see a transaction T ended (its slot read after it
// cleared it) and a transaction U that ended before T began to commit as
// running (its slot read earlier): the snapshot would not be a prefix of
// the commit order. Worse, T's subxids assigned after xmax was read would
// count as running while T counts as ended. So every ending transaction
// adds 1 to the completion count before it clears its entry and 1 after,
// and the scan is valid only if the count read before xmax equals the
// count read after the last slot: then no entry was cleared during the
// scan except by transactions whose first increment came before the scan
// (their commit log outcome, and all their xids, predate xmax; the snapshot
// sees them either way consistently, as they had not finished Commit when
// it began) and so the snapshot equals the array at the instant of the
// first read, for all transactions that finished ending before it and all
// that began ending after it. A scan that fails is redone; after 8 failures
// the taker raises the starving count and takes endLock exclusively, and
// ending transactions that see the starving count take endLock shared
// around their two increments, so only ends already under way can disturb
// the next scan and the taker makes progress.
//
// So a top xid and its committed subxids are always seen together, running
// or not, a transaction's rows appear atomically, and a snapshot that sees
// a commit sees every commit that returned before that one began.
//
// Reuse. A process keeps the last snapshot it computed and the completion
// count it was valid for. If the count has not moved when it next takes
// one, no transaction with an xid has begun or finished ending since that
// scan, so the old running set and xmax are still exact (new xids are all
// past the old xmax) and it is copied instead of scanning (PostgreSQL 15
// does the same with xactCompletionCount). The first increment also keeps
// the horizon argument below true for reused snapshots: a reused
// snapshot's running xids were all still in the array when the count was
// read.
//
// # Horizons without a lock
//
// O(t), the smallest xid running at time t (or nextXid if none), never
// decreases. A snapshot's xmin is at least O at the time it starts, and
// the minimum it computes over the slots (its own top xid included) is at
// most O at the time it ends. The region keeps floor, the largest such
// minimum any snapshot has computed, so floor <= O(now) always. A
// transaction without an xmin first publishes xmins[i] = floor, then takes
// its snapshot, then lowers nothing and raises xmins[i] to the snapshot's
// xmin (floor <= that xmin).
//
// Horizon (horizon.go) reads nextXid, then every slot's xid (tentative ones
// too) and xmin, then every xmin again, and returns the minimum. If the
// second pass reads a slot's xmin before the slot published it, the slot's
// snapshot read every other slot after the first pass did, so any xid that
// snapshot saw running below the horizon's nextXid was running when the
// first pass read it; otherwise the second pass sees floor or the final
// xmin. A reused snapshot scans nothing, but it reads the completion count
// after publishing, and a matching count means every xid it holds running
// was still in the array at that moment, so again after the first pass. Either way the horizon is at most every snapshot's xmin, current
// or future, and at most every running xid: a version whose deleter
// committed below it is invisible to everyone (PostgreSQL gets this from
// holding ProcArrayLock across GetSnapshotData and transaction end).
//
// # Commit log and subtransaction map (SLRU)
//
// Both are a fixed set of 8 KiB page buffers in the region with an LRU
// replacement, guarded by one LWLock each (slru.go): the lock is held
// shared to set entries of a resident page (entries are changed with
// atomic operations on 32- or 64-bit words, so setters of different
// entries of one page do not collide), exclusively to load a page, evict
// one (writing it out if dirty) and to flush. Reading an entry of a
// resident page takes no lock: the reader loads the buffer's page number,
// the entry, and the page number again; a load stores the page number 0
// before it changes the contents (with atomic stores) and the new number
// after, so a reader that sees the same number twice read that page.
//
// Commit log: two bits per xid, 32768 xids per page: byte b of page p
// holds xids p*32768 + 4b .. +3, the lowest bits first; 0 in progress,
// 1 committed, 2 aborted, 3 sub-committed. Page p lives in the file
// pg_xact/%016X (p / 32) at offset (p % 32) * 8192; a missing file or a
// short read is zeros. Pages are written when evicted (and fsynced, so
// that Flush need only write what is resident) and by Flush (checkpoint,
// shutdown). Without the WAL a crash loses commits not yet written; the
// heap's hint bits may then say more than the commit log.
//
// Subtransaction map: the top-level xid of every subxid (0 for top-level
// xids), little-endian uint64, 1024 xids per page, the same file scheme
// under pg_subtrans/. It is only needed while a transaction runs, so the
// directory is emptied when the region is loaded and never fsynced.
//
// Status (status.go): committed and aborted are read from the commit log;
// sub-committed resolves through the top-level xid; "in progress" is
// checked against the running array, and if the xid is not running the log
// is read again (an xid that ends sets the log before it leaves the array):
// still "in progress" then means its process crashed, so it is aborted.
//
// # Loading
//
// The region is zeroed by the postmaster and valid that way: its state word
// says "not loaded". The first process to attach loads it (CAS of the state
// word; the others sleep on it as a futex): next xid from the limit file, a
// new limit reserved, pg_subtrans emptied.
//
// # Locks and the lock order (sem/doc.go)
//
// Four LWLocks live in the region, all leaves among LWLocks: while holding
// one a process takes no other lock of any kind, and may make file system
// calls.
//
//   - the xid-generation lock: only to extend the reserved limit;
//   - the end lock: exclusive by a snapshot taker whose scans keep being
//     disturbed, shared by ending transactions while one starves; so
//     Commit, Abort and Snapshot must not be called with an LWLock held
//     (they never are: statements take snapshots and end transactions
//     between page accesses);
//   - the commit log SLRU lock and the subtransaction SLRU lock: taken while
//     the caller may hold buffer content locks (visibility checks), so they
//     come after tranche 1 (buffer content) in the order; never held
//     together.
//
// They come right after the proc array lock in sem's order (tranches
// XidGen, XactEnd, CommitLog, Subtrans). WaitXid sleeps on a futex with no lock held; it is a
// heavyweight wait and must never be called with an LWLock held.
//
// # Figures
//
// On the 2-core development machine (go test -run '^$' -bench . here;
// the machine is shared, and figures move by 2-3x with its load):
// a snapshot with 100 other slots each running a transaction costs
// 340-450 ns when scanned and about 20 ns when reused, with no allocation
// (SnapshotInto); Visible on a version without hint bits 50-60 ns (a
// lock-free commit log read), with hint bits under 10 ns; assigning an xid
// and committing about 0.7 us of CPU. For comparison, perf on PostgreSQL 15
// on the same machine, 100 sessions holding an xid and one running
// statements in a loop: about 65 ns per GetSnapshotData call when it
// reuses its snapshot (no transaction ended since) and roughly 330 ns when
// it scans (estimated from a loop that commits before every third call).
//
// # Use
//
//	transam.Bootstrap(dataDir)                  // initdb
//	shm.RegionSpec{Name: transam.RegionName, Size: transam.RegionSize(maxProcs)}
//	m, err := transam.Attach(seg, dataDir, slot) // each process, once; m.Close() at exit
//	x := m.Begin()
//	x.AssignXid()                    // before a write, where an error can be reported
//	s := x.SnapshotInto(old)         // per statement (READ COMMITTED) or once (REPEATABLE READ)
//	heap.Insert(x, ...); heap.Scan(s) or heap.Scan(s.Pruning())
//	x.CommandCounterIncrement()      // between statements; s.WithCid(x.Cid()) for REPEATABLE READ
//	x.BeginSub(); x.ReleaseSub(); x.RollbackSub()  // SAVEPOINT, RELEASE, ROLLBACK TO
//	x.Commit() or x.Abort()
//	m.WaitXid(res.Xmax, checkCancel) // after TMBeingModified, unless x.IsCurrent(res.Xmax)
//	x.SatisfiesDirty(&hdr)           // inside btree.IsLive
//	m.Err()                          // after a scan: a commit log read error it could not return
//	m.Flush()                        // checkpoint, shutdown
//
// # What a Manager is
//
// A Manager is one process's handle on the region (its proc slot, its open
// files, a small cache of final statuses); it is used by one goroutine at a
// time, and has at most one open transaction (Xact) at a time.
package transam
