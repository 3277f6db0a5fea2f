package catalog

import (
	"fmt"
	"slices"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// RenameRelation renames relation oid (42P07 if the name is taken in its
// schema).
func (c *Catalog) RenameRelation(tx heap.Txn, snap heap.Snapshot, oid uint32, newName string) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkAlterable(r); err != nil {
		return err
	}
	d := c.cmd(tx, snap)
	if err := d.takeRelName(r.Namespace, newName); err != nil {
		return err
	}
	d.updateClass(oid, func(row *row) { row.set("relname", dName(newName)) })
	if r.Kind == KindIndex {
		// The constraint an index belongs to takes its new name too.
		err := c.scan(snap, PgConstraint, func(row *crow) (bool, error) {
			if row.oid("conindid") == oid && row.oid("conrelid") != 0 && (row.char("contype") == 'p' || row.char("contype") == 'u') {
				nr := row.copyRow()
				nr.set("conname", dName(newName))
				return false, c.update(tx, row.tid, nr)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
	}
	return d.flush()
}

// RenameNamespace renames schema oid (42P06 when a schema has the name
// already). The column defaults of its tables that name an owned sequence
// by schema, kept as SQL text where PostgreSQL holds its OID, name it in
// the new schema.
func (c *Catalog) RenameNamespace(tx heap.Txn, snap heap.Snapshot, oid uint32, newName string) error {
	oldName, err := c.NamespaceName(snap, oid)
	if err != nil {
		return err
	}
	if other, err := c.namespaceOid(snap, newName); err != nil {
		return err
	} else if other != 0 {
		return pgerr.New(pgerr.DuplicateSchema, "schema \"%s\" already exists", newName)
	}
	tables, err := c.NamespaceRelations(snap, oid, KindTable)
	if err != nil {
		return err
	}
	if err := c.updateByOid(tx, snap, PgNamespace, oid, func(r *row) { r.set("nspname", dName(newName)) }); err != nil {
		return err
	}
	for _, t := range tables {
		seqs, err := c.OwnedSequences(snap, t)
		if err != nil {
			return err
		}
		var names []string
		for _, s := range seqs {
			if sr, err := c.Relation(snap, s); err == nil && sr.Namespace == oid {
				names = append(names, sr.Name)
			}
		}
		if len(names) > 0 {
			if err := c.requalifyDefaults(tx, snap, t, oldName, newName, names); err != nil {
				return err
			}
		}
	}
	return nil
}

// NamespaceRelations returns the relations of schema ns, of the given
// kinds (every kind when none is given).
func (c *Catalog) NamespaceRelations(snap heap.Snapshot, ns uint32, kinds ...byte) ([]uint32, error) {
	var out []uint32
	err := c.scan(snap, PgClass, func(r *crow) (bool, error) {
		if r.oid("relnamespace") != ns {
			return true, nil
		}
		if len(kinds) > 0 && !slices.Contains(kinds, r.char("relkind")) {
			return true, nil
		}
		out = append(out, r.oid("oid"))
		return true, nil
	})
	return out, err
}

// AddColumn adds a column after the last one of table oid, with a toast
// relation if the table needs one now. Rows already stored read
// spec.Missing for it (NULL when nil); a caller whose default is
// volatile rewrites the table instead (SetRelfilenode, ClearMissing).
func (c *Catalog) AddColumn(tx heap.Txn, snap heap.Snapshot, oid uint32, spec ColumnSpec) (*Column, error) {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return nil, err
	}
	if err := checkTableAction(r, "ADD COLUMN"); err != nil {
		return nil, err
	}
	if err := checkColumnFree(r, spec.Name); err != nil {
		return nil, err
	}
	if len(r.Columns) >= 1600 {
		return nil, pgerr.New(pgerr.TooManyColumns, "tables can have at most 1600 columns")
	}
	num := int16(len(r.Columns) + 1)
	a, err := columnAtt(oid, num, spec.Name, spec.Type, spec.Storage)
	if err != nil {
		return nil, err
	}
	col := &Column{Num: num, Name: spec.Name, Type: spec.Type, NotNull: spec.NotNull || spec.Identity != 0,
		Default: spec.Default, Identity: spec.Identity, Generated: spec.Generated, attr: a.attr}
	if spec.Missing != nil {
		if col.missing, err = checkedMissing(r, a.attr, spec.Missing); err != nil {
			return nil, err
		}
	}
	d := c.cmd(tx, snap)
	if err := d.insertColumn(r, col, spec.DependsOn); err != nil {
		return nil, err
	}
	toast := uint32(0)
	if r.Kind == KindTable && r.Toast == 0 && toastable(col.attr) {
		if toast, err = c.newRelfilenode(DefaultTablespace, c.db); err != nil {
			return nil, err
		}
		nr := *r
		nr.Toast, nr.ToastNode = toast, toast
		if err := d.createToast(&nr); err != nil {
			return nil, err
		}
	}
	d.updateClass(oid, func(row *row) {
		row.set("relnatts", dInt2(num))
		if toast != 0 {
			row.set("reltoastrelid", dOid(toast))
		}
	})
	return col, d.flush()
}

// checkedMissing returns a copy of v after checking that it fits attr.
func checkedMissing(r *Relation, attr tuple.Attr, v []byte) ([]byte, error) {
	d, err := tuple.NewDesc(attr)
	if err != nil {
		return nil, err
	}
	if _, err := d.WithMissing([][]byte{v}); err != nil {
		return nil, fmt.Errorf("missing value of a new column of %s: %w", r.Name, err)
	}
	return append([]byte(nil), v...), nil
}

// ClearMissing forgets the missing values of table oid's columns
// (atthasmissing false, attmissingval NULL), once a rewrite has stored
// every row whole.
func (c *Catalog) ClearMissing(tx heap.Txn, snap heap.Snapshot, oid uint32) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	d := c.cmd(tx, snap)
	for _, col := range r.Columns {
		if col.missing != nil {
			d.updateAtt(oid, col.Num, func(row *row) { row.set("atthasmissing", dBool(false)).set("attmissingval", nil) })
		}
	}
	return d.flush()
}

// liveColumn returns r's column name, 42703 column "x" of relation "t"
// does not exist when there is none, 0A000 for a system column.
func liveColumn(r *Relation, name, what string) (*Column, error) {
	if col := r.Column(name); col != nil {
		return col, nil
	}
	for _, s := range systemColumns {
		if s.name == name {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "cannot %s system column \"%s\"", what, name)
		}
	}
	return nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, r.Name)
}

