package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// partition is the window functions' view of the current partition
// (funcs.Partition).
type partition struct {
	o     *windowOp
	frame expr.Frame
	rows  [][]types.Datum
	keys  [][]types.Datum // ORDER BY values per row
	group []int           // peer group number per row
	gpos  []int           // first row of each peer group, and n at the end

	wf         *plan.WindowFunc
	fr         plan.Frame // wf's frame, its default end filled in
	cur        int
	start, end int
	startOff   types.Datum
	endOff     types.Datum
	arith      *rangeArith // RANGE start offset of types without an inline rule
	arithEnd   *rangeArith // the same for the end offset
	err        error       // the first error computing a frame edge
}

func (p *partition) peerGroups() {
	n := len(p.rows)
	p.group, p.gpos = p.group[:0], p.gpos[:0]
	g := -1
	for i := 0; i < n; i++ {
		if i == 0 || compareKeys(p.o.n.OrderBy, p.keys[i-1], p.keys[i]) != 0 {
			g++
			p.gpos = append(p.gpos, i)
		}
		p.group = append(p.group, g)
	}
	p.gpos = append(p.gpos, n)
}

func (p *partition) Rows() int    { return len(p.rows) }
func (p *partition) Current() int { return p.cur }

func (p *partition) Peers() (int, int) {
	g := p.group[p.cur]
	return p.gpos[g], p.gpos[g+1]
}

func (p *partition) Frame() (int, int) { return p.start, p.end }

func (p *partition) InFrame(row int) bool {
	if row < p.start || row >= p.end {
		return false
	}
	return !p.excluded(row)
}

// excluded applies the frame's EXCLUDE clause.
func (p *partition) excluded(row int) bool {
	switch p.wf.Frame.Exclude {
	case 1:
		return row == p.cur
	case 2:
		return p.group[row] == p.group[p.cur]
	case 3:
		return row != p.cur && p.group[row] == p.group[p.cur]
	}
	return false
}

func (p *partition) Arg(i, row int) (types.Datum, error) {
	if i >= len(p.wf.Args) {
		return types.Null, nil
	}
	if row < 0 || row >= len(p.rows) {
		return types.Null, nil
	}
	p.frame.Row = p.rows[row]
	return p.wf.Args[i].Eval(&p.frame)
}

// frameOf returns wf's frame. A frame cannot end at UNBOUNDED PRECEDING,
// so that value (the zero Frame's) stands for the default end, CURRENT
// ROW: the zero Frame is the default RANGE UNBOUNDED PRECEDING to CURRENT
// ROW.
func frameOf(wf *plan.WindowFunc) plan.Frame {
	fr := wf.Frame
	if fr.End == plan.UnboundedPreceding {
		fr.End = plan.CurrentRow
	}
	return fr
}

// PeerGroup numbers the current row's peer group (funcs.PeerGrouper, for
// dense_rank).
func (p *partition) PeerGroup() int { return p.group[p.cur] }

// NumArgs is how many arguments the function was called with
// (funcs.ArgCounter, so lag and lead tell a NULL argument from a missing
// one).
func (p *partition) NumArgs() int { return len(p.wf.Args) }

var (
	_ funcs.Partition   = (*partition)(nil)
	_ funcs.PeerGrouper = (*partition)(nil)
	_ funcs.ArgCounter  = (*partition)(nil)
)
