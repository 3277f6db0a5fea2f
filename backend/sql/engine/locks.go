package engine

import (
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage/lmgr"
	"ringpg/pgerr"
)

// Table locks (package lmgr), taken as PostgreSQL takes them: a statement
// locks every table it reads AccessShare (RowShare with FOR UPDATE/SHARE)
// and every table it may change RowExclusive when it starts running; DDL
// takes AccessExclusive (Share for CREATE INDEX) before changing the
// catalog. Transaction-level locks go at commit or abort, session-level
// ones (pg_advisory_lock) at the session's end. Departure: PostgreSQL
// locks during parse analysis and re-plans when the catalog moved meanwhile;
// here the lock comes just before execution, so a DDL that commits between
// planning and locking is not seen by that one statement.

// cancel returns checkInterrupts as a func value, made on first use.
func (s *Session) cancel() func() error {
	if s.cancelCheck == nil {
		s.cancelCheck = s.checkInterrupts
	}
	return s.cancelCheck
}

// lockOpts are the waiting rules of the session's settings.
func (s *Session) lockOpts() lmgr.Options {
	return lmgr.Options{Timeout: s.set.LockTimeout(), DeadlockTimeout: s.set.DeadlockTimeout(), Cancel: s.cancel()}
}

// lockTag takes a lock of the lock table, counting a deadlock it loses.
func (s *Session) lockTag(tag lmgr.Tag, mode lmgr.Mode, opts lmgr.Options) error {
	err := s.e.locks.Lock(tag, mode, opts)
	if err != nil {
		s.countDeadlock(err)
	}
	return err
}

// lockRelation takes a transaction-level lock on a relation of the
// session's database (or a shared one: db 0).
func (s *Session) lockRelation(db, rel uint32, mode lmgr.Mode) error {
	if s.e.locks == nil {
		return nil
	}
	return s.lockTag(lmgr.RelationTag(db, rel), mode, s.lockOpts())
}

// lockQuery locks the tables of a plan before it runs.
func (s *Session) lockQuery(q *plan.Query) error {
	mode := lmgr.AccessShare
	if !q.ReadOnly {
		mode = lmgr.RowExclusive
		if q.Tag == "SELECT" {
			mode = lmgr.RowShare // SELECT ... FOR UPDATE/SHARE
		}
	}
	for _, t := range q.Tables {
		if err := s.lockRelation(t.DB, t.Oid, mode); err != nil {
			return err
		}
	}
	for _, t := range q.Modified { // written by a data-modifying WITH
		if err := s.lockRelation(t.DB, t.Oid, lmgr.RowExclusive); err != nil {
			return err
		}
	}
	return nil
}

// lockTable runs LOCK TABLE: only inside a transaction block, as in
// PostgreSQL.
func (s *Session) lockTable(n *parser.LockStmt) (string, error) {
	if !s.inBlock {
		return "", pgerr.New(pgerr.NoActiveSQLTransaction, "LOCK TABLE can only be used in transaction blocks")
	}
	mode := lmgr.Mode(n.Mode) // both number the modes as PostgreSQL does
	if n.Mode == 0 {
		mode = lmgr.AccessExclusive
	}
	for _, rv := range n.Relations {
		rel, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), rv.Schema, rv.Name)
		if err != nil {
			return "", err
		}
		if err := s.checkLockTable(rel, mode); err != nil {
			return "", err
		}
		opts := s.lockOpts()
		opts.NoWait, opts.RelationName = n.NoWait, rel.Name
		if err := s.lockTag(lmgr.RelationTag(s.db, rel.Oid), mode, opts); err != nil {
			return "", err
		}
	}
	return "LOCK TABLE", nil
}

// releaseLocks drops the transaction's locks (and the session's, at its
// end).
func (s *Session) releaseLocks(sessionToo bool) {
	if s.e.locks != nil {
		s.e.locks.ReleaseAll(sessionToo)
	}
}

// voidValue is a void function's result: not NULL, printed as nothing.
var voidValue = types.String("")

