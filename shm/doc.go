// Package shm owns the shared memory segment: its creation (a memfd, on huge
// pages when asked), its layout, and the typed views through which every
// process reaches what lives in it.
//
// The postmaster creates the segment once per server life (and again after a
// crash-restart) and hands its memfd to every child as an inherited
// descriptor; children map it with Attach. The segment starts with a Header
// (magic, layout version, size, region offsets) written once by the creator
// and read-only afterwards; everything after it is a fixed-size region of
// fixed-size records. No Go pointer, string or slice is ever stored inside
// the segment: records hold integers and byte arrays, and are reached by
// offset through unsafe views that the garbage collector never scans.
//
// Concurrency: every field in a shared record states beside it how it is
// guarded. Cross-process synchronisation uses sync/atomic on the words
// (sequentially consistent, valid across processes on a shared mapping) and
// the primitives of package sem, whose lock order applies here.
//
// shm imports only sem.
package shm
