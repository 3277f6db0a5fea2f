package engine

import (
	"errors"
	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage/lmgr"
	"ringpg/pgerr"
	"strings"
)

// alterTable runs ALTER TABLE's commands in order.
func (s *Session) alterTable(n *parser.AlterTableStmt) (string, error) {
	snap := s.snapshot()
	rel, err := s.cat.LookupRelation(snap, s.searchPath(), n.Relation.Schema, n.Relation.Name)
	if err != nil {
		if n.MissingOk {
			s.queueNotice("relation \"" + n.Relation.Name + "\" does not exist, skipping")
			return "ALTER TABLE", nil
		}
		return "", err
	}
	if err := s.checkRelOwner(rel); err != nil {
		return "", err
	}
	s.didDDL = true
	if err := s.lockRelation(s.db, rel.Oid, lmgr.AccessExclusive); err != nil {
		return "", err
	}
	if len(n.Cmds) == 1 && n.Cmds[0].Kind == parser.ATSetSchema {
		return "ALTER " + objName(n.ObjType), s.setSchema(n, rel, n.Cmds[0].Name)
	}
	tx := s.xact
	// What the commands leave to check or build once the last has run.
	work := &alterWork{}
	cmds := alterTypePasses(n.Cmds)
	if err := s.prepAlterTypes(rel, cmds); err != nil {
		return "", err
	}
	for _, cmd := range cmds {
		switch cmd.Kind {
		case parser.ATAlterColumnType:
			if err := s.alterColumnType(rel.Oid, cmd, work); err != nil {
				return "", err
			}
		case parser.ATAddColumn:
			if err := s.addColumn(rel.Oid, cmd, work); err != nil {
				return "", err
			}
		case parser.ATDropColumn:
			if cmd.MissingOk && s.skipMissing(rel.Oid, cmd.Name, "column") {
				break
			}
			if err := s.cat.DropColumn(tx, snap, rel.Oid, cmd.Name, cmd.Behavior == parser.DropCascade); err != nil {
				return "", err
			}
		case parser.ATColumnDefault:
			def := ""
			if cmd.Expr != nil {
				def = cmd.Expr.String()
			}
			if err := s.checkDefault(rel.Oid, cmd.Name, def); err != nil {
				return "", err
			}
			if err := s.cat.SetDefault(tx, snap, rel.Oid, cmd.Name, def, s.defaultSequences(def)); err != nil {
				return "", err
			}
		case parser.ATSetNotNull:
			if err := s.cat.SetNotNull(tx, snap, rel.Oid, cmd.Name); err != nil {
				return "", err
			}
			work.notNull = append(work.notNull, cmd.Name)
		case parser.ATDropNotNull:
			if err := s.cat.DropNotNull(tx, snap, rel.Oid, cmd.Name); err != nil {
				return "", err
			}
		case parser.ATAddConstraint:
			spec, err := s.constraintSpec(cmd.Constraint, nil)
			if err != nil {
				return "", err
			}
			if spec.Type == 'c' {
				spec.NotValid = cmd.Constraint.NotValid
				if err := s.checkColumnsExist(rel.Oid, spec.Check); err != nil {
					return "", err
				}
			}
			if spec.Type == 'p' {
				work.pkNull = append(work.pkNull, s.nullableColumns(rel.Oid, spec.Columns)...)
			}
			con, ix, err := s.cat.AddConstraint(tx, snap, rel.Oid, *spec)
			if err != nil {
				return "", err
			}
			switch {
			case ix != nil:
				work.indexes = append(work.indexes, ix.Oid)
			case spec.Type == 'f' && !spec.NotValid:
				work.foreigns = append(work.foreigns, con)
			case spec.Type == 'c' && !cmd.Constraint.NotValid:
				work.checks = append(work.checks, con)
			}
		case parser.ATDropConstraint:
			if cmd.MissingOk && s.skipMissing(rel.Oid, cmd.Name, "constraint") {
				break
			}
			if err := s.cat.DropConstraint(tx, snap, rel.Oid, cmd.Name, cmd.Behavior == parser.DropCascade); err != nil {
				return "", err
			}
		case parser.ATSetRelOptions, parser.ATResetRelOptions:
			if err := s.setRelOptions(rel.Oid, cmd); err != nil {
				return "", err
			}
		case parser.ATValidateConstraint:
			if err := s.validateConstraint(rel.Oid, cmd.Name, work); err != nil {
				return "", err
			}
		case parser.ATChangeOwner:
			if err := s.changeOwner(rel, cmd.NewOwner); err != nil {
				return "", err
			}
		case parser.ATSetIdentity, parser.ATDropIdentity, parser.ATAddIdentity:
			if err := s.alterIdentity(rel.Oid, cmd); err != nil {
				return "", err
			}
		case parser.ATSetStatistics:
			if err := s.setStatTarget(rel, cmd.Name, cmd.Expr); err != nil {
				return "", err
			}
		default:
			return "", pgerr.New(pgerr.FeatureNotSupported, "this ALTER TABLE command is not supported yet")
		}
		if err := s.nextCommand(); err != nil {
			return "", err
		}
		snap = s.snapshot()
	}
	referencing, err := s.prepareRetype(rel.Oid, work)
	if err != nil {
		return "", err
	}
	if err := s.finishAlter(rel.Oid, work); err != nil {
		return "", err
	}
	if err := s.validateReferencing(referencing); err != nil {
		return "", err
	}
	return "ALTER TABLE", nil
}

