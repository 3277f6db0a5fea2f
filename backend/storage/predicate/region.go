package predicate

import (
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
)

// RegionName is the name of the predicate lock table's region in the
// shared segment. Ask for it with
// shm.RegionSpec{Name: RegionName, Size: RegionSize(maxProcs, perXact)}.
const RegionName = "predlocks"

// Sizing.
const (
	// NumPartitions is the number of partitions of the SIREAD lock table,
	// each with its own LWLock.
	NumPartitions = 16
	// DefaultLocksPerXact is max_pred_locks_per_transaction's default.
	DefaultLocksPerXact = 64
	// XactsPerProc is how many serializable transaction records the
	// region has per proc slot: a committed one is kept while any
	// transaction that overlapped it is still running.
	XactsPerProc = 10
	// ConflictsPerXact is how many rw-conflict records there are per
	// transaction record.
	ConflictsPerXact = 5
	// minLocks is the least number of SIREAD lock records in a table.
	minLocks = 1024
)

// Transaction record flags (sxact.flags).
const (
	fInUse       = 1 << iota // the record belongs to a transaction
	fCommitted               // committed; commitSeqNo is set
	fPrepared                // passed its pre-commit check; prepareSeqNo is set
	fRolledBack              // rolled back and being released
	fDoomed                  // must fail at its next check: a dangerous structure runs through it
	fReadOnly                // declared READ ONLY, or committed without writing
	fConflictOut             // committed with a conflict out to a transaction that committed first
	fFinished                // its owner has ended it (on the finished list, or released)
)

// Levels of a target tag, finest last.
const (
	LevelRelation = 1
	LevelPage     = 2
	LevelTuple    = 3
)

// Tag names what a SIREAD lock covers: a relation (by database and
// relfilenode), one of its pages, or one tuple.
type Tag struct {
	DB, Rel uint32
	Block   uint32 // LevelPage, LevelTuple
	Offset  uint16 // LevelTuple
	Level   uint8
	_       uint8
}

// RelationTag, PageTag and TupleTag build tags.
func RelationTag(db, rel uint32) Tag { return Tag{DB: db, Rel: rel, Level: LevelRelation} }

// PageTag is the tag of one page of a relation.
func PageTag(db, rel, blk uint32) Tag { return Tag{DB: db, Rel: rel, Block: blk, Level: LevelPage} }

// TupleTag is the tag of one tuple of a relation.
func TupleTag(db, rel, blk uint32, off uint16) Tag {
	return Tag{DB: db, Rel: rel, Block: blk, Offset: off, Level: LevelTuple}
}

// parent returns the next coarser tag, false for a relation.
func (t Tag) parent() (Tag, bool) {
	switch t.Level {
	case LevelTuple:
		return PageTag(t.DB, t.Rel, t.Block), true
	case LevelPage:
		return RelationTag(t.DB, t.Rel), true
	}
	return Tag{}, false
}

// covers reports whether t is a strict ancestor of c.
func (t Tag) covers(c Tag) bool {
	if t.DB != c.DB || t.Rel != c.Rel || c.Level <= t.Level {
		return false
	}
	return t.Level == LevelRelation || t.Block == c.Block
}

func (t Tag) hash() uint32 {
	h := uint32(2166136261)
	for _, w := range [...]uint32{t.DB, t.Rel, t.Block, uint32(t.Offset)<<8 | uint32(t.Level)} {
		h ^= w
		h *= 16777619
		h ^= h >> 15
	}
	return h
}

// regionHeader starts the region. Zeroed memory is an empty table.
// Lock order inside the package (after the transaction manager's locks in
// sem's order, see doc.go): finLock, then listLock, then partition locks
// in ascending order, then xactLock.
type regionHeader struct {
	xactLock sem.LWLock                // guards transaction records, the xid hash, conflict records and the counters below marked so
	listLock sem.LWLock                // guards the per-transaction lists of lock records (see doc.go)
	finLock  sem.LWLock                // guards the finished list and serialises releases of finished records
	parts    [NumPartitions]sem.LWLock // guard the lock hash chains of their buckets

	alloc    sem.SpinLock // guards lockFree, lockUsed and the free-list links of free lock records
	lockFree uint32       // first free lock record, index + 1; guarded by alloc
	lockUsed uint32       // lock records ever handed out; guarded by alloc
	_        [52]byte

	// locks counts lock records in use; a writer that sees 0 has nobody's
	// SIREAD lock to check.
	locks atomic.Int32 // atomic; changed under alloc
	// active counts registered transactions whose owner has not ended
	// them: 0 means nothing in the table can matter to a new reader.
	active atomic.Int32 // atomic; changed under xactLock

	xactFree        uint32 // first free transaction record, index + 1; guarded by xactLock
	xactUsed        uint32 // guarded by xactLock
	confFree        uint32 // guarded by xactLock
	confUsed        uint32 // guarded by xactLock
	globalXmin      uint64 // oldest snapshot xmin of active serializable transactions, 0 = none; guarded by xactLock
	globalXminCount int32  // active transactions with that xmin; guarded by xactLock
	writable        int32  // active transactions not declared READ ONLY; guarded by xactLock
	lastCommitSeq   uint64 // last commit or prepare sequence number handed out; guarded by xactLock
	finHead         uint32 // oldest finished committed transaction, index + 1; guarded by finLock
	finTail         uint32 // guarded by finLock
	// summary is the record that stands for old committed transactions
	// merged to make room (summary.go), index + 1, 0 = none; when set it
	// is the head of the finished list. It holds the writes of every xid
	// in [sumMinXid, sumMaxXid] that is not in the xid hash.
	summary   uint32 // guarded by xactLock (and finLock to change)
	sumMinXid uint64 // guarded by xactLock
	sumMaxXid uint64 // guarded by xactLock
}

