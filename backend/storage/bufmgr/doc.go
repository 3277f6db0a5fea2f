// Package bufmgr owns the shared buffer pool: BlockSize pages of relation
// data cached in one region of the shared segment, used by every backend
// process at once. It maps (relation fork, block) tags to buffers,
// reads and writes pages through a Storage (the relation file manager),
// keeps pages pinned while processes use them, guards their contents with
// one reader/writer lock per buffer, and chooses pages to evict by clock
// sweep, with small rings for bulk scans and writes.
//
// The region holds only fixed-size records, offsets and atomics, and a
// zeroed region is a valid empty pool: the postmaster creates it without
// knowing what it holds, and no process ever initialises it. Each process
// has its own Pool view (Attach), with its private pin counts and held
// locks; a Pool is used by one goroutine at a time.
//
// It calls Storage and the Hooks (page verification and checksums, the WAL
// rule, logging page changes) and imports sem (locks, futexes), pgerr and
// page (PagesEqual); it does not import the WAL, the file manager or any
// access method.
//
// Concurrency: which lock guards what, the lock order it follows (that of
// sem/doc.go) and what a caller may assume without a lock are written in
// one place, README.md beside this file. In short: pin before touching a
// buffer; hold its content lock shared to read the page and exclusive to
// change it (then MarkDirty); pins and hits take no exclusive lock and make
// no system call; every wait (for a lock, another process's I/O, other
// pins) sleeps on a futex. With Hooks.LogChanges, a page changed under an
// exclusive lock is logged (with the other pages this process holds
// exclusively and changed) before that lock is released, so no other
// process ever sees or writes an unlogged change.
package bufmgr