// DropColumn marks a column dropped (attisdropped, renamed
// ........pg.dropped.N........, type 0), as PostgreSQL does, with the
// indexes, constraints, default and owned sequences that use it; other
// dependents make it fail with 2BP01 unless cascade.
func (c *Catalog) DropColumn(tx heap.Txn, snap heap.Snapshot, oid uint32, name string, cascade bool) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkTableAction(r, "DROP COLUMN"); err != nil {
		return err
	}
	col, err := liveColumn(r, name, "drop")
	if err != nil {
		return err
	}
	d, err := c.newDropper(tx, snap, cascade)
	if err != nil {
		return err
	}
	c.didDDL = true
	return d.run(colAddr(oid, col.Num))
}

// RenameColumn renames a column.
func (c *Catalog) RenameColumn(tx heap.Txn, snap heap.Snapshot, oid uint32, oldName, newName string) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkAlterable(r); err != nil {
		return err
	}
	col := r.Column(oldName)
	if col == nil {
		return pgerr.New(pgerr.UndefinedColumn, "column \"%s\" does not exist", oldName)
	}
	if err := checkColumnFree(r, newName); err != nil {
		return err
	}
	d := c.cmd(tx, snap)
	d.updateAtt(oid, col.Num, func(row *row) { row.set("attname", dName(newName)) })
	return d.flush()
}

