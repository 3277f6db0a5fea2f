// Package fsm is the free space map of a heap relation: one byte per heap
// page, in the relation's FSM fork, saying roughly how much room the page
// has, so that an insert finds a page with room without reading the heap.
// It imports bufmgr (its pages are ordinary shared buffers) and page; it
// knows nothing of tuples.
//
// # Categories
//
// A page's free space is kept as a category, free bytes / 32, 0..254, and
// 255 for a page that could take the largest tuple (as PostgreSQL's
// freespace.c). Recording rounds down and searching rounds up, so a page
// the map offers has at least the room asked for, unless the map is stale:
// it is a hint, updated without WAL and after the heap page changed, and a
// caller must check the page itself and record the truth when the map was
// wrong (RecordAndSearch).
//
// # Layout: a fixed tree of flat pages
//
// PostgreSQL's FSM keeps a binary tree inside each FSM page. This one is
// simpler: every FSM page holds SlotsPerPage (4096) one-byte slots plus,
// for each group of 64 slots, the largest value in the group (64 bytes).
// Leaf pages hold the categories of heap pages; the slots of an upper page
// hold the largest category of each child page. Three levels address
// 4096³ = 2³⁶ heap pages, more than a relation can have (2³² - 1), so the
// tree always has exactly three levels and its pages sit at fixed block
// numbers in the fork, depth first:
//
//	block 0                     the root; slot i covers middle page i
//	block 1 + i*4097            middle page i; slot j covers leaf i*4096 + j
//	block 1 + i*4097 + 1 + j    leaf i*4096 + j; slot k is heap block (i*4096 + j)*4096 + k
//
// A relation of N heap pages has an FSM fork of about 3 + N/4096 pages.
// A search reads one page per level and, within a page, at most 64 group
// maxima and two groups of 64 slots: about 600 bytes of a few cache lines
// per level, whatever the size of the relation. Each FSM page is an
// ordinary page (header and checksum; the map lives in its special
// space), so page.Check and page verification apply to it.
//
// # Concurrency
//
// FSM pages are read under a shared content lock and changed under an
// exclusive one. A change that alters a page's largest value is carried
// to its parent while the child is still locked, so a parent never goes
// on saying less than its child holds because of a race; locks are
// therefore taken child before parent (leaf, middle, root), never the other
// way, and a search holds one lock at a time. A search that finds a child
// with less than its parent promised (a crash or an unlogged change lost
// the update) corrects the parent, holding the child's lock, and starts
// over; it gives up (and the caller extends the relation) after a few
// restarts, so it always terminates.
//
// Callers must not hold a heap page's content lock while calling into the
// map: the heap's lock order puts heap pages before FSM pages, and the map
// may extend its fork, which takes the relation extension lock.
//
// A Map belongs to one process (it caches the fork's length and a search
// hint) and is used by one goroutine at a time; every process sharing the
// relation has its own Map over the same pages.
package fsm
