package engine

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/wal"
	"ringpg/backend/access/xlog"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/parser"
	"ringpg/serverlog"
	"time"

	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
	"ringpg/settings"
)

const (
	isoReadCommitted = iota
	isoRepeatableRead
	isoSerializable
)

// Session is the SQL state of one client session.
type Session struct {
	// cancelCheck is checkInterrupts as a func value, made once: a
	// method value made per statement (lock options) is an allocation.
	cancelCheck func() error

	// onCommit are the session's temporary tables with an ON COMMIT
	// action (DROP, DELETE ROWS), by oid (temptables.go).
	onCommit map[uint32]parser.OnCommitAction

	// utilitySQL is the text of the utility statement running, for error
	// positions (errAt).
	utilitySQL string

	// creating is the table CREATE TABLE is defining, while its
	// constraints are read: a foreign key naming it references itself.
	creating struct {
		ns   uint32
		name string
	}

	e      *Engine
	cat    *catalog.Catalog
	db     uint32
	dbName string
	user   string
	set    *settings.Set
	env    *types.Env
	fctx   *funcs.Ctx

	// Transaction state. xact is nil between transactions. inBlock is an
	// explicit BEGIN; failed the aborted-block state (25P02) which only
	// ROLLBACK (or COMMIT, which rolls back) leaves.
	xact       *transam.Xact
	inBlock    bool
	failed     bool
	isolation  int
	readOnly   bool
	queried    bool              // a statement of the transaction ran the executor (SET TRANSACTION ISOLATION is too late)
	txnSnap    *transam.Snapshot // REPEATABLE READ: the transaction's snapshot
	ssi        *ssiTxn           // a SERIALIZABLE transaction registered for SSI (serializable.go)
	ssiRegErr  error             // why registering it failed, for the statement to report
	wrote      bool              // the current command changed something (advance the command id)
	didDDL     bool
	savepoints []string
	subMarks   []catalog.SubMark // parallel to savepoints: the catalog's pending file work when each was set
	txnStart   time.Time

	tables    map[*catalog.Relation]*plan.Table
	interrupt func() error
	prepared  map[string]*sqlPrepared // SQL-level PREPARE
	notices   []*pgerr.Error
	deadline  time.Time // statement_timeout's, zero when none
	// statDrops are the relations and databases the transaction drops,
	// whose statistics its commit forgets.
	statDrops   []pgstat.Key
	statDropDBs []uint32
	statTruncs  []pgstat.Key // relations the transaction truncates
	// autovacuum marks the autovacuum process's session: its VACUUM and
	// ANALYZE count as automatic ones.
	autovacuum bool
	// autovacTable is the table autovacuum works on (0: none), whose
	// lock waiters make it give way.
	autovacTable uint32
	// autovacStats is what the last VACUUM of the autovacuum session
	// found, for log_autovacuum_min_duration's line.
	autovacStats heap.VacuumStats
	litBuf       []parser.Const

	// cursors are the session's DECLAREd cursors by name (cursor.go);
	// implicitBlock is set while a simple Query message of several
	// statements runs, which PostgreSQL treats as a transaction block.
	cursors        map[string]*cursor
	implicitBlock  bool
	protocolPortal func(name string) bool // nil: no protocol layer

	// dropProtocolStmt drops a statement prepared by a protocol Parse
	// (every named one for ""), reporting whether name existed: DEALLOCATE
	// sees both kinds, as they share one namespace. Set by the session
	// layer; nil when there is none.
	dropProtocolStmt func(name string) bool

	// userTypeNames counts resolutions of user type names (enumtype.go).
	userTypeNames int

	ntf notifyState // LISTEN/NOTIFY (notify.go)
}

// NewSession starts the SQL side of a session on database dbName for user.
// interrupt reports a pending cancel (57014) or termination.
func (e *Engine) NewSession(db uint32, dbName, user string, set *settings.Set, interrupt func() error) (*Session, error) {
	cat, err := e.catalog(db)
	if err != nil {
		return nil, err
	}
	s := &Session{e: e, cat: cat, db: db, dbName: dbName, user: user, set: set,
		tables: map[*catalog.Relation]*plan.Table{}, interrupt: interrupt, prepared: map[string]*sqlPrepared{}}
	e.stats.DB = db
	s.env = typesEnv(set)
	s.fctx = &funcs.Ctx{Env: s.env, Session: s, Setting: func(name string) (string, bool, error) {
		v, err := set.Show(name)
		if err != nil {
			return "", false, nil
		}
		return v, true, nil
	}}
	s.fctx.SetSetting = s.setConfig
	if e.wal != nil {
		s.fctx.WAL = e.walInfo
	}
	s.installHooks()
	types.SetUserTypes(userTypes{s: s, memo: map[uint32]userTypeMemo{}})
	e.exec.Ctx = s.fctx
	cat.SetSchemaCheck(s.schemaUsable)
	return s, nil
}

