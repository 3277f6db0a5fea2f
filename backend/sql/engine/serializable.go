package engine

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/exec"
	"ringpg/backend/storage/lmgr"
	"ringpg/backend/storage/predicate"
	"ringpg/settings"
)

// ssiTxn binds a SERIALIZABLE transaction to the predicate lock manager:
// it is the executor's exec.Serializable, and its snapshots report the
// rw-conflicts out that visibility checks meet.
type ssiTxn struct {
	s   *Session
	m   *predicate.Manager
	err error // a conflict-out failure met inside a visibility check
}

var _ exec.Serializable = (*ssiTxn)(nil)

// registerSerializable takes the transaction snapshot of a SERIALIZABLE
// transaction, registering it with the predicate lock manager. A failure
// to register is kept for the statement to report (ssiPending).
func (s *Session) registerSerializable() {
	m := s.e.pred
	m.SetLimits(int(s.set.IntOf(settings.MaxPredLocksPerTransaction)), int(s.set.IntOf(settings.MaxPredLocksPerRelation)),
		int(s.set.IntOf(settings.MaxPredLocksPerPage)))
	ok, err := m.Register(s.readOnly, func() uint64 {
		s.txnSnap = s.xact.Snapshot()
		return s.txnSnap.Xmin()
	})
	if s.txnSnap == nil {
		s.txnSnap = s.xact.Snapshot()
	}
	if err != nil {
		s.ssiRegErr = err
		return
	}
	if ok {
		s.ssi = &ssiTxn{s: s, m: m}
	}
}

// ssiPending returns (once) a failure to register the transaction.
func (s *Session) ssiPending() error {
	err := s.ssiRegErr
	s.ssiRegErr = nil
	return err
}

// ssiPreCommit is the serializable check before the commit record.
func (s *Session) ssiPreCommit() error {
	if s.ssi == nil {
		return nil
	}
	return s.ssi.m.PreCommit()
}

// ssiEnd releases the transaction's predicate state at commit or abort.
func (s *Session) ssiEnd(committed bool) {
	if s.ssi == nil {
		return
	}
	s.ssi.m.Release(committed, s.e.tm.NextXid())
	s.ssi = nil
	s.e.exec.SSI = nil
}

// stmtTxn is what a statement reads through: the transaction, its
// snapshot paired with a pruning horizon, made as one allocation (a
// pgbench select used to make five here).
type stmtTxn struct {
	txn  xactTxn
	snap transam.Snapshot // read committed's statement snapshot
	hz   transam.Horizon
	ps   transam.PruningSnapshot
}

// statementSnapshot takes the statement's snapshot and pairs it with a
// horizon computed now; in a serializable transaction its visibility
// checks also look for conflicts out.
func (s *Session) statementSnapshot() *xactTxn {
	st := &stmtTxn{}
	var snap *transam.Snapshot
	if s.isolation == isoReadCommitted {
		snap = s.xact.SnapshotInto(&st.snap)
	} else {
		snap = s.snapshot()
	}
	st.ps = snap.PruningWith(&st.hz)
	st.txn = xactTxn{Xact: s.xact, s: s, snap: &st.ps}
	if s.ssi != nil {
		st.txn.snap = &ssiSnapshot{PruningSnapshot: st.ps, t: s.ssi}
		s.e.exec.SSI = s.ssi
	} else {
		s.e.exec.SSI = nil
	}
	return &st.txn
}

// ssiSnapshot is a serializable transaction's statement snapshot.
type ssiSnapshot struct {
	transam.PruningSnapshot
	t *ssiTxn
}

// Visible decides visibility as the snapshot does, then checks for a
// rw-conflict out (PostgreSQL's HeapCheckForSerializableConflictOut): a
// version the snapshot cannot see because a concurrent transaction
// inserted it, or a version it sees that a concurrent transaction deleted
// or updated.
func (w *ssiSnapshot) Visible(h *tuple.Header) bool {
	vis := w.PruningSnapshot.Visible(h)
	t := w.t
	if t.err != nil {
		return vis
	}
	var xid uint64
	if !vis {
		if h.Infomask&tuple.XminInvalid != 0 {
			return vis
		}
		xid = h.Xmin
	} else {
		if h.Xmax == 0 || h.Infomask&tuple.XmaxInvalid != 0 || h.XmaxIsLockOnly() {
			return vis
		}
		xid = h.Xmax
	}
	x := t.s.xact
	if x == nil || x.IsCurrent(xid) || !w.Snapshot.XidInSnapshot(xid) {
		return vis
	}
	t.err = t.m.CheckConflictOut(t.s.e.tm.TopOf(xid))
	return vis
}

func (t *ssiTxn) Err() error {
	err := t.err
	t.err = nil
	if err == nil {
		err = t.m.CheckDoomed()
	}
	return err
}

