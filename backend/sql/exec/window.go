package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// SQLSTATE of bad frame offsets (not in pgerr yet).
const invalidPrecedingOrFollowingSize = "22013"

// windowOp computes window functions one partition at a time: it reads a
// partition's rows (the input is sorted by the partition keys, then the
// window's ORDER BY), computes every function for every row, and returns
// the rows with their values appended.
type windowOp struct {
	s     *state
	n     *plan.Window
	in    op
	frame expr.Frame
	width int // input columns

	pending []types.Datum // the first row of the next partition
	inDone  bool

	part   partition
	out    [][]types.Datum
	pos    int
	arena  rowArena
	pkeys  []types.Datum
	pkNext []types.Datum
}

func (s *state) newWindow(n *plan.Window) (op, error) {
	in, err := s.build(n.Input)
	if err != nil {
		return nil, err
	}
	for i := range n.Funcs {
		f := &n.Funcs[i]
		switch {
		case f.Fn == nil:
			return nil, pgerr.New(pgerr.InternalError, "window function without a function")
		case f.IsAgg && (f.Fn.Agg == nil || f.Fn.Agg.New == nil):
			return nil, pgerr.New(pgerr.InternalError, "function %s is not an aggregate", f.Fn.Name)
		case !f.IsAgg && (f.Fn.Win == nil || f.Fn.Win.Call == nil):
			return nil, pgerr.New(pgerr.InternalError, "function %s is not a window function", f.Fn.Name)
		}
	}
	if len(n.PartTypes) < len(n.PartitionBy) {
		return nil, pgerr.New(pgerr.InternalError, "window plan has %d partition keys and %d key types", len(n.PartitionBy), len(n.PartTypes))
	}
	o := &windowOp{s: s, n: n, in: in, width: len(n.Input.Columns())}
	o.part.o = o
	return o, nil
}

func (o *windowOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.part.frame = o.s.frame(outer)
	o.pending, o.inDone, o.out, o.pos = nil, false, nil, 0
	return o.in.open(outer)
}

func (o *windowOp) next() ([]types.Datum, error) {
	for o.pos >= len(o.out) {
		if o.inDone && o.pending == nil {
			return nil, nil
		}
		if err := o.readPartition(); err != nil {
			return nil, err
		}
		if err := o.compute(); err != nil {
			return nil, err
		}
	}
	o.pos++
	return o.out[o.pos-1], nil
}

