package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// rangeEntry is one item of a FROM list as names see it: an alias, its
// column names and types, and where its columns start in the joined row.
type rangeEntry struct {
	alias   string // the name that qualifies its columns ("" for an unnamed join)
	schema  string // for schema-qualified references to a table
	cols    []Column
	offset  int
	table   *Table // nil unless a base table
	hidden  bool   // reachable only through qualified names (a join's inputs under an alias)
	colsVis []bool // nil: every column visible to unqualified lookup
	merged  []bool // columns a USING join's merged column stands for (nil: none)
	noPerm  bool   // reading its columns needs no privilege (ON CONFLICT's excluded)
	// scalar marks a function in FROM that returns one value per row
	// (not a record): its name used as a value is that value.
	scalar bool
	// used marks the columns the statement reads, for a base table in
	// FROM (nil otherwise): its scan converts only those (Scan's Used).
	// References set it while the statement is analysed; the scan node
	// shares the slice, complete once analysis ends.
	used []bool
	// exprs, when set, computes each column (an alias of a join with
	// USING, whose columns are not laid out at offset): see aliasedJoin.
	exprs []func() expr.Expr
	// aliased: a join's alias covers this entry, whose own name is then
	// no longer visible.
	aliased bool
	// sys are the system columns a base table's entry carries, at
	// cols[sysAt:] (syscols.go); hidden from unqualified lookup and *.
	sys   []SysAttr
	sysAt int
	// inJoin: the entry is an input of an explicit JOIN, whose system
	// columns only qualified names reach (the join itself has none).
	inJoin bool
}

// sysRefusal, when set on a scope, gives the error (nil: allowed) for a
// reference to a system column there (a CHECK constraint, an index
// expression: PostgreSQL refuses them).
type sysRefusal func(name string) error

// column returns a reference to column i of e.
func (e *rangeEntry) column(i int) expr.Expr {
	if e.exprs != nil {
		return e.exprs[i]()
	}
	c := e.cols[i]
	return &expr.Var{Index: e.offset + i, T: c.T, Name: c.Name}
}

// markUsed notes that column i of e is read.
func (e *rangeEntry) markUsed(i int) {
	if e.used != nil && i < len(e.used) {
		e.used[i] = true
	}
}

// scope is the name space of one query level.
type scope struct {
	entries []*rangeEntry
	parent  *scope
	width   int // columns in the joined row
	q       *analyzer
	// agg, when set, collects aggregate calls found at this level.
	agg *aggCollector
	// ctes visible at this level, by name.
	ctes map[string]*cteInfo
	// outputAliases lets ORDER BY and GROUP BY see select-list names.
	noAggs string // non-empty: aggregates are not allowed here (the clause name)
	// noCols, when set, names the expression kind in which no column
	// may be referenced (a column default).
	noCols  string
	noWins  string
	windows map[string]*parser.WindowDef
	// winSpecs are the window definitions analysed before aggregation
	// (prepareWindows), by their text.
	winSpecs map[string]*windowSpec
	wins     *winCollector
	// Lateral references (lateral.go). On the top scope of a FROM item:
	// hiddenFrom is the FROM list a sub-select without LATERAL stands in
	// (its items are named only in errors); refusedFrom the FROM list a
	// lateral item sees but may not reference (right of a RIGHT or FULL
	// join). On a FROM list's scope: outerJoinLeft, while the right side
	// of a RIGHT or FULL join is analysed, is the join's left side;
	// target the columns of the UPDATE or DELETE target, which its FROM
	// items may not reference; refsBelow records that a lower level read
	// a column here, minRefBelow the lowest such column; inFrom is set
	// while the FROM list is analysed.
	hiddenFrom    *scope
	refusedFrom   *scope
	outerJoinLeft *colRange
	target        *colRange
	refsBelow     bool
	minRefBelow   int
	outerVars     []*expr.Var // the columns lower levels read here (outerRef)
	inFrom        bool
	// funcArgs marks the level a FROM function's arguments are analysed
	// in: it stands for the FROM list's own level, so an aggregate there
	// never belongs to an enclosing one.
	funcArgs bool
	// using holds the merged columns of USING and NATURAL joins
	// (usingcols.go); usingSeq numbers those joins.
	using    []*usingCol
	usingSeq int
	// sysRefused: see sysRefusal.
	sysRefused sysRefusal
	// wholeRowRefused, when set, is the error for a table's name used
	// as a whole-row value (a generation expression refuses it).
	wholeRowRefused error
}

func (s *scope) add(e *rangeEntry) {
	e.offset = s.width
	s.width += len(e.cols)
	s.entries = append(s.entries, e)
}