func (t *ssiTxn) ReadRelation(db, rel uint32) error {
	if err := t.m.CheckDoomed(); err != nil {
		return err
	}
	return t.m.LockRelation(db, rel)
}

func (t *ssiTxn) ReadTuple(db, rel uint32, tid tuple.TID, xmin uint64) error {
	if x := t.s.xact; x != nil && x.IsCurrent(xmin) {
		return nil // its own row: nobody else can write it before it ends
	}
	return t.m.LockTuple(db, rel, tid.Block, tid.Offset)
}

func (t *ssiTxn) ReadPage(db, rel, blk uint32) error { return t.m.LockPage(db, rel, blk) }

// noteXid makes the transaction's xid known before its first write.
func (t *ssiTxn) noteXid() error {
	x := t.s.xact
	if x == nil {
		return nil
	}
	if _, err := x.AssignXid(); err != nil {
		return err
	}
	t.m.NoteXid(x.TopXid())
	return nil
}

func (t *ssiTxn) WillWrite() error { return t.noteXid() }

func (t *ssiTxn) WriteRelation(db, rel uint32) error {
	if err := t.noteXid(); err != nil {
		return err
	}
	return t.m.CheckConflictIn(predicate.RelationTag(db, rel))
}

func (t *ssiTxn) WriteTuple(db, rel uint32, tid tuple.TID) error {
	if err := t.noteXid(); err != nil {
		return err
	}
	tag := predicate.TupleTag(db, rel, tid.Block, tid.Offset)
	if err := t.m.CheckConflictIn(tag); err != nil {
		return err
	}
	if x := t.s.xact; x != nil && x.Depth() == 0 {
		t.m.DropOwnTupleLock(tag)
	}
	return nil
}

func (t *ssiTxn) WritePage(db, rel, blk uint32) error {
	if err := t.noteXid(); err != nil {
		return err
	}
	return t.m.CheckConflictIn(predicate.PageTag(db, rel, blk))
}

// ssiMassDelete is called when DROP TABLE or TRUNCATE is about to remove
// every row of a table at once, holding its AccessExclusiveLock: in a
// serializable transaction every SIREAD lock on the table is a conflict
// in (PostgreSQL's CheckTableForSerializableConflictIn). Locks on the old
// file stay until their holders end, as in PostgreSQL, which at worst
// makes a later transaction fail needlessly.
func (s *Session) ssiMassDelete(kind byte, relfilenode uint32) error {
	if s.ssi == nil || kind != 'r' {
		return nil
	}
	if err := s.ssi.noteXid(); err != nil {
		return err
	}
	return s.ssi.m.CheckTableConflictIn(s.db, relfilenode)
}

// siReadLocks lists the SIREAD locks for pg_locks. Targets name relations
// by relfilenode; those of the session's database are shown by OID.
func (s *Session) siReadLocks() []lmgr.LockInfo {
	if s.e.pred == nil {
		return nil
	}
	locks := s.e.pred.Snapshot()
	if len(locks) == 0 {
		return nil
	}
	oids := map[uint32]uint32{}
	if rels, err := s.cat.Relations(s.snapshot()); err == nil {
		for _, r := range rels {
			oids[r.Relfilenode] = r.Oid
			for _, ix := range r.Indexes {
				oids[ix.Relfilenode] = ix.Oid
			}
		}
	}
	out := make([]lmgr.LockInfo, 0, len(locks))
	for _, l := range locks {
		rel := l.Tag.Rel
		if oid, ok := oids[rel]; ok && l.Tag.DB == s.db {
			rel = oid
		}
		li := lmgr.LockInfo{Database: l.Tag.DB, Relation: rel, Pid: l.Pid, Mode: "SIReadLock", Granted: true}
		switch l.Tag.Level {
		case predicate.LevelRelation:
			li.LockType = "relation"
		case predicate.LevelPage:
			li.LockType, li.Page = "page", l.Tag.Block
		default:
			li.LockType, li.Page, li.Tuple = "tuple", l.Tag.Block, l.Tag.Offset
		}
		out = append(out, li)
	}
	return out
}

// ssiMoveRelation carries the SIREAD locks on a table's old file and on
// its indexes' old files to a relation lock on its new file, after
// TRUNCATE gave it one: SIREAD targets name files, PostgreSQL's name the
// relation, whose locks survive the TRUNCATE.
func (s *Session) ssiMoveRelation(old, cur *catalog.Relation) error {
	m := s.e.pred
	if m == nil || old.Relfilenode == cur.Relfilenode {
		return nil
	}
	if err := m.TransferRelation(s.db, old.Relfilenode, cur.Relfilenode); err != nil {
		return err
	}
	for _, ix := range old.Indexes {
		if err := m.TransferRelation(s.db, ix.Relfilenode, cur.Relfilenode); err != nil {
			return err
		}
	}
	return nil
}