// Advisory locks.
func init() {
	type advFn struct {
		name    string
		session bool
		shared  bool
		try     bool
	}
	for _, f := range []advFn{
		{"pg_advisory_lock", true, false, false}, {"pg_advisory_lock_shared", true, true, false},
		{"pg_advisory_xact_lock", false, false, false}, {"pg_advisory_xact_lock_shared", false, true, false},
		{"pg_try_advisory_lock", true, false, true}, {"pg_try_advisory_lock_shared", true, true, true},
		{"pg_try_advisory_xact_lock", false, false, true}, {"pg_try_advisory_xact_lock_shared", false, true, true},
	} {
		f := f
		mode := lmgr.Exclusive
		if f.shared {
			mode = lmgr.Share
		}
		result := types.VoidOid
		if f.try {
			result = types.BoolOid
		}
		call := func(c *funcs.Ctx, tag lmgr.Tag) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil || s.e.locks == nil {
				return types.Null, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "advisory locks need a session")
			}
			if f.try {
				ok, err := s.e.locks.TryLock(tag, mode, f.session)
				return types.Bool(ok), err
			}
			opts := s.lockOpts()
			opts.Session = f.session
			return voidValue, s.lockTag(tag, mode, opts)
		}
		funcs.Register(&funcs.Func{Name: f.name, Args: []types.Oid{types.Int8Oid}, Result: result, Volatility: funcs.Volatile, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				return call(c, lmgr.AdvisoryTag(sessionOf(c).db, a[0].I))
			}})
		funcs.Register(&funcs.Func{Name: f.name, Args: []types.Oid{types.Int4Oid, types.Int4Oid}, Result: result, Volatility: funcs.Volatile, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				return call(c, lmgr.AdvisoryTag2(sessionOf(c).db, int32(a[0].I), int32(a[1].I)))
			}})
	}
	for _, shared := range []bool{false, true} {
		name, mode := "pg_advisory_unlock", lmgr.Exclusive
		if shared {
			name, mode = "pg_advisory_unlock_shared", lmgr.Share
		}
		unlock := func(c *funcs.Ctx, tag lmgr.Tag) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil || s.e.locks == nil {
				return types.Bool(false), nil
			}
			if !s.e.locks.Unlock(tag, mode, true) {
				w := pgerr.New("01000", "you don't own a lock of type %s", mode)
				w.Severity = pgerr.SeverityWarning
				s.notices = append(s.notices, w)
				return types.Bool(false), nil
			}
			return types.Bool(true), nil
		}
		funcs.Register(&funcs.Func{Name: name, Args: []types.Oid{types.Int8Oid}, Result: types.BoolOid, Volatility: funcs.Volatile, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				return unlock(c, lmgr.AdvisoryTag(sessionOf(c).db, a[0].I))
			}})
		funcs.Register(&funcs.Func{Name: name, Args: []types.Oid{types.Int4Oid, types.Int4Oid}, Result: types.BoolOid, Volatility: funcs.Volatile, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				return unlock(c, lmgr.AdvisoryTag2(sessionOf(c).db, int32(a[0].I), int32(a[1].I)))
			}})
	}
	funcs.Register(&funcs.Func{Name: "pg_advisory_unlock_all", Result: types.VoidOid, Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			if s := sessionOf(c); s != nil && s.e.locks != nil {
				s.e.locks.ReleaseSession(lmgr.TagAdvisory)
			}
			return voidValue, nil
		}})
}

// pg_lock_status() is pg_locks' function: one row per lock held or
// waited for, from the lock manager's table. Virtual transaction ids do
// not exist here: those columns are NULL.
func init() {
	txt, o, i4, i2 := types.TextOid, types.OidOid, types.Int4Oid, types.Int2Oid
	out := []funcs.Column{{Name: "locktype", Type: txt}, {Name: "database", Type: o}, {Name: "relation", Type: o},
		{Name: "page", Type: i4}, {Name: "tuple", Type: i2}, {Name: "virtualxid", Type: txt}, {Name: "transactionid", Type: types.XidOid},
		{Name: "classid", Type: o}, {Name: "objid", Type: o}, {Name: "objsubid", Type: i2}, {Name: "virtualtransaction", Type: txt},
		{Name: "pid", Type: i4}, {Name: "mode", Type: txt}, {Name: "granted", Type: types.BoolOid}, {Name: "fastpath", Type: types.BoolOid},
		{Name: "waitstart", Type: types.TimestampTZOid}}
	funcs.Register(&funcs.Func{Oid: 1371, Name: "pg_lock_status", Result: types.RecordOid, RetSet: true, Out: out, Volatility: funcs.Volatile, Strict: true,
		SRF: func(c *funcs.Ctx, _ []types.Datum) (funcs.Rows, error) {
			s := sessionOf(c)
			if s == nil || s.e.locks == nil {
				return &lockRows{}, nil
			}
			return &lockRows{infos: append(s.e.locks.Snapshot(), s.siReadLocks()...), row: make([]types.Datum, len(out))}, nil
		}})
}

type lockRows struct {
	infos []lmgr.LockInfo
	row   []types.Datum
}

func (r *lockRows) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	if len(r.infos) == 0 {
		return nil, false, nil
	}
	l := r.infos[0]
	r.infos = r.infos[1:]
	row := r.row
	for i := range row {
		row[i] = types.Null
	}
	row[0] = types.String(l.LockType)
	switch l.LockType {
	case "relation", "page", "tuple":
		row[1], row[2] = types.Int(int64(l.Database)), types.Int(int64(l.Relation))
		if l.LockType != "relation" {
			row[3] = types.Int(int64(l.Page))
		}
		if l.LockType == "tuple" {
			row[4] = types.Int(int64(l.Tuple))
		}
	case "transactionid":
		row[6] = types.Int(int64(l.TransactionID))
	default:
		row[1], row[7], row[8], row[9] = types.Int(int64(l.Database)), types.Int(int64(l.ClassID)), types.Int(int64(l.ObjID)), types.Int(int64(l.ObjSubID))
	}
	row[11] = types.Int(int64(l.Pid))
	row[12] = types.String(l.Mode)
	row[13], row[14] = types.Bool(l.Granted), types.Bool(l.FastPath)
	if !l.WaitStart.IsZero() {
		row[15] = types.Int(micros2000(l.WaitStart))
	}
	return row, true, nil
}