func (s *Session) rename(n *parser.RenameStmt) (string, error) {
	snap := s.snapshot()
	if n.Relation == nil && n.ObjType == parser.ObjSchema {
		return s.renameSchema(n)
	}
	if n.Relation == nil {
		return "", pgerr.New(pgerr.FeatureNotSupported, "this RENAME is not supported yet")
	}
	rel, err := s.cat.LookupRelation(snap, s.searchPath(), n.Relation.Schema, n.Relation.Name)
	if err != nil {
		if n.MissingOk && pgerr.Code(err) == pgerr.UndefinedTable {
			s.queueNotice("relation \"" + n.Relation.Name + "\" does not exist, skipping")
			if n.ObjType == parser.ObjColumn || n.ObjType == parser.ObjTabConstraint {
				return "ALTER " + objName(n.RelationType), nil
			}
			return "ALTER " + objName(n.ObjType), nil
		}
		return "", err
	}
	if err := s.checkRelOwner(rel); err != nil {
		return "", err
	}
	s.didDDL = true
	switch n.ObjType {
	case parser.ObjTabConstraint:
		if err := s.cat.RenameConstraint(s.xact, snap, rel.Oid, n.SubName, n.NewName); err != nil {
			return "", err
		}
		return "ALTER TABLE", nil
	case parser.ObjTable, parser.ObjIndex, parser.ObjSequence, parser.ObjView:
		if n.ObjType == parser.ObjSequence && rel.Kind != catalog.KindSequence {
			return "", pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a sequence", rel.Name)
		}
		if n.ObjType == parser.ObjView && rel.Kind != catalog.KindView {
			return "", pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a view", rel.Name)
		}
		if err := s.renameRelation(rel, n.NewName); err != nil {
			return "", err
		}
		return "ALTER " + objName(n.ObjType), nil
	case parser.ObjColumn:
		if err := s.renameIndexExprColumn(rel, n.SubName, n.NewName); err != nil {
			return "", err
		}
		if err := s.renameColumn(rel, n.SubName, n.NewName); err != nil {
			return "", err
		}
		return "ALTER " + objName(n.RelationType), nil
	}
	return "", pgerr.New(pgerr.FeatureNotSupported, "this RENAME is not supported yet")
}

func objName(t parser.ObjectType) string {
	switch t {
	case parser.ObjIndex:
		return "INDEX"
	case parser.ObjSequence:
		return "SEQUENCE"
	case parser.ObjView:
		return "VIEW"
	case parser.ObjSchema:
		return "SCHEMA"
	}
	return "TABLE"
}

