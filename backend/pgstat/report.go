package pgstat

// Reports of VACUUM and ANALYZE, which replace the estimates with what
// they saw (pgstat_report_vacuum, pgstat_report_analyze).

// ReportVacuum records a VACUUM of k: live and dead are what it counted
// (dead: versions it could not remove yet), now is its end as a
// timestamptz; auto says autovacuum ran it. Inserts since the last vacuum
// start again from zero.
func (t *Table) ReportVacuum(k Key, live, dead int64, now int64, auto bool) {
	if t == nil {
		return
	}
	e := t.entryFor(k)
	if e == nil {
		return
	}
	e.c[LiveTuples].Store(max(live, 0))
	e.c[DeadTuples].Store(max(dead, 0))
	e.c[InsSinceVacuum].Store(0)
	if auto {
		e.c[LastAutovacuum].Store(now)
		e.c[AutovacuumCount].Add(1)
	} else {
		e.c[LastVacuum].Store(now)
		e.c[VacuumCount].Add(1)
	}
}

// ReportTruncate records a committed TRUNCATE of k: no live or dead
// version is left (the other counters go on, as in PostgreSQL 15).
// Call it before publishing the truncating transaction's own counts.
func (t *Table) ReportTruncate(k Key) {
	if t == nil {
		return
	}
	if e := t.lookup(k); e != nil {
		e.c[LiveTuples].Store(0)
		e.c[DeadTuples].Store(0)
	}
}

// ReportAnalyze records an ANALYZE of k: live and dead are its counts
// (dead < 0: not counted, the estimate stays); changes since the last
// analyze start again from zero.
func (t *Table) ReportAnalyze(k Key, live, dead int64, now int64, auto bool) {
	if t == nil {
		return
	}
	e := t.entryFor(k)
	if e == nil {
		return
	}
	e.c[LiveTuples].Store(max(live, 0))
	if dead >= 0 {
		e.c[DeadTuples].Store(dead)
	}
	e.c[ModSinceAnalyze].Store(0)
	if auto {
		e.c[LastAutoanalyze].Store(now)
		e.c[AutoanalyzeCount].Add(1)
	} else {
		e.c[LastAnalyze].Store(now)
		e.c[AnalyzeCount].Add(1)
	}
}
