package colstats

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"ringpg/backend/sql/types"
)

// render prints a column's statistics the way pg_stats shows them
// (float4 values, arrays of text forms), for comparison with
// PostgreSQL 15's output for the same rows.
func render(t types.T, c Column) string {
	f4 := func(f float64) string { return strconv.FormatFloat(float64(float32(f)), 'g', -1, 32) }
	arr := func(ds []types.Datum) string {
		s := make([]string, len(ds))
		for i, d := range ds {
			s[i] = types.Output(t, d, nil)
		}
		return "{" + strings.Join(s, ",") + "}"
	}
	nums := func(fs []float64) string {
		s := make([]string, len(fs))
		for i, f := range fs {
			s[i] = f4(f)
		}
		return "{" + strings.Join(s, ",") + "}"
	}
	var mcv, freqs, hist, corr string
	for _, sl := range c.Slots {
		switch sl.Kind {
		case KindMCV:
			mcv, freqs = arr(sl.Values), nums(sl.Numbers)
		case KindHistogram:
			hist = arr(sl.Values)
		case KindCorrelation:
			corr = f4(sl.Numbers[0])
		}
	}
	return fmt.Sprintf("%s|%d|%s|%s|%s|%s|%s", f4(c.NullFrac), c.Width, f4(c.Distinct), mcv, freqs, hist, corr)
}

func ints(n int, f func(i int) (int, bool)) []Value {
	var out []Value
	for i := 1; i <= n; i++ {
		v, ok := f(i)
		if !ok {
			out = append(out, Value{D: types.Null})
			continue
		}
		out = append(out, Value{D: types.Int(int64(v))})
	}
	return out
}

// texts builds short text values; Width is the stored size with a
// 1-byte header, as the heap stores short values.
func texts(n int, f func(i int) (string, bool)) []Value {
	var out []Value
	for i := 1; i <= n; i++ {
		s, ok := f(i)
		if !ok {
			out = append(out, Value{D: types.Null})
			continue
		}
		out = append(out, Value{D: types.String(s), Width: len(s) + 1})
	}
	return out
}

