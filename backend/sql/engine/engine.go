package engine

import (
	"fmt"
	"path/filepath"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/notify"
	"ringpg/backend/pgstat"
	"ringpg/backend/storage/lmgr"
	"ringpg/backend/storage/predicate"
	"strings"
	"time"

	"ringpg/backend/access/transam"
	"ringpg/backend/access/xlog"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/exec"
	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/storage/bufmgr"
	"ringpg/pgerr"
	"ringpg/settings"
	"ringpg/shm"
)

// Engine is one backend's SQL engine: the transaction manager handle, the
// catalogs it has opened (one per database), and the executor's relation
// handles, all kept across sessions.
type Engine struct {
	pool    *bufmgr.Pool
	seg     *shm.Segment
	dataDir string
	tm      *transam.Manager
	cats    map[uint32]*catalog.Catalog
	exec    *exec.Env
	pid     int32
	plans   map[planKey]*cachedPlan // the simple protocol's plan cache (plancache.go)
	proc    *shm.Proc               // this backend's proc slot
	slot    int                     // its number (names the temporary schema pg_temp_N)
	locks   *lmgr.Manager           // table and advisory locks
	pred    *predicate.Manager      // SIREAD locks of SERIALIZABLE transactions; nil: the segment has none (tests)
	wal     *xlog.Log               // nil: nothing is logged (tests)
	stats   *pgstat.Backend         // table and index statistics (pgstat.go)
	notifyq *notify.Queue           // LISTEN/NOTIFY; nil: the segment has none (tests)

	// syncCommit is the committing session's synchronous_commit: whether
	// a commit waits for its record to be durable.
	syncCommit bool
	// drops is what the committing transaction's commit removes, for its
	// commit record.
	drops xlog.Drops
}

// New binds the engine of a backend that owns proc slot slot.
// lg is the process's WAL (nil: commits are not logged).
func New(pool *bufmgr.Pool, seg *shm.Segment, dataDir string, slot int, pid int32, lg *xlog.Log) (*Engine, error) {
	tm, err := transam.Attach(seg, dataDir, slot)
	if err != nil {
		return nil, fmt.Errorf("attach transaction manager: %w", err)
	}
	e := &Engine{pool: pool, seg: seg, dataDir: dataDir, tm: tm, cats: map[uint32]*catalog.Catalog{}, pid: pid, plans: map[planKey]*cachedPlan{}, proc: seg.Proc(slot), slot: slot}
	e.exec = exec.NewEnv(pool, nil, nil)
	e.exec.Temp = spill.NewManager(filepath.Join(dataDir, "base", spill.DirName), int(pid))
	if err := spill.RemoveOwn(e.exec.Temp.Dir(), int(pid)); err != nil {
		return nil, err
	}
	e.stats = pgstat.NewBackend(pgstat.Attach(seg.Region(pgstat.RegionName)))
	if seg.Region(notify.RegionName) != nil {
		if e.notifyq, err = notify.Attach(seg); err != nil {
			return nil, err
		}
	}
	e.exec.Stats = e.stats
	e.countIO()
	if lg != nil {
		e.wal = lg
		e.syncCommit = true
		lg.BindCommits(tm, func() bool { return e.syncCommit }, func() xlog.Drops { return e.drops })
	}
	if e.locks, err = lmgr.Attach(seg, slot); err != nil {
		return nil, fmt.Errorf("attach lock manager: %w", err)
	}
	e.locks.SetRowWaits(e.rowWaitEdge)
	if seg.Region(predicate.RegionName) != nil {
		if e.pred, err = predicate.Attach(seg, slot); err != nil {
			return nil, fmt.Errorf("attach predicate lock manager: %w", err)
		}
		e.exec.SplitHook = e.pred.SplitPage
	}
	return e, nil
}

// Close ends the engine's open work (an open transaction is aborted).
func (e *Engine) Close() {
	for _, c := range e.cats {
		c.Close()
	}
	e.tm.Close()
}

// Flush writes the commit log (at shutdown).
func (e *Engine) Flush() error { return e.tm.Flush() }

