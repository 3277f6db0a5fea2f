package exec

import (
	"ringpg/backend/access/btree"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/storage/bufmgr"
)

// Tablespaces: pg_default (base/) and pg_global (global/, the shared
// catalogs, whose database is 0).
const (
	DefaultTablespace = 1663
	GlobalTablespace  = 1664
)

// Txn is what the executor needs of the transaction layer.
type Txn interface {
	heap.Txn
	// Snapshot is the statement's snapshot.
	Snapshot() heap.Snapshot
	// LatestSnapshot is a fresh snapshot, for READ COMMITTED re-checks.
	LatestSnapshot() heap.Snapshot
	// WaitXid sleeps until transaction xid ends; it returns an error when
	// the statement is cancelled meanwhile.
	WaitXid(xid uint64) error
	// IsolationRC reports READ COMMITTED: a row updated by a transaction
	// that committed meanwhile is re-checked in its newest version rather
	// than failing with 40001.
	IsolationRC() bool
	// CheckInterrupts returns the statement's cancel or timeout error, if
	// any.
	CheckInterrupts() error
	// TupleLive tells a unique check whether a version conflicts: live
	// (committed and not deleted, or this transaction's own), or being
	// inserted or deleted by the running transaction waitXid.
	TupleLive(h *tuple.Header) (live bool, waitXid uint64)
}

// Pool is the buffer pool as both access methods use it; *bufmgr.Pool
// satisfies it.
type Pool interface {
	heap.BufferPool
	btree.Buffers
}

// relKey identifies a relation's storage: a handle is good only for the
// relfilenode it was opened on, so a rewrite (TRUNCATE, VACUUM FULL) that
// gives the relation a new one leaves the old handle unused.
type relKey struct {
	db, rel uint32
}

// Env is one backend's executor environment: the pool, the current
// transaction and function context, and the relation handles kept across
// statements. Txn and Ctx may be replaced between statements.
type Env struct {
	Pool Pool
	Txn  Txn
	Ctx  *funcs.Ctx
	// Spc is the tablespace of every relation of a database; 0 means
	// DefaultTablespace. Shared relations (database 0) are in
	// GlobalTablespace.
	Spc uint32
	// SSI, when not nil, hears what the current SERIALIZABLE transaction
	// reads and writes.
	SSI Serializable
	// SplitHook, when not nil, is told of every B-tree leaf split, in any
	// transaction, so that SIREAD locks on the left page cover the right.
	SplitHook func(db, rel, left, right uint32) error
	// Stats receives the table and index counts of pg_stat_all_tables
	// (nil: nothing is counted).
	Stats *pgstat.Backend
	// WorkMem is work_mem in bytes (0: PostgreSQL's default, 4MB) and
	// HashMemMultiplier hash_mem_multiplier (0: 2): how much a sort, or a
	// hash table, may hold before it spills to temporary files.
	WorkMem           int64
	HashMemMultiplier float64
	// Temp creates the temporary files of spilling operators (nil: one
	// under the system's temporary directory is made on first use).
	Temp *spill.Manager

	heaps   map[relKey]*heap.Heap
	indexes map[relKey]*btree.Index
	trees   map[*plan.Query][]*execTree
	ntrees  int
}

// NewEnv returns an environment over pool.
func NewEnv(pool Pool, txn Txn, ctx *funcs.Ctx) *Env {
	return &Env{Pool: pool, Txn: txn, Ctx: ctx}
}

// counts returns the statistics counts of relation oid of database db,
// touched for the current transaction. Keep the pointer with the plan
// node and call touch before counting in a later transaction.
func (e *Env) counts(db, oid uint32) *pgstat.Counts { return e.Stats.Rel(db, oid) }

// touch readies c, obtained from counts earlier, for the current
// transaction.
func (e *Env) touch(c *pgstat.Counts) { e.Stats.Touch(c) }

// RelFork is the main fork of relation file rel of database db (0: a
// shared catalog).
func (e *Env) RelFork(db, rel uint32) bufmgr.RelFork { return e.relFork(db, rel) }

func (e *Env) relFork(db, rel uint32) bufmgr.RelFork {
	spc := e.Spc
	switch {
	case db == 0:
		spc = GlobalTablespace
	case spc == 0:
		spc = DefaultTablespace
	}
	return bufmgr.RelFork{Spc: spc, DB: db, Rel: rel, Fork: bufmgr.MainFork}
}

// Heap returns the cached handle of t's heap, opening it (and its toast
// relation) on first use.
func (e *Env) Heap(t *plan.Table) (*heap.Heap, error) {
	k := relKey{t.DB, t.Relfilenode}
	if h := e.heaps[k]; h != nil && sameDesc(h.Desc(), t.Desc) {
		return h, nil
	}
	if e.heaps == nil {
		e.heaps = make(map[relKey]*heap.Heap)
	}
	cfg := heap.Config{Rel: e.relFork(t.DB, t.Relfilenode), Name: t.Name, Desc: t.Desc, FillFactor: t.FillFactor}
	if e.Stats != nil {
		db, oid := t.DB, t.Oid
		cfg.OnPrune = func(n int) { e.Stats.Rel(db, oid).Pruned += int64(n) }
	}
	if t.Toast != nil {
		tk := relKey{t.Toast.DB, t.Toast.Relfilenode}
		th := e.heaps[tk]
		if th == nil {
			var err error
			th, err = heap.Open(e.Pool, heap.Config{Rel: e.relFork(t.Toast.DB, t.Toast.Relfilenode), Name: t.Toast.Name, Desc: heap.ToastDesc, NoIndexes: true})
			if err != nil {
				return nil, err
			}
			e.heaps[tk] = th
		}
		cfg.Toast = th
	}
	h, err := heap.Open(e.Pool, cfg)
	if err != nil {
		return nil, err
	}
	e.heaps[k] = h
	return h, nil
}

// Index returns the cached handle of index ix of table t.
func (e *Env) Index(t *plan.Table, ix *plan.Index) *btree.Index {
	k := relKey{t.DB, ix.Relfilenode}
	if b := e.indexes[k]; b != nil {
		return b
	}
	if e.indexes == nil {
		e.indexes = make(map[relKey]*btree.Index)
	}
	name := ix.ConstraintName
	if name == "" {
		name = ix.Name
	}
	b := btree.Open(e.Pool, e.relFork(t.DB, ix.Relfilenode), btree.Options{Name: name, Pred: indexPred{e}})
	e.indexes[k] = b
	return b
}

// Forget drops the cached handles of relation relfilenode rel of database
// db (after it was dropped or rewritten).
func (e *Env) Forget(db, rel uint32) {
	delete(e.heaps, relKey{db, rel})
	delete(e.indexes, relKey{db, rel})
	e.ForgetPlans()
}

// ForgetAll drops every cached handle.
func (e *Env) ForgetAll() {
	clear(e.heaps)
	clear(e.indexes)
	e.ForgetPlans()
}

// ForgetPlans drops the operators kept for plans (call it when plans are
// dropped from the plan cache, so that they can be collected).
func (e *Env) ForgetPlans() {
	clear(e.trees)
	e.ntrees = 0
}

// sameDesc reports whether two descriptors lay tuples out alike and give
// absent attributes the same values: a plan built from a fresh catalog
// entry may carry an equal copy.
func sameDesc(a, b *tuple.Desc) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || len(a.Attrs) != len(b.Attrs) || !a.SameMissing(b) {
		return false
	}
	for i := range a.Attrs {
		if a.Attrs[i] != b.Attrs[i] {
			return false
		}
	}
	return true
}
