package engine

import (
	"time"

	"ringpg/backend/checkpoint"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
	"ringpg/shm"
)

// Database and cluster statistics: the pg_stat_get_db_* functions behind
// pg_stat_database and pg_stat_database_conflicts read the database
// entries of package pgstat (counted at every transaction's end, plus
// sessions, deadlocks and temporary files where they happen); numbackends
// counts the proc array's sessions. The pg_stat_get_bgwriter_* and
// pg_stat_get_buf_* functions behind pg_stat_bgwriter read the
// checkpointer's and background writer's counters (package checkpoint)
// and the backends' buffer pool work (pgstat). What the server does not
// do is 0, as PostgreSQL shows it for a feature it does not use: recovery
// conflicts, I/O timing (track_io_timing), per-relation block counts
// (pg_statio_*), backend fsyncs; checksum_failures is NULL, as without
// data checksums.

// countIO has the statistics count the process's buffer pool work at
// each transaction's end and its temporary files as they are removed,
// toward the session's database.
func (e *Engine) countIO() {
	if e.pool != nil {
		e.stats.IO = func() pgstat.IO {
			st := e.pool.Stats()
			return pgstat.IO{Hits: st.Hits, Reads: st.Reads, Writes: st.Writes, Allocs: st.Reads + st.Extends}
		}
	}
	if e.exec.Temp != nil {
		e.exec.Temp.OnRemove = func(n int64) {
			tab := e.stats.Table()
			tab.AddDB(e.stats.DB, pgstat.TempFiles, 1)
			tab.AddDB(e.stats.DB, pgstat.TempBytes, n)
		}
	}
}

// dbStats reads database db's counters (zero when it has none yet).
func dbStats(c *funcs.Ctx, db uint32) pgstat.DBRow {
	s := sessionOf(c)
	if s == nil {
		return pgstat.DBRow{}
	}
	r, _ := s.e.stats.Table().GetDB(db)
	return r
}

// numBackends counts the sessions connected to database db, as
// pg_stat_activity lists them.
func numBackends(s *Session, db uint32) int64 {
	if db == s.db {
		return countBackends(s.e.seg, s.dbName)
	}
	if s.xact == nil {
		return 0 // no snapshot to read pg_database with
	}
	dbs, err := s.cat.Databases(s.snapshot())
	if err != nil {
		return 0
	}
	for _, d := range dbs {
		if d.Oid == db {
			return countBackends(s.e.seg, d.Name)
		}
	}
	return 0
}

func countBackends(seg *shm.Segment, name string) int64 {
	var n int64
	for i := range seg.MaxProcs() {
		p := seg.Proc(i)
		switch p.State() {
		case shm.ProcFree, shm.ProcStarting, shm.ProcIdleInPool, shm.ProcExiting:
			continue
		}
		if a := p.Activity(); a.Pid != 0 && a.Database == name {
			n++
		}
	}
	return n
}

// bgwriterStats reads the checkpointer's and background writer's counters.
func bgwriterStats(c *funcs.Ctx) checkpoint.Stats {
	s := sessionOf(c)
	if s == nil || s.e.seg == nil {
		return checkpoint.Stats{}
	}
	st, _ := checkpoint.ReadStats(s.e.seg)
	return st
}

// countDeadlock counts a deadlock this session's statement lost (PostgreSQL
// counts it in the detecting backend's database).
func (s *Session) countDeadlock(err error) {
	if pgerr.From(err).Code == pgerr.DeadlockDetected {
		s.e.stats.Table().AddDB(s.db, pgstat.Deadlocks, 1)
	}
}

