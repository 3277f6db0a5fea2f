package catalog

import (
	"fmt"

	"ringpg/backend/access/heap"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/pgerr"
	"ringpg/shm"
)

// Catalog is one backend's access to the catalog of one database: handles
// on the catalog heaps, the caches built from them, and what the current
// transaction did to them. It is used by one goroutine.
type Catalog struct {
	pool    heap.BufferPool
	sh      *shared
	dataDir string
	db      uint32
	files   *smgr.Manager // plain-syscall manager for existence checks, unlinks and copies

	heaps map[uint32]*heap.Heap // catalog heaps, by catalog oid

	seen  uint64 // the invalidation counter when the caches were last checked
	cache cache

	// What the current transaction did; consumed by AtCommit / AtAbort.
	didDDL     bool
	created    []RelFile // files of relations created: unlinked if it aborts
	dropped    []RelFile // files of relations dropped: unlinked once it commits
	droppedDBs []uint32  // database directories to remove once it commits
	createdDBs []uint32  // database directories copied: removed if it aborts

	// Enum types it created, and pg_enum oids it added to older types
	// (unusable until it commits, enum.go).
	newTypes, newLabels map[uint32]bool

	seq      seqSession
	notices  []*pgerr.Error
	temp     uint32 // the session's temporary schema, 0 until TempNamespace
	tempName string
	tempNew  bool // the current transaction set temp up: an abort forgets it

	// usable says whether the session's role may look in schema ns
	// (USAGE); nil: every schema. Set by the session (SetSchemaCheck).
	usable func(ns uint32) bool
}

// SetSchemaCheck installs the USAGE check name lookups make: a schema the
// role may not use is left out of the search path, and naming it is 42501
// permission denied for schema. nil lets every schema be used.
func (c *Catalog) SetSchemaCheck(f func(ns uint32) bool) { c.usable = f }

// mayUse reports whether name lookups may look in schema ns.
func (c *Catalog) mayUse(ns uint32) bool {
	return c.usable == nil || ns == PgCatalogNamespace || ns == c.temp || c.usable(ns)
}

// Open returns a backend's catalog of database db (its oid), reading
// through pool, with the shared counters in seg's RegionName region and
// the relation files under dataDir.
func Open(pool heap.BufferPool, seg *shm.Segment, dataDir string, db uint32) (*Catalog, error) {
	sh, err := sharedOf(seg)
	if err != nil {
		return nil, err
	}
	return open(pool, sh, dataDir, db), nil
}

func open(pool heap.BufferPool, sh *shared, dataDir string, db uint32) *Catalog {
	c := &Catalog{pool: pool, sh: sh, dataDir: dataDir, db: db,
		files: smgr.New(dataDir, smgr.NewSyncIO()), heaps: map[uint32]*heap.Heap{}}
	c.cache.reset()
	c.seen = sh.inval.Load()
	c.seq.init()
	return c
}

// Close releases the catalog's file descriptors.
func (c *Catalog) Close() { c.files.Close() }

// DB returns the oid of the catalog's database.
func (c *Catalog) DB() uint32 { return c.db }

// BeginStatement drops the caches if another backend committed catalog
// changes since they were last checked. Call it at the start of every
// statement, before the statement's snapshot is taken.
func (c *Catalog) BeginStatement() {
	if v := c.sh.inval.Load(); v != c.seen {
		c.seen = v
		c.cache.reset()
	}
}

// Moved reports whether another backend committed catalog changes that
// BeginStatement has not taken in yet (a statement planned before may be
// out of date).
func (c *Catalog) Moved() bool { return c.sh.inval.Load() != c.seen }

// NoteOwnDDL drops the caches after a DDL command of this backend, so
// that the next command (after the transaction's command counter has
// advanced) sees the change.
func (c *Catalog) NoteOwnDDL() {
	c.didDDL = true
	c.cache.reset()
}