// Close aborts an open transaction and forgets the session's sequence
// state.
func (s *Session) Close() {
	s.closeCursors(func(*cursor) bool { return true })
	if s.xact != nil {
		s.abort()
	}
	s.dropTempObjects()
	s.releaseLocks(true)
	s.cat.ResetSession()
	s.notifyClose()
}

// dropTempObjects removes the session's temporary relations, in a
// transaction of its own, as the session ends. A failure leaves them to
// the next session of the backend's slot, which empties the schema when
// it first uses it.
func (s *Session) dropTempObjects() {
	if !s.cat.HasTemp() {
		return
	}
	s.begin()
	s.cat.BeginStatement()
	s.didDDL = true
	if err := s.cat.DropTempObjects(s.xact, s.snapshot()); err != nil {
		serverlog.Errorf("could not drop temporary objects: %v", err)
		s.abort()
		return
	}
	if err := s.commit(); err != nil {
		serverlog.Errorf("could not drop temporary objects: %v", err)
	}
}

// SettingsChanged re-reads the settings that value I/O depends on (after
// SET or RESET).
func (s *Session) SettingsChanged() {
	env := typesEnv(s.set)
	*s.env = *env
	s.installHooks()
}

// setConfig is set_config(name, value, is_local): SET, or SET LOCAL
// (which outside a transaction block lasts until the statement's implicit
// transaction ends).
func (s *Session) setConfig(name, value string, reset, isLocal bool) (string, error) {
	var err error
	switch {
	case reset:
		err = s.set.SetToDefault(name, true, isLocal)
	case isLocal:
		err = s.set.SetLocal(name, value, true)
	default:
		err = s.set.SetSession(name, value, true)
	}
	if err != nil {
		return "", err
	}
	s.SettingsChanged()
	return s.set.Show(name)
}

// TxStatus is ReadyForQuery's status: 'I' idle, 'T' in a block, 'E' failed.
func (s *Session) TxStatus() byte {
	switch {
	case s.failed:
		return 'E'
	case s.inBlock:
		return 'T'
	}
	return 'I'
}

func (s *Session) checkInterrupts() error {
	if s.interrupt != nil {
		if err := s.interrupt(); err != nil {
			return err
		}
	}
	if !s.deadline.IsZero() && time.Now().After(s.deadline) {
		return pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	}
	return nil
}

// startStatement notes the statement's start for statement_timeout and
// statement_timestamp().
func (s *Session) startStatement() {
	now := timeNow()
	s.fctx.StmtStart = micros2000(now)
	s.deadline = time.Time{}
	if d := s.set.StatementTimeout(); d > 0 {
		s.deadline = now.Add(d)
	}
	s.e.exec.WorkMem = s.set.WorkMemBytes()
	s.e.exec.HashMemMultiplier = s.set.RealOf(settings.HashMemMultiplier)
	s.e.exec.Temp.SetLimit(s.set.IntOf(settings.TempFileLimit))
}

// begin starts a transaction if none is open.
func (s *Session) begin() {
	if s.xact != nil {
		return
	}
	s.xact = s.e.tm.Begin()
	s.set.BeginTx() // SET inside the transaction is undone if it aborts, SET LOCAL at its end
	s.txnStart = time.Now()
	s.fctx.TxnStart = micros2000(s.txnStart)
	s.env.TxnStart = s.txnStart
	s.isolation = isoReadCommitted
	switch s.set.DefaultTransactionIsolation() {
	case settings.IsolationRepeatableRead:
		s.isolation = isoRepeatableRead
	case settings.IsolationSerializable:
		s.isolation = isoSerializable
	}
	if s.isolation != isoReadCommitted {
		// SHOW transaction_isolation reports the default taken.
		_ = s.set.SetLocal("transaction_isolation", s.set.ShowOf(settings.DefaultTransactionIsolation), true)
	}
	s.readOnly = s.set.DefaultTransactionReadOnly()
	s.queried = false
	s.e.stats.Track = s.set.BoolOf(settings.TrackCounts)
	s.txnSnap = nil
	s.didDDL = false
	s.savepoints, s.subMarks = nil, nil
}

// snapshot returns the snapshot a statement runs with.
func (s *Session) snapshot() *transam.Snapshot {
	if s.isolation == isoReadCommitted {
		return s.xact.Snapshot()
	}
	if s.txnSnap == nil {
		if s.isolation == isoSerializable && s.e.pred != nil {
			s.registerSerializable()
			return s.txnSnap
		}
		s.txnSnap = s.xact.Snapshot()
		return s.txnSnap
	}
	return s.txnSnap.WithCid(s.xact.Cid())
}

