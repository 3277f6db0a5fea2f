// Package page owns the layout of one 8 KiB database page, bit-compatible
// with PostgreSQL 15 on x86-64: the 24-byte page header, the array of line
// pointers (ItemIdData) that grows up from the header, the items that grow
// down from the special space, the special space itself at the end, and the
// page checksum.
//
//	+----------------+---------------------------------+
//	| header (24 B)  | linp1 linp2 linp3 ...           |
//	+-----------+----+---------------------------------+
//	| ... linpN |         free space                   |
//	+-----------+--------------------------------------+
//	|                 ^ pd_upper        ... item3 item2 |
//	+----------------------------+---------------------+
//	|     item1                  |   special space     |
//	+----------------------------+---------------------+
//	                             ^ pd_special          ^ Size
//
// Invariants of a well-formed page (Check tests them):
// HeaderSize <= pd_lower <= pd_upper <= pd_special <= Size, pd_special is
// MAXALIGNed, pd_lower - HeaderSize is a multiple of ItemIDSize, every item
// with storage lies MAXALIGNed inside [pd_upper, pd_special) and no two
// items overlap. An all-zero page ("new", pd_upper == 0) is also valid: it
// is what a relation extension leaves before the page is initialised.
//
// A Page is a plain byte slice of exactly Size bytes, typically a buffer in
// the shared buffer pool; the package keeps no state (but a sync.Pool of
// AppendDelta's scratch indexes) and imports only pgerr. Its methods allocate nothing but the errors they return, and
// Checksum never writes to the page, so it may be computed on a page that
// others read. The read-only methods
// that take a page from disk (Verify, VerifyHeader, Check, Item, ItemID)
// never panic, whatever the bytes.
//
// Where this differs from PostgreSQL's bufpage.c, on purpose: SetUnused
// also sets the FlagHasFreeLines hint (PostgreSQL leaves that to the
// PageRepairFragmentation that follows), so a freed pointer is found by
// the next AddItem whatever the caller does next; AddItem zeroes an item's
// alignment padding, and compaction zeroes the free space, so page images
// are deterministic.
//
// Page deltas (delta.go, deltamatch.go) are the body of the WAL's page
// records: AppendDelta encodes how a page changed as literal bytes, runs
// of one value, and copies of ranges of the page as it was before (items
// that pruning moved, line pointers an index insert shifted, the old
// version of an updated row), and ApplyDelta replays that on the page
// before, rejecting malformed input with XX001.
//
// # Concurrency
//
// None here: the caller holds whatever lock its access method requires
// (for the buffer pool: a pin and the content lock, shared to read,
// exclusive to modify; compaction of a heap page, Repair, additionally
// needs a cleanup lock because it moves items that pinned readers may be
// looking at).
//
// # Errors
//
// Methods that can fail on a well-formed page (no room, bad offset) return
// errors. The mutators without an error result (DeleteItem, DeleteItems,
// Repair) can only fail when the page is corrupted or the caller passed an
// offset that does not exist; like PostgreSQL's elog(ERROR) from the same
// routines they then abort the operation by panicking with a *pgerr.Error
// (XX001 data_corrupted, or XX000 for a bad argument) before they modify
// anything. The statement's error boundary recovers it into an ERROR.
package page