// SetNotNull sets attnotnull of a column. The caller checks the existing
// rows first (23502 column "x" of relation "t" contains null values).
func (c *Catalog) SetNotNull(tx heap.Txn, snap heap.Snapshot, oid uint32, name string) error {
	return c.setNotNull(tx, snap, oid, name, true)
}

// DropNotNull clears attnotnull of a column (42P16 for a primary key
// column).
func (c *Catalog) DropNotNull(tx heap.Txn, snap heap.Snapshot, oid uint32, name string) error {
	return c.setNotNull(tx, snap, oid, name, false)
}

func (c *Catalog) setNotNull(tx heap.Txn, snap heap.Snapshot, oid uint32, name string, on bool) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkTableAction(r, notNullAction(on)); err != nil {
		return err
	}
	col, err := liveColumn(r, name, "alter")
	if err != nil {
		return err
	}
	if !on {
		if pk := r.PrimaryKey(); pk != nil {
			for _, k := range pk.Keys {
				if k == col.Num {
					return pgerr.New(pgerr.InvalidTableDefinition, "column \"%s\" is in a primary key", name)
				}
			}
		}
		if col.Identity != 0 {
			return pgerr.New(pgerr.InvalidTableDefinition, "column \"%s\" of relation \"%s\" is an identity column", name, r.Name)
		}
	}
	if col.NotNull == on {
		return nil
	}
	d := c.cmd(tx, snap)
	d.updateAtt(oid, col.Num, func(row *row) { row.set("attnotnull", dBool(on)) })
	return d.flush()
}

