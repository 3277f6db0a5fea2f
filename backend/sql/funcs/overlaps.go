package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
)

// (start1, end1) OVERLAPS (start2, end2) over timestamps, timestamps with
// time zone and times; an end may be given as a length (interval). NULL
// bounds follow PostgreSQL's rules: a NULL end makes the answer NULL
// only when it is needed.

func init() {
	kinds := []struct {
		typ string
		add func(c *Ctx, t int64, iv datetime.Interval) (int64, error)
	}{
		{"timestamp", func(_ *Ctx, t int64, iv datetime.Interval) (int64, error) {
			return datetime.TimestampAddInterval(t, iv)
		}},
		{"timestamptz", func(c *Ctx, t int64, iv datetime.Interval) (int64, error) {
			return datetime.TimestampTZAddInterval(t, iv, c.loc())
		}},
		{"time", func(_ *Ctx, t int64, iv datetime.Interval) (int64, error) {
			return datetime.TimeAddInterval(t, iv), nil
		}},
	}
	for _, k := range kinds {
		k := k
		// end resolves argument i (a bound, or a length from start).
		end := func(c *Ctx, a []types.Datum, i int, length bool) (types.Datum, error) {
			if !length {
				return a[i], nil
			}
			if a[i-1].Null || a[i].Null {
				return types.Null, nil
			}
			v, err := k.add(c, a[i-1].I, ivl(a[i]))
			return types.Datum{I: v}, err
		}
		for _, form := range []struct {
			sig        string
			len1, len2 bool
		}{
			{k.typ + "," + k.typ + "," + k.typ + "," + k.typ, false, false},
			{k.typ + ",interval," + k.typ + ",interval", true, true},
			{k.typ + "," + k.typ + "," + k.typ + ",interval", false, true},
			{k.typ + ",interval," + k.typ + "," + k.typ, true, false},
		} {
			form := form
			def("overlaps", form.sig, func(c *Ctx, a []types.Datum) (types.Datum, error) {
				e1, err := end(c, a, 1, form.len1)
				if err != nil {
					return types.Datum{}, err
				}
				e2, err := end(c, a, 3, form.len2)
				if err != nil {
					return types.Datum{}, err
				}
				return overlaps(a[0], e1, a[2], e2), nil
			})
		}
	}
}

// overlaps compares two periods given by their bounds in either order.
func overlaps(s1, e1, s2, e2 types.Datum) types.Datum {
	norm := func(s, e types.Datum) (types.Datum, types.Datum, bool) {
		switch {
		case s.Null && e.Null:
			return s, e, false
		case s.Null:
			return e, types.Null, true
		case !e.Null && s.I > e.I:
			return e, s, true
		}
		return s, e, true
	}
	s1, e1, ok1 := norm(s1, e1)
	s2, e2, ok2 := norm(s2, e2)
	if !ok1 || !ok2 {
		return types.Null
	}
	switch {
	case s1.I > s2.I:
		if e2.Null {
			return types.Null
		}
		if s1.I < e2.I {
			return types.Bool(true)
		}
		if e1.Null {
			return types.Null
		}
		return types.Bool(false)
	case s1.I < s2.I:
		if e1.Null {
			return types.Null
		}
		if s2.I < e1.I {
			return types.Bool(true)
		}
		if e2.Null {
			return types.Null
		}
		return types.Bool(false)
	}
	if e1.Null || e2.Null {
		return types.Null
	}
	return types.Bool(true)
}
