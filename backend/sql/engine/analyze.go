package engine

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/colstats"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// ANALYZE's column statistics (commands/analyze.c): the table is read
// once, its rows sampled (colstats.Sampler: every row when there are
// fewer than the sample size, 300 x the largest statistics target of its
// columns), each column's statistics computed by colstats and written to
// pg_statistic in the analyzing transaction, replacing the old ones.

// maxStatTarget is the largest statistics target a column may have.
const maxStatTarget = 10000

// analyzeColumn is a column ANALYZE gathers statistics for.
type analyzeColumn struct {
	idx    int // position in the row
	num    int16
	typ    types.T
	len    int
	target int
}

// analyzeColumns lists rel's live columns with a statistics target
// other than 0.
func (s *Session) analyzeColumns(rel *catalog.Relation) ([]analyzeColumn, error) {
	targets, err := s.cat.StatTargets(s.snapshot(), rel.Oid)
	if err != nil {
		return nil, err
	}
	def := int(s.set.Int("default_statistics_target"))
	desc := rel.Desc()
	var out []analyzeColumn
	for i, c := range rel.Columns {
		if c.Dropped {
			continue
		}
		target := def
		if t, ok := targets[c.Num]; ok && t >= 0 {
			target = int(t)
		}
		if target == 0 {
			continue
		}
		l := desc.Attrs[i].Len
		if l < 0 {
			l = 0
		}
		out = append(out, analyzeColumn{idx: i, num: c.Num, typ: c.Type, len: l, target: target})
	}
	return out, nil
}

// sampleSize is the number of rows ANALYZE samples for cols.
func sampleSize(cols []analyzeColumn) int {
	n := 0
	for _, c := range cols {
		n = max(n, colstats.RowsPerTarget*c.target)
	}
	return n
}

// columnValues decodes column c of the sampled tuples.
func columnValues(h *heap.Heap, desc *tuple.Desc, c analyzeColumn, rows [][]byte) ([]colstats.Value, error) {
	out := make([]colstats.Value, len(rows))
	values := make([][]byte, desc.Natts())
	nulls := make([]bool, desc.Natts())
	for i, tup := range rows {
		if err := tuple.DeformPrefix(desc, tup, values, nulls, c.idx+1); err != nil {
			return nil, err
		}
		if c.idx >= len(values) || nulls[c.idx] {
			out[i] = colstats.Value{D: types.Null}
			continue
		}
		v := values[c.idx]
		var width, raw int
		if c.len == 0 {
			kind, size, err := tuple.VarInfo(v)
			if err != nil {
				return nil, err
			}
			width = size
			if kind == tuple.VarCompressed || kind == tuple.VarExternal {
				p, err := h.Detoast(v)
				if err != nil {
					return nil, err
				}
				v = tuple.MakeVarlena(p)
				raw = len(p) + tuple.VarHdrSz
			} else {
				p, err := tuple.Payload(v)
				if err != nil {
					return nil, err
				}
				raw = len(p) + tuple.VarHdrSz
			}
		}
		d, err := types.FromStored(c.typ, v)
		if err != nil {
			return nil, err
		}
		out[i] = colstats.Value{D: d, Width: width, TooWide: raw > colstats.WidthThreshold}
	}
	return out, nil
}

// ordered reports whether a type has a B-tree ordering (json has none,
// nor even equality: it gets only the NULL fraction and width).
func ordered(t types.T) bool { return t.Oid != types.JSONOid }

// columnStats converts colstats' result for column c to its
// pg_statistic row. Values are stored in their text form under the
// default settings (ISO dates, shortest floats), so that the planner can
// read them back whatever the session's DateStyle.
func (s *Session) columnStats(rel *catalog.Relation, c analyzeColumn, st colstats.Column) catalog.ColumnStats {
	out := catalog.ColumnStats{Rel: rel.Oid, Att: c.num, NullFrac: float32(st.NullFrac), Width: st.Width, Distinct: float32(st.Distinct)}
	var coll uint32
	if types.Category(c.typ.Oid) == 'S' {
		coll = 100 // the default collation
		if c.typ.Oid == types.NameOid {
			coll = 950 // C
		}
	}
	for i, sl := range st.Slots {
		if i >= catalog.StatSlots {
			break
		}
		cs := &out.Slots[i]
		cs.Kind, cs.Coll = sl.Kind, coll
		if sl.Numbers != nil {
			cs.Numbers = make([]float32, len(sl.Numbers))
			for j, f := range sl.Numbers {
				cs.Numbers[j] = float32(f)
			}
		}
		if sl.Values != nil {
			cs.Values = make([]string, len(sl.Values))
			for j, d := range sl.Values {
				cs.Values[j] = types.Output(c.typ, d, nil)
			}
		}
	}
	return out
}

