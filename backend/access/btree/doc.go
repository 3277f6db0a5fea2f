// Package btree is the B-tree index access method: a Lehman and Yao
// B-link tree on 8 KiB pages of the shared buffer pool, shaped after
// PostgreSQL's nbtree (src/backend/access/nbtree/README) so that readers
// never block on splits. Keys are opaque byte strings compared with
// bytes.Compare (package keyenc makes them from typed values); the tree
// knows no types. It calls the buffer pool through the Buffers interface
// (which *bufmgr.Pool satisfies) and, for unique checks, the transaction
// layer through the IsLive callback; it keeps no state of its own in
// shared memory.
//
// # Order
//
// Entries are ordered by (key, heap TID): every entry is unique even when
// keys repeat (PostgreSQL 12's "heapkeyspace"), which is what Lehman and
// Yao's algorithm assumes, and which routes an insertion among equal keys
// to one page.
//
// # Layout
//
// Block 0 is the metapage (meta.go): magic, version, root block and
// level. Every other page is a tree page: page.Page's header and line
// pointers, items growing down, and a 16-byte special space
// (opaque.go: left-link, right-link, level, flags) as PostgreSQL's
// BTPageOpaqueData. Flags: leaf, root, meta, has-garbage (some items are
// LP_DEAD), incomplete-split; deleted and half-dead are reserved.
//
//	+--------+--------------------------------------------------------+
//	| header | lp1 (high key) lp2 lp3 ...                ->            |
//	+--------+--------------------------------------------------------+
//	|                  free space                                     |
//	+-----------------------------------------------------------------+
//	|        <- ... item3  item2  high key | prev next level flags 0  |
//	+-----------------------------------------------------------------+
//
// On every page but the rightmost of its level, item 1 is the high key:
// an upper bound (exclusive) for the page's entries and the lowest key its
// right sibling may hold. Data items follow. Items are (tuple.go) an
// 8-byte header, then the key:
//
//	0 uint32  heap block (leaf), child block (internal), 0 (high key)
//	4 uint16  heap offset (leaf), 0 otherwise
//	6 uint16  flags: pivot (high keys and internal items), has-TID
//	8 key     (for a pivot with has-TID, then a 6-byte heap TID)
//
// A pivot carries a heap TID only when the split it comes from fell
// between two equal keys; otherwise it stands for (key, minus infinity)
// (suffix truncation at TID granularity). The first data item of an
// internal page is the minus-infinity downlink: no key at all. Internal
// item i points to the subtree holding entries in [key i, key i+1), and
// that child's high key equals key i+1 (or the parent's high key).
//
// # Concurrency rules
//
// Every page is read under its buffer's shared content lock and changed
// under its exclusive lock, with a pin held throughout. Beyond that:
//
//   - Readers hold one lock at a time. A descent reads a downlink,
//     releases the parent, then locks the child; if the child has split
//     meanwhile, the key it wants is beyond the child's high key and it
//     moves right (Lehman and Yao). A forward scan follows the right-link
//     the page had when it was read (entries a later split moved were
//     copied already); a backward scan checks that the left page still
//     links back and walks right from it if it was split since. So no
//     reader ever waits for a split to finish, and none holds a lock while
//     its caller runs: a scan copies a page's matching entries under the
//     lock and hands them out afterwards.
//   - A split builds the new right page, rewrites the left one with its new
//     high key and right-link and repoints the right sibling's left-link
//     while holding all three locks, then, still holding the left page,
//     inserts the downlink into the parent (making a new root when the
//     root split). Until the parent has it, the left page is flagged
//     incomplete-split; an insertion that meets such a page (while moving
//     right, or looking for a parent) finishes the split before going on,
//     as PostgreSQL does, so a split interrupted by an error is completed
//     by the next inserter and no page is ever split without a downlink.
//   - Lock order (the rule sem/doc.go defers to): a process that holds
//     tree pages waits only for a page to the right of one it holds on the
//     same level, for a page on a higher level, or for the metapage, which
//     comes last. Descents hold nothing while they wait. Pages never move
//     left of one another (new pages are linked in to the right of the page
//     they split from, none is ever deleted), so the order is a fixed
//     total order and no deadlock is possible. Heap pages, which IsLive
//     may lock, come after all of these; the relation extension lock that
//     ExtendRelation takes comes after content locks (bufmgr's rule).
//   - Unique insertions of equal keys serialise on the exclusive lock of
//     the first leaf page the key can be on, held from the check until the
//     entry is in (see InsertUnique).
//   - VACUUM's BulkDelete takes a cleanup lock (no other pin) on each leaf;
//     a scan keeps its current page pinned (unless NoPin), so entries it
//     may still return are not removed under it.
//   - An Index handle is per process (or per goroutine with its own pool
//     view) and used by one goroutine at a time; it caches the root, and
//     trusts the cache only while that page is still alone on its level.
//
// # Not built
//
// Page deletion (empty pages stay in the tree, reused only by insertions
// into their key range), deduplication, bottom-up deletion, the fast
// root, WAL logging (the page changes are grouped as PostgreSQL's WAL
// records are: one insertion, one split, one new root, one deletion of
// items).
package btree