// lookupColumn resolves a possibly qualified column name, searching outer
// levels when this one has no match.
func (s *scope) lookupColumn(fields []string, loc int) (expr.Expr, error) {
	level := 0
	for sc := s; sc != nil; sc = sc.parent {
		e, found, err := sc.lookupHere(fields, loc)
		if err != nil {
			return nil, err
		}
		if found {
			if v, ok := e.(*expr.Var); ok && level > 0 {
				v.Level = level
				if err := sc.outerRef(v, loc); err != nil {
					return nil, err
				}
			}
			if _, ok := e.(*expr.Coalesce); ok && level > 0 {
				if err := sc.setOuterLevel(e, level, loc); err != nil {
					return nil, err
				}
			}
			if _, ok := e.(*expr.Cast); ok && level > 0 {
				if err := sc.setOuterLevel(e, level, loc); err != nil {
					return nil, err
				}
			}
			if row, ok := e.(*expr.RowCtor); ok && level > 0 {
				for _, f := range row.Fields {
					v := f.(*expr.Var)
					v.Level = level
					if err := sc.outerRef(v, loc); err != nil {
						return nil, err
					}
				}
			}
			return e, nil
		}
		if sc.refusedFrom != nil {
			if err := sc.refusedRef(fields, loc); err != nil {
				return nil, err
			}
		}
		level++
	}
	return nil, s.q.columnMissing(fields, loc)
}

