package exec

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/plan"
	"ringpg/backend/storage/bufmgr"
)

// Serializable hears what a SERIALIZABLE transaction reads and writes, for
// its SIREAD locks and rw-conflict checks (package predicate, bound by
// the engine). Env.SSI is nil in any other transaction, so the hooks cost
// one comparison there. Relations are named by database and relfilenode.
type Serializable interface {
	// ReadRelation: a sequential scan of the relation starts.
	ReadRelation(db, rel uint32) error
	// ReadTuple: an index scan returns the heap tuple at tid, inserted by
	// xmin.
	ReadTuple(db, rel uint32, tid tuple.TID, xmin uint64) error
	// ReadPage: an index scan or lookup reads a leaf page.
	ReadPage(db, rel, blk uint32) error
	// WillWrite: the transaction is about to write a tuple version (its
	// xid must be known to readers before it reaches a page).
	WillWrite() error
	// WriteRelation: a row is about to be inserted into the heap.
	WriteRelation(db, rel uint32) error
	// WriteTuple: the version at tid was updated or deleted.
	WriteTuple(db, rel uint32, tid tuple.TID) error
	// WritePage: an index entry goes into leaf page blk.
	WritePage(db, rel, blk uint32) error
	// Err returns (and forgets) a failure that a visibility check met
	// while the scan could not report it: a rw-conflict out that made
	// this transaction fail.
	Err() error
}

// ssiErr checks what visibility checks of the current scan met.
func (s *state) ssiErr() error {
	if p := s.env.SSI; p != nil {
		return p.Err()
	}
	return nil
}

// ssiWillWrite is called before a heap update or delete.
func (s *state) ssiWillWrite() error {
	if p := s.env.SSI; p != nil {
		return p.WillWrite()
	}
	return nil
}

// ssiInsert is called before a row is inserted into t's heap.
func (s *state) ssiInsert(t *plan.Table) error {
	if p := s.env.SSI; p != nil {
		return p.WriteRelation(t.DB, t.Relfilenode)
	}
	return nil
}

// ssiWrite is called when the version at tid of t was updated or deleted.
func (s *state) ssiWrite(t *plan.Table, tid tuple.TID) error {
	if p := s.env.SSI; p != nil {
		return p.WriteTuple(t.DB, t.Relfilenode, tid)
	}
	return nil
}

// indexPred forwards a B-tree's page events to the environment's current
// transaction, when it is serializable.
type indexPred struct{ e *Env }

func (ip indexPred) ReadPage(rel bufmgr.RelFork, blk uint32) error {
	if p := ip.e.SSI; p != nil {
		return p.ReadPage(rel.DB, rel.Rel, blk)
	}
	return nil
}

func (ip indexPred) InsertPage(rel bufmgr.RelFork, blk uint32) error {
	if p := ip.e.SSI; p != nil {
		return p.WritePage(rel.DB, rel.Rel, blk)
	}
	return nil
}

func (ip indexPred) SplitPage(rel bufmgr.RelFork, left, right uint32) error {
	if f := ip.e.SplitHook; f != nil {
		return f(rel.DB, rel.Rel, left, right)
	}
	return nil
}