func (s *Session) createSchema(n *parser.CreateSchemaStmt) (string, error) {
	snap := s.snapshot()
	name := n.Name
	me, err := s.currentRole()
	if err != nil {
		return "", err
	}
	owner := me
	if n.AuthRole != nil {
		rn, err := s.roleName(n.AuthRole)
		if err != nil {
			return "", err
		}
		if owner, err = s.cat.Role(snap, rn); err != nil {
			return "", err
		}
		if name == "" {
			name = owner.Name
		}
	}
	if err := s.checkDatabase(acl.Create); err != nil {
		return "", err
	}
	if owner.Oid != me.Oid {
		if ok, err := s.cat.HasPrivsOf(snap, me.Oid, owner.Oid); err != nil {
			return "", err
		} else if !ok {
			return "", pgerr.New(pgerr.InsufficientPrivilege, "must be member of role \"%s\"", owner.Name)
		}
	}
	if strings.HasPrefix(name, "pg_") {
		return "", pgerr.New("42939", "unacceptable schema name %q", name).
			WithDetail("The prefix \"pg_\" is reserved for system schemas.")
	}
	if _, err := s.cat.NamespaceOid(snap, name); err == nil {
		if n.IfNotExists {
			s.queueNotice("schema \"" + name + "\" already exists, skipping")
			return "CREATE SCHEMA", nil
		}
		return "", pgerr.New(pgerr.DuplicateSchema, "schema %q already exists", name)
	}
	s.didDDL = true
	if _, err := s.cat.CreateNamespace(s.xact, snap, name, owner.Oid); err != nil {
		return "", err
	}
	return "CREATE SCHEMA", nil
}

// validateForeignKey checks that every existing row of a table satisfies
// a foreign key just added to it.
func (s *Session) validateForeignKey(rel *catalog.Relation, con *catalog.Constraint) error {
	if err := s.nextCommand(); err != nil {
		return err
	}
	ref, err := s.cat.Relation(s.snapshot(), con.RefRel)
	if err != nil {
		return err
	}
	var sel, notNull, join []string
	for i, k := range con.Keys {
		fc := parser.QuoteIdent(rel.Columns[k-1].Name)
		rc := parser.QuoteIdent(ref.Columns[con.RefKeys[i]-1].Name)
		sel = append(sel, "f."+fc+"::text")
		notNull = append(notNull, "f."+fc+" IS NOT NULL")
		join = append(join, "p."+rc+" = f."+fc)
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM " + parser.QuoteIdent(rel.NamespaceName) + "." + parser.QuoteIdent(rel.Name) +
		" f WHERE " + strings.Join(notNull, " AND ") + " AND NOT EXISTS (SELECT 1 FROM " + parser.QuoteIdent(ref.NamespaceName) + "." +
		parser.QuoteIdent(ref.Name) + " p WHERE " + strings.Join(join, " AND ") + ") LIMIT 1"
	row, err := s.firstRow(q)
	if err != nil || row == nil {
		return err
	}
	var names []string
	for _, k := range con.Keys {
		names = append(names, rel.Columns[k-1].Name)
	}
	return pgerr.New(pgerr.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", rel.Name, con.Name).
		WithDetail("Key (%s)=(%s) is not present in table \"%s\".", strings.Join(names, ", "), strings.Join(row, ", "), ref.Name)
}

// firstRow runs a query of the server's own and returns its first row as
// text (nil when it has none).
func (s *Session) firstRow(sql string) ([]string, error) {
	stmts, err := parser.Parse(sql)
	if err != nil {
		return nil, err
	}
	st, err := s.Prepare(sql, stmts[0], nil)
	if err != nil {
		return nil, err
	}
	p, err := s.Bind(st, nil)
	if err != nil {
		return nil, err
	}
	var out []string
	_, _, err = s.Fetch(p, 0, func(row []types.Datum) error {
		if out == nil {
			for _, d := range row {
				out = append(out, d.S)
			}
		}
		return nil
	})
	return out, err
}

// skipMissing reports whether table oid has no column (what "column") or
// constraint (what "constraint") called name, queueing IF EXISTS's notice.
func (s *Session) skipMissing(oid uint32, name, what string) bool {
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return false
	}
	if what == "column" && rel.Column(name) != nil {
		return false
	}
	if what == "constraint" {
		for _, c := range rel.Constraints {
			if c.Name == name {
				return false
			}
		}
	}
	s.queueNotice(what + " \"" + name + "\" of relation \"" + rel.Name + "\" does not exist, skipping")
	return true
}

// validateConstraint is VALIDATE CONSTRAINT: a NOT VALID foreign key or
// check constraint is checked against the rows (by finishAlter, with the
// constraints ADD CONSTRAINT leaves) and marked valid.
func (s *Session) validateConstraint(oid uint32, name string, work *alterWork) error {
	snap := s.snapshot()
	rel, err := s.cat.Relation(snap, oid)
	if err != nil {
		return err
	}
	var con *catalog.Constraint
	for _, c := range rel.Constraints {
		if c.Name == name {
			con = c
		}
	}
	switch {
	case con == nil:
		return pgerr.New(pgerr.UndefinedObject, "constraint %q of relation %q does not exist", name, rel.Name)
	case con.Type != 'f' && con.Type != 'c':
		return pgerr.New(pgerr.WrongObjectType, "constraint %q of relation %q is not a foreign key or check constraint", name, rel.Name)
	case con.Validated:
		return nil
	}
	if con.Type == 'f' {
		work.foreigns = append(work.foreigns, con)
	} else {
		work.checks = append(work.checks, con)
	}
	return s.cat.MarkValidated(s.xact, snap, con.Oid)
}

// setRelOptions is ALTER TABLE ... SET (options) and RESET (options), for
// the storage parameters the catalog keeps (fillfactor,
// autovacuum_enabled).
func (s *Session) setRelOptions(oid uint32, cmd *parser.AlterTableCmd) error {
	snap := s.snapshot()
	rel, err := s.cat.Relation(snap, oid)
	if err != nil {
		return err
	}
	ff, noAV := rel.FillFactor, rel.NoAutovacuum
	for _, o := range cmd.Options {
		name := strings.ToLower(o.Name)
		reset := cmd.Kind == parser.ATResetRelOptions
		switch name {
		case "fillfactor":
			if reset {
				ff = 0
				continue
			}
			v, err := optInt(o)
			if err != nil {
				return pgerr.New(pgerr.InvalidParameterValue, "invalid value for integer option \"fillfactor\": %s", optText(o))
			}
			if v < 10 || v > 100 {
				return pgerr.New(pgerr.InvalidParameterValue, "value %d out of bounds for option \"fillfactor\"", v).
					WithDetail("Valid values are between \"10\" and \"100\".")
			}
			ff = int(v)
		case "autovacuum_enabled":
			noAV = !reset && !optionTrue(o)
		default:
			if reset {
				continue
			}
			return pgerr.New(pgerr.InvalidParameterValue, "unrecognized parameter %q", o.Name)
		}
	}
	return s.cat.SetRelOptions(s.xact, snap, oid, ff, noAV)
}

// nullableColumns returns those of names that table oid's catalog entry
// does not mark NOT NULL now.
func (s *Session) nullableColumns(oid uint32, names []string) []string {
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		if col := rel.Column(n); col != nil && !col.NotNull {
			out = append(out, n)
		}
	}
	return out
}

