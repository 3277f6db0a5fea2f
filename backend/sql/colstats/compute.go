package colstats

import (
	"math"
	"slices"

	"ringpg/backend/sql/types"
)

// Statistic kinds of pg_statistic's stakindN slots.
const (
	KindMCV         = 1
	KindHistogram   = 2
	KindCorrelation = 3
)

// WidthThreshold is the detoasted size above which a value is left out
// of the sorted sample (and counted as distinct), as in PostgreSQL.
const WidthThreshold = 1024

// RowsPerTarget is how many sample rows each unit of statistics target
// asks for.
const RowsPerTarget = 300

// Value is one sampled value of a column: Width is its stored size (the
// varlena's size as stored, header included) for variable-length types;
// TooWide marks a value whose detoasted size exceeds WidthThreshold.
type Value struct {
	D       types.Datum
	Width   int
	TooWide bool
}

// Slot is one statistic of a column: its kind and its numbers and values.
type Slot struct {
	Kind    int16
	Numbers []float64
	Values  []types.Datum
}

// Column is what ANALYZE records for one column.
type Column struct {
	NullFrac float64
	Width    int32
	// Distinct is the number of distinct non-NULL values when positive,
	// minus its ratio to the row count when negative, 0 when unknown.
	Distinct float64
	Slots    []Slot
}

// ColumnInput describes a column for Compute: its type, its fixed length
// (0 for variable-length types) and whether its type has an ordering.
type ColumnInput struct {
	Type    types.T
	Len     int
	Ordered bool
}

// Compute computes a column's statistics from its sampled values (one per
// sample row, in the rows' physical order), given the estimated number of
// rows in the table and the statistics target. ok is false when the
// sample is empty (no statistics are stored then).
func Compute(col ColumnInput, vals []Value, totalRows float64, target int) (Column, bool) {
	if len(vals) == 0 {
		return Column{}, false
	}
	if !col.Ordered {
		return computeTrivial(col, vals), true
	}
	return computeScalar(col, vals, totalRows, target), true
}

// counts are the first pass over a sample: NULLs, widths, too-wide values
// and the values to sort.
type counts struct {
	nulls, nonNull, tooWide int
	totalWidth              float64
	sorted                  []sortItem
}

type sortItem struct {
	d     types.Datum
	tupno int
}

func countSample(col ColumnInput, vals []Value, keep bool) counts {
	var c counts
	for _, v := range vals {
		if v.D.Null {
			c.nulls++
			continue
		}
		c.nonNull++
		if col.Len <= 0 {
			c.totalWidth += float64(v.Width)
			if v.TooWide {
				c.tooWide++
				continue
			}
		}
		if keep {
			c.sorted = append(c.sorted, sortItem{d: v.D, tupno: len(c.sorted)})
		}
	}
	return c
}

// width is stawidth: the average stored width of the non-NULL values for
// variable-length types (truncated, as the C assignment does), the fixed
// length otherwise.
func (c counts) width(col ColumnInput) int32 {
	if col.Len > 0 {
		return int32(col.Len)
	}
	if c.nonNull == 0 {
		return 0
	}
	return int32(c.totalWidth / float64(c.nonNull))
}

// computeTrivial records only the NULL fraction and the width.
func computeTrivial(col ColumnInput, vals []Value) Column {
	c := countSample(col, vals, false)
	return Column{NullFrac: float64(c.nulls) / float64(len(vals)), Width: c.width(col)}
}

// run is a group of equal values in the sorted sample: its count and the
// position of its first member.
type run struct{ count, first int }

func computeScalar(col ColumnInput, vals []Value, totalRows float64, target int) Column {
	samplerows := len(vals)
	c := countSample(col, vals, true)
	out := Column{NullFrac: float64(c.nulls) / float64(samplerows), Width: c.width(col)}
	if len(c.sorted) == 0 {
		if c.nonNull > 0 {
			// Only too-wide values: assume they are all distinct.
			out.Distinct = -(1 - out.NullFrac)
		} else {
			out.NullFrac = 1
		}
		return out
	}
	items := c.sorted
	// Equal values keep sample order, so ties go by tuple number.
	slices.SortStableFunc(items, func(a, b sortItem) int { return types.Compare(col.Type, a.d, b.d) })

	numMCV, numBins := target, target
	var track []run
	ndistinct, nmultiple, dups := 0, 0, 0
	var xysum float64
	for i := range items {
		xysum += float64(i) * float64(items[i].tupno)
		dups++
		last := i == len(items)-1 || types.Compare(col.Type, items[i].d, items[i+1].d) != 0
		if !last {
			continue
		}
		ndistinct++
		if dups > 1 {
			nmultiple++
			track = trackRun(track, numMCV, run{count: dups, first: i + 1 - dups})
		}
		dups = 0
	}

	out.Distinct = estimateDistinct(ndistinct, nmultiple, c.tooWide, samplerows-c.nulls, totalRows, out.NullFrac)
	if out.Distinct > 0.1*totalRows {
		out.Distinct = -(out.Distinct / totalRows)
	}

	if len(track) == ndistinct && c.tooWide == 0 && out.Distinct > 0 && len(track) <= numMCV {
		numMCV = len(track)
	} else {
		numMCV = min(numMCV, len(track))
		if numMCV > 0 {
			cnts := make([]int, numMCV)
			for i := range cnts {
				cnts[i] = track[i].count
			}
			numMCV = keepMCVs(cnts, out.Distinct, out.NullFrac, samplerows, totalRows)
		}
	}
	if numMCV > 0 {
		s := Slot{Kind: KindMCV}
		for _, t := range track[:numMCV] {
			s.Values = append(s.Values, items[t.first].d)
			s.Numbers = append(s.Numbers, float64(t.count)/float64(samplerows))
		}
		out.Slots = append(out.Slots, s)
	}

	numHist := ndistinct - numMCV
	if numHist > numBins {
		numHist = numBins + 1
	}
	if numHist >= 2 {
		rest := withoutRuns(items, track[:numMCV])
		out.Slots = append(out.Slots, Slot{Kind: KindHistogram, Values: histogram(rest, numHist)})
	}

	if n := float64(len(items)); len(items) > 1 {
		// x and y are both a permutation of 0..n-1, so their sums and sums
		// of squares are known.
		xsum := (n - 1) * n / 2
		x2sum := (n - 1) * n * (2*n - 1) / 6
		corr := (n*xysum - xsum*xsum) / (n*x2sum - xsum*xsum)
		out.Slots = append(out.Slots, Slot{Kind: KindCorrelation, Numbers: []float64{corr}})
	}
	return out
}

