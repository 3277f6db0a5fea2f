// Package heap is the heap access method: tables as unordered sets of
// tuple versions on slotted pages, with PostgreSQL's MVCC bookkeeping
// (xmin, xmax, ctid), HOT update chains, page pruning, TOAST, and a free
// space map. It owns the contents of heap pages and toast relations; the
// tuple format is package tuple's, the free space map package fsm's, the
// page layout package page's. It reads and writes pages only through the
// shared buffer pool (BufferPool, which *bufmgr.Pool satisfies) and never
// decides visibility itself: the transaction layer passes a Snapshot, a
// Txn or a Horizon (txn.go), and does any waiting.
//
// # Operations
//
//   - Insert (heap_insert): toast the row if needed, then put it on the
//     block this process inserted into last, else one the free space map
//     offers, else the relation's last block, else a new block
//     (bufferForTuple). A page takes a new row only while it keeps
//     (100 - fillfactor)% free, for updates to stay on the page.
//   - Fetch (heap_fetch) one version by TID; HotFetch
//     (heap_hot_search_buffer) the visible member of the HOT chain an index
//     entry's TID roots.
//   - Update (heap_update): the new version gets xmin, the old one xmax,
//     cmax and a ctid pointing at the new one. If the caller says no
//     indexed column changed and the new version fits on the same page, it
//     is a HOT update: the new version is heap-only (no index entry points
//     at it) and the old one HOT-updated, so index scans reach the new
//     version through the chain from the root.
//   - Delete (heap_delete): xmax and cmax, and the row's toasted values.
//   - LockTuple (heap_lock_tuple): a lock-only xmax with the lock strength
//     bits. There are no multixacts: one locker at a time.
//   - Scan (heapgettup_pagemode): a page at a time through a BulkRead
//     ring, visible versions copied out under the shared content lock.
//   - Prune (heap_page_prune), and pruning on the way in Scan and HotFetch
//     when the Snapshot is also a Horizon and the page looks worth it.
//   - Detoast: a value's payload, decompressed and fetched from the toast
//     relation.
//   - VACUUM (vacuum.go, lazy_vacuum without the visibility map):
//     VacuumScan prunes every block and collects the LP_DEAD line
//     pointers; once the caller has removed their index entries,
//     VacuumDead turns them unused (only those still LP_DEAD), truncates
//     each page's trailing unused line pointers and records its free
//     space; TruncateEmpty cuts trailing empty pages off the file.
//
// A modification that cannot proceed returns a Result (TM_Result and
// TM_FailureData): TMBeingModified with the xid to wait for, TMUpdated
// with the newer version's TID, TMDeleted, TMSelfModified. Errors are
// *pgerr.Error worded as PostgreSQL words them: 54000 "row is too big:
// size %d, maximum size %d", XX000 "attempted to update invisible tuple",
// XX001 "missing chunk number %d for toast value %d in %s" and the other
// toast corruption messages.
//
// # Pages
//
// A heap page is package page's layout with no special space; tuples are
// MAXALIGNed items. Line pointers: Normal (a version), Redirect (a HOT
// chain root whose first versions were pruned; it leads to the first
// surviving member), Dead (a pruned root that index entries may still
// name; VACUUM frees it once they are gone), Unused. A page holds at most
// MaxHeapTuplesPerPage (226) line pointers and one tuple of at most
// MaxHeapTupleSize (8160) bytes. pd_prune_xid is a flag here (the page has
// a deleted or updated version), PD_PAGE_FULL says an update found no
// room, PD_ALL_VISIBLE is cleared by every change (nothing sets it yet).
//
// Pruning (prune.go) walks each chain from its root: members up to the
// last dead one are removed (heap-only members' line pointers freed, the
// root made a redirect to the first survivor, or dead if none survives),
// dead heap-only versions that no chain reaches (the successors of aborted
// updates) are freed, and the page is compacted (page.Repair). Its new
// free space goes to the free space map.
//
// # TOAST
//
// A row over ToastTupleThreshold (2032 bytes, a quarter page) is toasted
// as PostgreSQL does (toast.go): its largest varlena values are compressed
// with DEFLATE (compress/flate, BestSpeed), and, if the row is still too
// large, moved out of line into the toast relation as chunks of
// ToastMaxChunkSize (1976) bytes, four to a page, replaced in the row by
// an external pointer (tuple.ToastPointer). Storage strategies 'p', 'e',
// 'm' and 'x' are honoured. Toast relations have no index: the pointer
// holds the first chunk's TID and each chunk the next one's (ToastDesc),
// so a value is read by following the chain, and its value id and
// sequence numbers are checked at every step. Chunks are written last
// first so each is complete when inserted. An update that carries an
// external value over unchanged keeps its chunks; values an update drops
// and the values of a deleted row are deleted with the same transaction,
// so snapshots that still see the old version can read them until they
// are pruned. A toast relation is opened with NoIndexes: pruning frees
// dead chunks' line pointers at once.
//
// # Concurrency
//
// A Heap is one process's handle (caches: the insert target block, the
// relation's length, scratch space); it is used by one goroutine, and
// every process opens its own over the same pages. The rules, which are
// PostgreSQL's:
//
//   - A page's bytes are read only under its content lock (shared) and
//     changed only under the exclusive lock; hint bits are the exception,
//     set under the shared lock with an atomic OR (tuple.SetHints) and
//     MarkDirtyHint. No pointer into a page survives its lock: Fetch,
//     HotFetch and Scan copy the tuples out, and no call returns to its
//     caller holding a lock or a pin.
//   - Pruning moves tuples within a page, so it takes a cleanup lock when
//     the pool offers one (the exclusive lock with no other pin) and the
//     exclusive lock otherwise, which suffices for the readers above.
//     Pruning on the way only tries (ConditionalLockForCleanup) and never
//     waits.
//   - Lock order (sem/doc.go, buffer content locks): two heap pages only
//     in ascending block order (an update's old and new pages; a new page
//     from ExtendRelation comes back locked, so the old page is then only
//     tried, or both are dropped and retaken in order); a heap page's lock
//     is never held while touching the free space map, the toast relation
//     or the relation extension lock, except block 0's, held shared by an
//     extension around ExtendRelation (extend) as the interlock with
//     truncation (the extension lock comes after content locks in sem's
//     order, and its holder only tries content locks); free space map
//     pages child before parent (package fsm).
//   - A version's TID never changes while it is live: pruning removes only
//     what the Horizon calls dead and never moves a line pointer, so a TID
//     obtained from a scan stays valid for the scanner's transaction. An
//     update that must let go of the old page (to toast, or to find another
//     page) first row-locks the old version with a lock-only xmax, as
//     PostgreSQL does, so no other writer can slip in meanwhile.
//   - Truncation (TruncateEmpty) has no relation lock to keep other
//     backends off the pages it cuts: it sets them aside as full first,
//     and cuts the file under block 0's exclusive lock, which every
//     extension takes shared (extend). A backend whose read of a block
//     fails finds the relation shorter and treats the block as gone
//     (readExisting, Scan).
//   - Storage must report a fork with no file yet as empty (as
//     PostgreSQL's callers do after smgrexists) or the relation's creator
//     must create the FSM fork too: the free space map creates its fork by
//     extending it.
//
// # Not here yet
//
// WAL records for any of this; the visibility map (PD_ALL_VISIBLE is
// never set, so VACUUM reads every page); freezing (64-bit xids need
// none); multixacts (several lockers,
// key-share locks that let a non-key update through); combo command ids;
// bulk insert (heap_multi_insert) and BulkWrite rings; fetching slices of
// a toasted value without reading all of it.
package heap
