package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"ringpg/backend/sql/exec/spill"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

var intCols = []plan.Column{{Name: "n", T: types.Of(types.Int4Oid)}}

// heldCursor is a cursor materialised over rows 1..n, positioned after
// skip rows were read before it was held (a non-scrollable held cursor
// keeps only the rows not yet read).
func heldCursor(n int, scroll bool, skip int) *cursor {
	c := &cursor{name: "c", scroll: scroll, held: true, done: true, atStart: true, cols: intCols}
	first := 1
	if !scroll {
		first, c.base = skip+1, int64(skip)
	}
	c.store = newRowStore(nil, 0)
	for i := first; i <= n; i++ {
		if err := c.store.add([]types.Datum{types.Int(int64(i))}); err != nil {
			panic(err)
		}
	}
	c.produced = int64(n)
	if skip > 0 {
		c.idx, c.pos, c.atStart = int64(skip), int64(skip), false
	}
	return c
}

// TestRunFetch drives FETCH and MOVE over held cursors (whose rows come
// from their store, with no executor) and checks rows, counts and errors;
// the expectations are PostgreSQL 15's (testdata/sql/cursors.sql in
// cmd/ringpg checks the same against a recording).
func TestRunFetch(t *testing.T) {
	for _, tc := range []struct {
		scroll bool
		skip   int
		steps  string // FETCH/MOVE statements separated by ";"
		want   string // per step: rows then =count, or !SQLSTATE
	}{
		{true, 0, "FETCH 2 FROM c; FETCH PRIOR FROM c; FETCH LAST FROM c; FETCH NEXT FROM c; FETCH PRIOR FROM c",
			"1 2 =2; 1 =1; 10 =1; =0; 10 =1"},
		{true, 0, "FETCH ABSOLUTE -2 FROM c; FETCH ABSOLUTE 0 FROM c; FETCH ABSOLUTE 11 FROM c; FETCH PRIOR FROM c",
			"9 =1; =0; =0; 10 =1"},
		{true, 0, "FETCH RELATIVE 4 FROM c; FETCH RELATIVE -2 FROM c; FETCH RELATIVE 0 FROM c; FETCH RELATIVE 20 FROM c; FETCH RELATIVE 0 FROM c",
			"4 =1; 2 =1; 2 =1; =0; =0"},
		{true, 0, "MOVE FORWARD 100 IN c; MOVE 0 IN c; MOVE BACKWARD ALL IN c; MOVE ALL IN c; MOVE BACKWARD ALL IN c; FETCH c",
			"=10; =0; =10; =10; =10; 1 =1"},
		{true, 0, "FETCH -2 FROM c; FETCH 3 FROM c; FETCH BACKWARD ALL FROM c; FETCH 0 FROM c",
			"=0; 1 2 3 =3; 2 1 =2; =0"},
		{false, 0, "FETCH 2 FROM c; FETCH ABSOLUTE 5 FROM c; MOVE 0 IN c; FETCH PRIOR FROM c",
			"1 2 =2; 5 =1; =1; !55000"},
		{false, 0, "FETCH ABSOLUTE 1 FROM c; FETCH ABSOLUTE 1 FROM c", "1 =1; !55000"},
		{false, 0, "FETCH 0 FROM c; MOVE BACKWARD ALL IN c; FETCH c; FETCH 0 FROM c", "=0; =0; 1 =1; !55000"},
		{false, 3, "FETCH c; FETCH ALL FROM c; FETCH c; FETCH LAST FROM c", "4 =1; 5 6 7 8 9 10 =6; =0; !55000"},
	} {
		c := heldCursor(10, tc.scroll, tc.skip)
		s := &Session{cursors: map[string]*cursor{"c": c}}
		var got []string
		for _, sql := range strings.Split(tc.steps, ";") {
			stmts, err := parser.Parse(sql)
			if err != nil {
				t.Fatal(err)
			}
			var rows []string
			n, err := s.fetchFrom(stmts[0].(*parser.FetchStmt), intCols, func(r []types.Datum) error {
				rows = append(rows, fmt.Sprint(r[0].I))
				return nil
			})
			var pe *pgerr.Error
			switch {
			case errors.As(err, &pe):
				got = append(got, "!"+pe.Code)
			case err != nil:
				t.Fatal(err)
			default:
				got = append(got, strings.TrimSpace(strings.Join(rows, " ")+" ="+fmt.Sprint(n)))
			}
		}
		if g := strings.Join(got, "; "); g != tc.want {
			t.Errorf("%s\n got %s\nwant %s", tc.steps, g, tc.want)
		}
	}
}

// TestBackwardScannable checks which plans a cursor may scroll without
// SCROLL, as PostgreSQL decides for its own plans of the same queries.
func TestBackwardScannable(t *testing.T) {
	scan := &plan.SeqScan{}
	join := &plan.HashJoin{Left: scan, Right: scan}
	for _, tc := range []struct {
		name string
		n    plan.Node
		want bool
	}{
		{"seq scan", &plan.Project{Input: &plan.Filter{Input: scan}}, true},
		{"locking scan", &plan.SeqScan{Lock: plan.LockForUpdate}, false},
		{"index scan", &plan.IndexScan{}, true},
		{"select without from", &plan.Project{Input: &plan.Values{Rows: [][]expr.Expr{{}}}}, false},
		{"values list", &plan.Values{Rows: [][]expr.Expr{{}, {}}, Cols: []plan.Column{{}}}, true},
		{"sort", &plan.Sort{Input: scan}, true},
		{"sorted join", &plan.Sort{Input: &plan.Project{Input: join}}, false},
		{"join", join, false},
		{"aggregate", &plan.Agg{Input: scan}, false},
		{"union all", &plan.SetOp{Op: plan.Union, All: true, Left: scan, Right: scan}, true},
		{"union", &plan.SetOp{Op: plan.Union, Left: scan, Right: scan}, false},
		{"limit", &plan.Limit{Input: scan}, true},
	} {
		if got := backwardScannable(tc.n); got != tc.want {
			t.Errorf("%s: backwardScannable = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRowStoreSpills checks that a cursor's store past its budget goes to
// temporary files and still returns every row by number, in any order,
// and that closing it removes the files.
func TestRowStoreSpills(t *testing.T) {
	m := spill.NewManager(t.TempDir(), 1)
	st := newRowStore(m, 4096)
	const n = 5000
	for i := 0; i < n; i++ {
		if err := st.add([]types.Datum{types.Int(int64(i)), types.String(strings.Repeat("x", i%50))}); err != nil {
			t.Fatal(err)
		}
	}
	if st.len() != n || len(st.chunks) < 10 || m.Used() == 0 {
		t.Fatalf("len %d, %d chunks, %d bytes in files: want %d rows mostly in files", st.len(), len(st.chunks), m.Used(), n)
	}
	if int64(len(st.tail))*2 > n/10 {
		t.Fatalf("%d rows still in memory", len(st.tail))
	}
	check := func(i int64) {
		t.Helper()
		r, err := st.get(i)
		if err != nil {
			t.Fatal(err)
		}
		if r[0].I != i || r[1].S != strings.Repeat("x", int(i%50)) {
			t.Fatalf("row %d is %v", i, r)
		}
	}
	for i := int64(n - 1); i >= 0; i-- { // backward, as FETCH BACKWARD ALL
		check(i)
	}
	for _, i := range []int64{0, n - 1, n / 2, 17, n - 3, 1} {
		check(i)
	}
	st.close()
	if m.Used() != 0 {
		t.Fatalf("%d bytes of temporary files left after close", m.Used())
	}
}
