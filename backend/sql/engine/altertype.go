package engine

import (
	"sort"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// ALTER TABLE ... ALTER COLUMN ... [SET DATA] TYPE. Each command checks
// what PostgreSQL checks before changing anything (the column, the type,
// the USING expression analysed over the stored row, the views and
// generated columns that use the column, the default), then changes the
// column's type in the catalog and leaves its conversion in alterWork.
// A conversion that is not the stored value itself (types.NoRewrite)
// makes finishAlter rewrite the table once for the whole statement:
// every row is read with the descriptor the table had before the
// statement's first type change (retype.oldDesc) and stored again with
// its converted columns, and every index is built again, in the new
// types' order. A change that needs no rewrite only changes the catalog.

// retype is what the type changes of one ALTER TABLE leave for
// finishAlter.
type retype struct {
	oldDesc *tuple.Desc         // the stored rows' descriptor before the first change
	oldType map[int16]types.T   // attnum: the column's type before the statement
	conv    map[int16]expr.Expr // attnum: the new value, over the old row
	scratch []types.Datum       // convertRow's copy of the stored row
}

// alterTypePasses orders the commands of an ALTER TABLE that changes a
// column's type the way PostgreSQL runs them: the drops (columns,
// constraints, defaults) first, then the type changes, then the rest,
// each group in the statement's order. Other statements run as written.
func alterTypePasses(cmds []*parser.AlterTableCmd) []*parser.AlterTableCmd {
	var drops, retypes, rest []*parser.AlterTableCmd
	for _, c := range cmds {
		switch {
		case c.Kind == parser.ATAlterColumnType:
			retypes = append(retypes, c)
		case c.Kind == parser.ATDropColumn, c.Kind == parser.ATDropConstraint,
			c.Kind == parser.ATColumnDefault && c.Expr == nil:
			drops = append(drops, c)
		default:
			rest = append(rest, c)
		}
	}
	if len(retypes) == 0 {
		return cmds
	}
	return append(append(drops, retypes...), rest...)
}

// prepAlterTypes checks, before any command runs, each change of a
// column's type against the table as the statement found it, as
// PostgreSQL's first pass does: the column, the type, the conversion;
// and that no column changes twice.
func (s *Session) prepAlterTypes(rel *catalog.Relation, cmds []*parser.AlterTableCmd) error {
	seen := map[string]bool{}
	for _, c := range cmds {
		if c.Kind != parser.ATAlterColumnType {
			continue
		}
		if _, err := s.retypeOf(rel, c, nil); err != nil {
			return err
		}
		if seen[c.Name] {
			return pgerr.New(pgerr.FeatureNotSupported, "cannot alter type of column \"%s\" twice", c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// colRetype is one column's change of type as analysed.
type colRetype struct {
	col     *catalog.Column
	to      types.T
	conv    expr.Expr // over the stored row
	rewrite bool
	// catType is the type pg_attribute records: to, or the domain whose
	// base type to is.
	catType types.T
}

// retypeOf analyses ALTER COLUMN ... TYPE cmd over table rel, whose
// columns in old (attnum: type) an earlier command of the statement
// retyped: the conversion reads the row as stored, with their old types.
func (s *Session) retypeOf(rel *catalog.Relation, cmd *parser.AlterTableCmd, old map[int16]types.T) (*colRetype, error) {
	if err := catalog.CheckRetypable(rel); err != nil {
		return nil, err
	}
	col, err := alteredColumn(rel, cmd.Name)
	if err != nil {
		return nil, err
	}
	to, err := planTypeName(cmd.Type)
	if err != nil {
		return nil, err
	}
	if err := checkCollation(cmd.Collation, to); err != nil {
		return nil, err
	}
	if col.Identity != 0 && to.Oid != types.Int2Oid && to.Oid != types.Int4Oid && to.Oid != types.Int8Oid {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
	}
	t, err := s.planTable(rel)
	if err != nil {
		return nil, err
	}
	if err := s.checkGeneratedUse(rel, t, col); err != nil {
		return nil, err
	}
	if len(old) > 0 {
		stored := *t
		stored.Cols = append([]plan.TableColumn(nil), t.Cols...)
		for num, typ := range old {
			stored.Cols[num-1].T = typ
		}
		t = &stored
	}
	conv, rewrite, err := plan.ColumnConversion(t, int(col.Num-1), to, cmd.Using, sessionCatalog{s}, s.env)
	if err != nil {
		return nil, err
	}
	catType := to
	if d, err := s.domainNamed(cmd.Type); err != nil {
		return nil, err
	} else if d != nil {
		// Every value is checked against the domain: a rewrite.
		if conv, err = plan.DomainCheckExpr(conv, d, s.env); err != nil {
			return nil, err
		}
		rewrite, catType = true, columnDomainType(d)
	}
	return &colRetype{col: col, to: to, catType: catType, conv: conv, rewrite: rewrite}, nil
}

// alteredColumn returns the live column name of rel: 42703 when there
// is none, 0A000 for a system column.
func alteredColumn(rel *catalog.Relation, name string) (*catalog.Column, error) {
	if col := rel.Column(name); col != nil {
		return col, nil
	}
	switch name {
	case "ctid", "xmin", "cmin", "xmax", "cmax", "tableoid":
		return nil, pgerr.New(pgerr.FeatureNotSupported, "cannot alter system column \"%s\"", name)
	}
	return nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, rel.Name)
}

// alterColumnType runs one ALTER COLUMN ... TYPE of table oid.
func (s *Session) alterColumnType(oid uint32, cmd *parser.AlterTableCmd, w *alterWork) error {
	snap := s.snapshot()
	rel, err := s.cat.Relation(snap, oid)
	if err != nil {
		return err
	}
	var old map[int16]types.T
	if w.retype != nil {
		old = w.retype.oldType
	}
	rt, err := s.retypeOf(rel, cmd, old)
	if err != nil {
		return err
	}
	col, to, conv, rewrite := rt.col, rt.to, rt.conv, rt.rewrite
	if err := s.checkViewUse(rel, col); err != nil {
		return err
	}
	if col.Default != "" && col.Generated == 0 {
		def, err := s.typedDefault(col)
		if err != nil {
			return err
		}
		if err := plan.DefaultConversion(def, col.Name, to, sessionCatalog{s}, s.env); err != nil {
			return err
		}
		if def != col.Default {
			if err := s.cat.SetDefault(s.xact, snap, oid, col.Name, def, nil); err != nil {
				return err
			}
			if err := s.nextCommand(); err != nil {
				return err
			}
			snap = s.snapshot()
		}
	}
	r := w.retype
	if r == nil {
		r = &retype{oldDesc: rel.Desc(), oldType: map[int16]types.T{}, conv: map[int16]expr.Expr{}}
		w.retype = r
	}
	r.oldType[col.Num] = col.Type
	r.conv[col.Num] = conv
	// A column read through a missing value is stored whole by a
	// rewrite: the missing value is in the old type's format.
	if rel.Desc().Missing(int(col.Num-1)) != nil {
		rewrite = true
		if err := s.cat.ClearMissing(s.xact, snap, oid); err != nil {
			return err
		}
		if err := s.nextCommand(); err != nil {
			return err
		}
		snap = s.snapshot()
	}
	if rewrite {
		w.rewrite = true
		if col.NotNull {
			w.notNull = append(w.notNull, col.Name)
		}
	}
	// The column's statistics describe values of the old type.
	if err := s.cat.ReplaceStatistics(s.xact, snap, oid, []int16{col.Num}, nil); err != nil {
		return err
	}
	if err := s.cat.SetColumnType(s.xact, snap, oid, col.Name, rt.catType); err != nil {
		return err
	}
	if col.Identity != 0 && to.Oid != col.Type.Oid {
		return s.retypeIdentitySequence(oid, col.Num, to)
	}
	return nil
}

// retypeIdentitySequence gives an identity column's sequence the
// column's new type, as PostgreSQL does (ALTER SEQUENCE ... AS).
func (s *Session) retypeIdentitySequence(oid uint32, num int16, to types.T) error {
	if err := s.nextCommand(); err != nil {
		return err
	}
	snap := s.snapshot()
	seq, err := s.cat.IdentitySequence(snap, oid, num)
	if err != nil || seq == 0 {
		return err
	}
	typ := uint32(to.Oid)
	return s.cat.AlterSequence(s.xact, snap, seq, catalog.SequenceAlter{Type: &typ})
}

// checkCollation accepts a COLLATE clause naming a collation the server
// has, on a type that takes one. (The column keeps its type's default
// collation: there is only C.)
func checkCollation(name []string, t types.T) error {
	if len(name) == 0 {
		return nil
	}
	if info := types.Lookup(t.Oid); info == nil || info.Collation == 0 {
		return pgerr.New(pgerr.DatatypeMismatch, "collations are not supported by type %s", types.FormatType(t))
	}
	n := name[len(name)-1]
	switch n {
	case "C", "POSIX", "default", "ucs_basic":
		return nil
	}
	return pgerr.New(pgerr.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", n)
}

// checkGeneratedUse refuses to change the type of a column a stored
// generated column of rel is computed from.
func (s *Session) checkGeneratedUse(rel *catalog.Relation, t *plan.Table, col *catalog.Column) error {
	for _, g := range rel.Columns {
		if g.Generated == 0 || g.Dropped || g.Num == col.Num {
			continue
		}
		x, err := plan.ParseIndexExpr(g.Default, t, sessionCatalog{s}, s.env, false)
		if err != nil {
			return err
		}
		reads := make([]bool, len(t.Cols))
		plan.ExprReads(x, reads)
		if reads[col.Num-1] {
			return pgerr.New(pgerr.FeatureNotSupported, "cannot alter type of a column used by a generated column").
				WithDetail("Column \"%s\" is used by generated column \"%s\".", col.Name, g.Name)
		}
	}
	return nil
}

// checkViewUse refuses to change the type of a column a view reads, as
// PostgreSQL refuses it for a column its rules depend on. The views of
// the database's own objects are read in oid order; the first that reads
// the column is named.
func (s *Session) checkViewUse(rel *catalog.Relation, col *catalog.Column) error {
	rels, err := s.cat.Relations(s.snapshot())
	if err != nil {
		return err
	}
	var views []*catalog.Relation
	for _, v := range rels {
		if v.Kind == catalog.KindView && v.Oid >= catalog.FirstNormalOid {
			views = append(views, v)
		}
	}
	sort.Slice(views, func(i, j int) bool { return views[i].Oid < views[j].Oid })
	for _, v := range views {
		reads, err := plan.ColumnsRead(v.ViewDef, sessionCatalog{s}, s.env)
		if err != nil {
			continue // a view that no longer analyses reads nothing here
		}
		if r := reads[rel.Oid]; int(col.Num) <= len(r) && r[col.Num-1] {
			return pgerr.New(pgerr.FeatureNotSupported, "cannot alter type of a column used by a view or rule").
				WithDetail("rule _RETURN on view %s depends on column \"%s\"", v.Name, col.Name)
		}
	}
	return nil
}

// prepareRetype runs, once the statement's commands have changed the
// catalog, what PostgreSQL does as it re-adds the constraints on the
// changed columns: a foreign key whose key types no longer have an
// equality operator is refused (42804); the foreign keys, CHECK
// constraints and keys over the columns are checked again against the
// converted rows by finishAlter when the table is rewritten. It returns
// the foreign keys of other tables that reference a changed column, to
// validate after the rewrite.
func (s *Session) prepareRetype(oid uint32, w *alterWork) ([]*catalog.Constraint, error) {
	r := w.retype
	if r == nil {
		return nil, nil
	}
	if err := s.nextCommand(); err != nil {
		return nil, err
	}
	snap := s.snapshot()
	rel, err := s.cat.Relation(snap, oid)
	if err != nil {
		return nil, err
	}
	touches := func(keys []int16) bool {
		for _, k := range keys {
			if _, ok := r.conv[k]; ok {
				return true
			}
		}
		return false
	}
	if err := s.retypeIndexExprs(rel, r); err != nil {
		return nil, err
	}
	var others []*catalog.Constraint
	for _, con := range rel.Constraints {
		if con.Type != 'f' || !touches(con.Keys) && !(con.RefRel == oid && touches(con.RefKeys)) {
			continue
		}
		if err := s.checkForeignKeyTypes(rel, con); err != nil {
			return nil, err
		}
		if w.rewrite && con.Validated {
			w.foreigns = append(w.foreigns, con)
		}
	}
	for _, con := range rel.ReferencedBy {
		if con.Rel == oid || !touches(con.RefKeys) {
			continue
		}
		fk, err := s.cat.Relation(snap, con.Rel)
		if err != nil {
			return nil, err
		}
		if err := s.checkForeignKeyTypes(fk, con); err != nil {
			return nil, err
		}
		if w.rewrite && con.Validated {
			others = append(others, con)
		}
	}
	if w.rewrite {
		for _, con := range rel.Constraints {
			if con.Type == 'c' {
				w.checks = append(w.checks, con)
			}
		}
	}
	return others, nil
}

// checkForeignKeyTypes refuses foreign key con of table fk when its key
// columns' types cannot be compared with the referenced ones'.
func (s *Session) checkForeignKeyTypes(fk *catalog.Relation, con *catalog.Constraint) error {
	ref := fk
	if con.RefRel != fk.Oid {
		var err error
		if ref, err = s.cat.Relation(s.snapshot(), con.RefRel); err != nil {
			return err
		}
	}
	for i, k := range con.Keys {
		fc, pc := columnByNum(fk, k), columnByNum(ref, con.RefKeys[i])
		if fc == nil || pc == nil {
			continue
		}
		if !types.ForeignKeyCompatible(fc.Type.Oid, pc.Type.Oid) {
			return pgerr.New(pgerr.DatatypeMismatch, "foreign key constraint \"%s\" cannot be implemented", con.Name).
				WithDetail("Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
					fc.Name, pc.Name, types.FormatType(fc.Type), types.FormatType(pc.Type))
		}
	}
	return nil
}

func columnByNum(rel *catalog.Relation, n int16) *catalog.Column {
	if n < 1 || int(n) > len(rel.Columns) {
		return nil
	}
	return &rel.Columns[n-1]
}

// validateReferencing checks the rows of the tables whose foreign keys
// reference columns the rewrite converted.
func (s *Session) validateReferencing(cons []*catalog.Constraint) error {
	for _, con := range cons {
		fk, err := s.cat.Relation(s.snapshot(), con.Rel)
		if err != nil {
			return err
		}
		if err := s.validateForeignKey(fk, con); err != nil {
			return err
		}
	}
	return nil
}

// retypeSource returns the table the rewrite reads the old rows from:
// t (as the catalog now describes it) with the descriptor and the
// column types the rows were stored with. Columns added after the first
// type change keep the current descriptor's attributes and missing
// values.
func retypeSource(t *plan.Table, r *retype) (*plan.Table, error) {
	if r == nil {
		return t, nil
	}
	src := *t
	src.Cols = append([]plan.TableColumn(nil), t.Cols...)
	for num, old := range r.oldType {
		src.Cols[num-1].T = old
	}
	cur, old := t.Desc, r.oldDesc
	attrs := append([]tuple.Attr(nil), old.Attrs...)
	missing := make([][]byte, 0, len(cur.Attrs))
	for i := range old.Attrs {
		missing = append(missing, old.Missing(i))
	}
	for i := len(old.Attrs); i < len(cur.Attrs); i++ {
		attrs = append(attrs, cur.Attrs[i])
		missing = append(missing, cur.Missing(i))
	}
	d, err := tuple.NewDesc(attrs...)
	if err != nil {
		return nil, err
	}
	if d, err = d.WithMissing(missing); err != nil {
		return nil, err
	}
	src.Desc = d
	return &src, nil
}

// convertRow replaces the converted columns of row (read as stored) by
// their new values, every conversion reading the stored row.
func (s *Session) convertRow(r *retype, row []types.Datum) error {
	if r == nil {
		return nil
	}
	r.scratch = append(r.scratch[:0], row...)
	f := &expr.Frame{Row: r.scratch, Ctx: s.fctx}
	for num, x := range r.conv {
		v, err := x.Eval(f)
		if err != nil {
			return err
		}
		row[num-1] = v
	}
	return nil
}

// typedDefault returns col's default as PostgreSQL stores it, so that it
// keeps its meaning once the column's type changes: a bare literal (read
// by the column's type) becomes a literal of the old type, 'ab'::text.
func (s *Session) typedDefault(col *catalog.Column) (string, error) {
	x, err := plan.ParseExpr(col.Default, nil, sessionCatalog{s}, s.env)
	if err != nil {
		return "", err
	}
	k, ok := x.(*expr.Const)
	if !ok || k.T.Oid != types.UnknownOid || k.Value.Null {
		return col.Default, nil
	}
	t := types.T{Oid: col.Type.Oid, Mod: -1}
	v, err := types.Input(t, k.Value.S, s.env)
	if err != nil {
		return "", err
	}
	return parser.QuoteString(types.Output(t, v, s.env)) + "::" + types.FormatType(t), nil
}

// retypeIndexExprs records in the catalog the types of the expression
// keys of rel's indexes that read a retyped column, as the expressions
// analyse over the new column types (an expression that no longer
// analyses fails the statement, as PostgreSQL's re-creation of the index
// does).
func (s *Session) retypeIndexExprs(rel *catalog.Relation, r *retype) error {
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	changed := false
	for _, pix := range t.Indexes {
		if pix.Reads == nil || len(pix.Exprs) == 0 {
			continue
		}
		reads := false
		for num := range r.conv {
			if int(num) <= len(pix.Reads) && pix.Reads[num-1] {
				reads = true
			}
		}
		if !reads {
			continue
		}
		for k, x := range pix.Exprs {
			if x == nil {
				continue
			}
			if err := s.cat.SetIndexKeyType(s.xact, s.snapshot(), pix.Oid, int16(k+1), pix.Types[k]); err != nil {
				return err
			}
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return s.nextCommand()
}