func init() {
	oid, i8, f8, ts := types.OidOid, types.Int8Oid, types.Float8Oid, types.TimestampTZOid
	reg := func(fo types.Oid, name string, args []types.Oid, res types.Oid, f func(c *funcs.Ctx, a []types.Datum) types.Datum) {
		funcs.Register(&funcs.Func{Oid: fo, Name: name, Args: args, Result: res, Volatility: funcs.Stable, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) { return f(c, a), nil }})
	}
	dbArg := []types.Oid{oid}
	counter := func(fo types.Oid, name string, f func(r *pgstat.DBRow) int64) {
		reg(fo, name, dbArg, i8, func(c *funcs.Ctx, a []types.Datum) types.Datum {
			r := dbStats(c, uint32(a[0].I))
			return types.Int(f(&r))
		})
	}
	of := func(k pgstat.DBCounter) func(r *pgstat.DBRow) int64 {
		return func(r *pgstat.DBRow) int64 { return r[k] }
	}
	zero := func(*pgstat.DBRow) int64 { return 0 }
	counter(1942, "pg_stat_get_db_xact_commit", of(pgstat.XactCommit))
	counter(1943, "pg_stat_get_db_xact_rollback", of(pgstat.XactRollback))
	counter(1944, "pg_stat_get_db_blocks_fetched", func(r *pgstat.DBRow) int64 { return r[pgstat.BlocksRead] + r[pgstat.BlocksHit] })
	counter(1945, "pg_stat_get_db_blocks_hit", of(pgstat.BlocksHit))
	counter(2758, "pg_stat_get_db_tuples_returned", of(pgstat.DBTuplesReturned))
	counter(2759, "pg_stat_get_db_tuples_fetched", of(pgstat.DBTuplesFetched))
	counter(2760, "pg_stat_get_db_tuples_inserted", of(pgstat.DBTuplesInserted))
	counter(2761, "pg_stat_get_db_tuples_updated", of(pgstat.DBTuplesUpdated))
	counter(2762, "pg_stat_get_db_tuples_deleted", of(pgstat.DBTuplesDeleted))
	counter(3150, "pg_stat_get_db_temp_files", of(pgstat.TempFiles))
	counter(3151, "pg_stat_get_db_temp_bytes", of(pgstat.TempBytes))
	counter(3152, "pg_stat_get_db_deadlocks", of(pgstat.Deadlocks))
	counter(6188, "pg_stat_get_db_sessions", of(pgstat.Sessions))
	counter(6189, "pg_stat_get_db_sessions_abandoned", of(pgstat.SessionsAbandoned))
	counter(6190, "pg_stat_get_db_sessions_fatal", of(pgstat.SessionsFatal))
	counter(6191, "pg_stat_get_db_sessions_killed", of(pgstat.SessionsKilled))
	// No hot standby: no recovery conflicts.
	counter(3065, "pg_stat_get_db_conflict_tablespace", zero)
	counter(3066, "pg_stat_get_db_conflict_lock", zero)
	counter(3067, "pg_stat_get_db_conflict_snapshot", zero)
	counter(3068, "pg_stat_get_db_conflict_bufferpin", zero)
	counter(3069, "pg_stat_get_db_conflict_startup_deadlock", zero)
	counter(3070, "pg_stat_get_db_conflict_all", zero)
	millis := func(fo types.Oid, name string, k pgstat.DBCounter) {
		reg(fo, name, dbArg, f8, func(c *funcs.Ctx, a []types.Datum) types.Datum {
			if k < 0 {
				return types.Float(0) // no I/O timing
			}
			r := dbStats(c, uint32(a[0].I))
			return types.Float(float64(r[k]) / 1000)
		})
	}
	millis(2844, "pg_stat_get_db_blk_read_time", -1)
	millis(2845, "pg_stat_get_db_blk_write_time", -1)
	millis(6185, "pg_stat_get_db_session_time", pgstat.SessionTime)
	millis(6186, "pg_stat_get_db_active_time", pgstat.ActiveTime)
	millis(6187, "pg_stat_get_db_idle_in_transaction_time", pgstat.IdleInXactTime)
	reg(1941, "pg_stat_get_db_numbackends", dbArg, types.Int4Oid, func(c *funcs.Ctx, a []types.Datum) types.Datum {
		s := sessionOf(c)
		if s == nil {
			return types.Int(0)
		}
		return types.Int(numBackends(s, uint32(a[0].I)))
	})
	// Without data checksums PostgreSQL shows NULL for both.
	reg(3426, "pg_stat_get_db_checksum_failures", dbArg, i8, func(*funcs.Ctx, []types.Datum) types.Datum { return types.Null })
	reg(3428, "pg_stat_get_db_checksum_last_failure", dbArg, ts, func(*funcs.Ctx, []types.Datum) types.Datum { return types.Null })
	reg(3074, "pg_stat_get_db_stat_reset_time", dbArg, ts, func(c *funcs.Ctx, a []types.Datum) types.Datum {
		if at := dbStats(c, uint32(a[0].I))[pgstat.StatReset]; at != 0 {
			return types.Int(at)
		}
		return types.Null
	})
	// Blocks are not counted per relation (the buffer manager counts per
	// process, published per database).
	reg(1934, "pg_stat_get_blocks_fetched", dbArg, i8, func(*funcs.Ctx, []types.Datum) types.Datum { return types.Int(0) })
	reg(1935, "pg_stat_get_blocks_hit", dbArg, i8, func(*funcs.Ctx, []types.Datum) types.Datum { return types.Int(0) })

	bg := func(fo types.Oid, name string, f func(st *checkpoint.Stats) int64) {
		reg(fo, name, nil, i8, func(c *funcs.Ctx, _ []types.Datum) types.Datum {
			st := bgwriterStats(c)
			return types.Int(f(&st))
		})
	}
	bg(2769, "pg_stat_get_bgwriter_timed_checkpoints", func(st *checkpoint.Stats) int64 { return st.TimedCheckpoints })
	bg(2770, "pg_stat_get_bgwriter_requested_checkpoints", func(st *checkpoint.Stats) int64 { return st.RequestedCheckpoints })
	bg(2771, "pg_stat_get_bgwriter_buf_written_checkpoints", func(st *checkpoint.Stats) int64 { return st.BuffersCheckpoint })
	bg(2772, "pg_stat_get_bgwriter_buf_written_clean", func(st *checkpoint.Stats) int64 { return st.BuffersClean })
	bg(2773, "pg_stat_get_bgwriter_maxwritten_clean", func(st *checkpoint.Stats) int64 { return st.MaxWrittenClean })
	bg(3063, "pg_stat_get_buf_fsync_backend", func(*checkpoint.Stats) int64 { return 0 })
	reg(3160, "pg_stat_get_checkpoint_write_time", nil, f8, func(c *funcs.Ctx, _ []types.Datum) types.Datum {
		return types.Float(float64(bgwriterStats(c).WriteTime.Microseconds()) / 1000)
	})
	reg(3161, "pg_stat_get_checkpoint_sync_time", nil, f8, func(c *funcs.Ctx, _ []types.Datum) types.Datum {
		return types.Float(float64(bgwriterStats(c).SyncTime.Microseconds()) / 1000)
	})
	reg(3075, "pg_stat_get_bgwriter_stat_reset_time", nil, ts, func(c *funcs.Ctx, _ []types.Datum) types.Datum {
		if at := bgwriterStats(c).Reset; !at.IsZero() {
			return types.Int(micros2000(at))
		}
		return types.Null
	})
	buf := func(fo types.Oid, name string, alloc bool) {
		reg(fo, name, nil, i8, func(c *funcs.Ctx, _ []types.Datum) types.Datum {
			s := sessionOf(c)
			if s == nil {
				return types.Int(0)
			}
			w, al := s.e.stats.Table().Buffers()
			if alloc {
				return types.Int(int64(al))
			}
			return types.Int(int64(w))
		})
	}
	buf(2775, "pg_stat_get_buf_written_backend", false)
	buf(2859, "pg_stat_get_buf_alloc", true)
}

