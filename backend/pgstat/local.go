package pgstat

// Counts are one backend's counts for one relation since its current
// transaction began touching it. The executor increments the exported
// fields directly; Backend publishes and zeroes them at transaction end.
type Counts struct {
	// Counted whatever the transaction's fate (PostgreSQL's
	// non-transactional counters).
	NumScans       int64 // sequential scans of a table, index scans of an index
	TuplesReturned int64 // rows a sequential scan read; entries an index scan returned
	TuplesFetched  int64 // heap rows fetched through an index (counted on the index)
	HotUpdated     int64 // updates that were HOT
	Pruned         int64 // dead versions pruning freed for good (fewer dead tuples)
	// This transaction's changes, rolled-back subtransactions excluded.
	Inserted, Updated, Deleted int64

	// Changes of subtransactions that were rolled back.
	abIns, abUpd, abDel int64

	key   Key
	gen   uint64 // the Backend's generation in which it was last touched
	entry *entry // cached shared entry, checked against key before use
}

// Key is the relation the counts are for.
func (c *Counts) Key() Key { return c.key }

func (c *Counts) zero() {
	k, g, e := c.key, c.gen, c.entry
	*c = Counts{key: k, gen: g, entry: e}
}

func (c *Counts) isZero() bool {
	return c.NumScans == 0 && c.TuplesReturned == 0 && c.TuplesFetched == 0 && c.HotUpdated == 0 && c.Pruned == 0 &&
		c.Inserted == 0 && c.Updated == 0 && c.Deleted == 0 && c.abIns == 0 && c.abUpd == 0 && c.abDel == 0
}

// savedLevel is what a subtransaction's start saw of one relation's
// transactional counts.
type savedLevel struct {
	c                          *Counts
	Inserted, Updated, Deleted int64
}

// Backend is one process's statistics state: the shared table and the
// counts of the current transaction.
type Backend struct {
	tab     *Table
	rels    map[Key]*Counts
	touched []*Counts
	gen     uint64
	// subs holds, per open subtransaction, the transactional counts of
	// the relations touched before it began.
	subs [][]savedLevel
	// scratch absorbs counts while tracking is off; never published.
	scratch Counts
	// Track is track_counts: when false, no relation counts are recorded.
	Track bool
	// DB is the database whose entry the transactions count toward
	// (pg_stat_database); set when a session starts.
	DB uint32
	// IO reads the process's buffer pool counters; nil: no block counts.
	IO func() IO
	// lastIO is what IO returned at the last transaction end.
	lastIO IO
	// dbEnt caches DB's shared entry, checked against DB before use.
	dbEnt *entry
}

// NewBackend returns the statistics state of a process over tab (nil:
// counts are kept and thrown away).
func NewBackend(tab *Table) *Backend {
	return &Backend{tab: tab, rels: map[Key]*Counts{}, gen: 1, Track: true}
}

// Table is the shared table (nil when there is none).
func (b *Backend) Table() *Table { return b.tab }

// Rel returns the counts of relation (db, rel) and marks them touched by
// the current transaction. The pointer stays valid for the Backend's
// life; call Touch with it before counting in a later transaction.
func (b *Backend) Rel(db, rel uint32) *Counts {
	if b == nil {
		return &Counts{}
	}
	if !b.Track || rel == 0 {
		return &b.scratch // relation 0 would be a database's entry
	}
	k := Key{DB: db, Rel: rel}
	c := b.rels[k]
	if c == nil {
		c = &Counts{key: k}
		b.rels[k] = c
	}
	b.Touch(c)
	return c
}

// Touch marks c as counted in the current transaction, so that its end
// publishes c. Counts left from a transaction that did not touch c (track
// counts turned off meanwhile) are dropped.
func (b *Backend) Touch(c *Counts) {
	if b == nil || c.gen == b.gen || c == &b.scratch || !b.Track {
		return
	}
	c.zero()
	c.gen = b.gen
	b.touched = append(b.touched, c)
}

// BeginSub notes a subtransaction's start (SAVEPOINT).
func (b *Backend) BeginSub() {
	if b == nil {
		return
	}
	lv := make([]savedLevel, 0, len(b.touched))
	for _, c := range b.touched {
		lv = append(lv, savedLevel{c, c.Inserted, c.Updated, c.Deleted})
	}
	b.subs = append(b.subs, lv)
}

// EndSub ends the innermost subtransaction: released, its changes belong
// to its parent; rolled back, its inserts and updates leave dead tuples
// and count toward no ANALYZE, as PostgreSQL counts them.
func (b *Backend) EndSub(rollback bool) {
	if b == nil || len(b.subs) == 0 {
		return
	}
	lv := b.subs[len(b.subs)-1]
	b.subs = b.subs[:len(b.subs)-1]
	if !rollback {
		return
	}
	base := make(map[*Counts]savedLevel, len(lv))
	for _, s := range lv {
		base[s.c] = s
	}
	for _, c := range b.touched {
		s := base[c] // zero for relations first touched inside
		c.abIns += c.Inserted - s.Inserted
		c.abUpd += c.Updated - s.Updated
		c.abDel += c.Deleted - s.Deleted
		c.Inserted, c.Updated, c.Deleted = s.Inserted, s.Updated, s.Deleted
	}
}

// EndXact publishes what the transaction counted, committed or not, and
// counts the transaction in its database's entry.
func (b *Backend) EndXact(commit bool) {
	if b == nil {
		return
	}
	b.subs = b.subs[:0]
	var local, shared dbTuples
	for _, c := range b.touched {
		if !c.isZero() {
			b.publish(c, commit)
			if c.key.DB == 0 {
				shared.add(c)
			} else {
				local.add(c)
			}
		}
		c.zero()
	}
	b.publishDB(commit, &local, &shared)
	clear(b.touched)
	b.touched = b.touched[:0]
	b.gen++
}

// publish adds c to its shared entry (commit: whether the transaction
// committed).
func (b *Backend) publish(c *Counts, commit bool) {
	if b.tab == nil {
		return
	}
	e := c.entry
	if e == nil || e.key.Load() != c.key.word() {
		if e = b.tab.entryFor(c.key); e == nil {
			return // full: dropped and counted
		}
		c.entry = e
	}
	add := func(k Counter, d int64) {
		if d != 0 {
			e.c[k].Add(d)
		}
	}
	add(NumScans, c.NumScans)
	add(TuplesReturned, c.TuplesReturned)
	add(TuplesFetched, c.TuplesFetched)
	add(TuplesHotUpdated, c.HotUpdated)
	ins := c.Inserted + c.abIns
	add(TuplesInserted, ins)
	add(TuplesUpdated, c.Updated+c.abUpd)
	add(TuplesDeleted, c.Deleted+c.abDel)
	add(InsSinceVacuum, ins)
	var live, dead, mod int64
	if commit {
		live = c.Inserted - c.Deleted
		dead = c.Updated + c.Deleted + c.abIns + c.abUpd
		mod = c.Inserted + c.Updated + c.Deleted
	} else {
		dead = c.Inserted + c.Updated + c.abIns + c.abUpd
	}
	dead -= c.Pruned // whatever the transaction's fate
	if live != 0 {
		addClamped(&e.c[LiveTuples], live)
	}
	if dead != 0 {
		addClamped(&e.c[DeadTuples], dead)
	}
	add(ModSinceAnalyze, mod)
}
