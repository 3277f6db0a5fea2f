package pgstat

import (
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
)

// RegionName is the statistics region's name in the shared segment. Ask
// for it with shm.RegionSpec{Name: RegionName, Size: RegionSize(n)}.
const RegionName = "pgstat"

// MinEntries is the least number of relations the table keeps.
const MinEntries = 4096

// EntriesFor is how many relations the table of a server with maxProcs
// proc slots keeps: a few thousand, more on a server with many backends.
func EntriesFor(maxProcs int) int { return max(MinEntries, 16*maxProcs) }

// Counter names one counter of an entry.
type Counter int

// The counters of an entry. For a table: NumScans is seq_scan,
// TuplesReturned seq_tup_read, TuplesFetched the heap fetches not made
// through an index; for an index: NumScans is idx_scan, TuplesReturned
// idx_tup_read, TuplesFetched idx_tup_fetch. Times are timestamptz
// values (microseconds since 2000-01-01 UTC), 0 for never.
const (
	NumScans Counter = iota
	TuplesReturned
	TuplesFetched
	TuplesInserted
	TuplesUpdated
	TuplesDeleted
	TuplesHotUpdated
	LiveTuples
	DeadTuples
	ModSinceAnalyze
	InsSinceVacuum
	LastVacuum
	LastAutovacuum
	LastAnalyze
	LastAutoanalyze
	VacuumCount
	AutovacuumCount
	AnalyzeCount
	AutoanalyzeCount
	numCounters
)

// Key names a relation: its database (0 for shared catalogs) and oid.
type Key struct{ DB, Rel uint32 }

func (k Key) word() uint64 { return uint64(k.DB)<<32 | uint64(k.Rel) }

const (
	emptyKey     = 0          // a slot never used since the last empty run
	tombstoneKey = ^uint64(0) // a forgotten slot inside a probe run
)

// regionHeader starts the region; zeroed is an empty table.
type regionHeader struct {
	lock    sem.SpinLock  // guards every slot's key changes and used
	used    uint32        // live entries; guarded by lock
	dropped atomic.Uint64 // publishes lost because the table was full; atomic
	// Buffer pool work of backends, cluster-wide (pg_stat_bgwriter).
	bufWritten atomic.Uint64 // dirty pages backends wrote themselves; atomic
	bufAlloc   atomic.Uint64 // buffers backends allocated (reads and extensions); atomic
	_          [24]byte
}

// slotCounters is how many counters an entry holds: a relation's
// (numCounters) or a database's (numDBCounters).
const slotCounters = 23

// entry is one relation's statistics, or one database's (a Key with
// relation 0: no relation has oid 0).
type entry struct {
	key atomic.Uint64              // Key.word(), emptyKey or tombstoneKey; written under regionHeader.lock, read atomically
	c   [slotCounters]atomic.Int64 // atomic
}

// Compile-time checks: the header fits its space, both kinds of rows fit
// an entry, and an entry is three cache lines.
var (
	_ [headerSize - unsafe.Sizeof(regionHeader{})]byte
	_ [slotCounters - numCounters]byte
	_ [slotCounters - numDBCounters]byte
	_ [unsafe.Sizeof(entry{}) - 192]byte
	_ [192 - unsafe.Sizeof(entry{})]byte
)

// The region is the header, then the entry of the shared objects'
// database (whose key, (0, 0), would read as an empty slot), then the
// hash table's slots.
const (
	headerSize = 64
	slotsOff   = headerSize + 192
)

// RegionSize returns the bytes a table for maxEntries relations needs.
func RegionSize(maxEntries int) uintptr {
	return slotsOff + uintptr(slotsFor(maxEntries))*unsafe.Sizeof(entry{})
}

// slotsFor is the power of two that keeps maxEntries at most three
// quarters full.
func slotsFor(maxEntries int) int {
	n := 16
	for n*3/4 < maxEntries {
		n *= 2
	}
	return n
}

// Table is one process's view of the statistics region.
type Table struct {
	hdr    *regionHeader
	shared *entry // the database entry of shared objects (database 0)
	slots  []entry
	mask   uint64
	limit  uint32 // live entries allowed: three quarters of the slots
}

// Attach returns a view of the region (as created zeroed by the
// postmaster). A region too small for even one slot gives a nil Table,
// on which every method is a no-op.
func Attach(region []byte) *Table {
	if uintptr(len(region)) < slotsOff+unsafe.Sizeof(entry{}) {
		return nil
	}
	n := (uintptr(len(region)) - slotsOff) / unsafe.Sizeof(entry{})
	p := uintptr(1)
	for p*2 <= n {
		p *= 2
	}
	t := &Table{
		hdr:    (*regionHeader)(unsafe.Pointer(&region[0])),
		shared: (*entry)(unsafe.Pointer(&region[headerSize])),
		slots:  unsafe.Slice((*entry)(unsafe.Pointer(&region[slotsOff])), int(p)),
		mask:   uint64(p - 1),
	}
	t.limit = uint32(p * 3 / 4)
	return t
}

