package catalog

import (
	"math"

	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
)

// PgStatistic is pg_statistic: ANALYZE's per-column statistics.
// Departure: stavaluesN are text[] holding the values' text forms (there
// is no anyarray storage), as aclitem[] columns are.
const PgStatistic uint32 = 2619

// StatSlots is the number of stakindN slots of a pg_statistic row.
const StatSlots = 5

var colsStatistic = func() []catCol {
	cols := []catCol{
		{"starelid", 26, true}, {"staattnum", 21, true}, {"stainherit", 16, true},
		{"stanullfrac", 700, true}, {"stawidth", 23, true}, {"stadistinct", 700, true},
	}
	for _, group := range []struct {
		prefix  string
		typ     types.Oid
		notNull bool
	}{{"stakind", 21, true}, {"staop", 26, true}, {"stacoll", 26, true}, {"stanumbers", 1021, false}, {"stavalues", 1009, false}} {
		for i := 1; i <= StatSlots; i++ {
			cols = append(cols, catCol{group.prefix + string(rune('0'+i)), group.typ, group.notNull})
		}
	}
	return cols
}()

// StatSlot is one slot of a pg_statistic row: its kind (0 when empty),
// operator, collation, numbers and values' text forms (nil: NULL).
type StatSlot struct {
	Kind    int16
	Op      uint32
	Coll    uint32
	Numbers []float32
	Values  []string
}

// ColumnStats is a pg_statistic row.
type ColumnStats struct {
	Rel      uint32
	Att      int16
	Inherit  bool
	NullFrac float32
	Width    int32
	Distinct float32
	Slots    [StatSlots]StatSlot
}

func (s *ColumnStats) row() *row {
	r := newRow(catalogByOid[PgStatistic])
	r.set("starelid", dOid(s.Rel)).set("staattnum", dInt2(s.Att)).set("stainherit", dBool(s.Inherit)).
		set("stanullfrac", dFloat4(s.NullFrac)).set("stawidth", dInt4(s.Width)).set("stadistinct", dFloat4(s.Distinct))
	for i, sl := range s.Slots {
		n := string(rune('1' + i))
		r.set("stakind"+n, dInt2(sl.Kind)).set("staop"+n, dOid(sl.Op)).set("stacoll"+n, dOid(sl.Coll))
		if sl.Numbers != nil {
			el := make([][]byte, len(sl.Numbers))
			for j, f := range sl.Numbers {
				el[j] = dFloat4(f)
			}
			r.set("stanumbers"+n, dArray(types.Float4Oid, 1, el, 'i'))
		}
		if sl.Values != nil {
			r.set("stavalues"+n, dTextArray(sl.Values))
		}
	}
	return r
}

func readColumnStats(r *crow) (ColumnStats, error) {
	s := ColumnStats{Rel: r.oid("starelid"), Att: r.int2("staattnum"), Inherit: r.bool("stainherit"),
		NullFrac: r.float4("stanullfrac"), Width: r.int4("stawidth"), Distinct: r.float4("stadistinct")}
	for i := range s.Slots {
		n := string(rune('1' + i))
		sl := &s.Slots[i]
		sl.Kind, sl.Op, sl.Coll = r.int2("stakind"+n), r.oid("staop"+n), r.oid("stacoll"+n)
		if !r.isNull("stanumbers" + n) {
			el, err := arrayElems(r.payload("stanumbers"+n), 4, 'i')
			if err != nil {
				return s, err
			}
			sl.Numbers = make([]float32, len(el))
			for j, b := range el {
				sl.Numbers[j] = math.Float32frombits(gOid(b))
			}
		}
		if !r.isNull("stavalues" + n) {
			sl.Values = r.texts("stavalues" + n)
		}
	}
	return s, r.err
}