// SessionEnd says how a client's session ended (pg_stat_database's
// sessions_* columns).
type SessionEnd int

// How sessions end.
const (
	SessionNormal    SessionEnd = iota // the client said Terminate
	SessionAbandoned                   // the connection was lost
	SessionFatal                       // a FATAL error ended it
	SessionKilled                      // an administrator terminated it
)

// SessionTimes are what a client's session spent: in all, running
// statements, and idle inside a transaction.
type SessionTimes struct {
	Total, Active, IdleInXact time.Duration
}

// CountConnect counts a client's session in its database's sessions.
func (s *Session) CountConnect() {
	s.e.stats.Table().AddDB(s.db, pgstat.Sessions, 1)
}

// CountDisconnect adds a client's ended session to its database's
// session counters and times.
func (s *Session) CountDisconnect(how SessionEnd, t SessionTimes) {
	tab := s.e.stats.Table()
	tab.AddDB(s.db, pgstat.SessionTime, t.Total.Microseconds())
	tab.AddDB(s.db, pgstat.ActiveTime, t.Active.Microseconds())
	tab.AddDB(s.db, pgstat.IdleInXactTime, t.IdleInXact.Microseconds())
	switch how {
	case SessionAbandoned:
		tab.AddDB(s.db, pgstat.SessionsAbandoned, 1)
	case SessionFatal:
		tab.AddDB(s.db, pgstat.SessionsFatal, 1)
	case SessionKilled:
		tab.AddDB(s.db, pgstat.SessionsKilled, 1)
	}
}