// commit ends the transaction, making its work visible.
func (s *Session) commit() error {
	if err := s.cursorsAtCommit(); err != nil {
		s.abort()
		return err
	}
	if err := s.onCommitActions(); err != nil {
		s.abort()
		return err
	}
	x := s.xact
	s.xact, s.inBlock, s.failed = nil, false, false
	if x == nil {
		return nil
	}
	s.endSettings(true)
	s.e.syncCommit = s.set.EnumOf(settings.SynchronousCommit) != int(settings.SyncCommitOff)
	s.e.drops = s.commitDrops()
	if err := s.ssiPreCommit(); err != nil {
		s.xact = x
		s.abort()
		return err
	}
	notes, err := s.notifyPreCommit()
	if err != nil {
		s.xact = x
		s.abort()
		return err
	}
	if err := x.Commit(); err != nil {
		s.notifyAtEnd(notes, false)
		s.ssiEnd(false)
		s.endXactStats(false)
		s.cat.AtAbort()
		s.releaseLocks(false)
		return err
	}
	s.notifyAtEnd(notes, true)
	s.endXactStats(true)
	s.ssiEnd(true)
	defer s.releaseLocks(false) // after the catalog announces its changes
	if s.didDDL {
		s.e.exec.ForgetAll()
	}
	return s.cat.AtCommit()
}

// endSettings ends the settings' transaction: SET LOCAL values go, and
// plain SETs too when it aborted; the environment follows what changed.
func (s *Session) endSettings(commit bool) {
	if s.set.EndTx(commit) {
		s.SettingsChanged()
	}
}

// abort rolls the transaction back.
func (s *Session) abort() {
	x := s.xact
	s.xact, s.inBlock, s.failed = nil, false, false
	s.cursorsAtAbort()
	if x == nil {
		return
	}
	s.endSettings(false)
	x.Abort()
	s.notifyAtEnd(nil, false)
	s.ssiEnd(false)
	s.endXactStats(false)
	s.cat.AtAbort()
	s.releaseLocks(false)
	if n := s.e.pool.ReleaseAll(); n > 0 {
		// Every portal of the transaction is gone with it; a pin left
		// behind is a leak the error path missed.
		serverlog.Errorf("released %d buffer pins left at transaction abort", n)
	}
	if s.didDDL {
		s.e.exec.ForgetAll()
	}
	s.tables = map[*catalog.Relation]*plan.Table{}
}

// statementFailed is called when a statement fails: an implicit
// transaction aborts at once, an explicit block enters the failed state.
func (s *Session) statementFailed() {
	if s.inBlock {
		s.failed = true
		return
	}
	s.abort()
}

// EndOfMessage ends the implicit transaction of a simple Query message or
// of an extended-protocol batch at Sync.
func (s *Session) EndOfMessage() error {
	if s.inBlock || s.xact == nil {
		return nil
	}
	return s.commit()
}

// afterCommand advances the command id so the next command sees what
// this one wrote.
func (s *Session) afterCommand() error {
	if s.xact == nil {
		return nil
	}
	if s.didDDL {
		s.cat.NoteOwnDDL()
		s.tables = map[*catalog.Relation]*plan.Table{}
	}
	return s.xact.CommandCounterIncrement()
}

// failedError is what every command but ROLLBACK gets in a failed block.
func failedError() error {
	return pgerr.New(pgerr.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// Env returns the session's value I/O environment.
func (s *Session) Env() *types.Env { return s.env }

// SetProtocolStatements gives DEALLOCATE the way to drop statements
// prepared by a protocol Parse: drop(name) drops one and says whether it
// existed; drop("") drops every named one.
func (s *Session) SetProtocolStatements(drop func(name string) bool) { s.dropProtocolStmt = drop }

// AbortMessage ends a simple Query message that failed: the implicit
// transaction is rolled back; an explicit block enters the failed state.
func (s *Session) AbortMessage() {
	if s.xact != nil {
		s.statementFailed()
	}
}

// nextCommand makes what the current command wrote to the catalog visible
// to the rest of it (a DDL command that reads back what it wrote).
func (s *Session) nextCommand() error {
	s.cat.NoteOwnDDL()
	s.tables = map[*catalog.Relation]*plan.Table{}
	return s.xact.CommandCounterIncrement()
}

// AbortAfterPanic rolls back after a statement panicked (a bug): the
// transaction, explicit or not, ends, and every buffer pin and content
// lock the process still holds is released.
func (s *Session) AbortAfterPanic() {
	s.abort()
	s.e.exec.ForgetAll()
	if n := s.e.pool.ReleaseAll(); n > 0 {
		serverlog.Errorf("released %d buffer pins left by a failed statement", n)
	}
}

// commitDrops lists what the commit will remove, for its WAL record.
func (s *Session) commitDrops() xlog.Drops {
	files, dbs := s.cat.PendingDrops()
	if len(files) == 0 && len(dbs) == 0 {
		return xlog.Drops{}
	}
	d := xlog.Drops{DBs: dbs}
	for _, f := range files {
		d.Rels = append(d.Rels, wal.RelFileLocator{Spc: f.Spc, DB: f.DB, Rel: f.Relfilenode})
	}
	return d
}