// The expected lines are PostgreSQL 15's pg_stats for the same rows
// inserted in this order (whole table sampled).
func TestComputeMatchesPostgres(t *testing.T) {
	intT, textT := types.Of(types.Int4Oid), types.Of(types.TextOid)
	tests := []struct {
		name   string
		typ    types.T
		len    int
		vals   []Value
		target int
		want   string
	}{
		{"all MCVs: i % 4", intT, 4, ints(20, func(i int) (int, bool) { return i % 4, true }), 100,
			"0|4|-0.2|{0,1,2,3}|{0.25,0.25,0.25,0.25}||0.20300752"},
		{"text with NULLs", textT, 0, texts(20, func(i int) (string, bool) { return "x" + strconv.Itoa(i%3), i >= 3 }), 100,
			"0.1|3|-0.15|{x0,x1,x2}|{0.3,0.3,0.3}||0.47368422"},
		{"unique: histogram only", intT, 4, ints(50, func(i int) (int, bool) { return (i * 37) % 50, true }), 10,
			"0|4|-1|||{0,4,9,14,19,24,29,34,39,44,49}|-0.15486194"},
		{"two MCVs and a histogram", intT, 4, ints(50, func(i int) (int, bool) {
			switch {
			case i%2 == 0:
				return 7, true
			case i%5 == 0:
				return 8, true
			}
			return i, true
		}), 10, "0|4|-0.42|{7,8}|{0.52,0.1}|{1,3,11,17,21,27,29,33,39,43,49}|0.58213687"},
		{"MCV list cut at the target", textT, 0, texts(50, func(i int) (string, bool) { return "w" + strconv.Itoa(i%13), i%10 != 0 }), 10,
			"0.1|3|-0.26|{w2,w3,w5,w6,w8,w9,w0,w1,w10,w11}|{0.08,0.08,0.08,0.08,0.08,0.08,0.06,0.06,0.06,0.06}|{w12,w4,w7}|0.16086957"},
		{"all NULL", intT, 4, ints(10, func(int) (int, bool) { return 0, false }), 100, "1|4|0||||"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := Compute(ColumnInput{Type: tc.typ, Len: tc.len, Ordered: true}, tc.vals, float64(len(tc.vals)), tc.target)
			if !ok {
				t.Fatal("no statistics")
			}
			if got := render(tc.typ, c); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestEstimateDistinct(t *testing.T) {
	tests := []struct {
		name                          string
		ndistinct, nmultiple, tooWide int
		n                             int
		totalRows, nullFrac           float64
		want                          float64
	}{
		{"no repeats: unique", 100, 0, 0, 100, 1000, 0, -1},
		{"no repeats with NULLs", 90, 0, 0, 90, 1000, 0.1, -0.9},
		{"every value repeated: closed set", 5, 5, 0, 100, 1e6, 0, 5},
		// Duj1: n*d / (n - f1 + f1*n/N) with n=1000, d=600, f1=400,
		// N=100000: 600000 / (600 + 4) = 993.377 -> 993.
		{"Haas-Stokes", 600, 200, 0, 1000, 100000, 0, 993},
		// The estimate is at least the distinct values seen.
		{"whole table", 600, 200, 0, 1000, 1000, 0, 600},
		// Too-wide values count as seen once: 1010*610 / (600 + 410*1010/100000).
		{"too wide", 600, 200, 10, 1010, 100000, 0, 1020},
	}
	for _, tc := range tests {
		got := estimateDistinct(tc.ndistinct, tc.nmultiple, tc.tooWide, tc.n, tc.totalRows, tc.nullFrac)
		if math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestKeepMCVs(t *testing.T) {
	// The whole table sampled: every tracked value stays.
	if got := keepMCVs([]int{5, 3, 2}, 10, 0, 100, 100); got != 3 {
		t.Errorf("whole table: kept %d, want 3", got)
	}
	// A sample of a big table: a value seen twice among 30000 rows of
	// a column of a million distinct values is noise; one seen 3000
	// times is not.
	if got := keepMCVs([]int{3000, 2}, 1e6, 0, 30000, 1e7); got != 1 {
		t.Errorf("sampled: kept %d, want 1", got)
	}
	if got := keepMCVs([]int{2, 2}, 1e6, 0, 30000, 1e7); got != 0 {
		t.Errorf("uniform: kept %d, want 0", got)
	}
}

func TestSamplerKeepsAllWhenSmall(t *testing.T) {
	s := NewSampler[int](10)
	for i := 0; i < 7; i++ {
		slot, keep := s.Want()
		if !keep {
			t.Fatalf("row %d not kept", i)
		}
		s.Add(slot, i)
	}
	if got := s.Rows(); len(got) != 7 || got[0] != 0 || got[6] != 6 {
		t.Fatalf("rows %v", got)
	}
}

func TestSamplerBoundedAndOrdered(t *testing.T) {
	s := NewSampler[int](100)
	for i := 0; i < 10000; i++ {
		if slot, keep := s.Want(); keep {
			s.Add(slot, i)
		} else {
			s.Skip()
		}
	}
	rows := s.Rows()
	if len(rows) != 100 || s.Seen() != 10000 {
		t.Fatalf("%d rows of %d", len(rows), s.Seen())
	}
	for i := 1; i < len(rows); i++ {
		if rows[i] <= rows[i-1] {
			t.Fatalf("not in stream order: %v", rows)
		}
	}
	if rows[len(rows)-1] < 5000 {
		t.Errorf("sample skewed to the start: last %d", rows[len(rows)-1])
	}
}

func TestSelectivity(t *testing.T) {
	intT := types.Of(types.Int4Oid)
	ds := func(xs ...int) []types.Datum {
		out := make([]types.Datum, len(xs))
		for i, x := range xs {
			out[i] = types.Int(int64(x))
		}
		return out
	}
	// 1000 rows: value 1 is 40%, 2 is 10%, 10% NULL, the rest spread
	// evenly over 0..100 (40 distinct values besides the MCVs).
	s := &Stats{Type: intT, NullFrac: 0.1, Distinct: 42, MCV: ds(1, 2), MCVFreqs: []float64{0.4, 0.1},
		Hist: ds(0, 25, 50, 75, 100)}
	near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
	if got := s.EqSel(types.Int(1), 1000); !near(got, 0.4) {
		t.Errorf("EqSel(MCV) = %v", got)
	}
	if got := s.EqSel(types.Int(7), 1000); !near(got, 0.4/40) {
		t.Errorf("EqSel(other) = %v", got)
	}
	b := func(x int, inc bool) *Bound { return &Bound{D: types.Int(int64(x)), Inc: inc} }
	// x < 50: half the histogram's 40% plus both MCVs.
	if got := s.RangeSel(nil, b(50, false)); !near(got, 0.5+0.2) {
		t.Errorf("RangeSel(< 50) = %v", got)
	}
	// 60 <= x < 70: 10/25 of a quarter bucket.
	if got := s.RangeSel(b(60, true), b(70, false)); !near(got, 0.4*0.1) {
		t.Errorf("RangeSel(60..70) = %v", got)
	}
	if got := s.RangeSel(b(200, true), nil); got != 0 {
		t.Errorf("RangeSel(>= 200) = %v", got)
	}
}
