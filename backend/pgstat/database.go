package pgstat

// Per-database statistics (pg_stat_database) and the backends' buffer
// pool work (part of pg_stat_bgwriter).
//
// A database's counters are an entry of the same hash table, keyed by
// (database, 0): no relation has oid 0, and DROP DATABASE forgets the
// entry with the database's relations. The shared objects' database (oid
// 0) has its entry at a fixed place in the region instead, since its key
// would read as an empty slot. A Backend adds to its database's entry
// once per transaction, when it publishes the relations' counts: the
// transaction's fate, the sums of its relation counts and the buffer hits
// and reads of the process since its last transaction end (a few atomic
// adds; nothing is counted per row or per page in shared memory).

// DBCounter names one counter of a database's entry. Times are
// microseconds (SessionTime and the like) or timestamptz values
// (StatReset, 0 for never).
type DBCounter int

// The counters of a database entry.
const (
	XactCommit DBCounter = iota
	XactRollback
	BlocksRead // pages the database's backends read from storage
	BlocksHit  // pages they found in the buffer pool
	DBTuplesReturned
	DBTuplesFetched
	DBTuplesInserted
	DBTuplesUpdated
	DBTuplesDeleted
	Deadlocks
	TempFiles
	TempBytes
	Sessions
	SessionsAbandoned
	SessionsFatal
	SessionsKilled
	SessionTime
	ActiveTime
	IdleInXactTime
	StatReset
	numDBCounters
)

// DBRow is one database's counters as read (not one atomic snapshot).
type DBRow [numDBCounters]int64

// IO is a process's buffer pool counters since it started, as the buffer
// manager counts them in process memory.
type IO struct {
	Hits   uint64 // pages found in the pool
	Reads  uint64 // pages read from storage
	Writes uint64 // dirty pages written by this process
	Allocs uint64 // buffers taken for a page not in the pool (reads and extensions)
}

// dbTuples are a transaction's relation counts summed for one database.
type dbTuples struct{ returned, fetched, inserted, updated, deleted int64 }

func (d *dbTuples) add(c *Counts) {
	d.returned += c.TuplesReturned
	d.fetched += c.TuplesFetched
	d.inserted += c.Inserted + c.abIns
	d.updated += c.Updated + c.abUpd
	d.deleted += c.Deleted + c.abDel
}

// addTo adds d to database entry e.
func (d *dbTuples) addTo(e *entry) {
	for _, v := range [...]struct {
		k DBCounter
		d int64
	}{{DBTuplesReturned, d.returned}, {DBTuplesFetched, d.fetched}, {DBTuplesInserted, d.inserted},
		{DBTuplesUpdated, d.updated}, {DBTuplesDeleted, d.deleted}} {
		if v.d != 0 {
			e.c[v.k].Add(v.d)
		}
	}
}

// dbEntry finds or claims database db's entry; nil when the table is
// full.
func (t *Table) dbEntry(db uint32) *entry {
	if db == 0 {
		return t.shared
	}
	return t.entryFor(Key{DB: db})
}

// GetDB reads database db's counters; ok is false when it has none yet
// (never for database 0, the shared objects').
func (t *Table) GetDB(db uint32) (r DBRow, ok bool) {
	if t == nil {
		return r, false
	}
	e := t.shared
	if db != 0 {
		if e = t.lookup(Key{DB: db}); e == nil {
			return r, false
		}
	}
	for c := range r {
		r[c] = e.c[c].Load()
	}
	return r, true
}

// AddDB adds d to counter k of database db (sessions, deadlocks and the
// like, counted where they happen rather than at transaction end).
func (t *Table) AddDB(db uint32, k DBCounter, d int64) {
	if t == nil || d == 0 {
		return
	}
	if e := t.dbEntry(db); e != nil {
		e.c[k].Add(d)
	}
}

// ResetDatabase zeroes the statistics of database db (pg_stat_reset()):
// its relations' entries go, its own counters start again from zero and
// remember now (a timestamptz) as their reset time.
func (t *Table) ResetDatabase(db uint32, now int64) {
	if t == nil {
		return
	}
	t.hdr.lock.Lock()
	for i := range t.slots {
		e := &t.slots[i]
		w := e.key.Load()
		if w != emptyKey && w != tombstoneKey && uint32(w>>32) == db && uint32(w) != 0 {
			t.removeLocked(e)
		}
	}
	t.hdr.lock.Unlock()
	if e := t.dbEntry(db); e != nil {
		for c := range e.c {
			e.c[c].Store(0)
		}
		e.c[StatReset].Store(now)
	}
}

// ResetRelation forgets relation k's statistics and records now (a
// timestamptz) as the reset time of its database
// (pg_stat_reset_single_table_counters).
func (t *Table) ResetRelation(k Key, now int64) {
	if t == nil {
		return
	}
	t.Forget(k)
	if e := t.dbEntry(k.DB); e != nil {
		e.c[StatReset].Store(now)
	}
}

// Buffers returns the dirty pages backends wrote themselves and the
// buffers they allocated, since the server started.
func (t *Table) Buffers() (written, alloc uint64) {
	if t == nil {
		return 0, 0
	}
	return t.hdr.bufWritten.Load(), t.hdr.bufAlloc.Load()
}

// ResetBuffers zeroes the backends' buffer counters
// (pg_stat_reset_shared('bgwriter')).
func (t *Table) ResetBuffers() {
	if t == nil {
		return
	}
	t.hdr.bufWritten.Store(0)
	t.hdr.bufAlloc.Store(0)
}

// publishDB adds the transaction's end to the Backend's database entry:
// its fate, the summed relation counts (local: the database's relations,
// shared: shared catalogs', which go to database 0 as in PostgreSQL) and
// the process's buffer pool work since the last transaction end.
func (b *Backend) publishDB(commit bool, local, shared *dbTuples) {
	var io IO
	if b.IO != nil {
		cur := b.IO()
		io = IO{Hits: cur.Hits - b.lastIO.Hits, Reads: cur.Reads - b.lastIO.Reads,
			Writes: cur.Writes - b.lastIO.Writes, Allocs: cur.Allocs - b.lastIO.Allocs}
		b.lastIO = cur
	}
	if b.tab == nil {
		return
	}
	if io.Writes != 0 {
		b.tab.hdr.bufWritten.Add(io.Writes)
	}
	if io.Allocs != 0 {
		b.tab.hdr.bufAlloc.Add(io.Allocs)
	}
	e := b.dbEnt
	if e == nil || b.DB != 0 && e.key.Load() != (Key{DB: b.DB}).word() || b.DB == 0 && e != b.tab.shared {
		if e = b.tab.dbEntry(b.DB); e == nil {
			return // full: dropped and counted
		}
		b.dbEnt = e
	}
	if commit {
		e.c[XactCommit].Add(1)
	} else {
		e.c[XactRollback].Add(1)
	}
	local.addTo(e)
	if *shared != (dbTuples{}) {
		shared.addTo(b.tab.shared)
	}
	// Separate counters, so that the common transaction, whose pages were
	// all in the pool, adds to one.
	if io.Hits != 0 {
		e.c[BlocksHit].Add(int64(io.Hits))
	}
	if io.Reads != 0 {
		e.c[BlocksRead].Add(int64(io.Reads))
	}
}
