package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// usingCol is a column merged by JOIN ... USING or NATURAL JOIN. Named
// without qualification it is the left input's column (INNER and LEFT
// joins), the right input's (RIGHT) or the first non-NULL of the two
// (FULL), in the type both convert to; the inputs' own copies are then
// reachable only qualified. SELECT * lists the merged columns first, at
// the join's first column, as PostgreSQL does.
type usingCol struct {
	name        string
	start       int  // where the join's left input starts in the joined row
	seq         int  // the join's number, in order of analysis
	hidden      bool // merged again by an enclosing join
	t           types.T
	kind        JoinKind
	left, right func() expr.Expr // fresh references to the inputs' columns
}

// value returns a fresh expression for the merged column.
func (u *usingCol) value(q *analyzer) expr.Expr {
	side := func(f func() expr.Expr) expr.Expr {
		x := f()
		if c, err := q.coerce(x, u.t, types.CastImplicit, -1); err == nil {
			return c
		}
		return x
	}
	switch u.kind {
	case JoinRight:
		return side(u.right)
	case JoinFull:
		return &expr.Coalesce{Args: []expr.Expr{side(u.left), side(u.right)}, T: u.t}
	}
	return side(u.left)
}

// mergeColumn hides one column of an entry from unqualified lookup: a
// USING join's merged column stands for it.
func (e *rangeEntry) mergeColumn(i int) {
	if e.merged == nil {
		e.merged = make([]bool, len(e.cols))
	}
	e.merged[i] = true
}

func (e *rangeEntry) isMerged(i int) bool { return e.merged != nil && i < len(e.merged) && e.merged[i] }

// entryColumnRef returns a function making references to column i of e.
func (q *analyzer) entryColumnRef(e *rangeEntry, i int) func() expr.Expr {
	return func() expr.Expr {
		q.columnRead(e)
		e.markUsed(i)
		return &expr.Var{Index: e.offset + i, T: e.cols[i].T, Name: e.cols[i].Name}
	}
}

// usingSide finds column name on the left of a USING join (its columns
// from start to end): a merged column of a join inside it, or a column of
// one of its items. take hides it once the new merged column replaces it.
func (q *analyzer) usingSide(name string, start, end int) (ref func() expr.Expr, take func(), err error) {
	for _, u := range q.sc.using {
		if !u.hidden && u.name == name && u.start >= start && u.start < end {
			if ref != nil {
				return nil, nil, ambiguousCommon(name)
			}
			u := u
			ref, take = func() expr.Expr { return u.value(q) }, func() { u.hidden = true }
		}
	}
	for _, e := range q.sc.entries {
		if e.offset < start || e.offset >= end {
			continue
		}
		for i, c := range e.cols {
			if c.Name != name || e.isMerged(i) || (e.colsVis != nil && !e.colsVis[i]) {
				continue
			}
			if ref != nil {
				return nil, nil, ambiguousCommon(name)
			}
			e, i := e, i
			ref, take = q.entryColumnRef(e, i), func() { e.mergeColumn(i) }
		}
	}
	if ref == nil {
		return nil, nil, pgerr.New(pgerr.UndefinedColumn, "column %q specified in USING clause does not exist in left table", name)
	}
	return ref, take, nil
}

func ambiguousCommon(name string) error {
	return pgerr.New(pgerr.AmbiguousColumn, "common column name %q appears more than once in left table", name)
}

// commonNames lists NATURAL JOIN's columns: the names of the left side
// (columns start to end) that the right item has too, in the left's order.
func (q *analyzer) commonNames(start, end int, right *rangeEntry) []string {
	inRight := func(name string) bool {
		for i, rc := range right.cols {
			if name != "" && rc.Name == name && (right.colsVis == nil || right.colsVis[i]) {
				return true
			}
		}
		return false
	}
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if inRight(name) && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, u := range q.sc.usingAt(start, end) {
		add(u.name)
	}
	for _, e := range q.sc.entries {
		if e.offset < start || e.offset >= end {
			continue
		}
		for i, c := range e.cols {
			if !e.isMerged(i) && (e.colsVis == nil || e.colsVis[i]) {
				add(c.Name)
			}
		}
	}
	return out
}

// usingAt returns the visible merged columns of the joins starting in
// [start, end), as SELECT * lists them: the outermost join's first.
func (s *scope) usingAt(start, end int) []*usingCol {
	var out []*usingCol
	for seq := s.usingSeq; seq > 0; seq-- {
		for _, u := range s.using {
			if u.seq == seq && !u.hidden && u.start >= start && u.start < end {
				out = append(out, u)
			}
		}
	}
	return out
}

// lookupUsing resolves an unqualified name to a merged column.
func (s *scope) lookupUsing(name string) (expr.Expr, int) {
	var found expr.Expr
	n := 0
	for _, u := range s.using {
		if !u.hidden && u.name == name {
			found = u.value(s.q)
			n++
		}
	}
	return found, n
}

// setOuterLevel marks the columns of an expression found level query
// levels out (a merged column read by a sub-query).
func (s *scope) setOuterLevel(x expr.Expr, level, loc int) error {
	var err error
	walk(x, func(e expr.Expr) bool {
		if v, ok := e.(*expr.Var); ok && err == nil {
			v.Level = level
			err = s.outerRef(v, loc)
		}
		return true
	})
	return err
}