func hashKey(w uint64) uint64 {
	w ^= w >> 33
	w *= 0xff51afd7ed558ccd
	w ^= w >> 33
	return w
}

// lookup finds k's entry without the lock, or returns nil.
func (t *Table) lookup(k Key) *entry {
	w := k.word()
	i := hashKey(w) & t.mask
	for range len(t.slots) {
		e := &t.slots[i]
		switch e.key.Load() {
		case w:
			return e
		case emptyKey:
			return nil
		}
		i = (i + 1) & t.mask
	}
	return nil
}

// entryFor finds or claims k's entry; nil when the table is full.
func (t *Table) entryFor(k Key) *entry {
	if e := t.lookup(k); e != nil {
		return e
	}
	w := k.word()
	t.hdr.lock.Lock()
	defer t.hdr.lock.Unlock()
	i := hashKey(w) & t.mask
	var free *entry
probe:
	for range len(t.slots) {
		e := &t.slots[i]
		switch e.key.Load() {
		case w:
			return e
		case tombstoneKey:
			if free == nil {
				free = e
			}
		case emptyKey:
			if free == nil {
				free = e
			}
			break probe
		}
		i = (i + 1) & t.mask
	}
	if free == nil || t.hdr.used >= t.limit {
		t.hdr.dropped.Add(1)
		return nil
	}
	for c := range free.c {
		free.c[c].Store(0)
	}
	free.key.Store(w)
	t.hdr.used++
	return free
}

// Forget removes the statistics of the relations keys (DROP TABLE, DROP
// INDEX): a relation created later with a reused oid starts from zero.
func (t *Table) Forget(keys ...Key) {
	if t == nil || len(keys) == 0 {
		return
	}
	t.hdr.lock.Lock()
	defer t.hdr.lock.Unlock()
	for _, k := range keys {
		if e := t.lookup(k); e != nil {
			t.removeLocked(e)
		}
	}
}

// ForgetDatabase removes every entry of database db, its own included
// (DROP DATABASE).
func (t *Table) ForgetDatabase(db uint32) {
	if t == nil {
		return
	}
	t.hdr.lock.Lock()
	defer t.hdr.lock.Unlock()
	for i := range t.slots {
		e := &t.slots[i]
		w := e.key.Load()
		if w != emptyKey && w != tombstoneKey && uint32(w>>32) == db {
			t.removeLocked(e)
		}
	}
}

// removeLocked empties e's slot: a tombstone, unless the next slot is
// empty, in which case e and the tombstones before it become empty too,
// so that probe runs do not only grow. Caller holds the lock.
func (t *Table) removeLocked(e *entry) {
	i := uint64((uintptr(unsafe.Pointer(e)) - uintptr(unsafe.Pointer(&t.slots[0]))) / unsafe.Sizeof(entry{}))
	t.hdr.used--
	if t.slots[(i+1)&t.mask].key.Load() != emptyKey {
		e.key.Store(tombstoneKey)
		return
	}
	e.key.Store(emptyKey)
	for j := (i - 1) & t.mask; t.slots[j].key.Load() == tombstoneKey; j = (j - 1) & t.mask {
		t.slots[j].key.Store(emptyKey)
	}
}

// Dropped is the number of publishes lost because the table was full.
func (t *Table) Dropped() uint64 {
	if t == nil {
		return 0
	}
	return t.hdr.dropped.Load()
}

// Len is the number of relations with statistics.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	t.hdr.lock.Lock()
	defer t.hdr.lock.Unlock()
	return int(t.hdr.used)
}

// Row is one relation's counters as read (not one atomic snapshot).
type Row [numCounters]int64

// Get reads k's counters; ok is false when the relation has none.
func (t *Table) Get(k Key) (r Row, ok bool) {
	if t == nil {
		return r, false
	}
	e := t.lookup(k)
	if e == nil {
		return r, false
	}
	for c := range r {
		r[c] = e.c[c].Load()
	}
	return r, true
}

// Keys lists the relations of database db that have statistics.
func (t *Table) Keys(db uint32) []Key {
	if t == nil {
		return nil
	}
	var out []Key
	for i := range t.slots {
		w := t.slots[i].key.Load()
		if w != emptyKey && w != tombstoneKey && uint32(w>>32) == db && uint32(w) != 0 {
			out = append(out, Key{DB: db, Rel: uint32(w)})
		}
	}
	return out
}

// addClamped adds d to a counter that must not go below zero.
func addClamped(v *atomic.Int64, d int64) {
	for {
		old := v.Load()
		n := max(old+d, 0)
		if v.CompareAndSwap(old, n) {
			return
		}
	}
}
