// Package smgr is the storage manager: it owns the relation files under
// the data directory and moves 8 KiB blocks between them and the caller's
// buffers. The layout is PostgreSQL's (md.c), so a data directory can be
// inspected with PostgreSQL's tools:
//
//   - base/<db>/<rel> for the default tablespace (1663), global/<rel> for
//     the shared one (1664), pg_tblspc/<spc>/PG_15_202209061/<db>/<rel>
//     for others;
//   - one file per fork, the main fork unsuffixed, then _fsm, _vm, _init;
//   - each fork cut into 1 GiB segments (SegmentBlocks blocks): <rel>,
//     <rel>.1, <rel>.2, ...
//
// On disk a fork is zero or more full segments, then one partial segment
// (0 <= size < SegmentBlocks blocks), then possibly inactive segments of
// size zero left by Truncate. Inactive segments are truncated rather than
// removed, as PostgreSQL does, because other backends may hold descriptors
// of them in their caches: if the fork grows again, their writes must land
// in the live file, not in an unlinked one. Unlink removes them all.
//
// smgr knows nothing of page contents (package page does) nor of buffers
// (bufmgr calls smgr); it imports pgerr, loop/uring and x/sys/unix only.
// Data goes through an IO engine, chosen by io_method: UringIO batches
// requests on an io_uring (a ReadV of many blocks is one io_uring_enter,
// with all reads in flight at once), SyncIO makes one pread/pwrite system
// call per request. Opening, creating, truncating and removing files are
// plain system calls either way: they are rare, and the descriptors are
// cached.
//
// # Concurrency
//
// A Manager belongs to one process and is not safe for concurrent use:
// the backend's main goroutine drives it (and, in a process whose rings
// are single-issuer, stays locked to its OS thread). Different processes coordinate
// through the buffer manager's locks (one extender of a relation at a
// time, a cleanup lock before truncation), not here; a process that hears
// a relation was truncated or dropped elsewhere calls CloseRel so that its
// cached descriptors and size hints are dropped.
//
// # Errors
//
// Every error that can reach a client is a *pgerr.Error worded as
// PostgreSQL words it, naming the file relative to the data directory
// (could not read block 3 in file "base/5/16384": read only 100 of 8192
// bytes). Errors from a system call also match their errno with
// errors.Is. Nothing here panics on a bad file. A failed Sync must be
// treated as PostgreSQL does (PANIC, then crash recovery): after a failed
// fsync the kernel may have dropped the dirty pages, so retrying could
// report success for data that is gone.
package smgr
