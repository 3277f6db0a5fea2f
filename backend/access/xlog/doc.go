// Package xlog is the server's use of the write-ahead log that package wal
// keeps: what is logged, how it is replayed after a crash, and how a
// checkpoint bounds the replay. It binds wal to the buffer pool (bufmgr),
// the relation files (smgr, through storage) and the transaction manager
// (transam); it owns no shared memory but a small request region for the
// CHECKPOINT command (RegionName).
//
// # What is logged
//
//   - Page changes, as byte deltas (PostgreSQL's generic WAL, rmgr 20).
//     The buffer pool calls LogChanges before it releases an exclusive
//     content lock on a changed page, with every page the process holds
//     exclusively that changed since the lock was taken; one record carries
//     them all, so a B-tree split or a two-page heap update is never half
//     logged. Each block's data is a flag byte (bit 0: redo starts from a
//     zeroed page) and a page.AppendDelta encoding. Insert adds a full-page
//     image instead when the page's first change since the last
//     checkpoint's redo point is logged (torn pages). Every access method
//     is covered this way, with no redo code of its own: heap, B-tree,
//     sequences, the catalog (which is heap), free space map pages.
//   - Commits (rmgr 1): the top-level xid in the record header, the
//     committed subtransaction xids and what the commit removes (relation
//     files, database directories) in the main data. Transam calls
//     InsertCommit before the commit log says committed and, with
//     synchronous_commit on, FlushCommit after it has woken its waiters
//     and before it leaves the running array (early lock release, in
//     transam's wal.go; the flush is package wal's group commit). Aborts
//     are not logged: an xid that is neither running nor committed after
//     a restart is aborted.
//   - Full-page images for hint bits (LogHint): the first hint-bit change
//     of a page since the last checkpoint logs the page, so that a torn
//     write of it is repaired (checksums are always on).
//   - Checkpoints (rmgr 0): the redo point, the next xid and OID.
//
// # Recovery
//
// Recover runs in the startup process before any backend exists. It reads
// the control file, replays from its redo point to the end of the valid
// WAL (a torn or garbage tail ends it), starts the WAL there, and takes an
// end-of-recovery checkpoint. Page records apply only to pages whose LSN
// is below the record's end; blocks past a file's end extend it; files
// that are missing are created. A commit record lists the relation files
// and database directories its commit removed, and its redo removes them
// again, after the redo of earlier records may have brought them back.
//
// # Checkpoints
//
// Checkpoint moves the redo point to the insert position, writes every
// dirty buffer (each write first flushes the WAL up to the page's LSN:
// the WAL rule lives in bufmgr's FlushWAL hook), flushes the WAL and then
// the commit log, fsyncs the data files, logs the checkpoint record,
// flushes it, rewrites the control file and recycles old segments. The
// checkpointer process runs it on checkpoint_timeout, when
// max_wal_size/2 of WAL has been written since the last one, and on
// request (CHECKPOINT); the postmaster runs the shutdown checkpoint.
//
// # Concurrency
//
// A Log belongs to one process and one goroutine, as the wal handle and
// the io_uring under it do. LogChanges is called with buffer content
// locks held (wal.Insert allows that); it never waits for another
// content lock. Commit flushes may wait for the WAL writer lock only.
package xlog
