package exec

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// spillEnv is a test environment whose temporary files go to a directory
// of the test.
func spillEnv(t *testing.T) (*testEnv, string) {
	e := newTestEnv(t)
	dir := t.TempDir()
	e.env.Temp = spill.NewManager(dir, 1)
	return e, dir
}

// runBoth runs node with a large work_mem and with the smallest one and
// returns both results, failing unless the small one spilled and left no
// file behind.
func runBoth(t *testing.T, e *testEnv, dir string, node plan.Node) (mem, disk [][]types.Datum) {
	t.Helper()
	e.env.WorkMem = 64 << 20
	before := e.env.Temp.Created()
	mem = e.mustRun(node)
	if e.env.Temp.Created() != before {
		t.Fatalf("in-memory run created temporary files")
	}
	e.env.WorkMem = 64 << 10
	disk = e.mustRun(node)
	if e.env.Temp.Created() == before {
		t.Fatalf("run at 64kB did not spill")
	}
	assertNoTempFiles(t, e, dir)
	return mem, disk
}

func assertNoTempFiles(t *testing.T, e *testEnv, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 || e.env.Temp.Used() != 0 {
		t.Fatalf("%d temporary files (%d bytes) left after the statement", len(ents), e.env.Temp.Used())
	}
}

// spillRows makes n rows (k, seq, s): k has few distinct values, NULL
// sometimes, so that ties and NULL ordering are exercised.
func spillRows(rng *rand.Rand, n, keys int) [][]any {
	rows := make([][]any, n)
	for i := range rows {
		var k any = rng.IntN(keys)
		if rng.IntN(20) == 0 {
			k = nil
		}
		rows[i] = []any{k, i, fmt.Sprintf("s%06d", rng.IntN(1000000))}
	}
	return rows
}

var spillTypes = []types.T{int4, int4, text}

func TestExternalSort(t *testing.T) {
	e, dir := spillEnv(t)
	rng := rand.New(rand.NewPCG(7, 8))
	in := values(spillTypes, spillRows(rng, 20000, 300)...)
	for _, keys := range [][]plan.SortKey{
		{{Expr: v(0, int4)}},
		{{Expr: v(0, int4), Desc: true, NullsFirst: true}},
		{{Expr: v(2, text)}},
		{{Expr: v(0, int4), NullsFirst: true}, {Expr: v(2, text), Desc: true}},
	} {
		mem, disk := runBoth(t, e, dir, &plan.Sort{Input: in, Keys: keys})
		// Stability: equal keys keep their input order, on both paths.
		if got, want := format(spillTypes, disk), format(spillTypes, mem); got != want {
			t.Fatalf("keys %v: spilled sort differs from the in-memory one", keys)
		}
		if len(mem) != 20000 {
			t.Fatalf("sort returned %d rows", len(mem))
		}
	}
}

func TestSpillRowEncoding(t *testing.T) {
	e, _ := spillEnv(t)
	f, err := e.env.Temp.Create()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	num, err := types.Input(types.Of(types.NumericOid), "-12345.678900", nil)
	if err != nil {
		t.Fatal(err)
	}
	arr := types.ArrayDatum(types.NewArray(types.Int4Oid, []types.Datum{types.Int(1), types.Null, types.Int(-3)}))
	rows := [][]types.Datum{
		{types.Int(1), types.Null, types.String("")},
		{types.Float(-0.0), types.Float(3.5), types.String("héllo")},
		{num, arr, types.Int(-1 << 62)},
	}
	for _, r := range rows {
		if err := f.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Rewind(); err != nil {
		t.Fatal(err)
	}
	for i, want := range rows {
		got, err := f.Read(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("row %d: %d columns, want %d", i, len(got), len(want))
		}
		ts := []types.T{types.Of(types.Int8Oid), types.Of(types.Int8Oid), text}
		if i == 1 {
			ts = []types.T{types.Of(types.Float8Oid), types.Of(types.Float8Oid), text}
		}
		if i == 2 {
			ts = []types.T{types.Of(types.NumericOid), types.Of(types.Int4ArrayOid), types.Of(types.Int8Oid)}
		}
		if g, w := format(ts, [][]types.Datum{got}), format(ts, [][]types.Datum{want}); g != w {
			t.Errorf("row %d: got %s, want %s", i, g, w)
		}
	}
	if r, err := f.Read(nil); r != nil || err != nil {
		t.Fatalf("read past the end: %v %v", r, err)
	}
}

func sortedFormat(ts []types.T, rows [][]types.Datum) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = format(ts, [][]types.Datum{r})
	}
	slices.Sort(out)
	return out
}

