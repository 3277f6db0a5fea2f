package catalog

import (
	"slices"

	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// AddConstraint adds a constraint to table oid. For PRIMARY KEY and
// UNIQUE it also creates the index, returned for the caller to build; for
// CHECK and FOREIGN KEY the caller validates the existing rows.
func (c *Catalog) AddConstraint(tx heap.Txn, snap heap.Snapshot, oid uint32, spec ConstraintSpec) (*Constraint, *Index, error) {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return nil, nil, err
	}
	if err := checkTableAction(r, "ADD CONSTRAINT"); err != nil {
		return nil, nil, err
	}
	d := c.cmd(tx, snap)
	con, ix, err := d.addConstraint(r, spec, false)
	if err != nil {
		return nil, nil, err
	}
	return con, ix, d.flush()
}

// addConstraint writes one constraint of table r (being created by this
// command when isNew).
func (d *ddlCmd) addConstraint(r *Relation, spec ConstraintSpec, isNew bool) (*Constraint, *Index, error) {
	if spec.Name != "" {
		// An index-backed constraint names its index too, and that name
		// is checked first (42P07 relation already exists).
		if (spec.Type == 'p' || spec.Type == 'u') && spec.IndexName == "" {
			if taken, err := d.relTaken(r.Namespace, spec.Name); err != nil {
				return nil, nil, err
			} else if taken {
				return nil, nil, pgerr.New(pgerr.DuplicateTable, "relation \"%s\" already exists", spec.Name)
			}
		}
		if rel, err := d.constraintRel(r.Namespace, spec.Name); err != nil {
			return nil, nil, err
		} else if rel == r.Oid {
			return nil, nil, pgerr.New(pgerr.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", spec.Name, r.Name)
		}
	}
	switch spec.Type {
	case 'p', 'u':
		keys := make([]IndexKey, len(spec.Columns))
		for i, col := range spec.Columns {
			keys[i] = IndexKey{Column: col}
		}
		name := spec.IndexName
		if name == "" {
			name = spec.Name
		}
		ix, con, err := d.createIndex(r, IndexSpec{Name: name, Rel: r.Oid, Keys: keys, Constraint: spec.Type,
			ConstraintName: spec.Name, Deferrable: spec.Deferrable, Deferred: spec.Deferred}, isNew)
		return con, ix, err
	case 'c':
		con := &Constraint{Name: spec.Name, Type: 'c', Check: spec.Check, Validated: !spec.NotValid}
		for _, name := range spec.Columns {
			col := r.Column(name)
			if col == nil && isSystemColumn(name) && name != "tableoid" {
				// (tableoid, which PostgreSQL allows, is not supported yet:
				// it would be stored as the oid's value.)
				return nil, nil, pgerr.New(pgerr.InvalidColumnReference, "system column \"%s\" reference in check constraint is invalid", name)
			}
			if col == nil {
				return nil, nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" does not exist", name)
			}
			con.Keys = append(con.Keys, col.Num)
		}
		if con.Name == "" {
			first := ""
			if len(spec.Columns) > 0 {
				first = spec.Columns[0]
			}
			n, err := chooseName(r.Name, first, "check", func(s string) (bool, error) {
				rel, err := d.constraintRel(r.Namespace, s)
				return rel != 0, err
			})
			if err != nil {
				return nil, nil, err
			}
			con.Name = n
		}
		if err := d.writeConstraint(r, con, nil); err != nil {
			return nil, nil, err
		}
		if !isNew {
			d.updateClass(r.Oid, func(row *row) { row.set("relchecks", dInt2(int16(r.checkCount()+1))) })
		}
		r.Constraints = append(r.Constraints, con)
		return con, nil, nil
	case 'f':
		con, err := d.addForeignKey(r, spec)
		return con, nil, err
	}
	return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "constraint type %q is not supported", spec.Type)
}

// noteForeignKeyTable records that table oid takes part in a foreign key
// of this command (relhastriggers).
func (d *ddlCmd) noteForeignKeyTable(oid uint32) {
	if d.fkTables == nil {
		d.fkTables = map[uint32]bool{}
	}
	d.fkTables[oid] = true
}

func (r *Relation) checkCount() int {
	n := 0
	for _, c := range r.Constraints {
		if c.Type == 'c' {
			n++
		}
	}
	return n
}