// checkDefault refuses to set or drop (def "") the default of an
// identity or generated column, and analyses a new default of column
// name of table oid for the errors PostgreSQL reports when it is set (a
// value of the wrong type, a column reference, an aggregate).
func (s *Session) checkDefault(oid uint32, name, def string) error {
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return err
	}
	col := rel.Column(name)
	if col == nil {
		return nil // SetDefault reports the missing column
	}
	if col.Identity != 0 || col.Generated != 0 {
		what, hint := "an identity", "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead."
		if col.Generated != 0 {
			what, hint = "a generated", "Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead."
		}
		e := pgerr.New(pgerr.SyntaxError, "column \"%s\" of relation \"%s\" is %s column", name, rel.Name, what)
		if def == "" {
			e.Hint = hint
		}
		return e
	}
	if def == "" {
		return nil
	}
	_, _, err = plan.ColumnDefault(def, col.Type, col.Name, sessionCatalog{s}, s.env)
	return err
}

// checkColumnsExist analyses a CHECK expression over table oid for its
// 42703 error, which names the nearest column in a hint, and refuses one
// that is not boolean (42804).
func (s *Session) checkColumnsExist(oid uint32, check string) error {
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return err
	}
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	x, err := plan.ParseExpr(check, t, sessionCatalog{s}, s.env)
	var pe *pgerr.Error
	if errors.As(err, &pe) && pe.Code == pgerr.UndefinedColumn {
		cp := *pe
		cp.Position = 0
		return &cp
	}
	if err == nil {
		if ty := x.Type(); ty.Oid != types.BoolOid && ty.Oid != types.UnknownOid {
			return pgerr.New(pgerr.DatatypeMismatch, "argument of CHECK must be type boolean, not type %s", types.FormatType(types.Of(ty.Oid)))
		}
	}
	return nil
}