// ReplaceStatistics replaces the statistics of relation rel's columns
// atts with stats (ANALYZE, in the caller's transaction). Columns in atts
// without an entry in stats lose theirs.
func (c *Catalog) ReplaceStatistics(tx heap.Txn, snap heap.Snapshot, rel uint32, atts []int16, stats []ColumnStats) error {
	c.didDDL = true
	gone := map[int16]bool{}
	for _, a := range atts {
		gone[a] = true
	}
	err := c.scan(snap, PgStatistic, func(r *crow) (bool, error) {
		if r.oid("starelid") == rel && gone[r.int2("staattnum")] {
			return true, c.delete(tx, PgStatistic, r.tid)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	for i := range stats {
		if _, err := c.insert(tx, stats[i].row()); err != nil {
			return err
		}
	}
	return nil
}

// Statistics returns the pg_statistic rows of relation rel (none when it
// was never analyzed).
func (c *Catalog) Statistics(snap heap.Snapshot, rel uint32) ([]ColumnStats, error) {
	var out []ColumnStats
	err := c.scan(snap, PgStatistic, func(r *crow) (bool, error) {
		if r.oid("starelid") != rel {
			return true, nil
		}
		s, err := readColumnStats(r)
		if err != nil {
			return false, err
		}
		out = append(out, s)
		return true, nil
	})
	return out, err
}

// StatTargets returns the attstattarget of relation rel's columns by
// attnum (-1: default_statistics_target applies).
func (c *Catalog) StatTargets(snap heap.Snapshot, rel uint32) (map[int16]int32, error) {
	out := map[int16]int32{}
	err := c.scan(snap, PgAttribute, func(r *crow) (bool, error) {
		if r.oid("attrelid") == rel && r.int2("attnum") > 0 {
			out[r.int2("attnum")] = r.int4("attstattarget")
		}
		return true, nil
	})
	return out, err
}

// SetStatTarget sets a column's attstattarget (ALTER TABLE ... ALTER
// COLUMN ... SET STATISTICS; -1 restores the default).
func (c *Catalog) SetStatTarget(tx heap.Txn, snap heap.Snapshot, rel uint32, num int16, target int32) error {
	d := c.cmd(tx, snap)
	d.updateAtt(rel, num, func(row *row) { row.set("attstattarget", dInt4(target)) })
	return d.flush()
}

// pgStatsView is pg_stats, PostgreSQL 15's view over pg_statistic: the
// rows of the columns the user may read. Departures: the value arrays
// are text[] (see PgStatistic), and readability is SELECT on the table
// (there are no column privileges).
var pgStatsView = systemView{oid: 12053, rule: 12056, name: "pg_stats", cols: []catCol{
	{"schemaname", 19, false}, {"tablename", 19, false}, {"attname", 19, false}, {"inherited", 16, false},
	{"null_frac", 700, false}, {"avg_width", 23, false}, {"n_distinct", 700, false},
	{"most_common_vals", 1009, false}, {"most_common_freqs", 1021, false}, {"histogram_bounds", 1009, false},
	{"correlation", 700, false}, {"most_common_elems", 1009, false}, {"most_common_elem_freqs", 1021, false},
	{"elem_count_histogram", 1021, false},
}, query: "SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname, s.stainherit AS inherited, " +
	"s.stanullfrac AS null_frac, s.stawidth AS avg_width, s.stadistinct AS n_distinct, " +
	statSlotCase(1, "s.stavalues") + " AS most_common_vals, " +
	statSlotCase(1, "s.stanumbers") + " AS most_common_freqs, " +
	statSlotCase(2, "s.stavalues") + " AS histogram_bounds, " +
	statSlotCase(3, "s.stanumbers", "[1]") + " AS correlation, " +
	statSlotCase(4, "s.stavalues") + " AS most_common_elems, " +
	statSlotCase(4, "s.stanumbers") + " AS most_common_elem_freqs, " +
	statSlotCase(5, "s.stanumbers") + " AS elem_count_histogram " +
	"FROM pg_catalog.pg_statistic s JOIN pg_catalog.pg_class c ON c.oid = s.starelid " +
	"JOIN pg_catalog.pg_attribute a ON c.oid = a.attrelid AND a.attnum = s.staattnum " +
	"LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
	"WHERE NOT a.attisdropped AND pg_catalog.has_table_privilege(c.oid, 'select')"}

// statSlotCase is the CASE expression that picks the slot of kind kind:
// "CASE WHEN s.stakind1 = kind THEN col1 ... END".
func statSlotCase(kind int, col string, sub ...string) string {
	suffix := ""
	if len(sub) > 0 {
		suffix = sub[0]
	}
	k := string(rune('0' + kind))
	out := "CASE"
	for i := 1; i <= StatSlots; i++ {
		n := string(rune('0' + i))
		out += " WHEN s.stakind" + n + " = " + k + " THEN " + col + n + suffix
	}
	return out + " END"
}