func (s *scope) lookupHere(fields []string, loc int) (expr.Expr, bool, error) {
	switch len(fields) {
	case 1:
		return s.lookupUnqualified(fields[0], loc)
	case 2:
		return s.lookupQualified("", fields[0], fields[1], loc)
	case 3:
		return s.lookupQualified(fields[0], fields[1], fields[2], loc)
	}
	return nil, false, s.q.errAt(pgerr.New(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", joinNames(fields)), loc)
}

func (s *scope) lookupUnqualified(name string, loc int) (expr.Expr, bool, error) {
	var found expr.Expr
	merged, n := s.lookupUsing(name)
	if n > 1 {
		return nil, false, s.q.errAt(pgerr.New(pgerr.AmbiguousColumn, "column reference %q is ambiguous", name), loc)
	}
	if n == 1 {
		found = merged
	}
	for _, e := range s.entries {
		if e.hidden {
			continue
		}
		for i, c := range e.cols {
			if c.Name != name || (e.colsVis != nil && !e.colsVis[i]) || e.isMerged(i) {
				continue
			}
			if found != nil {
				return nil, false, s.q.errAt(pgerr.New(pgerr.AmbiguousColumn, "column reference %q is ambiguous", name), loc)
			}
			found = e.column(i)
			s.q.columnRead(e)
			e.markUsed(i)
			s.q.noteColumn(s, e, i)
		}
	}
	if found == nil {
		if x, ok, err := s.systemColumn(name, "", loc); ok || err != nil {
			return x, ok, err
		}
		return s.wholeRow(name)
	}
	if IsSystemColumnName(name) {
		// A table's system column of that name makes it ambiguous.
		if _, ok, _ := s.systemColumn(name, "", loc); ok {
			return nil, false, s.q.errAt(pgerr.New(pgerr.AmbiguousColumn, "column reference %q is ambiguous", name), loc)
		}
	}
	return found, true, nil
}

// lookupWholeRow resolves alias.* used as a value, searching outer levels;
// nil when no FROM item is called alias.
func (s *scope) lookupWholeRow(alias string, loc int) (expr.Expr, error) {
	level := 0
	for sc := s; sc != nil; sc = sc.parent {
		x, ok, err := sc.wholeRow(alias)
		if err != nil || ok {
			if row, isRow := x.(*expr.RowCtor); isRow && level > 0 {
				for _, f := range row.Fields {
					v := f.(*expr.Var)
					v.Level = level
					if err := sc.outerRef(v, loc); err != nil {
						return nil, err
					}
				}
			}
			return x, err
		}
		level++
	}
	return nil, nil
}

// wholeRow resolves a FROM item's name used as a value (row_to_json(t)):
// a row of its columns, named as they are.
func (s *scope) wholeRow(alias string) (expr.Expr, bool, error) {
	e := s.findEntry("", alias)
	if e == nil || e.hidden {
		return nil, false, nil
	}
	if s.wholeRowRefused != nil {
		return nil, false, s.wholeRowRefused
	}
	s.q.noteColumn(s, e, -1)
	if e.scalar && len(e.cols) == 1 {
		e.markUsed(0)
		s.q.columnRead(e)
		return &expr.Var{Index: e.offset, T: e.cols[0].T, Name: e.cols[0].Name}, true, nil
	}
	row := &expr.RowCtor{T: types.Of(types.RecordOid)}
	for i, c := range e.cols {
		if e.colsVis != nil && !e.colsVis[i] {
			continue
		}
		x, ok := e.column(i).(*expr.Var) // a join alias may compute its columns
		if !ok {
			x = &expr.Var{Index: e.offset + i, T: c.T, Name: c.Name}
		}
		row.Fields = append(row.Fields, x)
		row.Names = append(row.Names, c.Name)
		e.markUsed(i)
	}
	s.q.columnRead(e)
	return row, true, nil
}

func (s *scope) findEntry(schema, alias string) *rangeEntry {
	for _, e := range s.entries {
		if e.alias == alias && !e.aliased && (schema == "" || e.schema == schema) {
			return e
		}
	}
	return nil
}

func (s *scope) lookupQualified(schema, alias, name string, loc int) (expr.Expr, bool, error) {
	e := s.findEntry(schema, alias)
	if e == nil {
		return nil, false, nil
	}
	for i, c := range e.cols {
		if c.Name == name && !e.isSys(i) {
			for j := i + 1; j < len(e.cols); j++ {
				if e.cols[j].Name == name && (e.colsVis == nil || e.colsVis[j]) {
					return nil, false, s.q.errAt(pgerr.New(pgerr.AmbiguousColumn, "column reference %q is ambiguous", name), loc)
				}
			}
			s.q.columnRead(e)
			e.markUsed(i)
			s.q.noteColumn(s, e, i)
			return e.column(i), true, nil
		}
	}
	if name == "*" {
		return nil, false, nil
	}
	if x, ok, err := s.systemColumn(name, alias, loc); ok || err != nil {
		return x, ok, err
	}
	ue := pgerr.New(pgerr.UndefinedColumn, "column %s.%s does not exist", alias, name)
	ue.Hint = s.q.columnHint(alias, name)
	return nil, false, s.q.errAt(ue, loc)
}

// hasEntry reports whether alias names a FROM item at any level.
func (s *scope) hasEntry(alias string) bool {
	for sc := s; sc != nil; sc = sc.parent {
		if sc.findEntry("", alias) != nil {
			return true
		}
	}
	return false
}

func (q *analyzer) columnMissing(fields []string, loc int) error {
	if q.sc != nil && q.sc.noCols != "" {
		return q.errAt(pgerr.New(pgerr.FeatureNotSupported, "cannot use column reference in %s", q.sc.noCols), loc)
	}
	if err := q.hiddenReference(fields, loc); err != nil {
		return err
	}
	if len(fields) >= 2 {
		alias := fields[len(fields)-2]
		if q.sc == nil || !q.sc.hasEntry(alias) {
			return q.missingEntry(fields, loc)
		}
		e := pgerr.New(pgerr.UndefinedColumn, "column %s does not exist", joinNames(fields))
		e.Hint = q.columnHint(alias, fields[len(fields)-1])
		return q.errAt(e, loc)
	}
	e := pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", fields[0])
	e.Hint = q.columnHint("", fields[0])
	return q.errAt(e, loc)
}

func joinNames(f []string) string {
	s := ""
	for i, x := range f {
		if i > 0 {
			s += "."
		}
		s += x
	}
	return s
}

// starColumns expands * or alias.* into Vars.
func (s *scope) starColumns(alias string, loc int) ([]expr.Expr, []Column, error) {
	var exprs []expr.Expr
	var cols []Column
	for _, e := range s.entries {
		if alias == "" && e.exprs == nil {
			// A USING join's merged columns come first.
			for _, u := range s.usingAt(e.offset, e.offset+1) {
				x := u.value(s.q)
				s.q.noteStarColumn(s, nil, -1)
				exprs = append(exprs, x)
				cols = append(cols, Column{Name: u.name, T: x.Type()})
			}
		}
		if alias == "" && e.hidden {
			continue
		}
		if alias != "" && e.alias != alias {
			continue
		}
		for i, c := range e.cols {
			if alias == "" && ((e.colsVis != nil && !e.colsVis[i]) || e.isMerged(i)) || e.isSys(i) ||
				(c.Name == "" && e.colsVis != nil && !e.colsVis[i]) {
				continue
			}
			exprs = append(exprs, e.column(i))
			e.markUsed(i)
			s.q.noteStarColumn(s, e, i)
			cols = append(cols, c)
		}
		if alias != "" {
			return exprs, cols, nil
		}
	}
	if alias != "" {
		return s.outerStar(alias, loc)
	}
	if len(s.entries) == 0 {
		return nil, nil, s.q.errAt(pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid"), loc)
	}
	return exprs, cols, nil
}

// missingEntry is the error for a qualified name whose qualifier names no
// FROM item: when a FROM item reads that table under another alias,
// PostgreSQL says the reference is invalid and names the alias.
func (q *analyzer) missingEntry(fields []string, loc int) error {
	alias := fields[len(fields)-2]
	schema := ""
	if len(fields) == 3 {
		schema = fields[0]
	}
	for s := q.sc; s != nil; s = s.parent {
		for _, e := range s.entries {
			if e.aliased && e.alias == alias {
				return q.errAt(pgerr.New(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table %q", alias).
					WithHint("There is an entry for table %q, but it cannot be referenced from this part of the query.", alias), loc)
			}
		}
		if e := s.entryForTable(schema, alias); e != nil && e.alias != alias {
			return q.errAt(pgerr.New(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table %q", alias).
				WithHint("Perhaps you meant to reference the table alias %q.", e.alias), loc)
		}
	}
	return q.errAt(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", alias), loc)
}