// SetDefault sets a column's default to expr (SQL text; dependsOn lists
// the relations it uses, as ColumnSpec.DependsOn), or drops it when expr
// is "".
func (c *Catalog) SetDefault(tx heap.Txn, snap heap.Snapshot, oid uint32, name, expr string, dependsOn []uint32) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkAlterable(r); err != nil {
		return err
	}
	col, err := liveColumn(r, name, "alter")
	if err != nil {
		return err
	}
	d := c.cmd(tx, snap)
	// The old default's row and its dependencies go.
	var old uint32
	err = c.scan(snap, PgAttrdef, func(row *crow) (bool, error) {
		if row.oid("adrelid") == oid && row.int2("adnum") == col.Num {
			old = row.oid("oid")
			return false, c.delete(tx, PgAttrdef, row.tid)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if old != 0 {
		err = c.scan(snap, PgDepend, func(row *crow) (bool, error) {
			if row.oid("classid") == PgAttrdef && row.oid("objid") == old {
				return true, c.delete(tx, PgDepend, row.tid)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
	}
	if expr != "" {
		if err := d.insertDefault(oid, col.Num, expr, dependsOn); err != nil {
			return err
		}
	}
	if (old != 0) != (expr != "") {
		d.updateAtt(oid, col.Num, func(row *row) { row.set("atthasdef", dBool(expr != "")) })
	}
	return d.flush()
}

// SetRelfilenode gives table oid, its indexes and its toast relation new
// relfilenodes (TRUNCATE) and returns them (Oid says whose). The old files
// are unlinked when the transaction commits, the new ones if it aborts;
// the caller creates the new indexes' empty B-trees.
func (c *Catalog) SetRelfilenode(tx heap.Txn, snap heap.Snapshot, oid uint32) ([]RelFile, error) {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return nil, err
	}
	if err := checkAlterable(r); err != nil {
		return nil, err
	}
	if r.Kind != KindTable {
		return nil, pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a table", r.Name)
	}
	d := c.cmd(tx, snap)
	type move struct{ oid, old uint32 }
	moves := []move{{r.Oid, r.Relfilenode}}
	for _, ix := range r.Indexes {
		moves = append(moves, move{ix.Oid, ix.Relfilenode})
	}
	if r.Toast != 0 {
		moves = append(moves, move{r.Toast, r.ToastNode})
	}
	var out []RelFile
	for _, m := range moves {
		n, err := c.newRelfilenode(DefaultTablespace, c.db)
		if err != nil {
			return nil, err
		}
		d.updateClass(m.oid, func(row *row) { row.set("relfilenode", dOid(n)) })
		nf := RelFile{Oid: m.oid, Spc: DefaultTablespace, DB: c.db, Relfilenode: n}
		c.dropped = append(c.dropped, RelFile{Oid: m.oid, Spc: DefaultTablespace, DB: c.db, Relfilenode: m.old})
		c.created = append(c.created, nf)
		out = append(out, nf)
	}
	return out, d.flush()
}

// SetColumnType changes a column's type (ALTER COLUMN TYPE) in
// pg_attribute, and in the pg_attribute rows of the indexes on it. The
// caller rewrites the table and its indexes into new files
// (SetRelfilenode, in an earlier command) with the converted values, and
// changes the default when it must (SetDefault).
func (c *Catalog) SetColumnType(tx heap.Txn, snap heap.Snapshot, oid uint32, name string, t types.T) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkTableAction(r, "ALTER COLUMN ... SET DATA TYPE"); err != nil {
		return err
	}
	col, err := liveColumn(r, name, "alter type of")
	if err != nil {
		return err
	}
	a, err := columnAtt(oid, col.Num, col.Name, t, 0)
	if err != nil {
		return err
	}
	set := attTypeSetter(t, a)
	d := c.cmd(tx, snap)
	d.updateAtt(oid, col.Num, set)
	for _, ix := range r.Indexes {
		for i, k := range ix.Keys {
			if k == col.Num {
				d.updateAtt(ix.Oid, int16(i+1), set)
			}
		}
	}
	if r.Toast == 0 && toastable(a.attr) {
		toast, err := c.newRelfilenode(DefaultTablespace, c.db)
		if err != nil {
			return err
		}
		nr := *r
		nr.Toast, nr.ToastNode = toast, toast
		if err := d.createToast(&nr); err != nil {
			return err
		}
		d.updateClass(oid, func(row *row) { row.set("reltoastrelid", dOid(toast)) })
	}
	return d.flush()
}

func notNullAction(on bool) string {
	if on {
		return "ALTER COLUMN ... SET NOT NULL"
	}
	return "ALTER COLUMN ... DROP NOT NULL"
}

// SetRelStats records a relation's size as VACUUM or ANALYZE measured it
// (relpages, reltuples), for the planner's estimates. Unlike PostgreSQL,
// which overwrites these in place, it is an ordinary update by tx.
func (c *Catalog) SetRelStats(tx heap.Txn, snap heap.Snapshot, oid uint32, pages int32, tuples float32) error {
	d := c.cmd(tx, snap)
	d.updateClass(oid, func(row *row) { row.set("relpages", dInt4(pages)).set("reltuples", dFloat4(tuples)) })
	return d.flush()
}

// SetRelOptions rewrites the reloptions of relation oid from the two it
// knows: fillfactor (0: unset) and autovacuum_enabled=false.
func (c *Catalog) SetRelOptions(tx heap.Txn, snap heap.Snapshot, oid uint32, fillFactor int, noAutovacuum bool) error {
	var opts []string
	if fillFactor != 0 {
		opts = append(opts, fmt.Sprintf("fillfactor=%d", fillFactor))
	}
	if noAutovacuum {
		opts = append(opts, "autovacuum_enabled=false")
	}
	d := c.cmd(tx, snap)
	d.updateClass(oid, func(row *row) {
		if opts == nil {
			row.set("reloptions", nil)
		} else {
			row.set("reloptions", dTextArray(opts))
		}
	})
	return d.flush()
}