// addForeignKey writes a FOREIGN KEY constraint of r: it depends on its
// own columns automatically, on the referenced columns and the
// referenced unique index normally.
func (d *ddlCmd) addForeignKey(r *Relation, spec ConstraintSpec) (*Constraint, error) {
	ref := r
	if spec.RefRel != 0 && spec.RefRel != r.Oid {
		var err error
		if ref, err = d.c.Relation(d.snap, spec.RefRel); err != nil {
			return nil, err
		}
		if ref.Kind != KindTable {
			return nil, pgerr.New(pgerr.WrongObjectType, "referenced relation \"%s\" is not a table", ref.Name)
		}
	}
	con := &Constraint{Type: 'f', RefRel: ref.Oid, UpdAction: orDefault(spec.UpdAction, 'a'),
		DelAction: orDefault(spec.DelAction, 'a'), MatchType: orDefault(spec.MatchType, 's'),
		Deferrable: spec.Deferrable, Deferred: spec.Deferred, Validated: !spec.NotValid, Name: spec.Name}
	for _, name := range spec.Columns {
		col := r.Column(name)
		if col == nil {
			return nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" referenced in foreign key constraint does not exist", name)
		}
		con.Keys = append(con.Keys, col.Num)
	}
	// The referenced key: the named columns, or the primary key.
	var refIndex *Constraint
	if len(spec.RefColumns) == 0 {
		refIndex = ref.PrimaryKey()
		if refIndex == nil {
			return nil, pgerr.New(pgerr.UndefinedObject, "there is no primary key for referenced table \"%s\"", ref.Name)
		}
		con.RefKeys = refIndex.Keys
	} else {
		for _, name := range spec.RefColumns {
			col := ref.Column(name)
			if col == nil {
				return nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" referenced in foreign key constraint does not exist", name)
			}
			if slices.Contains(con.RefKeys, col.Num) {
				return nil, pgerr.New("42830", "foreign key referenced-columns list must not contain duplicates")
			}
			con.RefKeys = append(con.RefKeys, col.Num)
		}
		for _, k := range ref.Constraints {
			if (k.Type == 'p' || k.Type == 'u') && sameSet(k.Keys, con.RefKeys) {
				refIndex = k
				break
			}
		}
		if refIndex == nil {
			// A unique index that is not a constraint serves too, when
			// it is on plain columns and not partial.
			for _, ix := range ref.Indexes {
				if ix.Unique && ix.Predicate == "" && len(ix.Exprs) == 0 && sameSet(ix.Keys, con.RefKeys) {
					refIndex = &Constraint{Index: ix.Oid}
					break
				}
			}
		}
		if refIndex == nil {
			return nil, pgerr.New("42830", "there is no unique constraint matching given keys for referenced table \"%s\"", ref.Name)
		}
	}
	if len(con.Keys) != len(con.RefKeys) {
		return nil, pgerr.New("42830", "number of referencing and referenced columns for foreign key disagree")
	}
	con.Index = refIndex.Index
	if con.Name == "" {
		names := make([]string, len(con.Keys))
		for i, k := range con.Keys {
			names[i] = r.columnByNum(k).Name
		}
		n, err := chooseName(r.Name, joinColumnNames(names), "fkey", func(s string) (bool, error) {
			rel, err := d.constraintRel(r.Namespace, s)
			return rel != 0, err
		})
		if err != nil {
			return nil, err
		}
		con.Name = n
	}
	if err := checkKeyTypes(r, ref, con); err != nil {
		return nil, err
	}
	if err := d.writeConstraint(r, con, nil); err != nil {
		return nil, err
	}
	// Both tables of a foreign key say they have triggers, as
	// PostgreSQL's RI triggers make them (never cleared, as there).
	for _, oid := range []uint32{r.Oid, ref.Oid} {
		if !d.fkTables[oid] {
			d.noteForeignKeyTable(oid)
			d.updateClass(oid, func(row *row) { row.set("relhastriggers", dBool(true)) })
		}
	}
	for _, k := range con.RefKeys {
		if err := d.dep(conAddr(con.Oid), colAddr(ref.Oid, k), depNormal); err != nil {
			return nil, err
		}
	}
	if err := d.dep(conAddr(con.Oid), relAddr(con.Index), depNormal); err != nil {
		return nil, err
	}
	r.Constraints = append(r.Constraints, con)
	if ref == r {
		r.ReferencedBy = append(r.ReferencedBy, con)
	}
	return con, nil
}

func orDefault(b, def byte) byte {
	if b == 0 {
		return def
	}
	return b
}

