package exec

import (
	"testing"

	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// countingTxn counts interrupt checks.
type countingTxn struct {
	*fakeTxn
	checks int
}

func (t *countingTxn) CheckInterrupts() error {
	t.checks++
	return nil
}

// TestInterruptChecksWithoutRows checks that loops which return no row to
// their parent still check for interrupts at a bounded interval (every
// few hundred iterations): the join loop over inner rows its qual
// rejects, a filter rejecting everything, and LIMIT's OFFSET, each over
// inputs that themselves do not read storage.
func TestInterruptChecksWithoutRows(t *testing.T) {
	const n = 600
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{i}
	}
	ts := []types.T{int4}
	vals := func() *plan.Values { return values(ts, rows...) }
	cols := []plan.Column{{Name: "a", T: int4}, {Name: "b", T: int4}}
	tests := []struct {
		name  string
		root  plan.Node
		loops int // iterations that return nothing
	}{
		{"nested loop rejecting every pair",
			&plan.NestLoop{Kind: plan.JoinInner, Left: vals(), Right: vals(), Cols: cols,
				Qual: cmp("<", add(v(0, int4), v(1, int4)), ci(0))}, n * n},
		{"filter rejecting every row", &plan.Filter{Input: vals(), Qual: cmp("<", v(0, int4), ci(0))}, n},
		{"offset past every row", &plan.Limit{Input: vals(), Offset: ci(n)}, n},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t)
			ct := &countingTxn{fakeTxn: e.txn}
			e.env.Txn = ct
			if got := e.mustRun(tc.root); len(got) != 0 {
				t.Fatalf("got %d rows, want none", len(got))
			}
			if want := tc.loops / 512; ct.checks < want {
				t.Errorf("%d interrupt checks over %d iterations, want at least %d", ct.checks, tc.loops, want)
			}
		})
	}
}
