package engine

import (
	"errors"
	"strings"

	"ringpg/backend/access/heap"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
	"ringpg/settings"
)

// What the autovacuum process (package autovacuum) needs of the engine: the
// databases to visit, a session on one of them without a client, its
// tables with their reltuples, and VACUUM / ANALYZE of one table run by
// the same code as the SQL statements, marked as automatic.

// AutovacuumDatabase is a database autovacuum visits.
type AutovacuumDatabase struct {
	Oid  uint32
	Name string
}

// AutovacuumDatabases lists the databases that accept connections
// (template0 does not), read in a short transaction of its own.
func (e *Engine) AutovacuumDatabases() ([]AutovacuumDatabase, error) {
	c, err := e.catalog(catalog.Template1DB)
	if err != nil {
		return nil, err
	}
	x := e.tm.Begin()
	defer x.Abort()
	c.BeginStatement()
	dbs, err := c.Databases(x.Snapshot())
	if err != nil {
		return nil, err
	}
	var out []AutovacuumDatabase
	for _, d := range dbs {
		if d.AllowConn {
			out = append(out, AutovacuumDatabase{Oid: d.Oid, Name: d.Name})
		}
	}
	return out, nil
}

// NewAutovacuumSession starts a session on database db for the
// autovacuum process: its VACUUM and ANALYZE are reported as automatic,
// it skips a table whose lock it cannot have at once, and it gives way
// (cancels its work on a table) when another process waits for a lock
// that conflicts with its own, as PostgreSQL's autovacuum does.
func (e *Engine) NewAutovacuumSession(db uint32, dbName string, set *settings.Set, interrupt func() error) (*Session, error) {
	var s *Session
	check := func() error {
		if interrupt != nil {
			if err := interrupt(); err != nil {
				return err
			}
		}
		return s.yieldToWaiters()
	}
	s, err := e.NewSession(db, dbName, "postgres", set, check)
	if err != nil {
		return nil, err
	}
	s.autovacuum = true
	return s, nil
}

// AutovacuumTable is a table autovacuum may work on.
type AutovacuumTable struct {
	Oid          uint32
	Schema, Name string
	Tuples       float32 // reltuples; -1 when never counted
}

// AutovacuumTables lists the session database's ordinary tables (not the
// shared catalogs, not temporary tables, not those created WITH
// (autovacuum_enabled = false)), read in a short transaction.
func (s *Session) AutovacuumTables() ([]AutovacuumTable, error) {
	s.begin()
	s.cat.BeginStatement()
	defer s.abort()
	rels, err := s.cat.Relations(s.snapshot())
	if err != nil {
		return nil, err
	}
	var out []AutovacuumTable
	for _, r := range rels {
		if r.Kind != catalog.KindTable || r.Shared || r.Persistence == catalog.PersistenceTemp || r.NoAutovacuum {
			continue
		}
		out = append(out, AutovacuumTable{Oid: r.Oid, Schema: r.NamespaceName, Name: r.Name, Tuples: r.Tuples})
	}
	return out, nil
}

// optionTrue reads a boolean reloption as PostgreSQL's parse_bool does
// (no value means true).
func optionTrue(o *parser.DefElem) bool {
	c, ok := o.Arg.(*parser.AConst)
	if !ok {
		return true
	}
	switch c.Kind {
	case parser.ConstBool:
		return c.Bool
	case parser.ConstInteger:
		return c.Ival != 0
	}
	switch strings.ToLower(c.Val) {
	case "false", "off", "no", "0", "f", "n":
		return false
	}
	return true
}

// ErrAutovacuumSkipped says a table was skipped: its lock was not free.
var ErrAutovacuumSkipped = errors.New("lock not available")

// AutovacuumRun runs VACUUM (with analyze: VACUUM ANALYZE) or ANALYZE
// alone of table t, as the statements would, outside any transaction.
func (s *Session) AutovacuumRun(t AutovacuumTable, vacuum, analyze bool) error {
	if !vacuum && !analyze {
		return nil
	}
	n := &parser.VacuumStmt{IsVacuum: vacuum,
		Rels: []*parser.VacuumRelation{{Relation: &parser.RangeVar{Schema: t.Schema, Name: t.Name}}}}
	if vacuum && analyze {
		n.Options = []*parser.DefElem{{Name: "analyze"}}
	}
	s.autovacTable = t.Oid
	s.autovacStats = heap.VacuumStats{}
	defer func() { s.autovacTable = 0 }()
	s.begin()
	s.cat.BeginStatement()
	_, err := s.vacuum(n)
	if err != nil {
		s.abort()
		s.TakeNotices()
		if pe := pgerr.From(err); pe.Code == pgerr.LockNotAvailable {
			return ErrAutovacuumSkipped
		}
		return err
	}
	s.TakeNotices()
	if s.xact != nil {
		return s.commit()
	}
	return nil
}

// AutovacuumStats is what the session's last VACUUM found.
func (s *Session) AutovacuumStats() heap.VacuumStats { return s.autovacStats }

// yieldToWaiters fails with PostgreSQL's "canceling autovacuum task"
// when another process waits for a lock on the table being worked on
// that conflicts with VACUUM's ShareUpdateExclusive.
func (s *Session) yieldToWaiters() error {
	if s == nil || s.autovacTable == 0 || s.e.locks == nil {
		return nil
	}
	for _, l := range s.e.locks.Snapshot() {
		if l.Granted || l.LockType != "relation" || l.Relation != s.autovacTable || l.Database != s.db {
			continue
		}
		switch l.Mode {
		case "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock":
			return pgerr.New(pgerr.QueryCanceled, "canceling autovacuum task")
		}
	}
	return nil
}