// sxact is one serializable transaction (PostgreSQL's SERIALIZABLEXACT).
// Guarded by xactLock, except flags (written under xactLock, read
// atomically anywhere) and lockHead (see doc.go: listLock).
type sxact struct {
	flags          atomic.Uint32 // f* bits; written under xactLock
	slot           int32         // owner's proc slot while running, -1 after; guarded by xactLock
	pid            int32         // owner's pid, for pg_locks; guarded by xactLock
	freeNext       uint32        // free list, index + 1; guarded by xactLock
	topXid         uint64        // 0 until the transaction writes; guarded by xactLock
	xmin           uint64        // its snapshot's xmin; guarded by xactLock
	finishedBefore uint64        // next xid when it ended; guarded by xactLock
	lastCommitSeq  uint64        // lastCommitSeq when it took its snapshot; guarded by xactLock
	prepareSeq     uint64        // set by its pre-commit check; guarded by xactLock
	commitSeq      uint64        // set when it committed; guarded by xactLock
	earliestOut    uint64        // committed: prepareSeq of the earliest transaction it has a conflict out to; guarded by xactLock
	xidNext        uint32        // xid hash chain, index + 1; guarded by xactLock
	finNext        uint32        // finished list, index + 1; guarded by finLock
	outHead        uint32        // conflicts in which it is the reader, index + 1; guarded by xactLock
	inHead         uint32        // conflicts in which it is the writer, index + 1; guarded by xactLock
	lockHead       uint32        // its lock records, index + 1; guarded by listLock (see doc.go)
	_              [4]byte
}

// conflict is one rw-antidependency: out read something in then wrote
// (PostgreSQL's RWConflictData). Guarded by xactLock.
type conflict struct {
	out, in          uint32 // reader and writer, transaction index + 1
	outNext, outPrev uint32 // in out's list of conflicts out
	inNext, inPrev   uint32 // in in's list of conflicts in
}

// lockRec is one transaction's SIREAD lock on one target. The tag, hash
// and hash chain are guarded by the tag's partition lock; xNext and xPrev
// by listLock (see doc.go); a free record by alloc.
type lockRec struct {
	tag      Tag
	hash     uint32
	sx       uint32 // holder, transaction index + 1
	hashNext uint32 // bucket chain, or free list, index + 1
	xNext    uint32 // holder's list, index + 1
	xPrev    uint32
	_        [4]byte
}

// regionLayout is the byte offset of each part of the region.
type regionLayout struct {
	xacts, confs, locks, buckets, xidBuckets, size uintptr
	nXacts, nConfs, nLocks, nBuckets, nXidBuckets  int
}

func alignUp(n, a uintptr) uintptr { return (n + a - 1) &^ (a - 1) }

func pow2AtLeast(n, min int) int {
	for min < n {
		min *= 2
	}
	return min
}

func layoutFor(maxProcs, perXact int) regionLayout {
	var l regionLayout
	if perXact <= 0 {
		perXact = DefaultLocksPerXact
	}
	l.nXacts = maxProcs * XactsPerProc
	l.nConfs = l.nXacts * ConflictsPerXact
	l.nLocks = max(maxProcs*perXact, minLocks)
	l.nBuckets = pow2AtLeast(l.nLocks, NumPartitions)
	l.nXidBuckets = pow2AtLeast(l.nXacts, 64)
	off := alignUp(unsafe.Sizeof(regionHeader{}), 64)
	l.xacts = off
	off = alignUp(off+uintptr(l.nXacts)*unsafe.Sizeof(sxact{}), 64)
	l.confs = off
	off = alignUp(off+uintptr(l.nConfs)*unsafe.Sizeof(conflict{}), 64)
	l.locks = off
	off = alignUp(off+uintptr(l.nLocks)*unsafe.Sizeof(lockRec{}), 64)
	l.buckets = off
	off = alignUp(off+uintptr(l.nBuckets)*4, 64)
	l.xidBuckets = off
	off = alignUp(off+uintptr(l.nXidBuckets)*4, 64)
	l.size = off
	return l
}

// RegionSize returns the bytes the region needs for maxProcs proc slots
// and max_pred_locks_per_transaction perXact.
func RegionSize(maxProcs, perXact int) uintptr { return layoutFor(maxProcs, perXact).size }

func sliceAt[T any](region []byte, off uintptr, n int) []T {
	return unsafe.Slice((*T)(unsafe.Pointer(&region[off])), n)
}
