package plan

import (
	"reflect"
	"strings"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// INSERT, UPDATE and DELETE on a view pass through to its base table when
// the view is simply updatable as PostgreSQL defines it: one table (or
// view) in FROM, no WITH, DISTINCT, GROUP BY, HAVING, LIMIT, OFFSET or set
// operation. The statement is rewritten before analysis: the target
// becomes the base table under the view's name, the view's WHERE joins
// the statement's (UPDATE, DELETE), RETURNING * lists the view's columns.
// Departure: a reference to a computed view column in the statement's
// conditions is not resolved.

// updatableView is a view that DML passes through.
type updatableView struct {
	name    string
	base    *parser.RangeVar
	targets []*parser.ResTarget // the view's columns, named, over the base table
	plain   []bool              // column i is a column of the base table
	baseCol []string            // for a plain column: the base column's name
	where   parser.Expr
	alias   string // the name the rewritten statement gives the base table
}

// viewDMLError is PostgreSQL's refusal of a view that is not
// automatically updatable.
func viewDMLError(cmd, view, detail string) error {
	verb := map[string]string{"INSERT": "insert into", "UPDATE": "update", "DELETE": "delete from"}[cmd]
	hint := map[string]string{
		"INSERT": "To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an unconditional ON INSERT DO INSTEAD rule.",
		"UPDATE": "To enable updating the view, provide an INSTEAD OF UPDATE trigger or an unconditional ON UPDATE DO INSTEAD rule.",
		"DELETE": "To enable deleting from the view, provide an INSTEAD OF DELETE trigger or an unconditional ON DELETE DO INSTEAD rule.",
	}[cmd]
	return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cannot %s view %q", verb, view).WithDetail("%s", detail).WithHint("%s", hint)
}

// viewForDML returns the view rv names when it is one (nil for a table).
func (q *analyzer) viewForDML(cmd string, rv *parser.RangeVar) (*updatableView, error) {
	t, err := q.cat.LookupTable(rv.Schema, rv.Name)
	if err != nil || t.Kind != 'v' || t.ViewDef == "" {
		return nil, nil
	}
	// Parsed after as many spaces as the statement has characters, so
	// that no literal of the view shares a position with one of the
	// statement (generic plans key literals by position).
	st, err := parser.ParseOne(strings.Repeat(" ", len(q.sql)+1) + t.ViewDef)
	if err != nil {
		return nil, nil
	}
	sel, ok := st.(*parser.SelectStmt)
	if !ok {
		return nil, nil
	}
	detail := ""
	switch {
	case sel.With != nil:
		detail = "Views containing WITH are not automatically updatable."
	case sel.Left != nil || len(sel.Values) > 0:
		detail = "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable."
	case sel.Distinct || len(sel.DistinctOn) > 0:
		detail = "Views containing DISTINCT are not automatically updatable."
	case len(sel.GroupBy) > 0:
		detail = "Views containing GROUP BY are not automatically updatable."
	case sel.Having != nil:
		detail = "Views containing HAVING are not automatically updatable."
	case sel.LimitCount != nil || sel.LimitOffset != nil:
		detail = "Views containing LIMIT or OFFSET are not automatically updatable."
	case len(sel.From) != 1:
		detail = "Views that do not select from a single table or view are not automatically updatable."
	}
	base, isRV := (parser.TableExpr)(nil), false
	if detail == "" {
		base = sel.From[0]
		_, isRV = base.(*parser.RangeVar)
		if !isRV {
			detail = "Views that do not select from a single table or view are not automatically updatable."
		}
	}
	if detail != "" {
		return nil, viewDMLError(cmd, t.Name, detail)
	}
	brv := base.(*parser.RangeVar)
	v := &updatableView{name: t.Name, base: &parser.RangeVar{Schema: brv.Schema, Name: brv.Name, Location: rv.Location}, where: sel.Where}
	var names []string
	for _, c := range t.Cols {
		if !c.Dropped {
			names = append(names, c.Name)
		}
	}
	qual := brv.Name
	if brv.Alias != nil {
		qual = brv.Alias.Name
	}
	for _, tg := range sel.Targets {
		if cr, ok := tg.Val.(*parser.ColumnRef); ok && cr.Star {
			bt, err := q.cat.LookupTable(brv.Schema, brv.Name)
			if err != nil {
				return nil, nil
			}
			for _, c := range bt.Cols {
				if !c.Dropped {
					v.targets = append(v.targets, &parser.ResTarget{Val: &parser.ColumnRef{Fields: []string{c.Name}, Location: -1}})
				}
			}
			continue
		}
		v.targets = append(v.targets, tg)
	}
	if len(v.targets) != len(names) {
		return nil, nil
	}
	any := false
	for i, tg := range v.targets {
		cr, ok := tg.Val.(*parser.ColumnRef)
		plain := ok && !cr.Star && len(tg.Indirection) == 0 && len(cr.Fields) > 0 &&
			(len(cr.Fields) == 1 || len(cr.Fields) == 2 && cr.Fields[0] == qual)
		v.plain = append(v.plain, plain)
		bc := ""
		if plain {
			bc = cr.Fields[len(cr.Fields)-1]
		}
		v.baseCol = append(v.baseCol, bc)
		any = any || plain
		v.targets[i] = &parser.ResTarget{Name: names[i], Val: tg.Val, Location: -1}
	}
	if !any {
		return nil, viewDMLError(cmd, t.Name, "Views that have no updatable columns are not automatically updatable.")
	}
	v.requalify(qual, rv)
	return v, nil
}

// requalify makes the view's references to its FROM item name the alias
// the rewritten statement gives the base table.
func (v *updatableView) requalify(from string, rv *parser.RangeVar) {
	v.alias = rv.Name
	if rv.Alias != nil {
		v.alias = rv.Alias.Name
	}
	if from == v.alias {
		return
	}
	f := func(cr *parser.ColumnRef) {
		if len(cr.Fields) == 2 && cr.Fields[0] == from {
			cr.Fields[0] = v.alias
		}
	}
	for _, tg := range v.targets {
		columnRefs(tg, f)
	}
	columnRefs(&v.where, f)
}

// columnRefs calls f with every column reference of a statement part.
func columnRefs(x any, f func(*parser.ColumnRef)) {
	var walk func(x reflect.Value)
	walk = func(x reflect.Value) {
		switch x.Kind() {
		case reflect.Pointer, reflect.Interface:
			if x.IsNil() {
				return
			}
			if cr, ok := x.Interface().(*parser.ColumnRef); ok {
				f(cr)
				return
			}
			walk(x.Elem())
		case reflect.Struct:
			for i := 0; i < x.NumField(); i++ {
				if x.Type().Field(i).IsExported() {
					walk(x.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < x.Len(); i++ {
				walk(x.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(x))
}

// baseName returns the base column a view column name stands for ("" when
// name is not a renamed view column).
func (v *updatableView) baseName(name string) string {
	for i, tg := range v.targets {
		if tg.Name == name && v.plain[i] && v.baseCol[i] != name {
			return v.baseCol[i]
		}
	}
	return ""
}

// rename makes the statement's references to renamed view columns name
// the base columns (parts of the statement the user wrote).
func (v *updatableView) rename(x any) {
	columnRefs(x, func(cr *parser.ColumnRef) {
		n := len(cr.Fields)
		if cr.Star || n == 0 || n > 2 || n == 2 && cr.Fields[0] != v.alias {
			return
		}
		if b := v.baseName(cr.Fields[n-1]); b != "" {
			cr.Fields[n-1] = b
		}
	})
}

// target is the rewritten statement's target: the base table under the
// name the statement used for the view.
func (v *updatableView) target(rv *parser.RangeVar) *parser.RangeVar {
	out := *v.base
	out.Alias = rv.Alias
	if out.Alias == nil && rv.Name != out.Name {
		out.Alias = &parser.Alias{Name: rv.Name}
	}
	return &out
}

// returning expands RETURNING * into the view's columns.
func (v *updatableView) returning(list []*parser.ResTarget) []*parser.ResTarget {
	var out []*parser.ResTarget
	for _, tg := range list {
		if cr, ok := tg.Val.(*parser.ColumnRef); ok && cr.Star && (len(cr.Fields) == 0 || len(cr.Fields) == 1 && cr.Fields[0] == v.alias) {
			out = append(out, v.targets...)
			continue
		}
		tg = parser.Clone(tg)
		if cr, ok := tg.Val.(*parser.ColumnRef); ok && tg.Name == "" && !cr.Star && len(cr.Fields) > 0 {
			// The output column keeps the view column's name.
			tg.Name = cr.Fields[len(cr.Fields)-1]
		}
		v.rename(tg)
		out = append(out, tg)
	}
	return out
}

// column checks that view column name may be written.
func (v *updatableView) column(cmd, name string) error {
	for i, tg := range v.targets {
		if tg.Name == name {
			if !v.plain[i] {
				verb := map[string]string{"INSERT": "insert into", "UPDATE": "update"}[cmd]
				return pgerr.New(pgerr.FeatureNotSupported, "cannot %s column %q of view %q", verb, name, v.name).
					WithDetail("View columns that are not columns of their base relation are not updatable.")
			}
			return nil
		}
	}
	return nil // not a view column: the base table's analysis reports it
}

// andWhere is the view's condition and the statement's.
func (v *updatableView) andWhere(w parser.Expr) parser.Expr {
	switch {
	case v.where == nil:
		return w
	case w == nil:
		return v.where
	}
	return &parser.BoolExpr{Op: parser.AndOp, Args: []parser.Expr{v.where, w}, Location: -1}
}

// insertThroughView rewrites an INSERT into a view (nil when the target
// is a table).
func (q *analyzer) insertThroughView(s *parser.InsertStmt) (*parser.InsertStmt, error) {
	v, err := q.viewForDML("INSERT", s.Relation)
	if v == nil || err != nil {
		return nil, err
	}
	out := *s
	out.Relation = v.target(s.Relation)
	if len(out.Cols) == 0 {
		n := len(v.targets)
		if s.Select != nil && len(s.Select.Values) > 0 && s.Select.Left == nil && len(s.Select.Values[0]) < n {
			n = len(s.Select.Values[0])
		}
		for _, tg := range v.targets[:n] {
			out.Cols = append(out.Cols, &parser.ResTarget{Name: tg.Name, Location: -1})
		}
	}
	cols := make([]*parser.ResTarget, len(out.Cols))
	for i, c := range out.Cols {
		if err := v.column("INSERT", c.Name); err != nil {
			return nil, err
		}
		cols[i] = c
		if b := v.baseName(c.Name); b != "" {
			nc := *c
			nc.Name = b
			cols[i] = &nc
		}
	}
	out.Cols = cols
	out.Returning = v.returning(s.Returning)
	return &out, nil
}

// updateThroughView rewrites an UPDATE of a view (nil for a table).
func (q *analyzer) updateThroughView(s *parser.UpdateStmt) (*parser.UpdateStmt, error) {
	v, err := q.viewForDML("UPDATE", s.Relation)
	if v == nil || err != nil {
		return nil, err
	}
	s = parser.Clone(s)
	out := *s
	out.Relation = v.target(s.Relation)
	for _, sc := range s.Set {
		for _, tg := range sc.Targets {
			if err := v.column("UPDATE", tg.Name); err != nil {
				return nil, err
			}
			if b := v.baseName(tg.Name); b != "" {
				tg.Name = b
			}
		}
		v.rename(&sc.Value)
	}
	if _, ok := s.Where.(*parser.CurrentOf); !ok {
		v.rename(&s.Where)
		out.Where = v.andWhere(s.Where)
	}
	out.Returning = v.returning(s.Returning)
	return &out, nil
}

// deleteThroughView rewrites a DELETE from a view (nil for a table).
func (q *analyzer) deleteThroughView(s *parser.DeleteStmt) (*parser.DeleteStmt, error) {
	v, err := q.viewForDML("DELETE", s.Relation)
	if v == nil || err != nil {
		return nil, err
	}
	s = parser.Clone(s)
	out := *s
	out.Relation = v.target(s.Relation)
	if _, ok := s.Where.(*parser.CurrentOf); !ok {
		v.rename(&s.Where)
		out.Where = v.andWhere(s.Where)
	}
	out.Returning = v.returning(s.Returning)
	return &out, nil
}

// ViewUpdatable says what DML view t accepts, as pg_relation_is_updatable
// reports it (the bits 1<<CmdType: 4 UPDATE, 8 INSERT, 16 DELETE), and
// which of its live columns may be written (pg_column_is_updatable).
func ViewUpdatable(cat Catalog, t *Table) (int32, []bool) {
	q := &analyzer{cat: cat, env: types.DefaultEnv()}
	v, err := q.viewForDML("UPDATE", &parser.RangeVar{Schema: t.Schema, Name: t.Name, Location: -1})
	if v == nil || err != nil {
		return 0, nil
	}
	return 4 | 8 | 16, v.plain
}
