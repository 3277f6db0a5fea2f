package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Window functions. Each is called once per row with the partition
// positioned on it; strictness does not apply to them (the executor calls
// them whatever their arguments).

// PeerGrouper is implemented by partitions that number their peer groups
// (0 for the first); dense_rank uses it. Without it dense_rank relies on
// being called for rows 0, 1, 2... of a partition in order.
type PeerGrouper interface {
	PeerGroup() int
}

// denseMemo carries dense_rank's count from one row to the next when the
// partition does not number its peer groups.
type denseMemo struct {
	p    Partition
	row  int
	rank int64
}

func winRowNumber(_ *Ctx, p Partition) (types.Datum, error) { return i64(int64(p.Current()) + 1), nil }

func winRank(_ *Ctx, p Partition) (types.Datum, error) {
	s, _ := p.Peers()
	return i64(int64(s) + 1), nil
}

func winDenseRank(c *Ctx, p Partition) (types.Datum, error) {
	if g, ok := p.(PeerGrouper); ok {
		return i64(int64(g.PeerGroup()) + 1), nil
	}
	cur := p.Current()
	m := c.dense
	if m == nil {
		m = &denseMemo{}
		c.dense = m
	}
	switch {
	case cur == 0:
		m.rank = 1
	case m.p == p && m.row == cur-1:
		if s, _ := p.Peers(); s == cur {
			m.rank++
		}
	default:
		// Out of order: count the peer groups from the start is not
		// possible through Partition, so rank from scratch by walking
		// peer boundaries is left to PeerGrouper implementations.
		return types.Datum{}, pgerr.New(pgerr.InternalError, "dense_rank requires rows in order or a PeerGrouper partition")
	}
	m.p, m.row = p, cur
	return i64(m.rank), nil
}

func winPercentRank(_ *Ctx, p Partition) (types.Datum, error) {
	n := p.Rows()
	if n <= 1 {
		return f8(0), nil
	}
	s, _ := p.Peers()
	return f8(float64(s) / float64(n-1)), nil
}

func winCumeDist(_ *Ctx, p Partition) (types.Datum, error) {
	_, e := p.Peers()
	return f8(float64(e) / float64(p.Rows())), nil
}

func winNtile(_ *Ctx, p Partition) (types.Datum, error) {
	// The bucket count is read on the partition's first row, as
	// PostgreSQL does.
	b, err := p.Arg(0, 0)
	if err != nil || b.Null {
		return types.Null, err
	}
	if b.I <= 0 {
		return types.Datum{}, pgerr.New("22014", "argument of ntile must be greater than zero")
	}
	n, cur := int64(p.Rows()), int64(p.Current())
	buckets := b.I
	if buckets > n {
		buckets = n
	}
	size, extra := n/buckets, n%buckets
	// The first extra buckets have size+1 rows.
	big := extra * (size + 1)
	if cur < big {
		return i64(cur/(size+1) + 1), nil
	}
	return i64(extra + (cur-big)/size + 1), nil
}

// winShift is lag (sign -1) and lead (sign +1).
func winShift(sign int) func(*Ctx, Partition) (types.Datum, error) {
	return func(_ *Ctx, p Partition) (types.Datum, error) {
		cur := p.Current()
		off := int64(1)
		// Argument 1 is the offset, 2 the default, both read on the
		// current row; a missing argument reads as NULL, so check arity
		// through the offset's presence.
		o, err := p.Arg(1, cur)
		if err != nil {
			return types.Datum{}, err
		}
		hasOff := !o.Null || argPresent(p, 1)
		if hasOff {
			if o.Null {
				return types.Null, nil
			}
			off = o.I
		}
		target := int64(cur) + int64(sign)*off
		if target < 0 || target >= int64(p.Rows()) {
			if argPresent(p, 2) {
				return p.Arg(2, cur)
			}
			return types.Null, nil
		}
		return p.Arg(0, int(target))
	}
}

// ArgCounter is implemented by partitions that know how many arguments
// the window function was called with; lag and lead use it to tell a
// NULL offset from an absent one. Without it a NULL offset or default
// reads as absent.
type ArgCounter interface {
	NumArgs() int
}

func argPresent(p Partition, i int) bool {
	if a, ok := p.(ArgCounter); ok {
		return i < a.NumArgs()
	}
	d, err := p.Arg(i, p.Current())
	return err == nil && !d.Null
}

func winFirstValue(_ *Ctx, p Partition) (types.Datum, error) {
	s, e := p.Frame()
	for r := s; r < e; r++ {
		if p.InFrame(r) {
			return p.Arg(0, r)
		}
	}
	return types.Null, nil
}

func winLastValue(_ *Ctx, p Partition) (types.Datum, error) {
	s, e := p.Frame()
	for r := e - 1; r >= s; r-- {
		if p.InFrame(r) {
			return p.Arg(0, r)
		}
	}
	return types.Null, nil
}

func winNthValue(_ *Ctx, p Partition) (types.Datum, error) {
	n, err := p.Arg(1, p.Current())
	if err != nil || n.Null {
		return types.Null, err
	}
	if n.I <= 0 {
		return types.Datum{}, pgerr.New("22016", "argument of nth_value must be greater than zero")
	}
	s, e := p.Frame()
	k := n.I
	for r := s; r < e; r++ {
		if !p.InFrame(r) {
			continue
		}
		k--
		if k == 0 {
			return p.Arg(0, r)
		}
	}
	return types.Null, nil
}

func init() {
	defWin("row_number", "", &Win{Call: winRowNumber})
	defWin("rank", "", &Win{Call: winRank})
	defWin("dense_rank", "", &Win{Call: winDenseRank})
	defWin("percent_rank", "", &Win{Call: winPercentRank})
	defWin("cume_dist", "", &Win{Call: winCumeDist})
	defWin("ntile", "int4", &Win{Call: winNtile})
	for _, sig := range []string{"anyelement", "anyelement,int4", "anycompatible,int4,anycompatible"} {
		defWin("lag", sig, &Win{Call: winShift(-1)})
		defWin("lead", sig, &Win{Call: winShift(1)})
	}
	defWin("first_value", "anyelement", &Win{Call: winFirstValue})
	defWin("last_value", "anyelement", &Win{Call: winLastValue})
	defWin("nth_value", "anyelement,int4", &Win{Call: winNthValue})
}
