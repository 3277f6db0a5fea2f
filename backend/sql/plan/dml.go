package plan

import (
	"errors"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// openTable looks up the relation a query reads or changes. As
// PostgreSQL's parser opens it, a schema that does not exist makes the
// relation not exist (42P01), not the schema (3F000) as in DDL.
func (q *analyzer) openTable(rv *parser.RangeVar) (*Table, error) {
	t, err := q.cat.LookupTable(rv.Schema, rv.Name)
	var pe *pgerr.Error
	if errors.As(err, &pe) && pe.Code == pgerr.UndefinedSchema && rv.Schema != "" {
		err = pgerr.New(pgerr.UndefinedTable, "relation \"%s.%s\" does not exist", rv.Schema, rv.Name)
	}
	if err != nil {
		return nil, q.errAt(err, rv.Location)
	}
	return t, nil
}

// targetTable resolves the table an INSERT, UPDATE or DELETE changes.
func (q *analyzer) targetTable(rv *parser.RangeVar, mode acl.Mode) (*Table, string, error) {
	t, err := q.openTable(rv)
	if err != nil {
		return nil, "", err
	}
	switch t.Kind {
	case 'r':
	case 'v':
		return nil, "", q.errAt(pgerr.New(pgerr.FeatureNotSupported, "cannot change view %q", t.Name), rv.Location)
	default:
		return nil, "", q.errAt(pgerr.New(pgerr.WrongObjectType, "cannot change relation %q", t.Name), rv.Location)
	}
	q.noteTable(t)
	q.require(t, mode)
	alias := rv.Name
	if rv.Alias != nil {
		alias = rv.Alias.Name
	}
	return t, alias, nil
}

// columnDefault analyses a column's default (NULL when it has none).
func (q *analyzer) columnDefault(t *Table, i int) (expr.Expr, error) {
	defs := q.cat.TableDefaults(t)
	col := t.Cols[i]
	if i >= len(defs) || defs[i] == "" {
		return &expr.Const{T: col.T, Value: types.Null}, nil
	}
	x, err := ParseExpr(defs[i], nil, q.cat, q.env)
	if err != nil {
		return nil, err
	}
	return q.coerceAssign(x, col.T, col.Name, -1)
}

func (q *analyzer) insertStmt(s *parser.InsertStmt) (Node, []Column, error) {
	if r, err := q.insertThroughView(s); err != nil {
		return nil, nil, err
	} else if r != nil {
		return q.insertStmt(r)
	}
	q.sc = &scope{q: q, ctes: q.withCTEs}
	if s.With != nil {
		if err := q.withClause(s.With); err != nil {
			return nil, nil, err
		}
	}
	t, alias, err := q.targetTable(s.Relation, acl.Insert)
	if err != nil {
		return nil, nil, err
	}
	// The columns given, in order, as table positions, and the subscripts
	// of those given as a[1] (targetInd[j] nil for a whole column).
	var targetCols []int
	var targetInd [][]parser.IndirectionElem
	if len(s.Cols) == 0 {
		for i, c := range t.Cols {
			if !c.Dropped {
				targetCols = append(targetCols, i)
			}
		}
	} else {
		seen := map[int]bool{} // true: the whole column, false: part of it
		for _, rt := range s.Cols {
			idx := columnIndex(t, rt.Name)
			if idx < 0 {
				return nil, nil, q.errAt(pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", rt.Name, t.Name), rt.Location)
			}
			if whole, ok := seen[idx]; ok && (whole || len(rt.Indirection) == 0) {
				return nil, nil, q.errAt(pgerr.New(pgerr.DuplicateColumn, "column %q specified more than once", rt.Name), rt.Location)
			}
			seen[idx] = len(rt.Indirection) == 0
			targetCols = append(targetCols, idx)
			targetInd = append(targetInd, rt.Indirection)
		}
	}
	// A GENERATED ALWAYS identity column takes only DEFAULT, unless the
	// statement says OVERRIDING SYSTEM VALUE; a generated column only
	// DEFAULT.
	if s.Select != nil {
		for j, ci := range targetCols {
			generated := t.Cols[ci].Generated != ""
			if !generated && (t.Cols[ci].Identity != 'a' || s.Overriding != parser.OverridingNotSet) {
				continue
			}
			explicit := true
			if s.Select.Values != nil && s.Select.Op == parser.SetOpNone {
				explicit = false
				for _, row := range s.Select.Values {
					if j < len(row) {
						if _, isDefault := row[j].(*parser.SetToDefault); !isDefault {
							explicit = true
						}
					}
				}
			}
			if explicit && (len(s.Cols) > 0 || s.Select.Values == nil || j < len(s.Select.Values[0])) {
				if generated {
					return nil, nil, generatedError(true, t.Cols[ci].Name)
				}
				e := pgerr.New(pgerr.GeneratedAlways, "cannot insert a non-DEFAULT value into column %q", t.Cols[ci].Name).
					WithDetail("Column %q is an identity column defined as GENERATED ALWAYS.", t.Cols[ci].Name)
				e.Hint = "Use OVERRIDING SYSTEM VALUE to override."
				return nil, nil, e
			}
		}
	}
	// Without a column list, VALUES or SELECT may give fewer columns than
	// the table has: the first ones, the rest take their defaults.
	if len(s.Cols) == 0 && s.Select != nil {
		n := -1
		if s.Select.Values != nil && s.Select.Op == parser.SetOpNone {
			n = len(s.Select.Values[0])
		} else if s.Select.Op == parser.SetOpNone && s.Select.Values == nil && !hasStar(s.Select.Targets) {
			n = len(s.Select.Targets)
		}
		if n >= 0 && n < len(targetCols) {
			targetCols = targetCols[:n]
		}
	}
	var input Node
	switch {
	case s.Select == nil:
		row := make([]expr.Expr, len(t.Cols))
		for i := range t.Cols {
			if row[i], err = q.columnDefault(t, i); err != nil {
				return nil, nil, err
			}
		}
		input = &Values{Rows: [][]expr.Expr{row}, Cols: tableColumns(t)}
	case s.Select.Values != nil && s.Select.Op == parser.SetOpNone && len(s.Select.OrderBy) == 0 && s.Select.LimitCount == nil && s.Select.With == nil:
		if input, err = q.insertValues(t, targetCols, targetInd, s.Select.Values); err != nil {
			return nil, nil, err
		}
	default:
		if input, err = q.insertSelect(t, targetCols, targetInd, s.Select, len(s.Cols) > 0); err != nil {
			return nil, nil, err
		}
	}
	if s.Overriding == parser.OverridingUserValue {
		if input, err = q.overrideIdentity(t, targetCols, input); err != nil {
			return nil, nil, err
		}
	}
	if input, err = q.insertGenerated(t, input); err != nil {
		return nil, nil, err
	}
	ins := &Insert{Table: t, Input: input}
	q.returningScope(t, alias, false)
	if s.OnConflict != nil {
		if ins.OnConflict, err = q.onConflict(t, alias, s.OnConflict); err != nil {
			return nil, nil, err
		}
	}
	ins.ReturnSys = q.returningScope(t, alias, len(s.Returning) > 0)
	if ins.Returning, ins.Cols, err = q.returning(s.Returning); err != nil {
		return nil, nil, err
	}
	return ins, ins.Cols, nil
}

// overrideIdentity replaces the values given for identity columns by the
// columns' defaults (OVERRIDING USER VALUE); columns not given already
// hold their default.
func (q *analyzer) overrideIdentity(t *Table, targetCols []int, input Node) (Node, error) {
	exprs := make([]expr.Expr, len(t.Cols))
	for i, c := range t.Cols {
		exprs[i] = &expr.Var{Index: i, T: c.T, Name: c.Name}
	}
	changed := false
	for _, ci := range targetCols {
		if t.Cols[ci].Identity == 0 {
			continue
		}
		d, err := q.columnDefault(t, ci)
		if err != nil {
			return nil, err
		}
		exprs[ci], changed = d, true
	}
	if !changed {
		return input, nil
	}
	return &Project{Input: input, Exprs: exprs, Cols: tableColumns(t)}, nil
}

func columnIndex(t *Table, name string) int {
	for i, c := range t.Cols {
		if !c.Dropped && c.Name == name {
			return i
		}
	}
	return -1
}

func tableColumns(t *Table) []Column {
	cols := make([]Column, len(t.Cols))
	for i, c := range t.Cols {
		cols[i] = Column{Name: c.Name, T: c.T}
	}
	return cols
}

// insertValues builds full-width rows from VALUES lists.
func (q *analyzer) insertValues(t *Table, targetCols []int, targetInd [][]parser.IndirectionElem, rows [][]parser.Expr) (Node, error) {
	out := make([][]expr.Expr, len(rows))
	defaults := make([]expr.Expr, len(t.Cols))
	getDefault := func(i int) (expr.Expr, error) {
		if defaults[i] == nil {
			d, err := q.columnDefault(t, i)
			if err != nil {
				return nil, err
			}
			defaults[i] = d
		}
		return defaults[i], nil
	}
	for r, row := range rows {
		if len(row) > len(targetCols) {
			return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns"), exprLoc(row[len(targetCols)]))
		}
		if len(row) < len(targetCols) && r == 0 {
			return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions"), -1)
		}
		if r > 0 && len(row) != len(rows[0]) {
			return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length"), exprLoc(row[0]))
		}
		full := make([]expr.Expr, len(t.Cols))
		given := make([]bool, len(t.Cols))
		for j, e := range row {
			ci := targetCols[j]
			given[ci] = true
			if _, ok := e.(*parser.SetToDefault); ok {
				if targetInd != nil && len(targetInd[j]) > 0 {
					return nil, q.errAt(errDefaultIndirection(targetInd[j]), exprLoc(e))
				}
				d, err := getDefault(ci)
				if err != nil {
					return nil, err
				}
				full[ci] = d
				continue
			}
			x, err := q.transform(e)
			if err != nil {
				return nil, err
			}
			if full[ci], err = q.insertTarget(t, ci, targetInd, j, full[ci], x, exprLoc(e)); err != nil {
				return nil, err
			}
		}
		for i := range t.Cols {
			if !given[i] {
				d, err := getDefault(i)
				if err != nil {
					return nil, err
				}
				full[i] = d
			}
		}
		out[r] = full
	}
	return &Values{Rows: out, Cols: tableColumns(t)}, nil
}

// insertSelect projects a SELECT's rows onto full-width table rows.
func (q *analyzer) insertSelect(t *Table, targetCols []int, targetInd [][]parser.IndirectionElem, sel *parser.SelectStmt, explicitCols bool) (Node, error) {
	saved := q.sc
	q.sc = nil
	if saved != nil && saved.ctes != nil {
		q.sc = &scope{q: q, ctes: saved.ctes} // the INSERT's WITH is visible, its target is not
	}
	if sel.Op == parser.SetOpNone {
		// Unknown literals of a plain SELECT take the target columns'
		// types, as PostgreSQL's INSERT does (not those of a set
		// operation's arms, which resolve to text).
		q.insertHint, q.insertHintFor = make([]types.T, len(targetCols)), sel
		for j, ci := range targetCols {
			q.insertHint[j] = t.Cols[ci].T
			if targetInd != nil && len(targetInd[j]) > 0 {
				q.insertHint[j] = subscriptedType(t.Cols[ci].T, targetInd[j])
			}
		}
	}
	node, cols, err := q.selectStmt(sel)
	q.insertHint, q.insertHintFor = nil, nil
	q.sc = saved
	if err != nil {
		return nil, err
	}
	if len(cols) > len(targetCols) {
		return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
	}
	if len(cols) < len(targetCols) {
		if !explicitCols {
			targetCols = targetCols[:len(cols)]
		} else {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
		}
	}
	exprs := make([]expr.Expr, len(t.Cols))
	for j, ci := range targetCols {
		x, err := q.insertTarget(t, ci, targetInd, j, exprs[ci], &expr.Var{Index: j, T: cols[j].T}, -1)
		if err != nil {
			return nil, err
		}
		exprs[ci] = x
	}
	for i := range exprs {
		if exprs[i] == nil {
			if exprs[i], err = q.columnDefault(t, i); err != nil {
				return nil, err
			}
		}
	}
	return &Project{Input: node, Exprs: exprs, Cols: tableColumns(t)}, nil
}

// returning analyses a RETURNING list over the current scope (the target
// table's row).
func (q *analyzer) returning(items []*parser.ResTarget) ([]expr.Expr, []Column, error) {
	if len(items) == 0 {
		return nil, nil, nil
	}
	ts, err := q.targetList(items, nil, false)
	if err != nil {
		return nil, nil, err
	}
	exprs := make([]expr.Expr, len(ts))
	cols := make([]Column, len(ts))
	for i, t := range ts {
		exprs[i], cols[i] = t.x, t.col
	}
	return exprs, cols, nil
}

// hasConstraint reports whether t has a CHECK or FOREIGN KEY constraint
// called name.
func hasConstraint(t *Table, name string) bool {
	for _, c := range t.Checks {
		if c.Name == name {
			return true
		}
	}
	for _, fk := range t.FKs {
		if fk.Name == name {
			return true
		}
	}
	return false
}

// onConflict analyses ON CONFLICT: the arbiter index and DO UPDATE's
// assignments over (existing row, EXCLUDED row).
func (q *analyzer) onConflict(t *Table, alias string, oc *parser.OnConflictClause) (*OnConflict, error) {
	out := &OnConflict{DoUpdate: oc.Action == parser.OnConflictUpdate}
	if inf := oc.Infer; inf != nil {
		if inf.Constraint != "" {
			for _, ix := range t.Indexes {
				if ix.ConstraintName == inf.Constraint || ix.Name == inf.Constraint {
					out.Arbiter = ix
				}
			}
			if out.Arbiter == nil && hasConstraint(t, inf.Constraint) {
				return nil, pgerr.New(pgerr.WrongObjectType, "constraint in ON CONFLICT clause has no associated index")
			}
			if out.Arbiter == nil {
				return nil, pgerr.New(pgerr.UndefinedObject, "constraint %q for table %q does not exist", inf.Constraint, t.Name)
			}
		} else if ix, isExpr, err := q.exprArbiter(t, inf); isExpr {
			if err != nil {
				return nil, err
			}
			out.Arbiter = ix
		} else {
			var want []int
			for _, el := range inf.Elems {
				idx := columnIndex(t, el.Name)
				if el.Name == "" || idx < 0 {
					return nil, pgerr.New(pgerr.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
				}
				want = append(want, idx)
			}
			for _, ix := range t.Indexes {
				if ix.Unique && sameSet(ix.Cols, want) {
					out.Arbiter = ix
					break
				}
			}
			if out.Arbiter == nil {
				return nil, pgerr.New(pgerr.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
			}
		}
	} else if out.DoUpdate {
		return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name"), oc.Location)
	}
	if out.Arbiter != nil {
		q.require(t, acl.Select) // the arbiter's columns are read
	}
	if !out.DoUpdate {
		return out, nil
	}
	q.require(t, acl.Update)
	q.sc = &scope{q: q, noAggs: "ON CONFLICT DO UPDATE", noWins: "ON CONFLICT DO UPDATE"}
	q.sc.add(tableEntry(t, alias, nil))
	excl := tableEntry(t, "excluded", nil)
	excl.noPerm = true
	q.sc.add(excl)
	set, err := q.setClauses(t, oc.Set, 0)
	if err != nil {
		return nil, err
	}
	if err := q.setGenerated(t, set); err != nil {
		return nil, err
	}
	out.Set = set
	if oc.Where != nil {
		if out.Where, err = q.transformBool(oc.Where, "WHERE"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func sameSet(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// setClauses analyses UPDATE's SET list: the new value of every table
// column (the old one, read at tableOff, when not assigned).
func (q *analyzer) setClauses(t *Table, set []*parser.SetClause, tableOff int) ([]expr.Expr, error) {
	out := make([]expr.Expr, len(t.Cols))
	partial := make([]bool, len(t.Cols)) // out[i] assigns to part of column i
	for _, sc := range set {
		if sub, ok := sc.Value.(*parser.SubLink); ok && sc.Multi && sub.Kind == parser.ExprSubLink {
			if err := q.assignFromSubquery(t, out, sc.Targets, sub); err != nil {
				return nil, err
			}
			continue
		}
		if sc.Multi {
			row, ok := sc.Value.(*parser.RowExpr)
			if ok && len(row.Args) != len(sc.Targets) {
				return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "number of columns does not match number of values"), exprLoc(sc.Value))
			}
			if !ok {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "this form of multiple-column UPDATE is not supported yet")
			}
			for i, tg := range sc.Targets {
				if err := q.assign(t, out, partial, tg, row.Args[i], tableOff); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := q.assign(t, out, partial, sc.Targets[0], sc.Value, tableOff); err != nil {
			return nil, err
		}
	}
	for i, c := range t.Cols {
		if out[i] == nil {
			out[i] = &expr.Var{Index: tableOff + i, T: c.T, Name: c.Name}
		}
	}
	return out, nil
}

// assignFromSubquery is SET (a, b) = (SELECT x, y ...): each target reads
// its column of the sub-query's one row (NULL when it has none).
func (q *analyzer) assignFromSubquery(t *Table, out []expr.Expr, targets []*parser.ResTarget, sub *parser.SubLink) error {
	node, cols, err := q.subquery(sub.Select)
	if err != nil {
		return err
	}
	if len(cols) != len(targets) {
		return q.errAt(pgerr.New(pgerr.SyntaxError, "number of columns does not match number of values"), sub.Location)
	}
	for i, tg := range targets {
		idx := columnIndex(t, tg.Name)
		if idx < 0 {
			return q.errAt(updateTargetMissing(t, tg.Name), tg.Location)
		}
		if out[idx] != nil {
			return q.errAt(pgerr.New(pgerr.DuplicateColumn, "multiple assignments to same column %q", tg.Name), tg.Location)
		}
		if len(tg.Indirection) > 0 {
			return q.errAt(pgerr.New(pgerr.FeatureNotSupported, "assignment to array elements or fields from a sub-SELECT is not supported yet"), tg.Location)
		}
		if t.Cols[idx].Identity == 'a' {
			return updateAlwaysIdentity(t.Cols[idx].Name)
		}
		x, err := q.coerceAssign(&expr.SubLink{Kind: expr.ExprSubLink, Plan: node, T: cols[i].T, Col: i}, t.Cols[idx].T, t.Cols[idx].Name, sub.Location)
		if err != nil {
			return err
		}
		out[idx] = x
	}
	return nil
}

// updateAlwaysIdentity is the error for an UPDATE giving a GENERATED
// ALWAYS identity column a value other than DEFAULT.
func updateAlwaysIdentity(col string) error {
	return pgerr.New(pgerr.GeneratedAlways, "column %q can only be updated to DEFAULT", col).
		WithDetail("Column %q is an identity column defined as GENERATED ALWAYS.", col)
}

// assign analyses one SET target: out[idx] becomes the column's new
// value. partial[idx] records an assignment to part of the column
// (a[1] = x), after which another such assignment may follow and start
// from its result; the old value is read at tableOff.
func (q *analyzer) assign(t *Table, out []expr.Expr, partial []bool, tg *parser.ResTarget, val parser.Expr, tableOff int) error {
	idx := columnIndex(t, tg.Name)
	if idx < 0 {
		return q.errAt(updateTargetMissing(t, tg.Name), tg.Location)
	}
	if out[idx] != nil && !(partial[idx] && len(tg.Indirection) > 0) {
		return pgerr.New(pgerr.SyntaxError, "multiple assignments to same column %q", tg.Name)
	}
	var x expr.Expr
	var err error
	if _, ok := val.(*parser.SetToDefault); ok {
		if len(tg.Indirection) > 0 {
			return q.errAt(errDefaultIndirection(tg.Indirection), tg.Location)
		}
		x, err = q.columnDefault(t, idx)
	} else {
		if t.Cols[idx].Identity == 'a' {
			return updateAlwaysIdentity(t.Cols[idx].Name)
		}
		if t.Cols[idx].Generated != "" {
			return generatedError(false, t.Cols[idx].Name)
		}
		if x, err = q.transform(val); err == nil {
			if len(tg.Indirection) == 0 {
				q.noteParamDomain(x, t.Cols[idx])
				x, err = q.coerceAssign(x, t.Cols[idx].T, t.Cols[idx].Name, exprLoc(val))
			} else {
				c := t.Cols[idx]
				base := out[idx]
				if base == nil {
					base = &expr.Var{Index: tableOff + idx, T: c.T, Name: c.Name}
				}
				x, err = q.assignIndirect(base, c.Name, c.T, tg.Indirection, x, tg.Location)
				partial[idx] = true
			}
		}
	}
	if err != nil {
		return err
	}
	out[idx] = x
	return nil
}

// dmlTarget analyses the part UPDATE and DELETE share: WITH, the target
// table (with its TID as a hidden last column), the other FROM/USING
// tables and the WHERE clause. It returns the target, its alias, the
// WHERE conditions on the target alone (for re-checking a newer version)
// and the join tree's conditions, ready for buildJoinTree.
func (q *analyzer) dmlTarget(cmd string, with *parser.WithClause, rv *parser.RangeVar, from []parser.TableExpr, whereExpr parser.Expr) (*Table, string, *joinTree, []expr.Expr, error) {
	q.sc = &scope{q: q, noAggs: cmd, noWins: cmd, ctes: q.withCTEs}
	if with != nil {
		if err := q.withClause(with); err != nil {
			return nil, "", nil, nil, err
		}
	}
	mode := acl.Delete
	if cmd == "UPDATE" {
		mode = acl.Update
	}
	t, alias, err := q.targetTable(rv, mode)
	if err != nil {
		return nil, "", nil, nil, err
	}
	entry := tableEntry(t, alias, q.targetSys())
	q.sc.add(entry)
	jt := &joinTree{items: []*fromItem{{entry: entry, table: t, offset: 0, width: len(entry.cols), emitTID: true}}}
	// The FROM items may not reference the target (not even LATERAL).
	q.sc.target = &colRange{lo: 0, hi: len(entry.cols)}
	for _, item := range from {
		if err := q.fromItem(jt, item, true, JoinInner, nil); err != nil {
			return nil, "", nil, nil, err
		}
	}
	q.sc.target = nil
	var where []expr.Expr
	if whereExpr != nil {
		if _, ok := whereExpr.(*parser.CurrentOf); ok {
			return nil, "", nil, nil, pgerr.New(pgerr.FeatureNotSupported, "WHERE CURRENT OF is not supported yet")
		}
		w, err := q.transformBool(whereExpr, "WHERE")
		if err != nil {
			return nil, "", nil, nil, err
		}
		where = conjuncts(w)
	}
	return t, alias, jt, where, nil
}

// returningScope makes the target table's row the scope of RETURNING,
// followed, when the statement has RETURNING, by the system columns it
// may name (of the new, or deleted, row version), which it returns: the
// executor appends their values to the row.
func (q *analyzer) returningScope(t *Table, alias string, withSys bool) []SysAttr {
	var sys []SysAttr
	if withSys {
		sys = q.sysWanted()
	}
	q.sc = &scope{q: q, noAggs: "RETURNING", noWins: "RETURNING"}
	q.sc.add(tableEntry(t, alias, sys))
	return sys
}

// returningScopeFrom is returningScope for UPDATE ... FROM and DELETE ...
// USING: with withFrom the FROM items of the statement's scope follow the
// target's row (at their input-row offsets shifted past it), so RETURNING
// may name them; it reports whether it added them.
func (q *analyzer) returningScopeFrom(t *Table, alias string, withFrom bool, sys *[]SysAttr, returning bool) bool {
	from := q.sc
	*sys = q.returningScope(t, alias, returning)
	if !withFrom {
		return false
	}
	base := q.sc.width
	for _, e := range from.entries[1:] {
		ne := *e
		ne.offset += base
		q.sc.entries = append(q.sc.entries, &ne)
	}
	q.sc.width = base + from.width
	return true
}

func (q *analyzer) updateStmt(s *parser.UpdateStmt) (Node, []Column, error) {
	if r, err := q.updateThroughView(s); err != nil {
		return nil, nil, err
	} else if r != nil {
		return q.updateStmt(r)
	}
	t, alias, jt, where, err := q.dmlTarget("UPDATE", s.With, s.Relation, s.From, s.Where)
	if err != nil {
		return nil, nil, err
	}
	set, err := q.setClauses(t, s.Set, 0)
	if err != nil {
		return nil, nil, err
	}
	if err := q.setGenerated(t, set); err != nil {
		return nil, nil, err
	}
	recheck := targetOnly(where, len(t.Cols))
	input, err := q.buildFrom(jt, where, 0)
	if err != nil {
		return nil, nil, err
	}
	up := &Update{Table: t, Input: input, TableOff: 0, TIDCol: len(t.Cols), Set: set, Qual: recheck}
	up.ReturnInput = q.returningScopeFrom(t, alias, len(s.From) > 0 && len(s.Returning) > 0, &up.ReturnSys, len(s.Returning) > 0)
	if up.Returning, up.Cols, err = q.returning(s.Returning); err != nil {
		return nil, nil, err
	}
	return up, up.Cols, nil
}

// targetOnly returns the conditions that read only the target table's
// columns (for re-checking a newer row version), as one expression.
func targetOnly(where []expr.Expr, ncols int) expr.Expr {
	var out []expr.Expr
	for _, c := range where {
		sp := spanOf(c)
		if !sp.opaque && sp.max < ncols {
			out = append(out, c)
		}
	}
	return andOf(out)
}

func (q *analyzer) deleteStmt(s *parser.DeleteStmt) (Node, []Column, error) {
	if r, err := q.deleteThroughView(s); err != nil {
		return nil, nil, err
	} else if r != nil {
		return q.deleteStmt(r)
	}
	t, alias, jt, where, err := q.dmlTarget("DELETE", s.With, s.Relation, s.Using, s.Where)
	if err != nil {
		return nil, nil, err
	}
	recheck := targetOnly(where, len(t.Cols))
	input, err := q.buildFrom(jt, where, 0)
	if err != nil {
		return nil, nil, err
	}
	del := &Delete{Table: t, Input: input, TableOff: 0, TIDCol: len(t.Cols), Qual: recheck}
	del.ReturnInput = q.returningScopeFrom(t, alias, len(s.Using) > 0 && len(s.Returning) > 0, &del.ReturnSys, len(s.Returning) > 0)
	if del.Returning, del.Cols, err = q.returning(s.Returning); err != nil {
		return nil, nil, err
	}
	return del, del.Cols, nil
}

func hasStar(ts []*parser.ResTarget) bool {
	for _, t := range ts {
		if c, ok := t.Val.(*parser.ColumnRef); ok && c.Star {
			return true
		}
	}
	return false
}
