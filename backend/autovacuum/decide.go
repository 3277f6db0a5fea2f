package autovacuum

import (
	"ringpg/backend/pgstat"
	"ringpg/settings"
)

// Thresholds are the settings that decide which tables need work.
type Thresholds struct {
	VacuumBase, VacuumScale   float64 // autovacuum_vacuum_threshold, _scale_factor
	InsertBase, InsertScale   float64 // autovacuum_vacuum_insert_threshold (-1: off), _scale_factor
	AnalyzeBase, AnalyzeScale float64 // autovacuum_analyze_threshold, _scale_factor
}

// ThresholdsOf reads the thresholds from the settings.
func ThresholdsOf(set *settings.Set) Thresholds {
	return Thresholds{
		VacuumBase:   float64(set.IntOf(settings.AutovacuumVacuumThreshold)),
		VacuumScale:  set.RealOf(settings.AutovacuumVacuumScaleFactor),
		InsertBase:   float64(set.IntOf(settings.AutovacuumVacuumInsertThreshold)),
		InsertScale:  set.RealOf(settings.AutovacuumVacuumInsertScaleFactor),
		AnalyzeBase:  float64(set.IntOf(settings.AutovacuumAnalyzeThreshold)),
		AnalyzeScale: set.RealOf(settings.AutovacuumAnalyzeScaleFactor),
	}
}

// Decide says whether a table with statistics row and pg_class.reltuples
// needs VACUUM and ANALYZE (PostgreSQL's relation_needs_vacanalyze):
// dead versions above threshold + scale factor × reltuples, or inserts
// since the last vacuum above the insert threshold; changes since the
// last analyze above the analyze threshold.
func Decide(row pgstat.Row, reltuples float32, th Thresholds) (vacuum, analyze bool) {
	rt := float64(max(reltuples, 0)) // -1: never counted
	vacThresh := th.VacuumBase + th.VacuumScale*rt
	insThresh := th.InsertBase + th.InsertScale*rt
	anlThresh := th.AnalyzeBase + th.AnalyzeScale*rt
	vacuum = float64(row[pgstat.DeadTuples]) > vacThresh ||
		th.InsertBase >= 0 && float64(row[pgstat.InsSinceVacuum]) > insThresh
	analyze = float64(row[pgstat.ModSinceAnalyze]) > anlThresh
	return vacuum, analyze
}