func (o *windowOp) partKeys(row []types.Datum, dst []types.Datum) ([]types.Datum, error) {
	o.frame.Row = row
	dst = dst[:0]
	for _, e := range o.n.PartitionBy {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

// readPartition reads the rows of the next partition into o.part.
func (o *windowOp) readPartition() error {
	p := &o.part
	p.rows, p.keys = p.rows[:0], p.keys[:0]
	o.arena = rowArena{}
	var karena rowArena
	add := func(row []types.Datum) error {
		o.frame.Row = row
		var scratch [4]types.Datum
		k, err := evalKeys(o.n.OrderBy, &o.frame, scratch[:0])
		if err != nil {
			return err
		}
		p.rows = append(p.rows, row)
		p.keys = append(p.keys, karena.copy(k))
		return nil
	}
	if o.pending != nil {
		var err error
		if o.pkeys, err = o.partKeys(o.pending, o.pkeys); err != nil {
			return err
		}
		if err := add(o.pending); err != nil {
			return err
		}
		o.pending = nil
	}
	for !o.inDone {
		row, err := o.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			o.inDone = true
			break
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		kept := o.arena.copy(row)
		if len(p.rows) == 0 {
			if o.pkeys, err = o.partKeys(kept, o.pkeys); err != nil {
				return err
			}
		} else if len(o.n.PartitionBy) > 0 {
			if o.pkNext, err = o.partKeys(kept, o.pkNext); err != nil {
				return err
			}
			if !keysEqual(o.n.PartTypes, o.pkeys, o.pkNext) {
				o.pending = kept
				break
			}
		}
		if err := add(kept); err != nil {
			return err
		}
	}
	return nil
}

// compute fills o.out with the partition's rows and their functions'
// values.
func (o *windowOp) compute() error {
	p := &o.part
	n := len(p.rows)
	o.out, o.pos = o.out[:0], 0
	if n == 0 {
		return nil
	}
	p.peerGroups()
	nf := len(o.n.Funcs)
	var out rowArena
	for _, r := range p.rows {
		row := out.copy(append(r[:o.width:o.width], make([]types.Datum, nf)...))
		o.out = append(o.out, row)
	}
	for fi := range o.n.Funcs {
		wf := &o.n.Funcs[fi]
		p.wf = wf
		p.fr = frameOf(wf)
		p.err = nil
		if err := p.offsets(); err != nil {
			return err
		}
		if wf.IsAgg {
			if err := p.aggregate(fi, o.out, o.width); err != nil {
				return err
			}
			continue
		}
		for i := 0; i < n; i++ {
			p.cur = i
			p.start, p.end = p.frameBounds(i)
			if p.err != nil {
				return p.err
			}
			v, err := wf.Fn.Win.Call(o.s.env.Ctx, p)
			if err != nil {
				return err
			}
			o.out[i][o.width+fi] = v
		}
	}
	return nil
}

func (o *windowOp) close() {
	o.in.close()
	o.out, o.arena, o.pending = nil, rowArena{}, nil
	o.part.rows, o.part.keys = nil, nil
}

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
	arith      *rangeArith // RANGE offsets of types without an inline rule
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

// offsets evaluates the frame's offsets for this partition.
func (p *partition) offsets() error {
	fr := &p.fr
	p.frame.Row = p.rows[0]
	eval := func(e expr.Expr, bound plan.BoundKind, which string) (types.Datum, error) {
		if bound != plan.OffsetPreceding && bound != plan.OffsetFollowing || e == nil {
			return types.Null, nil
		}
		v, err := e.Eval(&p.frame)
		if err != nil {
			return v, err
		}
		if v.Null {
			return v, pgerr.New(pgerr.NullValueNotAllowed, "frame %s offset must not be null", which)
		}
		neg := v.I < 0 || v.F < 0
		if neg {
			if fr.Mode == plan.FrameRange {
				return v, pgerr.New(invalidPrecedingOrFollowingSize, "invalid preceding or following size in window function")
			}
			return v, pgerr.New(invalidPrecedingOrFollowingSize, "frame %s offset must not be negative", which)
		}
		return v, nil
	}
	var err error
	if p.startOff, err = eval(fr.StartOffset, fr.Start, "starting"); err != nil {
		return err
	}
	if p.endOff, err = eval(fr.EndOffset, fr.End, "ending"); err != nil {
		return err
	}
	p.arith = nil
	offExpr := fr.StartOffset
	if fr.Start != plan.OffsetPreceding && fr.Start != plan.OffsetFollowing {
		offExpr = fr.EndOffset
	}
	if fr.Mode != plan.FrameRange || offExpr == nil ||
		fr.Start != plan.OffsetPreceding && fr.Start != plan.OffsetFollowing && fr.End != plan.OffsetPreceding && fr.End != plan.OffsetFollowing {
		return nil
	}
	if len(p.o.n.OrderBy) != 1 {
		return pgerr.New(pgerr.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
	}
	t, ot := p.o.n.OrderBy[0].Expr.Type(), offExpr.Type()
	if numericFast(t.Oid) && numericFast(ot.Oid) {
		return nil
	}
	p.arith, err = newRangeArith(t, ot)
	return err
}

// numericFast reports the types whose RANGE offsets are computed inline.
func numericFast(oid types.Oid) bool {
	switch oid {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid, types.Float4Oid, types.Float8Oid:
		return true
	}
	return false
}

// rangeArith computes RANGE frame edges with the type's own + and -
// operators (numeric, dates and timestamps with intervals).
type rangeArith struct {
	add, sub *funcs.ResolvedOp
	offT     types.T
	args     [2]types.Datum
}

func newRangeArith(t, ot types.T) (*rangeArith, error) {
	add, err1 := funcs.ResolveOperator("+", t, ot)
	sub, err2 := funcs.ResolveOperator("-", t, ot)
	if err1 != nil || err2 != nil || add.Op.Func == nil || add.Op.Func.Call == nil || sub.Op.Func == nil || sub.Op.Func.Call == nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s and offset type %s",
			types.FormatType(t), types.FormatType(ot))
	}
	return &rangeArith{add: add, sub: sub, offT: ot}, nil
}

// apply returns v - off (sub) or v + off, and its type.
func (a *rangeArith) apply(s *state, t types.T, v, off types.Datum, sub bool) (types.Datum, types.T, error) {
	r := a.add
	if sub {
		r = a.sub
	}
	env := s.env.Ctx.Env
	var err error
	if a.args[0], err = types.Cast(v, t, r.Left, false, env); err != nil {
		return types.Null, t, err
	}
	if a.args[1], err = types.Cast(off, a.offT, r.Right, false, env); err != nil {
		return types.Null, t, err
	}
	d, err := r.Op.Func.Call(s.env.Ctx, a.args[:])
	return d, r.Result, err
}

// frameBounds returns row i's frame [start, end), before exclusions.
func (p *partition) frameBounds(i int) (int, int) {
	fr := &p.fr
	n := len(p.rows)
	clamp := func(x int) int { return max(0, min(x, n)) }
	switch fr.Mode {
	case plan.FrameRows:
		var s, e int
		switch fr.Start {
		case plan.UnboundedPreceding:
			s = 0
		case plan.OffsetPreceding:
			s = clamp(i - int(min(p.startOff.I, int64(n))))
		case plan.CurrentRow:
			s = i
		case plan.OffsetFollowing:
			s = clamp(i + int(min(p.startOff.I, int64(n))))
		default:
			s = n
		}
		switch fr.End {
		case plan.UnboundedFollowing:
			e = n
		case plan.OffsetFollowing:
			e = clamp(i + int(min(p.endOff.I, int64(n))) + 1)
		case plan.CurrentRow:
			e = i + 1
		case plan.OffsetPreceding:
			e = clamp(i - int(min(p.endOff.I, int64(n))) + 1)
		default:
			e = 0
		}
		return s, max(s, e)
	case plan.FrameGroups:
		g := p.group[i]
		last := p.group[n-1]
		first := func(g int) int {
			if g < 0 {
				return 0
			}
			if g > last {
				return n
			}
			return p.gpos[g]
		}
		after := func(g int) int {
			if g < 0 {
				return 0
			}
			if g > last {
				return n
			}
			return p.gpos[g+1]
		}
		var s, e int
		switch fr.Start {
		case plan.UnboundedPreceding:
			s = 0
		case plan.OffsetPreceding:
			s = first(g - int(min(p.startOff.I, int64(n))))
		case plan.CurrentRow:
			s = first(g)
		case plan.OffsetFollowing:
			s = first(g + int(min(p.startOff.I, int64(n))))
		default:
			s = n
		}
		switch fr.End {
		case plan.UnboundedFollowing:
			e = n
		case plan.OffsetFollowing:
			e = after(g + int(min(p.endOff.I, int64(n))))
		case plan.CurrentRow:
			e = after(g)
		case plan.OffsetPreceding:
			e = after(g - int(min(p.endOff.I, int64(n))))
		default:
			e = 0
		}
		return s, max(s, e)
	}
	return p.rangeBounds(i)
}

// rangeBounds is frameBounds in RANGE mode: bounds by the ORDER BY value.
func (p *partition) rangeBounds(i int) (int, int) {
	fr := &p.fr
	n := len(p.rows)
	g := p.group[i]
	var s, e int
	switch fr.Start {
	case plan.UnboundedPreceding:
		s = 0
	case plan.CurrentRow:
		s = p.gpos[g]
	case plan.UnboundedFollowing:
		s = n
	default:
		s = p.rangeEdge(i, fr.Start == plan.OffsetPreceding, p.startOff, true)
	}
	switch fr.End {
	case plan.UnboundedFollowing:
		e = n
	case plan.CurrentRow:
		e = p.gpos[g+1]
	case plan.UnboundedPreceding:
		e = 0
	default:
		e = p.rangeEdge(i, fr.End == plan.OffsetPreceding, p.endOff, false)
	}
	return s, max(s, e)
}

// rangeEdge finds the frame edge at the current value minus (preceding)
// or plus the offset, in the ORDER BY direction: the first row at or after
// that value for a start edge, the row after the last one at or before it
// for an end edge. A NULL current value's frame is its peer group; NULL
// rows are never within an offset of a value.
func (p *partition) rangeEdge(i int, preceding bool, off types.Datum, start bool) int {
	key := &p.o.n.OrderBy[0]
	cur := p.keys[i][0]
	if cur.Null {
		g := p.group[i]
		if start {
			return p.gpos[g]
		}
		return p.gpos[g+1]
	}
	t := key.Expr.Type()
	// sub is whether the bound value is cur - off in the value order.
	sub := preceding != key.Desc
	var bound types.Datum
	overflow := 0
	ct := t // the type bound compares in
	if p.arith != nil {
		var err error
		bound, ct, err = p.arith.apply(p.o.s, t, cur, off, sub)
		if err != nil {
			if p.err == nil {
				p.err = err
			}
			return i
		}
	} else {
		bound, overflow = offsetValue(t, cur, off, sub)
	}
	inside := func(j int) bool { // row j is before the edge
		v := p.keys[j][0]
		if v.Null {
			return key.NullsFirst // NULLs first come before every value
		}
		if ct.Oid != t.Oid {
			cv, err := types.Cast(v, t, ct, false, p.o.s.env.Ctx.Env)
			if err != nil {
				if p.err == nil {
					p.err = err
				}
				return false
			}
			v = cv
		}
		if overflow != 0 {
			// The bound is beyond every value: before all rows in
			// the ORDER BY direction, or after all of them.
			return (overflow < 0) == key.Desc
		}
		c := compareDatum(ct, v, bound)
		if key.Desc {
			c = -c
		}
		if start {
			return c < 0
		}
		return c <= 0
	}
	// The rows before the edge form a prefix of the partition.
	lo, hi := 0, len(p.rows)
	for lo < hi {
		m := (lo + hi) / 2
		if inside(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// offsetValue computes v - off (sub) or v + off for RANGE frames over
// integer and float ORDER BY values; overflow is -1 or 1 when the result
// is beyond the type's range.
func offsetValue(t types.T, v, off types.Datum, sub bool) (types.Datum, int) {
	switch t.Oid {
	case types.Float4Oid, types.Float8Oid:
		o := off.F
		if o == 0 && off.I != 0 {
			o = float64(off.I)
		}
		if sub {
			return types.Float(v.F - o), 0
		}
		return types.Float(v.F + o), 0
	}
	o := off.I
	if sub {
		r := v.I - o
		if r > v.I {
			return v, -1
		}
		return types.Int(r), 0
	}
	r := v.I + o
	if r < v.I {
		return v, 1
	}
	return types.Int(r), 0
}

// aggregate computes aggregate wf (function fi) over every row's frame,
// adding and removing rows as the frame moves when it can.
func (p *partition) aggregate(fi int, out [][]types.Datum, width int) error {
	wf := p.wf
	ctx := p.o.s.env.Ctx
	n := len(p.rows)
	args := make([]types.Datum, len(wf.Args))
	feed := func(st funcs.AggState, row int, remove bool) error {
		p.frame.Row = p.rows[row]
		if wf.Filter != nil {
			ok, err := evalQual(wf.Filter, &p.frame)
			if err != nil || !ok {
				return err
			}
		}
		for i, e := range wf.Args {
			v, err := e.Eval(&p.frame)
			if err != nil {
				return err
			}
			args[i] = v
		}
		if remove {
			return st.(funcs.AggRemover).Remove(args)
		}
		return st.Add(args)
	}
	var st funcs.AggState
	s, e := 0, 0
	_, canRemove := wf.Fn.Agg.New(ctx, wf.ArgTypes, wf.Result).(funcs.AggRemover)
	canRemove = canRemove && wf.Fn.Agg.Moving
	for i := 0; i < n; i++ {
		p.cur = i
		ns, ne := p.frameBounds(i)
		if p.err != nil {
			return p.err
		}
		p.start, p.end = ns, ne
		if wf.Frame.Exclude != 0 {
			st = wf.Fn.Agg.New(ctx, wf.ArgTypes, wf.Result)
			for j := ns; j < ne; j++ {
				if p.excluded(j) {
					continue
				}
				if err := feed(st, j, false); err != nil {
					return err
				}
			}
		} else if st == nil || ns < s || ne < e || ns > s && !canRemove || ns >= e {
			st = wf.Fn.Agg.New(ctx, wf.ArgTypes, wf.Result)
			for j := ns; j < ne; j++ {
				if err := feed(st, j, false); err != nil {
					return err
				}
			}
			s, e = ns, ne
		} else {
			for ; e < ne; e++ {
				if err := feed(st, e, false); err != nil {
					return err
				}
			}
			for ; s < ns; s++ {
				if err := feed(st, s, true); err != nil {
					return err
				}
			}
		}
		v, err := st.Result()
		if err != nil {
			return err
		}
		out[i][width+fi] = v
	}
	return nil
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
