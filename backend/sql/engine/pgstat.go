package engine

import (
	"ringpg/backend/catalog"
	"ringpg/backend/checkpoint"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Table statistics (package pgstat): the executor counts into the
// engine's pgstat.Backend; a transaction's end publishes the counts;
// VACUUM and ANALYZE report what they saw; the commit of a DROP forgets
// the relations' statistics. The pg_stat_get_* functions behind
// pg_stat_all_tables and pg_stat_all_indexes read the shared table.

// endXactStats publishes the transaction's counts and, after a commit,
// forgets the statistics of what it dropped.
func (s *Session) endXactStats(commit bool) {
	tab := s.e.stats.Table()
	if commit {
		for _, k := range s.statTruncs {
			tab.ReportTruncate(k)
		}
	}
	s.e.stats.EndXact(commit)
	if commit {
		tab.Forget(s.statDrops...)
		for _, db := range s.statDropDBs {
			tab.ForgetDatabase(db)
		}
	}
	s.statDrops, s.statDropDBs, s.statTruncs = s.statDrops[:0], s.statDropDBs[:0], s.statTruncs[:0]
}

// noteStatDrops remembers relations a DROP removes (tables, their
// indexes and toast relations) until the transaction ends.
func (s *Session) noteStatDrops(files []catalog.RelFile) {
	for _, f := range files {
		s.statDrops = append(s.statDrops, pgstat.Key{DB: f.DB, Rel: f.Oid})
	}
}

// statKey is rel's statistics key in the session's database.
func (s *Session) statKey(rel *catalog.Relation) pgstat.Key {
	if rel.Shared {
		return pgstat.Key{Rel: rel.Oid}
	}
	return pgstat.Key{DB: s.db, Rel: rel.Oid}
}

// reportVacuum records a finished VACUUM of rel: live and dead versions
// left (dead: not yet removable).
func (s *Session) reportVacuum(rel *catalog.Relation, live, dead int64) {
	s.e.stats.Table().ReportVacuum(s.statKey(rel), live, dead, micros2000(timeNow()), s.autovacuum)
}

// reportAnalyze records a finished ANALYZE of rel.
func (s *Session) reportAnalyze(rel *catalog.Relation, live, dead int64) {
	s.e.stats.Table().ReportAnalyze(s.statKey(rel), live, dead, micros2000(timeNow()), s.autovacuum)
}

// StatsTable is the shared statistics table (autovacuum reads it).
func (e *Engine) StatsTable() *pgstat.Table { return e.stats.Table() }

// relStats reads the statistics of relation oid as PostgreSQL's
// pgstat_fetch_stat_tabentry does: the session's database, then the
// shared relations.
func relStats(c *funcs.Ctx, oid uint32) (pgstat.Row, bool) {
	s := sessionOf(c)
	if s == nil {
		return pgstat.Row{}, false
	}
	tab := s.e.stats.Table()
	if r, ok := tab.Get(pgstat.Key{DB: s.db, Rel: oid}); ok {
		return r, true
	}
	return tab.Get(pgstat.Key{Rel: oid})
}

func init() {
	counter := func(oid types.Oid, name string, k pgstat.Counter) {
		funcs.Register(&funcs.Func{Oid: oid, Name: name, Args: []types.Oid{types.OidOid}, Result: types.Int8Oid,
			Volatility: funcs.Stable, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				r, _ := relStats(c, uint32(a[0].I))
				return types.Int(r[k]), nil
			}})
	}
	counter(1928, "pg_stat_get_numscans", pgstat.NumScans)
	counter(1929, "pg_stat_get_tuples_returned", pgstat.TuplesReturned)
	counter(1930, "pg_stat_get_tuples_fetched", pgstat.TuplesFetched)
	counter(1931, "pg_stat_get_tuples_inserted", pgstat.TuplesInserted)
	counter(1932, "pg_stat_get_tuples_updated", pgstat.TuplesUpdated)
	counter(1933, "pg_stat_get_tuples_deleted", pgstat.TuplesDeleted)
	counter(1972, "pg_stat_get_tuples_hot_updated", pgstat.TuplesHotUpdated)
	counter(2878, "pg_stat_get_live_tuples", pgstat.LiveTuples)
	counter(2879, "pg_stat_get_dead_tuples", pgstat.DeadTuples)
	counter(3177, "pg_stat_get_mod_since_analyze", pgstat.ModSinceAnalyze)
	counter(5053, "pg_stat_get_ins_since_vacuum", pgstat.InsSinceVacuum)
	counter(3054, "pg_stat_get_vacuum_count", pgstat.VacuumCount)
	counter(3055, "pg_stat_get_autovacuum_count", pgstat.AutovacuumCount)
	counter(3056, "pg_stat_get_analyze_count", pgstat.AnalyzeCount)
	counter(3057, "pg_stat_get_autoanalyze_count", pgstat.AutoanalyzeCount)
	when := func(oid types.Oid, name string, k pgstat.Counter) {
		funcs.Register(&funcs.Func{Oid: oid, Name: name, Args: []types.Oid{types.OidOid}, Result: types.TimestampTZOid,
			Volatility: funcs.Stable, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				r, _ := relStats(c, uint32(a[0].I))
				if r[k] == 0 {
					return types.Null, nil
				}
				return types.Int(r[k]), nil
			}})
	}
	when(2781, "pg_stat_get_last_vacuum_time", pgstat.LastVacuum)
	when(2782, "pg_stat_get_last_autovacuum_time", pgstat.LastAutovacuum)
	when(2783, "pg_stat_get_last_analyze_time", pgstat.LastAnalyze)
	when(2784, "pg_stat_get_last_autoanalyze_time", pgstat.LastAutoanalyze)
	void := func(oid types.Oid, name string, f func(s *Session)) {
		funcs.Register(&funcs.Func{Oid: oid, Name: name, Result: types.VoidOid, Volatility: funcs.Volatile,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				if s := sessionOf(c); s != nil {
					f(s)
				}
				return voidValue, nil
			}})
	}
	// Counts are published at every transaction's end, so there is
	// nothing to flush and no snapshot of the statistics to clear.
	void(2137, "pg_stat_force_next_flush", func(*Session) {})
	void(2230, "pg_stat_clear_snapshot", func(*Session) {})
	void(2274, "pg_stat_reset", func(s *Session) { s.e.stats.Table().ResetDatabase(s.db, micros2000(timeNow())) })
	funcs.Register(&funcs.Func{Oid: 3776, Name: "pg_stat_reset_single_table_counters", Args: []types.Oid{types.OidOid},
		Result: types.VoidOid, Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			if s := sessionOf(c); s != nil {
				tab, oid := s.e.stats.Table(), uint32(a[0].I)
				k := pgstat.Key{DB: s.db, Rel: oid}
				if _, ok := tab.Get(k); !ok {
					if _, ok := tab.Get(pgstat.Key{Rel: oid}); ok {
						k = pgstat.Key{Rel: oid} // a shared catalog
					}
				}
				tab.ResetRelation(k, micros2000(timeNow()))
			}
			return voidValue, nil
		}})
	funcs.Register(&funcs.Func{Oid: 3775, Name: "pg_stat_reset_shared", Args: []types.Oid{types.TextOid}, Result: types.VoidOid,
		Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			switch target := a[0].S; target {
			case "bgwriter":
				if s != nil {
					s.e.stats.Table().ResetBuffers()
					if s.e.seg != nil {
						if err := checkpoint.ResetStats(s.e.seg, timeNow()); err != nil {
							return types.Null, err
						}
					}
				}
			case "archiver", "recovery_prefetch", "wal":
				// Nothing to reset: no archiver, no prefetching, and the
				// WAL counters have no reset.
			default:
				return types.Null, pgerr.New(pgerr.InvalidParameterValue, "unrecognized reset target: \"%s\"", target).
					WithHint("Target must be \"archiver\", \"bgwriter\", \"recovery_prefetch\", or \"wal\".")
			}
			return voidValue, nil
		}})
}
