package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

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
	p.arith, p.arithEnd = nil, nil
	hasStart := fr.StartOffset != nil && (fr.Start == plan.OffsetPreceding || fr.Start == plan.OffsetFollowing)
	hasEnd := fr.EndOffset != nil && (fr.End == plan.OffsetPreceding || fr.End == plan.OffsetFollowing)
	if fr.Mode != plan.FrameRange || !hasStart && !hasEnd {
		return nil
	}
	if len(p.o.n.OrderBy) != 1 {
		return pgerr.New(pgerr.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
	}
	// Each bound's offset has its own type (1 PRECEDING AND 1.5
	// FOLLOWING), so each gets its own arithmetic.
	t := p.o.n.OrderBy[0].Expr.Type()
	arith := func(off expr.Expr) (*rangeArith, error) {
		if ot := off.Type(); !numericFast(t.Oid) || !numericFast(ot.Oid) {
			return newRangeArith(t, ot)
		}
		return nil, nil
	}
	if hasStart {
		if p.arith, err = arith(fr.StartOffset); err != nil {
			return err
		}
	}
	if hasEnd {
		if p.arithEnd, err = arith(fr.EndOffset); err != nil {
			return err
		}
	}
	return nil
}

// numericFast reports the types whose RANGE offsets are computed inline.
func numericFast(oid types.Oid) bool {
	switch oid {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid, types.Float4Oid, types.Float8Oid:
		return true
	}
	return false
}

// hasInRange reports the column types PostgreSQL can offset a RANGE frame
// by (those with an in_range support function); for any other, the offset
// type does not matter.
func hasInRange(oid types.Oid) bool {
	switch oid {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid, types.Float4Oid, types.Float8Oid, types.NumericOid,
		types.DateOid, types.TimeOid, 1266, types.TimestampOid, types.TimestampTZOid, types.IntervalOid: // 1266: timetz
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
	if !hasInRange(t.Oid) {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s", types.FormatType(t))
	}
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
	arith := p.arith
	if !start {
		arith = p.arithEnd
	}
	if arith != nil {
		var err error
		bound, ct, err = arith.apply(p.o.s, t, cur, off, sub)
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
