package plan

import (
	"reflect"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// A view's query is kept as SQL text, which names relations and columns,
// where PostgreSQL's rules hold OIDs and attribute numbers. When a
// relation, a column or a schema the view reads is renamed, the text must
// be rewritten to mean what it meant. RenameInView analyses the text
// against the catalog as it is before the change, with a refTrace noting
// which parse nodes resolved to which relation and column, then edits
// exactly those nodes: a FROM item's alias, a CTE or a sub-select's column
// of the same name is never mistaken for the renamed object.

// ViewRename is one change of name a view's query must follow.
type ViewRename struct {
	Rel    uint32 // the relation renamed or moved, or whose column is renamed
	Attnum int16  // > 0: column Attnum of Rel is renamed to Name
	Name   string // the relation's (Attnum 0) or column's new name; "" unchanged
	Schema string // the relation's new schema; "" unchanged
}

// refTrace records, while a view's query is analysed, what its names
// resolve to (the query's own text only, not the views it expands).
type refTrace struct {
	renames []ViewRename
	cur     *parser.ColumnRef // the column reference being resolved
	rels    []*relRef
	entries map[*rangeEntry]*relRef
	cols    []*colRef
}

// relRef is a FROM item naming a catalog relation.
type relRef struct {
	rv *parser.RangeVar
	t  *Table
	e  *rangeEntry
	at *scope // the query level the item belongs to
	// cteClash: a CTE named like the relation's new name is visible
	// where rv stands, and would capture the new name unqualified.
	cteClash bool
}

// colRef is what a column reference (or one column of a * it expands
// to) resolved to.
type colRef struct {
	cr       *parser.ColumnRef
	from, at *scope      // where the lookup started, where it found e
	e        *rangeEntry // nil: a USING join's merged column (stars only)
	i        int         // column of e; -1 for e's whole row
	star     bool
}

// traceRef notes cr as the reference being resolved; the returned
// function ends it.
func (q *analyzer) traceRef(cr *parser.ColumnRef) func() {
	if q.trace == nil {
		return func() {}
	}
	saved := q.trace.cur
	q.trace.cur = cr
	return func() { q.trace.cur = saved }
}

// noteRelation records rv, resolved to catalog relation t whose FROM
// entry e is at level at.
func (q *analyzer) noteRelation(rv *parser.RangeVar, t *Table, e *rangeEntry, at *scope) {
	tr := q.trace
	if tr == nil || q.inView > 0 {
		return
	}
	r := &relRef{rv: rv, t: t, e: e, at: at}
	for _, ren := range tr.renames {
		if ren.Rel == t.Oid && ren.Attnum == 0 && ren.Name != "" && rv.Schema == "" && q.findCTE(ren.Name) != nil {
			r.cteClash = true
		}
	}
	if tr.entries == nil {
		tr.entries = map[*rangeEntry]*relRef{}
	}
	tr.entries[e] = r
	tr.rels = append(tr.rels, r)
}

// noteColumn records that the reference being resolved found column i
// of e (-1: its whole row) at level at.
func (q *analyzer) noteColumn(at *scope, e *rangeEntry, i int) {
	if q.trace == nil || q.trace.cur == nil || q.inView > 0 {
		return
	}
	q.trace.cols = append(q.trace.cols, &colRef{cr: q.trace.cur, from: q.sc, at: at, e: e, i: i})
}

// noteStarColumn records that the * being expanded covers column i of e
// (e nil: a merged USING column).
func (q *analyzer) noteStarColumn(at *scope, e *rangeEntry, i int) {
	if q.trace == nil || q.trace.cur == nil || q.inView > 0 {
		return
	}
	q.trace.cols = append(q.trace.cols, &colRef{cr: q.trace.cur, from: q.sc, at: at, e: e, i: i, star: true})
}

// RenameInView rewrites sel, a view's query (sql its text), so that it
// means after renames what it means now; cat must still resolve the old
// names. It reports whether anything changed; an error means the query
// does not analyse (the caller leaves such a view alone).
func RenameInView(sel *parser.SelectStmt, sql string, cat Catalog, env *types.Env, renames []ViewRename) (bool, error) {
	tr := &refTrace{renames: renames}
	q := &analyzer{cat: cat, sql: sql, env: env, trace: tr}
	if _, _, err := q.selectStmt(sel); err != nil {
		return false, err
	}
	names := namesInQuery(sel)
	changed := tr.renameRelations(cat)
	if tr.aliasJoinedColumns(sel) {
		changed = true
	}
	old, colChanged := tr.renameColumns(names)
	changed = changed || colChanged
	if tr.expandStars(sel) {
		changed = true
	}
	// A renamed column that named a select-list item keeps naming it.
	walkAST(reflect.ValueOf(sel), func(v reflect.Value) {
		if rt, ok := v.Interface().(*parser.ResTarget); ok && rt != nil && rt.Name == "" && len(rt.Indirection) == 0 {
			if cr, ok := rt.Val.(*parser.ColumnRef); ok {
				if name, ok := old[cr]; ok {
					rt.Name = name
				}
			}
		}
	})
	return changed, nil
}

// renameFor returns the rename of relation rel (attnum 0) or of its
// column attnum, nil when there is none.
func (tr *refTrace) renameFor(rel uint32, attnum int16) *ViewRename {
	for i := range tr.renames {
		if r := &tr.renames[i]; r.Rel == rel && r.Attnum == attnum {
			return r
		}
	}
	return nil
}

// qualifierAt returns the index of the field of c's reference that names
// its FROM item, -1 when the reference is unqualified.
func (c *colRef) qualifierAt() int {
	n := len(c.cr.Fields)
	if c.cr.Star || c.i < 0 {
		return n - 1
	}
	return n - 2
}

// renameRelations renames the FROM items naming a renamed or moved
// relation, and the qualifiers of the references to them.
func (tr *refTrace) renameRelations(cat Catalog) bool {
	changed := false
	for _, r := range tr.rels {
		ren := tr.renameFor(r.t.Oid, 0)
		if ren == nil {
			continue
		}
		if ren.Name != "" && ren.Name != r.rv.Name {
			oldName := r.rv.Name
			r.rv.Name, changed = ren.Name, true
			if r.rv.Alias == nil {
				if tr.qualifierFree(r.e, ren.Name) {
					tr.requalify(r.e, oldName, ren.Name, 0)
				} else {
					// The item keeps its old name as an alias.
					r.rv.Alias = &parser.Alias{Name: oldName}
				}
			}
			if r.rv.Schema == "" && ren.Schema == "" {
				shadowed := false
				if t, err := cat.LookupTable("", ren.Name); err == nil && t.Oid != r.t.Oid {
					shadowed = true
				}
				if shadowed || r.cteClash {
					r.rv.Schema = r.t.Schema
				}
			}
		}
		if ren.Schema != "" && (r.rv.Schema != ren.Schema || r.rv.Catalog != "") {
			oldSchema := r.rv.Schema
			if oldSchema == "" {
				oldSchema = r.t.Schema
			}
			r.rv.Catalog, r.rv.Schema, changed = "", ren.Schema, true
			if r.rv.Alias == nil {
				tr.requalify(r.e, oldSchema, ren.Schema, 1)
			}
		}
	}
	return changed
}

// requalify replaces from by to in the references to entry e: in their
// qualifier (up 0) or the schema before it (up 1).
func (tr *refTrace) requalify(e *rangeEntry, from, to string, up int) {
	for _, c := range tr.cols {
		if c.e != e {
			continue
		}
		if k := c.qualifierAt() - up; k >= 0 && c.cr.Fields[k] == from {
			c.cr.Fields[k] = to
		}
	}
}

// qualifierFree reports whether name, qualifying the references to e
// that are qualified now, would still find e: no FROM item of that name
// at a level between theirs and e's, nor beside e.
func (tr *refTrace) qualifierFree(e *rangeEntry, name string) bool {
	for _, c := range tr.cols {
		if c.e != e || c.qualifierAt() < 0 {
			continue
		}
		if !entryReachable(c.from, c.at, e, name) {
			return false
		}
	}
	return true
}

// entryReachable reports whether the FROM item name, looked up from
// level from, is e (at level at).
func entryReachable(from, at *scope, e *rangeEntry, name string) bool {
	for sc := from; sc != nil; sc = sc.parent {
		if sc == at {
			for _, x := range sc.entries {
				if x != e && x.alias == name && !x.aliased {
					return false
				}
			}
			return true
		}
		if sc.findEntry("", name) != nil {
			return false
		}
	}
	return false
}

// renamedColumn reports whether column i of FROM item r is the column a
// rename applies to (and not one an alias list names), with the rename.
func (tr *refTrace) renamedColumn(r *relRef, i int) *ViewRename {
	if r == nil || i < 0 || i >= len(r.t.Cols) {
		return nil
	}
	if r.rv.Alias != nil && i < len(r.rv.Alias.Cols) {
		return nil
	}
	if ren := tr.renameFor(r.t.Oid, int16(i+1)); ren != nil && ren.Name != "" {
		return ren
	}
	return nil
}

// aliasJoinedColumns keeps the old column names of a FROM item that is
// an input of a USING or NATURAL join and has a renamed column, with an
// alias naming every column (t t(a, b), as PostgreSQL prints it): the
// join's columns, merged by name, stay what they were. An item with a
// dropped column is left to renameColumns.
func (tr *refTrace) aliasJoinedColumns(root *parser.SelectStmt) bool {
	joined := map[*parser.RangeVar]bool{}
	walkAST(reflect.ValueOf(root), func(v reflect.Value) {
		j, ok := v.Interface().(*parser.JoinExpr)
		if !ok || j == nil || !j.Natural && len(j.Using) == 0 {
			return
		}
		mark := func(v reflect.Value) {
			if rv, ok := v.Interface().(*parser.RangeVar); ok && rv != nil {
				joined[rv] = true
			}
		}
		walkAST(reflect.ValueOf(j.Left), mark)
		walkAST(reflect.ValueOf(j.Right), mark)
	})
	changed := false
	for _, r := range tr.rels {
		if !joined[r.rv] {
			continue
		}
		hit, dropped := false, false
		for i, c := range r.t.Cols {
			if c.Dropped {
				dropped = true
			}
			if tr.renamedColumn(r, i) != nil {
				hit = true
			}
		}
		if !hit || dropped {
			continue
		}
		a := &parser.Alias{Name: r.e.alias}
		for i := range r.t.Cols {
			a.Cols = append(a.Cols, r.e.cols[i].Name)
		}
		r.rv.Alias, changed = a, true
	}
	return changed
}

// renameColumns renames the references to a renamed column; it returns
// each renamed reference's old name. names are the names the query
// writes (a new name among them is qualified where it stands, so that
// it cannot meet a select-list name or another column).
func (tr *refTrace) renameColumns(names map[string]bool) (map[*parser.ColumnRef]string, bool) {
	old := map[*parser.ColumnRef]string{}
	for _, c := range tr.cols {
		if c.star || c.i < 0 {
			continue
		}
		ren := tr.renamedColumn(tr.entries[c.e], c.i)
		if ren == nil {
			continue
		}
		if _, done := old[c.cr]; done {
			continue
		}
		n := len(c.cr.Fields)
		old[c.cr] = c.cr.Fields[n-1]
		c.cr.Fields[n-1] = ren.Name
		if n == 1 && (names[ren.Name] || columnNameTaken(c, ren.Name)) && c.e.alias != "" &&
			entryReachable(c.from, c.at, c.e, c.e.alias) {
			c.cr.Fields = []string{c.e.alias, ren.Name}
		}
	}
	// Another column of a new name, written unqualified, could meet the
	// renamed one: it is qualified too.
	changed := len(old) > 0
	for _, c := range tr.cols {
		if _, done := old[c.cr]; done || c.star || c.i < 0 || len(c.cr.Fields) != 1 || c.e.alias == "" {
			continue
		}
		if tr.newColumnName(c.cr.Fields[0]) && entryReachable(c.from, c.at, c.e, c.e.alias) {
			c.cr.Fields = []string{c.e.alias, c.cr.Fields[0]}
			changed = true
		}
	}
	return old, changed
}

// newColumnName reports whether a rename gives a column name.
func (tr *refTrace) newColumnName(name string) bool {
	for _, r := range tr.renames {
		if r.Attnum > 0 && r.Name == name {
			return true
		}
	}
	return false
}

// columnNameTaken reports whether an unqualified name, looked up where c
// stands, could find something other than c's column.
func columnNameTaken(c *colRef, name string) bool {
	for sc := c.from; sc != nil; sc = sc.parent {
		for _, u := range sc.using {
			if u.name == name {
				return true
			}
		}
		for _, x := range sc.entries {
			if x.hidden {
				continue
			}
			if x != c.e {
				for j, col := range x.cols {
					if col.Name == name && (x.colsVis == nil || x.colsVis[j]) {
						return true
					}
				}
			}
			if sc != c.at && x.alias == name {
				return true
			}
		}
		if sc == c.at {
			break
		}
	}
	return false
}

// expandStars writes out, column by column, each * of a select list that
// covers a renamed column, the renamed one as "new AS old", so that the
// list's names stay what they were. A * over a merged USING column or an
// unnamed FROM item stays as it is.
func (tr *refTrace) expandStars(root *parser.SelectStmt) bool {
	expansions := map[*parser.ColumnRef][]*parser.ResTarget{}
	var order []*parser.ColumnRef
	cols := map[*parser.ColumnRef][]*colRef{}
	type item struct {
		e *rangeEntry
		i int
	}
	seen := map[*parser.ColumnRef]map[item]bool{}
	for _, c := range tr.cols {
		if !c.star {
			continue
		}
		if _, ok := cols[c.cr]; !ok {
			order = append(order, c.cr)
			seen[c.cr] = map[item]bool{}
		}
		// A list analysed twice notes its * twice.
		if it := (item{c.e, c.i}); c.e == nil || !seen[c.cr][it] {
			seen[c.cr][it] = true
			cols[c.cr] = append(cols[c.cr], c)
		}
	}
	for _, cr := range order {
		hit, ok := false, true
		var out []*parser.ResTarget
		for _, c := range cols[cr] {
			if c.e == nil || c.e.alias == "" || !entryReachable(c.from, c.at, c.e, c.e.alias) {
				ok = false
				break
			}
			name := c.e.cols[c.i].Name
			rt := &parser.ResTarget{Val: &parser.ColumnRef{Fields: []string{c.e.alias, name}, Location: -1}, Location: -1}
			if ren := tr.renamedColumn(tr.entries[c.e], c.i); ren != nil {
				hit = true
				rt.Name = name
				rt.Val.(*parser.ColumnRef).Fields[1] = ren.Name
			}
			out = append(out, rt)
		}
		if hit && ok {
			expansions[cr] = out
		}
	}
	if len(expansions) == 0 {
		return false
	}
	changed := false
	walkAST(reflect.ValueOf(root), func(v reflect.Value) {
		list, ok := v.Interface().([]*parser.ResTarget)
		if !ok || !v.CanSet() {
			return
		}
		var next []*parser.ResTarget
		hit := false
		for _, rt := range list {
			if cr, ok := rt.Val.(*parser.ColumnRef); ok {
				if out, ok := expansions[cr]; ok {
					next = append(next, out...)
					hit = true
					continue
				}
			}
			next = append(next, rt)
		}
		if hit {
			v.Set(reflect.ValueOf(next))
			changed = true
		}
	})
	return changed
}

// walkAST calls f on every value reachable from v, a parsed statement,
// parents before children.
func walkAST(v reflect.Value, f func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		f(v)
		walkAST(v.Elem(), f)
	case reflect.Interface:
		if !v.IsNil() {
			walkAST(v.Elem(), f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkAST(v.Field(i), f)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		f(v)
		for i := 0; i < v.Len(); i++ {
			walkAST(v.Index(i), f)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkAST(v.Index(i), f)
		}
	}
}

// namesInQuery returns the names a query writes for columns and
// select-list items.
func namesInQuery(sel *parser.SelectStmt) map[string]bool {
	names := map[string]bool{}
	walkAST(reflect.ValueOf(sel), func(v reflect.Value) {
		switch n := v.Interface().(type) {
		case *parser.ResTarget:
			if n.Name != "" {
				names[n.Name] = true
			}
		case *parser.ColumnRef:
			if len(n.Fields) > 0 {
				names[n.Fields[len(n.Fields)-1]] = true
			}
		case *parser.Alias:
			for _, c := range n.Cols {
				names[c] = true
			}
		}
	})
	return names
}