func (e *Engine) catalog(db uint32) (*catalog.Catalog, error) {
	if c, ok := e.cats[db]; ok {
		return c, nil
	}
	c, err := catalog.Open(e.pool, e.seg, e.dataDir, db)
	if err != nil {
		return nil, err
	}
	e.cats[db] = c
	return c, nil
}

// LookupDatabase checks a startup packet's database and role against the
// catalog (3D000, 28000), in a short transaction of its own.
func (e *Engine) LookupDatabase(dbName, user string) (uint32, error) {
	c, err := e.catalog(catalog.Template1DB)
	if err != nil {
		return 0, err
	}
	x := e.tm.Begin()
	defer x.Abort()
	snap := x.Snapshot()
	c.BeginStatement()
	role, err := c.Role(snap, user)
	if err != nil {
		return 0, pgerr.New(pgerr.InvalidAuthorizationSpec, "role %q does not exist", user)
	}
	if !role.CanLogin {
		return 0, pgerr.New(pgerr.InvalidAuthorizationSpec, "role %q is not permitted to log in", user)
	}
	if role.ConnLimit >= 0 && !role.Super && e.sessionsOf(user) >= int(role.ConnLimit) {
		return 0, pgerr.New(pgerr.TooManyConnections, "too many connections for role %q", user)
	}
	db, err := c.Database(snap, dbName)
	if err != nil {
		return 0, err
	}
	if !db.AllowConn {
		return 0, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "database %q is not currently accepting connections", dbName)
	}
	if !role.Super {
		ok, err := c.Grants(snap, role.Oid, db.ACL, acl.Database, db.Owner, acl.Connect)
		if err != nil {
			return 0, err
		}
		if ok == 0 {
			return 0, pgerr.New(pgerr.InsufficientPrivilege, "permission denied for database \"%s\"", dbName).
				WithDetail("User does not have CONNECT privilege.")
		}
	}
	return db.Oid, nil
}

// typesEnv builds the value I/O environment from the session's settings.
func typesEnv(set *settings.Set) *types.Env {
	env := types.DefaultEnv()
	env.DateStyle = set.DateStyle()
	if v, err := set.Show("IntervalStyle"); err == nil {
		env.IntervalStyle = strings.ToLower(v)
	}
	if loc, err := datetime.LoadZone(set.TimeZone()); err == nil {
		env.TimeZone = loc
	}
	if v, err := set.Show("extra_float_digits"); err == nil {
		var n int
		fmt.Sscan(v, &n)
		env.ExtraFloatDigits = n
	}
	if v, err := set.Show("bytea_output"); err == nil {
		env.ByteaOutput = v
	}
	return env
}

// micros2000 converts a time to microseconds since 2000-01-01 UTC.
func micros2000(t time.Time) int64 {
	return t.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).Microseconds()
}

var _ = funcs.Ctx{}

// walInfo reports the WAL's positions and counters to pg_current_wal_lsn()
// and pg_stat_get_wal().
func (e *Engine) walInfo() funcs.WALInfo {
	w := e.wal.WAL()
	st := w.Stats()
	return funcs.WALInfo{
		Insert: uint64(w.InsertPos()), Write: uint64(w.CurrentLSN()), Flush: uint64(w.FlushedUpTo()),
		Records: st.Records, FPI: st.FPI, Bytes: st.Bytes, BuffersFull: st.BuffersFull,
		Writes: st.Writes, Syncs: st.Syncs,
		WriteTime: float64(st.WriteTime) / float64(time.Millisecond),
		SyncTime:  float64(st.SyncTime) / float64(time.Millisecond),
	}
}

// sessionsOf counts the other sessions logged in as user (the proc array).
func (e *Engine) sessionsOf(user string) int {
	n := 0
	for i := 0; i < e.seg.MaxProcs(); i++ {
		p := e.seg.Proc(i)
		if p == e.proc || p.Pid() == 0 {
			continue
		}
		a := p.Activity()
		switch a.State {
		case shm.ProcFree, shm.ProcStarting, shm.ProcIdleInPool, shm.ProcExiting:
			continue
		}
		if a.User == user {
			n++
		}
	}
	return n
}