// NoteCommittedDDL tells every backend that a transaction changed the
// catalog: call it once the commit is visible (the transaction no longer
// counts as running) and before its locks are released. AtCommit calls it
// when the transaction did DDL through this Catalog.
func (c *Catalog) NoteCommittedDDL() {
	c.seen = c.sh.inval.Add(1)
	c.cache.reset()
}

// AtCommit finishes the catalog's part of a commit, after the commit is
// visible and before locks are released: it announces the transaction's
// catalog changes to other backends, then unlinks the files of the
// relations it dropped (their buffers dropped first) and the directories
// of dropped databases. An error here is reported but cannot undo the
// commit (the files stay behind, as PostgreSQL leaves them on failure).
func (c *Catalog) AtCommit() error {
	if c.didDDL {
		c.NoteCommittedDDL()
	}
	var first error
	for _, f := range c.dropped {
		if err := c.UnlinkRelfilenode(f); err != nil && first == nil {
			first = err
		}
	}
	for _, db := range c.droppedDBs {
		if err := c.removeDatabaseDir(db); err != nil && first == nil {
			first = err
		}
	}
	c.endTxn()
	return first
}

// AtAbort finishes the catalog's part of an abort: the files of relations
// the transaction created are unlinked, and the caches (which may hold its
// uncommitted rows) dropped. Its catalog rows need nothing: the aborted
// xid makes them invisible.
func (c *Catalog) AtAbort() error {
	var first error
	for _, f := range c.created {
		if err := c.UnlinkRelfilenode(f); err != nil && first == nil {
			first = err
		}
	}
	for _, db := range c.createdDBs {
		if err := c.removeDatabaseDir(db); err != nil && first == nil {
			first = err
		}
	}
	if c.tempNew {
		c.forgetTemp() // its creation (or emptying) is undone
	}
	c.endTxn()
	c.cache.reset()
	return first
}

func (c *Catalog) endTxn() {
	c.didDDL, c.tempNew = false, false
	c.created, c.dropped, c.droppedDBs, c.createdDBs = nil, nil, nil, nil
	c.newTypes, c.newLabels = nil, nil
}

// CreatedInTxn reports whether relfilenode was made by the open
// transaction (CREATE TABLE, TRUNCATE): only then may COPY FREEZE store
// frozen rows in it, since an abort takes the whole file away.
func (c *Catalog) CreatedInTxn(relfilenode uint32) bool {
	for _, f := range c.created {
		if f.Relfilenode == relfilenode {
			return true
		}
	}
	return false
}

// PendingDrops returns what the open transaction's commit will remove:
// the files of the relations it dropped and the directories of the
// databases it dropped (the commit record carries them, so that redo
// removes them too).
func (c *Catalog) PendingDrops() (files []RelFile, dbs []uint32) {
	return c.dropped, c.droppedDBs
}

// relationDropper is the part of the buffer pool that forgets a
// relation's pages (*bufmgr.Pool has it).
type relationDropper interface {
	DropRelation(rf bufmgr.RelFork, fromBlock uint32)
}

// UnlinkRelfilenode removes a relation's files: its buffers are dropped
// from the pool without being written (every fork), then every fork's
// segments are unlinked. It is what a drop does after commit and a create
// after abort. Other processes' cached descriptors of the files stay open
// until their descriptor caches let go of them.
func (c *Catalog) UnlinkRelfilenode(f RelFile) error {
	if d, ok := c.pool.(relationDropper); ok {
		for fork := uint8(0); fork < 4; fork++ {
			d.DropRelation(bufmgr.RelFork{Spc: f.Spc, DB: f.DB, Rel: f.Relfilenode, Fork: fork}, 0)
		}
	}
	loc := smgr.RelFileLocator{Spc: f.Spc, DB: f.DB, Rel: f.Relfilenode}
	if err := c.files.Unlink(loc); err != nil {
		return fmt.Errorf("catalog: unlink %s: %w", loc.Path(smgr.Main), err)
	}
	return nil
}