// storeColumnStats computes the statistics of cols from the sampled rows
// and replaces rel's pg_statistic rows with them.
func (s *Session) storeColumnStats(rel *catalog.Relation, h *heap.Heap, cols []analyzeColumn, rows [][]byte, totalRows float64) error {
	desc := rel.Desc()
	var stats []catalog.ColumnStats
	var atts []int16
	for _, c := range cols {
		if err := s.checkInterrupts(); err != nil {
			return err
		}
		atts = append(atts, c.num)
		vals, err := columnValues(h, desc, c, rows)
		if err != nil {
			return err
		}
		st, ok := colstats.Compute(colstats.ColumnInput{Type: c.typ, Len: c.len, Ordered: ordered(c.typ)}, vals, totalRows, c.target)
		if !ok {
			continue
		}
		stats = append(stats, s.columnStats(rel, c, st))
	}
	if len(rows) == 0 {
		// An empty table keeps the statistics it had, as in PostgreSQL.
		return nil
	}
	s.didDDL = true
	return s.cat.ReplaceStatistics(s.xact, s.snapshot(), rel.Oid, atts, stats)
}

// setStatTarget runs ALTER TABLE ... ALTER COLUMN ... SET STATISTICS.
func (s *Session) setStatTarget(rel *catalog.Relation, name string, e parser.Expr) error {
	c, ok := e.(*parser.AConst)
	if !ok || c.Kind != parser.ConstInteger {
		return pgerr.New(pgerr.SyntaxError, "syntax error at or near \"STATISTICS\"")
	}
	target := c.Ival
	if target < -1 {
		return pgerr.New(pgerr.InvalidParameterValue, "statistics target %d is too low", target)
	}
	if target > maxStatTarget {
		w := pgerr.New(pgerr.InvalidParameterValue, "lowering statistics target to %d", maxStatTarget)
		w.Severity = "WARNING"
		s.notice(w)
		target = maxStatTarget
	}
	col := rel.Column(name)
	if col == nil || col.Dropped {
		return pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, rel.Name)
	}
	return s.cat.SetStatTarget(s.xact, s.snapshot(), rel.Oid, col.Num, int32(target))
}

// tableStats gives the planner's description of rel the statistics
// ANALYZE stored, when it ran.
func (s *Session) tableStats(t *plan.Table, rel *catalog.Relation) error {
	t.Rows = float64(rel.Tuples)
	if rel.Kind != catalog.KindTable || rel.Tuples <= 0 {
		return nil
	}
	rows, err := s.cat.Statistics(s.snapshot(), rel.Oid)
	if err != nil || len(rows) == 0 {
		return err
	}
	t.Stats = make([]*colstats.Stats, len(rel.Columns))
	for _, r := range rows {
		i := int(r.Att) - 1
		if i < 0 || i >= len(rel.Columns) || rel.Columns[i].Dropped || r.Inherit {
			continue
		}
		t.Stats[i] = plannerStats(rel.Columns[i].Type, &r)
	}
	return nil
}

// plannerStats converts a pg_statistic row to the planner's form; values
// that no longer read as the column's type are left out.
func plannerStats(typ types.T, r *catalog.ColumnStats) *colstats.Stats {
	st := &colstats.Stats{Type: typ, NullFrac: float64(r.NullFrac), Distinct: float64(r.Distinct)}
	values := func(ss []string) ([]types.Datum, bool) {
		out := make([]types.Datum, len(ss))
		for i, v := range ss {
			d, err := types.Input(typ, v, nil)
			if err != nil {
				return nil, false
			}
			out[i] = d
		}
		return out, true
	}
	for _, sl := range r.Slots {
		switch sl.Kind {
		case colstats.KindMCV:
			if vs, ok := values(sl.Values); ok && len(vs) == len(sl.Numbers) {
				st.MCV = vs
				for _, f := range sl.Numbers {
					st.MCVFreqs = append(st.MCVFreqs, float64(f))
				}
			}
		case colstats.KindHistogram:
			if vs, ok := values(sl.Values); ok {
				st.Hist = vs
			}
		case colstats.KindCorrelation:
			if len(sl.Numbers) > 0 {
				st.Corr, st.HasCorr = float64(sl.Numbers[0]), true
			}
		}
	}
	return st
}
