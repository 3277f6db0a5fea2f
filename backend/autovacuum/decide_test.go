package autovacuum

import (
	"testing"

	"ringpg/backend/pgstat"
)

func TestDecide(t *testing.T) {
	def := Thresholds{VacuumBase: 50, VacuumScale: 0.2, InsertBase: 1000, InsertScale: 0.2, AnalyzeBase: 50, AnalyzeScale: 0.1}
	noIns := def
	noIns.InsertBase = -1
	row := func(dead, ins, mod int64) pgstat.Row {
		var r pgstat.Row
		r[pgstat.DeadTuples], r[pgstat.InsSinceVacuum], r[pgstat.ModSinceAnalyze] = dead, ins, mod
		return r
	}
	cases := []struct {
		name         string
		r            pgstat.Row
		reltuples    float32
		th           Thresholds
		vacuum, anlz bool
	}{
		{"nothing", row(0, 0, 0), 1000, def, false, false},
		{"dead at the threshold", row(250, 0, 0), 1000, def, false, false},
		{"dead above the threshold", row(251, 0, 0), 1000, def, true, false},
		{"never counted: reltuples -1 is 0", row(51, 0, 0), -1, def, true, false},
		{"inserts above the insert threshold", row(0, 1201, 0), 1000, def, true, false},
		{"insert vacuums off", row(0, 1e6, 0), 1000, noIns, false, false},
		{"changes above the analyze threshold", row(0, 0, 151), 1000, def, false, true},
		{"both", row(1000, 0, 1000), 1000, def, true, true},
	}
	for _, c := range cases {
		v, a := Decide(c.r, c.reltuples, c.th)
		if v != c.vacuum || a != c.anlz {
			t.Errorf("%s: vacuum %v analyze %v, want %v %v", c.name, v, a, c.vacuum, c.anlz)
		}
	}
}