func sameSet(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// writeConstraint allocates con's oid and writes its pg_constraint row
// and its automatic dependency on its columns.
func (d *ddlCmd) writeConstraint(r *Relation, con *Constraint, _ []uint32) error {
	oid, err := d.c.NewOid()
	if err != nil {
		return err
	}
	con.Oid, con.Rel = oid, r.Oid
	d.newCons[relKey{r.Namespace, con.Name}] = r.Oid
	blank := byte(' ')
	row := newRow(catalogByOid[PgConstraint]).set("oid", dOid(oid)).set("conname", dName(con.Name)).
		set("connamespace", dOid(r.Namespace)).set("contype", dChar(con.Type)).
		set("condeferrable", dBool(con.Deferrable)).set("condeferred", dBool(con.Deferred)).
		set("convalidated", dBool(con.Validated)).set("conrelid", dOid(r.Oid)).set("contypid", dOid(0)).
		set("conindid", dOid(con.Index)).set("conparentid", dOid(0)).set("confrelid", dOid(con.RefRel)).
		set("confupdtype", dChar(orDefault(con.UpdAction, blank))).
		set("confdeltype", dChar(orDefault(con.DelAction, blank))).
		set("confmatchtype", dChar(orDefault(con.MatchType, blank))).
		set("conislocal", dBool(true)).set("coninhcount", dInt4(0)).set("connoinherit", dBool(false))
	if len(con.Keys) > 0 {
		row.set("conkey", dInt2Array(con.Keys))
	}
	if con.Type == 'f' {
		row.set("confkey", dInt2Array(con.RefKeys))
	}
	if con.Type == 'c' {
		row.set("conbin", dText(con.Check))
	}
	if err := d.insert(row); err != nil {
		return err
	}
	return d.depOnColumns(conAddr(oid), r.Oid, con.Keys, depAuto)
}

// DropConstraint drops constraint name of table oid (and the index of a
// PRIMARY KEY or UNIQUE one); what depends on it (a foreign key on its
// index) makes it fail with 2BP01 unless cascade.
func (c *Catalog) DropConstraint(tx heap.Txn, snap heap.Snapshot, oid uint32, name string, cascade bool) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkTableAction(r, "DROP CONSTRAINT"); err != nil {
		return err
	}
	var con *Constraint
	for _, k := range r.Constraints {
		if k.Name == name {
			con = k
		}
	}
	if con == nil {
		return pgerr.New(pgerr.UndefinedObject, "constraint \"%s\" of relation \"%s\" does not exist", name, r.Name)
	}
	dr, err := c.newDropper(tx, snap, cascade)
	if err != nil {
		return err
	}
	c.didDDL = true
	return dr.run(conAddr(con.Oid))
}

// RenameConstraint renames constraint oldName of table oid; a PRIMARY KEY
// or UNIQUE constraint's index takes the new name too, as PostgreSQL's
// does.
func (c *Catalog) RenameConstraint(tx heap.Txn, snap heap.Snapshot, oid uint32, oldName, newName string) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	var con *Constraint
	for _, k := range r.Constraints {
		if k.Name == oldName {
			con = k
		}
		if k.Name == newName {
			return pgerr.New(pgerr.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", newName, r.Name)
		}
	}
	if con == nil {
		return pgerr.New(pgerr.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", oldName, r.Name)
	}
	if (con.Type == 'p' || con.Type == 'u') && con.Index != 0 {
		return c.RenameRelation(tx, snap, con.Index, newName)
	}
	c.didDDL = true
	return c.scan(snap, PgConstraint, func(row *crow) (bool, error) {
		if row.oid("oid") != con.Oid {
			return true, nil
		}
		nr := row.copyRow()
		nr.set("conname", dName(newName))
		return false, c.update(tx, row.tid, nr)
	})
}

// MarkValidated sets convalidated of constraint con (ALTER TABLE ...
// VALIDATE CONSTRAINT, once the caller has checked the rows).
func (c *Catalog) MarkValidated(tx heap.Txn, snap heap.Snapshot, con uint32) error {
	c.didDDL = true
	return c.scan(snap, PgConstraint, func(row *crow) (bool, error) {
		if row.oid("oid") != con {
			return true, nil
		}
		nr := row.copyRow()
		nr.set("convalidated", dBool(true))
		return false, c.update(tx, row.tid, nr)
	})
}

// checkKeyTypes refuses a foreign key whose referencing column type does
// not convert implicitly to its referenced column's (42804), as no
// equality operator would compare them.
func checkKeyTypes(r, ref *Relation, con *Constraint) error {
	for i, k := range con.Keys {
		fc, pc := r.columnByNum(k), ref.columnByNum(con.RefKeys[i])
		if fc == nil || pc == nil || fc.Type.Oid == pc.Type.Oid || types.CanCoerce(fc.Type.Oid, pc.Type.Oid, types.CastImplicit) {
			continue
		}
		return pgerr.New(pgerr.DatatypeMismatch, "foreign key constraint \"%s\" cannot be implemented", con.Name).
			WithDetail("Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.", fc.Name, pc.Name,
				types.FormatType(types.Of(fc.Type.Oid)), types.FormatType(types.Of(pc.Type.Oid)))
	}
	return nil
}