// trackRun offers a run of duplicates to the list of the most frequent
// ones (at most size long, most frequent first, earlier runs first among
// equal counts).
func trackRun(track []run, size int, r run) []run {
	if size <= 0 {
		return track
	}
	if len(track) == size && r.count <= track[len(track)-1].count {
		return track
	}
	if len(track) < size {
		track = append(track, run{})
	}
	j := len(track) - 1
	for ; j > 0 && r.count > track[j-1].count; j-- {
		track[j] = track[j-1]
	}
	track[j] = r
	return track
}

// estimateDistinct estimates the number of distinct non-NULL values in
// the table from the sample: every value seen once means a unique column,
// every value seen more than once a closed set of values, otherwise Haas
// and Stokes' Duj1 estimator n*d / (n - f1 + f1*n/N).
func estimateDistinct(ndistinct, nmultiple, tooWide, nonNullSample int, totalRows, nullFrac float64) float64 {
	switch {
	case nmultiple == 0:
		return -(1 - nullFrac)
	case tooWide == 0 && nmultiple == ndistinct:
		return float64(ndistinct)
	}
	f1 := float64(ndistinct - nmultiple + tooWide)
	d := f1 + float64(nmultiple)
	n := float64(nonNullSample)
	bigN := totalRows * (1 - nullFrac)
	est := 0.0
	if bigN > 0 {
		est = n * d / ((n - f1) + f1*n/bigN)
	}
	est = max(est, d)
	est = min(est, bigN)
	return math.Floor(est + 0.5)
}

// keepMCVs decides how many of the most common values (counts, most
// common first) are worth keeping: a value stays only if its sample count
// is clearly (two standard deviations of a hypergeometric draw, plus a
// continuity correction) above what it would be estimated as if it were
// left out of the list. When the whole table was sampled, all stay.
func keepMCVs(cnts []int, distinct, nullFrac float64, samplerows int, totalRows float64) int {
	num := len(cnts)
	if float64(samplerows) == totalRows || totalRows <= 1 {
		return num
	}
	ndTable := distinct
	if ndTable < 0 {
		ndTable = -ndTable * totalRows
	}
	sum := 0.0
	for _, c := range cnts[:num-1] {
		sum += float64(c)
	}
	bigN, n := totalRows, float64(samplerows)
	for num > 0 {
		sel := 1 - sum/n - nullFrac
		sel = min(max(sel, 0), 1)
		if other := ndTable - float64(num-1); other > 1 {
			sel /= other
		}
		k := bigN * float64(cnts[num-1]) / n
		variance := n * k * (bigN - k) * (bigN - n) / (bigN * bigN * (bigN - 1))
		if float64(cnts[num-1]) > sel*n+2*math.Sqrt(variance)+0.5 {
			break
		}
		num--
		if num == 0 {
			break
		}
		sum -= float64(cnts[num-1])
	}
	return num
}

// withoutRuns returns the sorted items less the runs in mcv.
func withoutRuns(items []sortItem, mcv []run) []sortItem {
	if len(mcv) == 0 {
		return items
	}
	byPos := slices.Clone(mcv)
	slices.SortFunc(byPos, func(a, b run) int { return a.first - b.first })
	out := make([]sortItem, 0, len(items))
	src := 0
	for _, r := range byPos {
		out = append(out, items[src:r.first]...)
		src = r.first + r.count
	}
	return append(out, items[src:]...)
}

// histogram picks n bounds from sorted items: the first, the last and
// evenly spaced ones between, item (i*(len-1))/(n-1) for the i'th.
func histogram(items []sortItem, n int) []types.Datum {
	out := make([]types.Datum, n)
	step, frac := (len(items)-1)/(n-1), (len(items)-1)%(n-1)
	pos, posFrac := 0, 0
	for i := range out {
		out[i] = items[pos].d
		pos += step
		posFrac += frac
		if posFrac >= n-1 {
			pos++
			posFrac -= n - 1
		}
	}
	return out
}