// TestHashJoinBatches: every join kind gives the same rows with the build
// side split into batches on disk as in memory.
func TestHashJoinBatches(t *testing.T) {
	e, dir := spillEnv(t)
	rng := rand.New(rand.NewPCG(3, 4))
	i4 := []types.T{int4, int4}
	mk := func(n, keys int) *plan.Values {
		rows := make([][]any, n)
		for i := range rows {
			var k any = rng.IntN(keys)
			if rng.IntN(25) == 0 {
				k = nil
			}
			rows[i] = []any{k, rng.IntN(100)}
		}
		return values(i4, rows...)
	}
	l, r := mk(6000, 9000), mk(9000, 9000)
	cols := append(append([]plan.Column{}, l.Cols...), r.Cols...)
	for _, kind := range []plan.JoinKind{plan.JoinInner, plan.JoinLeft, plan.JoinRight, plan.JoinFull, plan.JoinSemi, plan.JoinAnti} {
		for _, extra := range []bool{false, true} {
			var qual expr.Expr
			if extra {
				qual = cmp("<", v(1, int4), v(3, int4))
			}
			width, c := 4, cols
			if kind == plan.JoinSemi || kind == plan.JoinAnti {
				width, c = 2, l.Cols
			}
			n := &plan.HashJoin{Kind: kind, Left: l, Right: r, LeftKeys: []expr.Expr{v(0, int4)},
				RightKeys: []expr.Expr{v(0, int4)}, KeyTypes: []types.T{int4}, Qual: qual, Cols: c}
			mem, disk := runBoth(t, e, dir, n)
			ts := []types.T{int4, int4, int4, int4}[:width]
			if !slices.Equal(sortedFormat(ts, mem), sortedFormat(ts, disk)) {
				t.Errorf("kind %v extra %v: batched join differs (%d rows, want %d)", kind, extra, len(disk), len(mem))
			}
		}
	}
}

// TestHashAggSpill: grouping many groups at 64kB spills rows of new groups
// to partitions and gives the same groups and aggregates.
func TestHashAggSpill(t *testing.T) {
	e, dir := spillEnv(t)
	rng := rand.New(rand.NewPCG(9, 10))
	in := values(spillTypes, spillRows(rng, 20000, 6000)...)
	i8 := types.Of(types.Int8Oid)
	star := plan.AggCall{Fn: countFn, Star: true, Result: i8}
	sum := plan.AggCall{Fn: sumFn, Args: []expr.Expr{v(1, int4)}, ArgTypes: []types.T{int4}, Result: i8}
	concat := plan.AggCall{Fn: concatFn, Args: []expr.Expr{v(1, int4)}, ArgTypes: []types.T{int4}, Result: text,
		OrderBy: []plan.SortKey{{Expr: v(1, int4), Desc: true}}}
	sumDistinct := sum
	sumDistinct.Distinct = true
	n := &plan.Agg{Input: in, GroupKeys: []expr.Expr{v(0, int4)}, KeyTypes: []types.T{int4},
		Aggs: []plan.AggCall{star, sum, concat, sumDistinct},
		Cols: []plan.Column{{Name: "k", T: int4}, {Name: "c", T: i8}, {Name: "s", T: i8}, {Name: "x", T: text}, {Name: "d", T: i8}}}
	mem, disk := runBoth(t, e, dir, n)
	ts := []types.T{int4, i8, i8, text, i8}
	if len(mem) < 5000 || !slices.Equal(sortedFormat(ts, mem), sortedFormat(ts, disk)) {
		t.Fatalf("spilled aggregation differs: %d groups, want %d", len(disk), len(mem))
	}
	// Two keys, one of them text.
	n2 := &plan.Agg{Input: in, GroupKeys: []expr.Expr{v(0, int4), v(2, text)}, KeyTypes: []types.T{int4, text},
		Aggs: []plan.AggCall{star}, Cols: []plan.Column{{Name: "k", T: int4}, {Name: "t", T: text}, {Name: "c", T: i8}}}
	mem, disk = runBoth(t, e, dir, n2)
	ts = []types.T{int4, text, i8}
	if !slices.Equal(sortedFormat(ts, mem), sortedFormat(ts, disk)) {
		t.Fatalf("spilled two-key aggregation differs: %d groups, want %d", len(disk), len(mem))
	}
}

// TestHashedSetSpill: DISTINCT, UNION, INTERSECT and EXCEPT (with and
// without ALL) over more distinct rows than fit give the same rows.
func TestHashedSetSpill(t *testing.T) {
	e, dir := spillEnv(t)
	rng := rand.New(rand.NewPCG(11, 12))
	i4 := []types.T{int4, int4}
	mk := func(n int) *plan.Values {
		rows := make([][]any, n)
		for i := range rows {
			var k any = rng.IntN(3000)
			if rng.IntN(30) == 0 {
				k = nil
			}
			rows[i] = []any{k, rng.IntN(4)}
		}
		return values(i4, rows...)
	}
	a, b := mk(15000), mk(12000)
	nodes := map[string]plan.Node{"distinct": &plan.Distinct{Input: a}}
	for _, op := range []plan.SetOpKind{plan.Union, plan.Intersect, plan.Except} {
		for _, all := range []bool{false, true} {
			if op == plan.Union && all {
				continue
			}
			nodes[fmt.Sprintf("op %v all %v", op, all)] = &plan.SetOp{Op: op, All: all, Left: a, Right: b, Cols: twoCols()}
		}
	}
	for name, n := range nodes {
		mem, disk := runBoth(t, e, dir, n)
		if len(mem) == 0 || !slices.Equal(sortedFormat(i4, mem), sortedFormat(i4, disk)) {
			t.Errorf("%s: spilled result differs: %d rows, want %d", name, len(disk), len(mem))
		}
	}
}

// genOp yields n rows of one pseudo-random int8.
type genOp struct {
	n, i int
	x    uint64
	row  [1]types.Datum
}

func (g *genOp) open(*expr.Frame) error { g.i, g.x = 0, 88172645463325252; return nil }
func (g *genOp) close()                 {}
func (g *genOp) next() ([]types.Datum, error) {
	if g.i >= g.n {
		return nil, nil
	}
	g.i++
	g.x ^= g.x << 13
	g.x ^= g.x >> 7
	g.x ^= g.x << 17
	g.row[0] = types.Int(int64(g.x >> 1))
	return g.row[:], nil
}

// BenchmarkSort1M sorts a million int8 rows in memory (work_mem 1GB) and
// spilled (work_mem 64kB).
func BenchmarkSort1M(b *testing.B) {
	for _, wm := range []struct {
		name string
		mem  int64
	}{{"memory", 1 << 30}, {"spilled64kB", 64 << 10}} {
		b.Run(wm.name, func(b *testing.B) {
			e := newTestEnv(b)
			e.env.Temp = spill.NewManager(b.TempDir(), 1)
			e.env.WorkMem = wm.mem
			s := &state{env: e.env}
			o := &sortOp{s: s, in: &genOp{n: 1_000_000}, keys: []plan.SortKey{{Expr: v(0, types.Of(types.Int8Oid))}}}
			for b.Loop() {
				if err := o.open(nil); err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					r, err := o.next()
					if err != nil {
						b.Fatal(err)
					}
					if r == nil {
						break
					}
					n++
				}
				if n != 1_000_000 {
					b.Fatalf("%d rows", n)
				}
				o.close()
				s.removeTemps()
			}
		})
	}
}
